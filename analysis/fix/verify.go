package fix

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/gotest"
	"github.com/sleuth-dev/sleuth/analysis/report"
	"github.com/sleuth-dev/sleuth/analysis/source"
)

// Verifier re-runs tests on a candidate through an overlay
// (`go test -overlay`), never touching the user's files: the edited files are
// written to a private temp directory and the go command reads them from
// there. A Verifier may be used by several goroutines; Verify calls run one
// at a time.
type Verifier struct {
	// Dir is the directory the go command runs in (the module or the
	// package directory).
	Dir string
	// Package is the import path or ./dir of the failing package.
	Package string
	// Test is the failing test's full name; empty for programs, which are
	// re-run with `go run` and must exit 0.
	Test string
	// Args are the program's arguments (programs only).
	Args []string
	// Race runs the tests with -race (the failure was a race).
	Race bool
	// Repeat runs the failing test this many times (-count) to catch a
	// failure that does not happen on every run; 1 when zero.
	Repeat int
	// Timeout bounds each go command run (default 2 minutes).
	Timeout time.Duration
	// Baseline holds the tests that passed before the fix (by full name);
	// nil means compute it on first use, once, and keep it.
	Baseline map[string]bool

	mu sync.Mutex // guards Baseline and serialises Verify
}

// NewVerifier returns a Verifier for the failure of rep: it runs in the
// failing package's directory, re-runs the failing test, and uses -race
// (and several runs) when the failure was a race or a concurrent map write.
func NewVerifier(rep *report.Report) *Verifier {
	v := &Verifier{Dir: rep.Target.Dir, Package: ".", Timeout: 2 * time.Minute}
	if rep.Target.Mode == "run" {
		v.Args = rep.Target.Args
	}
	if f := rep.Failure; f != nil {
		v.Test = f.Test
		switch f.Kind {
		case report.KindDataRace, report.KindConcurrentMapWrite:
			v.Race, v.Repeat = true, 3
		case report.KindDeadlock, report.KindTimeout:
			v.Repeat = 3
		}
	}
	return v
}

// Verify applies c through an overlay and re-runs the failure: the failing
// test first (or the program), then the package's other tests. The outcome
// is verified only when the failure is gone and every test that passed
// before still passes. Verify never returns an error: a problem (the edits
// do not apply, the go command cannot start, the context is done) is the
// outcome's Detail.
func (v *Verifier) Verify(ctx context.Context, c Candidate) Outcome {
	out := Outcome{Candidate: c}
	root := source.ModuleRoot(v.dir())
	files, err := apply(root, c)
	if err != nil {
		out.Detail = "not applied: " + err.Error()
		return out
	}
	out.Diff = Diff(root, c)

	v.mu.Lock()
	defer v.mu.Unlock()
	tmp, err := os.MkdirTemp("", "sleuth-fix-")
	if err != nil {
		out.Detail = "not verified: " + err.Error()
		return out
	}
	defer os.RemoveAll(tmp)
	overlay, err := writeOverlay(tmp, files)
	if err != nil {
		out.Detail = "not verified: " + err.Error()
		return out
	}

	if v.Test == "" {
		out.Verified, out.Detail = v.verifyProgram(ctx, overlay)
		return out
	}
	// The failing test alone first: a wrong candidate fails fast.
	args := []string{"test", "-overlay=" + overlay, "-count=" + fmt.Sprint(max(1, v.Repeat)), "-run=" + gotest.RunPattern(v.Test)}
	res := v.goCmd(ctx, append(args, v.flags()...)...)
	if res.err != nil {
		out.Detail = "not verified: " + res.why(v.Test+" still fails")
		return out
	}
	if !ranTest(res.out) {
		out.Detail = "not verified: " + v.Test + " did not run with the fix"
		return out
	}
	base, err := v.baseline(ctx)
	if err != nil {
		out.Detail = "not verified: " + err.Error()
		return out
	}
	got := v.others(ctx, overlay)
	if got.err != nil && got.cancelled() {
		out.Detail = "not verified: " + got.why("")
		return out
	}
	if broken := regressions(base, got.results); len(broken) > 0 {
		out.Detail = fmt.Sprintf("not verified: %s passes, but %s passed before and fails with the fix", v.Test, list(broken))
		return out
	}
	out.Verified = true
	switch len(base) {
	case 0:
		out.Detail = fmt.Sprintf("verified: %s passes%s (the package has no other passing test)", v.Test, v.how())
	case 1:
		out.Detail = fmt.Sprintf("verified: %s passes%s and the other test that passed still passes", v.Test, v.how())
	default:
		out.Detail = fmt.Sprintf("verified: %s passes%s and the %d other tests that passed still pass", v.Test, v.how(), len(base))
	}
	return out
}

