package server

import (
	"encoding/json"
	"strings"
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

func TestPositions(t *testing.T) {
	// "é" is 2 bytes and 1 UTF-16 unit; "𝔤" is 4 bytes and 2 units.
	d := newDocument("/x.go", "file:///x.go", 1, []byte("package x\n\tvar é, 𝔤 = 1, 2 // z\r\nlast"))
	tests := []struct {
		line, col int
		want      protocol.Position
	}{
		{1, 1, protocol.Position{Line: 0, Character: 0}},
		{2, 0, protocol.Position{Line: 1, Character: 1}},   // first non-blank
		{2, 6, protocol.Position{Line: 1, Character: 5}},   // at é
		{2, 10, protocol.Position{Line: 1, Character: 8}},  // at 𝔤 (after "é, ")
		{2, 14, protocol.Position{Line: 1, Character: 10}}, // after 𝔤
		{2, 999, protocol.Position{Line: 1, Character: 22}},
		{99, 1, protocol.Position{Line: 2, Character: 0}}, // clamped
	}
	for _, tt := range tests {
		if got := d.lspPos(tt.line, tt.col); got != tt.want {
			t.Errorf("lspPos(%d, %d) = %+v, want %+v", tt.line, tt.col, got, tt.want)
		}
	}
	if line, off, ok := d.domainPos(protocol.Position{Line: 1, Character: 10}); !ok || line != 2 || off != 13 {
		t.Errorf("domainPos = %d, %d, %v", line, off, ok)
	}
	if _, _, ok := d.domainPos(protocol.Position{Line: 3}); ok {
		t.Error("domainPos past the end is ok")
	}
	if r := d.lineRange(2); r.End.Character != 22 {
		t.Errorf("lineRange ignores CR: %+v", r)
	}
	for _, uri := range []protocol.DocumentUri{"file:///a%20b/c.go", "untitled:1"} {
		if p := uriToPath(uri); p != "" && pathToURI(p) != uri {
			t.Errorf("round trip %s → %s → %s", uri, p, pathToURI(p))
		}
	}
}

func TestMapLine(t *testing.T) {
	ins := editOf(protocol.Range{Start: protocol.Position{Line: 2}, End: protocol.Position{Line: 2}}, "a\nb\n")
	typing := editOf(protocol.Range{Start: protocol.Position{Line: 5, Character: 3}, End: protocol.Position{Line: 5, Character: 3}}, "x")
	del := editOf(protocol.Range{Start: protocol.Position{Line: 1}, End: protocol.Position{Line: 3}}, "")
	join := editOf(protocol.Range{Start: protocol.Position{Line: 1, Character: 4}, End: protocol.Position{Line: 2, Character: 0}}, "")
	tests := []struct {
		name  string
		edits []lineEdit
		line  int
		want  int
		ok    bool
	}{
		{"before an insertion", []lineEdit{ins}, 1, 1, true},
		{"at an insertion", []lineEdit{ins}, 2, 4, true},
		{"after an insertion", []lineEdit{ins}, 7, 9, true},
		{"typed in", []lineEdit{typing}, 5, 0, false},
		{"deleted", []lineEdit{del}, 2, 0, false},
		{"after a deletion", []lineEdit{del}, 3, 1, true},
		{"joined into the line above", []lineEdit{join}, 2, 0, false},
		{"two edits", []lineEdit{ins, del}, 7, 7, true},
	}
	for _, tt := range tests {
		got, ok := mapLine(tt.line, tt.edits)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("%s: mapLine(%d) = %d, %v; want %d, %v", tt.name, tt.line, got, ok, tt.want, tt.ok)
		}
	}
	old := newDocument("", "", 0, []byte("a\nb\nc\nd\n"))
	nw := newDocument("", "", 0, []byte("a\nB\nB2\nc\nd\n"))
	e := wholeEdit(old, nw)
	for line, want := range map[int]int{0: 0, 2: 3, 3: 4} {
		if got, ok := mapLine(line, []lineEdit{e}); !ok || got != want {
			t.Errorf("whole edit: line %d → %d, %v; want %d", line, got, ok, want)
		}
	}
	if _, ok := mapLine(1, []lineEdit{e}); ok {
		t.Error("whole edit kept the changed line")
	}
}

