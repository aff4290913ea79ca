package xray

import (
	"net/url"
	"strings"
	"testing"
)

// dsnSafe keeps the bytes of s that cannot change a DSN's structure (the
// fuzzers vary these parts only so far), or returns def.
func dsnSafe(s, def string) string {
	var b strings.Builder
	for i := 0; i < len(s) && b.Len() < 24; i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' {
			b.WriteByte(c)
		}
	}
	if b.Len() == 0 {
		return def
	}
	return b.String()
}

// dsnForms builds a DSN of each supported form around a password; ok is
// false when the password cannot be written in that form.
var dsnForms = []struct {
	name  string
	isURL bool
	build func(pw, user, extra string, variant uint8) (dsn string, ok bool)
}{
	{"url userinfo", true, func(pw, user, extra string, v uint8) (string, bool) {
		scheme := []string{"postgres", "mysql", "sqlserver", "jdbc:postgresql"}[v%4]
		return scheme + "://" + url.UserPassword(user, pw).String() + "@db.example:5432/shop?sslmode=" + url.QueryEscape(extra), true
	}},
	{"url query", true, func(pw, user, extra string, v uint8) (string, bool) {
		key := []string{"password", "X-Amz-Security-Token"}[v%2]
		q := url.Values{key: {pw}, "app": {extra}}
		return "postgres://" + user + "@db.example:5432/shop?" + q.Encode(), true
	}},
	{"schemeless url", true, func(pw, user, extra string, v uint8) (string, bool) {
		return url.UserPassword(user, pw).String() + "@db.example:5432/" + extra, true
	}},
	{"keyword", false, func(pw, user, extra string, v uint8) (string, bool) {
		key := []string{"password", "PASSWORD", "pwd"}[v%3]
		val := pw
		if pw == "" || strings.ContainsAny(pw, " \t\n\r\v\f'\"\\;{}") {
			val = "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(pw) + "'"
		}
		return "host=db.example user=" + user + " " + key + "=" + val + " dbname=shop application_name=" + extra, true
	}},
	{"odbc", false, func(pw, user, extra string, v uint8) (string, bool) {
		key := []string{"Password", "PWD", "pwd"}[v%3]
		val := pw
		if pw == "" || strings.ContainsAny(pw, " \t;{}'\"") {
			val = "{" + strings.ReplaceAll(pw, "}", "}}") + "}"
		}
		prefix := []string{"", "odbc:"}[v%2]
		return prefix + "Server=db.example;User Id=" + user + ";" + key + "=" + val + ";Database=shop;App=" + extra, true
	}},
	{"mysql", false, func(pw, user, extra string, v uint8) (string, bool) {
		if strings.Contains(pw, "/") {
			return "", false
		}
		addr := []string{"tcp(db.example:3306)", "tcp([de:ad::1]:3306)", "unix(/tmp/mysql.sock)", ""}[v%4]
		return user + ":" + pw + "@" + addr + "/shop?charset=" + extra, true
	}},
	{"oracle", true, func(pw, user, extra string, v uint8) (string, bool) {
		for i := 0; i < len(pw); i++ {
			if c := pw[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$') {
				return "", false
			}
		}
		scheme := []string{"", "oracle://"}[v%2]
		return scheme + user + "/" + pw + "@db.example:1521/" + extra, true
	}},
}

// recordedDSN is every field a DSN contributes to a document.
func recordedDSN(dsn string, filtered bool) string {
	d := parseDSN(dsn, filtered)
	return d.url + "\n" + d.connectionString + "\n" + d.hostSuffix
}

// FuzzDSNPassword checks that no password, in any supported DSN form, is
// recorded: not as written, not escaped.
func FuzzDSNPassword(f *testing.F) {
	for i := range dsnForms {
		f.Add(uint8(i), uint8(0), "password", "user", "extra")
		f.Add(uint8(i), uint8(1), "p@ss:w/rd;{x}} 'y'", "bob", "app")
	}
	f.Add(uint8(5), uint8(0), "pa:ss@wo;rd", "root", "utf8")
	f.Add(uint8(3), uint8(2), "se cret", "u", "x")
	f.Fuzz(checkDSNPassword)
}

