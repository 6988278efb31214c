package rootcause

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// maxDepth bounds how far a value is followed across calls.
const maxDepth = 12

// tracer walks from the crash back to where values came from, collecting
// suspects. It is used by one goroutine.
type tracer struct {
	p       *program
	rep     *report.Report
	frames  []report.Frame // user frames, innermost first
	out     map[string]*report.Suspect
	onStack map[string]bool // file:function on the failing stack
	budget  budget
	// visited holds, for each value origin has followed, the least depth
	// it was followed from: a cycle comes back deeper and stops there.
	visited map[originKey]int
	// assigns memoises fieldAssignments, by field.
	assigns map[*types.Var][]fieldAssign
}

func newTracer(p *program, rep *report.Report) *tracer {
	t := &tracer{p: p, rep: rep, out: map[string]*report.Suspect{}, onStack: map[string]bool{},
		budget: newBudget(), visited: map[originKey]int{}, assigns: map[*types.Var][]fieldAssign{}}
	for _, f := range rep.Frames {
		if f.User {
			t.frames = append(t.frames, f)
			t.onStack[f.File] = true
		}
	}
	return t
}

// suspect records a line; a line found twice keeps its best score and
// gathers evidence.
func (t *tracer) suspect(pos token.Pos, fn ast.Node, reason string, score float64, evidence ...string) {
	position := t.p.fset.Position(pos)
	file, _ := filepath.Abs(position.Filename)
	if t.onStack[file] {
		score += 0.02 // on the failing path
	}
	key := fmt.Sprintf("%s:%d", file, position.Line)
	s := t.out[key]
	if s == nil {
		s = &report.Suspect{File: file, Line: position.Line, Function: funcName(fn), Reason: reason, Score: score}
		t.out[key] = s
	} else if score > s.Score {
		s.Score, s.Reason = score, reason
	}
	s.Evidence = append(s.Evidence, evidence...)
}

// ranked returns the suspects, best first.
func (t *tracer) ranked() []report.Suspect {
	out := make([]report.Suspect, 0, len(t.out))
	for _, s := range t.out {
		if s.Score > 1 {
			s.Score = 1
		}
		out = append(out, *s)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	return out
}

// where renders a position as file.go:N.
func (t *tracer) where(pos token.Pos) string {
	p := t.p.fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// nodesAt lists the nodes of fn's body that start on line.
func (t *tracer) nodesAt(fn ast.Node, line int) []ast.Node {
	var out []ast.Node
	body := bodyOf(fn)
	if body == nil {
		return nil
	}
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok && n != fn && t.p.line(n.Pos()) != line {
			return t.p.line(n.Pos()) <= line && line <= t.p.line(n.End())
		}
		if t.p.line(n.Pos()) <= line && line <= t.p.line(n.End()) {
			if t.p.line(n.Pos()) == line || t.p.line(n.End()) == line {
				out = append(out, n)
			}
			return true
		}
		return false
	})
	return out
}

// objOf returns the variable an identifier or field selector denotes.
func objOf(info *types.Info, e ast.Expr) *types.Var {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, _ := info.ObjectOf(x).(*types.Var)
		return v
	case *ast.SelectorExpr:
		if sel := info.Selections[x]; sel != nil {
			v, _ := sel.Obj().(*types.Var)
			return v
		}
		v, _ := info.ObjectOf(x.Sel).(*types.Var)
		return v
	}
	return nil
}

// varValue finds the runtime value of name in a frame.
func varValue(f report.Frame, name string) (string, bool) {
	for _, v := range append(append([]report.Var{}, f.Args...), f.Locals...) {
		if v.Name == name {
			return v.Value, true
		}
	}
	return "", false
}

// isNilValue reports whether a rendered value is nil.
func isNilValue(v string) bool {
	return v == "nil" || strings.HasSuffix(v, " nil")
}

// paramIndex returns the index of v among fn's parameters, -1 for the
// receiver, or -2 when v is not a parameter.
func paramIndex(info *types.Info, fn ast.Node, v *types.Var) int {
	var recv, params *ast.FieldList
	switch x := fn.(type) {
	case *ast.FuncDecl:
		recv, params = x.Recv, x.Type.Params
	case *ast.FuncLit:
		params = x.Type.Params
	}
	if recv != nil {
		for _, f := range recv.List {
			for _, n := range f.Names {
				if info.Defs[n] == v {
					return -1
				}
			}
		}
	}
	i := 0
	if params != nil {
		for _, f := range params.List {
			if len(f.Names) == 0 {
				i++
			}
			for _, n := range f.Names {
				if info.Defs[n] == v {
					return i
				}
				i++
			}
		}
	}
	return -2
}
