package redact

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

func TestSecretName(t *testing.T) {
	for _, n := range []string{"password", "DB_PASSWORD", "apiKey", "APIKey", "authToken", "Authorization", "sessionCookie", "clientSecret", "key", "privateKey", "creds"} {
		if !SecretName(n) {
			t.Errorf("%s is a secret name", n)
		}
	}
	for _, n := range []string{"monkey", "keyboard", "author", "passage", "count", "user", "hotkeys", "compass"} {
		if SecretName(n) {
			t.Errorf("%s is not a secret name", n)
		}
	}
}

func TestStringMasksSecretLookingText(t *testing.T) {
	canaries := []string{
		"AKIAIOSFODNN7EXAMPLE",
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
		"sk_live_4eC39HqLyjWDarjtT1zdp7dc",
		"ghp_abcdefghijklmnopqrstuvwxyz0123456789",
		"hunter2-canary",
		"-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
	}
	in := "key " + canaries[0] + " jwt " + canaries[1] + " stripe " + canaries[2] + " gh " + canaries[3] +
		" dsn postgres://app:" + canaries[4] + "@db:5432/x " + canaries[5] + " Authorization: Bearer abcdef123456789"
	out := Default.String(in)
	for _, c := range canaries {
		if strings.Contains(out, c) {
			t.Errorf("canary %q survived: %s", c, out)
		}
	}
	if strings.Contains(out, "abcdef123456789") {
		t.Errorf("bearer token survived: %s", out)
	}
	if !strings.Contains(out, "postgres://app:"+Mask+"@db:5432/x") {
		t.Errorf("the DSN lost more than its password: %s", out)
	}
	if got := Default.String("total = 1700, want 1699"); got != "total = 1700, want 1699" {
		t.Errorf("ordinary text changed: %s", got)
	}
}

func TestUserPatterns(t *testing.T) {
	if _, err := New([]string{"("}); err == nil || !strings.Contains(err.Error(), `"("`) {
		t.Errorf("bad pattern: %v", err)
	}
	r, err := New([]string{`ACME-[0-9]{6}`})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.String("license ACME-123456 ok"); got != "license "+Mask+" ok" {
		t.Errorf("got %s", got)
	}
	// Compiled patterns, as the settings hold them, with the built-in
	// rules: one mask for both.
	w := With([]*regexp.Regexp{regexp.MustCompile(`ACME-[0-9]{6}`), nil})
	for in, want := range map[string]string{
		"license ACME-123456, password=hunter22": "license " + Mask + ", password=" + Mask,
		"AKIAIOSFODNN7EXAMPLE then ACME-654321":  Mask + " then " + Mask,
		"ordinary text":                          "ordinary text",
	} {
		if got := w.String(in); got != want {
			t.Errorf("With.String(%q) = %q, want %q", in, got, want)
		}
	}
	if got := With(nil).String("password=hunter22"); got != "password="+Mask {
		t.Errorf("With(nil) lacks the built-in rules: %q", got)
	}
}

func TestMasked(t *testing.T) {
	for s, want := range map[string]bool{
		"\tpassword := \"" + Mask + "\"": true,
		"x := \"‹redacted›\"":            true,
		"redacted := true":               false,
		"":                               false,
	} {
		if Masked(s) != want {
			t.Errorf("Masked(%q) = %v", s, !want)
		}
	}
}

// TestCode: on a line that names a secret every literal is masked; a
// diff is redacted line by line; the text rules apply everywhere.
func TestCode(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`	password := "hunter2"`, `	password := "` + Mask + `"`},
		{`	name := "bob" // fine`, `	name := "bob" // fine`},
		{`	if token == "" {`, `	if token == "" {`},
		{"-\tx := 1\n+\tapiKey := `raw`\n+\tdb := \"postgres://u:pw1234@h/x\"", "-\tx := 1\n+\tapiKey := \"" + Mask + "\"\n+\tdb := \"postgres://u:" + Mask + "@h/x\""},
	} {
		if got := Default.Code(tc.in); got != tc.want {
			t.Errorf("Code(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := Default.Code(Default.Code(tc.in)); got != tc.want {
			t.Errorf("Code twice (%q) = %q", tc.in, got)
		}
	}
}

// TestReportCanaries plants secrets everywhere a report holds text and
// checks none survives in the JSON of the redacted copy, while the
// original is left alone.
func TestReportCanaries(t *testing.T) {
	const canary = "s3cr3t-canary-value"
	rep := report.Empty("test")
	rep.Failure = &report.Failure{Kind: report.KindTestFailure, Message: "login failed for password=" + canary,
		Case: []report.Var{{Name: "token", Value: `"` + canary + `"`}}}
	fr := report.Frame{Function: "f", User: true,
		Args:   []report.Var{{Name: "apiKey", Value: `"` + canary + `"`}, {Name: "n", Value: "3"}},
		Locals: []report.Var{{Name: "cfg", Value: `Config {User: "ada", Password: "` + canary + `", Port: 5432}`}}}
	rep.Frames = []report.Frame{fr}
	rep.Goroutines = []report.Goroutine{{ID: 1, Frames: []report.Frame{fr}}}
	rep.Snapshots = []report.Snapshot{{Locals: []report.Var{{Name: "secret", Value: canary}}}}
	rep.Race = &report.Race{Accesses: []report.Access{{Frames: []report.Frame{fr}}}}
	rep.Suspects = []report.Suspect{{Reason: "uses password=" + canary, Evidence: []string{"token: " + canary}}}
	rep.Target.Output = "connecting to mysql://root:" + canary + "@localhost/db\n"
	rep.Target.Args = []string{"-token=" + canary}
	red := Default.Report(rep)
	b, _ := json.Marshal(red)
	if strings.Contains(string(b), canary) {
		t.Fatalf("canary survived redaction: %s", b)
	}
	if !strings.Contains(string(b), `"n","type":"","value":"3"`) || !strings.Contains(string(b), `User: \"ada\"`) {
		t.Errorf("redaction removed ordinary values: %s", b)
	}
	orig, _ := json.Marshal(rep)
	if !strings.Contains(string(orig), canary) {
		t.Error("the original report was changed")
	}
}
