package server

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sleuth-dev/sleuth/analysis/capture"
	"github.com/sleuth-dev/sleuth/internal/testenv"
	protocol "github.com/tliron/glsp/protocol_3_16"
	"golang.org/x/tools/txtar"
)

func TestMain(m *testing.M) {
	// The capture engine re-executes this binary as its Delve worker.
	capture.MaybeWorker()
	// A store of this run's own: the user's incident memory is never touched.
	dir, err := os.MkdirTemp("", "sleuth-server-memory")
	if err == nil {
		os.Setenv("SLEUTH_MEMORY", filepath.Join(dir, "memory.db"))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// TestScenarios runs every testdata/scenarios/*.txtar end to end: a real
// server, a fake client, a real build and a real Delve. The archive comment
// is a script of commands and expectations (see runScenario); the files are
// a Go module whose lines are named by "// MARKER" comments.
func TestScenarios(t *testing.T) {
	testenv.NeedsDelve(t)
	files, _ := filepath.Glob("testdata/scenarios/*.txtar")
	if len(files) == 0 {
		t.Fatal("no scenarios")
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".txtar"), func(t *testing.T) {
			runScenario(t, f)
		})
	}
}

// scenario is an extracted archive: its directory and its markers.
type scenario struct {
	t       *testing.T
	dir     string
	markers map[string]markerPos
	c       *fakeClient
	runs    int
}

type markerPos struct {
	path string
	line int // 0-based
	text string
}

