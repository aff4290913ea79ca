package xray

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"strings"
	"sync"
)

// Fake drivers for the driver shapes real drivers rarely have: only the
// required methods, only the pre-Go 1.8 Execer/Queryer, or fast paths that
// answer driver.ErrSkip. They recognise the Postgres detection query and
// answer it with fakeIdentity.

var fakeIdentity = []driver.Value{"FakeDB 1.0", "fakeuser", "fakedb"}

// fakeSQLFail is the query text the fake drivers fail.
const fakeSQLFail = "SELECT fail"

var errFakeSQL = errors.New("fake driver failure")

// fakeSQLDriver opens connections of one shape.
type fakeSQLDriver struct{ kind string }

func (d fakeSQLDriver) Open(string) (driver.Conn, error) {
	base := &fakeSQLConn{}
	switch d.kind {
	case "legacy":
		return fakeLegacyConn{base}, nil
	case "skip":
		return fakeSkipConn{base}, nil
	}
	return base, nil
}

var fakeSQLRegister sync.Once

// fakeSQLDriverName registers the fake drivers (once per process) and
// returns the name of the one of kind: "minimal", "legacy" or "skip".
func fakeSQLDriverName(kind string) string {
	fakeSQLRegister.Do(func() {
		for _, k := range []string{"minimal", "legacy", "skip"} {
			sql.Register("xray-fake-"+k, fakeSQLDriver{kind: k})
		}
	})
	return "xray-fake-" + kind
}

// fakeSQLConn implements only driver.Conn.
type fakeSQLConn struct {
	mu     sync.Mutex
	closed bool
}

func (c *fakeSQLConn) Prepare(query string) (driver.Stmt, error) {
	if query == fakeSQLFail+" prepare" {
		return nil, errFakeSQL
	}
	return &fakeSQLStmt{query: query}, nil
}

func (c *fakeSQLConn) Close() error {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	return nil
}

func (c *fakeSQLConn) Begin() (driver.Tx, error) { return fakeSQLTx{}, nil }

// fakeLegacyConn adds driver.Execer and driver.Queryer.
type fakeLegacyConn struct{ *fakeSQLConn }

func (c fakeLegacyConn) Exec(query string, args []driver.Value) (driver.Result, error) {
	return fakeSQLExec(query)
}

func (c fakeLegacyConn) Query(query string, args []driver.Value) (driver.Rows, error) {
	return fakeSQLQuery(query, args)
}

// fakeSkipConn adds fast paths that always decline.
type fakeSkipConn struct{ *fakeSQLConn }

func (c fakeSkipConn) ExecContext(context.Context, string, []driver.NamedValue) (driver.Result, error) {
	return nil, driver.ErrSkip
}

func (c fakeSkipConn) QueryContext(context.Context, string, []driver.NamedValue) (driver.Rows, error) {
	return nil, driver.ErrSkip
}

// fakeSQLStmt has only the legacy Exec and Query.
type fakeSQLStmt struct{ query string }

func (s *fakeSQLStmt) Close() error  { return nil }
func (s *fakeSQLStmt) NumInput() int { return -1 }

func (s *fakeSQLStmt) Exec(args []driver.Value) (driver.Result, error) {
	return fakeSQLExec(s.query)
}

func (s *fakeSQLStmt) Query(args []driver.Value) (driver.Rows, error) {
	return fakeSQLQuery(s.query, args)
}

func fakeSQLExec(query string) (driver.Result, error) {
	if strings.HasPrefix(query, fakeSQLFail) {
		return nil, errFakeSQL
	}
	return driver.RowsAffected(1), nil
}

// fakeSQLQuery answers the Postgres detection query with fakeIdentity and
// any other query with one row holding the number of arguments.
func fakeSQLQuery(query string, args []driver.Value) (driver.Rows, error) {
	switch {
	case strings.HasPrefix(query, fakeSQLFail):
		return nil, errFakeSQL
	case query == sqlPostgres.query:
		return &fakeSQLRows{cols: []string{"version", "user", "db"}, row: fakeIdentity}, nil
	case strings.HasPrefix(query, "SELECT version"):
		return nil, errors.New("unknown function")
	}
	return &fakeSQLRows{cols: []string{"n"}, row: []driver.Value{int64(len(args))}}, nil
}

type fakeSQLRows struct {
	cols []string
	row  []driver.Value
	done bool
}

func (r *fakeSQLRows) Columns() []string { return r.cols }
func (r *fakeSQLRows) Close() error      { return nil }

func (r *fakeSQLRows) Next(dest []driver.Value) error {
	if r.done {
		return io.EOF
	}
	r.done = true
	copy(dest, r.row)
	return nil
}

type fakeSQLTx struct{}

func (fakeSQLTx) Commit() error   { return nil }
func (fakeSQLTx) Rollback() error { return nil }
