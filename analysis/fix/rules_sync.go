package fix

import (
	"go/ast"
	"go/types"
	"regexp"
	"strings"
)

// deferDone fixes a goroutine that returns before its wg.Done() (or
// close(ch)): the call is deferred at the function's start and the later
// calls are removed, so every return runs it.
func deferDone(p *program, s *site) []Candidate {
	m := returnsBefore.FindStringSubmatch(s.reason)
	if m == nil {
		return nil
	}
	skipped := m[1] // "wg.Done()" or "close(ch)"
	ret, ok := first[*ast.ReturnStmt](s)
	if !ok {
		return nil
	}
	_, body, _ := p.enclosingFunc(ret)
	if body == nil || len(body.List) == 0 || p.line(body.List[0].Pos()) == p.line(body.Lbrace) {
		return nil
	}
	var calls []*ast.ExprStmt
	deferred := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			if p.text(x.Call) == skipped {
				deferred = true
			}
			return false
		case *ast.ExprStmt:
			if p.text(x.X) == skipped {
				calls = append(calls, x)
			}
		}
		return true
	})
	if len(calls) == 0 || deferred {
		return nil
	}
	b := p.build("defer "+skipped+" at the start so every return runs it", "defer-done")
	b.insertBefore(body.List[0], "defer "+skipped)
	for _, c := range calls {
		b.deleteStmt(c)
	}
	return one(b)
}

var returnsBefore = regexp.MustCompile(`returns before (\S+\(\S*\)),? so`)

// lockMap takes the lock other writers hold around an unguarded write (or
// read) of a shared field or map: `c.mu.Lock()` before the statement and
// `c.mu.Unlock()` after it.
func lockMap(p *program, s *site) []Candidate {
	r := s.reason
	if !strings.Contains(r, "without the lock") && !strings.Contains(r, "without holding") && !strings.Contains(r, "unlockedmap:") {
		return nil
	}
	hint := ""
	if m := holdingHint.FindStringSubmatch(r); m != nil {
		hint = m[1][strings.LastIndex(m[1], ".")+1:]
	}
	for _, n := range s.nodes {
		st, ok := n.(ast.Stmt)
		if !ok || p.enclosingStmt(st) != st {
			continue
		}
		if _, isBlock := st.(*ast.BlockStmt); isBlock {
			continue
		}
		base, field, isMap := p.sharedField(st)
		if base == nil {
			continue
		}
		mu := p.mutexFor(base, field, hint)
		if mu == "" {
			continue
		}
		lock := p.text(base) + "." + mu
		shape := "lock-map"
		if !isMap {
			shape = "lock-field"
		}
		b := p.build("hold "+lock+" around the write, as the other writers do", shape)
		b.insertBefore(st, lock+".Lock()")
		b.insertAfter(st, lock+".Unlock()")
		return one(b)
	}
	return nil
}

var holdingHint = regexp.MustCompile(`without holding ([\w.]+)`)

// sharedField returns the first field selection Base.f in st whose struct
// has a mutex: the written map's, else the callee's receiver when st calls
// a method (the write is inside it).
func (p *program) sharedField(st ast.Stmt) (base ast.Expr, field *types.Var, isMap bool) {
	info := p.info(st.Pos())
	ast.Inspect(st, func(n ast.Node) bool {
		if base != nil {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if v, ok := info.Uses[sel.Sel].(*types.Var); ok && v.IsField() && addressable(sel.X) {
			if _, st := structOf(info.TypeOf(sel.X)); st != nil && len(mutexFields(st)) > 0 {
				_, isMap = v.Type().Underlying().(*types.Map)
				base, field = sel.X, v
				return false
			}
		}
		if fn, ok := info.Uses[sel.Sel].(*types.Func); ok && addressable(sel.X) {
			if _, st := structOf(info.TypeOf(sel.X)); st != nil && len(mutexFields(st)) > 0 {
				base, isMap = sel.X, true
				_ = fn
				return false
			}
		}
		return true
	})
	return base, field, isMap
}

// mutexFields returns the names of st's sync.Mutex and sync.RWMutex fields.
func mutexFields(st *types.Struct) []string {
	var out []string
	for i := range st.NumFields() {
		f := st.Field(i)
		t := f.Type()
		if ptr, ok := t.(*types.Pointer); ok {
			t = ptr.Elem()
		}
		switch types.TypeString(t, nil) {
		case "sync.Mutex", "sync.RWMutex":
			out = append(out, f.Name())
		}
	}
	return out
}

// mutexFor picks the mutex of base's struct that guards field: the hinted
// one, the only one, or the one locked in a function that also uses field.
func (p *program) mutexFor(base ast.Expr, field *types.Var, hint string) string {
	_, st := structOf(p.info(base.Pos()).TypeOf(base))
	mus := mutexFields(st)
	for _, m := range mus {
		if m == hint {
			return m
		}
	}
	if len(mus) == 1 {
		return mus[0]
	}
	if field == nil {
		return ""
	}
	for _, f := range p.files {
		info := p.pkgs[f].TypesInfo
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			uses, locked := false, ""
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.SelectorExpr:
					if info.Uses[x.Sel] == field {
						uses = true
					}
					if x.Sel.Name == "Lock" {
						if inner, ok := x.X.(*ast.SelectorExpr); ok {
							for _, m := range mus {
								if inner.Sel.Name == m {
									locked = m
								}
							}
						}
					}
				}
				return true
			})
			if uses && locked != "" {
				return locked
			}
		}
	}
	return ""
}

