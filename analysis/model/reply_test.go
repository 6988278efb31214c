package model

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sleuth-dev/sleuth/analysis/redact"
)

func TestParseAnswer(t *testing.T) {
	for _, tc := range []struct {
		in, err string
	}{
		{`{"summary":"s","root_cause":{"file":"a.go","line":3},"explanation":"e","fixes":[]}`, ""},
		{`{"summary":"","explanation":"e"}`, "summary is empty"},
		{`{"summary":"s"}`, "no explanation"},
		{`{"summary":"s","explanation":"e"} trailing`, "text after"},
		{`not json`, "not the JSON"},
		{`[1,2]`, "not the JSON"},
	} {
		_, err := ParseAnswer(tc.in)
		if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("ParseAnswer(%s) = %v, want %q", tc.in, err, tc.err)
		}
	}
}

// TestCheck drops what does not hold: files outside the workspace or
// missing, bad ranges, edits that do not parse, redaction masks in code.
func TestCheck(t *testing.T) {
	rep := failingReport(t)
	root := rep.Target.Dir
	outside := filepath.Join(t.TempDir(), "x.go")
	os.WriteFile(outside, []byte("package x\n"), 0o644)
	fixOf := func(title, file string, start, end int, text string) AnswerFix {
		return AnswerFix{Title: title, Edits: []AnswerEdit{{File: file, StartLine: start, EndLine: end, NewText: text}}}
	}
	a := Answer{Summary: "s", Explanation: "e", Fixes: []AnswerFix{
		fixOf("good", "orders.go", 9, 9, "\treturn &Order{ID: id, Items: map[string]int{}}"),
		fixOf("outside", outside, 1, 1, "package y"),
		fixOf("escape", "../../etc/passwd.go", 1, 1, "x"),
		fixOf("missing", "nope.go", 1, 1, "package orders"),
		fixOf("range", "orders.go", 40, 42, "x"),
		fixOf("syntax", "orders.go", 9, 9, "\treturn &Order{ID: id,"),
		fixOf("mask", "orders.go", 9, 9, "\tpassword := \"[redacted]\""),
		{Title: "empty"},
	}}
	a.RootCause.File, a.RootCause.Line = "orders.go", 9
	c := check(a, root)
	if len(c.fixes) != 1 || c.fixes[0].Title != "good" || c.fixes[0].Edits[0].File != filepath.Join(root, "orders.go") {
		t.Errorf("kept %+v", c.fixes)
	}
	if len(c.dropped) != 7 {
		t.Errorf("dropped %d: %q", len(c.dropped), c.dropped)
	}
	if c.rootCause == nil || c.rootCause.Line != 9 {
		t.Errorf("root cause %+v", c.rootCause)
	}
	a.RootCause.Line = 99
	if c := check(a, root); c.rootCause != nil {
		t.Errorf("a root cause past the end of the file was kept")
	}
}

// TestCheckRejectsMask: an edit whose new text holds the redaction mask,
// anywhere (a literal, a comment, beside good code), is dropped: the model
// saw only the mask, and writing it would replace a value with "[redacted]".
// The mask user patterns wrote before there was one redactor counts too.
func TestCheckRejectsMask(t *testing.T) {
	rep := failingReport(t)
	root := rep.Target.Dir
	for _, text := range []string{
		"\tpassword := \"" + redact.Mask + "\"",
		"\treturn &Order{ID: id, Items: map[string]int{}} // key " + redact.Mask,
		"\tdb.Open(\"postgres://app:" + redact.Mask + "@db/x\")",
		"\ttoken := \"‹redacted›\"",
	} {
		a := Answer{Summary: "s", Explanation: "e", Fixes: []AnswerFix{
			{Title: "masked", Edits: []AnswerEdit{{File: "orders.go", StartLine: 9, EndLine: 9, NewText: text}}},
		}}
		c := check(a, root)
		if len(c.fixes) != 0 || len(c.dropped) != 1 || !strings.Contains(c.dropped[0], "redacted value") {
			t.Errorf("an edit writing %q: kept %+v, dropped %q", text, c.fixes, c.dropped)
		}
	}
}

func TestTextStream(t *testing.T) {
	reply := `{"summary" : "nil map \"items\"\n\u00e9t\u00e9 ✓", "root_cause":{"file":"summary.go","line":1},` +
		`"explanation":"New forgets it","fixes":[{"title":"summary","edits":[]}]}`
	// Every split of the reply into two chunks gives the same text.
	for cut := 0; cut <= len(reply); cut++ {
		got := map[string]string{}
		ts := newTextStream(func(f, s string) { got[f] += s }, "summary", "explanation")
		ts.Write(reply[:cut])
		ts.Write(reply[cut:])
		if got["summary"] != "nil map \"items\"\nété ✓" || got["explanation"] != "New forgets it" || len(got) != 2 {
			t.Fatalf("cut at %d: %q", cut, got)
		}
	}
}

func FuzzParseAnswer(f *testing.F) {
	f.Add(`{"summary":"s","root_cause":{"file":"a.go","line":3},"explanation":"e","fixes":[{"title":"t","edits":[{"file":"a.go","start_line":1,"end_line":1,"new_text":"x"}]}]}`)
	f.Add(`{"summary":"\u0000","explanation":""}`)
	root := f.TempDir()
	os.WriteFile(filepath.Join(root, "a.go"), []byte("package a\n"), 0o644)
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAnswer(s)
		if err == nil {
			check(a, root)
		}
		ts := newTextStream(func(string, string) {}, "summary")
		ts.Write(s)
	})
}
