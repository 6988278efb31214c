package redact

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// field is one place of a report that holds text: plant puts a variable
// there (its value only, where the place is not a variable), get reads
// the place back.
type field struct {
	name  string
	isVar bool
	plant func(rep *report.Report, v report.Var)
	get   func(rep *report.Report) string
}

func vars(v report.Var) []report.Var { return []report.Var{{Name: "n", Value: "3"}, v} }

// fields are every place Redact covers.
var fields = []field{
	{"failure message", false, func(r *report.Report, v report.Var) { r.Failure.Message = v.Value }, func(r *report.Report) string { return r.Failure.Message }},
	{"failure case", true, func(r *report.Report, v report.Var) { r.Failure.Case = vars(v) }, func(r *report.Report) string { return r.Failure.Case[1].Value }},
	{"compiler error", false, func(r *report.Report, v report.Var) { r.Failure.Errors = []report.Location{{Message: v.Value}} }, func(r *report.Report) string { return r.Failure.Errors[0].Message }},
	{"frame arg", true, func(r *report.Report, v report.Var) { r.Frames = []report.Frame{{Args: vars(v)}} }, func(r *report.Report) string { return r.Frames[0].Args[1].Value }},
	{"frame local", true, func(r *report.Report, v report.Var) { r.Frames = []report.Frame{{Locals: vars(v)}} }, func(r *report.Report) string { return r.Frames[0].Locals[1].Value }},
	{"goroutine frame", true, func(r *report.Report, v report.Var) {
		r.Goroutines = []report.Goroutine{{ID: 1}, {ID: 2, Frames: []report.Frame{{}, {Locals: vars(v)}}}}
	}, func(r *report.Report) string { return r.Goroutines[1].Frames[1].Locals[1].Value }},
	{"wait detail", false, func(r *report.Report, v report.Var) { r.WaitFor = []report.Wait{{Op: "recv", Detail: v.Value}} }, func(r *report.Report) string { return r.WaitFor[0].Detail }},
	{"race access frame", true, func(r *report.Report, v report.Var) {
		r.Race = &report.Race{Accesses: []report.Access{{Op: "read"}, {Op: "write", Frames: []report.Frame{{Args: vars(v)}}}}}
	}, func(r *report.Report) string { return r.Race.Accesses[1].Frames[0].Args[1].Value }},
	{"race access created by", true, func(r *report.Report, v report.Var) {
		r.Race = &report.Race{Accesses: []report.Access{{Op: "read", CreatedBy: []report.Frame{{Locals: vars(v)}}}}}
	}, func(r *report.Report) string { return r.Race.Accesses[0].CreatedBy[0].Locals[1].Value }},
	{"snapshot arg", true, func(r *report.Report, v report.Var) {
		r.Snapshots = []report.Snapshot{{Hit: 1}, {Hit: 2, Args: vars(v)}}
	}, func(r *report.Report) string { return r.Snapshots[1].Args[1].Value }},
	{"snapshot local", true, func(r *report.Report, v report.Var) { r.Snapshots = []report.Snapshot{{Locals: vars(v)}} }, func(r *report.Report) string { return r.Snapshots[0].Locals[1].Value }},
	{"suspect reason", false, func(r *report.Report, v report.Var) { r.Suspects = []report.Suspect{{}, {Reason: v.Value}} }, func(r *report.Report) string { return r.Suspects[1].Reason }},
	{"suspect evidence", false, func(r *report.Report, v report.Var) {
		r.Suspects = []report.Suspect{{Evidence: []string{"x", v.Value}}}
	}, func(r *report.Report) string { return r.Suspects[0].Evidence[1] }},
	{"explanation summary", false, func(r *report.Report, v report.Var) { r.Explanation.Summary = v.Value }, func(r *report.Report) string { return r.Explanation.Summary }},
	{"explanation details", false, func(r *report.Report, v report.Var) { r.Explanation.Details = v.Value }, func(r *report.Report) string { return r.Explanation.Details }},
	{"fix title", false, func(r *report.Report, v report.Var) { r.Fixes = []report.Fix{{Title: v.Value}} }, func(r *report.Report) string { return r.Fixes[0].Title }},
	{"fix detail", false, func(r *report.Report, v report.Var) { r.Fixes = []report.Fix{{Detail: v.Value}} }, func(r *report.Report) string { return r.Fixes[0].Detail }},
	{"fix diff", false, func(r *report.Report, v report.Var) {
		r.Fixes = []report.Fix{{Diff: "--- a/x.go\n+++ b/x.go\n@@ -1 +1 @@\n-x\n+" + v.Value + "\n"}}
	}, func(r *report.Report) string { return r.Fixes[0].Diff }},
	{"memory similar", false, func(r *report.Report, v report.Var) { r.Memory.Similar = []string{v.Value} }, func(r *report.Report) string { return r.Memory.Similar[0] }},
	{"memory summary", false, func(r *report.Report, v report.Var) { r.Memory.Summary = v.Value }, func(r *report.Report) string { return r.Memory.Summary }},
	{"memory match message", false, func(r *report.Report, v report.Var) { r.Memory.Matches = []report.MemoryMatch{{Message: v.Value}} }, func(r *report.Report) string { return r.Memory.Matches[0].Message }},
	{"memory match why", false, func(r *report.Report, v report.Var) {
		r.Memory.Matches = []report.MemoryMatch{{Why: []string{v.Value}}}
	}, func(r *report.Report) string { return r.Memory.Matches[0].Why[0] }},
	{"memory match fix", false, func(r *report.Report, v report.Var) {
		r.Memory.Matches = []report.MemoryMatch{{Fix: &report.Fix{Diff: "+" + v.Value}}}
	}, func(r *report.Report) string { return r.Memory.Matches[0].Fix.Diff }},
	{"target args", false, func(r *report.Report, v report.Var) { r.Target.Args = []string{"-v", v.Value} }, func(r *report.Report) string { return r.Target.Args[1] }},
	{"target output", false, func(r *report.Report, v report.Var) { r.Target.Output = "ok\n" + v.Value + "\nFAIL\n" }, func(r *report.Report) string { return r.Target.Output }},
	{"notes", false, func(r *report.Report, v report.Var) { r.Notes = []string{"a note", v.Value} }, func(r *report.Report) string { return r.Notes[1] }},
}

