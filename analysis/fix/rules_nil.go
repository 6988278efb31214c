package fix

import (
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"strings"
)

// ctorBypass fixes a struct literal that bypasses its constructor and leaves
// a field nil: the literal becomes a call of the constructor when the
// literal's fields are exactly what the constructor takes, and otherwise the
// missing fields are initialised in the literal, as the constructor does.
func ctorBypass(p *program, s *site) []Candidate {
	if !strings.Contains(s.reason, "is built here without") && !strings.Contains(s.reason, "ctorbypass:") {
		return nil
	}
	var out []Candidate
	for _, lit := range all[*ast.CompositeLit](s) {
		info := p.info(lit.Pos())
		named, st := structOf(info.TypeOf(lit))
		if st == nil {
			continue
		}
		ctor, ctorLit := p.constructor(named, lit)
		if ctor != nil {
			if c, ok := p.useConstructor(lit, named, ctor, ctorLit); ok {
				out = append(out, c)
			}
		}
		if c, ok := p.initFields(s, lit, st, ctorLit); ok {
			out = append(out, c)
		}
	}
	return out
}

// structOf returns the named struct type t is or points to.
func structOf(t types.Type) (*types.Named, *types.Struct) {
	if ptr, ok := t.(*types.Pointer); ok {
		t = ptr.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return nil, nil
	}
	st, _ := named.Underlying().(*types.Struct)
	return named, st
}

// constructor finds NewT (or newT, or New when T is the package's type of
// that name) in T's package, with the literal of T it returns. It never
// returns the function that holds lit itself.
func (p *program) constructor(named *types.Named, lit *ast.CompositeLit) (*ast.FuncDecl, *ast.CompositeLit) {
	obj := named.Obj()
	_, _, encl := p.enclosingFunc(lit)
	for _, f := range p.files {
		pkg := p.pkgs[f]
		if pkg.Types != obj.Pkg() {
			continue
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || fd.Body == nil || fd == encl {
				continue
			}
			if n := fd.Name.Name; n != "New"+obj.Name() && n != "new"+obj.Name() && !strings.EqualFold(n, "new"+obj.Name()) {
				continue
			}
			res := results(pkg.TypesInfo, fd.Type)
			if len(res) == 0 {
				continue
			}
			if rn, _ := structOf(res[0]); rn == nil || rn.Obj() != obj {
				continue
			}
			var found *ast.CompositeLit
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if cl, ok := n.(*ast.CompositeLit); ok && found == nil {
					if rn, _ := structOf(pkg.TypesInfo.TypeOf(cl)); rn != nil && rn.Obj() == obj {
						found = cl
					}
				}
				return found == nil
			})
			return fd, found
		}
	}
	return nil, nil
}

// useConstructor replaces lit (or &lit) with a call of ctor when every
// parameter of ctor is a field the literal sets (by name, or because the
// constructor stores that parameter in it) and the literal sets nothing
// else.
func (p *program) useConstructor(lit *ast.CompositeLit, named *types.Named, ctor *ast.FuncDecl, ctorLit *ast.CompositeLit) (Candidate, bool) {
	info := p.info(lit.Pos())
	ctorInfo := p.info(ctor.Pos())
	var node ast.Node = lit
	wantPtr := false
	if path := p.path(lit); len(path) > 1 {
		if u, ok := path[1].(*ast.UnaryExpr); ok && u.Op == token.AND {
			node, wantPtr = u, true
		}
	}
	res := results(ctorInfo, ctor.Type)
	if len(res) != 1 {
		return Candidate{}, false // (T, error) needs error handling: leave it to the field fix
	}
	if _, isPtr := res[0].(*types.Pointer); isPtr != wantPtr {
		return Candidate{}, false
	}
	set := map[string]string{} // field → value text in lit
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			return Candidate{}, false
		}
		set[kv.Key.(*ast.Ident).Name] = p.text(kv.Value)
	}
	// Which field each parameter ends up in.
	paramField := map[string]string{}
	if ctorLit != nil {
		for _, e := range ctorLit.Elts {
			if kv, ok := e.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Value.(*ast.Ident); ok {
					paramField[id.Name] = kv.Key.(*ast.Ident).Name
				}
			}
		}
	}
	var args []string
	used := map[string]bool{}
	for _, f := range ctor.Type.Params.List {
		for _, n := range f.Names {
			field := paramField[n.Name]
			if field == "" {
				for k := range set {
					if strings.EqualFold(k, n.Name) {
						field = k
					}
				}
			}
			v, ok := set[field]
			if !ok {
				return Candidate{}, false
			}
			args = append(args, v)
			used[field] = true
		}
	}
	if len(used) != len(set) {
		return Candidate{}, false
	}
	name := ctor.Name.Name
	if info != nil && p.pkgAt(lit.Pos()).Types != named.Obj().Pkg() {
		q, ok := p.typeString(lit.Pos(), named)
		if !ok || !ctor.Name.IsExported() {
			return Candidate{}, false
		}
		name = q[:strings.LastIndex(q, ".")+1] + name
	}
	b := p.build("build "+named.Obj().Name()+" with "+name+" instead of a literal", "init-nil-map")
	b.replaceNode(node, name+"("+strings.Join(args, ", ")+")")
	return b.candidate()
}

