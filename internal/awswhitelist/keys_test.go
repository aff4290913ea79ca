package awswhitelist

import (
	"strings"
	"testing"
	"unicode"
)

func TestConvertKey(t *testing.T) {
	for in, want := range map[string]string{
		"TableName":              "table_name",
		"QueueUrl":               "queue_url",
		"ConsistentRead":         "consistent_read",
		"QueueOwnerAWSAccountId": "queue_owner_a_w_s_account_id",
		"table_names":            "table_names",
		"requestitems":           "requestitems",
		"Key":                    "key",
		"":                       "",
		"aB":                     "a_b",
		"ÉtatCivil":              "état_civil",
	} {
		if got := ConvertKey(in); got != want {
			t.Errorf("ConvertKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzConvertKey(f *testing.F) {
	for _, s := range []string{"TableName", "QueueOwnerAWSAccountId", "table_names", "", "\xff\xfeA", "ÀÉ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := ConvertKey(s)
		if got != strings.ToLower(got) {
			t.Fatalf("ConvertKey(%q) = %q is not lower case", s, got)
		}
		ascii := true
		upper := 0
		for i, r := range s {
			if r >= 0x80 {
				ascii = false
			}
			if i > 0 && unicode.IsUpper(r) {
				upper++
			}
		}
		if ascii && len(got) != len(s)+upper {
			t.Fatalf("ConvertKey(%q) = %q: want %d underscores added", s, got, upper)
		}
	})
}