func TestParseSettings(t *testing.T) {
	def := DefaultSettings()
	tests := []struct {
		raw      string
		problems []string
		check    func(Settings) bool
	}{
		{`null`, nil, func(s Settings) bool { return s.Timeout == def.Timeout }},
		{`{"sleuth":{"timeout":"30s","hangAfter":"0s"}}`, nil, func(s Settings) bool { return s.Timeout.Seconds() == 30 && s.HangAfter == 0 }},
		{`{"timeout":"30s"}`, nil, func(s Settings) bool { return s.Timeout.Seconds() == 30 }},
		{`{"timeout":30}`, []string{"sleuth.timeout"}, func(s Settings) bool { return s.Timeout == def.Timeout }},
		{`{"redact":["token=\\w+","("]}`, []string{"sleuth.redact[1]"}, func(s Settings) bool { return s.Redact == nil }},
		{`{"redact":["token=\\w+"],"ollama":{"model":"qwen"}}`, nil, func(s Settings) bool { return len(s.Redact) == 1 && s.OllamaModel == "qwen" }},
		{`{"features":{"inlayHints":false,"lens":true}}`, []string{"sleuth.features.lens"}, func(s Settings) bool { return !s.InlayHints && s.CodeLens }},
		{`{"limits":{"maxFrames":0}}`, []string{"sleuth.limits.maxFrames"}, func(s Settings) bool { return s.MaxFrames == def.MaxFrames }},
		{`[1]`, []string{"not a JSON object"}, func(s Settings) bool { return true }},
	}
	for _, tt := range tests {
		got, problems := parseSettings(json.RawMessage(tt.raw), def)
		if len(problems) != len(tt.problems) {
			t.Errorf("%s: problems %q, want %q", tt.raw, problems, tt.problems)
			continue
		}
		for i, p := range tt.problems {
			if !strings.Contains(problems[i], p) {
				t.Errorf("%s: problem %q does not name %q", tt.raw, problems[i], p)
			}
		}
		if !tt.check(got) {
			t.Errorf("%s: settings %+v", tt.raw, got)
		}
	}
}

func TestParseDiff(t *testing.T) {
	fds, err := parseDiff("diff --git a/x.go b/x.go\n--- a/x.go\n+++ b/x.go\n@@ -3,2 +3,3 @@ func f() {\n a\n-b\n+c\n+d\n@@ -10,0 +11 @@\n+e\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(fds) != 1 || fds[0].path != "x.go" || len(fds[0].hunks) != 2 {
		t.Fatalf("%+v", fds)
	}
	h := fds[0].hunks[0]
	if h.start != 3 || strings.Join(h.old, "|") != "a|b" || strings.Join(h.new, "|") != "a|c|d" {
		t.Errorf("hunk 1: %+v", h)
	}
	if h := fds[0].hunks[1]; h.start != 11 || len(h.old) != 0 || len(h.new) != 1 {
		t.Errorf("hunk 2: %+v", h)
	}
	for _, bad := range []string{"", "--- a\n", "--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n", "--- a\n+++ b\n@@ -x +1 @@\n", "--- a\n+++ b\n@@ -1 +1 @@\n?\n"} {
		if _, err := parseDiff(bad); err == nil {
			t.Errorf("parseDiff(%q) accepted", bad)
		}
	}
}

func FuzzParseDiff(f *testing.F) {
	f.Add("--- a/x.go\n+++ b/x.go\n@@ -3,2 +3,3 @@\n a\n-b\n+c\n+d\n")
	f.Add("--- a\n+++ b\n@@ -1,0 +1 @@\n+e\n")
	f.Fuzz(func(t *testing.T, s string) {
		fds, err := parseDiff(s)
		if err != nil {
			return
		}
		for _, fd := range fds {
			for _, h := range fd.hunks {
				if h.start < 0 {
					t.Fatalf("negative start in %+v", h)
				}
			}
		}
	})
}

func TestIdentAt(t *testing.T) {
	line := []byte("\treturn \"hello \" + p.Name // é")
	for off, want := range map[int]string{0: "", 1: "return", 7: "return", 19: "p", 21: "Name", 25: "Name"} {
		if got, _, _ := identAt(line, off); got != want {
			t.Errorf("identAt(%d) = %q, want %q", off, got, want)
		}
	}
	if got := identsOn([]byte("sum += values[i] // CRASH")); strings.Join(got, ",") != "sum,values,i" {
		t.Errorf("identsOn = %q", got)
	}
}

// FuzzStream: no input makes the framing reader panic or loop without
// consuming input.
func FuzzStream(f *testing.F) {
	f.Add([]byte("Content-Length: 2\r\n\r\n{}"))
	f.Add([]byte("Content-Length: 5\n\n[1,2]junk\r\nContent-Length: x\r\n\r\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		st := newStream(nopCloser{strings.NewReader(string(in)), &strings.Builder{}}, 1<<16, func(string, ...any) {})
		for i := 0; i < len(in)+2; i++ {
			var v json.RawMessage
			if err := st.ReadObject(&v); err != nil {
				return
			}
		}
		t.Fatal("more objects than bytes")
	})
}

type nopCloser struct {
	*strings.Reader
	*strings.Builder
}

func (nopCloser) Close() error { return nil }
