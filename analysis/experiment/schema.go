package experiment

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"
)

// helperFile is the name of the file the schema adds to each package it
// changes (through the overlay: never on disk in the user's tree).
const helperFile = "zz_sleuth_experiment.go"

// schemaPkg is one package's instrumented files.
type schemaPkg struct {
	pkg   *packages.Package
	files []*schemaFile
	// helper is the added file's source.
	helper []byte
}

type schemaFile struct {
	name  string // absolute path
	src   []byte
	sites []*Site
	marks []piece
	out   []byte // the instrumented text
	// markLine maps this file's reach markers to their lines.
	markLine map[int]int
	// fd is the walk that found the sites; pairs are made from it once
	// they type-check.
	fd    *finder
	pairs []*Variant
}

// rewrite produces the instrumented text of f from its live sites.
func (f *schemaFile) rewrite() {
	pieces := append([]piece{}, f.marks...)
	for _, s := range f.sites {
		s.spans = s.spans[:0]
		pieces = append(pieces, s.pieces...)
	}
	sort.SliceStable(pieces, func(i, j int) bool {
		a, b := pieces[i], pieces[j]
		if a.off != b.off {
			return a.off < b.off
		}
		if a.class != b.class {
			return a.class < b.class
		}
		if a.class == 0 {
			return a.depth > b.depth // closings: innermost first
		}
		return a.depth < b.depth // openings: outermost first
	})
	var out bytes.Buffer
	open := map[*Site]int{}
	at := 0
	for _, p := range pieces {
		if p.off < at {
			continue // inside a replaced span: cannot happen with well-formed sites
		}
		out.Write(f.src[at:p.off])
		start := out.Len()
		out.WriteString(p.text)
		at = p.end
		if p.site == nil {
			continue
		}
		switch p.class {
		case 2:
			if _, ok := open[p.site]; !ok {
				open[p.site] = start
			}
		case 0:
			if s, ok := open[p.site]; ok {
				p.site.spans = append(p.site.spans, [2]int{s, out.Len()})
				delete(open, p.site)
			}
		}
	}
	out.Write(f.src[at:])
	f.out = out.Bytes()
}

// typeCheck checks the package's instrumented files with the helper and
// drops the sites a type error falls in, until it checks (at most rounds
// times). It reports the number of sites dropped, and an error when the
// package cannot be made to check.
func (sp *schemaPkg) typeCheck(rounds int) (dropped int, err error) {
	for r := 0; r < rounds; r++ {
		for _, f := range sp.files {
			f.rewrite()
		}
		errs := sp.check()
		if len(errs) == 0 {
			return dropped, nil
		}
		progress := false
		for _, e := range errs {
			f, s := sp.siteAt(e.pos)
			if f == nil {
				continue
			}
			victims := []*Site{s}
			if s == nil {
				// Some errors stand at the statement, not at the edit
				// (mismatched operands of an assignment): every edit on
				// that line goes.
				victims = f.sitesOnLine(e.pos.Line)
			}
			for _, v := range victims {
				if v != nil && contains(f.sites, v) {
					f.sites = remove(f.sites, v)
					dropped++
					progress = true
				}
			}
		}
		if !progress {
			return dropped, fmt.Errorf("the instrumented package does not type-check: %s", errs[0])
		}
	}
	return dropped, fmt.Errorf("the instrumented package still does not type-check after %d rounds", rounds)
}

