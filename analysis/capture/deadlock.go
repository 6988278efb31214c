package capture

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"sort"
	"strings"
	"time"

	"github.com/go-delve/delve/service/api"
	"github.com/sleuth-dev/sleuth/analysis/postmortem"
	"github.com/sleuth-dev/sleuth/analysis/report"
	"github.com/sleuth-dev/sleuth/analysis/source"
)

// hangState remembers the last all-blocked picture and since when it held.
type hangState struct {
	sig   string
	since time.Time
}

// blockedReasons are the wait reasons no goroutine leaves by itself: only
// another goroutine can wake it. Sleeping, I/O and timers are not here.
var blockedReasons = map[string]string{
	"chan receive":                  "receive",
	"chan send":                     "send",
	"chan receive (nil chan)":       "receive from nil channel",
	"chan send (nil chan)":          "send on nil channel",
	"select":                        "select",
	"select (no cases)":             "select {}",
	"sync.Mutex.Lock":               "lock",
	"sync.RWMutex.Lock":             "lock",
	"sync.RWMutex.RLock":            "read-lock",
	"sync.WaitGroup.Wait":           "wait",
	"sync.Cond.Wait":                "cond wait",
	"semacquire":                    "semaphore acquire",
	"chan receive (durable)":        "receive",
	"chan send (durable)":           "send",
	"select (durable)":              "select",
	"sync.WaitGroup.Wait (durable)": "wait",
}

// checkHang samples the goroutines and reports whether every goroutine
// running user code has stayed blocked, unchanged, for HangAfter.
func (r *runner) checkHang(h *hangState) (*gsnap, bool, error) {
	snap, err := r.rd.goroutines(30)
	if err != nil {
		return nil, false, err
	}
	var parts []string
	for _, g := range snap.groups {
		if !g.user {
			continue
		}
		if _, ok := blockedReasons[g.reason]; !ok || g.state != "waiting" {
			h.sig = ""
			return snap, false, nil
		}
		parts = append(parts, fmt.Sprintf("%v@%x", g.ids, g.rep.CurrentLoc.PC))
	}
	if len(parts) == 0 {
		h.sig = ""
		return snap, false, nil
	}
	sort.Strings(parts)
	sig := strings.Join(parts, ";")
	now := time.Now()
	if sig != h.sig {
		h.sig, h.since = sig, now
		return snap, false, nil
	}
	return snap, now.Sub(h.since) >= r.o.HangAfter, nil
}

// captureHang records a deadlock or a hang: the stuck goroutines and who
// waits for what.
func (r *runner) captureHang(kind report.Kind, msg string, snap *gsnap) error {
	progress(r.o, "capturing")
	if snap == nil {
		var err error
		if snap, err = r.rd.goroutines(30); err != nil {
			return err
		}
	}
	r.rep.WaitFor = r.waitFor(snap)
	gid := pickHung(snap)
	// In a lock cycle, blame a goroutine of the cycle rather than the one
	// waiting for the cycle to end.
	for _, w := range r.rep.WaitFor {
		if len(w.Holders) > 0 {
			gid = w.Goroutine
			msg += fmt.Sprintf("; goroutine %d waits for %s held by goroutine %d", w.Goroutine, w.Object, w.Holders[0])
			break
		}
	}
	var raw []api.Stackframe
	if gid > 0 {
		var frames []report.Frame
		frames, raw, _ = r.rd.stack(gid, r.o.Limits.MaxFrames, true)
		r.rep.Frames = frames
	}
	r.rep.Failure = &report.Failure{Kind: kind, Message: msg, Goroutine: gid, Location: locationOf(r.rep.Frames), Test: r.testName(gid, raw)}
	r.rep.Goroutines = r.rd.summary(snap, gid)
	return nil
}

// pickHung chooses the goroutine to blame for a hang: one running a test's
// own code and blocked, else any with user code.
func pickHung(snap *gsnap) int64 {
	var fallback int64
	for _, g := range snap.groups {
		if !g.user {
			continue
		}
		inTest := false
		for _, f := range g.frames {
			if f.Function == "testing.tRunner" {
				inTest = true
			}
		}
		_, blocked := blockedReasons[g.reason]
		if inTest && blocked {
			return g.ids[0]
		}
		if fallback == 0 {
			fallback = g.ids[0]
		}
	}
	return fallback
}

