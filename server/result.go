package server

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// result is what one investigation found, arranged for the editor: the
// report, the text of every file it points into as it was when the result
// was built, and per file the lines that carry something. It is immutable
// once built; edits made since are kept beside it (Server.edits) and
// applied when it is read.
type result struct {
	seq   int
	rep   *report.Report
	args  *investigateArgs // what ran; nil for a pasted trace
	at    time.Time
	files map[string]*document
	marks map[string][]mark
	// scopes are the function extents of captured frames and snapshot
	// points, for hovers on identifiers anywhere inside them.
	scopes map[string][]scope
	// crash is the first user frame: the frame whose values explain the
	// failure line.
	crash *report.Frame
}

type markKind int

const (
	markCrash markKind = iota
	markSuspect
	markFrame
	markWait
	markSnapshot
	markBuildError
	markRace
)

// mark is something anchored on a line of the text the result was built from.
type mark struct {
	kind    markKind
	line    int // 1-based
	col     int // 1-based byte column, 0 when unknown
	rank    int // suspects: 0 is the top one
	suspect *report.Suspect
	frame   *report.Frame
	wait    *report.Wait
	snaps   []report.Snapshot // every hit of one snapshot point
	text    string            // build errors and race accesses
}

// scope is a function body holding values: a captured frame's, or a
// snapshot point's (one set of values per hit).
type scope struct {
	start, end int // 1-based lines, inclusive
	label      string
	hits       [][]report.Var
}

// maxSuspectMarks bounds the suspects shown in the editor.
const maxSuspectMarks = 5

// newResult arranges rep. It reads and parses files, so it runs on an
// investigation's goroutine, never on the request goroutine.
func newResult(seq int, rep *report.Report, args *investigateArgs) *result {
	r := &result{seq: seq, rep: rep, args: args, at: time.Now(), files: map[string]*document{}, marks: map[string][]mark{}, scopes: map[string][]scope{}}
	add := func(file string, m mark) {
		if file == "" || !filepath.IsAbs(file) || m.line <= 0 {
			return
		}
		if _, ok := r.files[file]; !ok {
			r.files[file] = readDocument(file) // nil when unreadable: skipped below
		}
		if r.files[file] == nil {
			return
		}
		r.marks[file] = append(r.marks[file], m)
	}
	f := rep.Failure
	if f != nil {
		for i := range rep.Frames {
			fr := &rep.Frames[i]
			if !fr.User {
				continue
			}
			if r.crash == nil {
				r.crash = fr
			}
			add(fr.File, mark{kind: markFrame, line: fr.Line, frame: fr})
		}
		if f.Kind == report.KindBuildError {
			for _, e := range f.Errors {
				add(e.File, mark{kind: markBuildError, line: e.Line, col: e.Column, text: e.Message})
			}
		} else {
			add(f.Location.File, mark{kind: markCrash, line: f.Location.Line, col: f.Location.Column})
		}
		rank := 0
		for i := range rep.Suspects {
			sp := &rep.Suspects[i]
			if sp.File == f.Location.File && sp.Line == f.Location.Line {
				continue // the crash line says it already
			}
			if rank == maxSuspectMarks {
				break
			}
			add(sp.File, mark{kind: markSuspect, line: sp.Line, rank: rank, suspect: sp})
			rank++
		}
		for i := range rep.WaitFor {
			w := &rep.WaitFor[i]
			if w.Location.File == f.Location.File && w.Location.Line == f.Location.Line {
				continue
			}
			add(w.Location.File, mark{kind: markWait, line: w.Location.Line, wait: w})
		}
		if rep.Race != nil {
			for _, a := range rep.Race.Accesses {
				add(a.Location.File, mark{kind: markRace, line: a.Location.Line, text: a.Op + " by goroutine " + itoa(a.Goroutine)})
			}
		}
	}
	bySite := map[report.Location][]report.Snapshot{}
	var sites []report.Location
	for _, sn := range rep.Snapshots {
		k := report.Location{File: sn.Location.File, Line: sn.Location.Line}
		if bySite[k] == nil {
			sites = append(sites, k)
		}
		bySite[k] = append(bySite[k], sn)
	}
	for _, k := range sites {
		add(k.File, mark{kind: markSnapshot, line: k.Line, snaps: bySite[k]})
	}
	r.buildScopes(bySite)
	for _, ms := range r.marks {
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].line < ms[j].line })
	}
	return r
}

