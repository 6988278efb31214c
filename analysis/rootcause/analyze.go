package rootcause

import (
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"

	"github.com/sleuth-dev/sleuth/analysis/passes"
	"github.com/sleuth-dev/sleuth/analysis/report"
)

// Analyze ranks the lines that may have caused rep's failure and writes a
// deterministic explanation. It loads only the packages of the user frames.
func Analyze(ctx context.Context, rep *report.Report) ([]report.Suspect, report.Explanation, error) {
	return AnalyzeWith(ctx, rep, nil)
}

// Preloaded is a load of packages started before the failure is known, so
// that it overlaps the build and the debug run.
type Preloaded struct {
	dirs map[string]bool
	done chan struct{}
	p    *program // set when done is closed
	// found are the analysis passes' findings on p, also computed ahead.
	found []passes.Finding
	err   error
}

// Preload starts loading the packages in dirs in the background.
func Preload(ctx context.Context, dirs []string) *Preloaded {
	pre := &Preloaded{dirs: map[string]bool{}, done: make(chan struct{})}
	for _, d := range dirs {
		pre.dirs[d] = true
	}
	go func() { // ends when the load and the passes have; Wait waits for it
		defer close(pre.done)
		defer func() {
			if r := recover(); r != nil { // nobody could recover it on this goroutine
				pre.p, pre.found, pre.err = nil, nil, failed(r)
			}
		}()
		pre.p, pre.err = load(ctx, dirs)
		if pre.err == nil {
			pre.found = runPasses(ctx, pre.p)
		}
	}()
	return pre
}

// Wait blocks until the background load has ended (loaded, failed or
// cancelled with its context), so an owner can shut down cleanly.
func (pre *Preloaded) Wait() {
	if pre != nil {
		<-pre.done
	}
}

// AnalyzeWith is Analyze reusing pre when it covers the packages needed.
// A panic in the analysis is returned as an error ("root-cause analysis
// failed: …"), so that the caller still reports the capture; the tracer's
// budget (budget.go) keeps it from the failures no recover can catch.
func AnalyzeWith(ctx context.Context, rep *report.Report, pre *Preloaded) (sus []report.Suspect, expl report.Explanation, err error) {
	defer func() {
		if r := recover(); r != nil {
			sus, expl, err = nil, rep.Explanation, failed(r)
		}
	}()
	f := rep.Failure
	if f == nil || f.Kind == report.KindBuildError {
		return []report.Suspect{}, rep.Explanation, nil
	}
	dirs := map[string]bool{}
	for _, fr := range rep.Frames {
		if fr.User {
			dirs[filepath.Dir(fr.File)] = true
		}
	}
	for _, w := range rep.WaitFor {
		dirs[filepath.Dir(w.Location.File)] = true
	}
	if len(dirs) == 0 && f.Location.File != "" {
		dirs[filepath.Dir(f.Location.File)] = true
	}
	if len(dirs) == 0 {
		return []report.Suspect{}, rep.Explanation, nil
	}
	var list []string
	covered := pre != nil
	for d := range dirs {
		list = append(list, d)
		covered = covered && pre.dirs[d]
	}
	var p *program
	var found []passes.Finding
	if covered {
		select {
		case <-pre.done:
		case <-ctx.Done():
			return nil, rep.Explanation, ctx.Err()
		}
		p, found = pre.p, pre.found
	}
	if p == nil {
		var err error
		if p, err = load(ctx, list); err != nil {
			return nil, rep.Explanation, err
		}
		found = runPasses(ctx, p)
	}
	sus, expl = newTracer(p, rep).analyze(found)
	return sus, expl, nil
}

// analyze traces the failure, folds in the passes' findings, and ranks.
func (t *tracer) analyze(found []passes.Finding) ([]report.Suspect, report.Explanation) {
	t.trace()
	t.boost(found)
	sus := t.ranked()
	expl := explain(t.rep, sus)
	t.budget.note(&expl)
	return sus, expl
}

