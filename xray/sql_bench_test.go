package xray

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"path/filepath"
	"testing"
)

// Budget (issue 6), checked by BenchmarkSQLQueryContext:
//
//	traced (sampled segment) <= untraced + 10 allocs and + 2 µs per QueryContext
//
// Each iteration is db.QueryContext plus rows.Close on one SQLite
// connection.

const sqlBenchQuery = "SELECT 1"

func BenchmarkSQLQueryContext(b *testing.B) {
	dsn := "file:" + filepath.Join(b.TempDir(), "bench.db")
	b.Run("untraced", func(b *testing.B) {
		db, err := sql.Open("sqlite", dsn)
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		benchSQLQueries(b, db, context.Background(), nil)
	})
	b.Run("traced", func(b *testing.B) {
		db := benchSQLContext(b, dsn)
		ctx, _ := newBenchRecorder(b)
		root, seg := BeginSegment(ctx, "benchmark")
		benchSQLQueries(b, db, root, func() {
			// Keep the segment's child list bounded.
			seg.Close(nil)
			root, seg = BeginSegment(ctx, "benchmark")
		}, &root)
		seg.Close(nil)
	})
	b.Run("traced_unsampled", func(b *testing.B) {
		db := benchSQLContext(b, dsn)
		ctx := benchContext(b, discardEmitter{}, sampleNone{})
		root, seg := BeginSegment(ctx, "benchmark")
		defer seg.Close(nil)
		benchSQLQueries(b, db, root, nil)
	})
}

func benchSQLContext(b *testing.B, dsn string) *sql.DB {
	b.Helper()
	db, err := SQLContext("sqlite", dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = db.Close() })
	return db
}

// benchSQLQueries runs the benchmark loop on one connection. reset, when
// set, runs (untimed) every 1024 queries and may replace *ctxp.
func benchSQLQueries(b *testing.B, db *sql.DB, ctx context.Context, reset func(), ctxp ...*context.Context) {
	b.Helper()
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	if err := db.PingContext(ctx); err != nil { // connect outside the loop
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if reset != nil && i%1024 == 1023 {
			b.StopTimer()
			reset()
			ctx = *ctxp[0]
			b.StartTimer()
		}
		rows, err := db.QueryContext(ctx, sqlBenchQuery)
		if err != nil {
			b.Fatal(err)
		}
		if err := rows.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
}

// BenchmarkSQLWrapperOverhead isolates what tracing adds to a query: the
// same loop on a driver that does no work, bare and through SQLConnector.
func BenchmarkSQLWrapperOverhead(b *testing.B) {
	b.Run("bare", func(b *testing.B) {
		db := sql.OpenDB(nopSQLConnector{})
		defer db.Close()
		benchSQLQueries(b, db, context.Background(), nil)
	})
	b.Run("traced", func(b *testing.B) {
		db := sql.OpenDB(SQLConnector("nop", nopSQLConnector{}))
		defer db.Close()
		ctx, _ := newBenchRecorder(b)
		root, seg := BeginSegment(ctx, "benchmark")
		benchSQLQueries(b, db, root, func() {
			seg.Close(nil)
			root, seg = BeginSegment(ctx, "benchmark")
		}, &root)
		seg.Close(nil)
	})
}

// nopSQLConnector connects to a database that answers every query with no
// rows (and fails detection).
type nopSQLConnector struct{}

func (nopSQLConnector) Connect(context.Context) (driver.Conn, error) { return nopSQLConn{}, nil }
func (nopSQLConnector) Driver() driver.Driver                        { return nopSQLDriver{} }

type nopSQLDriver struct{}

func (nopSQLDriver) Open(string) (driver.Conn, error) { return nopSQLConn{}, nil }

type nopSQLConn struct{}

func (nopSQLConn) Prepare(string) (driver.Stmt, error) { return nil, errors.New("nop: no statements") }
func (nopSQLConn) Close() error                        { return nil }
func (nopSQLConn) Begin() (driver.Tx, error)           { return nil, errors.New("nop: no transactions") }

func (nopSQLConn) QueryContext(context.Context, string, []driver.NamedValue) (driver.Rows, error) {
	return nopSQLRows{}, nil
}

type nopSQLRows struct{}

func (nopSQLRows) Columns() []string         { return nil }
func (nopSQLRows) Close() error              { return nil }
func (nopSQLRows) Next([]driver.Value) error { return io.EOF }
