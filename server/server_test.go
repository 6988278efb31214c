package server

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sleuth-dev/sleuth/analysis/report"
	protocol "github.com/tliron/glsp/protocol_3_16"
	"golang.org/x/tools/txtar"
)

// extract writes a scenario's files into a temp dir and returns it.
func extract(t testing.TB, name string) string {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata/scenarios", name+".txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// nilReport is what a capture of the nilderef scenario reports, without
// running it: the crash at line 23, the discarded error at 22.
func nilReport(dir string) *report.Report {
	rep := report.Empty("test")
	h := filepath.Join(dir, "handler.go")
	rep.Failure = &report.Failure{Kind: report.KindNilDeref, Test: "TestGreet",
		Message:  "runtime error: invalid memory address or nil pointer dereference",
		Location: report.Location{File: h, Line: 23, Function: "example.com/app.Greet"}}
	rep.Frames = []report.Frame{
		{Function: "runtime.sigpanic", File: "/usr/local/go/src/runtime/signal_unix.go", Line: 931},
		{Function: "example.com/app.Greet", File: h, Line: 23, User: true,
			Args: []report.Var{{Name: "id", Type: "int", Value: "42"}}, Locals: []report.Var{{Name: "p", Type: "*app.Profile", Value: "*app.Profile nil"}}},
		{Function: "example.com/app.TestGreet", File: filepath.Join(dir, "app_test.go"), Line: 7, User: true,
			Locals: []report.Var{{Name: "id", Type: "int", Value: "42"}}},
	}
	rep.Suspects = []report.Suspect{
		{File: h, Line: 22, Function: "Greet", Reason: "the error returned by Fetch is not checked before p is used", Score: 0.94, Evidence: []string{"p is nil at handler.go:22"}},
		{File: h, Line: 15, Function: "Fetch", Reason: "Fetch returns nil here", Score: 0.47},
		{File: h, Line: 23, Function: "Greet", Reason: "the failure happened here", Score: 0.22},
	}
	rep.Explanation = report.Explanation{Source: "evidence", Details: "handler.go:23: nil ← handler.go:22: the error returned by Fetch is not checked"}
	rep.Target.Dir = dir
	return rep
}

// inject makes rep the server's current result, as an investigation would.
func inject(c *fakeClient, rep *report.Report, args *investigateArgs) {
	c.srv.mu.Lock()
	c.srv.nextJob++
	seq := c.srv.nextJob
	if args != nil {
		c.srv.lastRequest = args
	}
	c.srv.mu.Unlock()
	c.srv.setResult(newResult(seq, rep, args))
}

func lines(c *fakeClient, path string, sev protocol.DiagnosticSeverity) []int {
	var out []int
	for _, d := range c.diagnostics(path) {
		if *d.Severity == sev {
			out = append(out, int(d.Range.Start.Line))
		}
	}
	return out
}

func hoverText(c *fakeClient, path string, line, char int) string {
	var h *struct {
		Contents protocol.MarkupContent `json:"contents"`
	}
	c.callT("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": pathToURI(path)},
		"position": protocol.Position{Line: uint32(line), Character: uint32(char)}}, &h)
	if h == nil {
		return ""
	}
	return h.Contents.Value
}

func change(c *fakeClient, path string, version int, changes ...any) {
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": pathToURI(path), "version": version}, "contentChanges": changes})
}

func rng(l1, c1, l2, c2 int) map[string]any {
	return map[string]any{"start": map[string]any{"line": l1, "character": c1}, "end": map[string]any{"line": l2, "character": c2}}
}