// trace dispatches on the failure kind.
func (t *tracer) trace() {
	f := t.rep.Failure
	crash := site{frame: 0}
	if len(t.frames) > 0 {
		crash.line = t.frames[0].Line
		crash.fn, crash.fi = t.p.funcAt(t.frames[0].File, t.frames[0].Line)
	} else if f.Location.File != "" {
		crash.line = f.Location.Line
		crash.fn, crash.fi = t.p.funcAt(f.Location.File, f.Location.Line)
	}
	if crash.fn != nil {
		// The crash line is always a candidate, if a weak one: the naive answer.
		t.suspect(t.lineStart(crash), crash.fn, "the failure happened here", 0.2)
	}
	switch f.Kind {
	case report.KindNilDeref, report.KindNilMapWrite:
		t.traceNil(crash)
	case report.KindIndexOutOfRange, report.KindSliceBounds, report.KindDivideByZero:
		t.traceIndex(crash)
	case report.KindTypeAssertion:
		t.traceAssert(crash)
	case report.KindClosedChannel:
		t.traceClose(crash)
	case report.KindDeadlock, report.KindTimeout:
		t.traceWaits()
	case report.KindConcurrentMapWrite:
		t.traceMapRace(crash)
	case report.KindDataRace:
		t.traceRace()
	case report.KindTestFailure:
		t.traceCheck(crash)
	case report.KindCustomPanic:
		t.tracePanicInput(crash)
	}
}

// lineStart is the position of the first node on the site's line.
func (t *tracer) lineStart(s site) token.Pos {
	if nodes := t.nodesAt(s.fn, s.line); len(nodes) > 0 {
		return nodes[len(nodes)-1].Pos()
	}
	return bodyOf(s.fn).Pos()
}

// traceNil finds the nil operand at the crash line and follows it.
func (t *tracer) traceNil(s site) {
	if s.fn == nil {
		return
	}
	info := s.fi.info
	var cands []ast.Expr
	for _, n := range t.nodesAt(s.fn, s.line) {
		switch x := n.(type) {
		case *ast.SelectorExpr:
			if isNilable(info.TypeOf(x.X)) {
				cands = append(cands, x.X)
			}
		case *ast.StarExpr:
			cands = append(cands, x.X)
		case *ast.IndexExpr:
			if _, ok := typeUnder(info.TypeOf(x.X)).(*types.Map); ok {
				cands = append(cands, x.X)
			}
		}
	}
	// A nil map write is about the map; otherwise prefer operands the
	// capture saw as nil.
	if t.rep.Failure.Kind == report.KindNilMapWrite {
		for _, n := range t.nodesAt(s.fn, s.line) {
			if x, ok := n.(*ast.IndexExpr); ok {
				if _, isMap := typeUnder(info.TypeOf(x.X)).(*types.Map); isMap {
					t.origin(s, x.X, "nil", 0)
					return
				}
			}
		}
	}
	for _, c := range cands {
		if t.seenNil(c) {
			t.origin(s, c, "nil", 0)
			return
		}
	}
	for _, c := range cands {
		t.origin(s, c, "nil", 1)
	}
}

func typeUnder(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}

func isNilable(t types.Type) bool {
	switch typeUnder(t).(type) {
	case *types.Pointer, *types.Map, *types.Interface, *types.Slice, *types.Chan, *types.Signature:
		return true
	}
	return false
}

// seenNil reports whether the crash frame's values show e as nil.
func (t *tracer) seenNil(e ast.Expr) bool {
	if len(t.frames) == 0 {
		return false
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := varValue(t.frames[0], x.Name)
		return ok && isNilValue(v)
	case *ast.SelectorExpr:
		root := x
		for {
			inner, ok := ast.Unparen(root.X).(*ast.SelectorExpr)
			if !ok {
				break
			}
			root = inner
		}
		if id, ok := ast.Unparen(root.X).(*ast.Ident); ok {
			v, ok := varValue(t.frames[0], id.Name)
			return ok && strings.Contains(v, x.Sel.Name+": ") && strings.Contains(v[strings.Index(v, x.Sel.Name+": "):], "nil")
		}
	}
	return false
}

