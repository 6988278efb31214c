package gotest

import (
	"regexp"
	"strings"
	"testing"
)

func TestRunPattern(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"", ""},
		{"TestX", "^TestX$"},
		{"TestX/neg_case", "^TestX$/^neg_case$"},
		{"TestX/a.b(c)+/d[e", `^TestX$/^a\.b\(c\)\+$/^d\[e$`},
		{"TestX/", "^TestX$/^$"},
	} {
		got := RunPattern(tc.name)
		if got != tc.want {
			t.Errorf("RunPattern(%q) = %q, want %q", tc.name, got, tc.want)
		}
		// Each level matches its own name and not a longer one, as go test
		// applies it.
		names := strings.Split(tc.name, "/")
		for i, level := range strings.Split(got, "/") {
			if got == "" {
				break
			}
			re := regexp.MustCompile(level)
			if !re.MatchString(names[i]) || re.MatchString(names[i]+"x") {
				t.Errorf("RunPattern(%q): level %q does not match exactly %q", tc.name, level, names[i])
			}
		}
	}
}
