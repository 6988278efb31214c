package rootcause

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"
)

// chanBlocked explains a goroutine blocked on a channel nobody will serve:
// for a receive (or range), the returns of the functions that close a
// channel of that type which come before the close; for a send, the returns
// of the function that started the sender which come before it receives.
func (t *tracer) chanBlocked(s site, op string) {
	var ch ast.Expr
	for _, n := range t.nodesAt(s.fn, s.line) {
		switch x := n.(type) {
		case *ast.SendStmt:
			ch = x.Chan
		case *ast.UnaryExpr:
			if x.Op == token.ARROW {
				ch = x.X
			}
		case *ast.RangeStmt:
			if _, ok := typeUnder(s.fi.info.TypeOf(x.X)).(*types.Chan); ok {
				ch = x.X
			}
		}
	}
	if ch == nil {
		return
	}
	ct := s.fi.info.TypeOf(ch)
	if op == "send" {
		t.abandonedReceiver(s, ch)
		return
	}
	for name, fi := range t.p.files {
		ast.Inspect(fi.ast, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 1 {
				return true
			}
			if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "close" {
				return true
			}
			if at := fi.info.TypeOf(call.Args[0]); at == nil || !sameElem(at, ct) {
				return true
			}
			fn, _ := t.p.funcAt(name, t.p.line(call.Pos()))
			if fn == nil {
				return true
			}
			ast.Inspect(bodyOf(fn), func(m ast.Node) bool {
				if _, ok := m.(*ast.FuncLit); ok {
					return false
				}
				if r, ok := m.(*ast.ReturnStmt); ok && r.Pos() < call.Pos() {
					t.suspect(r.Pos(), fn, "returns before close("+types.ExprString(call.Args[0])+"), so the receiver waits forever", 0.82)
				}
				return true
			})
			return true
		})
	}
}

// sameElem compares channel types by element, ignoring direction.
func sameElem(a, b types.Type) bool {
	ca, ok1 := typeUnder(a).(*types.Chan)
	cb, ok2 := typeUnder(b).(*types.Chan)
	return ok1 && ok2 && types.Identical(ca.Elem(), cb.Elem())
}

// abandonedReceiver suspects the returns, in the function that launched the
// blocked sender, that leave before receiving from the channel.
func (t *tracer) abandonedReceiver(s site, ch ast.Expr) {
	lit, ok := s.fn.(*ast.FuncLit)
	if !ok {
		return
	}
	outer, _ := t.p.funcAt(absPath(t.p.fset.Position(lit.Pos()).Filename), t.p.line(lit.Pos())-1)
	if outer == nil {
		return
	}
	chObj := objOf(s.fi.info, ch)
	var recv token.Pos
	ast.Inspect(bodyOf(outer), func(n ast.Node) bool {
		if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.ARROW && objOf(s.fi.info, u.X) == chObj && u.Pos() > lit.End() && recv == token.NoPos {
			recv = u.Pos()
		}
		return true
	})
	ast.Inspect(bodyOf(outer), func(n ast.Node) bool {
		if n == lit {
			return false
		}
		if r, ok := n.(*ast.ReturnStmt); ok && r.Pos() > lit.End() && (recv == token.NoPos || r.Pos() < recv) {
			t.suspect(r.Pos(), outer, "returns without receiving from "+types.ExprString(ch)+", so the goroutine sending on it blocks forever", 0.82)
		}
		return true
	})
}

// prefixMismatch suspects a strings.HasPrefix check on x whose prefix is
// not the constant whose length is sliced off (s[len(prefix):]).
func (t *tracer) prefixMismatch(s site, sl *ast.SliceExpr) {
	call, ok := ast.Unparen(sl.Low).(*ast.CallExpr)
	if !ok || !isLenCall(call) {
		return
	}
	used := s.fi.info.Types[call.Args[0]].Value
	if used == nil || used.Kind() != constant.String {
		return
	}
	x := objOf(s.fi.info, sl.X)
	ast.Inspect(bodyOf(s.fn), func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok || len(c.Args) != 2 {
			return true
		}
		fn := calleeFunc(s.fi.info, c)
		if fn == nil || fn.FullName() != "strings.HasPrefix" || objOf(s.fi.info, c.Args[0]) != x {
			return true
		}
		checked := s.fi.info.Types[c.Args[1]].Value
		if checked != nil && constant.StringVal(checked) != constant.StringVal(used) && strings.HasPrefix(constant.StringVal(used), constant.StringVal(checked)) {
			t.suspect(c.Pos(), s.fn, "checks the prefix "+checked.ExactString()+" but slices off len("+used.ExactString()+"): a shorter input passes the check", 0.88)
		}
		return true
	})
}