// closeOnce fixes a channel closed twice. For a field, a sync.Once next to
// it guards every close; for a local closed both by defer and explicitly,
// the explicit close goes.
func closeOnce(p *program, s *site) []Candidate {
	r := s.reason
	if !strings.Contains(r, "closes ") && !strings.Contains(r, "doubleclose:") {
		return nil
	}
	for _, call := range all[*ast.CallExpr](s) {
		id, ok := call.Fun.(*ast.Ident)
		if !ok || id.Name != "close" || len(call.Args) != 1 {
			continue
		}
		info := p.info(call.Pos())
		if _, ok := info.Uses[id].(*types.Builtin); !ok {
			continue
		}
		if sel, ok := ast.Unparen(call.Args[0]).(*ast.SelectorExpr); ok {
			if c, ok := p.onceField(call, sel); ok {
				return []Candidate{c}
			}
		}
	}
	return nil
}

// onceField adds `<f>Once sync.Once` beside the channel field f and closes
// f through it everywhere in the package.
func (p *program) onceField(call *ast.CallExpr, sel *ast.SelectorExpr) (Candidate, bool) {
	info := p.info(sel.Pos())
	field, ok := info.Uses[sel.Sel].(*types.Var)
	if !ok || !field.IsField() {
		return Candidate{}, false
	}
	named, st := structOf(info.TypeOf(sel.X))
	if st == nil {
		return Candidate{}, false
	}
	once := field.Name() + "Once"
	for i := range st.NumFields() {
		if st.Field(i).Name() == once {
			return Candidate{}, false
		}
	}
	// The field's declaration.
	var decl *ast.Field
	for _, f := range p.files {
		ast.Inspect(f, func(n ast.Node) bool {
			if fl, ok := n.(*ast.Field); ok && decl == nil {
				for _, nm := range fl.Names {
					if p.pkgs[f].TypesInfo.Defs[nm] == field {
						decl = fl
					}
				}
			}
			return decl == nil
		})
	}
	if decl == nil || len(decl.Names) != 1 {
		return Candidate{}, false
	}
	b := p.build("close "+named.Obj().Name()+"."+field.Name()+" once, through a sync.Once", "close-once")
	syncName := b.addImport(decl.Pos(), "sync")
	b.insertAfter(decl, once+" "+syncName+".Once")
	n := 0
	for _, f := range p.files {
		finfo := p.pkgs[f].TypesInfo
		ast.Inspect(f, func(x ast.Node) bool {
			c, ok := x.(*ast.CallExpr)
			if !ok || len(c.Args) != 1 {
				return true
			}
			if id, ok := c.Fun.(*ast.Ident); !ok || id.Name != "close" {
				return true
			}
			if s, ok := ast.Unparen(c.Args[0]).(*ast.SelectorExpr); ok && finfo.Uses[s.Sel] == field {
				x := p.text(s.X)
				b.replaceNode(c, x+"."+once+".Do(func() { close("+x+"."+field.Name()+") })")
				n++
			}
			return true
		})
	}
	if n == 0 {
		return Candidate{}, false
	}
	return b.candidate()
}
