package server

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/sleuth-dev/sleuth/analysis/report"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// LSP 3.17 inlay hints, which glsp's 3.16 types lack.
type inlayHintParams struct {
	TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
	Range        protocol.Range                  `json:"range"`
}

type inlayHint struct {
	Position    protocol.Position `json:"position"`
	Label       string            `json:"label"`
	Tooltip     string            `json:"tooltip,omitempty"`
	PaddingLeft bool              `json:"paddingLeft,omitempty"`
}

// Inlay labels are kept short: the hover has the whole value.
const (
	maxInlayValue = 40
	maxInlayVars  = 4
)

// inlayHint shows, at the end of each captured frame's line and each
// snapshot line, the values of the variables that line names.
func (s *Server) inlayHint(_ context.Context, raw json.RawMessage) (any, error) {
	var p inlayHintParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	out := []inlayHint{}
	s.mu.Lock()
	defer s.mu.Unlock()
	res := s.res
	if res == nil || !s.settings.InlayHints {
		return out, nil
	}
	path := docKey(p.TextDocument.URI)
	d := s.textOf(path)
	if d == nil {
		return out, nil
	}
	for _, m := range res.marks[path] {
		if m.kind != markFrame && m.kind != markSnapshot {
			continue
		}
		n, ok := mapLine(m.line-1, s.edits[path])
		if !ok || n < int(p.Range.Start.Line) || n > int(p.Range.End.Line) || n >= len(d.lines) {
			continue
		}
		ids := identsOn(d.lineBytes(n))
		var label string
		if m.kind == markFrame {
			label = frameLabel(m.frame, ids)
		} else {
			label = snapshotLabel(m.snaps, ids)
		}
		if label == "" {
			continue
		}
		out = append(out, inlayHint{Position: d.lineEnd(n + 1), Label: label, PaddingLeft: true, Tooltip: "sleuth: values " + when(m)})
	}
	return out, nil
}

func when(m mark) string {
	if m.kind == markSnapshot {
		return "at each hit of this line in the last run"
	}
	return "at the failure in the last run"
}

// frameLabel is "u = nil, id = 3" for the frame's variables the line names.
func frameLabel(fr *report.Frame, ids []string) string {
	var parts []string
	for _, id := range ids {
		if v, ok := lookupVar(id, fr.Args, fr.Locals); ok && !strings.HasPrefix(v.Type, "*testing.") {
			parts = append(parts, id+" = "+shortValue(v, maxInlayValue))
			if len(parts) == maxInlayVars {
				break
			}
		}
	}
	return strings.Join(parts, ", ")
}

// snapshotLabel is "i = 0 | 1 | 2" over the hits, for the variables the
// line names (all of them, up to a few, when it names none).
func snapshotLabel(snaps []report.Snapshot, ids []string) string {
	if len(snaps) == 0 {
		return ""
	}
	first := append(append([]report.Var{}, snaps[0].Args...), snaps[0].Locals...)
	var names []string
	for _, id := range ids {
		if _, ok := lookupVar(id, first); ok {
			names = append(names, id)
		}
	}
	if len(names) == 0 {
		for _, v := range first {
			names = append(names, v.Name)
		}
	}
	var parts []string
	for _, name := range names {
		if strings.HasPrefix(name, "~") {
			continue
		}
		var vals []string
		for _, sn := range snaps {
			if v, ok := lookupVar(name, sn.Args, sn.Locals); ok {
				vals = append(vals, shortValue(v, maxInlayValue/2))
			}
		}
		parts = append(parts, name+" = "+strings.Join(vals, " | "))
		if len(parts) == maxInlayVars {
			break
		}
	}
	return strings.Join(parts, ", ")
}
