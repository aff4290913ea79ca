package xray

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/DATA-DOG/go-sqlmock"
)

var sqlMockSeq atomic.Int64

// newSQLMock creates a go-sqlmock database with exact query matching and
// monitored pings, and returns its DSN.
func newSQLMock(t *testing.T) (string, sqlmock.Sqlmock) {
	t.Helper()
	dsn := fmt.Sprintf("xray-mock-%d", sqlMockSeq.Add(1))
	db, mock, err := sqlmock.NewWithDSN(dsn, sqlmock.QueryMatcherOption(sqlmock.QueryMatcherEqual), sqlmock.MonitorPingsOption(true))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return dsn, mock
}

var (
	sqlMockDriverOnce sync.Once
	sqlMockDrv        driver.Driver
)

// sqlMockDriver returns go-sqlmock's driver.
func sqlMockDriver(t *testing.T) driver.Driver {
	sqlMockDriverOnce.Do(func() {
		db, err := sql.Open("sqlmock", "")
		if err != nil {
			panic(err)
		}
		sqlMockDrv = db.Driver()
		_ = db.Close()
	})
	return sqlMockDrv
}

// sqlMockConnector connects to a go-sqlmock database; connections after
// the first okConnects fail with errConnect.
type sqlMockConnector struct {
	drv        driver.Driver
	dsn        string
	okConnects int64
	connects   atomic.Int64
}

var errConnect = errors.New("connection refused")

func (c *sqlMockConnector) Connect(context.Context) (driver.Conn, error) {
	if n := c.connects.Add(1); c.okConnects > 0 && n > c.okConnects {
		return nil, errConnect
	}
	return c.drv.Open(c.dsn)
}

func (c *sqlMockConnector) Driver() driver.Driver { return c.drv }

// openMockConnector opens a database through SQLConnector(recordedDSN, …)
// on the mock whose DSN is dsn.
func openMockConnector(t *testing.T, dsn, recordedDSN string) (*sql.DB, *sqlMockConnector) {
	t.Helper()
	c := &sqlMockConnector{drv: sqlMockDriver(t), dsn: dsn}
	db := sql.OpenDB(SQLConnector(recordedDSN, c))
	t.Cleanup(func() { _ = db.Close() })
	return db, c
}

// expectDetection sets up detection on mock: the candidates before
// answering fail to prepare, answering returns row (with cols columns).
func expectDetection(mock sqlmock.Sqlmock, candidates []sqlDatabase, answering int, cols []string, row ...driver.Value) {
	for i, db := range candidates {
		if i == answering {
			mock.ExpectPrepare(db.query).ExpectQuery().WillReturnRows(sqlmock.NewRows(cols).AddRow(row...))
			return
		}
		mock.ExpectPrepare(db.query).WillReturnError(fmt.Errorf("%s: syntax error", db.label))
	}
}

var threeCols = []string{"version", "user", "db"}

