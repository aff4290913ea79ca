package awswhitelist

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ConvertKey turns a whitelist name into an aws block key: an underscore is
// inserted before every upper-case letter except a leading one, then the
// whole name is lower-cased. "TableName" becomes "table_name",
// "QueueOwnerAWSAccountId" becomes "queue_owner_a_w_s_account_id", and
// "table_names" is unchanged.
func ConvertKey(name string) string {
	upper := 0
	for i := 0; i < len(name); {
		r, size := utf8.DecodeRuneInString(name[i:])
		if i > 0 && unicode.IsUpper(r) {
			upper++
		}
		i += size
	}
	if upper == 0 {
		return strings.ToLower(name)
	}
	var b strings.Builder
	b.Grow(len(name) + upper)
	for i := 0; i < len(name); {
		r, size := utf8.DecodeRuneInString(name[i:])
		if i > 0 && unicode.IsUpper(r) {
			b.WriteByte('_')
		}
		b.WriteString(name[i : i+size])
		i += size
	}
	return strings.ToLower(b.String())
}
