package search

import "strings"

// Airport is one entry of the autocomplete index.
type Airport struct {
	Code string
	Name string
}

// Highlight wraps the part of s that matches query in brackets.
func Highlight(s, query string) string {
	start, end, ok := matchRange(s, query)
	if !ok {
		return s
	}
	return s[:start] + "[" + s[start:end] + "]" + s[end:]
}

// Suggest returns the highlighted names of the airports matching query.
func Suggest(index []Airport, query string) []string {
	query = strings.TrimSpace(query)
	var out []string
	for _, a := range index {
		if hasCode([]string{a.Code}, query) {
			out = append(out, a.Code+" "+a.Name)
			continue
		}
		if h := Highlight(a.Name, query); h != a.Name {
			out = append(out, a.Code+" "+h)
		}
	}
	return out
}
