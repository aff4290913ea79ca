package sampling

import "github.com/aws/aws-xray-sdk-go/pattern"

// Properties are the fields of a sampling rule, as they appear in a rule file.
// Patterns may use the wildcards * (any run of characters) and ? (one byte);
// matching ignores case.
type Properties struct {
	ServiceName string  `json:"service_name"`
	Host        string  `json:"host"`
	HTTPMethod  string  `json:"http_method"`
	URLPath     string  `json:"url_path"`
	FixedTarget int64   `json:"fixed_target"`
	Rate        float64 `json:"rate"`
}

// AppliesTo reports whether a request with the given host, URL path and HTTP
// method is covered by these properties: each value must be empty or match
// its pattern, ignoring case. The service name is not considered.
func (p *Properties) AppliesTo(host, path, method string) bool {
	if p == nil {
		return host == "" && path == "" && method == ""
	}
	return (host == "" || pattern.WildcardMatchCaseInsensitive(p.Host, host)) &&
		(path == "" || pattern.WildcardMatchCaseInsensitive(p.URLPath, path)) &&
		(method == "" || pattern.WildcardMatchCaseInsensitive(p.HTTPMethod, method))
}