// secrets are the kinds of secret planted in each field.
var secrets = []struct {
	name    string
	v       report.Var
	canary  string
	onlyVar bool // a name marks it: only variables have names
}{
	{"built-in text rule", report.Var{Name: "msg", Value: "login with password=canary-text-1a2b"}, "canary-text-1a2b", false},
	{"user pattern", report.Var{Name: "msg", Value: "license ACME-123456 expired"}, "ACME-123456", false},
	{"aws key", report.Var{Name: "msg", Value: "using AKIAIOSFODNN7EXAMPLE"}, "AKIAIOSFODNN7EXAMPLE", false},
	{"secret name", report.Var{Name: "apiKey", Type: "string", Value: `"canary-name-3c4d"`}, "canary-name-3c4d", true},
	{"secret field", report.Var{Name: "cfg", Value: `Config {User: "ada", Password: "canary-field-5e6f", Port: 5432}`}, "canary-field-5e6f", true},
	{"secret map key", report.Var{Name: "hdr", Value: `map[string]string ["X-Api-Key": "canary-map-7a8b", "Accept": "json"]`}, "canary-map-7a8b", true},
}

// TestRedactEveryField plants each kind of secret in each field, redacts
// in place with user patterns and the built-in rules together, and checks
// that the secret is gone and the one mask is there.
func TestRedactEveryField(t *testing.T) {
	r := With([]*regexp.Regexp{regexp.MustCompile(`ACME-[0-9]{6}`)})
	for _, f := range fields {
		for _, s := range secrets {
			if s.onlyVar && !f.isVar {
				continue
			}
			t.Run(f.name+"/"+s.name, func(t *testing.T) {
				rep := report.Empty("test")
				rep.Failure = &report.Failure{Kind: report.KindTestFailure}
				f.plant(rep, s.v)
				r.Redact(rep)
				got := f.get(rep)
				if strings.Contains(got, s.canary) {
					t.Errorf("the secret survived: %q", got)
				}
				if !strings.Contains(got, Mask) {
					t.Errorf("no mask: %q", got)
				}
				if strings.Contains(got, legacyMask) {
					t.Errorf("the old mask: %q", got)
				}
			})
		}
	}
}

// TestReportCopies: Report redacts a copy, every field included, and
// leaves the original as it was.
func TestReportCopies(t *testing.T) {
	const canary = "canary-copy-9f0e"
	rep := report.Empty("test")
	rep.Failure = &report.Failure{Kind: report.KindTestFailure}
	for _, f := range fields {
		if f.isVar {
			f.plant(rep, report.Var{Name: "token", Value: `"` + canary + `"`})
		} else {
			f.plant(rep, report.Var{Value: "password=" + canary})
		}
	}
	orig, _ := json.Marshal(rep)
	red := Default.Report(rep)
	b, _ := json.Marshal(red)
	if strings.Contains(string(b), canary) {
		t.Errorf("a secret survived the copy: %s", b)
	}
	after, _ := json.Marshal(rep)
	if string(after) != string(orig) {
		t.Errorf("the original report was changed:\n%s\n%s", orig, after)
	}
	if !strings.Contains(string(orig), canary) {
		t.Errorf("nothing was planted")
	}
}

// TestRedactTwice: redacting a redacted report changes nothing, even with
// a user pattern that matches the mask's word.
func TestRedactTwice(t *testing.T) {
	r := With([]*regexp.Regexp{regexp.MustCompile(`\w{8,}`), regexp.MustCompile(`ACME-[0-9]{6}`)})
	rep := report.Empty("test")
	rep.Failure = &report.Failure{Message: "password=hunter22 ACME-123456 pass opensesame"}
	rep.Frames = []report.Frame{{Locals: []report.Var{{Name: "pass", Value: `"opensesame"`}, {Name: "cfg", Value: `{Token: "tok-abcd"}`}}}}
	rep.Target.Output = "postgres://u:hunter22@db/x Bearer abcdefghijkl"
	r.Redact(rep)
	once, _ := json.Marshal(rep)
	r.Redact(rep)
	Default.Redact(rep)
	twice, _ := json.Marshal(rep)
	if string(once) != string(twice) {
		t.Errorf("a second pass changed the report:\n%s\n%s", once, twice)
	}
	if strings.Contains(string(once), "[[") || strings.Contains(string(once), "opensesame") {
		t.Errorf("%s", once)
	}
}

// TestNilAndEmpty: a nil report is no work, and an empty report keeps its
// JSON shape.
func TestNilAndEmpty(t *testing.T) {
	Default.Redact(nil)
	if Default.Report(nil) != nil {
		t.Error("Report(nil) != nil")
	}
	rep := report.Empty("test")
	want, _ := json.Marshal(rep)
	got, _ := json.Marshal(Default.Report(rep))
	if string(got) != string(want) {
		t.Errorf("shape changed:\n%s\n%s", want, got)
	}
}
