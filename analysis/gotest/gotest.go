// Package gotest holds what sleuth knows about the go test command line
// that several packages need: today, the pattern that selects exactly one
// test. It imports nothing but the standard library, so the fix verifier
// and the model client can use it without pulling in the capture engine
// (and Delve).
package gotest

import (
	"regexp"
	"strings"
)

// RunPattern returns the -run (or -skip) pattern that matches exactly the
// test named name, sub-tests included ("TestParse/empty_input" gives
// "^TestParse$/^empty_input$": each level is anchored on its own, because
// go test splits the pattern at slashes). It returns "" for "", which
// selects every test rather than none.
func RunPattern(name string) string {
	if name == "" {
		return ""
	}
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	return strings.Join(parts, "/")
}
