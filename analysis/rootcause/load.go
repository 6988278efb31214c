package rootcause

import (
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"

	"github.com/sleuth-dev/sleuth/analysis/source"
	"golang.org/x/tools/go/packages"
)

// program is the loaded source of the packages on the failing stacks.
type program struct {
	fset  *token.FileSet
	files map[string]*fileInfo // by absolute path
	funcs map[*types.Func]*ast.FuncDecl
	// lits lists composite literals by the named type they build.
	lits map[*types.TypeName][]*ast.CompositeLit
	info map[*ast.File]*types.Info
	// pkgs are the loaded packages, for the analysis passes.
	pkgs []*packages.Package
}

type fileInfo struct {
	ast  *ast.File
	info *types.Info
}

// load type-checks the packages in dirs, with their tests. Only those
// packages: never the whole workspace.
func load(ctx context.Context, dirs []string) (*program, error) {
	sort.Strings(dirs)
	var patterns []string
	for _, d := range dirs {
		patterns = append(patterns, d)
	}
	cfg := &packages.Config{
		Context: ctx,
		Mode:    packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo | packages.NeedImports,
		Tests:   true,
		Dir:     dirs[0],
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("rootcause: loading %v: %w", dirs, err)
	}
	p := &program{files: map[string]*fileInfo{}, funcs: map[*types.Func]*ast.FuncDecl{},
		lits: map[*types.TypeName][]*ast.CompositeLit{}, info: map[*ast.File]*types.Info{}, pkgs: pkgs}
	packages.Visit(pkgs, nil, func(pkg *packages.Package) {
		if pkg.Fset != nil {
			p.fset = pkg.Fset
		}
		for _, f := range pkg.Syntax {
			name, _ := filepath.Abs(pkg.Fset.Position(f.Pos()).Filename)
			if old, ok := p.files[name]; ok && len(old.info.Defs) >= len(pkg.TypesInfo.Defs) {
				continue // the test variant of a package repeats its files
			}
			p.files[name] = &fileInfo{ast: f, info: pkg.TypesInfo}
			p.info[f] = pkg.TypesInfo
		}
	})
	for _, fi := range p.files {
		p.index(fi)
	}
	return p, nil
}

// index records function declarations and composite literals.
func (p *program) index(fi *fileInfo) {
	ast.Inspect(fi.ast, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncDecl:
			if fn, ok := fi.info.Defs[x.Name].(*types.Func); ok {
				p.funcs[fn] = x
			}
		case *ast.CompositeLit:
			if tn := namedOf(fi.info.TypeOf(x)); tn != nil {
				p.lits[tn] = append(p.lits[tn], x)
			}
		}
		return true
	})
}

// namedOf returns the type name behind t (through one pointer).
func namedOf(t types.Type) *types.TypeName {
	if t == nil {
		return nil
	}
	if ptr, ok := t.(*types.Pointer); ok {
		t = ptr.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj()
	}
	return nil
}

// fileOf returns the loaded file holding pos.
func (p *program) fileOf(pos token.Pos) *fileInfo {
	name := p.fset.Position(pos).Filename
	abs, _ := filepath.Abs(name)
	return p.files[abs]
}

// line returns pos's line.
func (p *program) line(pos token.Pos) int { return p.fset.Position(pos).Line }

// funcAt returns the innermost function (declaration or literal) whose body
// contains file:line, and its file.
func (p *program) funcAt(file string, line int) (ast.Node, *fileInfo) {
	fi := p.files[file]
	if fi == nil {
		return nil, nil
	}
	return source.EnclosingFunc(p.fset, fi.ast, line), fi
}

// funcName renders a function node's name for a suspect.
func funcName(n ast.Node) string {
	if d, ok := n.(*ast.FuncDecl); ok {
		if d.Recv != nil && len(d.Recv.List) > 0 {
			return types.ExprString(d.Recv.List[0].Type) + "." + d.Name.Name
		}
		return d.Name.Name
	}
	if _, ok := n.(*ast.FuncLit); ok {
		return "func literal"
	}
	return ""
}

func bodyOf(n ast.Node) *ast.BlockStmt { return source.Body(n) }

// implementations returns the concrete methods that an interface method
// call may reach, among the loaded packages.
func (p *program) implementations(fn *types.Func) []*types.Func {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil
	}
	iface, ok := sig.Recv().Type().Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	var out []*types.Func
	for m := range p.funcs {
		msig, ok := m.Type().(*types.Signature)
		if !ok || msig.Recv() == nil || m.Name() != fn.Name() {
			continue
		}
		rt := msig.Recv().Type()
		if types.Implements(rt, iface) || types.Implements(types.NewPointer(rt), iface) {
			out = append(out, m)
		}
	}
	return out
}
