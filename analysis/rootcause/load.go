package rootcause

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"sync"

	"github.com/sleuth-dev/sleuth/analysis/source"
	"golang.org/x/tools/go/packages"

	"github.com/sleuth-dev/sleuth/analysis/passes"
)

// program is the loaded source of the packages on the failing stacks.
// It is immutable once loaded: the cache hands one program to every
// analysis of unchanged files, concurrently.
type program struct {
	fset  *token.FileSet
	files map[string]*fileInfo // by absolute path
	funcs map[*types.Func]*ast.FuncDecl
	// lits lists composite literals by the named type they build.
	lits map[*types.TypeName][]*ast.CompositeLit
	info map[*ast.File]*types.Info
	// pkgs are the loaded packages, for the analysis passes.
	pkgs []*packages.Package

	// passesMu guards found and passesDone: the passes' findings are facts
	// about this program's code, computed once however often it is reused
	// (a cancelled run is not kept).
	passesMu   sync.Mutex
	passesDone bool
	found      []passes.Finding
}

type fileInfo struct {
	ast  *ast.File
	info *types.Info
}

// load type-checks the packages in dirs, with their tests. Only those
// packages: never the whole workspace. A load of the same dirs whose files
// have not changed since is reused (see loadCache).
func load(ctx context.Context, dirs []string) (*program, error) {
	return loads.load(ctx, dirs)
}

// How a load works, and why.
//
// Asking go/packages for syntax and types of the packages in dirs (with
// NeedImports, without NeedDeps) runs "go list -export -deps -test": the
// dependencies come from export data, which is cheap, but -export also
// compiles the packages in dirs and their test variants, only for their
// export data, which the load then ignores since it type-checks them from
// source. After an edit that is a full compile of the edited package
// (0.7 s for the 10k-line fixture), racing the debug build for the same
// cores. It also type-checks a package twice, plain and as its test
// variant.
//
// So the load is staged. Stage 1 lists the packages in dirs and their test
// variants, files only: in process with go/build where it selects the same
// files as the go command, else with "go list -test" (list.go). Stage 2
// loads, through go/packages, the types of the packages that the files in
// dirs import, from export data; it does not wait for stage 1, since the
// import paths are read from the files, which are parsed meanwhile. The
// packages in dirs are then type-checked here, each once: the test variant
// stands for the plain package. Stage 2's types and the syntax of unchanged
// files are kept, so that after an edit that changes no imports only the
// packages in dirs are checked again (see loadCache).
//
// A dependency that imports a package in dirs (go test would rebuild it as
// a test variant) would need its export data read against the packages
// checked here; that case falls back to go/packages' own load.

// loaded is the result of one load: the program and what it takes to
// check the same packages again after an edit.
type loaded struct {
	p *program
	// meta is nil when the load fell back to go/packages' own.
	meta *loadMeta
	// syntax is every parsed Go file of dirs, by absolute name, with the
	// hash of the bytes it was parsed from.
	syntax map[string]parsedFile
	// localDirs are the directories of the packages of main or locally
	// replaced modules that the packages in dirs depend on, and mods the
	// go.mod, go.sum and go.work files of those modules: what can change
	// the load besides the dirs' own files.
	localDirs, mods []string
}

type parsedFile struct {
	f    *ast.File
	hash uint64
}

// loadMeta is what stays valid across edits that change no imports,
// build constraints or file lists: the package graph and the dependencies'
// types. It is shared by the programs checked from it and never modified.
type loadMeta struct {
	fset  *token.FileSet
	roots []*rootPkg                // packages checked from source, dependencies first
	deps  map[string]*types.Package // by ID: the other packages the roots import, from export data
	sizes types.Sizes
}

// rootPkg is a package checked from source: its metadata from stage 1 and
// its imports, resolved to package IDs.
type rootPkg struct {
	pkg     *packages.Package
	imports map[string]string // import path → ID
}