// initFields adds the nil-prone fields lit leaves out (maps, channels,
// pointers, functions, interfaces), with the constructor's value when it
// depends on no parameter, or an empty map.
func (p *program) initFields(s *site, lit *ast.CompositeLit, st *types.Struct, ctorLit *ast.CompositeLit) (Candidate, bool) {
	set := map[string]bool{}
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			return Candidate{}, false
		}
		set[kv.Key.(*ast.Ident).Name] = true
	}
	ctorVals := map[string]ast.Expr{}
	if ctorLit != nil {
		for _, e := range ctorLit.Elts {
			if kv, ok := e.(*ast.KeyValueExpr); ok {
				ctorVals[kv.Key.(*ast.Ident).Name] = kv.Value
			}
		}
	}
	named := fieldsNamed(s.reason)
	var add, names []string
	for i := range st.NumFields() {
		f := st.Field(i)
		if set[f.Name()] || f.Embedded() || (len(named) > 0 && !named[f.Name()]) {
			continue
		}
		var val string
		if v, ok := ctorVals[f.Name()]; ok && p.standsAlone(v) && p.pkgAt(v.Pos()) == p.pkgAt(lit.Pos()) {
			val = p.text(v)
		} else if _, isMap := f.Type().Underlying().(*types.Map); isMap {
			t, ok := p.typeString(lit.Pos(), f.Type())
			if !ok {
				continue
			}
			val = "make(" + t + ")"
		} else {
			continue
		}
		add = append(add, f.Name()+": "+val)
		names = append(names, f.Name())
	}
	if len(add) == 0 {
		return Candidate{}, false
	}
	b := p.build("initialise "+strings.Join(names, ", ")+" where the literal builds it", "init-nil-map")
	switch {
	case len(lit.Elts) == 0:
		b.replace(lit.Lbrace, lit.Rbrace+1, "{"+strings.Join(add, ", ")+"}")
	case p.line(lit.Rbrace) == p.line(lit.Elts[len(lit.Elts)-1].End()):
		b.replace(lit.Elts[len(lit.Elts)-1].End(), lit.Elts[len(lit.Elts)-1].End(), ", "+strings.Join(add, ", "))
	default:
		last := lit.Elts[len(lit.Elts)-1]
		lines := make([]string, len(add))
		for i, a := range add {
			lines[i] = a + ","
		}
		b.insertAfter(last, lines...)
	}
	return b.candidate()
}

var withoutField = regexp.MustCompile(`built here without (\w+)|field (\w+) stays`)

// fieldsNamed returns the fields a ctorbypass reason names.
func fieldsNamed(reason string) map[string]bool {
	out := map[string]bool{}
	for _, m := range withoutField.FindAllStringSubmatch(reason, -1) {
		out[m[1]+m[2]] = true
	}
	return out
}

// standsAlone reports whether e refers only to package-level names,
// imported packages and built-ins (so it can be copied out of its
// function).
func (p *program) standsAlone(e ast.Expr) bool {
	info := p.info(e.Pos())
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		id, isID := n.(*ast.Ident)
		if !isID || !ok {
			return ok
		}
		obj := info.Uses[id]
		if obj == nil {
			return true // a field key or selector name
		}
		if _, isPkg := obj.(*types.PkgName); isPkg {
			return true
		}
		if obj.Parent() != obj.Pkg().Scope() && obj.Parent() != types.Universe {
			if _, isField := obj.(*types.Var); isField && obj.(*types.Var).IsField() {
				return true
			}
			ok = false
		}
		return ok
	})
	return ok
}

