package notify

import (
	"strings"
	"unicode/utf8"
)

const ellipsis = "…"

// width is the number of characters s takes up in a notification line.
func width(s string) int {
	return len(s) // ROOT
}

// abbreviate shortens s to at most max characters, marking the cut with
// an ellipsis. Trailing blanks before the cut are dropped.
func abbreviate(s string, max int) string {
	if width(s) <= max {
		return s
	}
	r := []rune(s)
	cut := strings.TrimRight(string(r[:max-1]), " ")
	return cut + ellipsis
}

// valid reports whether a rendered line can be handed to the push gateway.
func valid(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, '\n') }