// loadFresh loads dirs from scratch. src holds the Go files of dirs as
// read for the cache's stamp: those bytes are the ones parsed.
func loadFresh(ctx context.Context, dirs []string, src map[string][]byte) (*loaded, error) {
	fset := token.NewFileSet()
	var (
		parsing, deping sync.WaitGroup
		syntax          map[string]parsedFile
		early           []*packages.Package
		earlyErr        error
	)
	// Both goroutines end before loadFresh returns.
	parsing.Go(func() { syntax = parseFiles(fset, sortedKeys(src), src, nil) })
	if guess, ok := guessImports(dirs, src); ok && len(guess) > 0 {
		deping.Go(func() { early, earlyErr = loadDeps(ctx, dirs[0], fset, guess) })
	}
	initial, err := listDirs(ctx, dirs, src)
	parsing.Wait()
	if err != nil {
		deping.Wait()
		return nil, err
	}
	maps.Copy(syntax, parseFiles(fset, filesOf(initial), nil, syntax)) // files outside dirs, if any
	roots, depIDs, ok := selectRoots(initial, syntax)
	deping.Wait()
	if !ok {
		return loadAll(ctx, dirs)
	}

	m := &loadMeta{fset: fset, roots: roots, deps: map[string]*types.Package{}, sizes: types.SizesFor("gc", runtime.GOARCH)}
	byID := map[string]*packages.Package{}
	if earlyErr == nil {
		for _, p := range early {
			byID[p.ID] = p
		}
	}
	var missing []string
	for _, id := range depIDs {
		if p := byID[id]; p == nil || p.Types == nil || !p.Types.Complete() {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		more, err := loadDeps(ctx, dirs[0], fset, missing)
		if err != nil {
			return nil, err
		}
		for _, p := range more {
			byID[p.ID] = p
		}
	}
	var deps []*packages.Package
	for _, id := range depIDs {
		if p := byID[id]; p != nil {
			m.deps[id] = p.Types
			deps = append(deps, p)
		}
	}
	if importsRoot(deps, roots) {
		return loadAll(ctx, dirs)
	}
	l, err := m.check(ctx, syntax)
	if err != nil {
		return nil, err
	}
	l.localDirs, l.mods = localInputs(packagesOf(roots), deps)
	return l, nil
}

// loadDeps loads the packages ids with their types, from export data.
// It builds with the default flags, not the debug build's -N -l: export
// data built by go build, go test or go vet is then found in the build
// cache, and when it is not, building it does not race the debug build
// for the same actions.
func loadDeps(ctx context.Context, dir string, fset *token.FileSet, ids []string) ([]*packages.Package, error) {
	cfg := &packages.Config{
		Context: ctx,
		Mode:    packages.NeedName | packages.NeedFiles | packages.NeedTypes | packages.NeedImports | packages.NeedModule,
		Dir:     dir,
		Fset:    fset,
	}
	pkgs, err := packages.Load(cfg, ids...)
	if err != nil {
		return nil, fmt.Errorf("rootcause: loading imports %v: %w", ids, err)
	}
	return pkgs, nil
}

// parseFiles parses names, in parallel (goroutines bounded by GOMAXPROCS,
// all ended when it returns), from src where it has them and from disk
// otherwise. A file of reuse is taken as is when src has no other version
// of it.
func parseFiles(fset *token.FileSet, names []string, src map[string][]byte, reuse map[string]parsedFile) map[string]parsedFile {
	out := make([]parsedFile, len(names))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, name := range names {
		b, ok := src[name]
		if old, found := reuse[name]; found && (!ok || old.hash == hashBytes(b)) {
			out[i] = old
			continue
		}
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if !ok {
				b, _ = os.ReadFile(name) // a read error shows as a missing file
			}
			// Syntax errors are kept in the tree as Bad nodes, as
			// go/packages does; the analysis works on what parsed.
			f, _ := parser.ParseFile(fset, name, b, parser.AllErrors|parser.ParseComments)
			out[i] = parsedFile{f: f, hash: hashBytes(b)}
		})
	}
	wg.Wait()
	syntax := make(map[string]parsedFile, len(names))
	for i, name := range names {
		if out[i].f != nil {
			syntax[name] = out[i]
		}
	}
	return syntax
}

