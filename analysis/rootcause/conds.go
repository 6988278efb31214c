package rootcause

import (
	"go/ast"
	"go/types"
	"sort"
	"strings"
)

// condPredicate judges a goroutine stuck in sync.Cond.Wait: the loop
// around the Wait re-checks a predicate, and the functions that wake the
// waiters (Broadcast, Signal) change some fields first. A field they change
// that the predicate never reads is a state change the waiter cannot see:
// it goes back to sleep, forever. That predicate is the suspect.
func (t *tracer) condPredicate(s site) {
	info := s.fi.info
	var wait *ast.CallExpr
	for _, n := range t.nodesAt(s.fn, s.line) {
		if call, ok := n.(*ast.CallExpr); ok && condMethod(info, call, "Wait") {
			wait = call
		}
	}
	if wait == nil {
		return
	}
	cond := objOf(info, wait.Fun.(*ast.SelectorExpr).X)
	var loop *ast.ForStmt
	ast.Inspect(bodyOf(s.fn), func(n ast.Node) bool {
		if f, ok := n.(*ast.ForStmt); ok && f.Cond != nil && f.Body.Pos() <= wait.Pos() && wait.End() <= f.Body.End() {
			loop = f
		}
		return true
	})
	if loop == nil || cond == nil {
		return
	}
	read := map[*types.Var]bool{}
	ast.Inspect(loop.Cond, func(n ast.Node) bool {
		if e, ok := n.(ast.Expr); ok {
			if v := objOf(info, e); v != nil {
				read[v] = true
			}
		}
		return true
	})
	missing := map[string]string{} // field name → where it is set before a wake-up
	for _, w := range t.wakers(cond) {
		ast.Inspect(bodyOf(w.fn), func(n ast.Node) bool {
			a, ok := n.(*ast.AssignStmt)
			if !ok || a.Pos() > w.call.Pos() {
				return true
			}
			for _, l := range a.Lhs {
				if v := objOf(w.fi.info, l); v != nil && v.IsField() && !read[v] {
					missing[v.Name()] = funcName(w.fn) + " (" + t.where(a.Pos()) + ")"
				}
			}
			return true
		})
	}
	pred := types.ExprString(loop.Cond)
	if len(missing) == 0 {
		t.suspect(loop.Pos(), s.fn, "waits while "+pred+", which stays true: nothing that wakes the waiters changes it", 0.55)
		return
	}
	var parts []string
	for name, where := range missing {
		parts = append(parts, name+", set by "+where)
	}
	sort.Strings(parts)
	t.suspect(loop.Pos(), s.fn, "waits while "+pred+" without checking "+strings.Join(parts, "; ")+
		" before waking the waiters: the waiter sleeps again and never sees the change", 0.88)
}

// condMethod reports whether call is X.name() on a sync.Cond.
func condMethod(info *types.Info, call *ast.CallExpr, name string) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != name {
		return false
	}
	fn := calleeFunc(info, call)
	return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "sync" && strings.Contains(fn.FullName(), "Cond")
}

// waker is a Broadcast or Signal call on a cond, in its function.
type waker struct {
	call *ast.CallExpr
	fn   ast.Node
	fi   *fileInfo
}

// wakers lists the Broadcast and Signal calls on cond.
func (t *tracer) wakers(cond *types.Var) []waker {
	var out []waker
	for name, fi := range t.p.files {
		ast.Inspect(fi.ast, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || !(condMethod(fi.info, call, "Broadcast") || condMethod(fi.info, call, "Signal")) {
				return true
			}
			if objOf(fi.info, call.Fun.(*ast.SelectorExpr).X) == cond {
				if fn, _ := t.p.funcAt(name, t.p.line(call.Pos())); fn != nil {
					out = append(out, waker{call: call, fn: fn, fi: fi})
				}
			}
			return true
		})
	}
	return out
}