// TestStaleness: edits move what they do not touch and drop what they do;
// hovers say the values are from the last run; a new result replaces all.
func TestStaleness(t *testing.T) {
	dir := extract(t, "nilderef")
	h := filepath.Join(dir, "handler.go")
	c := newClient(t, clientOptions{})
	c.open(h)
	inject(c, nilReport(dir), nil)
	c.await("diagnostics", func() bool { return len(c.diags[h]) == 3 })
	if got := lines(c, h, protocol.DiagnosticSeverityError); len(got) != 1 || got[0] != 22 {
		t.Fatalf("crash diagnostic on lines %v, want [22]", got)
	}
	if hv := hoverText(c, h, 22, 0); !strings.Contains(hv, "From the run at") {
		t.Errorf("fresh hover: %q", hv)
	}

	// Two lines inserted at the top: everything moves down by two.
	change(c, h, 2, map[string]any{"range": rng(0, 0, 0, 0), "text": "// one\n// two\n"})
	c.await("moved diagnostics", func() bool {
		got := c.diags[h]
		return len(got) == 3 && got[len(got)-1].Range.Start.Line == 24
	})
	if hv := hoverText(c, h, 24, 0); !strings.Contains(hv, "edited since") || !strings.Contains(hv, "nil-deref") {
		t.Errorf("hover after the edit: %q", hv)
	}
	// Typing on the crash line drops the crash diagnostic, not the others.
	change(c, h, 3, map[string]any{"range": rng(24, 1, 24, 1), "text": "if p == nil { return \"\" }; "})
	c.await("crash dropped", func() bool { return len(c.diags[h]) == 2 })
	if got := lines(c, h, protocol.DiagnosticSeverityWarning); len(got) != 1 || got[0] != 23 {
		t.Errorf("suspect on lines %v, want [23]", got)
	}
	// A full-text change (no range) deleting the two added lines.
	text, _ := os.ReadFile(h)
	whole := strings.Replace(string(text), "\treturn \"hello \" + p.Name // CRASH", "\tif p == nil { return \"\" }; return \"hello \" + p.Name // CRASH", 1)
	change(c, h, 4, map[string]any{"text": whole})
	c.await("whole change", func() bool {
		got := c.diags[h]
		return len(got) == 2 && got[len(got)-1].Range.Start.Line == 21
	})
	// A re-run (after a save) replaces everything, edits included; unsaved
	// edits would count against the new result as they did here.
	os.WriteFile(h, []byte(whole), 0o644)
	inject(c, nilReport(dir), nil)
	c.await("new result", func() bool { return len(c.diags[h]) == 3 })
}

// TestClearAndNotOpenFiles: files that are not open get diagnostics, and
// clear removes them all.
func TestClearAndNotOpenFiles(t *testing.T) {
	dir := extract(t, "nilderef")
	h := filepath.Join(dir, "handler.go")
	c := newClient(t, clientOptions{})
	inject(c, nilReport(dir), &investigateArgs{URI: pathToURI(filepath.Join(dir, "app_test.go")), Test: "TestGreet"})
	c.await("diagnostics of a file never opened", func() bool { return len(c.diags[h]) == 3 })
	d := c.diagnostics(h)[2]
	if *d.Source != "sleuth" || len(d.RelatedInformation) < 3 {
		t.Errorf("crash diagnostic: %+v", d)
	}
	var rel []string
	for _, r := range d.RelatedInformation {
		rel = append(rel, r.Message)
	}
	if !strings.Contains(strings.Join(rel, "|"), "called from TestGreet") {
		t.Errorf("related information misses the stack: %q", rel)
	}
	// "Explain this failure" opens the Markdown report.
	res := c.command(cmdShowReport)
	var shown struct{ URI, Markdown string }
	json.Unmarshal(res, &shown)
	if !strings.Contains(shown.Markdown, "# sleuth: nil-deref in TestGreet") {
		t.Errorf("report: %s", shown.Markdown)
	}
	c.await("showDocument", func() bool { return len(c.shown) == 1 })
	c.command(cmdClear)
	c.await("cleared", func() bool { return len(c.diags[h]) == 0 })
	if hv := hoverText(c, h, 22, 0); hv != "" {
		t.Errorf("hover after clear: %q", hv)
	}
}

