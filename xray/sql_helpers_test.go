package xray

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
	"github.com/aws/aws-xray-sdk-go/xraylog"

	_ "modernc.org/sqlite"
)

// Helpers for the SQL integration tests.

// sqlTrace runs fn with a context holding a sampled root segment, closes
// the segment and returns every subsegment that was sent (embedded or
// streamed), ordered by start time.
func sqlTrace(t *testing.T, fn func(ctx context.Context)) []map[string]interface{} {
	t.Helper()
	ctx, rec := newTestRecorder(t)
	ctx, root := BeginSegment(ctx, "sql-test")
	fn(ctx)
	root.Close(nil)
	docs := rec.Recv(t, max(1, rec.Pending()))
	// Every entity by id; a closed copy wins over an in-progress one.
	byID := map[string]map[string]interface{}{}
	var walk func(d map[string]interface{})
	walk = func(d map[string]interface{}) {
		id := sqlStr(t, d, "id")
		if _, closed := d["end_time"]; closed || byID[id] == nil {
			byID[id] = d
		}
		if list, ok := d["subsegments"].([]interface{}); ok {
			for _, c := range list {
				walk(c.(map[string]interface{}))
			}
		}
	}
	for _, d := range docs {
		walk(d)
	}
	var subs []map[string]interface{}
	for id, d := range byID {
		if id != root.ID {
			subs = append(subs, d)
		}
	}
	sort.SliceStable(subs, func(i, j int) bool {
		return subs[i]["start_time"].(float64) < subs[j]["start_time"].(float64)
	})
	return subs
}

// sqlQuiet returns a context with an unsampled segment, for setup
// statements that should neither be recorded nor log a missing segment.
func sqlQuiet(t *testing.T) context.Context {
	t.Helper()
	ctx, err := ContextWithConfig(context.Background(), Config{Emitter: &testRecorder{notify: make(chan struct{}, 1)}, SamplingStrategy: sampleNone{}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, seg := BeginSegment(ctx, "setup")
	t.Cleanup(func() { seg.Close(nil) })
	return ctx
}

// sqlBlock returns a subsegment's sql block as strings.
func sqlBlock(t *testing.T, sub map[string]interface{}) map[string]string {
	t.Helper()
	out := map[string]string{}
	for k, v := range sqlObj(t, sub, "sql") {
		s, ok := v.(string)
		if !ok {
			t.Fatalf("sql.%s is %T", k, v)
		}
		out[k] = s
	}
	return out
}

// sqlByQuery returns the subsegments whose sanitized_query is query.
func sqlByQuery(t *testing.T, subs []map[string]interface{}, query string) []map[string]interface{} {
	t.Helper()
	var out []map[string]interface{}
	for _, s := range subs {
		if m, ok := s["sql"].(map[string]interface{}); ok && m["sanitized_query"] == query {
			out = append(out, s)
		}
	}
	return out
}

// sqlOne returns the one subsegment whose sanitized_query is query.
func sqlOne(t *testing.T, subs []map[string]interface{}, query string) map[string]interface{} {
	t.Helper()
	got := sqlByQuery(t, subs, query)
	if len(got) != 1 {
		t.Fatalf("%d subsegments with sanitized_query %q, want 1; all: %v", len(got), query, subs)
	}
	return got[0]
}

// sqlExceptionMessages returns the messages of a subsegment's cause.
func sqlExceptionMessages(t *testing.T, sub map[string]interface{}) []string {
	t.Helper()
	var out []string
	for _, e := range sqlArr(t, sqlObj(t, sub, "cause"), "exceptions") {
		m, _ := e.(map[string]interface{})["message"].(string)
		out = append(out, m)
	}
	return out
}

// openSQLite opens a traced SQLite database in a file of the test's
// temporary directory (shared by all its connections).
func openSQLite(t testing.TB) (*sql.DB, string) {
	t.Helper()
	dsn := "file:" + filepath.Join(t.TempDir(), "test.db")
	db, err := SQLContext("sqlite", dsn)
	if err != nil {
		t.Fatalf("SQLContext: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db, dsn
}

// sqlStr, sqlObj and sqlArr read decoded JSON.
func sqlStr(t *testing.T, m map[string]interface{}, key string) string {
	t.Helper()
	v, ok := m[key].(string)
	if !ok {
		t.Fatalf("%q is %T (%v), want a string in %v", key, m[key], m[key], m)
	}
	return v
}

func sqlObj(t *testing.T, m map[string]interface{}, key string) map[string]interface{} {
	t.Helper()
	v, ok := m[key].(map[string]interface{})
	if !ok {
		t.Fatalf("%q is %T (%v), want an object in %v", key, m[key], m[key], m)
	}
	return v
}

func sqlArr(t *testing.T, m map[string]interface{}, key string) []interface{} {
	t.Helper()
	v, ok := m[key].([]interface{})
	if !ok {
		t.Fatalf("%q is %T (%v), want an array in %v", key, m[key], m[key], m)
	}
	return v
}

// sqlLogs records log lines ("LEVEL message") while installed.
type sqlLogs struct {
	mu    sync.Mutex
	lines []string
}

func (l *sqlLogs) Log(level xraylog.LogLevel, msg fmt.Stringer) {
	l.mu.Lock()
	l.lines = append(l.lines, level.String()+" "+msg.String())
	l.mu.Unlock()
}

// Errors returns the ERROR lines.
func (l *sqlLogs) Errors() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, line := range l.lines {
		if strings.HasPrefix(line, "ERROR ") {
			out = append(out, line)
		}
	}
	return out
}

// sqlCaptureLogs installs an sqlLogs until the end of the test.
func sqlCaptureLogs(t *testing.T) *sqlLogs {
	t.Helper()
	prev := logger.Logger()
	l := &sqlLogs{}
	SetLogger(l)
	t.Cleanup(func() { SetLogger(prev) })
	return l
}
