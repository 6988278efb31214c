package experiment

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
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/gotest"
)

// build writes the instrumented files and an overlay into tmp and
// compiles the test binary of the package in dir once.
func build(ctx context.Context, dir, tmp string, sch []*schemaPkg, tags string) (string, error) {
	replace := map[string]string{}
	for i, sp := range sch {
		d := filepath.Join(tmp, "src", strconv.Itoa(i))
		if err := os.MkdirAll(d, 0o700); err != nil {
			return "", err
		}
		for _, f := range sp.files {
			p := filepath.Join(d, filepath.Base(f.name))
			if err := os.WriteFile(p, f.out, 0o600); err != nil {
				return "", err
			}
			replace[f.name] = p
		}
		h := filepath.Join(d, helperFile)
		if err := os.WriteFile(h, sp.helper, 0o600); err != nil {
			return "", err
		}
		replace[filepath.Join(filepath.Dir(sp.files[0].name), helperFile)] = h
	}
	overlay := filepath.Join(tmp, "overlay.json")
	b, _ := json.Marshal(map[string]any{"Replace": replace})
	if err := os.WriteFile(overlay, b, 0o600); err != nil {
		return "", err
	}
	bin := filepath.Join(tmp, "experiment.test")
	args := []string{"test", "-c", "-o", bin, "-overlay", overlay}
	if tags != "" {
		args = append(args, "-tags", tags)
	}
	out, err := command(ctx, dir, 5*time.Minute, nil, "go", append(args, ".")...)
	if err != nil {
		return "", fmt.Errorf("experiment: building the instrumented test: %v: %s", err, firstLine(out))
	}
	return bin, nil
}

// runner runs the instrumented test binary.
type runner struct {
	bin, dir, test, tmp string
	// limit bounds one run of the failing test: a few times the
	// unchanged run, so that a change that makes it hang costs little.
	limit time.Duration
	// full bounds a run of every test of the package.
	full    time.Duration
	reached map[int]bool
	// failing are the tests that fail with no change (the failing one,
	// its parents, and any that failed already).
	failing map[string]bool
	others  int
}

