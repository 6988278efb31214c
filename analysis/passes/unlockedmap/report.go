package unlockedmap

import (
	"fmt"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/sleuth-dev/sleuth/analysis/passes/internal/astq"
)

// state is whether a write or call holds the lock guarding a struct.
type state int

const (
	unguarded state = iota
	guarded
	unknown // in a literal passed to a function that may lock for it
)

// stateAt returns the state of code in fn, given whether the locks it
// holds there include a write lock guarding st.
func (fx *facts) stateAt(fn *astq.Func, locked bool, st *types.Struct) state {
	if locked {
		return guarded
	}
	sc := fx.scopes[fn]
	if sc.unknown {
		return unknown
	}
	return fx.entered(sc.named, st)
}

func (fx *facts) writeState(w write) state {
	return fx.stateAt(w.fn, writeLocked(w.held, w.owner, w.root), w.owner)
}

func (fx *facts) callState(c call, st *types.Struct) state {
	return fx.stateAt(c.fn, writeLocked(c.held, st, nil), st)
}

// entered returns the state in which fn's callers call it, for st:
// unguarded if some call is (or fn is exported and has no calls in the
// package), guarded if some call holds the lock and the others are
// unknown or guarded, unknown if all calls are unknown. So a lock only counts as
// held when some caller visibly holds it.
func (fx *facts) entered(fn *types.Func, st *types.Struct) state {
	if fn == nil {
		return unguarded
	}
	key := entryKey{fn, st}
	if v, ok := fx.entry[key]; ok {
		return v
	}
	fx.entry[key] = unknown // recursion: a call from fn itself decides nothing
	calls := fx.calls[fn]
	result := unguarded
	if len(calls) > 0 || !fn.Exported() {
		// An unexported function never called directly is called
		// through a function value or an interface, by callers unseen.
		result = unknown
	}
	for _, c := range calls {
		switch fx.callState(c, st) {
		case unguarded:
			fx.entry[key] = unguarded
			return unguarded
		case guarded:
			result = guarded
		}
	}
	fx.entry[key] = result
	return result
}

// report judges the writes of each map field against the others.
func (fx *facts) report() {
	byField := make(map[*types.Var][]write)
	var order []*types.Var
	for _, w := range fx.writes {
		if byField[w.field] == nil {
			order = append(order, w.field)
		}
		byField[w.field] = append(byField[w.field], w)
	}
	for _, f := range order {
		fx.reportField(byField[f])
	}
}

// reportField reports the unguarded writes of one field, when some other
// write of it is guarded.
func (fx *facts) reportField(writes []write) {
	// The evidence: a write holding the lock itself if there is one, as
	// it names the lock best; else one guarded through its callers.
	var locked *write
	var lockPath string
	for i, w := range writes {
		if l, ok := guard(w.held, w.owner, w.root); ok && writeLocked(w.held, w.owner, w.root) {
			locked, lockPath = &writes[i], l.Path
			break
		}
	}
	for i := 0; locked == nil && i < len(writes); i++ {
		if path, ok := fx.guardedBy(writes[i]); ok {
			locked, lockPath = &writes[i], path
		}
	}
	if locked == nil {
		return
	}
	pass := fx.pass
	for _, w := range writes {
		if fx.writeState(w) != unguarded {
			continue
		}
		if astq.IsTestFile(pass.Fset, w.node.Pos()) || (w.root != nil && builtHere(pass.TypesInfo, w.fn.Body, w.root)) {
			continue
		}
		m := types.ExprString(w.sel)
		// A helper called both ways: blame the calls without the lock.
		if unguardedCalls, helper := fx.unguardedCalls(w); helper {
			path := fx.callLockPath(w)
			for _, c := range unguardedCalls {
				pass.Report(analysis.Diagnostic{
					Pos: c.expr.Pos(),
					End: c.expr.End(),
					Message: fmt.Sprintf("calls %s without holding %s; %s writes map %s at %s and its other callers hold %s: concurrent writes crash with \"concurrent map writes\"",
						c.callee.Name(), path, c.callee.Name(), m, astq.Site(pass.Fset, c.expr.Pos(), w.node.Pos()), path),
					Related: []analysis.RelatedInformation{{Pos: w.node.Pos(), End: w.node.End(), Message: "map written here"}},
				})
			}
			continue
		}
		how := "without holding " + lockPath
		if l, held := guard(w.held, w.owner, w.root); held {
			how = "holding only " + l.Path + ".RLock"
		}
		pass.Report(analysis.Diagnostic{
			Pos: w.node.Pos(),
			End: w.node.End(),
			Message: fmt.Sprintf("writes map %s %s, which guards its write at %s: concurrent writes crash with \"concurrent map writes\"",
				m, how, astq.Site(pass.Fset, w.node.Pos(), locked.node.Pos())),
			Related: []analysis.RelatedInformation{{Pos: locked.node.Pos(), End: locked.node.End(), Message: "guarded write"}},
		})
	}
}

// guardedBy reports whether w shows that its field is meant to be
// guarded: it holds the lock, its function is always called with it, or
// some calls of its function hold it. path names the lock.
func (fx *facts) guardedBy(w write) (path string, ok bool) {
	if l, ok := guard(w.held, w.owner, w.root); ok && writeLocked(w.held, w.owner, w.root) {
		return l.Path, true
	}
	if _, helper := fx.unguardedCalls(w); helper || fx.writeState(w) == guarded {
		return fx.callLockPath(w), true
	}
	return "", false
}

// unguardedCalls returns the calls of w's function made without a lock
// guarding w's struct. helper is true when at least one other call holds
// such a lock: then the calls, not the write, are to blame.
func (fx *facts) unguardedCalls(w write) (bad []call, helper bool) {
	if w.fn.Obj == nil {
		return nil, false
	}
	for _, c := range fx.calls[w.fn.Obj] {
		switch fx.callState(c, w.owner) {
		case guarded:
			helper = true
		case unguarded:
			if !astq.IsTestFile(fx.pass.Fset, c.expr.Pos()) {
				bad = append(bad, c)
			}
		}
	}
	return bad, helper
}

// callLockPath names the lock that a guarded call of w's function holds,
// as the caller wrote it.
func (fx *facts) callLockPath(w write) string {
	if w.fn.Obj != nil {
		for _, c := range fx.calls[w.fn.Obj] {
			if l, ok := guard(c.held, w.owner, nil); ok && writeLocked(c.held, w.owner, nil) {
				return l.Path
			}
		}
	}
	return "its mutex"
}
