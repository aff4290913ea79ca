package xray

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"strings"
	"sync"
	"testing"
)

// checkSQLiteSub checks the fields every subsegment of openSQLite's
// database carries. Detection tries the Postgres, MySQL, MS SQL and Oracle
// queries for a driver named "sqlite"; SQLite answers none of them, so
// type, version, user and database name are all "Unknown".
func checkSQLiteSub(t *testing.T, sub map[string]interface{}, dsn string) {
	t.Helper()
	if got := sqlStr(t, sub, "name"); got != sqlUnknown {
		t.Errorf("name %q, want %s", got, sqlUnknown)
	}
	if got := sqlStr(t, sub, "namespace"); got != "remote" {
		t.Errorf("namespace %q, want remote", got)
	}
	b := sqlBlock(t, sub)
	if b["connection_string"] != dsn || b["driver_version"] != "modernc.org/sqlite" {
		t.Errorf("sql block %v", b)
	}
	for _, k := range []string{"database_type", "database_version", "user"} {
		if b[k] != sqlUnknown {
			t.Errorf("sql.%s = %q, want %s", k, b[k], sqlUnknown)
		}
	}
	if _, ok := b["url"]; ok {
		t.Errorf("unexpected sql.url in %v", b)
	}
	if _, ok := sub["end_time"]; !ok {
		t.Errorf("subsegment not closed: %v", sub)
	}
}

func TestSQLSQLiteExecAndQuery(t *testing.T) {
	db, dsn := openSQLite(t)
	const (
		create = "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)"
		insert = "INSERT INTO items (name) VALUES (?), ('literal')"
		query  = "SELECT name FROM items WHERE id > ? ORDER BY id"
	)
	var names []string
	subs := sqlTrace(t, func(ctx context.Context) {
		if _, err := db.ExecContext(ctx, create); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, insert, "bound"); err != nil {
			t.Fatal(err)
		}
		rows, err := db.QueryContext(ctx, query, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				t.Fatal(err)
			}
			names = append(names, n)
		}
	})
	if strings.Join(names, ",") != "bound,literal" {
		t.Errorf("rows %v", names)
	}
	if len(subs) != 4 {
		t.Fatalf("%d subsegments, want CONNECT, create, insert, query: %v", len(subs), subs)
	}
	for i, q := range []string{"CONNECT", create, insert, query} {
		if got := sqlBlock(t, subs[i])["sanitized_query"]; got != q {
			t.Errorf("subsegment %d sanitized_query %q, want %q", i, got, q)
		}
		checkSQLiteSub(t, subs[i], dsn)
		if _, ok := subs[i]["fault"]; ok {
			t.Errorf("fault on %v", subs[i])
		}
		if _, ok := sqlBlock(t, subs[i])["preparation"]; ok {
			t.Errorf("preparation on an unprepared call: %v", subs[i])
		}
	}
}

func TestSQLSQLiteErrorFaults(t *testing.T) {
	db, dsn := openSQLite(t)
	const query = "SELECT * FROM missing_table"
	var qerr error
	subs := sqlTrace(t, func(ctx context.Context) {
		_, qerr = db.QueryContext(ctx, query)
	})
	if qerr == nil {
		t.Fatal("query on a missing table succeeded")
	}
	sub := sqlOne(t, subs, query)
	checkSQLiteSub(t, sub, dsn)
	if sub["fault"] != true {
		t.Errorf("fault not set: %v", sub)
	}
	if msgs := sqlExceptionMessages(t, sub); len(msgs) != 1 || msgs[0] != qerr.Error() {
		t.Errorf("exceptions %q, want [%q]", msgs, qerr.Error())
	}
}