// runScenario executes the script. Lines:
//
//	investigate FILE [TEST]          sleuth.investigate, waits for the progress end
//	capture FILE MARKER TEST         sleuth.captureHere at the marker's line
//	rerun                            sleuth.rerun
//	progress "RE"                    a progress report matched RE
//	diag MARKER SEVERITY "RE"        a sleuth diagnostic on the marker's line
//	related MARKER "RE"              its related information
//	hover MARKER [IDENT] "RE"        hover at the line start, or on IDENT
//	inlay MARKER "RE"                an inlay hint on the line
//	action MARKER "RE"               a code action for the line's diagnostics
//	lens FILE TEST                   an Investigate lens for TEST
func runScenario(t *testing.T, file string) {
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	sc := &scenario{t: t, dir: t.TempDir(), markers: map[string]markerPos{}}
	for _, f := range ar.Files {
		p := filepath.Join(sc.dir, f.Name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		sc.scanMarkers(p)
	}
	sc.c = newClient(t, clientOptions{})
	for n, line := range strings.Split(string(ar.Comment), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		args, re := splitDirective(line)
		t.Logf("%s:%d: %s", filepath.Base(file), n+1, line)
		sc.step(args, re)
	}
}

// splitDirective splits `verb a b "re"` into fields and the quoted regexp,
// taken raw (backslashes are the regexp's).
func splitDirective(line string) ([]string, *regexp.Regexp) {
	i := strings.Index(line, `"`)
	if i < 0 {
		return strings.Fields(line), nil
	}
	return strings.Fields(line[:i]), regexp.MustCompile(strings.TrimSuffix(line[i+1:], `"`))
}

func (sc *scenario) scanMarkers(path string) {
	f, err := os.Open(path)
	if err != nil {
		sc.t.Fatal(err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for n := 0; s.Scan(); n++ {
		if i := strings.LastIndex(s.Text(), "// "); i >= 0 {
			name := strings.TrimSpace(s.Text()[i+3:])
			if name != "" && strings.ToUpper(name) == name && !strings.Contains(name, " ") {
				sc.markers[name] = markerPos{path: path, line: n, text: s.Text()}
			}
		}
	}
}

func (sc *scenario) marker(name string) markerPos {
	m, ok := sc.markers[name]
	if !ok {
		sc.t.Fatalf("no marker // %s", name)
	}
	return m
}

func (sc *scenario) step(args []string, re *regexp.Regexp) {
	t, c := sc.t, sc.c
	t.Helper()
	switch args[0] {
	case "investigate":
		a := map[string]any{"uri": pathToURI(filepath.Join(sc.dir, args[1]))}
		if len(args) > 2 {
			a["test"] = args[2]
		}
		c.open(filepath.Join(sc.dir, args[1]))
		c.command(cmdInvestigate, a)
		sc.runs++
		if msg := c.awaitEnd(sc.runs); strings.HasPrefix(msg, "failed") || msg == "canceled" {
			t.Fatalf("investigation ended with %q", msg)
		}
	case "capture":
		m := sc.marker(args[2])
		c.command(cmdCaptureHere, map[string]any{"uri": pathToURI(filepath.Join(sc.dir, args[1])), "test": args[3], "line": m.line})
		sc.runs++
		if msg := c.awaitEnd(sc.runs); strings.HasPrefix(msg, "failed") || msg == "canceled" {
			t.Fatalf("capture ended with %q", msg)
		}
	case "rerun":
		c.command(cmdRerun)
		sc.runs++
		if msg := c.awaitEnd(sc.runs); strings.HasPrefix(msg, "failed") || msg == "canceled" {
			t.Fatalf("re-run ended with %q", msg)
		}
	case "progress":
		c.mu.Lock()
		var all []string
		for _, p := range c.progress {
			all = append(all, p.Kind+": "+p.Title+p.Message)
		}
		c.mu.Unlock()
		if !matchAny(re, all) {
			t.Errorf("no progress matches %q; got %q", re, all)
		}
	case "diag", "related":
		m := sc.marker(args[1])
		var got []string
		for _, d := range sc.diagsAt(m) {
			if args[0] == "diag" {
				got = append(got, severityName(d.Severity)+" "+d.Message)
				continue
			}
			for _, r := range d.RelatedInformation {
				got = append(got, r.Message)
			}
		}
		want := re
		if args[0] == "diag" {
			want = regexp.MustCompile("^" + args[2] + " .*" + re.String())
		}
		if !matchAny(want, got) {
			t.Errorf("%s at %s: none matches %q; got %q", args[0], args[1], want, got)
		}
	case "hover":
		m := sc.marker(args[1])
		char := 0
		if len(args) > 2 {
			char = identColumn(m.text, args[2])
			if char < 0 {
				t.Fatalf("no %s on the %s line", args[2], args[1])
			}
		}
		var h struct {
			Contents protocol.MarkupContent `json:"contents"`
		}
		c.callT("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": pathToURI(m.path)},
			"position": protocol.Position{Line: uint32(m.line), Character: uint32(char)}}, &h)
		if !re.MatchString(h.Contents.Value) {
			t.Errorf("hover at %s %v: want %q in\n%s", args[1], args[2:], re, h.Contents.Value)
		}
	case "inlay":
		m := sc.marker(args[1])
		var hints []inlayHint
		c.callT("textDocument/inlayHint", map[string]any{"textDocument": map[string]any{"uri": pathToURI(m.path)},
			"range": protocol.Range{End: protocol.Position{Line: 1 << 20}}}, &hints)
		var got []string
		for _, h := range hints {
			if int(h.Position.Line) == m.line {
				got = append(got, h.Label)
			}
		}
		if !matchAny(re, got) {
			t.Errorf("inlay at %s: none matches %q; got %q", args[1], re, got)
		}
	case "action":
		m := sc.marker(args[1])
		var actions []protocol.CodeAction
		rng := protocol.Range{Start: protocol.Position{Line: uint32(m.line)}, End: protocol.Position{Line: uint32(m.line)}}
		c.callT("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": pathToURI(m.path)},
			"range": rng, "context": map[string]any{"diagnostics": sc.diagsAt(m)}}, &actions)
		var got []string
		for _, a := range actions {
			got = append(got, a.Title)
		}
		if !matchAny(re, got) {
			t.Errorf("action at %s: none matches %q; got %q", args[1], re, got)
		}
	case "preferred":
		// A verified fix at the marker: a preferred quickfix with an edit.
		m := sc.marker(args[1])
		var actions []protocol.CodeAction
		rng := protocol.Range{Start: protocol.Position{Line: uint32(m.line)}, End: protocol.Position{Line: uint32(m.line)}}
		c.callT("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": pathToURI(m.path)},
			"range": rng, "context": map[string]any{"diagnostics": sc.diagsAt(m)}}, &actions)
		found := false
		for _, a := range actions {
			preferred := a.IsPreferred != nil && *a.IsPreferred
			if a.Kind != nil && *a.Kind == protocol.CodeActionKindQuickFix && preferred && a.Edit != nil && re.MatchString(a.Title) {
				found = true
			}
		}
		if !found {
			t.Errorf("preferred at %s: no preferred quickfix with an edit matching %q in %+v", args[1], re, actions)
		}
	case "lens":
		var lenses []protocol.CodeLens
		c.callT("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": pathToURI(filepath.Join(sc.dir, args[1]))}}, &lenses)
		found := false
		for _, l := range lenses {
			b, _ := json.Marshal(l.Command)
			found = found || strings.Contains(string(b), `"test":"`+args[2]+`"`)
		}
		if !found {
			t.Errorf("no Investigate lens for %s in %+v", args[2], lenses)
		}
	default:
		t.Fatalf("unknown directive %q", args[0])
	}
}

// diagsAt are the sleuth diagnostics that start on the marker's line.
func (sc *scenario) diagsAt(m markerPos) []protocol.Diagnostic {
	var out []protocol.Diagnostic
	for _, d := range sc.c.diagnostics(m.path) {
		if int(d.Range.Start.Line) == m.line {
			out = append(out, d)
		}
	}
	return out
}

func matchAny(re *regexp.Regexp, ss []string) bool {
	for _, s := range ss {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

func severityName(s *protocol.DiagnosticSeverity) string {
	if s == nil {
		return "None"
	}
	return map[protocol.DiagnosticSeverity]string{1: "Error", 2: "Warning", 3: "Information", 4: "Hint"}[*s]
}

// identColumn is the UTF-16 column of the identifier id on line (ASCII
// fixtures: bytes are UTF-16 units).
func identColumn(line, id string) int {
	for i := 0; i+len(id) <= len(line); i++ {
		if line[i:i+len(id)] != id {
			continue
		}
		before := i == 0 || !isIdentByte(line[i-1])
		after := i+len(id) == len(line) || !isIdentByte(line[i+len(id)])
		if before && after {
			return i
		}
	}
	return -1
}

func isIdentByte(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}
