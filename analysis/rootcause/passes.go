package rootcause

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/sleuth-dev/sleuth/analysis/passes"
)

// runPasses runs the analysis passes (x/tools' and sleuth's own) over the
// loaded packages. Their findings are facts about the code, true or not on
// this run; boost ties them to the failure. An analyzer that fails costs
// only its own findings.
func runPasses(ctx context.Context, p *program) []passes.Finding {
	if p == nil || len(p.pkgs) == 0 {
		return nil
	}
	p.passesMu.Lock()
	defer p.passesMu.Unlock()
	if p.passesDone {
		return p.found
	}
	found, _ := passes.Run(ctx, p.pkgs, passes.Default())
	if ctx.Err() == nil {
		p.found, p.passesDone = found, true
	}
	return found
}

// boost folds the findings that lie on the failing path into the
// suspects: a finding on a suspect line confirms it; one inside a function
// on the failing stack or holding a suspect becomes a suspect of its own.
// Findings elsewhere are about other code and are left out.
func (t *tracer) boost(found []passes.Finding) {
	onPath := map[string]bool{} // file:function
	for _, f := range t.frames {
		if fn, _ := t.p.funcAt(f.File, f.Line); fn != nil {
			onPath[fmt.Sprintf("%s:%d", f.File, fn.Pos())] = true
		}
	}
	for _, s := range t.out {
		if fn, _ := t.p.funcAt(s.File, s.Line); fn != nil {
			onPath[fmt.Sprintf("%s:%d", s.File, fn.Pos())] = true
		}
	}
	for _, f := range found {
		file, _ := filepath.Abs(f.File)
		evidence := f.Analyzer + ": " + f.Message
		if s := t.out[fmt.Sprintf("%s:%d", file, f.Line)]; s != nil {
			s.Score += 0.1
			s.Evidence = append(s.Evidence, evidence)
			continue
		}
		fn, fi := t.p.funcAt(file, f.Line)
		if fn == nil || fi == nil || !onPath[fmt.Sprintf("%s:%d", file, fn.Pos())] {
			continue
		}
		nodes := t.nodesAt(fn, f.Line)
		if len(nodes) == 0 {
			continue
		}
		t.suspect(nodes[len(nodes)-1].Pos(), fn, f.Message, 0.5, evidence)
	}
}