func TestSQLSQLiteTransaction(t *testing.T) {
	db, dsn := openSQLite(t)
	if _, err := db.ExecContext(sqlQuiet(t), "CREATE TABLE t (v INTEGER)"); err != nil {
		t.Fatal(err)
	}
	const insert = "INSERT INTO t VALUES (?)"
	subs := sqlTrace(t, func(ctx context.Context) {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, insert, 1); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		tx, err = db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, insert, 2); err != nil {
			t.Fatal(err)
		}
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
	})
	var n int
	if err := db.QueryRowContext(sqlQuiet(t), "SELECT count(*) FROM t").Scan(&n); err != nil || n != 1 {
		t.Fatalf("rows after commit and rollback: %d, %v", n, err)
	}
	// Begin, commit and rollback are not traced; the connection was opened
	// by the untraced CREATE TABLE.
	if len(subs) != 2 {
		t.Fatalf("%d subsegments, want the two inserts: %v", len(subs), subs)
	}
	for _, s := range sqlByQuery(t, subs, insert) {
		checkSQLiteSub(t, s, dsn)
	}
}

func TestSQLSQLitePreparedStatement(t *testing.T) {
	db, dsn := openSQLite(t)
	const query = "SELECT ? + 1"
	subs := sqlTrace(t, func(ctx context.Context) {
		stmt, err := db.PrepareContext(ctx, query)
		if err != nil {
			t.Fatal(err)
		}
		defer stmt.Close()
		for i := range 2 {
			var got int
			if err := stmt.QueryRowContext(ctx, i).Scan(&got); err != nil || got != i+1 {
				t.Fatalf("got %d, %v", got, err)
			}
		}
		if _, err := stmt.ExecContext(ctx, 5); err != nil {
			t.Fatal(err)
		}
	})
	got := sqlByQuery(t, subs, query)
	if len(got) != 3 {
		t.Fatalf("%d executions recorded, want 3 (prepare is not traced): %v", len(got), subs)
	}
	for _, s := range got {
		checkSQLiteSub(t, s, dsn)
		if p := sqlBlock(t, s)["preparation"]; p != "statement" {
			t.Errorf("preparation %q, want statement", p)
		}
	}
}

func TestSQLSQLitePing(t *testing.T) {
	db, dsn := openSQLite(t)
	subs := sqlTrace(t, func(ctx context.Context) {
		if err := db.PingContext(ctx); err != nil {
			t.Fatal(err)
		}
	})
	// A new connection is verified by database/sql without a ping; the
	// ping itself is traced.
	checkSQLiteSub(t, sqlOne(t, subs, "CONNECT"), dsn)
	checkSQLiteSub(t, sqlOne(t, subs, "PING"), dsn)
}