// localMap fixes a map variable declared and never assigned:
// `var m map[K]V` becomes `m := make(map[K]V)`.
func localMap(p *program, s *site) []Candidate {
	if !strings.Contains(s.reason, "never assigned") {
		return nil
	}
	ds, ok := first[*ast.DeclStmt](s)
	if !ok {
		return nil
	}
	g := ds.Decl.(*ast.GenDecl)
	if g.Tok != token.VAR || len(g.Specs) != 1 {
		return nil
	}
	vs := g.Specs[0].(*ast.ValueSpec)
	if len(vs.Names) != 1 || vs.Type == nil || len(vs.Values) > 0 {
		return nil
	}
	if _, isMap := p.info(vs.Pos()).TypeOf(vs.Type).Underlying().(*types.Map); !isMap {
		return nil
	}
	b := p.build("make the map "+vs.Names[0].Name+" instead of leaving it nil", "init-nil-map")
	b.replaceNode(ds, vs.Names[0].Name+" := make("+p.text(vs.Type)+")")
	return one(b)
}

// lazyInitMap initialises a nil map right before the write that panicked:
// `if m == nil { m = make(map[K]V) }`. It treats the symptom, so it comes
// after the fixes at the map's origin.
func lazyInitMap(p *program, s *site) []Candidate {
	if s.kind != "nil-map-write" {
		return nil
	}
	for _, n := range s.nodes {
		var lhs []ast.Expr
		switch st := n.(type) {
		case *ast.AssignStmt:
			lhs = st.Lhs
		case *ast.IncDecStmt:
			lhs = []ast.Expr{st.X}
		default:
			continue
		}
		if p.enclosingStmt(n) != n {
			continue
		}
		for _, l := range lhs {
			ix, ok := ast.Unparen(l).(*ast.IndexExpr)
			if !ok {
				continue
			}
			info := p.info(ix.Pos())
			if _, isMap := info.TypeOf(ix.X).Underlying().(*types.Map); !isMap || !addressable(ix.X) {
				continue
			}
			t, ok := p.typeString(ix.Pos(), info.TypeOf(ix.X))
			if !ok {
				continue
			}
			m := p.text(ix.X)
			b := p.build("initialise "+m+" before writing to it", "init-nil-map")
			b.insertBefore(n, "if "+m+" == nil {", "\t"+m+" = make("+t+")", "}")
			return one(b)
		}
	}
	return nil
}

// addressable reports whether e is a variable or a chain of field
// selections (something that can be assigned).
func addressable(e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		return x.Name != "_"
	case *ast.SelectorExpr:
		return addressable(x.X)
	case *ast.StarExpr:
		return addressable(x.X)
	}
	return false
}

// checkError handles an error that is discarded or never checked:
// `v, _ := f()` becomes `v, err := f()` followed by
// `if err != nil { return ..., err }` (t.Fatal in tests).
func checkError(p *program, s *site) []Candidate {
	r := s.reason
	if !strings.Contains(r, "error") || !(strings.Contains(r, "not checked") || strings.Contains(r, "discarded")) {
		return nil
	}
	for _, n := range s.nodes {
		switch st := n.(type) {
		case *ast.AssignStmt:
			if c, ok := p.checkAssign(st); ok {
				return []Candidate{c}
			}
		case *ast.ExprStmt:
			if c, ok := p.checkCall(st); ok {
				return []Candidate{c}
			}
		}
	}
	return nil
}