// buildScopes finds the function around every captured frame and snapshot.
func (r *result) buildScopes(snaps map[report.Location][]report.Snapshot) {
	parsed := map[string]*ast.File{}
	fset := token.NewFileSet()
	extent := func(file string, line int) (int, int) {
		d := r.files[file]
		if d == nil {
			return line, line
		}
		af, ok := parsed[file]
		if !ok {
			af, _ = parser.ParseFile(fset, file, d.text, parser.SkipObjectResolution)
			parsed[file] = af
		}
		start, end := line, line
		if af == nil {
			return start, end
		}
		best := -1
		ast.Inspect(af, func(n ast.Node) bool {
			switch n.(type) {
			case *ast.FuncDecl, *ast.FuncLit:
			default:
				return true
			}
			p, e := fset.Position(n.Pos()).Line, fset.Position(n.End()).Line
			if p <= line && line <= e && (best < 0 || e-p < best) {
				start, end, best = p, e, e-p // the innermost function
			}
			return true
		})
		return start, end
	}
	if r.rep.Failure != nil {
		for i := range r.rep.Frames {
			fr := &r.rep.Frames[i]
			if !fr.User || r.files[fr.File] == nil || len(fr.Args)+len(fr.Locals) == 0 {
				continue
			}
			s, e := extent(fr.File, fr.Line)
			vars := append(append([]report.Var{}, fr.Args...), fr.Locals...)
			r.scopes[fr.File] = append(r.scopes[fr.File], scope{start: s, end: e, label: "at the failure, in " + shortFunc(fr.Function), hits: [][]report.Var{vars}})
		}
	}
	for k, hits := range snaps {
		if r.files[k.File] == nil {
			continue
		}
		s, e := extent(k.File, k.Line)
		sc := scope{start: s, end: e, label: "at " + filepath.Base(k.File) + ":" + itoa(int64(k.Line))}
		for _, h := range hits {
			sc.hits = append(sc.hits, append(append([]report.Var{}, h.Args...), h.Locals...))
		}
		r.scopes[k.File] = append(r.scopes[k.File], sc)
	}
}

// identsOn lists the identifiers of a line of Go, in order, once each.
func identsOn(line []byte) []string {
	var sc scanner.Scanner
	fset := token.NewFileSet()
	f := fset.AddFile("", -1, len(line))
	sc.Init(f, line, nil, 0)
	seen := map[string]bool{}
	var out []string
	for {
		_, tok, lit := sc.Scan()
		if tok == token.EOF {
			return out
		}
		if tok == token.IDENT && !seen[lit] {
			seen[lit] = true
			out = append(out, lit)
		}
	}
}

// shortFunc drops the package path: "example.com/m/pkg.(*T).M" → "(*T).M".
func shortFunc(fn string) string {
	if i := strings.LastIndex(fn, "/"); i >= 0 {
		fn = fn[i+1:]
	}
	if i := strings.Index(fn, "."); i >= 0 {
		fn = fn[i+1:]
	}
	return fn
}

// shortValue is a value without the type prefix Delve repeats
// ("*pkg.User nil" → "nil"), cut to max runes.
func shortValue(v report.Var, max int) string {
	s := strings.TrimPrefix(v.Value, v.Type+" ")
	if r := []rune(s); len(r) > max {
		s = string(r[:max-1]) + "…"
	}
	return s
}

func isNil(v report.Var) bool {
	return shortValue(v, 1000) == "nil"
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
