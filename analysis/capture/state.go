package capture

import (
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"github.com/go-delve/delve/pkg/goversion"
	"github.com/go-delve/delve/service/api"
	"github.com/sleuth-dev/sleuth/analysis/report"
)

// reader reads target state through the Delve client, bounded by Limits.
type reader struct {
	s       *session
	lim     Limits
	root    string // module root: files below it are user code
	goVer   goversion.GoVersion
	shallow api.LoadConfig
	deep    api.LoadConfig
}

func newReader(s *session, lim Limits, root string, goVer goversion.GoVersion) *reader {
	return &reader{
		s: s, lim: lim, root: root, goVer: goVer,
		shallow: api.LoadConfig{FollowPointers: false, MaxVariableRecurse: 0, MaxStringLen: lim.MaxStringLen, MaxArrayValues: lim.MaxArrayValues, MaxStructFields: lim.MaxStructFields},
		deep:    api.LoadConfig{FollowPointers: true, MaxVariableRecurse: lim.MaxRecurse, MaxStringLen: lim.MaxStringLen, MaxArrayValues: lim.MaxArrayValues, MaxStructFields: lim.MaxStructFields},
	}
}

// isUser reports whether file is code of the module under investigation.
func (r *reader) isUser(file string) bool {
	if file == "" || r.root == "" {
		return false
	}
	if strings.HasSuffix(file, "_testmain.go") || strings.Contains(file, "/vendor/") {
		return false
	}
	rel, err := filepath.Rel(r.root, file)
	return err == nil && !strings.HasPrefix(rel, "..")
}

// stack reads goroutine gid's frames; with vars, the arguments and locals of
// its first MaxUserFrames user frames too.
func (r *reader) stack(gid int64, depth int, vars bool) ([]report.Frame, []api.Stackframe, error) {
	raw, err := r.s.client.Stacktrace(gid, depth, 0, 0, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("capture: reading goroutine %d: %w", gid, err)
	}
	frames := make([]report.Frame, 0, len(raw))
	loaded := 0
	for i, f := range raw {
		fr := report.Frame{Function: funcName(f.Function), File: f.File, Line: f.Line, User: r.isUser(f.File)}
		if vars && fr.User && loaded < r.lim.MaxUserFrames {
			loaded++
			fr.Args, fr.Locals = r.vars(api.EvalScope{GoroutineID: gid, Frame: i})
		}
		frames = append(frames, fr)
	}
	return frames, raw, nil
}

// vars loads one frame's arguments and locals. Pointers held by arguments
// are followed one by one so that a *testing.T is never expanded.
func (r *reader) vars(scope api.EvalScope) (args, locals []report.Var) {
	as, err := r.s.client.ListFunctionArgs(scope, r.shallow)
	if err == nil {
		for _, a := range as {
			if strings.HasPrefix(a.Name, "~r") {
				continue // an unnamed result: not set yet at a failure
			}
			if a.Kind == reflect.Pointer && !isTestingType(a.Type) && a.Name != "" && !strings.HasPrefix(a.Name, "~") {
				if deep, err := r.s.client.EvalVariable(scope, a.Name, r.deep); err == nil {
					a = *deep
				}
			}
			args = append(args, r.convert(a))
		}
	}
	ls, err := r.s.client.ListLocalVariables(scope, r.deep)
	if err == nil {
		for _, l := range ls {
			if l.Flags&api.VariableShadowed != 0 || strings.HasPrefix(l.Name, "~") {
				continue
			}
			locals = append(locals, r.convert(l))
		}
	}
	return args, locals
}

func isTestingType(t string) bool {
	switch strings.TrimLeft(t, "*") {
	case "testing.T", "testing.B", "testing.F", "testing.M", "testing.common", "testing.TB":
		return true
	}
	return false
}

// convert renders one variable, bounded.
func (r *reader) convert(v api.Variable) report.Var {
	val := ""
	switch {
	case v.Unreadable != "":
		val = "(unreadable: " + v.Unreadable + ")"
	case isTestingType(v.Type):
		val = fmt.Sprintf("(%s)(0x%x)", v.Type, v.Addr)
	default:
		val = v.SinglelineString()
	}
	val = dropAnonType(shortenTypes(val))
	if len(val) > r.lim.MaxValueLen {
		val = val[:r.lim.MaxValueLen] + "…"
	}
	return report.Var{Name: strings.TrimPrefix(v.Name, "&"), Type: shortenTypes(v.Type), Value: val}
}

func funcName(f *api.Function) string {
	if f == nil {
		return "?"
	}
	return f.Name()
}