// waitObjects maps the frame a blocked goroutine parks in to the receiver
// holding the object it waits on.
var waitObjects = map[string]string{
	"sync.(*Mutex).Lock":     "m",
	"sync.(*RWMutex).Lock":   "rw",
	"sync.(*RWMutex).RLock":  "rw",
	"sync.(*WaitGroup).Wait": "wg",
	"sync.(*Cond).Wait":      "c",
	"runtime.chanrecv":       "c",
	"runtime.chansend":       "c",
}

// waitFor builds the wait-for picture: for each blocked goroutine with user
// code, what it waits on (the expression in its source and the object's
// address) and which goroutines hold that object.
func (r *runner) waitFor(snap *gsnap) []report.Wait {
	files := &fileCache{fset: token.NewFileSet(), files: map[string]*ast.File{}}
	var waits []report.Wait
	addrs := map[int]uint64{}
	for _, g := range snap.groups {
		op, ok := blockedReasons[g.reason]
		if !ok || !g.user {
			continue
		}
		for _, id := range g.ids[:min(len(g.ids), 20)] {
			w := report.Wait{Goroutine: id, Op: op, Holders: []int64{}}
			ui := firstUser(g.frames)
			w.Location = report.Location{File: g.frames[ui].File, Line: g.frames[ui].Line, Function: g.frames[ui].Function}
			w.Object = files.waitExpr(w.Location.File, w.Location.Line)
			for i, f := range g.frames[:ui] {
				if recv, ok := waitObjects[f.Function]; ok {
					if a, ok := r.addr(id, i, recv); ok {
						addrs[len(waits)] = a
						w.Object = strings.TrimSpace(fmt.Sprintf("%s (0x%x)", w.Object, a))
					}
					break
				}
			}
			waits = append(waits, w)
		}
	}
	// Holders of mutexes: goroutines whose functions locked the same
	// address earlier and have not unlocked it yet.
	for i := range waits {
		a, ok := addrs[i]
		if !ok || (waits[i].Op != "lock" && waits[i].Op != "read-lock") {
			if waits[i].Op == "receive" || waits[i].Op == "send" {
				waits[i].Detail = "no goroutine that could " + map[string]string{"receive": "send on", "send": "receive from"}[waits[i].Op] + " this channel is running"
			}
			continue
		}
		for _, g := range snap.groups {
			for _, id := range g.ids[:min(len(g.ids), 20)] {
				if id == waits[i].Goroutine {
					continue
				}
				if r.holds(files, id, g.frames, a) {
					waits[i].Holders = append(waits[i].Holders, id)
				}
			}
		}
		if len(waits[i].Holders) > 0 {
			waits[i].Detail = fmt.Sprintf("held by goroutine %v", waits[i].Holders)
		}
	}
	return waits
}

// addr evaluates uintptr(expr) in a frame.
func (r *runner) addr(gid int64, frame int, expr string) (uint64, bool) {
	v, err := r.s.client.EvalVariable(api.EvalScope{GoroutineID: gid, Frame: frame}, "uintptr("+expr+")", r.rd.shallow)
	if err != nil {
		return 0, false
	}
	var a uint64
	if _, err := fmt.Sscan(v.Value, &a); err != nil {
		return 0, false
	}
	return a, true
}

// holds reports whether goroutine gid's user frames locked the mutex at
// addr before their current line without unlocking it.
func (r *runner) holds(files *fileCache, gid int64, frames []report.Frame, addr uint64) bool {
	for i, f := range frames {
		if !f.User {
			continue
		}
		for _, expr := range files.heldLocks(f.File, f.Line) {
			if a, ok := r.addr(gid, i, "&"+expr); ok && a == addr {
				return true
			}
		}
	}
	return false
}

// fileCache parses source files once per capture.
type fileCache struct {
	fset  *token.FileSet
	files map[string]*ast.File
}

func (c *fileCache) get(file string) *ast.File {
	if f, ok := c.files[file]; ok {
		return f
	}
	f, _ := parser.ParseFile(c.fset, file, nil, parser.SkipObjectResolution)
	c.files[file] = f
	return f
}

