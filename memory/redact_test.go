package memory

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/sleuth-dev/sleuth/analysis/redact"
	"github.com/sleuth-dev/sleuth/analysis/report"
)

// TestIncidentMasksKnownSecrets: a value a secret-named variable holds is
// masked in everything the incident keeps (message, signature, evidence,
// fixes), with the one mask, and a fix's diff is redacted as code.
func TestIncidentMasksKnownSecrets(t *testing.T) {
	const secret = "mem-canary-pw"
	rep := failure(report.KindTestFailure, "auth failed: pass "+secret, "TestLogin", 12, "example.com/auth.Login")
	rep.Frames[1].Locals = []report.Var{{Name: "password", Type: "string", Value: `"` + secret + `"`}}
	rep.Explanation = report.Explanation{Summary: "Login sends " + secret, Source: "evidence"}
	rep.Fixes = []report.Fix{{Title: "use " + secret, Diff: "--- a/a.go\n+++ b/a.go\n@@ -1 +1 @@\n-\tx\n+\tpassword := \"literal-in-source\"\n"}}
	in := incident(t, rep, t0)
	b, _ := json.Marshal(in)
	for _, s := range []string{secret, "literal-in-source", "‹redacted›"} {
		if strings.Contains(string(b), s) {
			t.Errorf("the incident holds %q: %s", s, b)
		}
	}
	if !strings.Contains(in.Message, redact.Mask) || !strings.Contains(in.Fixes[0].Diff, redact.Mask) {
		t.Errorf("no mask: message %q, diff %q", in.Message, in.Fixes[0].Diff)
	}
}

// TestNormalizeDiffRedacts: a fresh diff compares equal to the same diff
// as stored (redacted), secret literal or not.
func TestNormalizeDiffRedacts(t *testing.T) {
	fresh := "--- a/a.go\n+++ b/a.go\n@@ -1 +1 @@\n-\tx\n+\ttoken := \"abc-secret-literal\"\n"
	stored := redact.Default.Code(fresh)
	if NormalizeDiff(fresh) != NormalizeDiff(stored) {
		t.Errorf("%q != %q", NormalizeDiff(fresh), NormalizeDiff(stored))
	}
	if strings.Contains(NormalizeDiff(fresh), "abc-secret-literal") {
		t.Errorf("NormalizeDiff keeps the literal: %q", NormalizeDiff(fresh))
	}
	if !Applied(fresh, stored) {
		t.Error("a fix is not found in its own redacted diff")
	}
}