func (v *Verifier) dir() string {
	if v.Dir == "" {
		d, _ := os.Getwd()
		return d
	}
	return v.Dir
}

// flags are the go test flags every run shares, the package last.
func (v *Verifier) flags() []string {
	var f []string
	if v.Race {
		f = append(f, "-race")
	}
	f = append(f, "-timeout="+v.timeout().String())
	return append(f, v.pkg())
}

func (v *Verifier) pkg() string {
	if v.Package == "" {
		return "."
	}
	return v.Package
}

func (v *Verifier) timeout() time.Duration {
	if v.Timeout <= 0 {
		return 2 * time.Minute
	}
	return v.Timeout
}

func (v *Verifier) how() string {
	var parts []string
	if v.Race {
		parts = append(parts, "-race")
	}
	if v.Repeat > 1 {
		parts = append(parts, fmt.Sprintf("%d runs", v.Repeat))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// baseline returns the tests that passed before the fix, computing them once.
// The failing test is skipped so that its crash cannot stop the others.
func (v *Verifier) baseline(ctx context.Context) (map[string]bool, error) {
	if v.Baseline != nil {
		return v.Baseline, nil
	}
	res := v.others(ctx, "")
	if res.cancelled() {
		return nil, errors.New(res.why(""))
	}
	if res.err != nil && len(res.results) == 0 {
		return nil, fmt.Errorf("the package's tests do not run without the fix: %s", res.why(""))
	}
	v.Baseline = map[string]bool{}
	for name, ok := range res.results {
		if ok {
			v.Baseline[name] = true
		}
	}
	return v.Baseline, nil
}

// others runs every test of the package but the failing one, with the
// overlay when it is set, and returns each test's pass or fail.
func (v *Verifier) others(ctx context.Context, overlay string) runResult {
	args := []string{"test", "-json", "-count=1"}
	if overlay != "" {
		args = append(args, "-overlay="+overlay)
	}
	if v.Test != "" {
		args = append(args, "-skip="+gotest.RunPattern(v.Test))
	}
	res := v.goCmd(ctx, append(args, v.flags()...)...)
	res.results = testResults(res.out)
	return res
}

// verifyProgram runs the program with the overlay; it must exit 0 in time.
func (v *Verifier) verifyProgram(ctx context.Context, overlay string) (bool, string) {
	args := []string{"run", "-overlay=" + overlay}
	if v.Race {
		args = append(args, "-race")
	}
	args = append(append(args, v.pkg()), v.Args...)
	res := v.goCmd(ctx, args...)
	if res.err != nil {
		return false, "not verified: " + res.why("the program still fails")
	}
	return true, "verified: the program exits 0" + v.how()
}

// regressions lists the tests of base that did not pass in got.
func regressions(base, got map[string]bool) []string {
	var out []string
	for name := range base {
		if !got[name] {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

func list(names []string) string {
	if len(names) > 3 {
		return strings.Join(names[:3], ", ") + fmt.Sprintf(" and %d more", len(names)-3)
	}
	return strings.Join(names, ", ")
}

// testEvent is the part of a `go test -json` event sleuth reads.
type testEvent struct {
	Action string
	Test   string
}

// testResults reads `go test -json` output: test name → passed. Skipped
// tests count as passed, so skipping is not a regression.
func testResults(out []byte) map[string]bool {
	res := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for sc.Scan() {
		var ev testEvent
		if json.Unmarshal(sc.Bytes(), &ev) != nil || ev.Test == "" {
			continue
		}
		switch ev.Action {
		case "pass", "skip":
			res[ev.Test] = true
		case "fail":
			res[ev.Test] = false
		}
	}
	return res
}

// ranTest reports whether plain `go test` output shows a test ran (a -run
// pattern that matches nothing prints "no tests to run" and exits 0).
func ranTest(out []byte) bool {
	return !bytes.Contains(out, []byte("no tests to run")) && !bytes.Contains(out, []byte("[no test files]"))
}

// writeOverlay writes the edited files under dir and the overlay file that
// maps each original path to its copy, and returns the overlay's path.
func writeOverlay(dir string, files map[string][]byte) (string, error) {
	replace := map[string]string{}
	i := 0
	for orig, content := range files {
		i++
		p := filepath.Join(dir, fmt.Sprintf("%d-%s", i, filepath.Base(orig)))
		if err := os.WriteFile(p, content, 0o600); err != nil {
			return "", fmt.Errorf("writing the overlay: %w", err)
		}
		replace[orig] = p
	}
	b, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return "", err
	}
	p := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		return "", fmt.Errorf("writing the overlay: %w", err)
	}
	return p, nil
}

// runResult is one go command run.
type runResult struct {
	out      []byte
	err      error
	ctxErr   error         // the context's error when it ended the run
	timedOut time.Duration // the timeout, when it ended the run
	results  map[string]bool
}

func (r runResult) cancelled() bool { return r.ctxErr != nil || r.timedOut > 0 }

// why explains a failed run in one line: the fallback for a plain test
// failure, the first compiler error, the timeout or the cancellation.
func (r runResult) why(fallback string) string {
	switch {
	case r.ctxErr != nil:
		return "cancelled"
	case r.timedOut > 0:
		return fmt.Sprintf("the tests did not finish within %s", r.timedOut)
	}
	if msg := buildError(r.out); msg != "" {
		return "does not build: " + msg
	}
	if fallback == "" {
		return firstErrLine(r.err)
	}
	if p := panicLine(r.out); p != "" {
		return fallback + ": " + p
	}
	return fallback
}

// buildError returns the first compiler message of go command output that
// says the build failed, or "".
func buildError(out []byte) string {
	if !bytes.Contains(out, []byte("[build failed]")) && !bytes.Contains(out, []byte("[setup failed]")) &&
		!bytes.HasPrefix(out, []byte("# ")) {
		return ""
	}
	for _, l := range strings.Split(string(out), "\n") {
		if m := compilerMsg.FindString(l); m != "" {
			return strings.TrimSpace(l)
		}
	}
	return "the package does not build"
}

// compilerMsg matches "file.go:line:col: message".
var compilerMsg = regexp.MustCompile(`^\S+\.go:\d+:\d+: `)

// panicLine returns the first "panic:" or "fatal error:" line of output.
func panicLine(out []byte) string {
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "panic: ") || strings.HasPrefix(l, "fatal error: ") || strings.HasPrefix(l, "WARNING: DATA RACE") {
			return strings.TrimSpace(l)
		}
	}
	return ""
}

// goCmd runs the go command in v's directory in its own process group, which
// is killed whole on cancellation or timeout so that no test binary is left
// behind.
func (v *Verifier) goCmd(ctx context.Context, args ...string) runResult {
	// The go command's own -timeout stops the test binary; this one also
	// bounds compilation, with a margin so that the test's own message wins.
	limit := v.timeout() + 30*time.Second
	cctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	cmd := exec.CommandContext(cctx, "go", args...)
	cmd.Dir = v.dir()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	if cmd.Process != nil {
		// Whatever happened, nothing of this run outlives it.
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	res := runResult{out: buf.Bytes(), err: err}
	if err != nil {
		if ctx.Err() != nil {
			res.ctxErr = ctx.Err()
		} else if cctx.Err() != nil {
			res.timedOut = limit
		} else if bytes.Contains(res.out, []byte("panic: test timed out after")) {
			res.timedOut = v.timeout()
		}
	}
	return res
}
