package model

import (
	"strings"
	"testing"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// TestBuildMasksKnownSecrets: a value the report shows to be secret (a
// local named password) is masked wherever the prompt repeats it: the
// failure message, another variable, a past incident, a failed attempt's
// diff and result; and the prompt names the one mask it must not write.
func TestBuildMasksKnownSecrets(t *testing.T) {
	const secret = "orders-canary-pw"
	rep := failingReport(t)
	rep.Failure.Message = "auth failed: pass " + secret
	fr := &rep.Frames[1]
	fr.Locals = append(fr.Locals, report.Var{Name: "password", Type: "string", Value: `"` + secret + `"`},
		report.Var{Name: "line", Type: "string", Value: `"user=bob pass=` + secret + `"`})
	p := Build(Input{
		Report: rep, Root: rep.Target.Dir, Budget: 8000,
		Past:  []Past{{Summary: "login refused for " + secret, Fix: "+\tlogin(\"" + secret + "\")", Worked: true}},
		Tried: []Attempt{{Title: "retry", Diff: "+\tretry(\"" + secret + "\")", Detail: "still failing: pass " + secret}},
	})
	if strings.Contains(p.User, secret) || strings.Contains(p.System, secret) {
		t.Errorf("the prompt holds the secret:\n%s", p.User)
	}
	if n := strings.Count(p.User, "[redacted]"); n < 5 {
		t.Errorf("%d masks in the prompt, want at least 5:\n%s", n, p.User)
	}
	if !strings.Contains(p.System, `Never write "[redacted]" into code`) {
		t.Errorf("the system prompt does not name the mask: %s", p.System)
	}
}
