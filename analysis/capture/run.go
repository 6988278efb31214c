package capture

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-delve/delve/pkg/goversion"
	"github.com/go-delve/delve/service/api"
	"github.com/sleuth-dev/sleuth/analysis/report"
)

// debug prints the engine's stops on stderr (SLEUTH_DEBUG=1).
var debug = os.Getenv("SLEUTH_DEBUG") != ""

// ErrNoTests is returned when -run matched no test in any package.
var ErrNoTests = errors.New("no test matches")

// Run builds and runs the target under Delve and returns what it captured.
// A captured failure is not an error: it is in Report.Failure. Errors are
// set-up problems (not a module, no such package, the debugger could not
// start) and cancellation.
func Run(ctx context.Context, o Options) (*report.Report, error) {
	o.defaults()
	if o.Mode == "run" && len(o.Packages) != 1 {
		return nil, errors.New("capture: run takes exactly one package")
	}
	pkgs, err := resolvePackages(ctx, o.Dir, o.Packages)
	if err != nil {
		return nil, err
	}
	var last *report.Report
	ran := false
	for _, p := range pkgs {
		if o.Mode == "test" && !p.HasTests {
			continue
		}
		rep, err := runPackage(ctx, &o, p)
		if errors.Is(err, ErrNoTestFiles) || errors.Is(err, ErrNoTests) {
			continue
		}
		if err != nil {
			return nil, err
		}
		ran = true
		if rep.Failure != nil {
			return rep, nil
		}
		last = rep
	}
	if !ran {
		if o.Mode == "test" && o.Run != "" {
			return nil, fmt.Errorf("capture: no test matches -run %q in %v: check the test name (go test -list . shows them)", o.Run, o.Packages)
		}
		return nil, fmt.Errorf("capture: no test files in %v", o.Packages)
	}
	return last, nil
}

// runner drives one target from launch to the captured report.
type runner struct {
	o   *Options
	p   pkgInfo
	s   *session
	rd  *reader
	rep *report.Report
	out *outputSink

	logs    map[int64]string // last t.Log/t.Error text per goroutine
	atIDs   map[int]string   // breakpoint id → the --at location it stands for
	atHits  map[int]int
	failBP  int
	logBP   int
	exitBP  int
	running atomic.Bool

	mu     sync.Mutex // guards reason
	reason string     // why the watcher halted the target
}

// Halt reasons, in priority order.
const (
	haltCancel  = "cancel"
	haltTimeout = "timeout"
	haltRace    = "race"
	haltCheck   = "check"
)

func runPackage(ctx context.Context, o *Options, p pkgInfo) (*report.Report, error) {
	start := time.Now()
	progress(o, "building")
	br, err := build(ctx, o, p)
	if err != nil {
		return nil, err
	}
	rep := report.Empty(o.Mode)
	rep.Target.Package, rep.Target.Dir = p.ImportPath, p.Dir
	if len(br.Errors) > 0 {
		rep.Failure = &report.Failure{Kind: report.KindBuildError, Message: br.Errors[0].Message, Location: br.Errors[0], Errors: br.Errors}
		rep.Target.Output = br.Output
		rep.Explanation = report.Explanation{Summary: fmt.Sprintf("%s does not compile", p.ImportPath), Source: "evidence"}
		return rep, nil
	}
	rep.Target.Binary = br.Binary
	rep.Target.Args = targetArgs(o)

	outPath := filepath.Join(o.CacheDir, "out", strconv.Itoa(os.Getpid())+"-"+filepath.Base(br.Binary)+".log")
	_ = os.MkdirAll(filepath.Dir(outPath), 0o755)
	out := newOutputSink(outPath, o.Limits.OutputHead, o.Limits.OutputTail, o.Limits.OutputFile)
	progress(o, "running")
	cfg := workerConfig{Args: append([]string{br.Binary}, rep.Target.Args...), Dir: p.Dir}
	s, err := startSession(ctx, o.WorkerExe, cfg, out)
	if err != nil {
		return nil, err
	}
	defer s.close()

	ver := goversion.GoVersion{Major: 1, Minor: 26}
	if v, ok := binaryGoVersion(br.Binary); ok {
		ver = v
	}
	r := &runner{o: o, p: p, s: s, rep: rep, out: out, rd: newReader(s, o.Limits, p.ModRoot, ver),
		logs: map[int64]string{}, atIDs: map[int]string{}, atHits: map[int]int{}}
	out.onRace = func() { r.requestHalt(haltRace) }
	if err := r.breakpoints(); err != nil {
		return nil, err
	}
	err = r.loop(ctx)
	debugf("closing")
	s.close()
	debugf("closed")
	r.finish(outPath)
	rep.Target.DurationMS = time.Since(start).Milliseconds()
	if err != nil {
		return nil, err
	}
	if rep.Failure == nil && o.Mode == "test" && out.sawNoTests() {
		return nil, ErrNoTests
	}
	return rep, nil
}

