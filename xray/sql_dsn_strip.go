package xray

import (
	"bytes"
	"strings"
)

// stripPasswords removes the password from a connection string that is not
// a URL: "password=…"/"pwd=…" pairs (space- or semicolon-separated, ODBC
// braces) and the password of "user:password@address" forms. What remains
// is copied byte for byte.
//
// It walks the DSN as tokens ended by ':' or the delimiter and drops the
// tokens that hold a password (the algorithm of integrations.md §1.4, whose
// output it keeps wherever that algorithm leaves no part of a password
// behind). Beyond it, a password value may contain ':', '@', '=' or the
// other separator, be quoted ('…' or "…"), have spaces around its '=', or
// follow other text in its token ("…?password=", "…;pwd=" when spaces
// delimit); in "user:pass:word@host" everything from the user name's colon
// goes, and an '@' followed by another one before the address belongs to
// the password.
func stripPasswords(dsn string) string {
	delim := byte(' ')
	if strings.Count(dsn, ";") > strings.Count(dsn, " ") {
		delim = ';'
	}
	s := passwordStripper{dsn: dsn, delim: delim, out: make([]byte, 0, len(dsn))}
	for ; s.i < len(dsn); s.i++ {
		s.step()
	}
	s.i = len(dsn) - 1
	s.brace = false
	s.quote = 0
	s.flush()
	return string(s.out)
}

// passwordStripper is the state of one stripPasswords walk. The current
// token is dsn[start:i+1].
type passwordStripper struct {
	dsn   string
	delim byte
	out   []byte
	i     int
	start int

	marked    bool // the token holds a password
	valueSeen bool // a marked token's value has begun (a non-space byte after '=')
	queryKey  bool // a marked token started at '?' or '&': '&' and '#' end it
	brace     bool // inside an ODBC {…} value
	quote     byte // inside a quoted password value
}

func (s *passwordStripper) step() {
	b := s.dsn[s.i]
	if s.quote != 0 {
		if b == '\\' && s.i+1 < len(s.dsn) {
			s.i++
		} else if b == s.quote {
			s.quote = 0
		}
		return
	}
	switch {
	case b == s.delim:
		switch {
		case s.marked && !s.valueSeen && b == ' ':
			// "password= value": the value starts after the spaces.
		case !s.marked && b == ' ' && isPasswordKey(s.dsn[s.start:s.i]) && s.nextNonSpace() == '=':
			// "password = value": keep the key with its value.
		default:
			s.flush()
		}
	case b == ':':
		if s.marked {
			s.valueSeen = true
			return
		}
		s.flush()
	case b == '=':
		s.equals()
	case b == '}':
		if s.i+1 < len(s.dsn) && s.dsn[s.i+1] == '}' {
			s.i++
		} else {
			s.brace = false
		}
		s.value(b)
	case b == '@':
		if s.marked {
			s.valueSeen = true
			return
		}
		s.at()
	case s.marked && s.queryKey && (b == '&' || b == '#'):
		s.flush()
	default:
		s.value(b)
	}
}

// value notes a byte of a marked token's value; a leading quote starts a
// quoted value.
func (s *passwordStripper) value(b byte) {
	if !s.marked || s.valueSeen || b == ' ' {
		return
	}
	s.valueSeen = true
	if b == '\'' || b == '"' {
		s.quote = b
	}
}

// equals handles '=': a password key marks the token. The key may follow
// other text in the token ("…?password=", "…;Pwd=" when spaces are the
// delimiter, "… password=" when semicolons are): that text is kept.
func (s *passwordStripper) equals() {
	inBrace := s.brace
	if s.i+1 < len(s.dsn) && s.dsn[s.i+1] == '{' {
		s.brace = true
	}
	if s.marked {
		s.valueSeen = true
		return
	}
	key := s.dsn[s.start:s.i]
	if isPasswordKey(key) {
		s.marked = true
		return
	}
	j := strings.LastIndexAny(key, " \t;?&")
	if j < 0 || !isPasswordKey(key[j+1:]) {
		return
	}
	s.marked = true
	if s.dsn[s.start+j] == '?' || s.dsn[s.start+j] == '&' {
		s.queryKey = true
	}
	if !inBrace {
		// Keep what precedes the key, unless it is inside an earlier
		// {…} value (then the whole token goes).
		s.out = append(s.out, s.dsn[s.start:s.start+j+1]...)
		s.start += j + 1
	}
}

// at handles '@' outside a password value: in "user:password@host" the
// token before it is the password, and so is whatever follows the user
// name's colon in the output (counted from a "//", else from the start). An
// '@' followed by another one before the address belongs to the password.
func (s *passwordStripper) at() {
	if bytes.IndexByte(s.out, ':') < 0 || s.moreAt() {
		return
	}
	seg := 0
	if j := bytes.LastIndex(s.out, []byte("//")); j >= 0 {
		seg = j + 2
	}
	if j := bytes.IndexByte(s.out[seg:], ':'); j >= 0 {
		s.out = s.out[:seg+j]
	}
	s.marked = true
	s.flush()
	s.out = append(s.out, '@')
}

// moreAt reports whether another '@' follows before the last '/' (where a
// "user:password@address/db" DSN's address ends).
func (s *passwordStripper) moreAt() bool {
	end := len(s.dsn)
	if j := strings.LastIndexByte(s.dsn, '/'); j > s.i {
		end = j
	}
	return strings.IndexByte(s.dsn[s.i+1:end], '@') >= 0
}

// nextNonSpace returns the first byte after the current one that is not a
// space, or 0.
func (s *passwordStripper) nextNonSpace() byte {
	for k := s.i + 1; k < len(s.dsn); k++ {
		if s.dsn[k] != ' ' {
			return s.dsn[k]
		}
	}
	return 0
}

// flush ends the token (unless inside braces), keeping it unless it holds a
// password.
func (s *passwordStripper) flush() {
	if s.brace {
		return
	}
	if !s.marked {
		s.out = append(s.out, s.dsn[s.start:s.i+1]...)
	}
	s.start = s.i + 1
	s.marked = false
	s.valueSeen = false
	s.queryKey = false
}

// isPasswordKey reports whether key, without surrounding spaces, names a
// password (any case).
func isPasswordKey(key string) bool {
	key = strings.Trim(key, " \t")
	return strings.EqualFold(key, "password") || strings.EqualFold(key, "pwd")
}
