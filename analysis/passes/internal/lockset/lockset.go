// Package lockset tracks which mutexes a function holds at each point of
// its body, from the sync.Mutex and sync.RWMutex calls it makes.
//
// The tracking is intraprocedural and flow-sensitive in a simple way:
// statements are visited in order, each branch of an if, switch or select
// starts from the locks held before it, and after the branches only the
// locks held at the end of every branch that falls through remain held.
// A deferred Unlock keeps the lock held to the end of the function.
// Function literals are not entered: they run at another time.
//
// Helpers that lock or unlock for their callers (lockProfiles, or a
// method s.lockIndex()) are summarised by [Summarize] and applied at their
// calls, one level deep.
package lockset

import (
	"go/ast"
	"go/types"

	"github.com/sleuth-dev/sleuth/analysis/passes/internal/astq"
)

// Mode is how a lock is held.
type Mode uint8

const (
	Read  Mode = iota + 1 // RLock of a sync.RWMutex
	Write                 // Lock
)

// Lock is a mutex acquired by a call.
type Lock struct {
	// Class is the mutex variable or field: the field mu for both a.mu
	// and b.mu.
	Class types.Object
	// Root is the variable the mutex is reached from: a for a.mu, or
	// nil when it is reached from a call result.
	Root types.Object
	// Path is the receiver as written, s.parent.mu, which tells apart
	// two mutexes of one class reached from one root.
	Path string
	Mode Mode
	Call *ast.CallExpr // the Lock or RLock call
}

// Same reports whether l and o are the same mutex of the same variable,
// reached the same way.
func (l Lock) Same(o Lock) bool { return l.Class == o.Class && l.Root == o.Root && l.Path == o.Path }

// Held is the locks held at a point, in the order they were acquired.
type Held []Lock

// Op classifies call as a lock operation on a named sync.Mutex or
// sync.RWMutex: delta is +1 for Lock and RLock, -1 for Unlock and
// RUnlock, and l.Mode tells which kind. ok is false for any other call.
func Op(info *types.Info, call *ast.CallExpr) (l Lock, delta int, ok bool) {
	sc, ok := astq.Sync(info, call)
	if !ok || (sc.Type != "Mutex" && sc.Type != "RWMutex") || sc.Field == nil {
		return Lock{}, 0, false
	}
	l = Lock{Class: sc.Field, Root: astq.Root(info, sc.Recv), Path: types.ExprString(sc.Recv), Call: call}
	switch sc.Method {
	case "Lock":
		l.Mode = Write
		return l, 1, true
	case "RLock":
		l.Mode = Read
		return l, 1, true
	case "Unlock":
		l.Mode = Write
		return l, -1, true
	case "RUnlock":
		l.Mode = Read
		return l, -1, true
	}
	return Lock{}, 0, false
}

// Walk visits every node of body outside function literals, in the order
// the statements run, and calls visit with the locks held just before the
// node runs. For a Lock call, held does not yet include the lock it
// acquires. Calls of functions in sums apply their effects, as if their
// Lock and Unlock calls were made in place.
func Walk(info *types.Info, body *ast.BlockStmt, sums Summaries, visit func(n ast.Node, held Held)) {
	WalkFrom(info, body, nil, sums, visit)
}

// WalkFrom is Walk for a body entered with the locks in held, such as a
// function literal called while its creator holds them. It returns the
// locks held when control leaves the end of body.
func WalkFrom(info *types.Info, body *ast.BlockStmt, held Held, sums Summaries, visit func(n ast.Node, held Held)) Held {
	w := &walker{info: info, sums: sums, visit: visit}
	return w.list(body.List, clone(held))
}

type walker struct {
	info  *types.Info
	sums  Summaries
	visit func(ast.Node, Held)
}

func (w *walker) list(list []ast.Stmt, held Held) Held {
	for _, s := range list {
		held = w.stmt(s, held)
	}
	return held
}

// branch runs list from a copy of held and returns the locks held at its
// end, or ok false when control never leaves its end.
func (w *walker) branch(list []ast.Stmt, held Held) (Held, bool) {
	out := w.list(list, clone(held))
	return out, !astq.Terminates(w.info, list)
}

