package capture

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
	"time"

	"github.com/go-delve/delve/service/api"
	"github.com/sleuth-dev/sleuth/analysis/postmortem"
	"github.com/sleuth-dev/sleuth/analysis/report"
)

// onBreakpoint handles a stop at a breakpoint; done means the capture is
// complete.
func (r *runner) onBreakpoint(st *api.DebuggerState, th *api.Thread) (bool, error) {
	bp := th.Breakpoint
	gid := th.GoroutineID
	switch {
	case bp.Name == "unrecovered-panic":
		return true, r.capturePanic(gid)
	case bp.Name == "runtime-fatal-throw":
		return true, r.captureThrow(gid)
	case bp.ID == r.logBP:
		if info := th.BreakpointInfo; info != nil && len(info.Variables) > 0 {
			r.logs[gid] = info.Variables[0].Value
		}
		return false, nil
	case bp.ID == r.failBP:
		return r.onFail(gid)
	case bp.ID == r.exitBP:
		return r.onExit(gid)
	case r.atIDs[bp.ID] != "":
		r.snapshot(bp.ID, gid, th)
		return false, nil
	}
	return false, nil
}

// capturePanic records an unrecovered panic in goroutine gid.
func (r *runner) capturePanic(gid int64) error {
	progress(r.o, "capturing")
	frames, raw, err := r.rd.stack(gid, r.o.Limits.MaxFrames, true)
	if err != nil {
		return err
	}
	msg := r.panicValue(gid)
	if strings.Contains(msg, "test timed out") && firstUser(frames) < 0 {
		// The testing alarm panicked: the interesting goroutines are the
		// ones still stuck in the test.
		err := r.captureHang(report.KindTimeout, msg, nil)
		r.runToExit()
		return err
	}
	r.rep.Frames = frames
	r.rep.Failure = &report.Failure{Kind: postmortem.Classify("panic: " + msg), Message: msg, Goroutine: gid,
		Location: locationOf(frames), Test: r.testName(gid, raw)}
	r.rep.Failure.Case = r.tableCase(gid, raw)
	r.allGoroutines(gid)
	debugf("exiting")
	r.runToExit()
	return nil
}

// panicValue reads the panic's value from the target; the readable text
// printed by the runtime replaces it once the target has exited.
func (r *runner) panicValue(gid int64) string {
	cfg := r.rd.deep
	cfg.MaxStringLen = 1024
	for _, expr := range []string{"msgs.arg", "runtime.curg._panic.arg"} {
		v, err := r.s.client.EvalVariable(api.EvalScope{GoroutineID: gid}, expr, cfg)
		if err != nil {
			continue
		}
		if len(v.Children) == 1 && v.Children[0].Kind.String() == "string" {
			return v.Children[0].Value
		}
		return v.SinglelineString()
	}
	return "panic"
}

// captureThrow records a fatal runtime error (deadlock, concurrent map
// writes, ...), which no recover can stop.
func (r *runner) captureThrow(gid int64) error {
	progress(r.o, "capturing")
	scope := api.EvalScope{GoroutineID: gid}
	if gid == 0 {
		scope.GoroutineID = -1
	}
	msg := "fatal error"
	if v, err := r.s.client.EvalVariable(scope, "s", r.rd.deep); err == nil && v.Value != "" {
		msg = v.Value
	}
	kind := postmortem.Classify("fatal error: " + msg)
	snap, err := r.rd.goroutines(30)
	if err != nil {
		return err
	}
	if gid == 0 {
		// The all-asleep check runs on the system stack: blame the first
		// goroutine that runs user code.
		gid = pickHung(snap)
	}
	frames, raw, err := r.rd.stack(gid, r.o.Limits.MaxFrames, true)
	if err == nil {
		r.rep.Frames = frames
	}
	r.rep.Failure = &report.Failure{Kind: kind, Message: msg, Goroutine: gid, Location: locationOf(frames), Test: r.testName(gid, raw)}
	r.rep.Goroutines = r.rd.summary(snap, gid)
	if kind == report.KindDeadlock {
		r.rep.WaitFor = r.waitFor(snap)
	}
	r.runToExit()
	return nil
}

