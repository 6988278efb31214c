package passes

import (
	"context"
	"errors"
	"fmt"
	"go/types"
	"os"
	"reflect"
	"runtime"
	"runtime/debug"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// pkgResult is what the analyzers produced on one package.
type pkgResult struct {
	findings []Finding
	errs     []error
}

// action is one analyzer applied to one package. Actions of one package
// run one after the other, so none of their fields needs a lock.
type action struct {
	a      *analysis.Analyzer
	result any
	err    error
	done   bool
	// facts holds the facts this analyzer exported about objects and
	// the package itself (keyed by the nil object); they are never seen
	// by other packages.
	facts map[factKey]analysis.Fact
}

// factKey identifies a fact by the object it is about and its type.
type factKey struct {
	obj types.Object
	typ reflect.Type
}

// errDependency marks an action skipped because one it requires failed;
// the failure itself is reported once, by the required action.
var errDependency = errors.New("a required analyzer failed")

// analyzePackage runs analyzers and their requirements on pkg, each once,
// requirements first.
func analyzePackage(ctx context.Context, pkg *packages.Package, analyzers []*analysis.Analyzer) pkgResult {
	var res pkgResult
	skipped := false // some analyzer did not run for type errors
	actions := make(map[*analysis.Analyzer]*action)
	var exec func(a *analysis.Analyzer) *action
	exec = func(a *analysis.Analyzer) *action {
		if act, ok := actions[a]; ok {
			return act
		}
		act := &action{a: a, facts: make(map[factKey]analysis.Fact)}
		actions[a] = act
		inputs := make(map[*analysis.Analyzer]any, len(a.Requires))
		for _, req := range a.Requires {
			dep := exec(req)
			if dep.err != nil {
				act.err = fmt.Errorf("%s: %w", req.Name, errDependency)
				return act
			}
			inputs[req] = dep.result
		}
		if err := ctx.Err(); err != nil {
			act.err = err
			return act
		}
		if pkg.IllTyped && !a.RunDespiteErrors {
			act.err = ErrTypeErrors
			skipped = true
			return act
		}
		act.result, act.err = act.run(pkg, inputs, &res)
		if act.err != nil {
			res.errs = append(res.errs, &AnalyzerError{Analyzer: a.Name, Package: pkg.ID, Err: act.err})
		}
		return act
	}
	for _, a := range analyzers {
		exec(a)
	}
	if skipped {
		res.errs = append(res.errs, &AnalyzerError{Package: pkg.ID, Err: ErrTypeErrors})
	}
	return res
}

// run builds the pass for act and calls the analyzer, turning a panic
// into an error so that one broken analyzer cannot stop the others.
func (act *action) run(pkg *packages.Package, inputs map[*analysis.Analyzer]any, res *pkgResult) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	sizes := pkg.TypesSizes
	if sizes == nil {
		sizes = types.SizesFor("gc", runtime.GOARCH)
	}
	var typeErrors []types.Error
	for _, e := range pkg.TypeErrors {
		typeErrors = append(typeErrors, e)
	}
	allowed := allowedFiles(pkg)
	pass := &analysis.Pass{
		Analyzer:     act.a,
		Fset:         pkg.Fset,
		Files:        pkg.Syntax,
		OtherFiles:   pkg.OtherFiles,
		IgnoredFiles: pkg.IgnoredFiles,
		Pkg:          pkg.Types,
		TypesInfo:    pkg.TypesInfo,
		TypesSizes:   sizes,
		TypeErrors:   typeErrors,
		ResultOf:     inputs,
		Report: func(d analysis.Diagnostic) {
			res.findings = append(res.findings, toFinding(pkg, act.a.Name, d))
		},
		ReadFile: func(name string) ([]byte, error) {
			if !allowed[name] {
				return nil, fmt.Errorf("passes: %s is not a file of package %s", name, pkg.ID)
			}
			return os.ReadFile(name)
		},
		ImportObjectFact:  act.importFact,
		ExportObjectFact:  act.exportObjectFact(pkg.Types),
		ImportPackageFact: act.importPackageFact(pkg.Types),
		ExportPackageFact: func(f analysis.Fact) { act.facts[factKey{nil, reflect.TypeOf(f)}] = f },
		AllObjectFacts:    act.allObjectFacts,
		AllPackageFacts:   act.allPackageFacts(pkg.Types),
	}
	result, err = act.a.Run(pass)
	if err != nil {
		return nil, err
	}
	if got, want := reflect.TypeOf(result), act.a.ResultType; got != want {
		return nil, fmt.Errorf("returned a result of type %v, but declares %v", got, want)
	}
	return result, nil
}