// goroutineState names a goroutine's state the way Go's tracebacks do.
func (r *reader) goroutineState(g *api.Goroutine) (state, reason string) {
	switch g.Status {
	case 0:
		state = "idle"
	case 1:
		state = "runnable"
	case 2:
		state = "running"
	case 3:
		state = "syscall"
	case 4:
		state = "waiting"
	case 6:
		state = "dead"
	default:
		state = fmt.Sprintf("status %d", g.Status)
	}
	if (g.Status == api.GoroutineWaiting || g.Status == api.GoroutineSyscall) && g.WaitReason != 0 {
		reason = api.WaitReasonString(&r.goVer, g.WaitReason)
	}
	return state, reason
}

// gsnap is every goroutine, grouped by what makes their stacks alike.
type gsnap struct {
	groups []*ggroup
	byID   map[int64]*ggroup
}

type ggroup struct {
	rep    *api.Goroutine
	ids    []int64
	frames []report.Frame
	state  string
	reason string
	user   bool
}

// goroutines lists all goroutines and reads one stack per group of
// goroutines that stand at the same PC, were started by the same go
// statement and run the same function: those stacks are alike in all
// practical cases, and reading one instead of a thousand is what keeps a
// capture with many goroutines fast.
func (r *reader) goroutines(depth int) (*gsnap, error) {
	gs, _, _, _, err := r.s.client.ListGoroutinesWithFilter(0, r.lim.MaxGoroutines, nil, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("capture: listing goroutines: %w", err)
	}
	type key struct {
		pc, start, gostmt uint64
		status            uint64
		reason            int64
	}
	snap := &gsnap{byID: map[int64]*ggroup{}}
	index := map[key]*ggroup{}
	for _, g := range gs {
		if g.Unreadable != "" {
			continue
		}
		k := key{g.CurrentLoc.PC, g.StartLoc.PC, g.GoStatementLoc.PC, g.Status, g.WaitReason}
		grp := index[k]
		if grp == nil {
			grp = &ggroup{rep: g}
			grp.state, grp.reason = r.goroutineState(g)
			index[k] = grp
			snap.groups = append(snap.groups, grp)
		}
		grp.ids = append(grp.ids, g.ID)
		snap.byID[g.ID] = grp
	}
	for _, grp := range snap.groups {
		frames, _, err := r.stack(grp.rep.ID, depth, false)
		if err != nil {
			continue
		}
		grp.frames = frames
		for _, f := range frames {
			if f.User {
				grp.user = true
				break
			}
		}
	}
	return snap, nil
}

// summary converts a snapshot into the report's goroutine list: the failing
// goroutine first, then goroutines with user code, then the rest.
func (r *reader) summary(snap *gsnap, failing int64) []report.Goroutine {
	out := make([]report.Goroutine, 0, len(snap.groups))
	for _, grp := range snap.groups {
		g := report.Goroutine{ID: grp.ids[0], Count: len(grp.ids), State: grp.state, WaitReason: grp.reason, User: grp.user, Frames: grp.frames}
		if len(grp.ids) > 1 {
			g.IDs = grp.ids
		}
		if loc := grp.rep.GoStatementLoc; loc.File != "" {
			g.CreatedBy = &report.Location{File: loc.File, Line: loc.Line, Function: funcName(loc.Function)}
		}
		if g.Frames == nil {
			g.Frames = []report.Frame{}
		}
		out = append(out, g)
	}
	rank := func(g report.Goroutine) int {
		for _, id := range append([]int64{g.ID}, g.IDs...) {
			if id == failing {
				return 0
			}
		}
		if g.User {
			return 1
		}
		return 2
	}
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
	return out
}

// firstUser returns the index of the first user frame, or -1.
func firstUser(frames []report.Frame) int {
	for i, f := range frames {
		if f.User {
			return i
		}
	}
	return -1
}

// locationOf picks the frame a failure is reported at: the first user frame,
// else the first frame outside the runtime.
func locationOf(frames []report.Frame) report.Location {
	if i := firstUser(frames); i >= 0 {
		return report.Location{File: frames[i].File, Line: frames[i].Line, Function: frames[i].Function}
	}
	for _, f := range frames {
		if !strings.HasPrefix(f.Function, "runtime.") {
			return report.Location{File: f.File, Line: f.Line, Function: f.Function}
		}
	}
	if len(frames) > 0 {
		return report.Location{File: frames[0].File, Line: frames[0].Line, Function: frames[0].Function}
	}
	return report.Location{}
}