// traceIndex follows the index, slice bound or divisor at the crash line.
func (t *tracer) traceIndex(s site) {
	if s.fn == nil {
		return
	}
	var exprs, divisors []ast.Expr
	for _, n := range t.nodesAt(s.fn, s.line) {
		switch x := n.(type) {
		case *ast.IndexExpr:
			exprs = append(exprs, x.Index)
			t.unguardedSplit(s, x)
		case *ast.SliceExpr:
			if x.Low != nil {
				t.prefixMismatch(s, x)
			}
			for _, e := range []ast.Expr{x.Low, x.High, x.Max} {
				if e != nil {
					exprs = append(exprs, e)
				}
			}
		case *ast.BinaryExpr:
			if x.Op == token.QUO || x.Op == token.REM {
				divisors = append(divisors, x.Y)
			}
		}
	}
	what := "out of range"
	if t.rep.Failure.Kind == report.KindDivideByZero {
		exprs, what = divisors, "zero"
	}
	for _, e := range exprs {
		ast.Inspect(e, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.IndexExpr:
				if _, isMap := typeUnder(s.fi.info.TypeOf(x.X)).(*types.Map); isMap {
					t.mapStores(objOf(s.fi.info, x.X), what, 0)
					return false
				}
			case *ast.SelectorExpr:
				if v := objOf(s.fi.info, x); v != nil && v.IsField() {
					t.boundGuards(v)
					for _, a := range t.fieldAssignments(v) {
						if !t.followFieldAssign(a, v, what) {
							t.origin(site{fn: a.fn, fi: a.fi, line: t.p.line(a.pos), frame: -1}, a.rhs, what, 1)
						}
					}
					return false
				}
			case *ast.Ident:
				if v, ok := s.fi.info.Uses[x].(*types.Var); ok && !v.IsField() {
					t.boundGuards(v)
					t.origin(s, x, what, 0)
				}
			case *ast.CallExpr:
				if tv, ok := s.fi.info.Types[x.Fun]; ok && tv.IsType() {
					return true // a conversion: look inside
				}
				// len(x): the length is wrong, or x is empty: follow x.
				if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "len" && len(x.Args) == 1 {
					t.origin(s, x.Args[0], "empty or short", 0)
					if what == "zero" {
						t.suspect(x.Pos(), s.fn, "divides by "+types.ExprString(x)+" without checking for empty input", 0.5)
					}
				}
				return false
			}
			return true
		})
	}
}

// traceClose suspects every close of the channel closed or sent on at the
// crash line.
func (t *tracer) traceClose(s site) {
	if s.fn == nil {
		return
	}
	var target *types.Var
	for _, n := range t.nodesAt(s.fn, s.line) {
		switch x := n.(type) {
		case *ast.CallExpr:
			if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "close" && len(x.Args) == 1 {
				target = objOf(s.fi.info, x.Args[0])
			}
		case *ast.SendStmt:
			target = objOf(s.fi.info, x.Chan)
		}
	}
	if target == nil {
		return
	}
	if strings.Contains(t.rep.Failure.Message, "nil channel") {
		for _, n := range t.nodesAt(s.fn, s.line) {
			if c, ok := n.(*ast.CallExpr); ok && len(c.Args) == 1 {
				t.origin(s, c.Args[0], "nil", 0)
			}
		}
		return
	}
	for _, fi := range t.p.files {
		ast.Inspect(fi.ast, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "close" && len(call.Args) == 1 && objOf(fi.info, call.Args[0]) == target {
				fn, _ := t.p.funcAt(absPath(t.p.fset.Position(call.Pos()).Filename), t.p.line(call.Pos()))
				if t.p.line(call.Pos()) == s.line && fi == s.fi {
					t.suspect(call.Pos(), fn, "closes "+target.Name()+" a second time", 0.5)
				} else {
					t.suspect(call.Pos(), fn, "closes "+target.Name()+" (another close site of the same channel)", 0.75)
				}
			}
			return true
		})
	}
}

func absPath(p string) string {
	a, _ := filepath.Abs(p)
	return a
}

// explain words the top suspect's chain, from evidence alone: the failure,
// the top suspect with its evidence, and the suspects whose evidence points
// back at the top one (the callee that returned the value, say).
func explain(rep *report.Report, sus []report.Suspect) report.Explanation {
	e := report.Explanation{Source: "evidence", Summary: rep.Headline(report.Style{})}
	if len(sus) == 0 {
		return e
	}
	loc := func(s report.Suspect) string { return fmt.Sprintf("%s:%d", filepath.Base(s.File), s.Line) }
	top := sus[0]
	parts := []string{fmt.Sprintf("%s:%d: %s", filepath.Base(rep.Failure.Location.File), rep.Failure.Location.Line, rep.Failure.Message)}
	for _, ev := range top.Evidence {
		if !strings.HasPrefix(ev, "hypothesis") {
			parts = append(parts, ev)
		}
	}
	parts = append(parts, loc(top)+": "+top.Reason)
	linked := 0
	for _, s := range sus[1:] {
		if linked == 2 {
			break
		}
		for _, ev := range s.Evidence {
			if strings.Contains(ev, loc(top)) {
				parts = append(parts, loc(s)+": "+s.Reason)
				linked++
				break
			}
		}
	}
	for _, ev := range top.Evidence {
		if strings.HasPrefix(ev, "hypothesis") {
			parts = append(parts, ev)
		}
	}
	e.Details = strings.Join(parts, " ← ")
	return e
}
