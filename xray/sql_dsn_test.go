package xray

import "testing"

func TestDSNStripPasswordsReference(t *testing.T) {
	cases := []struct{ in, want string }{
		// The spec's reference cases.
		{"user=user database=database", "user=user database=database"},
		{"user=user password=password database=database", "user=user database=database"},
		{"odbc:server=localhost;user id=sa;password={foo}};bar};otherthing=thing", "odbc:server=localhost;user id=sa;otherthing=thing"},
		{"password=", ""},
		{"pwd=", ""},
		{"user:password@tcp(localhost:5555)/dbname?tls=skip-verify&autocommit=true", "user@tcp(localhost:5555)/dbname?tls=skip-verify&autocommit=true"},
		{"user:password@tcp([de:ad:be:ef::ca:fe]:80)/dbname?timeout=90s&collation=utf8mb4_unicode_ci", "user@tcp([de:ad:be:ef::ca:fe]:80)/dbname?timeout=90s&collation=utf8mb4_unicode_ci"},
		{"user:password@/", "user@/"},
		// Plain algorithm, other shapes.
		{"", ""},
		{":memory:", ":memory:"},
		{"file:test.db?cache=shared&mode=memory", "file:test.db?cache=shared&mode=memory"},
		{"host=db port=5432 PASSWORD=x user=u", "host=db port=5432 user=u"},
		{"Server=db;Database=d;Pwd=secret;Encrypt=true", "Server=db;Database=d;Encrypt=true"},
		{"server=a;password={x;y}};z};uid=u", "server=a;uid=u"},
		{"user id=bob@corp.com;password=x;server=s", "user id=bob@corp.com;server=s"},
		// Passwords the plain algorithm would leak, kept whole.
		{"user=u password=a:b dbname=d", "user=u dbname=d"},
		{"user=u password=a@b dbname=d", "user=u dbname=d"},
		{"host=h:1 password=a@b user=u", "host=h:1 user=u"},
		{"user=u password=a=b dbname=d", "user=u dbname=d"},
		{"user=u password='a b\\' c' dbname=d", "user=u dbname=d"},
		{`user="u" password="a b" connectString="h/s"`, `user="u" connectString="h/s"`},
		{"user=u password= secret dbname=d", "user=u dbname=d"},
		{"user=u password = secret dbname=d", "user=u dbname=d"},
		{"Server=db; Password=secret;User Id=u;x=y", "Server=db;User Id=u;x=y"},
		{"Server=db;Password =secret;User Id=u;x=y", "Server=db;User Id=u;x=y"},
		{"user:pa:ss@tcp(h:1)/db", "user@tcp(h:1)/db"},
		{"user:pa@ss@tcp(h:1)/db", "user@tcp(h:1)/db"},
		{"user:p@s:s@tcp(h:1)/db?x=1", "user@tcp(h:1)/db?x=1"},
		{"jdbc:x://h/db?a=1&password=secret&b=2", "jdbc:x://h/db?a=1&b=2"},
		{"jdbc:x://h/db?pwd=secret", "jdbc:x://h/db?"},
	}
	for _, c := range cases {
		if got := stripPasswords(c.in); got != c.want {
			t.Errorf("stripPasswords(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestDSNParse(t *testing.T) {
	cases := []struct {
		in                string
		filtered          bool
		url, conn, suffix string
	}{
		// The spec's URL reference cases.
		{in: "postgres://user@host:5432/database", url: "postgres://user@host:5432/database", suffix: "@host"},
		{in: "postgres://user:password@host:5432/database", url: "postgres://user@host:5432/database", suffix: "@host"},
		{in: "postgres://host:5432/database?password=password", url: "postgres://host:5432/database", suffix: "@host"},
		{in: "user:password@host:5432/database", url: "user@host:5432/database", suffix: "@host"},
		{in: "host:5432/database?password=password", url: "host:5432/database", suffix: "@host"},
		{in: "user%2Fpassword@host:5432/database", url: "user@host:5432/database", suffix: "@host"},
		{in: "user/password@host:5432/database", url: "user@host:5432/database", suffix: "@host"},
		{in: "postgres://host:5432/database?X-Amz-Security-Token=token", url: "postgres://host:5432/database", suffix: "@host"},
		{in: "postgres://bob:pw@dbhost:5432/mydb?sslmode=disable&password=x", url: "postgres://bob@dbhost:5432/mydb?sslmode=disable", suffix: "@dbhost"},
		{in: "user=user database=database", conn: "user=user database=database"},
		// No port: no host suffix (kept from upstream).
		{in: "postgres://u@dbhost/mydb", url: "postgres://u@dbhost/mydb"},
		// Query re-encoded: sorted keys.
		{in: "postgres://h:1/d?z=1&a=2&password=p", url: "postgres://h:1/d?a=2&z=1", suffix: "@h"},
		// Not URLs.
		{in: ":memory:", conn: ":memory:"},
		{in: "file:test.db?cache=shared", conn: "file:test.db?cache=shared"},
		{in: "user=u password=p", conn: "user=u "},
		{in: "user=u password=p", filtered: true, conn: "user=u password=p"},
		{in: "user:password@tcp(localhost:5555)/dbname", conn: "user@tcp(localhost:5555)/dbname"},
		// The "user/password@host" form with a scheme (upstream recorded the
		// password here).
		{in: "oracle://scott/tiger@dbhost:1521/orcl", url: "oracle://scott@dbhost:1521/orcl", suffix: "@dbhost"},
		// A scheme before a URL ("jdbc:").
		{in: "jdbc:postgresql://u:secret@h:5432/db", url: "jdbc:postgresql://u@h:5432/db"},
		// Userinfo net/url refuses.
		{in: "postgres://u:p{w@h/db", conn: "postgres://u@h/db"},
	}
	for _, c := range cases {
		got := parseDSN(c.in, c.filtered)
		if got.url != c.url || got.connectionString != c.conn || got.hostSuffix != c.suffix {
			t.Errorf("parseDSN(%q, %v) = url %q conn %q suffix %q; want url %q conn %q suffix %q",
				c.in, c.filtered, got.url, got.connectionString, got.hostSuffix, c.url, c.conn, c.suffix)
		}
	}
}