// check type-checks the roots from syntax, in order, importing the
// dependencies' types from m.deps, and indexes the result.
func (m *loadMeta) check(ctx context.Context, syntax map[string]parsedFile) (*loaded, error) {
	checked := map[string]*packages.Package{}
	var pkgs []*packages.Package
	for _, r := range m.roots {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("rootcause: %w", err)
		}
		md := r.pkg
		pkg := &packages.Package{
			ID: md.ID, Name: md.Name, PkgPath: md.PkgPath, Dir: md.Dir,
			GoFiles: md.GoFiles, CompiledGoFiles: md.GoFiles, OtherFiles: md.OtherFiles,
			IgnoredFiles: md.IgnoredFiles, EmbedFiles: md.EmbedFiles, ForTest: md.ForTest,
			Module: md.Module, Errors: slices.Clone(md.Errors), Imports: map[string]*packages.Package{},
			Fset: m.fset, TypesSizes: m.sizes, TypesInfo: newTypesInfo(),
		}
		for _, name := range md.GoFiles {
			if pf, ok := syntax[name]; ok {
				pkg.Syntax = append(pkg.Syntax, pf.f)
			}
		}
		importer := importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			id, ok := r.imports[path]
			if !ok {
				return nil, fmt.Errorf("no metadata for %s", path)
			}
			if c := checked[id]; c != nil {
				pkg.Imports[path] = c
				return c.Types, nil
			}
			if t := m.deps[id]; t != nil && t.Complete() {
				pkg.Imports[path] = &packages.Package{ID: id, Name: t.Name(), PkgPath: t.Path(), Types: t}
				return t, nil
			}
			return nil, fmt.Errorf("no export data for %s", id)
		})
		tc := &types.Config{
			Importer:    importer,
			Sizes:       m.sizes,
			FakeImportC: true, // cgo packages: the analysis needs no C types
			Error: func(err error) {
				if te, ok := err.(types.Error); ok {
					pkg.TypeErrors = append(pkg.TypeErrors, te)
					pkg.Errors = append(pkg.Errors, packages.Error{Pos: te.Fset.Position(te.Pos).String(), Msg: te.Msg, Kind: packages.TypeError})
				}
			},
		}
		if md.Module != nil && md.Module.GoVersion != "" {
			tc.GoVersion = "go" + md.Module.GoVersion
		}
		pkg.Types, _ = tc.Check(md.PkgPath, m.fset, pkg.Syntax, pkg.TypesInfo) // errors are in pkg
		pkg.IllTyped = len(pkg.TypeErrors) > 0 || len(pkg.Syntax) < len(md.GoFiles)
		checked[md.ID] = pkg
		pkgs = append(pkgs, pkg)
	}
	return &loaded{p: newProgram(m.fset, pkgs), meta: m, syntax: syntax}, nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

func newTypesInfo() *types.Info {
	return &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Instances:    map[*ast.Ident]types.Instance{},
		Scopes:       map[ast.Node]*types.Scope{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		FileVersions: map[*ast.File]string{},
	}
}

// loadAll is the load by go/packages alone: the packages in dirs from
// source, their dependencies from export data.
func loadAll(ctx context.Context, dirs []string) (*loaded, error) {
	cfg := &packages.Config{
		Context: ctx,
		Mode:    packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo | packages.NeedImports | packages.NeedModule,
		Tests:   true,
		Dir:     dirs[0],
	}
	pkgs, err := packages.Load(cfg, dirs...)
	if err != nil {
		return nil, fmt.Errorf("rootcause: loading %v: %w", dirs, err)
	}
	fset := token.NewFileSet()
	if len(pkgs) > 0 && pkgs[0].Fset != nil {
		fset = pkgs[0].Fset
	}
	l := &loaded{p: newProgram(fset, pkgs)}
	l.localDirs, l.mods = localInputs(pkgs, nil)
	return l, nil
}

// newProgram indexes the syntax of pkgs.
func newProgram(fset *token.FileSet, pkgs []*packages.Package) *program {
	p := &program{fset: fset, files: map[string]*fileInfo{}, funcs: map[*types.Func]*ast.FuncDecl{},
		lits: map[*types.TypeName][]*ast.CompositeLit{}, info: map[*ast.File]*types.Info{}, pkgs: pkgs}
	for _, pkg := range pkgs {
		if pkg.TypesInfo == nil {
			continue
		}
		for _, f := range pkg.Syntax {
			name, _ := filepath.Abs(fset.Position(f.Pos()).Filename)
			if old, ok := p.files[name]; ok && len(old.info.Defs) >= len(pkg.TypesInfo.Defs) {
				continue // the test variant of a package repeats its files
			}
			p.files[name] = &fileInfo{ast: f, info: pkg.TypesInfo}
			p.info[f] = pkg.TypesInfo
		}
	}
	for _, fi := range p.files {
		p.index(fi)
	}
	return p
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
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
// call may reach, among the loaded packages, in source order.
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
	sort.Slice(out, func(i, j int) bool { return out[i].Pos() < out[j].Pos() })
	return out
}
