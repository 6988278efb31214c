package capture

import (
	"regexp"
	"strings"
)

// pkgPath matches an import-path qualifier such as "example.com/shop/cart."
// in a rendered type or value.
var pkgPath = regexp.MustCompile(`(?:[A-Za-z0-9_][A-Za-z0-9_.~-]*/)+([A-Za-z0-9_]+\.)`)

// shortenTypes rewrites "example.com/shop/cart.Item" to "cart.Item" outside
// quoted strings, the way Go's own error messages name types: full import
// paths make values unreadable and say nothing the file path does not.
func shortenTypes(s string) string {
	if !strings.Contains(s, "/") {
		return s
	}
	var b strings.Builder
	for len(s) > 0 {
		q := strings.IndexByte(s, '"')
		if q < 0 {
			b.WriteString(pkgPath.ReplaceAllString(s, "$1"))
			break
		}
		b.WriteString(pkgPath.ReplaceAllString(s[:q], "$1"))
		end := closingQuote(s, q)
		b.WriteString(s[q:end])
		s = s[end:]
	}
	return b.String()
}

// closingQuote returns the index just past the string literal opening at q.
func closingQuote(s string, q int) int {
	for i := q + 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(s)
}

// dropAnonType removes the type in front of an anonymous struct's value
// ("struct { name string } {name: "x"}" → "{name: "x"}"): the field names
// are in the value already.
func dropAnonType(val string) string {
	if !strings.HasPrefix(val, "struct {") {
		return val
	}
	depth := 0
	for i := len("struct "); i < len(val); i++ {
		switch val[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return strings.TrimSpace(val[i+1:])
			}
		}
	}
	return val
}
