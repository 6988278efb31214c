package experiment

import (
	"bytes"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// statements gives each statement of a block a reach marker, and makes
// the statement-level sites: removing it, assigning a dropped result, and
// assigning to another field.
func (f *finder) statements(list []ast.Stmt) {
	for _, st := range list {
		switch st.(type) {
		case *ast.CaseClause, *ast.CommClause:
			continue // a switch's or select's body: its clauses hold the statements
		}
		id := f.id(1)
		f.mark[st] = id
		f.markLine[id] = f.line(st.Pos())
		f.marks = append(f.marks, piece{off: f.off(st.Pos()), end: f.off(st.Pos()),
			text: "_sleuthHit(" + strconv.Itoa(id) + "); ", class: 2, depth: -1})
		f.stack = append(f.stack, st)
		f.statement(st)
		f.stack = f.stack[:len(f.stack)-1]
	}
}

// statement makes the statement-level sites of st, as one if-chain:
//
//	if _sleuthV(ID, n) == 0 { ALT0 } else if … { ALTn-1 } else { st }
//
// An if does not capture break or continue, so st keeps its meaning.
func (f *finder) statement(st ast.Stmt) {
	var vs []Variant
	src := f.text(st)
	switch x := st.(type) {
	case *ast.ExprStmt:
		call, ok := x.X.(*ast.CallExpr)
		if !ok {
			return
		}
		if lhs := f.droppedResult(call); lhs != "" {
			vs = append(vs, Variant{Family: "assign-result", Desc: "assigning the result: `" + lhs + " = " + oneLine(src) + "`", Fix: lhs + " = " + src})
		}
		if !f.terminal(call) {
			vs = append(vs, Variant{Family: "delete", Desc: "removing `" + oneLine(src) + "`", Fix: ""})
		}
	case *ast.AssignStmt:
		if x.Tok == token.DEFINE {
			return
		}
		vs = append(vs, Variant{Family: "delete", Desc: "removing `" + oneLine(src) + "`", Fix: ""})
		if f.inLoopBranch() {
			vs = append(vs, Variant{Family: "break", Desc: "leaving the loop after `" + oneLine(src) + "`", Fix: src + "\n" + f.indent(st) + "break"})
		}
		if len(x.Lhs) == 1 {
			for _, alt := range f.otherFields(x.Lhs[0]) {
				fix := alt + src[f.off(x.Lhs[0].End())-f.off(st.Pos()):]
				vs = append(vs, Variant{Family: "other-field", Desc: "assigning `" + alt + "` instead of `" + f.text(x.Lhs[0]) + "`", Fix: fix})
			}
		}
	case *ast.IncDecStmt:
		vs = append(vs, Variant{Family: "delete", Desc: "removing `" + src + "`", Fix: ""})
	default:
		return
	}
	if len(vs) == 0 {
		return
	}
	s := f.newSite(st, vs...)
	base := s.Variants[0].ID
	var open strings.Builder
	for i, v := range vs {
		if i > 0 {
			open.WriteString(" else ")
		}
		open.WriteString("if _sleuthV(" + strconv.Itoa(base) + ", " + strconv.Itoa(len(vs)) + ") == " + strconv.Itoa(i) + " { " + v.Fix + " }")
	}
	open.WriteString(" else { ")
	f.wrap(s, st, open.String(), " }")
}

// inLoopBranch reports whether the statement being walked is in an if
// inside a for or range loop, with no switch, select or function literal
// between (where a break would leave something else).
func (f *finder) inLoopBranch() bool {
	inIf := false
	for i := len(f.stack) - 2; i >= 0; i-- {
		switch f.stack[i].(type) {
		case *ast.IfStmt:
			inIf = true
		case *ast.ForStmt, *ast.RangeStmt:
			return inIf
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.FuncLit, *ast.FuncDecl:
			return false
		}
	}
	return false
}

// indent is the white space before st on its line.
func (f *finder) indent(st ast.Node) string {
	off := f.off(st.Pos())
	start := bytes.LastIndexByte(f.src[:off], '\n') + 1
	return string(f.src[start:off])
}

// terminal reports whether call ends the function (panic, os.Exit,
// log.Fatal…): removing it is no fix and breaks "missing return".
func (f *finder) terminal(call *ast.CallExpr) bool {
	switch fun := call.Fun.(type) {
	case *ast.Ident:
		return fun.Name == "panic"
	case *ast.SelectorExpr:
		name := fun.Sel.Name
		return strings.HasPrefix(name, "Fatal") || name == "Exit" || strings.HasPrefix(name, "Panic")
	}
	return false
}

// droppedResult is the variable or field a call's dropped result belongs
// in: the receiver of a method, or the first argument of a function,
// whose type is the result's (t.Add(d) → t = t.Add(d)); "" if none.
func (f *finder) droppedResult(call *ast.CallExpr) string {
	tv, ok := f.info.Types[call]
	if !ok || tv.Type == nil {
		return ""
	}
	if _, tuple := tv.Type.(*types.Tuple); tuple {
		return ""
	}
	var target ast.Expr
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
		if s, ok := f.info.Selections[sel]; ok && s.Kind() == types.MethodVal {
			target = sel.X
		}
	}
	if target == nil && len(call.Args) > 0 {
		target = call.Args[0]
	}
	if target == nil || !assignable(target) {
		return ""
	}
	if t := f.typeOf(target); t == nil || !types.Identical(t, tv.Type) {
		return ""
	}
	return f.text(target)
}

// assignable reports whether e names a variable or a field of one.
func assignable(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name != "_"
	case *ast.SelectorExpr:
		return assignable(x.X)
	}
	return false
}

// otherFields are the other fields of the struct lhs assigns a field of,
// with the same type ("c.total" for "c.count").
func (f *finder) otherFields(lhs ast.Expr) []string {
	sel, ok := lhs.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	s, ok := f.info.Selections[sel]
	if !ok || s.Kind() != types.FieldVal || len(s.Index()) != 1 {
		return nil
	}
	st, ok := derefStruct(s.Recv())
	if !ok {
		return nil
	}
	x := f.text(sel.X)
	var out []string
	for i := 0; i < st.NumFields() && len(out) < maxAlternatives; i++ {
		o := st.Field(i)
		if o.Name() != sel.Sel.Name && o.Name() != "_" && types.Identical(o.Type(), s.Obj().Type()) && (o.Exported() || o.Pkg() == f.pkg) {
			out = append(out, x+"."+o.Name())
		}
	}
	return out
}