// TestFixAction: a report fix becomes a quickfix with a workspace edit.
func TestFixAction(t *testing.T) {
	dir := extract(t, "nilderef")
	h := filepath.Join(dir, "handler.go")
	c := newClient(t, clientOptions{})
	rep := nilReport(dir)
	rep.Fixes = []report.Fix{{Title: "check Fetch's error", Diff: "--- a/handler.go\n+++ b/handler.go\n@@ -22,2 +22,5 @@\n-\tp, _ := Fetch(id) // ROOT\n+\tp, err := Fetch(id)\n+\tif err != nil {\n+\t\treturn \"\"\n+\t}\n \treturn \"hello \" + p.Name // CRASH\n"}}
	inject(c, rep, nil)
	c.await("diagnostics", func() bool { return len(c.diags[h]) == 3 })
	var actions []protocol.CodeAction
	c.callT("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": pathToURI(h)},
		"range": rng(22, 0, 22, 0), "context": map[string]any{"diagnostics": c.diagnostics(h)[2:]}}, &actions)
	if len(actions) == 0 || actions[0].Edit == nil || *actions[0].Kind != protocol.CodeActionKindQuickFix {
		t.Fatalf("no fix action first: %+v", actions)
	}
	edits := actions[0].Edit.Changes[pathToURI(h)]
	if len(edits) != 1 || edits[0].Range.Start.Line != 21 || edits[0].Range.End.Line != 23 || !strings.Contains(edits[0].NewText, "if err != nil") {
		t.Errorf("edit from the diff: %+v", edits)
	}

	// Line edits, when the fix engine gives them, are used as they are.
	rep = nilReport(dir)
	rep.Fixes = []report.Fix{{Title: "check Fetch's error", Edits: []report.Edit{{File: h, StartLine: 22, EndLine: 22, NewText: "\tp, err := Fetch(id)\n\tif err != nil {\n\t\treturn \"\"\n\t}\n"}}}}
	inject(c, rep, nil)
	actions = nil
	c.callT("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": pathToURI(h)},
		"range": rng(22, 0, 22, 0), "context": map[string]any{"diagnostics": c.diagnostics(h)[2:]}}, &actions)
	if len(actions) == 0 || actions[0].Edit == nil {
		t.Fatalf("no fix action from line edits: %+v", actions)
	}
	if e := actions[0].Edit.Changes[pathToURI(h)]; len(e) != 1 || e[0].Range.Start.Line != 21 || e[0].Range.End.Line != 22 {
		t.Errorf("edit from line edits: %+v", e)
	}
}

// TestSettings: bad settings give one message and keep defaults; the
// features switch handlers off; workspace/configuration overrides
// initializationOptions.
func TestSettings(t *testing.T) {
	dir := extract(t, "nilderef")
	h := filepath.Join(dir, "handler.go")
	c := newClient(t, clientOptions{
		initOptions: map[string]any{"sleuth": map[string]any{"timeout": "soon", "snapshotHits": 3, "colour": "red"}},
		settings:    map[string]any{"features": map[string]any{"hover": false}, "limits": map[string]any{"maxArray": -1}},
	})
	c.await("two settings messages", func() bool { return len(c.messages) == 2 })
	// One message per source; under load they may arrive in either order.
	init, conf := c.messages[0], c.messages[1]
	if strings.Contains(init, "limits.maxArray") {
		init, conf = conf, init
	}
	if !strings.Contains(init, "sleuth.timeout") || !strings.Contains(init, "sleuth.colour: unknown setting") {
		t.Errorf("initializationOptions message: %q", init)
	}
	if !strings.Contains(conf, "limits.maxArray") {
		t.Errorf("configuration message: %q", conf)
	}
	c.srv.mu.Lock()
	st := c.srv.settings
	c.srv.mu.Unlock()
	if st.Hover || st.SnapshotHits != 3 || st.Timeout != DefaultSettings().Timeout || st.MaxArray != DefaultSettings().MaxArray {
		t.Errorf("settings: %+v", st)
	}
	inject(c, nilReport(dir), nil)
	c.await("diagnostics", func() bool { return len(c.diags[h]) == 3 })
	if hv := hoverText(c, h, 22, 0); hv != "" {
		t.Errorf("hover is off but answered %q", hv)
	}
}

// TestCancelRequest: $/cancelRequest overtakes the queue; a request
// cancelled while queued or running answers RequestCancelled.
func TestCancelRequest(t *testing.T) {
	rc := newRaw(t, func(s *Server) {
		s.handlers["sleuth/testBlock"] = func(_ *Server, ctx context.Context, _ json.RawMessage) (any, error) {
			<-ctx.Done()
			return nil, nil
		}
	})
	rc.send(1, "initialize", map[string]any{"capabilities": map[string]any{}})
	rc.next()
	rc.send(2, "sleuth/testBlock", nil) // runs, blocking the queue
	rc.send(3, "textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": "file:///a.go"}, "position": map[string]any{"line": 0, "character": 0}})
	rc.send(nil, "$/cancelRequest", map[string]any{"id": 3})
	rc.send(nil, "$/cancelRequest", map[string]any{"id": 2})
	for _, want := range []string{"2", "3"} {
		r := rc.expectError("cancelled request", codeRequestCancelled)
		if string(r.ID) != want {
			t.Errorf("answer for %s, want %s", r.ID, want)
		}
	}
}