// debugf notes an internal step when SLEUTH_DEBUG is set.
func debugf(format string, args ...any) {
	if debug {
		fmt.Fprintf(os.Stderr, "sleuth debug: %s %s\n", time.Now().Format("15:04:05.000"), fmt.Sprintf(format, args...))
	}
}

func progress(o *Options, phase string) {
	if debug {
		fmt.Fprintf(os.Stderr, "sleuth debug: %s %s\n", time.Now().Format("15:04:05.000"), phase)
	}
	if o.Progress != nil {
		o.Progress(phase)
	}
}

// targetArgs are the arguments the target binary gets, as go test would
// pass them.
func targetArgs(o *Options) []string {
	if o.Mode != "test" {
		return o.Args
	}
	args := []string{"-test.paniconexit0", "-test.count=" + strconv.Itoa(o.Count)}
	if o.Timeout > 0 {
		args = append(args, "-test.timeout="+o.Timeout.String())
	}
	if o.Run != "" {
		args = append(args, "-test.run="+o.Run)
	}
	if o.Verbose {
		args = append(args, "-test.v=true")
	}
	return append(args, o.Args...)
}

// breakpoints sets sleuth's own stops: test failures, their messages, exits
// and the requested --at lines. Delve sets the panic and fatal-error ones.
func (r *runner) breakpoints() error {
	c := r.s.client
	if r.o.Mode == "test" {
		bp, err := c.CreateBreakpoint(&api.Breakpoint{FunctionName: "testing.(*common).Fail"})
		if err != nil {
			return fmt.Errorf("capture: setting the test-failure breakpoint: %w", err)
		}
		r.failBP = bp.ID
		if bp, err := c.CreateBreakpoint(&api.Breakpoint{FunctionName: "testing.(*common).log", Variables: []string{"s"}, Goroutine: true}); err == nil {
			r.logBP = bp.ID
		}
	}
	if bp, err := c.CreateBreakpoint(&api.Breakpoint{FunctionName: "os.Exit"}); err == nil {
		r.exitBP = bp.ID
	}
	for _, at := range r.o.At {
		bp, err := c.CreateBreakpointWithExpr(&api.Breakpoint{}, at, nil, false)
		if err != nil && r.o.AtOptional {
			continue
		}
		if err != nil {
			return fmt.Errorf("capture: --at %s: %w", at, err)
		}
		r.atIDs[bp.ID] = at
	}
	return nil
}

// requestHalt asks for the target to stop, remembering why. Safe from any
// goroutine; a stronger reason replaces a weaker one.
func (r *runner) requestHalt(reason string) {
	r.mu.Lock()
	if r.reason == "" || rank(reason) < rank(r.reason) {
		r.reason = reason
	}
	r.mu.Unlock()
	if r.running.Load() {
		r.s.halt()
	}
}

