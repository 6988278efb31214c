package server

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sleuth-dev/sleuth/analysis/report"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// hover explains the failure on the crash line, the suspicion on a suspect
// line, and gives an identifier's value where a captured frame or a
// snapshot point saw it.
func (s *Server) hover(_ context.Context, raw json.RawMessage) (any, error) {
	var p protocol.HoverParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	res := s.res
	if res == nil || !s.settings.Hover {
		return nil, nil
	}
	path := docKey(p.TextDocument.URI)
	d := s.textOf(path)
	if d == nil {
		return nil, nil
	}
	line, off, ok := d.domainPos(p.Position)
	if !ok {
		return nil, nil
	}
	edits := s.edits[path]
	var parts []string
	for _, m := range res.marks[path] {
		if n, ok := mapLine(m.line-1, edits); !ok || n != line-1 {
			continue
		}
		switch m.kind {
		case markCrash:
			parts = append(parts, crashHover(res))
		case markSuspect:
			parts = append(parts, suspectHover(res, m))
		case markWait:
			parts = append(parts, "**sleuth:** "+mdEscape(waitMessage(m.wait)))
		case markBuildError:
			parts = append(parts, "**sleuth:** build error: "+mdEscape(m.text))
		}
	}
	var rng *protocol.Range
	if id, a, b := identAt(d.lineBytes(line-1), off); id != "" {
		if v := s.valueHover(res, path, line-1, id); v != "" {
			parts = append(parts, v)
			start, end := d.lspPos(line, a+1), d.lspPos(line, b+1)
			rng = &protocol.Range{Start: start, End: end}
		}
	}
	if len(parts) == 0 {
		return nil, nil
	}
	when := res.at.Format("15:04:05")
	if len(edits) > 0 {
		parts = append(parts, fmt.Sprintf("_Values come from the last run (%s); this file was edited since._", when))
	} else {
		parts = append(parts, fmt.Sprintf("_From the run at %s._", when))
	}
	return protocol.Hover{
		Contents: protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: strings.Join(parts, "\n\n---\n\n")},
		Range:    rng,
	}, nil
}

// valueHover is id's value in every scope around line (0-based, current
// text). Callers hold s.mu.
func (s *Server) valueHover(res *result, path string, line int, id string) string {
	var b strings.Builder
	for _, sc := range res.scopes[path] {
		start, ok1 := mapLine(sc.start-1, s.edits[path])
		end, ok2 := mapLine(sc.end-1, s.edits[path])
		if !ok1 || !ok2 || line < start || line > end {
			continue
		}
		var vals []report.Var
		for _, h := range sc.hits {
			if v, ok := lookupVar(id, h); ok {
				vals = append(vals, v)
			}
		}
		switch {
		case len(vals) == 0:
		case len(sc.hits) == 1:
			fmt.Fprintf(&b, "`%s %s` = %s — %s\n\n", id, vals[0].Type, code(shortValue(vals[0], 300)), sc.label)
		default:
			fmt.Fprintf(&b, "`%s %s` %s:\n\n", id, vals[0].Type, sc.label)
			for i, v := range vals {
				fmt.Fprintf(&b, "- hit %d: %s\n", i+1, code(shortValue(v, 200)))
			}
			b.WriteString("\n")
		}
	}
	return strings.TrimSpace(b.String())
}

// identAt is the identifier around byte offset off of line, with its byte
// extent.
func identAt(line []byte, off int) (string, int, int) {
	isID := func(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }
	if off > len(line) {
		return "", 0, 0
	}
	a, b := off, off
	for a > 0 {
		r, size := utf8.DecodeLastRune(line[:a])
		if !isID(r) {
			break
		}
		a -= size
	}
	for b < len(line) {
		r, size := utf8.DecodeRune(line[b:])
		if !isID(r) {
			break
		}
		b += size
	}
	if a == b {
		return "", 0, 0
	}
	id := string(line[a:b])
	if r, _ := utf8.DecodeRuneInString(id); unicode.IsDigit(r) {
		return "", 0, 0
	}
	return id, a, b
}
