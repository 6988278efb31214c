package rootcause

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"math/rand/v2"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// A generated program (gen_test.go) checked and loaded as a program, and a
// failure placed in it, as a capture would report it.

// check parses and type-checks the program and indexes it as a load
// would. It fails when the generator wrote something that does not
// type-check: the property is about programs the analysis can meet.
func (gp *genProgram) check() (*program, error) {
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range sortedKeys(gp.files) {
		f, err := parser.ParseFile(fset, name, gp.files[name], parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	info := newTypesInfo()
	var errs []string
	conf := types.Config{Error: func(err error) {
		if len(errs) < 5 {
			errs = append(errs, err.Error())
		}
	}}
	pkg, _ := conf.Check("example.com/gen", fset, files, info)
	if len(errs) > 0 {
		return nil, fmt.Errorf("generated program does not type-check:\n%s", strings.Join(errs, "\n"))
	}
	return newProgram(fset, []*packages.Package{{
		ID: "example.com/gen", Name: "gen", PkgPath: "example.com/gen",
		Syntax: files, Types: pkg, TypesInfo: info, Fset: fset,
	}}), nil
}

// genKinds are the failure kinds a generated failure takes, the kinds
// whose trace follows values (and so recurses) three times over.
var genKinds = slices.Concat(
	slices.Repeat([]report.Kind{report.KindNilDeref, report.KindNilMapWrite, report.KindIndexOutOfRange,
		report.KindSliceBounds, report.KindDivideByZero, report.KindCustomPanic, report.KindTestFailure}, 3),
	[]report.Kind{report.KindTypeAssertion, report.KindClosedChannel, report.KindConcurrentMapWrite,
		report.KindDeadlock, report.KindDataRace, report.KindTimeout, report.KindExit, report.KindFatal})

// failure places a failure in p: mostly at a line whose code can fail
// that way (a selector of a pointer for a nil dereference, a division for
// a divide by zero, a statement under an if for a failed check), with
// its callers above it (the lines that call its function, or start its
// goroutine); sometimes anywhere, or outside the file. The frames carry
// rendered values of the kinds Delve writes, and deadlocks and races
// their wait-for picture and accesses.
func (gp *genProgram) failure(p *program, seed uint64) *report.Report {
	r := rand.New(rand.NewPCG(seed^0x5eed, seed))
	type spot struct {
		file string
		fn   ast.Node
		line int
	}
	byKind := map[report.Kind][]spot{}
	var all []spot
	calls := map[ast.Node][]spot{} // by callee declaration or literal
	for _, name := range sortedKeys(p.files) {
		fi := p.files[name]
		info := fi.info
		// visit walks fn's body; a literal inside is walked on its own,
		// its line recorded as a call of it (go func() {…}(), f := func…).
		var visit func(fn ast.Node)
		visit = func(fn ast.Node) {
			ast.Inspect(bodyOf(fn), func(n ast.Node) bool {
				if n == nil {
					return false
				}
				at := spot{name, fn, p.line(n.Pos())}
				if lit, ok := n.(*ast.FuncLit); ok {
					calls[lit] = append(calls[lit], at)
					visit(lit)
					return false
				}
				add := func(kinds ...report.Kind) {
					for _, k := range kinds {
						byKind[k] = append(byKind[k], at)
					}
				}
				switch x := n.(type) {
				case ast.Stmt:
					all = append(all, at)
					if ifs, ok := x.(*ast.IfStmt); ok && len(ifs.Body.List) > 0 {
						body := ifs.Body.List[0]
						byKind[report.KindTestFailure] = append(byKind[report.KindTestFailure], spot{name, fn, p.line(body.Pos())})
					}
					switch x.(type) {
					case *ast.SendStmt:
						add(report.KindClosedChannel, report.KindDeadlock, report.KindTimeout)
					case *ast.AssignStmt, *ast.IncDecStmt:
						add(report.KindDataRace)
					}
				case *ast.SelectorExpr:
					if isNilable(info.TypeOf(x.X)) {
						add(report.KindNilDeref)
					}
				case *ast.StarExpr:
					add(report.KindNilDeref)
				case *ast.IndexExpr:
					if _, isMap := typeUnder(info.TypeOf(x.X)).(*types.Map); isMap {
						add(report.KindNilMapWrite, report.KindConcurrentMapWrite)
					} else {
						add(report.KindIndexOutOfRange)
					}
				case *ast.SliceExpr:
					add(report.KindSliceBounds)
				case *ast.BinaryExpr:
					if x.Op == token.QUO || x.Op == token.REM {
						add(report.KindDivideByZero)
					}
				case *ast.TypeAssertExpr:
					add(report.KindTypeAssertion)
				case *ast.UnaryExpr:
					if x.Op == token.ARROW {
						add(report.KindDeadlock, report.KindTimeout)
					}
				case *ast.CallExpr:
					if id, ok := ast.Unparen(x.Fun).(*ast.Ident); ok {
						switch id.Name {
						case "panic":
							add(report.KindCustomPanic)
						case "close":
							add(report.KindClosedChannel)
						}
					}
					if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Lock" {
						add(report.KindDeadlock, report.KindTimeout)
					}
					if callee := calleeFunc(info, x); callee != nil && p.funcs[callee] != nil {
						calls[p.funcs[callee]] = append(calls[p.funcs[callee]], at)
					}
				}
				return true
			})
		}
		for _, d := range fi.ast.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				visit(fd)
			}
		}
	}
	values := []string{"nil", "0", "1", "3", `"k"`, "*example.com/gen.T0 nil", "example.com/gen.T1 {n: 0, s: []int len: 0, cap: 0, nil, next: *example.com/gen.T0 nil}",
		"[]int len: 2, cap: 2, [1,2]", "map[string]*example.com/gen.T0 nil", "error nil", "{n: 3, err: error nil}"}
	frameAt := func(at spot) report.Frame {
		switch r.IntN(12) {
		case 0:
			at.line += r.IntN(7) - 3 // near, maybe outside the function
		case 1:
			at.line = []int{0, -1, 1 << 20}[r.IntN(3)]
		}
		f := report.Frame{Function: "example.com/gen." + funcName(at.fn), File: at.file, Line: at.line, User: r.IntN(10) != 0}
		ast.Inspect(at.fn, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && r.IntN(4) == 0 {
				v := report.Var{Name: id.Name, Value: values[r.IntN(len(values))]}
				if r.IntN(2) == 0 {
					f.Args = append(f.Args, v)
				} else {
					f.Locals = append(f.Locals, v)
				}
			}
			return true
		})
		return f
	}
	// stack is a failing goroutine's frames from a spot: the callers of
	// each function, up to four frames.
	stack := func(at spot) []report.Frame {
		frames := []report.Frame{frameAt(at)}
		for len(frames) < 1+r.IntN(4) {
			up := calls[at.fn]
			if len(up) == 0 {
				break
			}
			at = up[r.IntN(len(up))]
			frames = append(frames, frameAt(at))
		}
		return frames
	}
	random := func() spot { return all[r.IntN(len(all))] }
	kind := genKinds[r.IntN(len(genKinds))]
	at := random()
	if spots := byKind[kind]; len(spots) > 0 && r.IntN(8) != 0 {
		at = spots[r.IntN(len(spots))]
	}
	frames := stack(at)
	messages := []string{"runtime error: invalid memory address or nil pointer dereference", "close of nil channel",
		"close of closed channel", "bad", "runtime error: index out of range [3] with length 3", "want 3, got 4"}
	rep := &report.Report{
		Failure: &report.Failure{Kind: kind, Message: messages[r.IntN(len(messages))], Test: "TestGen",
			Location: report.Location{File: frames[0].File, Line: frames[0].Line}},
		Frames: frames,
	}
	if r.IntN(6) == 0 {
		rep.Frames = nil // a failure known only by its location
	}
	for range r.IntN(3) {
		f := frameAt(at)
		if spots := byKind[report.KindDeadlock]; len(spots) > 0 {
			f = frameAt(spots[r.IntN(len(spots))])
		}
		rep.WaitFor = append(rep.WaitFor, report.Wait{Goroutine: int64(1 + r.IntN(9)),
			Op:     []string{"receive", "send", "wait", "lock", "cond wait", "select"}[r.IntN(6)],
			Object: "x.ch", Location: report.Location{File: f.File, Line: f.Line},
			Holders: []int64{int64(r.IntN(3))}[:r.IntN(2)],
		})
	}
	if kind == report.KindDataRace {
		rep.Race = &report.Race{}
		for range 2 {
			rep.Race.Accesses = append(rep.Race.Accesses, report.Access{Op: []string{"read", "write"}[r.IntN(2)],
				Goroutine: int64(r.IntN(9)), Frames: stack(random())})
		}
	}
	return rep
}