func rank(reason string) int {
	switch reason {
	case haltCancel:
		return 0
	case haltTimeout:
		return 1
	case haltRace:
		return 2
	}
	return 3
}

func (r *runner) takeReason() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	reason := r.reason
	r.reason = ""
	return reason
}

// watch runs beside the loop until stop is closed: it turns cancellation,
// the program timeout and the hang check into halts.
func (r *runner) watch(ctx context.Context, stop <-chan struct{}) {
	var deadline <-chan time.Time
	if r.o.Mode == "run" && r.o.Timeout > 0 {
		t := time.NewTimer(r.o.Timeout)
		defer t.Stop()
		deadline = t.C
	}
	var tick <-chan time.Time
	if r.o.HangAfter > 0 {
		t := time.NewTicker(r.o.HangAfter / 4)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case <-stop:
			return
		case <-ctx.Done():
			r.requestHalt(haltCancel)
			return
		case <-deadline:
			r.requestHalt(haltTimeout)
		case <-tick:
			r.requestHalt(haltCheck)
		}
	}
}

// loop continues the target until it exits or a failure is captured.
func (r *runner) loop(ctx context.Context) error {
	stop := make(chan struct{})
	defer close(stop)
	go r.watch(ctx, stop)
	hang := &hangState{}
	for {
		if reason := r.takeReason(); reason != "" {
			done, err := r.onHalt(ctx, reason, hang)
			if done || err != nil {
				return err
			}
		}
		r.running.Store(true)
		st := <-r.s.client.Continue()
		r.running.Store(false)
		if st == nil {
			return errors.New("capture: lost the debugger")
		}
		if st.Exited {
			r.exited(st.ExitStatus)
			return nil
		}
		if st.Err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("capture: debugger: %w", st.Err)
		}
		th := st.CurrentThread
		if debug && th != nil {
			fmt.Fprintf(os.Stderr, "sleuth debug: stop goroutine=%d bp=%+v\n", th.GoroutineID, th.Breakpoint)
		}
		if th == nil || th.Breakpoint == nil {
			continue // a halt: its reason is handled at the top
		}
		done, err := r.onBreakpoint(st, th)
		if done || err != nil {
			return err
		}
	}
}

// onHalt handles a stop the watcher asked for.
func (r *runner) onHalt(ctx context.Context, reason string, hang *hangState) (bool, error) {
	switch reason {
	case haltCancel:
		return true, ctx.Err()
	case haltTimeout:
		return true, r.captureHang(report.KindTimeout, fmt.Sprintf("%s did not finish within %s", r.p.ImportPath, r.o.Timeout), nil)
	case haltRace:
		return true, r.captureRace()
	case haltCheck:
		snap, blocked, err := r.checkHang(hang)
		if err != nil || !blocked {
			return false, nil
		}
		return true, r.captureHang(report.KindDeadlock, fmt.Sprintf("every goroutine of %s has been blocked for %s", r.targetName(), r.o.HangAfter), snap)
	}
	return false, nil
}

func (r *runner) targetName() string {
	if r.o.Mode == "test" {
		return "the test"
	}
	return r.p.ImportPath
}

// exited records a normal exit.
func (r *runner) exited(status int) {
	r.rep.Target.ExitStatus = &status
	if r.rep.Failure != nil {
		return
	}
	if status == 0 {
		r.rep.Passed = true
		return
	}
	if r.out.waitRace(500 * time.Millisecond) {
		_ = r.captureRaceFromOutput()
		return
	}
	r.rep.Failure = &report.Failure{Kind: report.KindExit, Message: fmt.Sprintf("the target exited with status %d", status)}
}

// binaryGoVersion reads the Go version a binary was built with.
func binaryGoVersion(bin string) (goversion.GoVersion, bool) {
	v := buildGoVersion(bin)
	if v == "" {
		return goversion.GoVersion{}, false
	}
	return goversion.Parse(v)
}
