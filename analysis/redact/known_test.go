package redact

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// TestKnownSecretValues: a value read from a secret-named variable, field
// or map key is masked wherever else the report holds it, where no name or
// pattern marks it.
func TestKnownSecretValues(t *testing.T) {
	for _, tc := range []struct {
		name    string
		v       report.Var
		message string // holds the secret; must lose it
		secret  string
		want    string // the message after redaction, when exact
	}{
		{"a local named password", report.Var{Name: "password", Type: "string", Value: `"hunter2-canary"`},
			"auth failed: pass hunter2-canary", "hunter2-canary", "auth failed: pass " + Mask},
		{"quoted with %q", report.Var{Name: "dbPass", Value: `"a\"b-canary"`},
			`login "a\"b-canary" refused, raw a"b-canary`, `b-canary`, `login "` + Mask + `" refused, raw ` + Mask},
		{"a secret field of a struct", report.Var{Name: "cfg", Value: `Config {User: "ada", Password: "fieldpw-canary", Port: 5432}`},
			"connect ada/fieldpw-canary failed", "fieldpw-canary", "connect ada/" + Mask + " failed"},
		{"a secret map key", report.Var{Name: "h", Value: `map[string]string ["Authorization": "tokmap-canary"]`},
			"sent tokmap-canary", "tokmap-canary", "sent " + Mask},
		{"a struct held by a secret name", report.Var{Name: "creds", Value: `Creds {User: "bob-canary", Pin: "9911-canary"}`},
			"user bob-canary pin 9911-canary", "canary", "user " + Mask + " pin " + Mask},
		{"a string Delve read in part", report.Var{Name: "token", Value: `"abcdefgh...+24 more"`},
			"bad token abcdefgh0123456789abcdefghijklmn, retry", "abcdefgh", "bad token " + Mask + ", retry"},
		{"a string the capture cut", report.Var{Name: "secret", Value: `"cutsecret-0123…`},
			"secret cutsecret-0123456789 rejected", "cutsecret", "secret " + Mask + " rejected"},
		{"a []byte", report.Var{Name: "key", Type: "[]uint8", Value: `[]uint8 len: 6, cap: 8, [104,117,110,116,101,114]`},
			"key hunter rejected", "hunter", "key " + Mask + " rejected"},
		{"an interface holding a string", report.Var{Name: "apiToken", Value: `interface {}(string) "iface-canary"`},
			"got iface-canary", "iface-canary", "got " + Mask},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := report.Empty("test")
			rep.Failure = &report.Failure{Message: tc.message}
			rep.Frames = []report.Frame{{Locals: []report.Var{tc.v, {Name: "msg", Value: `"` + tc.message + `"`}}}}
			rep.Suspects = []report.Suspect{{Reason: "r", Evidence: []string{tc.message}}}
			rep.Target.Output = "--- FAIL\n    " + tc.message + "\n"
			rep.Explanation.Summary = tc.message
			rep.Notes = []string{tc.message}
			rep.Fixes = []report.Fix{{Title: tc.message, Diff: "+\tlog.Print(\"" + tc.message + "\")\n"}}
			Default.Redact(rep)
			b, _ := json.Marshal(rep)
			if strings.Contains(string(b), tc.secret) {
				t.Errorf("the secret survived: %s", b)
			}
			if tc.want != "" && rep.Failure.Message != tc.want {
				t.Errorf("message %q, want %q", rep.Failure.Message, tc.want)
			}
		})
	}
}

// TestKnownSecretValuesNotCollected: short values, numbers, booleans and
// pointers of secret-named variables mask their own value only: masking
// "true" or "42" everywhere would blank unrelated text.
func TestKnownSecretValuesNotCollected(t *testing.T) {
	const msg = "want true got false after 1234 tries at 0xc000012345, abc"
	rep := report.Empty("test")
	rep.Failure = &report.Failure{Message: msg}
	rep.Frames = []report.Frame{{Locals: []report.Var{
		{Name: "hasToken", Value: "true"}, {Name: "keyCount", Value: "1234"},
		{Name: "auth", Value: "*Auth 0xc000012345"}, {Name: "pwd", Value: `"abc"`},
	}}}
	if Default.For(rep) != Default {
		t.Errorf("For found secret values in %+v", rep.Frames[0].Locals)
	}
	Default.Redact(rep)
	if rep.Failure.Message != msg {
		t.Errorf("message %q, want %q", rep.Failure.Message, msg)
	}
	for _, v := range rep.Frames[0].Locals {
		if v.Value != Mask {
			t.Errorf("%s = %q, want the mask", v.Name, v.Value)
		}
	}
}

// TestForBindsOnce: a Redactor bound to a report before it was redacted
// keeps masking its secret values in text added afterwards (a fix's
// verification output), after the variables themselves are masked.
func TestForBindsOnce(t *testing.T) {
	rep := report.Empty("test")
	rep.Frames = []report.Frame{{Locals: []report.Var{{Name: "password", Value: `"later-canary"`}}}}
	r := Default.For(rep)
	r.Redact(rep)
	rep.Notes = append(rep.Notes, "verification: pass later-canary refused")
	r.Redact(rep)
	if got := rep.Notes[0]; got != "verification: pass "+Mask+" refused" {
		t.Errorf("note %q", got)
	}
	if got := r.String("code later-canary"); got != "code "+Mask {
		t.Errorf("String %q", got)
	}
}
