package capture

import (
	"strings"
	"testing"
)

// TestLaunchErrorsSayWhatToDo: the errors a user can act on carry the action.
func TestLaunchErrorsSayWhatToDo(t *testing.T) {
	cases := map[string]string{
		"fork/exec /x/pkg.test: operation not permitted": "ptrace_scope",
		"unsupported Go version: too old":                "Go version between 1.25 and 1.27",
		"something else":                                 "something else",
	}
	for in, want := range cases {
		if got := explainLaunchError(in); !strings.Contains(got, want) {
			t.Errorf("explainLaunchError(%q) = %q, want it to mention %q", in, got, want)
		}
	}
}