// checkDSNPassword is FuzzDSNPassword's property for one input.
func checkDSNPassword(t *testing.T, form, variant uint8, pw, user, extra string) {
	df := dsnForms[int(form)%len(dsnForms)]
	user, extra = dsnSafe(user, "user"), dsnSafe(extra, "x")
	if len(pw) < 3 {
		return // too short to tell from the rest of the DSN
	}
	dsn, ok := df.build(pw, user, extra, variant)
	if !ok {
		return
	}
	const placeholder = "Qq0Qq"
	plain, _ := df.build(placeholder, user, extra, variant)
	forms := []string{pw, url.QueryEscape(pw), url.PathEscape(pw), url.UserPassword("", pw).String()}
	for _, filtered := range []bool{false, true} {
		if filtered && !df.isURL {
			continue // SQLConnector records non-URL DSNs as given
		}
		base := recordedDSN(plain, filtered)
		got := recordedDSN(dsn, filtered)
		for _, p := range forms {
			if len(p) >= 3 && strings.Contains(got, p) && !strings.Contains(base, p) {
				t.Fatalf("%s DSN %q (filtered %v): password %q recorded in %q", df.name, dsn, filtered, p, got)
			}
		}
	}
}

// TestDSNTrickyPasswords runs FuzzDSNPassword's property over passwords
// made of the characters each form gives a meaning to.
func TestDSNTrickyPasswords(t *testing.T) {
	pws := []string{
		"a:b:c", "a@b@c", "a b c", "a;b;c", ";;;;;;;;;;", "       x", "'quoted'", `"dq"`, "{brace}", "}}}", "{{{",
		"a=b=c", "p%41ss", "p/ss/w", "x?y#z", `\\`, "password=", "@@@@", ":::", `a'b"c\d`, "pwd=x y",
		"a b;c d;e f;g h;i j", "tcp(h:1)/d", "//x:y@z", "&password=q", "ab\x00cd", "ünïcödé",
	}
	for form := range dsnForms {
		for variant := range uint8(4) {
			for _, pw := range pws {
				checkDSNPassword(t, uint8(form), variant, pw, "bob", "app")
			}
		}
	}
}

// FuzzDSNAnyInput feeds arbitrary bytes: parsing never panics, records a
// URL or a connection string (not both), a recorded URL has no password in
// its user info or query, and stripping only removes.
func FuzzDSNAnyInput(f *testing.F) {
	for _, s := range []string{
		"user=user password=password database=database",
		"odbc:server=localhost;user id=sa;password={foo}};bar};otherthing=thing",
		"user:password@tcp([de:ad:be:ef::ca:fe]:80)/dbname?timeout=90s&collation=utf8mb4_unicode_ci",
		"postgres://user:password@host:5432/database?password=x&X-Amz-Security-Token=t",
		"user/password@host:5432/database",
		"jdbc:postgresql://u:pw@h/db",
		"password= 'a b' x",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dsn string) {
		for _, filtered := range []bool{false, true} {
			d := parseDSN(dsn, filtered)
			if d.url != "" && d.connectionString != "" {
				t.Fatalf("%q: both url %q and connection_string %q", dsn, d.url, d.connectionString)
			}
			if d.hostSuffix != "" && d.url == "" {
				t.Fatalf("%q: host suffix %q without a URL", dsn, d.hostSuffix)
			}
			if d.url == "" {
				continue
			}
			raw := d.url
			if !strings.Contains(dsn, "//") {
				raw = "//" + raw
			}
			u, err := url.Parse(raw)
			if err != nil {
				continue
			}
			if u.User != nil {
				if pw, _ := u.User.Password(); pw != "" {
					t.Fatalf("%q: recorded URL %q has a password", dsn, d.url)
				}
			}
			if q, err := url.ParseQuery(u.RawQuery); err == nil && (q.Has("password") || q.Has("X-Amz-Security-Token")) {
				t.Fatalf("%q: recorded URL %q keeps a secret parameter", dsn, d.url)
			}
		}
		if cs := stripPasswords(dsn); len(cs) > len(dsn) {
			t.Fatalf("%q: stripping grew it to %q", dsn, cs)
		}
	})
}