func TestSQLMockDetection(t *testing.T) {
	for i, want := range sqlAnyDatabase {
		t.Run(want.label, func(t *testing.T) {
			dsn, mock := newSQLMock(t)
			expectDetection(mock, sqlAnyDatabase, i, threeCols, want.label+" 9.1", "bob", "shop")
			mock.ExpectQuery("SELECT 1").WillReturnRows(sqlmock.NewRows([]string{"1"}).AddRow(int64(1)))
			db, _ := openMockConnector(t, dsn, "server=db;user=bob")
			subs := sqlTrace(t, func(ctx context.Context) {
				var one int
				if err := db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
					t.Fatal(err)
				}
			})
			sub := sqlOne(t, subs, "SELECT 1")
			if got := sqlStr(t, sub, "name"); got != "shop" {
				t.Errorf("name %q", got)
			}
			if got := sqlStr(t, sub, "namespace"); got != "remote" {
				t.Errorf("namespace %q", got)
			}
			b := sqlBlock(t, sub)
			wantBlock := map[string]string{
				"connection_string": "server=db;user=bob",
				"database_type":     want.label,
				"database_version":  want.label + " 9.1",
				"user":              "bob",
				"driver_version":    "github.com/DATA-DOG/go-sqlmock",
				"sanitized_query":   "SELECT 1",
			}
			if fmt.Sprint(b) != fmt.Sprint(wantBlock) {
				t.Errorf("sql block %v\nwant %v", b, wantBlock)
			}
			if err := mock.ExpectationsWereMet(); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestSQLMockDetectionUnknown(t *testing.T) {
	dsn, mock := newSQLMock(t)
	expectDetection(mock, sqlAnyDatabase, -1, nil)
	mock.ExpectExec("DELETE FROM t").WillReturnResult(sqlmock.NewResult(0, 3))
	db, _ := openMockConnector(t, dsn, "postgres://bob:secret@dbhost:5432/shop?sslmode=disable&password=secret")
	subs := sqlTrace(t, func(ctx context.Context) {
		if _, err := db.ExecContext(ctx, "DELETE FROM t"); err != nil {
			t.Fatal(err)
		}
	})
	sub := sqlOne(t, subs, "DELETE FROM t")
	if got := sqlStr(t, sub, "name"); got != "Unknown@dbhost" {
		t.Errorf("name %q", got)
	}
	b := sqlBlock(t, sub)
	for _, k := range []string{"database_type", "database_version", "user"} {
		if b[k] != "Unknown" {
			t.Errorf("sql.%s = %q, want Unknown", k, b[k])
		}
	}
	if b["url"] != "postgres://bob@dbhost:5432/shop?sslmode=disable" {
		t.Errorf("url %q", b["url"])
	}
	if _, ok := b["connection_string"]; ok {
		t.Errorf("connection_string with a URL DSN: %v", b)
	}
	if err := mock.ExpectationsWereMet(); err != nil {
		t.Error(err)
	}
}

func TestSQLMockDetectionColumnsAndTypes(t *testing.T) {
	when := time.Date(2024, 1, 12, 21, 48, 51, 500, time.UTC)
	cases := []struct {
		name string
		cols []string
		row  []driver.Value
		// want is version, user, dbname; nil when the candidate must fail.
		want []string
	}{
		{"strings", threeCols, []driver.Value{"v", "u", "d"}, []string{"v", "u", "d"}},
		{"bytes", threeCols, []driver.Value{[]byte("v"), []byte("u"), []byte("d")}, []string{"v", "u", "d"}},
		{"time int bool", threeCols, []driver.Value{when, int64(-42), true}, []string{"2024-01-12T21:48:51.0000005Z", "-42", "true"}},
		{"float", threeCols, []driver.Value{1.5, 1e21, false}, []string{"1.5", "1e+21", "false"}},
		{"two columns", []string{"a", "b"}, []driver.Value{"v", "u"}, nil},
		{"four columns", []string{"a", "b", "c", "d"}, []driver.Value{"v", "u", "d", "x"}, nil},
		{"null", threeCols, []driver.Value{"v", nil, "d"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dsn, mock := newSQLMock(t)
			// Postgres answers with the row under test; when it must fail,
			// MySQL answers instead.
			mock.ExpectPrepare(sqlPostgres.query).ExpectQuery().WillReturnRows(sqlmock.NewRows(c.cols).AddRow(c.row...))
			want, label := c.want, "Postgres"
			if want == nil {
				mock.ExpectPrepare(sqlMySQL.query).ExpectQuery().WillReturnRows(sqlmock.NewRows(threeCols).AddRow("8.0", "root", "mysqldb"))
				want, label = []string{"8.0", "root", "mysqldb"}, "MySQL"
			}
			mock.ExpectPing()
			db, _ := openMockConnector(t, dsn, "x")
			subs := sqlTrace(t, func(ctx context.Context) {
				if err := db.PingContext(ctx); err != nil {
					t.Fatal(err)
				}
			})
			sub := sqlOne(t, subs, "PING")
			b := sqlBlock(t, sub)
			got := []string{b["database_version"], b["user"], sqlStr(t, sub, "name")}
			if b["database_type"] != label || strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("type %q, version/user/name %q; want %q, %q", b["database_type"], got, label, want)
			}
		})
	}
}

func TestSQLMockDriverNameLimitsCandidates(t *testing.T) {
	for _, c := range []struct {
		name string
		db   sqlDatabase
	}{{"mysql", sqlMySQL}, {"postgres", sqlPostgres}} {
		t.Run(c.name, func(t *testing.T) {
			dsn, mock := newSQLMock(t)
			mock.ExpectPrepare(c.db.query).ExpectQuery().WillReturnRows(sqlmock.NewRows(threeCols).AddRow("1", "u", "d"))
			mock.ExpectPing()
			// The wrapping driver SQLContext would register for c.name.
			connector, err := (&sqlDriver{base: sqlMockDriver(t), name: c.name}).OpenConnector(dsn)
			if err != nil {
				t.Fatal(err)
			}
			db := sql.OpenDB(connector)
			defer db.Close()
			subs := sqlTrace(t, func(ctx context.Context) {
				if err := db.PingContext(ctx); err != nil {
					t.Fatal(err)
				}
			})
			if got := sqlBlock(t, sqlOne(t, subs, "PING"))["database_type"]; got != c.db.label {
				t.Errorf("database_type %q", got)
			}
			// Only that database's query was tried: any other would have
			// been an unexpected call.
			if err := mock.ExpectationsWereMet(); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestSQLMockErrors(t *testing.T) {
	dsn, mock := newSQLMock(t)
	expectDetection(mock, sqlAnyDatabase, 1, threeCols, "8.0", "bob", "shop")
	errQuery := errors.New("table shop.missing doesn't exist")
	errExec := errors.New("duplicate entry")
	errPing := errors.New("server has gone away")
	mock.ExpectQuery("SELECT * FROM missing").WillReturnError(errQuery)
	mock.ExpectExec("INSERT INTO t VALUES (?)").WithArgs(1).WillReturnError(errExec)
	mock.ExpectPing().WillReturnError(errPing)
	mock.ExpectBegin().WillReturnError(errors.New("begin refused"))
	db, _ := openMockConnector(t, dsn, "x")
	db.SetMaxIdleConns(1)
	var gotQuery, gotExec, gotPing, gotBegin error
	subs := sqlTrace(t, func(ctx context.Context) {
		_, gotQuery = db.QueryContext(ctx, "SELECT * FROM missing")
		_, gotExec = db.ExecContext(ctx, "INSERT INTO t VALUES (?)", 1)
		gotPing = db.PingContext(ctx)
		_, gotBegin = db.BeginTx(ctx, nil)
	})
	for _, c := range []struct {
		query    string
		got, err error
	}{{"SELECT * FROM missing", gotQuery, errQuery}, {"INSERT INTO t VALUES (?)", gotExec, errExec}, {"PING", gotPing, errPing}} {
		if !errors.Is(c.got, c.err) {
			t.Errorf("%s returned %v, want %v", c.query, c.got, c.err)
		}
		sub := sqlOne(t, subs, c.query)
		if sub["fault"] != true {
			t.Errorf("%s: fault not set", c.query)
		}
		if msgs := sqlExceptionMessages(t, sub); len(msgs) != 1 || msgs[0] != c.err.Error() {
			t.Errorf("%s: exceptions %q", c.query, msgs)
		}
		if sqlStr(t, sub, "name") != "shop" || sqlBlock(t, sub)["database_type"] != "MySQL" {
			t.Errorf("%s: %v", c.query, sub)
		}
	}
	if gotBegin == nil {
		t.Error("BeginTx error lost")
	}
	// Begin is not traced: only CONNECT and the three calls are.
	for _, s := range subs {
		switch q := sqlBlock(t, s)["sanitized_query"]; q {
		case "CONNECT", "SELECT * FROM missing", "INSERT INTO t VALUES (?)", "PING":
		default:
			t.Errorf("unexpected subsegment for %q", q)
		}
	}
	if err := mock.ExpectationsWereMet(); err != nil {
		t.Error(err)
	}
}

func TestSQLMockTransactionUntraced(t *testing.T) {
	dsn, mock := newSQLMock(t)
	expectDetection(mock, sqlAnyDatabase, 0, threeCols, "15", "bob", "shop")
	mock.ExpectBegin()
	mock.ExpectExec("UPDATE t SET v = 1").WillReturnResult(sqlmock.NewResult(0, 1))
	mock.ExpectCommit()
	mock.ExpectBegin()
	mock.ExpectRollback()
	db, _ := openMockConnector(t, dsn, "x")
	subs := sqlTrace(t, func(ctx context.Context) {
		tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable, ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE t SET v = 1"); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		tx, err = db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
	})
	if len(subs) != 2 || sqlBlock(t, subs[0])["sanitized_query"] != "CONNECT" || sqlBlock(t, subs[1])["sanitized_query"] != "UPDATE t SET v = 1" {
		t.Errorf("subsegments %v, want CONNECT and the update only", subs)
	}
	if err := mock.ExpectationsWereMet(); err != nil {
		t.Error(err)
	}
}

func TestSQLMockConnectFailure(t *testing.T) {
	dsn, mock := newSQLMock(t)
	expectDetection(mock, sqlAnyDatabase, 0, threeCols, "15", "bob", "shop")
	db, c := openMockConnector(t, dsn, "x")
	c.okConnects = 1 // detection's connection only
	var err error
	subs := sqlTrace(t, func(ctx context.Context) {
		err = db.PingContext(ctx)
	})
	if !errors.Is(err, errConnect) {
		t.Fatalf("ping through a failing connector: %v", err)
	}
	for _, s := range subs {
		if sqlBlock(t, s)["sanitized_query"] != "CONNECT" || s["fault"] != true || sqlExceptionMessages(t, s)[0] != errConnect.Error() {
			t.Errorf("subsegment %v, want faulted CONNECTs", s)
		}
	}
	if len(subs) == 0 {
		t.Error("no CONNECT subsegment")
	}
}

func TestSQLMockDetectionRunsOncePerConnector(t *testing.T) {
	dsn, mock := newSQLMock(t)
	mock.MatchExpectationsInOrder(false)
	expectDetection(mock, sqlAnyDatabase, 0, threeCols, "15", "bob", "shop")
	const n = 8
	for range n {
		mock.ExpectPing()
	}
	db, c := openMockConnector(t, dsn, "x")
	ctx, _ := newTestRecorder(t)
	ctx, root := BeginSegment(ctx, "pings")
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			conn, err := db.Conn(ctx)
			if err != nil {
				t.Error(err)
				return
			}
			defer conn.Close()
			if err := conn.PingContext(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	root.Close(nil)
	// One detection connection plus one per sql.Conn at most.
	if got := c.connects.Load(); got > n+1 {
		t.Errorf("%d connects", got)
	}
	if err := mock.ExpectationsWereMet(); err != nil {
		t.Error(err)
	}
}

func TestSQLConnectorNil(t *testing.T) {
	db := sql.OpenDB(SQLConnector("x", nil))
	defer db.Close()
	if err := db.Ping(); !errors.Is(err, errSQLNilConnector) {
		t.Errorf("ping through SQLConnector(nil): %v", err)
	}
}