func (w *walker) stmt(s ast.Stmt, held Held) Held {
	switch s := s.(type) {
	case nil:
		return held
	case *ast.BlockStmt:
		return w.list(s.List, held)
	case *ast.LabeledStmt:
		return w.stmt(s.Stmt, held)
	case *ast.IfStmt:
		held = w.stmt(s.Init, held)
		held = w.expr(s.Cond, held)
		var outs []Held
		if out, ok := w.branch(s.Body.List, held); ok {
			outs = append(outs, out)
		}
		switch e := s.Else.(type) {
		case nil:
			outs = append(outs, held)
		case *ast.BlockStmt:
			if out, ok := w.branch(e.List, held); ok {
				outs = append(outs, out)
			}
		default:
			if out, ok := w.branch([]ast.Stmt{e}, held); ok {
				outs = append(outs, out)
			}
		}
		return meet(held, outs)
	case *ast.ForStmt:
		held = w.stmt(s.Init, held)
		held = w.expr(s.Cond, held)
		out := w.list(s.Body.List, clone(held))
		w.stmt(s.Post, out)
		return meet(held, []Held{held, out})
	case *ast.RangeStmt:
		held = w.expr(s.X, held)
		out := w.list(s.Body.List, clone(held))
		return meet(held, []Held{held, out})
	case *ast.SwitchStmt:
		held = w.stmt(s.Init, held)
		held = w.expr(s.Tag, held)
		return w.clauses(s.Body, held, true)
	case *ast.TypeSwitchStmt:
		held = w.stmt(s.Init, held)
		held = w.stmt(s.Assign, held)
		return w.clauses(s.Body, held, true)
	case *ast.SelectStmt:
		return w.clauses(s.Body, held, false)
	case *ast.DeferStmt:
		// The call runs at return; its lock effect is ignored, so a
		// deferred Unlock leaves the lock held to the end.
		w.visitOnly(s.Call, held)
		return held
	case *ast.GoStmt:
		w.visitOnly(s.Call, held)
		return held
	}
	return w.expr(s, held)
}

// clauses walks the case clauses of a switch or select. When a switch has
// no default, not running any clause is one more outcome.
func (w *walker) clauses(body *ast.BlockStmt, held Held, isSwitch bool) Held {
	var outs []Held
	hasDefault := false
	for _, c := range body.List {
		switch c := c.(type) {
		case *ast.CaseClause:
			h := clone(held)
			for _, e := range c.List {
				h = w.expr(e, h)
			}
			hasDefault = hasDefault || c.List == nil
			if out, ok := w.branch(c.Body, h); ok {
				outs = append(outs, out)
			}
		case *ast.CommClause:
			h := w.stmt(c.Comm, clone(held))
			hasDefault = hasDefault || c.Comm == nil
			if out, ok := w.branch(c.Body, h); ok {
				outs = append(outs, out)
			}
		}
	}
	if isSwitch && !hasDefault {
		outs = append(outs, held)
	}
	return meet(held, outs)
}

// expr visits the nodes of n in order and applies the lock operations it
// contains.
func (w *walker) expr(n ast.Node, held Held) Held {
	if n == nil {
		return held
	}
	astq.Inspect(n, func(m ast.Node) bool {
		w.visit(m, held)
		if call, ok := m.(*ast.CallExpr); ok {
			if l, delta, ok := Op(w.info, call); ok {
				if delta > 0 {
					held = append(clone(held), l)
				} else {
					held = release(held, l)
				}
			} else if eff, ok := w.sums.Of(w.info, call); ok {
				for _, l := range eff.Releases {
					held = release(held, l)
				}
				for _, l := range eff.Acquires {
					held = append(clone(held), l)
				}
			}
		}
		return true
	})
	return held
}

// visitOnly visits the nodes of n without applying lock operations.
func (w *walker) visitOnly(n ast.Node, held Held) {
	astq.Inspect(n, func(m ast.Node) bool {
		w.visit(m, held)
		return true
	})
}

// release removes the most recent acquisition of l's mutex.
func release(held Held, l Lock) Held {
	for i := len(held) - 1; i >= 0; i-- {
		if held[i].Same(l) {
			out := clone(held[:i])
			return append(out, held[i+1:]...)
		}
	}
	return held
}

// meet returns the locks held at the end of every outcome; with no
// outcome (every branch returns) it returns before, as the code after is
// unreachable anyway.
func meet(before Held, outs []Held) Held {
	if len(outs) == 0 {
		return before
	}
	var out Held
	for _, l := range outs[0] {
		all := true
		for _, o := range outs[1:] {
			if !contains(o, l) {
				all = false
				break
			}
		}
		if all {
			out = append(out, l)
		}
	}
	return out
}

func contains(h Held, l Lock) bool {
	for _, x := range h {
		if x.Same(l) && x.Mode == l.Mode {
			return true
		}
	}
	return false
}

func clone(h Held) Held { return append(Held(nil), h...) }