func TestSQLSQLiteConcurrentQueries(t *testing.T) {
	db, dsn := openSQLite(t)
	db.SetMaxOpenConns(4)
	const (
		workers = 8
		each    = 25
		query   = "SELECT ?"
	)
	subs := sqlTrace(t, func(ctx context.Context) {
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := range workers {
			wg.Go(func() {
				for i := range each {
					var got int
					if err := db.QueryRowContext(ctx, query, w*each+i).Scan(&got); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	})
	got := sqlByQuery(t, subs, query)
	if len(got) != workers*each {
		t.Fatalf("%d query subsegments, want %d", len(got), workers*each)
	}
	for _, s := range got {
		checkSQLiteSub(t, s, dsn)
	}
	if n := len(sqlByQuery(t, subs, "CONNECT")); n < 1 || n > 4 {
		t.Errorf("%d CONNECT subsegments, want 1..4", n)
	}
}

func TestSQLSQLiteMissingSegment(t *testing.T) {
	db, _ := openSQLite(t)
	tracedCtx, _ := newTestRecorder(t)
	tracedCtx, root := BeginSegment(tracedCtx, "warm-up")
	conn, err := db.Conn(tracedCtx) // the CONNECT has a segment
	root.Close(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()

	logs := sqlCaptureLogs(t)
	var one int
	if err := conn.QueryRowContext(context.Background(), "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("untraced query: %d, %v", one, err)
	}
	errs := logs.Errors()
	want := []string{
		"ERROR Suppressing AWS X-Ray context missing panic: failed to begin subsegment named 'Unknown': segment cannot be found.",
		"ERROR Suppressing AWS X-Ray context missing panic: failed to get segment from context since segment is nil",
		"ERROR Suppressing AWS X-Ray context missing panic: failed to end subsegment: subsegment 'Unknown' cannot be found.",
	}
	if strings.Join(errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("error lines:\n%s\nwant:\n%s", strings.Join(errs, "\n"), strings.Join(want, "\n"))
	}
}

func TestSQLSQLiteUnsampled(t *testing.T) {
	db, _ := openSQLite(t)
	rec := &testRecorder{notify: make(chan struct{}, 1)}
	ctx, err := ContextWithConfig(context.Background(), Config{Emitter: rec, SamplingStrategy: sampleNone{}})
	if err != nil {
		t.Fatal(err)
	}
	logs := sqlCaptureLogs(t)
	ctx, root := BeginSegment(ctx, "unsampled")
	var one int
	if err := db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("query: %d, %v", one, err)
	}
	root.Close(nil)
	if n := rec.Pending(); n != 0 {
		t.Errorf("%d documents sent for an unsampled segment", n)
	}
	if errs := logs.Errors(); len(errs) != 0 {
		t.Errorf("error lines for an unsampled segment: %q", errs)
	}
}

func TestSQLContextUnknownDriver(t *testing.T) {
	_, want := sql.Open("xray-no-such-driver", "dsn")
	db, err := SQLContext("xray-no-such-driver", "dsn")
	if db != nil || err == nil || err.Error() != want.Error() {
		t.Errorf("SQLContext = %v, %v; want database/sql's error %v", db, err, want)
	}
}

func TestSQLContextRegistersOnce(t *testing.T) {
	for range 2 {
		db, err := SQLContext("sqlite", ":memory:")
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := db.Driver().(*sqlDriver); !ok {
			t.Errorf("driver %T", db.Driver())
		}
		_ = db.Close()
	}
	n := 0
	for _, d := range sql.Drivers() {
		if d == "sqlite:xray" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("sqlite:xray registered %d times", n)
	}
}

func TestSQLDetectionCandidatesByDriverName(t *testing.T) {
	for name, want := range map[string][]sqlDatabase{
		"postgres": {sqlPostgres},
		"mysql":    {sqlMySQL},
		"sqlite":   sqlAnyDatabase,
		"sqlite3":  sqlAnyDatabase,
		"pgx":      sqlAnyDatabase,
		"unknown":  sqlAnyDatabase,
	} {
		got := sqlCandidates(name)
		if len(got) != len(want) {
			t.Errorf("%s: %v, want %v", name, got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: %v, want %v", name, got, want)
			}
		}
	}
}

func TestSQLSQLiteCanceledContext(t *testing.T) {
	db, _ := openSQLite(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := db.QueryContext(ctx, "SELECT 1"); !errors.Is(err, context.Canceled) {
		t.Errorf("query with a canceled context: %v", err)
	}
}

func TestSQLSQLiteDriverOpen(t *testing.T) {
	db, dsn := openSQLite(t)
	// The wrapping driver's Open detects the database on the connection
	// it opens.
	conn, err := db.Driver().Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	subs := sqlTrace(t, func(ctx context.Context) {
		rows, err := conn.(driver.QueryerContext).QueryContext(ctx, "SELECT 1", nil)
		if err != nil {
			t.Fatal(err)
		}
		_ = rows.Close()
	})
	checkSQLiteSub(t, sqlOne(t, subs, "SELECT 1"), dsn)
}

func TestSQLSQLiteSDKDisabled(t *testing.T) {
	db, _ := openSQLite(t)
	t.Setenv("AWS_XRAY_SDK_DISABLED", "TRUE")
	logs := sqlCaptureLogs(t)
	var one int
	if err := db.QueryRowContext(context.Background(), "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("query with the SDK disabled: %d, %v", one, err)
	}
	if errs := logs.Errors(); len(errs) != 0 {
		t.Errorf("error lines with the SDK disabled: %q", errs)
	}
}