func (p *program) checkAssign(st *ast.AssignStmt) (Candidate, bool) {
	if len(st.Rhs) != 1 || p.enclosingStmt(st) != st {
		return Candidate{}, false
	}
	call, ok := ast.Unparen(st.Rhs[0]).(*ast.CallExpr)
	if !ok {
		return Candidate{}, false
	}
	info := p.info(st.Pos())
	tup, ok := info.TypeOf(call).(*types.Tuple)
	if !ok || tup.Len() != len(st.Lhs) || !isErrorType(tup.At(tup.Len()-1).Type()) {
		return Candidate{}, false
	}
	errLHS := st.Lhs[len(st.Lhs)-1]
	b := p.build("check the error from "+p.text(call.Fun), "check-error")
	name := "err"
	if id, ok := errLHS.(*ast.Ident); ok && id.Name != "_" {
		name = id.Name
	} else if st.Tok == token.ASSIGN {
		if _, obj := p.pkgAt(st.Pos()).Types.Scope().Innermost(st.Pos()).LookupParent("err", st.Pos()); obj == nil || !isErrorType(obj.Type()) {
			b.insertBefore(st, "var err error")
		}
		b.replaceNode(errLHS, name)
	} else {
		b.replaceNode(errLHS, name)
	}
	h, ok := p.onError(b, st, name)
	if !ok {
		return Candidate{}, false
	}
	b.insertAfter(st, "if "+name+" != nil {", "\t"+h, "}")
	return b.candidate()
}

// checkCall handles `f()` whose only result, an error, is dropped.
func (p *program) checkCall(st *ast.ExprStmt) (Candidate, bool) {
	call, ok := ast.Unparen(st.X).(*ast.CallExpr)
	if !ok || p.enclosingStmt(st) != st || !isErrorType(p.info(st.Pos()).TypeOf(call)) {
		return Candidate{}, false
	}
	b := p.build("check the error from "+p.text(call.Fun), "check-error")
	name := p.freeName(st.Pos(), "err")
	h, ok := p.onError(b, st, name)
	if !ok {
		return Candidate{}, false
	}
	ind := p.indentAt(st.Pos())
	b.replaceNode(st, "if "+name+" := "+p.text(call)+"; "+name+" != nil {\n"+ind+"\t"+h+"\n"+ind+"}")
	return b.candidate()
}

// commaOK turns the type assertion that panicked, `v := x.(T)`, into
// `v, ok := x.(T)` with a check that returns an error (t.Fatalf in tests).
func commaOK(p *program, s *site) []Candidate {
	if s.kind != "type-assertion" {
		return nil
	}
	for _, n := range s.nodes {
		st, ok := n.(*ast.AssignStmt)
		if !ok || st.Tok != token.DEFINE || len(st.Lhs) != 1 || len(st.Rhs) != 1 || p.enclosingStmt(st) != st {
			continue
		}
		ta, ok := ast.Unparen(st.Rhs[0]).(*ast.TypeAssertExpr)
		if !ok || ta.Type == nil {
			continue
		}
		b := p.build("check the type assertion "+p.text(ta)+" with comma-ok", "comma-ok")
		okName := p.freeName(st.Pos(), "ok")
		b.replaceNode(st.Lhs[0], p.text(st.Lhs[0])+", "+okName)
		x := p.text(ta.X)
		h, good := p.onFailure(b, st, x+" is %T, not "+p.text(ta.Type), x)
		if !good {
			continue
		}
		b.insertAfter(st, "if !"+okName+" {", "\t"+h, "}")
		return one(b)
	}
	return nil
}

// guardNil returns early when the pointer dereferenced on the crash line is
// nil. It treats the symptom and comes last; it is never proposed in test
// files, where a guard would hide the failure.
func guardNil(p *program, s *site) []Candidate {
	if s.kind != "nil-deref" || strings.HasSuffix(p.fset.File(s.file.Pos()).Name(), "_test.go") {
		return nil
	}
	var out []Candidate
	seen := map[string]bool{}
	for _, n := range s.nodes {
		var x ast.Expr
		switch e := n.(type) {
		case *ast.SelectorExpr:
			x = e.X
		case *ast.StarExpr:
			x = e.X
		default:
			continue
		}
		id, ok := ast.Unparen(x).(*ast.Ident)
		if !ok || seen[id.Name] {
			continue
		}
		info := p.info(id.Pos())
		v, ok := info.Uses[id].(*types.Var)
		if !ok {
			continue
		}
		if _, isPtr := v.Type().Underlying().(*types.Pointer); !isPtr {
			continue
		}
		st := p.enclosingStmt(n)
		if st == nil {
			continue
		}
		seen[id.Name] = true
		b := p.build("return early when "+id.Name+" is nil", "guard-nil")
		h, good := p.onFailure(b, st, id.Name+" is nil")
		if !good {
			continue
		}
		b.insertBefore(st, "if "+id.Name+" == nil {", "\t"+h, "}")
		out = append(out, one(b)...)
		if len(out) == 2 {
			break
		}
	}
	return out
}
