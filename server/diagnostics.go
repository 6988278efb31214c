package server

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sleuth-dev/sleuth/analysis/report"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

const source = "sleuth"

// publishAll publishes every file of the current result and clears the
// files that had diagnostics and have none now. Files need not be open.
func (s *Server) publishAll() {
	s.mu.Lock()
	files := map[string]bool{}
	for f := range s.published {
		files[f] = true
	}
	if s.res != nil {
		for f := range s.res.marks {
			files[f] = true
		}
	}
	s.mu.Unlock()
	paths := make([]string, 0, len(files))
	for f := range files {
		paths = append(paths, f)
	}
	sort.Strings(paths)
	for _, f := range paths {
		s.publishFile(f)
	}
}

// publishFile sends path's diagnostics as they stand after edits.
func (s *Server) publishFile(path string) {
	s.mu.Lock()
	diags := s.diagnostics(path)
	if len(diags) > 0 {
		s.published[path] = true
	} else {
		delete(s.published, path)
	}
	uri := pathToURI(path)
	if d := s.docs[path]; d != nil {
		uri = d.uri
	}
	s.mu.Unlock()
	s.notify("textDocument/publishDiagnostics", protocol.PublishDiagnosticsParams{URI: uri, Diagnostics: diags})
}

// at is where a mark stands now: its range in the current text, or ok
// false when an edit removed its line. Callers hold s.mu.
func (s *Server) at(path string, line, col int) (protocol.Location, *document, bool) {
	d := s.textOf(path)
	if d == nil {
		return protocol.Location{}, nil, false
	}
	n, ok := mapLine(line-1, s.edits[path])
	if !ok || n >= len(d.lines) {
		return protocol.Location{}, nil, false
	}
	rng := d.lineRange(n + 1)
	if col > 0 && n == line-1 {
		rng.Start = d.lspPos(n+1, col)
	}
	return protocol.Location{URI: pathToURI(path), Range: rng}, d, true
}

// diagnostics builds path's diagnostics from the current result. Callers
// hold s.mu.
func (s *Server) diagnostics(path string) []protocol.Diagnostic {
	out := []protocol.Diagnostic{}
	res := s.res
	if res == nil || !s.settings.Diagnostics {
		return out
	}
	for _, m := range res.marks[path] {
		loc, _, ok := s.at(path, m.line, m.col)
		if !ok {
			continue
		}
		var sev protocol.DiagnosticSeverity
		var msg string
		var related []protocol.DiagnosticRelatedInformation
		switch m.kind {
		case markCrash:
			sev, msg, related = protocol.DiagnosticSeverityError, crashMessage(res), s.crashRelated(res)
		case markBuildError:
			sev, msg = protocol.DiagnosticSeverityError, m.text
		case markSuspect:
			sev = protocol.DiagnosticSeverityInformation
			if m.rank == 0 || m.suspect.Score >= 0.5 {
				sev = protocol.DiagnosticSeverityWarning
			}
			msg = fmt.Sprintf("suspect #%d for the %s: %s", m.rank+1, res.rep.Failure.Kind, m.suspect.Reason)
			if len(m.suspect.Evidence) > 0 {
				msg += " (" + strings.Join(m.suspect.Evidence, "; ") + ")"
			}
			related = s.related(res.rep.Failure.Location.File, res.rep.Failure.Location.Line, "the failure: "+firstLine(res.rep.Failure.Message))
		case markWait:
			sev = protocol.DiagnosticSeverityInformation
			msg = waitMessage(m.wait)
			related = s.related(res.rep.Failure.Location.File, res.rep.Failure.Location.Line, "the "+string(res.rep.Failure.Kind))
		case markRace:
			sev, msg = protocol.DiagnosticSeverityWarning, "data race: "+m.text
		default:
			continue // frames and snapshots show as hovers and inlay values
		}
		src := source
		out = append(out, protocol.Diagnostic{
			Range: loc.Range, Severity: &sev, Source: &src, Message: msg, RelatedInformation: related,
			Data: diagData{Seq: res.seq},
		})
	}
	return out
}

// diagData rides on each diagnostic, so a code action knows it is ours.
type diagData struct {
	Seq int `json:"sleuthResult"`
}