// heldLocks lists the expressions X for which X.Lock() or X.RLock() ran
// before line in the enclosing function and no non-deferred unlock did.
func (c *fileCache) heldLocks(file string, line int) []string {
	f := c.get(file)
	if f == nil {
		return nil
	}
	var out []string
	for _, call := range source.HeldLocks(c.fset, source.Body(source.EnclosingFunc(c.fset, f, line)), line) {
		out = append(out, types.ExprString(call.Fun.(*ast.SelectorExpr).X))
	}
	return out
}

// waitExpr names what the statement at line waits on: X for X.Lock(),
// X.Wait(), <-X or X <- v.
func (c *fileCache) waitExpr(file string, line int) string {
	f := c.get(file)
	if f == nil {
		return ""
	}
	expr := ""
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil || expr != "" {
			return false
		}
		if c.fset.Position(n.Pos()).Line > line || c.fset.Position(n.End()).Line < line {
			return true
		}
		switch x := n.(type) {
		case *ast.SendStmt:
			if c.fset.Position(x.Pos()).Line == line {
				expr = types.ExprString(x.Chan)
			}
		case *ast.UnaryExpr:
			if x.Op == token.ARROW && c.fset.Position(x.Pos()).Line == line {
				expr = types.ExprString(x.X)
			}
		case *ast.CallExpr:
			if sel, ok := x.Fun.(*ast.SelectorExpr); ok && c.fset.Position(x.Pos()).Line == line {
				switch sel.Sel.Name {
				case "Lock", "RLock", "Wait":
					expr = types.ExprString(sel.X)
				}
			}
		}
		return true
	})
	return expr
}

// captureRace records a data race the race detector just reported.
func (r *runner) captureRace() error {
	return r.captureRaceFromOutput()
}

// captureRaceFromOutput builds the failure from the race reports in the
// target's output, plus the live state of the racing goroutine when it is
// still there.
func (r *runner) captureRaceFromOutput() error {
	progress(r.o, "capturing")
	races := postmortem.ParseRace(r.out.raceReports(), postmortem.NewMapper(r.p.ModRoot, r.p.ModPath))
	if len(races) == 0 {
		return nil
	}
	race := races[0]
	r.rep.Race = &race
	f := &report.Failure{Kind: report.KindDataRace}
	if len(race.Accesses) > 0 {
		a := race.Accesses[0]
		f.Goroutine, f.Location = a.Goroutine, a.Location
		r.rep.Frames = a.Frames
	}
	f.Message = raceMessage(race)
	snap, err := r.rd.goroutines(30)
	if err == nil {
		if _, alive := snap.byID[f.Goroutine]; alive && f.Goroutine > 0 {
			if frames, raw, err := r.rd.stack(f.Goroutine, r.o.Limits.MaxFrames, true); err == nil && firstUser(frames) >= 0 {
				r.rep.Frames = frames
				f.Test = r.testName(f.Goroutine, raw)
			}
		}
		r.rep.Goroutines = r.rd.summary(snap, f.Goroutine)
	}
	if f.Test == "" {
		f.Test = r.testName(0, nil)
	}
	r.rep.Failure = f
	return nil
}

func raceMessage(race report.Race) string {
	if len(race.Accesses) < 2 {
		return "data race"
	}
	a, b := race.Accesses[0], race.Accesses[1]
	return fmt.Sprintf("data race: %s by goroutine %d at %s:%d conflicts with %s by goroutine %d at %s:%d",
		a.Op, a.Goroutine, baseName(a.Location.File), a.Location.Line, b.Op, b.Goroutine, baseName(b.Location.File), b.Location.Line)
}

func baseName(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}

// rangeVars names the variables of the innermost range loops around line:
// in a table-driven test, the table entry ("tt", "tc") and its index.
func (c *fileCache) rangeVars(file string, line int) []string {
	f := c.get(file)
	if f == nil {
		return nil
	}
	var names []string
	ast.Inspect(f, func(n ast.Node) bool {
		rs, ok := n.(*ast.RangeStmt)
		if !ok || n == nil {
			return true
		}
		if c.fset.Position(rs.Pos()).Line <= line && line <= c.fset.Position(rs.End()).Line {
			for _, e := range []ast.Expr{rs.Key, rs.Value} {
				if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
					names = append(names, id.Name)
				}
			}
		}
		return true
	})
	return names
}
