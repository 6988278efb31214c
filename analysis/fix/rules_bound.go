package fix

import (
	"bytes"
	"go/ast"
	"go/constant"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
)

// bound corrects an off-by-one bound: a loop condition that includes its
// end (`i <= len(x)` → `i < len(x)`, `!d.After(end)` → `d.Before(end)`), a
// guard that admits the length, `x + 1` that makes a value one too large,
// and `a/b + 1` page counts (→ `(a + b - 1) / b`).
func bound(p *program, s *site) []Candidate {
	r := s.reason
	if !strings.Contains(r, "off by one") && !strings.Contains(r, "(use <)") && !strings.Contains(r, "(use >=)") &&
		!strings.Contains(r, "includes the end") && !strings.Contains(r, "±1") && !strings.Contains(r, "+1 may be one too many") {
		return nil
	}
	for _, n := range s.nodes {
		if f, ok := n.(*ast.ForStmt); ok && f.Cond != nil {
			if c, ok := p.loopCond(f); ok {
				return []Candidate{c}
			}
		}
	}
	for _, be := range all[*ast.BinaryExpr](s) {
		text := types.ExprString(be)
		if !strings.Contains(r, text) {
			continue
		}
		switch {
		case isComparison(be.Op):
			b := p.build("make the bound "+text+" exclusive of the length", "bound")
			b.replace(be.OpPos, be.OpPos+token.Pos(len(be.Op.String())), toggleStrict(be.Op).String())
			return one(b)
		case be.Op == token.ADD && isOne(be.Y):
			if q, ok := ast.Unparen(be.X).(*ast.BinaryExpr); ok && q.Op == token.QUO && isInteger(p.info(q.Pos()).TypeOf(q)) {
				b := p.build("round "+p.text(q)+" up instead of adding 1", "bound")
				b.replaceNode(be, p.fmtExpr("("+p.text(q.X)+" + "+p.text(q.Y)+" - 1) / "+p.text(q.Y)))
				return one(b)
			}
			b := p.build("drop the + 1 from "+text, "bound")
			b.replaceNode(be, p.text(be.X))
			return one(b)
		}
	}
	return nil
}

// loopCond makes an inclusive loop condition exclusive.
func (p *program) loopCond(f *ast.ForStmt) (Candidate, bool) {
	switch c := ast.Unparen(f.Cond).(type) {
	case *ast.BinaryExpr:
		if c.Op != token.LEQ && c.Op != token.GEQ {
			return Candidate{}, false
		}
		b := p.build("stop the loop before the bound: "+strictText(p, c), "bound")
		b.replace(c.OpPos, c.OpPos+token.Pos(len(c.Op.String())), toggleStrict(c.Op).String())
		return b.candidate()
	case *ast.UnaryExpr:
		call, ok := ast.Unparen(c.X).(*ast.CallExpr)
		if !ok || c.Op != token.NOT {
			return Candidate{}, false
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || (sel.Sel.Name != "After" && sel.Sel.Name != "Before") {
			return Candidate{}, false
		}
		other := map[string]string{"After": "Before", "Before": "After"}[sel.Sel.Name]
		text := p.text(sel.X) + "." + other + "(" + p.text(call.Args[0]) + ")"
		b := p.build("stop the loop before the end: "+text, "bound")
		b.replaceNode(c, text)
		return b.candidate()
	}
	return Candidate{}, false
}

func strictText(p *program, c *ast.BinaryExpr) string {
	return p.text(c.X) + " " + toggleStrict(c.Op).String() + " " + p.text(c.Y)
}

func isComparison(op token.Token) bool {
	switch op {
	case token.LSS, token.LEQ, token.GTR, token.GEQ:
		return true
	}
	return false
}

// toggleStrict turns < into <= and back, > into >= and back.
func toggleStrict(op token.Token) token.Token {
	switch op {
	case token.LSS:
		return token.LEQ
	case token.LEQ:
		return token.LSS
	case token.GTR:
		return token.GEQ
	case token.GEQ:
		return token.GTR
	}
	return op
}

func isOne(e ast.Expr) bool {
	lit, ok := ast.Unparen(e).(*ast.BasicLit)
	return ok && lit.Value == "1"
}

func isInteger(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

// roundDiv rounds an integer division of a product to the nearest instead
// of truncating: `a * b / d` → `(a*b + d/2) / d`.
func roundDiv(p *program, s *site) []Candidate {
	if !strings.Contains(s.reason, "truncated") {
		return nil
	}
	for _, be := range all[*ast.BinaryExpr](s) {
		info := p.info(be.Pos())
		if be.Op != token.QUO || !isInteger(info.TypeOf(be)) {
			continue
		}
		m, ok := ast.Unparen(be.X).(*ast.BinaryExpr)
		if !ok || m.Op != token.MUL {
			continue
		}
		tv, ok := info.Types[be.Y]
		if !ok || tv.Value == nil {
			continue
		}
		half := p.text(be.Y) + "/2"
		if v, ok := constant.Int64Val(tv.Value); ok {
			if _, isLit := ast.Unparen(be.Y).(*ast.BasicLit); isLit {
				half = constant.MakeInt64(v / 2).String()
			}
		}
		b := p.build("round "+types.ExprString(be)+" to the nearest instead of truncating", "round-div")
		b.replaceNode(be, p.fmtExpr("("+p.text(m)+" + "+half+") / "+p.text(be.Y)))
		return one(b)
	}
	return nil
}

// fmtExpr formats an expression as gofmt would, or returns it unchanged.
func (p *program) fmtExpr(src string) string {
	e, err := parser.ParseExpr(src)
	if err != nil {
		return src
	}
	var buf bytes.Buffer
	if format.Node(&buf, token.NewFileSet(), e) != nil {
		return src
	}
	return buf.String()
}
