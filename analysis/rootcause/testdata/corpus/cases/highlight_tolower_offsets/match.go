package search

import "strings"

// indexFold returns the byte index of the first substring of s that equals
// sub under Unicode case folding, or -1.
func indexFold(s, sub string) int {
	for i := range s {
		if i+len(sub) > len(s) {
			break
		}
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// matchRange finds query in s without regard to case and returns the byte
// range of the first match.
func matchRange(s, query string) (start, end int, ok bool) {
	if query == "" {
		return 0, 0, false
	}
	i := strings.Index(strings.ToLower(s), strings.ToLower(query)) // ROOT
	if i < 0 {
		return 0, 0, false
	}
	return i, i + len(query), true
}

// hasCode reports whether code is one of the given IATA codes, ignoring case.
func hasCode(codes []string, code string) bool {
	for _, c := range codes {
		if len(c) == len(code) && indexFold(c, code) == 0 {
			return true
		}
	}
	return false
}
