package xray

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// pgPassword is the postgres user's password on the test server; it must
// never appear in a recorded document.
const pgPassword = "pg-S3cret-Xray-7f3a"

// pgServer is a PostgreSQL server started from Debian's binaries for one
// test run, listening on 127.0.0.1 with password authentication.
type pgServer struct{ port int }

// pgBinDir returns the newest /usr/lib/postgresql/<version>/bin holding
// initdb and pg_ctl, or "".
func pgBinDir() string {
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	sort.Slice(found, func(i, j int) bool {
		vi, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(found[i]))))
		vj, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(found[j]))))
		return vi < vj
	})
	for i := len(found) - 1; i >= 0; i-- {
		dir := filepath.Dir(found[i])
		if _, err := os.Stat(filepath.Join(dir, "pg_ctl")); err == nil {
			return dir
		}
	}
	return ""
}

// startPostgres runs initdb into a temporary directory and starts the
// server on a free port; it is stopped when t ends. Running as root, the
// server runs as the postgres user (it refuses root).
func startPostgres(t *testing.T) *pgServer {
	t.Helper()
	bin := pgBinDir()
	if bin == "" {
		t.Skip("PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin); install them with `apt-get install postgresql` to run these tests")
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	pwfile := filepath.Join(dir, "pwfile")
	if err := os.Mkdir(data, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pwfile, []byte(pgPassword+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	command := func(name string, args ...string) *exec.Cmd {
		cmd := exec.Command(filepath.Join(bin, name), args...)
		cmd.Dir = dir
		return cmd
	}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Skipf("running as root and there is no postgres user to run the server as: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		for _, p := range []string{filepath.Dir(dir), dir} {
			if err := os.Chmod(p, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		for _, p := range []string{data, pwfile} {
			if err := os.Chown(p, uid, gid); err != nil {
				t.Fatal(err)
			}
		}
		command = func(name string, args ...string) *exec.Cmd {
			cmd := exec.Command("runuser", append([]string{"-u", "postgres", "--", filepath.Join(bin, name)}, args...)...)
			cmd.Dir = dir
			return cmd
		}
	}
	if out, err := command("initdb", "-D", data, "-U", "postgres", "--pwfile", pwfile,
		"--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	var lastErr error
	for range 3 {
		port := pgFreePort(t)
		opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", port, data)
		out, err := command("pg_ctl", "-D", data, "-l", filepath.Join(data, "server.log"), "-w", "-t", "60", "-o", opts, "start").CombinedOutput()
		if err == nil {
			t.Cleanup(func() {
				if out, err := command("pg_ctl", "-D", data, "-m", "fast", "-w", "stop").CombinedOutput(); err != nil {
					t.Errorf("pg_ctl stop: %v\n%s", err, out)
				}
			})
			return &pgServer{port: port}
		}
		log, _ := os.ReadFile(filepath.Join(data, "server.log"))
		lastErr = fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	t.Fatal(lastErr)
	return nil
}

// pgFreePort returns a port on 127.0.0.1 nobody listens on right now.
func pgFreePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func (s *pgServer) url(password string) string {
	userinfo := "postgres"
	if password != "" {
		userinfo += ":" + password
	}
	return fmt.Sprintf("postgres://%s@127.0.0.1:%d/postgres?sslmode=disable", userinfo, s.port)
}

// checkPostgresSub checks what every subsegment recorded against the test
// server carries, and that the password is nowhere in it.
func checkPostgresSub(t *testing.T, sub map[string]interface{}, name string) map[string]string {
	t.Helper()
	raw, _ := json.Marshal(sub)
	if strings.Contains(string(raw), pgPassword) {
		t.Errorf("password recorded: %s", raw)
	}
	if got := sqlStr(t, sub, "name"); got != name {
		t.Errorf("name %q, want %q", got, name)
	}
	if got := sqlStr(t, sub, "namespace"); got != "remote" {
		t.Errorf("namespace %q", got)
	}
	b := sqlBlock(t, sub)
	if b["database_type"] != "Postgres" || b["user"] != "postgres" || b["driver_version"] != "github.com/jackc/pgx/v5/stdlib" {
		t.Errorf("sql block %v", b)
	}
	if !strings.HasPrefix(b["database_version"], "PostgreSQL ") {
		t.Errorf("database_version %q", b["database_version"])
	}
	return b
}

// TestSQLPostgres runs every PostgreSQL test against one server.
func TestSQLPostgres(t *testing.T) {
	srv := startPostgres(t)

	t.Run("URLDSN", func(t *testing.T) {
		db, err := SQLContext("pgx", srv.url(pgPassword))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var name string
		subs := sqlTrace(t, func(ctx context.Context) {
			if err := db.QueryRowContext(ctx, "SELECT current_database()").Scan(&name); err != nil {
				t.Fatal(err)
			}
		})
		if name != "postgres" {
			t.Errorf("current_database %q", name)
		}
		for _, q := range []string{"CONNECT", "SELECT current_database()"} {
			b := checkPostgresSub(t, sqlOne(t, subs, q), "postgres@127.0.0.1")
			if b["url"] != srv.url("") {
				t.Errorf("url %q, want %q", b["url"], srv.url(""))
			}
		}
	})

	t.Run("KeywordDSN", func(t *testing.T) {
		dsn := fmt.Sprintf("host=127.0.0.1 port=%d user=postgres password=%s dbname=postgres sslmode=disable", srv.port, pgPassword)
		db, err := SQLContext("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		subs := sqlTrace(t, func(ctx context.Context) {
			if err := db.PingContext(ctx); err != nil {
				t.Fatal(err)
			}
		})
		b := checkPostgresSub(t, sqlOne(t, subs, "PING"), "postgres")
		want := fmt.Sprintf("host=127.0.0.1 port=%d user=postgres dbname=postgres sslmode=disable", srv.port)
		if b["connection_string"] != want {
			t.Errorf("connection_string %q, want %q", b["connection_string"], want)
		}
	})

	db, err := SQLContext("pgx", srv.url(pgPassword))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(sqlQuiet(t), "CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL)"); err != nil {
		t.Fatal(err)
	}

	t.Run("Error", func(t *testing.T) {
		var qerr error
		subs := sqlTrace(t, func(ctx context.Context) {
			_, qerr = db.QueryContext(ctx, "SELECT * FROM no_such_table")
		})
		if qerr == nil || !strings.Contains(qerr.Error(), `relation "no_such_table" does not exist`) {
			t.Fatalf("query error %v", qerr)
		}
		sub := sqlOne(t, subs, "SELECT * FROM no_such_table")
		checkPostgresSub(t, sub, "postgres@127.0.0.1")
		if sub["fault"] != true {
			t.Error("fault not set")
		}
		if msgs := sqlExceptionMessages(t, sub); len(msgs) != 1 || msgs[0] != qerr.Error() {
			t.Errorf("exceptions %q", msgs)
		}
	})

	t.Run("TransactionAndPreparedStatement", func(t *testing.T) {
		const insert = "INSERT INTO items (name) VALUES ($1)"
		const count = "SELECT count(*) FROM items WHERE name = $1"
		var n int
		subs := sqlTrace(t, func(ctx context.Context) {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			stmt, err := tx.PrepareContext(ctx, insert)
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range []string{"a", "b"} {
				if _, err := stmt.ExecContext(ctx, name); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := tx.ExecContext(ctx, insert, "c"); err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			if err := db.QueryRowContext(ctx, count, "a").Scan(&n); err != nil {
				t.Fatal(err)
			}
		})
		if n != 1 {
			t.Errorf("count %d", n)
		}
		var prepared, direct int
		for _, s := range sqlByQuery(t, subs, insert) {
			checkPostgresSub(t, s, "postgres@127.0.0.1")
			if sqlBlock(t, s)["preparation"] == "statement" {
				prepared++
			} else {
				direct++
			}
		}
		if prepared != 2 || direct != 1 {
			t.Errorf("%d prepared and %d direct inserts recorded, want 2 and 1", prepared, direct)
		}
		checkPostgresSub(t, sqlOne(t, subs, count), "postgres@127.0.0.1")
		for _, s := range subs {
			if q := sqlBlock(t, s)["sanitized_query"]; q != insert && q != count && q != "CONNECT" {
				t.Errorf("unexpected subsegment for %q", q)
			}
		}
	})

	t.Run("Concurrent", func(t *testing.T) {
		const workers, each = 6, 20
		const query = "SELECT $1::int + 1"
		subs := sqlTrace(t, func(ctx context.Context) {
			var wg sync.WaitGroup
			for w := range workers {
				wg.Go(func() {
					for i := range each {
						var got int
						if err := db.QueryRowContext(ctx, query, w*each+i).Scan(&got); err != nil || got != w*each+i+1 {
							t.Errorf("got %d, %v", got, err)
							return
						}
					}
				})
			}
			wg.Wait()
		})
		got := sqlByQuery(t, subs, query)
		if len(got) != workers*each {
			t.Fatalf("%d subsegments, want %d", len(got), workers*each)
		}
		for _, s := range got {
			checkPostgresSub(t, s, "postgres@127.0.0.1")
		}
	})

	t.Run("SQLConnector", func(t *testing.T) {
		cfg, err := pgx.ParseConfig(srv.url(pgPassword))
		if err != nil {
			t.Fatal(err)
		}
		cdb := sql.OpenDB(SQLConnector(srv.url(""), stdlib.GetConnector(*cfg)))
		defer cdb.Close()
		subs := sqlTrace(t, func(ctx context.Context) {
			if _, err := cdb.ExecContext(ctx, "SELECT 1"); err != nil {
				t.Fatal(err)
			}
		})
		for _, q := range []string{"CONNECT", "SELECT 1"} {
			if b := checkPostgresSub(t, sqlOne(t, subs, q), "postgres@127.0.0.1"); b["url"] != srv.url("") {
				t.Errorf("url %q", b["url"])
			}
		}
	})

	t.Run("WrongPassword", func(t *testing.T) {
		bad, err := SQLContext("pgx", srv.url("wrong-"+pgPassword))
		if err != nil {
			t.Fatal(err)
		}
		defer bad.Close()
		subs := sqlTrace(t, func(ctx context.Context) {
			if err := bad.PingContext(ctx); err == nil || !strings.Contains(err.Error(), "password authentication failed") {
				t.Errorf("ping with a wrong password: %v", err)
			}
		})
		raw, _ := json.Marshal(subs)
		if strings.Contains(string(raw), pgPassword) {
			t.Errorf("password recorded: %s", raw)
		}
	})
}
