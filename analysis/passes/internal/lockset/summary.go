package lockset

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/sleuth-dev/sleuth/analysis/passes/internal/astq"
)

// Effect is the net change a function makes to the locks held: the
// mutexes it leaves locked when it returns (lockProfiles) and those it
// unlocks without locking (unlockProfiles). Their roots are the
// function's receiver or parameters, or package-level variables.
type Effect struct {
	Acquires, Releases []Lock
}

// Summaries holds the effects of the functions of a package that have
// one: helpers that lock or unlock for their callers.
type Summaries map[*types.Func]summary

type summary struct {
	Effect
	params []*types.Var // receiver first, if any, then parameters
}

// Summarize computes the effects of the declared functions among funcs.
// Helpers that call other helpers are not followed.
func Summarize(info *types.Info, funcs []*astq.Func) Summaries {
	sums := make(Summaries)
	for _, fn := range funcs {
		if fn.Obj == nil {
			continue
		}
		params := paramVars(fn.Obj)
		allowed := func(l Lock) bool {
			v, ok := l.Root.(*types.Var)
			if !ok {
				return false
			}
			return (v.Pkg() != nil && v.Parent() == v.Pkg().Scope()) || indexOf(params, v) >= 0
		}
		var eff Effect
		end := WalkFrom(info, fn.Body, nil, nil, func(n ast.Node, h Held) {
			if call, ok := n.(*ast.CallExpr); ok {
				if l, delta, ok := Op(info, call); ok && delta < 0 && !contains(h, l) && allowed(l) {
					eff.Releases = append(eff.Releases, l)
				}
			}
		})
		deferred := deferredUnlocks(info, fn.Body)
		for _, l := range end {
			if allowed(l) && !deferred[l.Class] {
				eff.Acquires = append(eff.Acquires, l)
			}
		}
		if len(eff.Acquires)+len(eff.Releases) > 0 {
			sums[fn.Obj] = summary{eff, params}
		}
	}
	return sums
}

// deferredUnlocks returns the classes of the mutexes body unlocks in a
// defer statement, which releases them at return.
func deferredUnlocks(info *types.Info, body *ast.BlockStmt) map[types.Object]bool {
	out := make(map[types.Object]bool)
	astq.Inspect(body, func(n ast.Node) bool {
		if d, ok := n.(*ast.DeferStmt); ok {
			if l, delta, ok := Op(info, d.Call); ok && delta < 0 {
				out[l.Class] = true
			}
		}
		return true
	})
	return out
}

// paramVars returns the receiver and parameters of fn.
func paramVars(fn *types.Func) []*types.Var {
	sig := fn.Signature()
	var out []*types.Var
	if sig.Recv() != nil {
		out = append(out, sig.Recv())
	}
	for i := range sig.Params().Len() {
		out = append(out, sig.Params().At(i))
	}
	return out
}

func indexOf(list []*types.Var, v *types.Var) int {
	for i, x := range list {
		if x == v {
			return i
		}
	}
	return -1
}

// Of returns the effect of call, with the callee's receiver and
// parameters replaced by what the call passes.
func (sums Summaries) Of(info *types.Info, call *ast.CallExpr) (Effect, bool) {
	if len(sums) == 0 {
		return Effect{}, false
	}
	fn := typeutil.StaticCallee(info, call)
	if fn == nil {
		return Effect{}, false
	}
	sum, ok := sums[fn.Origin()]
	if !ok {
		return Effect{}, false
	}
	// The expressions the call binds to the receiver and parameters.
	var args []ast.Expr
	if fn.Signature().Recv() != nil {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return Effect{}, false
		}
		args = append(args, sel.X)
	}
	args = append(args, call.Args...)
	subst := func(ls []Lock) []Lock {
		var out []Lock
		for _, l := range ls {
			i := indexOf(sum.params, l.Root.(*types.Var))
			if i < 0 {
				out = append(out, Lock{Class: l.Class, Root: l.Root, Path: l.Path, Mode: l.Mode, Call: call})
				continue
			}
			if i >= len(args) {
				continue
			}
			arg := args[i]
			path := types.ExprString(arg) + strings.TrimPrefix(l.Path, sum.params[i].Name())
			out = append(out, Lock{Class: l.Class, Root: astq.Root(info, arg), Path: path, Mode: l.Mode, Call: call})
		}
		return out
	}
	return Effect{Acquires: subst(sum.Acquires), Releases: subst(sum.Releases)}, true
}