// onFail handles testing.(*common).Fail: a t.Error, t.Fatal or t.Fail.
func (r *runner) onFail(gid int64) (bool, error) {
	frames, raw, err := r.rd.stack(gid, r.o.Limits.MaxFrames, false)
	if err != nil {
		return false, nil
	}
	if len(frames) > 1 && frames[1].Function == "testing.(*common).Fail" {
		return false, nil // a sub-test's failure propagating to its parent
	}
	if strings.Contains(r.logs[gid], "race detected during execution") && r.out.waitRace(2*time.Second) {
		return true, r.captureRaceFromOutput()
	}
	for _, f := range frames {
		if strings.HasPrefix(f.Function, "testing.tRunner.func1") {
			return false, nil // tRunner marking a panicking test: the panic stop follows
		}
	}
	progress(r.o, "capturing")
	name := r.evalString(api.EvalScope{GoroutineID: gid}, "c.name")
	msg := strings.TrimSpace(r.logs[gid])
	if firstUser(frames) < 0 && r.out.waitRace(500*time.Millisecond) {
		return true, r.captureRaceFromOutput()
	}
	frames, raw, _ = r.rd.stack(gid, r.o.Limits.MaxFrames, true)
	r.rep.Frames = frames
	if msg == "" {
		msg = "test failed (t.Fail called without a message)"
	}
	loc := r.checkLocation(gid, frames)
	r.rep.Failure = &report.Failure{Kind: report.KindTestFailure, Message: msg, Test: name, Goroutine: gid, Location: loc}
	r.rep.Failure.Case = r.tableCase(gid, raw)
	r.allGoroutines(gid)
	return true, nil
}

// checkLocation is where the failing check stands: the first frame outside
// package testing that is not a t.Helper function.
func (r *runner) checkLocation(gid int64, frames []report.Frame) report.Location {
	helpers := map[string]bool{}
	if v, err := r.s.client.EvalVariable(api.EvalScope{GoroutineID: gid}, "c.helperNames", r.rd.shallow); err == nil {
		for i := 0; i+1 < len(v.Children); i += 2 {
			helpers[v.Children[i].Value] = true
		}
	}
	for _, f := range frames {
		if strings.HasPrefix(f.Function, "testing.") || helpers[f.Function] {
			continue
		}
		return report.Location{File: f.File, Line: f.Line, Function: f.Function}
	}
	return locationOf(frames)
}

// onExit handles os.Exit: the harness's own exit is normal, any other in a
// test is a failure, and so is a non-zero one in a program.
func (r *runner) onExit(gid int64) (bool, error) {
	frames, _, err := r.rd.stack(gid, r.o.Limits.MaxFrames, false)
	if err != nil || len(frames) < 2 {
		return false, nil
	}
	if strings.HasSuffix(frames[1].File, "_testmain.go") {
		return false, nil
	}
	code := r.evalString(api.EvalScope{GoroutineID: gid}, "code")
	if r.o.Mode == "run" && code == "0" {
		return false, nil
	}
	progress(r.o, "capturing")
	frames, raw, _ := r.rd.stack(gid, r.o.Limits.MaxFrames, true)
	r.rep.Frames = frames
	loc := locationOf(frames)
	caller := frames[1].Function
	msg := fmt.Sprintf("os.Exit(%s) called from %s", code, shortFunc(loc.Function))
	if strings.HasPrefix(caller, "log.") {
		msg = fmt.Sprintf("%s called from %s (exit status %s)", caller, shortFunc(loc.Function), code)
	}
	r.rep.Failure = &report.Failure{Kind: report.KindExit, Message: msg, Goroutine: gid, Location: loc, Test: r.testName(gid, raw)}
	r.allGoroutines(gid)
	r.runToExit()
	return true, nil
}

// snapshot records the variables at a --at location.
func (r *runner) snapshot(id int, gid int64, th *api.Thread) {
	r.atHits[id]++
	if r.atHits[id] > r.o.AtHits {
		_, _ = r.s.client.ClearBreakpoint(id)
		return
	}
	args, locals := r.rd.vars(api.EvalScope{GoroutineID: gid})
	fn := ""
	if th.Function != nil {
		fn = th.Function.Name()
	}
	r.rep.Snapshots = append(r.rep.Snapshots, report.Snapshot{
		Location: report.Location{File: th.File, Line: th.Line, Function: fn},
		Hit:      r.atHits[id], Goroutine: gid, Args: args, Locals: locals,
	})
}

// allGoroutines fills the report's goroutine summary.
func (r *runner) allGoroutines(failing int64) {
	snap, err := r.rd.goroutines(30)
	if err != nil {
		r.rep.Notes = append(r.rep.Notes, err.Error())
		return
	}
	r.rep.Goroutines = r.rd.summary(snap, failing)
}

