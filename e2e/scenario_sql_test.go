package e2e

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-xray-sdk-go/xray"
	_ "modernc.org/sqlite" // the "sqlite" driver
)

// TestSQLite sends the subsegments of database/sql calls on the embedded
// SQLite driver through xray.SQLContext: connect, exec, query, a prepared
// statement and a failing statement.
func TestSQLite(t *testing.T) {
	c := setup(t)
	dsn := "file:" + filepath.Join(t.TempDir(), "e2e.db")
	db, err := xray.SQLContext("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	db.SetMaxOpenConns(1)

	const (
		create = "CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT)"
		insert = "INSERT INTO orders (item) VALUES (?)"
		query  = "SELECT item FROM orders WHERE id > ?"
		broken = "SELECT nope FROM missing_table"
	)
	ctx, root := xray.BeginSegment(context.Background(), "e2e-sql")
	traceID, _ := ids(root)
	if _, err := db.ExecContext(ctx, create); err != nil {
		t.Fatal(err)
	}
	stmt, err := db.PrepareContext(ctx, insert)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := stmt.ExecContext(ctx, "book"); err != nil {
		t.Fatal(err)
	}
	stmt.Close()
	rows, err := db.QueryContext(ctx, query, 0)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
	}
	rows.Close()
	if _, err := db.QueryContext(ctx, broken); err == nil {
		t.Fatal("the broken query succeeded")
	}
	root.Close(nil)

	// root + CONNECT + create + prepared insert + query + broken query
	spans := c.waitTrace(t, traceID, 6)
	r := byName(t, spans, "e2e-sql")
	statements := map[string]span{}
	// SQLite answers none of the detection queries: name and type are
	// "Unknown", as upstream records them.
	for _, s := range named(spans, "Unknown") {
		wantChild(t, r, s)
		if s.Kind != kindClient {
			t.Errorf("%q: kind %d, want client (namespace remote)", s.Name, s.Kind)
		}
		s.wantAttr(t, "db.system", "Unknown")
		stmt, _ := s.attr(t, "db.statement").(string)
		statements[stmt] = s
	}
	for _, q := range []string{"CONNECT", create, insert, query, broken} {
		if _, ok := statements[q]; !ok {
			t.Errorf("no subsegment for %q:\n%s", q, describe(spans))
		}
	}
	if s, ok := statements[broken]; ok {
		wantException(t, s, "", "no such table")
	}
	if s, ok := statements[query]; ok && s.Status != statusUnset {
		t.Errorf("the successful query has status %d", s.Status)
	}
}

// TestSQLiteURLFormDSN documents a receiver incompatibility and runs only
// with XRAY_E2E_KNOWN_ISSUES=1. A SQLite DSN with query parameters
// (file:/path/db?_pragma=...) is recorded, as upstream does, in sql.url;
// the awsxray receiver (v0.139.0) parses sql.url with
// ^(.+//.+)/([^\?]+)\??.*$ and rejects the whole document when that fails
// ("failed to parse out the database name"), so the trace is lost.
func TestSQLiteURLFormDSN(t *testing.T) {
	if os.Getenv("XRAY_E2E_KNOWN_ISSUES") != "1" {
		t.Skip("known issue: the awsxray receiver rejects sql.url values without //host/; set XRAY_E2E_KNOWN_ISSUES=1 to run")
	}
	c := setup(t)
	dsn := "file:" + filepath.Join(t.TempDir(), "e2e.db") + "?_pragma=busy_timeout(5000)"
	db, err := xray.SQLContext("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })

	ctx, root := xray.BeginSegment(context.Background(), "e2e-sql-url-dsn")
	traceID, _ := ids(root)
	if _, err := db.ExecContext(ctx, "SELECT 1"); err != nil {
		t.Fatal(err)
	}
	root.Close(nil)
	c.waitTrace(t, traceID, 3) // root, CONNECT, SELECT 1
}