// importFact copies into ptr the fact of ptr's type that this analyzer
// exported about obj, if any. Facts about other packages' objects are
// never available: their syntax was not analysed.
func (act *action) importFact(obj types.Object, ptr analysis.Fact) bool {
	if obj == nil {
		return false
	}
	if f, ok := act.facts[factKey{obj, reflect.TypeOf(ptr)}]; ok {
		reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(f).Elem())
		return true
	}
	return false
}

// exportObjectFact returns Pass.ExportObjectFact for package self.
func (act *action) exportObjectFact(self *types.Package) func(types.Object, analysis.Fact) {
	return func(obj types.Object, f analysis.Fact) {
		if obj == nil || obj.Pkg() != self {
			panic(fmt.Sprintf("fact %T about %v, which is not an object of package %s", f, obj, self.Path()))
		}
		act.facts[factKey{obj, reflect.TypeOf(f)}] = f
	}
}

// importPackageFact returns Pass.ImportPackageFact for package self: only
// self's own facts exist.
func (act *action) importPackageFact(self *types.Package) func(*types.Package, analysis.Fact) bool {
	return func(p *types.Package, ptr analysis.Fact) bool {
		if p != self {
			return false
		}
		return act.importNil(ptr)
	}
}

// importNil looks up a package fact, stored under the nil object.
func (act *action) importNil(ptr analysis.Fact) bool {
	if f, ok := act.facts[factKey{nil, reflect.TypeOf(ptr)}]; ok {
		reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(f).Elem())
		return true
	}
	return false
}

func (act *action) allObjectFacts() []analysis.ObjectFact {
	var out []analysis.ObjectFact
	for k, f := range act.facts {
		if k.obj != nil {
			out = append(out, analysis.ObjectFact{Object: k.obj, Fact: f})
		}
	}
	return out
}

func (act *action) allPackageFacts(self *types.Package) func() []analysis.PackageFact {
	return func() []analysis.PackageFact {
		var out []analysis.PackageFact
		for k, f := range act.facts {
			if k.obj == nil {
				out = append(out, analysis.PackageFact{Package: self, Fact: f})
			}
		}
		return out
	}
}

// allowedFiles is the set of files Pass.ReadFile may read: those of the
// package, as the analysis API requires.
func allowedFiles(pkg *packages.Package) map[string]bool {
	set := make(map[string]bool)
	for _, list := range [][]string{pkg.GoFiles, pkg.CompiledGoFiles, pkg.OtherFiles, pkg.IgnoredFiles, pkg.EmbedFiles} {
		for _, name := range list {
			set[name] = true
		}
	}
	return set
}

// toFinding converts a diagnostic to domain positions. Positions follow
// //line directives, so cgo and generated files point at their sources.
func toFinding(pkg *packages.Package, analyzer string, d analysis.Diagnostic) Finding {
	pos := pkg.Fset.Position(d.Pos)
	f := Finding{
		Analyzer: analyzer,
		File:     absFile(pos.Filename),
		Line:     pos.Line,
		Column:   pos.Column,
		Message:  d.Message,
	}
	for _, r := range d.Related {
		rp := pkg.Fset.Position(r.Pos)
		f.Related = append(f.Related, Location{File: absFile(rp.Filename), Line: rp.Line, Column: rp.Column, Message: r.Message})
	}
	return f
}