func contains(ss []*Site, s *Site) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// sitesOnLine are the sites whose instrumented text touches line (1-based)
// of the rewritten file.
func (f *schemaFile) sitesOnLine(line int) []*Site {
	start, n := 0, 1
	for n < line && start < len(f.out) {
		i := bytes.IndexByte(f.out[start:], '\n')
		if i < 0 {
			return nil
		}
		start += i + 1
		n++
	}
	end := len(f.out)
	if i := bytes.IndexByte(f.out[start:], '\n'); i >= 0 {
		end = start + i
	}
	var out []*Site
	for _, s := range f.sites {
		for _, sp := range s.spans {
			if sp[0] < end && sp[1] > start {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

func remove(ss []*Site, s *Site) []*Site {
	out := ss[:0]
	for _, x := range ss {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}

// siteAt is the innermost site whose instrumented text holds the error.
func (sp *schemaPkg) siteAt(pos token.Position) (*schemaFile, *Site) {
	for _, f := range sp.files {
		if pos.Filename != f.name {
			continue
		}
		if !pos.IsValid() {
			return f, nil
		}
		var best *Site
		bestLen := -1
		for _, s := range f.sites {
			for _, sp := range s.spans {
				if sp[0] <= pos.Offset && pos.Offset < sp[1] && (bestLen < 0 || sp[1]-sp[0] < bestLen) {
					best, bestLen = s, sp[1]-sp[0]
				}
			}
		}
		return f, best
	}
	return nil, nil
}

// checkErr is a parse or type error in the instrumented text.
type checkErr struct {
	pos token.Position
	msg string
}

func (e checkErr) String() string { return e.pos.String() + ": " + e.msg }

// check type-checks the instrumented files and the helper against the
// package's imports (types from export data, as loaded).
func (sp *schemaPkg) check() []checkErr {
	fset := token.NewFileSet()
	var files []*ast.File
	var errs []checkErr
	for _, f := range sp.files {
		af, err := parser.ParseFile(fset, f.name, f.out, parser.SkipObjectResolution)
		if list, ok := err.(scanner.ErrorList); ok {
			for _, e := range list {
				errs = append(errs, checkErr{e.Pos, e.Msg})
			}
			continue
		} else if err != nil {
			errs = append(errs, checkErr{token.Position{Filename: f.name}, err.Error()})
			continue
		}
		files = append(files, af)
	}
	for _, name := range sp.pkg.CompiledGoFiles {
		if sp.file(name) == nil && !strings.HasSuffix(name, "_test.go") {
			if af, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution); err == nil {
				files = append(files, af)
			}
		}
	}
	hf, err := parser.ParseFile(fset, filepath.Join(filepath.Dir(sp.files[0].name), helperFile), helperStub(sp.pkg.Name), 0)
	if err != nil {
		return []checkErr{{msg: "helper: " + err.Error()}}
	}
	files = append(files, hf)
	if len(errs) > 0 {
		return errs
	}
	conf := types.Config{
		Importer:  importerOf(sp.pkg),
		GoVersion: goVersion(sp.pkg),
		Error: func(err error) {
			if te, ok := err.(types.Error); ok {
				errs = append(errs, checkErr{fset.Position(te.Pos), te.Msg})
			}
		},
	}
	_, _ = conf.Check(sp.pkg.PkgPath, fset, files, nil)
	return errs
}

func (sp *schemaPkg) file(name string) *schemaFile {
	for _, f := range sp.files {
		if f.name == name {
			return f
		}
	}
	return nil
}

// importerOf resolves the package's imports to the types go/packages
// loaded for them.
func importerOf(p *packages.Package) types.Importer {
	m := map[string]*types.Package{}
	for _, im := range p.Types.Imports() {
		m[im.Path()] = im
	}
	for path, ip := range p.Imports {
		if ip.Types != nil {
			m[path] = ip.Types
		}
	}
	return importerFunc(func(path string) (*types.Package, error) {
		if t, ok := m[path]; ok {
			return t, nil
		}
		return nil, fmt.Errorf("%s is not imported by %s", path, p.PkgPath)
	})
}

type importerFunc func(string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// goVersion is the language version the package is compiled at.
func goVersion(p *packages.Package) string {
	if p.Module != nil && p.Module.GoVersion != "" {
		return "go" + p.Module.GoVersion
	}
	return ""
}

// helperSource is the added file of package name: the switch and the
// generic helpers the instrumented code calls. first and n bound the reach
// markers' IDs (they index a table).
func helperSource(name string, first, n int) []byte {
	return []byte(fmt.Sprintf(helperHead, name, n, first) + helperBody)
}

// helperStub declares what helperSource declares, without imports, for
// type-checking the instrumented files against export data that holds
// only the package's own imports.
func helperStub(name string) []byte {
	return []byte("package " + name + helperStubHead + helperBody)
}

const helperHead = `// Code generated by sleuth for an experiment. DO NOT EDIT.

package %s

import (
	"os"
	"strconv"
	"strings"
	"sync/atomic"
)

// The changes this run makes: one ID, or two ("12,57").
var _sleuthM, _sleuthM2 = _sleuthParse(os.Getenv("SLEUTH_MUTANT"))

func _sleuthParse(s string) (int, int) {
	a, b, _ := strings.Cut(s, ",")
	m, _ := strconv.Atoi(a)
	n, _ := strconv.Atoi(b)
	return m, n
}

var _sleuthOut = _sleuthOpen()

var _sleuthSeen [%d]uint32

var _sleuthOnce uint32

func _sleuthOpen() *os.File {
	p := os.Getenv("SLEUTH_REACH")
	if p == "" {
		return nil
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil
	}
	return f
}

func _sleuthHit(id int) {
	if _sleuthOut != nil && atomic.CompareAndSwapUint32(&_sleuthSeen[id-%d], 0, 1) {
		_sleuthOut.Write(strconv.AppendInt(nil, int64(id), 10))
		_sleuthOut.Write([]byte{'\n'})
	}
}

func _sleuthFirst() bool { return atomic.CompareAndSwapUint32(&_sleuthOnce, 0, 1) }
`

const helperStubHead = `

var _sleuthM, _sleuthM2 int

func _sleuthHit(id int) {}

func _sleuthFirst() bool { return false }
`

const helperBody = `
func _sleuthV(base, n int) int {
	if d := _sleuthM - base; d >= 0 && d < n {
		return d
	}
	if d := _sleuthM2 - base; d >= 0 && d < n {
		return d
	}
	return -1
}

var _sleuthRel = [6][5]int{{1, 2, 3, 4, 5}, {0, 2, 3, 4, 5}, {0, 1, 3, 4, 5}, {0, 1, 2, 4, 5}, {0, 1, 2, 3, 5}, {0, 1, 2, 3, 4}}

type _sleuthOrdered interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr | ~float32 | ~float64 | ~string
}

func _sleuthCmp[T _sleuthOrdered](base, op int, a, b T) bool {
	if v := _sleuthV(base, 5); v >= 0 {
		op = _sleuthRel[op][v]
	}
	switch op {
	case 0:
		return a < b
	case 1:
		return a <= b
	case 2:
		return a > b
	case 3:
		return a >= b
	case 4:
		return a == b
	}
	return a != b
}

type _sleuthNum interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr | ~float32 | ~float64
}

var _sleuthArithOps = [4][3]int{{1, 2, 3}, {0, 2, 3}, {0, 1, 3}, {0, 1, 2}}

func _sleuthArith[T _sleuthNum](base, op int, a, b T) T {
	if v := _sleuthV(base, 3); v >= 0 {
		op = _sleuthArithOps[op][v]
	}
	switch op {
	case 0:
		return a + b
	case 1:
		return a - b
	case 2:
		return a * b
	}
	return a / b
}

type _sleuthInt interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr
}

func _sleuthOff[T _sleuthInt](base int, v T) T {
	switch _sleuthV(base, 2) {
	case 0:
		return v + 1
	case 1:
		return v - 1
	}
	return v
}

func _sleuthPick[T any](base int, v T, alts ...T) T {
	if i := _sleuthV(base, len(alts)); i >= 0 {
		return alts[i]
	}
	return v
}

func _sleuthFlip(base, n int, c bool) bool {
	switch _sleuthV(base, n) {
	case 0:
		return !c
	case 1:
		if _sleuthFirst() {
			return !c
		}
	}
	return c
}
`
