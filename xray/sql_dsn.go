package xray

import (
	"net"
	"net/url"
	"strings"
)

// sqlDSN is what a data source name contributes to the recorded sql block:
// exactly one of url and connectionString, and the "@host" suffix of the
// subsegment name (empty unless the DSN is a URL whose host has a port).
type sqlDSN struct {
	url              string
	connectionString string
	hostSuffix       string
}

// parseDSN removes passwords from dsn and splits it into the recorded forms.
// filtered says the caller (SQLConnector) already removed credentials from
// a non-URL DSN, which is then recorded verbatim.
func parseDSN(dsn string, filtered bool) sqlDSN {
	if d, ok := parseURLDSN(dsn); ok {
		return d
	}
	if filtered {
		return sqlDSN{connectionString: dsn}
	}
	return sqlDSN{connectionString: stripPasswords(dsn)}
}

// parseURLDSN handles the DSN as a URL when it reads as one: it has a
// scheme, user info or a query, or the "user/password@host" form.
func parseURLDSN(dsn string) (sqlDSN, bool) {
	slashes := strings.Contains(dsn, "//")
	raw := dsn
	if !slashes {
		raw = "//" + dsn
	}
	u, err := url.Parse(raw)
	if err != nil {
		return sqlDSN{}, false
	}
	if u.Scheme == "" && u.User == nil && u.RawQuery == "" && !strings.Contains(u.Path, "@") {
		return sqlDSN{}, false
	}
	if strings.Contains(u.Path, "@") {
		// "user/password@host/db" parses with the user as host and the
		// rest as path. Split it by hand (query and fragment are dropped).
		u = splitSlashUserinfo(u)
	} else if u.User != nil {
		name := u.User.Username()
		if _, has := u.User.Password(); !has {
			if i := strings.IndexByte(name, '/'); i >= 0 {
				name = name[:i]
			}
		}
		u.User = url.User(name)
	}
	if u.RawQuery != "" {
		q := u.Query()
		q.Del("password")
		q.Del("X-Amz-Security-Token")
		u.RawQuery = q.Encode()
	}
	if u.Opaque != "" {
		// "jdbc:postgresql://user:pw@host/db": the part after the scheme is
		// not parsed by net/url; clean it like a connection string.
		u.Opaque = stripPasswords(u.Opaque)
	}
	var d sqlDSN
	if host, _, err := net.SplitHostPort(u.Host); err == nil && host != "" {
		d.hostSuffix = "@" + host
	}
	d.url = u.String()
	if !slashes {
		d.url = strings.TrimPrefix(d.url, "//")
	}
	return d, true
}

// splitSlashUserinfo rebuilds a "user/password@host:port/db" DSN that
// net/url read as host "user" and path "/password@host:port/db": the user
// name is what precedes the first '/' (or ':'), the password runs to the
// last '@', and only the user name is kept.
func splitSlashUserinfo(u *url.URL) *url.URL {
	s := u.Host + u.Path
	at := strings.LastIndexByte(s, '@')
	name, rest := s[:at], s[at+1:]
	if i := strings.IndexAny(name, "/:"); i >= 0 {
		name = name[:i]
	}
	host, path := rest, ""
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		host, path = rest[:i], rest[i:]
	}
	return &url.URL{Scheme: u.Scheme, User: url.User(name), Host: host, Path: path}
}