// runToExit lets a target that is past saving finish printing (the runtime
// writes the readable panic text on its way out), for at most a moment.
func (r *runner) runToExit() {
	for _, id := range []int{r.failBP, r.logBP, r.exitBP} {
		if id > 0 {
			_, _ = r.s.client.ClearBreakpoint(id)
		}
	}
	for id := range r.atIDs {
		_, _ = r.s.client.ClearBreakpoint(id)
	}
	done := make(chan *api.DebuggerState, 1)
	go func() {
		for range 3 {
			st := <-r.s.client.Continue()
			if st == nil || st.Exited || st.Err != nil {
				done <- st
				return
			}
		}
		done <- nil
	}()
	select {
	case st := <-done:
		if st != nil && st.Exited {
			status := st.ExitStatus
			r.rep.Target.ExitStatus = &status
		}
	case <-time.After(2 * time.Second):
		r.s.halt()
		<-done
	}
}

// evalString evaluates expr and returns its value, or "".
func (r *runner) evalString(scope api.EvalScope, expr string) string {
	v, err := r.s.client.EvalVariable(scope, expr, r.rd.deep)
	if err != nil {
		return ""
	}
	return v.Value
}

// testName is the full name of the test goroutine gid runs, read from the
// *testing.T that tRunner holds.
func (r *runner) testName(gid int64, raw []api.Stackframe) string {
	if r.o.Mode != "test" {
		return ""
	}
	for i, f := range raw {
		if f.Function != nil && f.Function.Name() == "testing.tRunner" {
			return r.evalString(api.EvalScope{GoroutineID: gid, Frame: i}, "t.name")
		}
	}
	if name := r.ancestorTest(gid); name != "" {
		return name
	}
	return r.runningTest()
}

// ancestorTest names the test whose goroutine started gid, from the
// creation stacks the runtime keeps (GODEBUG=tracebackancestors): it works
// after that test goroutine is gone, but yields the top-level test only.
func (r *runner) ancestorTest(gid int64) string {
	if gid <= 0 {
		return ""
	}
	ancestors, err := r.s.client.Ancestors(gid, 10, r.o.Limits.MaxFrames)
	if err != nil {
		return ""
	}
	for _, a := range ancestors {
		for i, f := range a.Stack {
			if f.Function == nil || f.Function.Name() != "testing.tRunner" || i == 0 {
				continue
			}
			name := shortFunc(funcName(a.Stack[i-1].Function))
			if j := strings.IndexByte(name, '.'); j >= 0 {
				name = name[j+1:]
			}
			if j := strings.Index(name, ".func"); j >= 0 {
				name = name[:j]
			}
			return name
		}
	}
	return ""
}

// runningTest finds the innermost test still running, for failures in
// goroutines the test started.
func (r *runner) runningTest() string {
	gs, _, _, _, err := r.s.client.ListGoroutinesWithFilter(0, r.o.Limits.MaxGoroutines,
		[]api.ListGoroutinesFilter{{Kind: api.GoroutineStartLoc, Arg: "testing.tRunner"}}, nil, nil)
	if err != nil {
		return ""
	}
	best := ""
	for _, g := range gs {
		raw, err := r.s.client.Stacktrace(g.ID, r.o.Limits.MaxFrames, 0, 0, nil)
		if err != nil {
			continue
		}
		for i, f := range raw {
			if f.Function != nil && f.Function.Name() == "testing.tRunner" {
				if name := r.evalString(api.EvalScope{GoroutineID: g.ID, Frame: i}, "t.name"); len(name) > len(best) {
					best = name
				}
			}
		}
	}
	return best
}

// tableCase returns the values of the table entry a failing sub-test runs:
// the variables its closure captured, read in the closure's frame.
func (r *runner) tableCase(gid int64, raw []api.Stackframe) []report.Var {
	for i, f := range raw {
		if f.Function == nil || f.Function.Name() != "testing.tRunner" || i == 0 {
			continue
		}
		fn := raw[i-1].Function
		if fn == nil || !strings.Contains(fn.Name(), ".func") {
			return nil // a top-level test: no table entry
		}
		_, locals := r.rd.vars(api.EvalScope{GoroutineID: gid, Frame: i - 1})
		// Keep the loop variables of the range statement around t.Run (the
		// table entry); without one, every captured value.
		keep := map[string]bool{}
		files := &fileCache{fset: token.NewFileSet(), files: map[string]*ast.File{}}
		for _, name := range files.rangeVars(raw[i-1].File, raw[i-1].Line) {
			keep[name] = true
		}
		var out, all []report.Var
		for _, v := range locals {
			if isTestingType(v.Type) {
				continue
			}
			all = append(all, v)
			if keep[v.Name] {
				out = append(out, v)
			}
		}
		if len(out) == 0 {
			return all
		}
		return out
	}
	return nil
}

func shortFunc(fn string) string {
	if i := strings.LastIndexByte(fn, '/'); i >= 0 {
		return fn[i+1:]
	}
	return fn
}