// baseline runs the failing test with no change, recording what it
// reaches (it must still fail), then every test of the package.
func (r *runner) baseline(ctx context.Context) error {
	reach := filepath.Join(r.tmp, "reach")
	t0 := time.Now()
	out, err := command(ctx, r.dir, 2*time.Minute, []string{"SLEUTH_MUTANT=0", "SLEUTH_REACH=" + reach}, r.bin, r.targetArgs()...)
	d := time.Since(t0)
	if err == nil {
		return errors.New("experiment: the failing test passed when run again (flaky?): nothing to decide")
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	r.limit = max(time.Second, 4*d+500*time.Millisecond)
	_ = out
	r.reached = map[int]bool{}
	b, _ := os.ReadFile(reach)
	for _, l := range strings.Fields(string(b)) {
		if n, err := strconv.Atoi(l); err == nil {
			r.reached[n] = true
		}
	}
	t1 := time.Now()
	out, _ = command(ctx, r.dir, 5*time.Minute, []string{"SLEUTH_MUTANT=0"}, r.bin, "-test.v", "-test.count=1")
	r.full = max(2*time.Second, 4*time.Since(t1)+time.Second)
	r.failing = failedTests(out)
	r.others = strings.Count(string(out), "--- PASS: ")
	return nil
}

func (r *runner) targetArgs() []string {
	return []string{"-test.run=" + gotest.RunPattern(r.test), "-test.count=1"}
}

// runAll runs the experiments, o.Parallel at a time, until the budget is
// spent; it returns the outcomes in order and how many were left out.
func (r *runner) runAll(ctx context.Context, todo []*Variant, o Options) ([]Outcome, int) {
	deadline := time.Now().Add(o.Budget)
	outs := make([]Outcome, len(todo))
	ran := make([]bool, len(todo))
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex // guards done and the calls of o.Progress
	done := 0
	for w := 0; w < o.Parallel; w++ {
		wg.Add(1)
		go func() { // a worker: ends when jobs is closed
			defer wg.Done()
			for i := range jobs {
				outs[i] = r.one(ctx, todo[i])
				ran[i] = true
				if o.Progress != nil {
					mu.Lock() // one call at a time, in order
					done++
					o.Progress(done, len(todo))
					mu.Unlock()
				}
			}
		}()
	}
	for i := range todo {
		if ctx.Err() != nil || time.Now().After(deadline) {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	var out []Outcome
	for i, ok := range ran {
		if ok {
			out = append(out, outs[i])
		}
	}
	return out, len(todo) - len(out)
}

// one runs the failing test with v, and when it passes, every test.
func (r *runner) one(ctx context.Context, v *Variant) Outcome {
	env := []string{"SLEUTH_MUTANT=" + mutant(v)}
	o := Outcome{Variant: v}
	_, err := command(ctx, r.dir, r.limit, env, r.bin, r.targetArgs()...)
	if err != nil {
		o.TimedOut = errors.Is(err, context.DeadlineExceeded)
		return o
	}
	o.Passed = true
	if len(v.Site.Guard) > 0 {
		o.Toggles, o.Disables = r.toggles(ctx, v)
	}
	if v.Fix == "" && v.Family == "flip" {
		return o // a forced branch is no edit to keep: the others do not matter
	}
	out, _ := command(ctx, r.dir, r.full, env, r.bin, "-test.v", "-test.count=1")
	o.Checked = true
	for name := range failedTests(out) {
		if !r.failing[name] {
			o.Broke = append(o.Broke, name)
		}
	}
	return o
}

// toggles runs the failing test with v again, recording what it
// reaches, and reports whether the statements v's if guards ran in one of
// the runs and not in the other, and whether it was the unchanged run.
func (r *runner) toggles(ctx context.Context, v *Variant) (toggles, disables bool) {
	reach := filepath.Join(r.tmp, "reach-"+strconv.Itoa(v.ID))
	env := []string{"SLEUTH_MUTANT=" + mutant(v), "SLEUTH_REACH=" + reach}
	if _, err := command(ctx, r.dir, r.limit, env, r.bin, r.targetArgs()...); err != nil {
		return false, false
	}
	b, _ := os.ReadFile(reach)
	got := map[int]bool{}
	for _, l := range strings.Fields(string(b)) {
		if n, err := strconv.Atoi(l); err == nil {
			got[n] = true
		}
	}
	before, after := false, false
	for _, m := range v.Site.Guard {
		before = before || r.reached[m]
		after = after || got[m]
	}
	return before != after, before && !after
}

// mutant is the value of SLEUTH_MUTANT that makes v's change(s).
func mutant(v *Variant) string {
	if v.Also != nil {
		return strconv.Itoa(v.ID) + "," + strconv.Itoa(v.Also.ID)
	}
	return strconv.Itoa(v.ID)
}

// failedTests are the tests a -test.v run reports as failed.
func failedTests(out []byte) map[string]bool {
	m := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if name, ok := strings.CutPrefix(l, "--- FAIL: "); ok {
			if i := strings.IndexByte(name, ' '); i >= 0 {
				name = name[:i]
			}
			m[name] = true
		}
		if strings.HasPrefix(l, "panic: ") {
			m["panic"] = true
		}
	}
	return m
}

// command runs name in dir with extra environment, killing its whole
// process group when it ends, overruns limit or ctx is done.
func command(ctx context.Context, dir string, limit time.Duration, env []string, name string, args ...string) ([]byte, error) {
	cctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	cmd := exec.CommandContext(cctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 2 * time.Second
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	if err != nil && cctx.Err() != nil {
		err = cctx.Err()
	}
	return buf.Bytes(), err
}

func firstLine(b []byte) string {
	s := strings.TrimSpace(string(b))
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}
