package xray

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5/stdlib"
)

// openFake opens a traced database on a fake driver of kind.
func openFake(t *testing.T, kind string) *sql.DB {
	t.Helper()
	db, err := SQLContext(fakeSQLDriverName(kind), "fake-dsn")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// checkFakeSub checks the attributes detection found on a fake driver.
func checkFakeSub(t *testing.T, sub map[string]interface{}, kind string) {
	t.Helper()
	if got := sqlStr(t, sub, "name"); got != "fakedb" {
		t.Errorf("name %q", got)
	}
	b := sqlBlock(t, sub)
	want := map[string]string{
		"connection_string": "fake-dsn",
		"database_type":     "Postgres",
		"database_version":  "FakeDB 1.0",
		"user":              "fakeuser",
		"driver_version":    "github.com/aws/aws-xray-sdk-go/xray",
	}
	for k, v := range want {
		if b[k] != v {
			t.Errorf("sql.%s = %q, want %q (%s driver)", k, b[k], v, kind)
		}
	}
}

func TestSQLErrSkipFallsBackToPrepare(t *testing.T) {
	db := openFake(t, "skip")
	const exec, query = "UPDATE t SET v = ?", "SELECT ?"
	subs := sqlTrace(t, func(ctx context.Context) {
		if _, err := db.ExecContext(ctx, exec, 1); err != nil {
			t.Fatal(err)
		}
		var n int64
		if err := db.QueryRowContext(ctx, query, 1).Scan(&n); err != nil || n != 1 {
			t.Fatalf("query: %d, %v", n, err)
		}
	})
	for _, q := range []string{exec, query} {
		skipped := sqlOne(t, subs, q+" -- skip fast-path; continue as if unimplemented")
		checkFakeSub(t, skipped, "skip")
		if _, ok := skipped["fault"]; ok {
			t.Errorf("ErrSkip faulted the subsegment: %v", skipped)
		}
		if _, ok := skipped["cause"]; ok {
			t.Errorf("ErrSkip recorded as a cause: %v", skipped)
		}
		// database/sql then prepared and executed the statement.
		prepared := sqlOne(t, subs, q)
		checkFakeSub(t, prepared, "skip")
		if p := sqlBlock(t, prepared)["preparation"]; p != "statement" {
			t.Errorf("fallback execution preparation %q", p)
		}
	}
}

func TestSQLLegacyDriver(t *testing.T) {
	db := openFake(t, "legacy")
	const exec, query = "UPDATE t SET v = ?", "SELECT ?, ?"
	var execErr error
	subs := sqlTrace(t, func(ctx context.Context) {
		if _, err := db.ExecContext(ctx, exec, 1); err != nil {
			t.Fatal(err)
		}
		var n int64
		if err := db.QueryRowContext(ctx, query, 1, 2).Scan(&n); err != nil || n != 2 {
			t.Fatalf("query: %d, %v", n, err)
		}
		_, execErr = db.ExecContext(ctx, fakeSQLFail)
		_, err := db.ExecContext(ctx, exec, sql.Named("v", 1))
		if !errors.Is(err, errSQLNamedParameters) {
			t.Errorf("named argument to a legacy driver: %v", err)
		}
	})
	// Upstream dropped the legacy Exec's error; it is returned.
	if !errors.Is(execErr, errFakeSQL) {
		t.Errorf("legacy Exec error %v, want %v", execErr, errFakeSQL)
	}
	for _, q := range []string{exec, query} {
		sub := sqlOne(t, subs, q)
		checkFakeSub(t, sub, "legacy")
		if _, ok := sqlBlock(t, sub)["preparation"]; ok {
			t.Errorf("legacy fast path recorded as a statement: %v", sub)
		}
	}
	failed := sqlOne(t, subs, fakeSQLFail)
	if failed["fault"] != true || sqlExceptionMessages(t, failed)[0] != errFakeSQL.Error() {
		t.Errorf("failed exec: %v", failed)
	}
	if n := len(sqlByQuery(t, subs, exec)); n != 1 {
		t.Errorf("the rejected named-argument call was traced (%d)", n)
	}
}

func TestSQLLegacyDriverContextChecks(t *testing.T) {
	db := openFake(t, "legacy")
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	err = conn.Raw(func(dc any) error {
		if _, err := dc.(driver.ExecerContext).ExecContext(canceled, "UPDATE t", nil); !errors.Is(err, context.Canceled) {
			t.Errorf("ExecContext with a canceled context: %v", err)
		}
		if _, err := dc.(driver.QueryerContext).QueryContext(canceled, "SELECT 1", nil); !errors.Is(err, context.Canceled) {
			t.Errorf("QueryContext with a canceled context: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSQLMinimalDriver(t *testing.T) {
	db := openFake(t, "minimal")
	const exec, query = "UPDATE t SET v = ?", "SELECT ?"
	subs := sqlTrace(t, func(ctx context.Context) {
		if _, err := db.ExecContext(ctx, exec, 1); err != nil {
			t.Fatal(err)
		}
		var n int64
		if err := db.QueryRowContext(ctx, query, 1).Scan(&n); err != nil || n != 1 {
			t.Fatalf("query: %d, %v", n, err)
		}
		// No Pinger: database/sql's ping is a no-op, and not traced.
		if err := db.PingContext(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable}); !errors.Is(err, errSQLIsolation) {
			t.Errorf("isolation level on a driver without BeginTx: %v", err)
		}
		if _, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}); !errors.Is(err, errSQLReadOnly) {
			t.Errorf("read-only on a driver without BeginTx: %v", err)
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, fakeSQLFail); !errors.Is(err, errFakeSQL) {
			t.Errorf("failing statement: %v", err)
		}
	})
	// Without fast paths every call is a prepared statement.
	for _, q := range []string{exec, query, fakeSQLFail} {
		sub := sqlOne(t, subs, q)
		checkFakeSub(t, sub, "minimal")
		if p := sqlBlock(t, sub)["preparation"]; p != "statement" {
			t.Errorf("%s: preparation %q", q, p)
		}
	}
	if sub := sqlOne(t, subs, fakeSQLFail); sub["fault"] != true {
		t.Errorf("failed statement not faulted: %v", sub)
	}
	if len(sqlByQuery(t, subs, "PING")) != 0 {
		t.Error("ping traced on a driver without Pinger")
	}
	if len(subs) != 4 {
		t.Errorf("%d subsegments, want CONNECT and the three statements: %v", len(subs), subs)
	}
}

// sqlCapIfaces maps each optional connection interface to its type.
var sqlCapIfaces = map[sqlConnCaps]reflect.Type{
	sqlCapPinger:    reflect.TypeFor[driver.Pinger](),
	sqlCapExecer:    reflect.TypeFor[driver.ExecerContext](),
	sqlCapQueryer:   reflect.TypeFor[driver.QueryerContext](),
	sqlCapResetter:  reflect.TypeFor[driver.SessionResetter](),
	sqlCapChecker:   reflect.TypeFor[driver.NamedValueChecker](),
	sqlCapValidator: reflect.TypeFor[driver.Validator](),
}

func TestSQLConnVariantsExposeExactlyTheirCaps(t *testing.T) {
	c := &sqlConn{}
	for caps := sqlConnCaps(0); caps < sqlConnVariants; caps++ {
		w := reflect.TypeOf(wrapConnCaps(c, caps))
		for _, core := range []reflect.Type{
			reflect.TypeFor[driver.Conn](), reflect.TypeFor[driver.ConnPrepareContext](), reflect.TypeFor[driver.ConnBeginTx](),
		} {
			if !w.Implements(core) {
				t.Errorf("caps %06b: %v not implemented", caps, core)
			}
		}
		for bit, iface := range sqlCapIfaces {
			if got, want := w.Implements(iface), caps&bit != 0; got != want {
				t.Errorf("caps %06b: implements %v = %v", caps, iface, got)
			}
		}
		// Nothing else a driver connection may have.
		for _, other := range []reflect.Type{
			reflect.TypeFor[sqlLegacyExecer](), reflect.TypeFor[sqlLegacyQueryer](),
		} {
			if w.Implements(other) {
				t.Errorf("caps %06b: implements %v", caps, other)
			}
		}
	}
}

// baseCaps is what a base connection offers, as the wrapper should mirror.
func baseCaps(dc any) sqlConnCaps {
	var caps sqlConnCaps
	for bit, iface := range sqlCapIfaces {
		if reflect.TypeOf(dc).Implements(iface) {
			caps |= bit
		}
	}
	if _, ok := dc.(sqlLegacyExecer); ok {
		caps |= sqlCapExecer
	}
	if _, ok := dc.(sqlLegacyQueryer); ok {
		caps |= sqlCapQueryer
	}
	return caps
}

func TestSQLWrapperMirrorsDriverInterfaces(t *testing.T) {
	mockDSN, _ := newSQLMock(t)
	cases := map[string]func() (driver.Conn, error){
		"sqlite": func() (driver.Conn, error) {
			db, _ := openSQLite(t)
			return db.Driver().(*sqlDriver).base.Open(":memory:")
		},
		"pgx": func() (driver.Conn, error) {
			// Not connected: only the type matters.
			return &stdlib.Conn{}, nil
		},
		"sqlmock": func() (driver.Conn, error) {
			return sqlMockDriver(t).Open(mockDSN)
		},
		"minimal": func() (driver.Conn, error) { return fakeSQLDriver{"minimal"}.Open("") },
		"legacy":  func() (driver.Conn, error) { return fakeSQLDriver{"legacy"}.Open("") },
		"skip":    func() (driver.Conn, error) { return fakeSQLDriver{"skip"}.Open("") },
	}
	for name, open := range cases {
		base, err := open()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		w := wrapConn(base, &sqlAttributes{})
		if got, want := w.(sqlConnCore).xrayConn().caps(), baseCaps(base); got != want || baseCaps(w) != want {
			t.Errorf("%s: wrapper caps %06b (exposed %06b), base %06b", name, got, baseCaps(w), want)
		}
		if name != "pgx" && name != "sqlmock" {
			_ = base.Close()
		}
	}
}

func TestSQLStmtVariantsMirrorTheBase(t *testing.T) {
	c := &sqlConn{attr: &sqlAttributes{}}
	for _, base := range []driver.Stmt{
		&fakeSQLStmt{},
		struct {
			driver.Stmt
			driver.NamedValueChecker
		}{&fakeSQLStmt{}, nil},
		struct {
			driver.Stmt
			sqlColumnConverter
		}{&fakeSQLStmt{}, nil},
		struct {
			driver.Stmt
			driver.NamedValueChecker
			sqlColumnConverter
		}{&fakeSQLStmt{}, nil, nil},
	} {
		w := wrapStmt(c, base, "q")
		_, hasChecker := base.(driver.NamedValueChecker)
		_, hasConverter := base.(sqlColumnConverter)
		if _, ok := w.(driver.NamedValueChecker); ok != hasChecker {
			t.Errorf("%T: wrapper NamedValueChecker %v", base, ok)
		}
		if _, ok := w.(sqlColumnConverter); ok != hasConverter {
			t.Errorf("%T: wrapper ColumnConverter %v", base, ok)
		}
		if _, ok := w.(driver.StmtQueryContext); !ok {
			t.Errorf("%T: wrapper lacks StmtQueryContext", base)
		}
	}
}

func TestSQLMinimalDriverContextChecks(t *testing.T) {
	db := openFake(t, "minimal")
	conn, err := db.Conn(sqlQuiet(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	err = conn.Raw(func(dc any) error {
		// Without ConnPrepareContext and ConnBeginTx the wrapper checks
		// the context after the driver's Prepare and Begin.
		if _, err := dc.(driver.ConnPrepareContext).PrepareContext(canceled, "SELECT 1"); !errors.Is(err, context.Canceled) {
			t.Errorf("PrepareContext with a canceled context: %v", err)
		}
		if _, err := dc.(driver.ConnBeginTx).BeginTx(canceled, driver.TxOptions{}); !errors.Is(err, context.Canceled) {
			t.Errorf("BeginTx with a canceled context: %v", err)
		}
		if _, err := dc.(driver.ConnPrepareContext).PrepareContext(context.Background(), fakeSQLFail+" prepare"); !errors.Is(err, errFakeSQL) {
			t.Errorf("failing Prepare: %v", err)
		}
		// The legacy forms work too (database/sql never calls them).
		st, err := dc.(driver.Conn).Prepare("SELECT 1")
		if err != nil {
			t.Fatal(err)
		}
		//lint:ignore SA1019 the legacy form is what is under test
		if _, err := st.Exec(nil); err != nil {
			t.Errorf("legacy Exec on a wrapped statement: %v", err)
		}
		_ = st.Close()
		//lint:ignore SA1019 the legacy form is what is under test
		tx, err := dc.(driver.Conn).Begin()
		if err != nil {
			t.Fatal(err)
		}
		return tx.Commit()
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSQLDSNConnectorHonoursContext(t *testing.T) {
	var opened *fakeSQLConn
	c := sqlDSNConnector{drv: openerDriver(func() driver.Conn {
		opened = &fakeSQLConn{}
		return opened
	}), dsn: "x"}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if conn, err := c.Connect(ctx); conn != nil || !errors.Is(err, context.Canceled) {
		t.Fatalf("Connect with a canceled context: %v, %v", conn, err)
	}
	if !opened.closed {
		t.Error("the connection opened meanwhile was not closed")
	}
}

// openerDriver opens the connections its function returns.
type openerDriver func() driver.Conn

func (o openerDriver) Open(string) (driver.Conn, error) { return o(), nil }

var sqlClashOnce sync.Once

func TestSQLContextNameClash(t *testing.T) {
	sqlClashOnce.Do(func() {
		sql.Register("xray-clash", fakeSQLDriver{kind: "minimal"})
		sql.Register("xray-clash:xray", fakeSQLDriver{kind: "minimal"})
	})
	db, err := SQLContext("xray-clash", "")
	if db != nil || err == nil || !strings.Contains(err.Error(), `xray: a database driver named "xray-clash:xray" is already registered`) {
		t.Errorf("SQLContext over a taken name: %v, %v", db, err)
	}
}

func TestSQLConnectorDriverAndClose(t *testing.T) {
	closer := &closingConnector{}
	c := SQLConnector("dsn", closer)
	if d, ok := c.Driver().(*sqlDriver); !ok || d.name != "unknown" {
		t.Errorf("Driver() = %#v, want the wrapping driver", c.Driver())
	}
	db := sql.OpenDB(c)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if !closer.closed.Load() {
		t.Error("sql.DB.Close did not reach the base connector's Close")
	}
}

// closingConnector is a connector with a Close method.
type closingConnector struct{ closed atomic.Bool }

func (c *closingConnector) Connect(context.Context) (driver.Conn, error) { return &fakeSQLConn{}, nil }
func (c *closingConnector) Driver() driver.Driver                        { return fakeSQLDriver{} }
func (c *closingConnector) Close() error {
	c.closed.Store(true)
	return nil
}

// versionedDriver reports its own version.
type versionedDriver struct{ fakeSQLDriver }

func (versionedDriver) Version() string { return "fake 1.2.3" }

func TestSQLDriverVersion(t *testing.T) {
	for _, c := range []struct {
		d    driver.Driver
		want string
	}{
		{versionedDriver{}, "fake 1.2.3"},
		{fakeSQLDriver{}, "github.com/aws/aws-xray-sdk-go/xray"},
		{&stdlib.Driver{}, "github.com/jackc/pgx/v5/stdlib"},
		{sqlMockDriver(t), "github.com/DATA-DOG/go-sqlmock"},
		{nil, ""},
	} {
		if got := sqlDriverVersion(c.d); got != c.want {
			t.Errorf("sqlDriverVersion(%T) = %q, want %q", c.d, got, c.want)
		}
	}
}