// related is a one-element related-information list, or nil when the place
// is gone.
func (s *Server) related(file string, line int, msg string) []protocol.DiagnosticRelatedInformation {
	if loc, _, ok := s.at(file, line, 0); ok {
		return []protocol.DiagnosticRelatedInformation{{Location: loc, Message: msg}}
	}
	return nil
}

// crashRelated links the crash to its suspects, its waits and its stack.
func (s *Server) crashRelated(res *result) []protocol.DiagnosticRelatedInformation {
	var out []protocol.DiagnosticRelatedInformation
	f := res.rep.Failure
	var sus []mark
	for _, ms := range res.marks {
		for _, m := range ms {
			if m.kind == markSuspect {
				sus = append(sus, m)
			}
		}
	}
	sort.Slice(sus, func(i, j int) bool { return sus[i].rank < sus[j].rank })
	for _, m := range sus {
		out = append(out, s.related(m.suspect.File, m.suspect.Line, fmt.Sprintf("suspect #%d: %s", m.rank+1, m.suspect.Reason))...)
	}
	for _, w := range res.rep.WaitFor {
		if w.Location.File != f.Location.File || w.Location.Line != f.Location.Line {
			out = append(out, s.related(w.Location.File, w.Location.Line, waitMessage(&w))...)
		}
	}
	first := true
	for _, fr := range res.rep.Frames {
		if !fr.User {
			continue
		}
		what := "called from " + shortFunc(fr.Function)
		if first {
			what, first = "fails in "+shortFunc(fr.Function), false
		}
		out = append(out, s.related(fr.File, fr.Line, what)...)
	}
	return out
}

func waitMessage(w *report.Wait) string {
	msg := fmt.Sprintf("goroutine %d waits (%s) on %s", w.Goroutine, w.Op, w.Object)
	switch {
	case w.Detail != "":
		msg += ": " + w.Detail
	case len(w.Holders) == 0:
		msg += ": no live goroutine can release it"
	}
	return msg
}

// crashMessage says what happened with the decisive values and, when the
// analysis found one, where it came from: "u is nil: map lookup ... at
// users.go:35".
func crashMessage(res *result) string {
	f := res.rep.Failure
	msg := strings.TrimPrefix(firstLine(f.Message), "runtime error: ")
	vals := crashValues(res)
	switch f.Kind {
	case report.KindNilDeref, report.KindNilMapWrite:
		var nils []string
		for _, v := range vals {
			if isNil(v) {
				nils = append(nils, v.Name)
			}
		}
		if len(nils) > 0 {
			msg = strings.Join(nils, " and ") + " is nil"
			if f.Kind == report.KindNilMapWrite {
				msg = "assignment to entry in nil map: " + msg
			}
		}
	default:
		if len(vals) > 0 && f.Kind != report.KindDeadlock {
			var parts []string
			for _, v := range vals {
				parts = append(parts, v.Name+" = "+shortValue(v, 40))
			}
			msg += " (" + strings.Join(parts, ", ") + ")"
		}
	}
	if sp := topCause(res); sp != nil {
		msg += ": " + sp.Reason + " at " + filepath.Base(sp.File) + fmt.Sprintf(":%d", sp.Line)
	}
	if f.Test != "" {
		msg += " [" + f.Test + "]"
	}
	return msg
}

// crashValues are the crash frame's values of the identifiers on the crash
// line, in the order they appear there.
func crashValues(res *result) []report.Var {
	f, fr := res.rep.Failure, res.crash
	d := res.files[f.Location.File]
	if fr == nil || d == nil || fr.File != f.Location.File || fr.Line != f.Location.Line {
		return nil
	}
	var out []report.Var
	for _, id := range identsOn(d.lineBytes(f.Location.Line - 1)) {
		if v, ok := lookupVar(id, fr.Args, fr.Locals); ok && !strings.HasPrefix(v.Type, "*testing.") {
			out = append(out, v)
		}
	}
	return out
}

func lookupVar(name string, lists ...[]report.Var) (report.Var, bool) {
	for _, l := range lists {
		for _, v := range l {
			if v.Name == name {
				return v, true
			}
		}
	}
	return report.Var{}, false
}

// topCause is the best suspect that is not the crash line itself.
func topCause(res *result) *report.Suspect {
	f := res.rep.Failure
	for i := range res.rep.Suspects {
		sp := &res.rep.Suspects[i]
		if sp.File != f.Location.File || sp.Line != f.Location.Line {
			return sp
		}
	}
	return nil
}
