package server

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/sleuth-dev/sleuth/analysis/redact"
)

// maxCaptureTests bounds the "Capture values here" actions, one per test.
const maxCaptureTests = 5

// codeAction offers, on a sleuth diagnostic, to explain the failure, re-run,
// clear, and apply the report's fixes; and on any line of a Go file, to
// capture the values there by running a test.
func (s *Server) codeAction(_ context.Context, raw json.RawMessage) (any, error) {
	var p protocol.CodeActionParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	out := []protocol.CodeAction{}
	path := docKey(p.TextDocument.URI)
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.settings.CodeActions {
		return out, nil
	}
	var ours []protocol.Diagnostic
	for _, d := range p.Context.Diagnostics {
		if d.Source != nil && *d.Source == source {
			ours = append(ours, d)
		}
	}
	quickfix := protocol.CodeActionKindQuickFix
	if len(ours) > 0 && s.res != nil && wants(p.Context.Only, quickfix) {
		for _, fx := range s.fixEdits() {
			// Only a fix sleuth re-ran the tests on is the preferred one.
			preferred := fx.verified
			out = append(out, protocol.CodeAction{Title: "sleuth: " + fx.title, Kind: &quickfix, Diagnostics: ours, IsPreferred: &preferred, Edit: &fx.edit})
		}
		for _, a := range []struct{ title, cmd string }{
			{"sleuth: Explain this failure", cmdShowReport},
			{"sleuth: Re-run", cmdRerun},
			{"sleuth: Clear results", cmdClear},
		} {
			out = append(out, protocol.CodeAction{Title: a.title, Kind: &quickfix, Diagnostics: ours,
				Command: &protocol.Command{Title: a.title, Command: a.cmd}})
		}
	}
	if strings.HasSuffix(path, ".go") && wants(p.Context.Only, protocol.CodeActionKindEmpty) {
		// Inside a test or func main: investigate it (the code lens, for
		// clients without lenses: Helix, eglot).
		if d := s.docs[path]; d != nil {
			for _, e := range entryPoints(d) {
				if line := int(p.Range.Start.Line) + 1; e.line <= line && line <= e.end {
					title := "sleuth: Investigate " + e.test
					if e.test == "" {
						title = "sleuth: Investigate main"
					}
					out = append(out, protocol.CodeAction{Title: title,
						Command: &protocol.Command{Title: title, Command: cmdInvestigate,
							Arguments: []any{investigateArgs{URI: p.TextDocument.URI, Test: e.test}}}})
				}
			}
		}
		for _, test := range s.captureTests(path, int(p.Range.Start.Line)) {
			line := int(p.Range.Start.Line)
			title := "sleuth: Capture values here (run " + test + ")"
			out = append(out, protocol.CodeAction{Title: title,
				Command: &protocol.Command{Title: title, Command: cmdCaptureHere,
					Arguments: []any{investigateArgs{URI: p.TextDocument.URI, Test: test, Line: &line}}}})
		}
	}
	return out, nil
}

// wants reports whether a code action of kind passes the client's filter.
func wants(only []protocol.CodeActionKind, kind protocol.CodeActionKind) bool {
	if len(only) == 0 {
		return true
	}
	for _, o := range only {
		if kind == o || strings.HasPrefix(string(kind), string(o)+".") {
			return true
		}
	}
	return false
}

// captureTests are the tests worth offering to capture values at line of
// path: the one last run in this package, else the test around the line,
// else the package's tests. Callers hold s.mu.
func (s *Server) captureTests(path string, line int) []string {
	dir := filepath.Dir(path)
	if a := s.lastRequest; a != nil && a.Test != "" && filepath.Dir(uriToPath(a.URI)) == dir {
		return []string{a.Test}
	}
	if d := s.textOf(path); d != nil && strings.HasSuffix(path, "_test.go") {
		var around string
		for _, e := range entryPoints(d) {
			if e.line-1 <= line {
				around = e.test
			}
		}
		if around != "" {
			return []string{around}
		}
	}
	tests := s.testsIn(dir, s.docs)
	if len(tests) > maxCaptureTests {
		tests = tests[:maxCaptureTests]
	}
	return tests
}

// goFiles are the Go files of dir, open buffers preferred to the disk.
func goFiles(dir string, docs map[string]*document) []*document {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []*document
	for _, e := range ents {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if d := docs[p]; d != nil {
			out = append(out, d)
		} else if d := readDocument(p); d != nil && len(d.text) <= maxLensSource {
			out = append(out, d)
		}
	}
	return out
}

type fixEdit struct {
	title    string
	verified bool
	edit     protocol.WorkspaceEdit
}

// fixEdits turns the report's fixes into workspace edits: from their line
// edits when the fix engine gave them, else from the diff. A fix whose file
// was edited since the run, or whose diff does not parse or no longer
// matches, is left out. Callers hold s.mu.
func (s *Server) fixEdits() []fixEdit {
	var out []fixEdit
	base := s.res.rep.Target.Dir
fixes:
	for _, fx := range s.res.rep.Fixes {
		if len(fx.Edits) > 0 {
			edit := protocol.WorkspaceEdit{Changes: map[protocol.DocumentUri][]protocol.TextEdit{}}
			for _, e := range fx.Edits {
				if len(s.edits[e.File]) > 0 || e.StartLine < 1 || e.EndLine < e.StartLine-1 || redact.Masked(e.NewText) {
					continue fixes
				}
				uri := pathToURI(e.File)
				if od := s.docs[e.File]; od != nil {
					uri = od.uri
				}
				edit.Changes[uri] = append(edit.Changes[uri], protocol.TextEdit{
					Range:   protocol.Range{Start: protocol.Position{Line: uint32(e.StartLine - 1)}, End: protocol.Position{Line: uint32(e.EndLine)}},
					NewText: e.NewText,
				})
			}
			out = append(out, fixEdit{title: fx.Title, verified: fx.Verified, edit: edit})
			continue
		}
		fds, err := parseDiff(fx.Diff)
		if err != nil {
			continue
		}
		edit := protocol.WorkspaceEdit{Changes: map[protocol.DocumentUri][]protocol.TextEdit{}}
		for _, fd := range fds {
			path := fd.path
			if !filepath.IsAbs(path) {
				path = filepath.Join(base, path)
			}
			d := s.textOf(path)
			if d == nil {
				continue fixes
			}
			var edits []protocol.TextEdit
			for _, h := range fd.hunks {
				from := h.start - 1
				for i, want := range h.old {
					if string(d.lineBytes(from+i)) != want {
						continue fixes // the file changed since
					}
				}
				text := ""
				for _, l := range h.new {
					if redact.Masked(l) {
						continue fixes // a diff shows masked secrets: never write the mask into code
					}
					text += l + "\n"
				}
				edits = append(edits, protocol.TextEdit{
					Range:   protocol.Range{Start: protocol.Position{Line: uint32(from)}, End: protocol.Position{Line: uint32(from + len(h.old))}},
					NewText: text,
				})
			}
			uri := pathToURI(path)
			if od := s.docs[path]; od != nil {
				uri = od.uri
			}
			edit.Changes[uri] = append(edit.Changes[uri], edits...)
		}
		out = append(out, fixEdit{title: fx.Title, verified: fx.Verified, edit: edit})
	}
	return out
}
