package rootcause

import (
	"fmt"
	"github.com/sleuth-dev/sleuth/analysis/source"
	"go/ast"
	"go/types"
	"strings"
)

// traceWaits turns the wait-for picture into suspects: in a lock cycle, the
// lock each goroutine took first; for a WaitGroup that never reaches zero,
// the returns that skip Done; otherwise the blocked operation itself.
func (t *tracer) traceWaits() {
	for _, w := range t.rep.WaitFor {
		fn, fi := t.p.funcAt(w.Location.File, w.Location.Line)
		if fn == nil || fi == nil {
			continue
		}
		s := site{fn: fn, fi: fi, line: w.Location.Line, frame: -1}
		switch {
		case len(w.Holders) > 0:
			t.suspect(t.lineStart(s), fn, fmt.Sprintf("goroutine %d waits here for %s while goroutine %v holds it", w.Goroutine, w.Object, w.Holders), 0.6)
			for _, call := range t.heldLocks(s) {
				t.suspect(call.Pos(), fn, "takes "+types.ExprString(call.Fun.(*ast.SelectorExpr).X)+" first, while another goroutine takes the same locks in the opposite order", 0.8)
			}
		case w.Op == "wait":
			if !t.skippedDone(s) {
				t.suspect(t.lineStart(s), fn, fmt.Sprintf("goroutine %d waits here and the counter never reaches zero", w.Goroutine), 0.4)
			}
		default:
			t.suspect(t.lineStart(s), fn, fmt.Sprintf("goroutine %d blocks here (%s %s) and nothing can wake it", w.Goroutine, w.Op, w.Object), 0.4)
			if w.Op == "receive" || w.Op == "send" {
				t.chanBlocked(s, w.Op)
			}
			if strings.Contains(w.Op, "cond") {
				t.condPredicate(s)
			}
		}
	}
}

// heldLocks returns the X.Lock()/X.RLock() calls before s.line in s.fn with
// no unlock of X between them and the line.
func (t *tracer) heldLocks(s site) []*ast.CallExpr {
	return source.HeldLocks(t.p.fset, bodyOf(s.fn), s.line)
}

// skippedDone suspects, in the goroutines started by s.fn, the returns
// that come before a non-deferred X.Done(). It reports whether it found one.
func (t *tracer) skippedDone(s site) bool {
	found := false
	ast.Inspect(bodyOf(s.fn), func(n ast.Node) bool {
		lit, ok := n.(*ast.FuncLit)
		if !ok {
			return true
		}
		var done *ast.CallExpr
		deferred := false
		ast.Inspect(lit.Body, func(m ast.Node) bool {
			if d, ok := m.(*ast.DeferStmt); ok {
				if sel, ok := d.Call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Done" {
					deferred = true
				}
				return false
			}
			if c, ok := m.(*ast.CallExpr); ok {
				if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Done" && done == nil {
					done = c
				}
			}
			return true
		})
		if done == nil || deferred {
			return false
		}
		ast.Inspect(lit.Body, func(m ast.Node) bool {
			if _, ok := m.(*ast.FuncLit); ok {
				return false
			}
			if r, ok := m.(*ast.ReturnStmt); ok && r.Pos() < done.Pos() {
				t.suspect(r.Pos(), lit, "returns before "+types.ExprString(done.Fun)+"(), so Wait never returns", 0.85)
				found = true
			}
			return true
		})
		return false
	})
	return found
}

// traceMapRace suspects, for concurrent map writes, the call that reaches
// the unguarded write from a function that holds no lock, and the write.
func (t *tracer) traceMapRace(crash site) {
	if crash.fn == nil {
		return
	}
	if len(t.heldLocks(crash)) > 0 {
		return
	}
	for i := 1; i < len(t.frames); i++ {
		f := t.frames[i]
		fn, fi := t.p.funcAt(f.File, f.Line)
		if fn == nil {
			continue
		}
		s := site{fn: fn, fi: fi, line: f.Line, frame: i}
		if len(t.heldLocks(s)) > 0 || strings.Contains(funcName(fn), "func literal") && i > 1 {
			return
		}
		t.suspect(t.lineStart(s), fn, "calls into "+t.frames[i-1].Function+", which writes the shared map, without holding the lock", 0.8-0.1*float64(i-1))
	}
}
