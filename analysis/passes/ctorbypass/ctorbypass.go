package ctorbypass

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/sleuth-dev/sleuth/analysis/passes/internal/astq"
)

// Analyzer reports struct literals that bypass a constructor; see the
// package documentation.
var Analyzer = &analysis.Analyzer{
	Name: "ctorbypass",
	Doc:  "report struct literals that leave nil a field the type's constructor initialises",
	URL:  "https://pkg.go.dev/github.com/sleuth-dev/sleuth/analysis/passes/ctorbypass",
	Run:  run,
}

// fieldInfo is what the package does with one nilable field.
type fieldInfo struct {
	ctor    *types.Func // first constructor that sets it
	failure string      // how using it nil fails, "" if never used so
	lazy    bool        // compared with nil or assigned outside constructors
}

func run(pass *analysis.Pass) (any, error) {
	info := pass.TypesInfo
	funcs := astq.Funcs(info, pass.Files)

	// Constructors, and the nilable fields each sets.
	fields := make(map[*types.Var]*fieldInfo)
	ctorBody := make(map[*ast.BlockStmt]*types.Named)
	for _, fn := range funcs {
		named := constructed(pass, fn)
		if named == nil {
			continue
		}
		set := setFields(info, fn.Body, named)
		if len(set) > 0 {
			ctorBody[fn.Body] = named
		}
		for _, f := range set {
			if fields[f] == nil {
				fields[f] = &fieldInfo{ctor: fn.Obj}
			}
		}
	}
	if len(fields) == 0 {
		return nil, nil
	}

	// Uses of those fields everywhere else.
	for _, fn := range funcs {
		_, inCtor := ctorBody[outermost(fn).Body]
		ast.PreorderStack(fn.Body, nil, func(n ast.Node, stack []ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false // visited as a function of its own
			}
			sel, ok := n.(*ast.SelectorExpr)
			if !ok || len(stack) == 0 {
				return true
			}
			f := field(info, sel)
			fi := fields[f]
			if fi == nil {
				return true
			}
			parent := stack[len(stack)-1]
			if how := failure(info, pass.Files, f, sel, parent, stack); how != "" && fi.failure == "" {
				fi.failure = how
			}
			if isNilComparison(info, parent) || (!inCtor && isAssigned(parent, sel)) {
				fi.lazy = true
			}
			return true
		})
	}

	// Literals that leave such fields out.
	for _, fn := range funcs {
		named := ctorBody[outermost(fn).Body]
		astq.Inspect(fn.Body, func(n ast.Node) bool {
			if lit, ok := n.(*ast.CompositeLit); ok {
				checkLiteral(pass, lit, named, fields)
			}
			return true
		})
	}
	return nil, nil
}

// outermost returns the declaration a function literal is nested in.
func outermost(fn *astq.Func) *astq.Func {
	for fn.Outer != nil {
		fn = fn.Outer
	}
	return fn
}

// constructed returns T when fn is a package-level function whose first
// result is T or *T for a struct type T of this package, and nil
// otherwise. It is T's constructor if it also sets a nilable field.
func constructed(pass *analysis.Pass, fn *astq.Func) *types.Named {
	if fn.Obj == nil || fn.Obj.Signature().Recv() != nil {
		return nil
	}
	res := fn.Obj.Signature().Results()
	if res.Len() == 0 {
		return nil
	}
	named := astq.Named(res.At(0).Type())
	if named == nil || named.Obj().Pkg() != pass.Pkg {
		return nil
	}
	if _, ok := named.Underlying().(*types.Struct); !ok {
		return nil
	}
	return named
}

// setFields returns the nilable fields of named that body sets to a value
// it creates, in a keyed literal or by assignment.
func setFields(info *types.Info, body *ast.BlockStmt, named *types.Named) []*types.Var {
	var out []*types.Var
	add := func(f *types.Var, value ast.Expr) {
		if f != nil && astq.Nilable(f.Type()) && (creates(info, value) || defaulted(info, body, value)) && ownedBy(f, named) {
			out = append(out, f)
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CompositeLit:
			if astq.Named(info.TypeOf(n)) != named {
				return true
			}
			for _, e := range n.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok {
						f, _ := info.Uses[id].(*types.Var)
						add(origin(f), kv.Value)
					}
				}
			}
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) {
				return true
			}
			for i, l := range n.Lhs {
				if sel, ok := l.(*ast.SelectorExpr); ok {
					add(field(info, sel), n.Rhs[i])
				}
			}
		}
		return true
	})
	return out
}

// creates reports whether e makes a new non-nil value: a call (make, new,
// or a function such as a nested constructor), a composite literal, its
// address, or a function literal. A parameter or variable passed through
// is not counted: the constructor does not guarantee it is non-nil, and
// leaving it out of a literal is often deliberate.
func creates(info *types.Info, e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		tv := info.Types[e.Fun]
		return !tv.IsType() // a conversion passes its operand through
	case *ast.CompositeLit, *ast.FuncLit:
		return true
	case *ast.UnaryExpr:
		_, lit := ast.Unparen(e.X).(*ast.CompositeLit)
		return e.Op == token.AND && lit
	}
	return false
}

// defaulted reports whether e is a variable that body assigns a created
// value, as a constructor does when it fills in a missing argument:
//
//	if clock == nil { clock = systemClock{} }
func defaulted(info *types.Info, body *ast.BlockStmt, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == len(as.Rhs) {
			for i, l := range as.Lhs {
				if lid, ok := l.(*ast.Ident); ok && info.ObjectOf(lid) == v && creates(info, as.Rhs[i]) {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// ownedBy reports whether f is a field of named's struct.
func ownedBy(f *types.Var, named *types.Named) bool {
	st, ok := named.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		if st.Field(i) == f {
			return true
		}
	}
	return false
}

// field returns the generic origin of the field sel selects, or nil.
func field(info *types.Info, sel *ast.SelectorExpr) *types.Var {
	s, ok := info.Selections[sel]
	if !ok || s.Kind() != types.FieldVal {
		return nil
	}
	v, _ := s.Obj().(*types.Var)
	return origin(v)
}

func origin(v *types.Var) *types.Var {
	if v == nil {
		return nil
	}
	return v.Origin()
}

// checkLiteral reports lit if it builds a struct whose constructor sets
// fields the literal leaves nil. ctorOf is the type the enclosing
// function constructs, if any.
func checkLiteral(pass *analysis.Pass, lit *ast.CompositeLit, ctorOf *types.Named, fields map[*types.Var]*fieldInfo) {
	info := pass.TypesInfo
	named := astq.Named(info.TypeOf(lit))
	if named == nil {
		return
	}
	st, ok := named.Underlying().(*types.Struct)
	if !ok {
		return
	}
	keyed := make(map[*types.Var]bool)
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			return // positional: every field is given
		}
		if id, ok := kv.Key.(*ast.Ident); ok {
			if f, ok := info.Uses[id].(*types.Var); ok {
				keyed[f.Origin()] = true
			}
		}
	}
	var missing []string
	var first *fieldInfo
	for i := range st.NumFields() {
		f := origin(st.Field(i))
		fi := fields[f]
		if fi == nil || keyed[f] || fi.lazy || fi.failure == "" || named == ctorOf {
			continue
		}
		if first == nil {
			first = fi
		}
		missing = append(missing, f.Name())
	}
	if first == nil {
		return
	}
	t, ctor := named.Obj().Name(), first.ctor.Name()
	var msg string
	if len(missing) == 1 {
		msg = fmt.Sprintf("%s built without %s: field %s stays nil (%s sets it), so %s", t, ctor, missing[0], ctor, first.failure)
	} else {
		msg = fmt.Sprintf("%s built without %s: fields %s stay nil (%s sets them), so %s", t, ctor, strings.Join(missing, ", "), ctor, first.failure)
	}
	pass.Report(analysis.Diagnostic{Pos: lit.Pos(), End: lit.End(), Message: msg})
}

// failure describes how the use sel of field f (with parent and the
// stack of ancestors) fails when f is nil, or returns "".
func failure(info *types.Info, files []*ast.File, f *types.Var, sel *ast.SelectorExpr, parent ast.Node, stack []ast.Node) string {
	switch f.Type().Underlying().(type) {
	case *types.Map:
		if ix, ok := parent.(*ast.IndexExpr); ok && ix.X == sel && len(stack) >= 2 && isAssigned(stack[len(stack)-2], ix) {
			return "writing to its map panics"
		}
	case *types.Chan:
		switch p := parent.(type) {
		case *ast.SendStmt:
			if p.Chan == sel {
				return "sending on its channel blocks forever"
			}
		case *ast.UnaryExpr:
			if p.Op == token.ARROW && p.X == sel {
				return "receiving from its channel blocks forever"
			}
		case *ast.RangeStmt:
			if p.X != sel {
				break
			}
			return "ranging over its channel blocks forever"
		case *ast.CallExpr:
			if astq.IsBuiltin(info, p, "close") {
				return "closing its channel panics"
			}
		}
	case *types.Signature:
		if call, ok := parent.(*ast.CallExpr); ok && call.Fun == sel {
			return "calling it panics"
		}
	case *types.Interface:
		if s, ok := parent.(*ast.SelectorExpr); ok && s.X == sel && astq.SelectionPanicsOnNil(info, files, info.Selections[s]) {
			return "calling its methods panics"
		}
	case *types.Pointer:
		switch p := parent.(type) {
		case *ast.SelectorExpr:
			if p.X == sel && astq.SelectionPanicsOnNil(info, files, info.Selections[p]) {
				return "dereferencing it panics"
			}
		case *ast.StarExpr:
			return "dereferencing it panics"
		}
	}
	return ""
}

// isNilComparison reports whether n is x == nil or x != nil.
func isNilComparison(info *types.Info, n ast.Node) bool {
	b, ok := n.(*ast.BinaryExpr)
	if !ok || (b.Op != token.EQL && b.Op != token.NEQ) {
		return false
	}
	return info.Types[b.X].IsNil() || info.Types[b.Y].IsNil()
}

// isAssigned reports whether parent stores into e.
func isAssigned(parent ast.Node, e ast.Expr) bool {
	switch p := parent.(type) {
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if l == e {
				return true
			}
		}
	case *ast.IncDecStmt:
		return p.X == e
	}
	return false
}
