package capture

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/report"
	"github.com/sleuth-dev/sleuth/internal/testenv"
)

// sleepers lists live (non-zombie) processes running "sleep 300", the child
// the forker fixture starts and abandons.
func sleepers() []int {
	var out []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cmd, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil || string(cmd) != "sleep\x00300\x00" {
			continue
		}
		if processAlive(pid) {
			out = append(out, pid)
		}
	}
	return out
}

// liveChildren lists this process's children that are not zombies.
func liveChildren() []int {
	var out []int
	for _, pid := range childrenOf(os.Getpid()) {
		if processAlive(pid) {
			out = append(out, pid)
		}
	}
	return out
}

// eventually polls cond for up to d; process exit is asynchronous.
func eventually(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if cond() {
			return true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return cond()
}

func noneLeft(t *testing.T) {
	t.Helper()
	if !eventually(5*time.Second, func() bool { return len(sleepers()) == 0 && len(liveChildren()) == 0 }) {
		t.Errorf("processes left behind: sleep 300 = %v, children = %v", sleepers(), liveChildren())
	}
}

// TestCancelLeavesNothing cancels a run whose target forked a child and
// hangs: the worker, the target and the child must all be gone.
func TestCancelLeavesNothing(t *testing.T) {
	testenv.NeedsDelve(t)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		eventually(30*time.Second, func() bool { return len(sleepers()) > 0 })
		cancel()
	}()
	_, err := Run(ctx, Options{Dir: fixtures(t), CacheDir: cacheDir(), Packages: []string{"./forker"}, HangAfter: -1})
	if err == nil {
		t.Fatal("Run of a cancelled hanging target returned no error")
	}
	noneLeft(t)
}

// TestTimeoutLeavesNothing lets the test's own timeout fire.
func TestTimeoutLeavesNothing(t *testing.T) {
	testenv.NeedsDelve(t)
	rep := capture(t, Options{Packages: []string{"./forker"}, Timeout: 2 * time.Second, HangAfter: -1})
	if rep.Failure == nil || rep.Failure.Kind != report.KindTimeout {
		t.Fatalf("want a timeout, got %+v", rep.Failure)
	}
	if !strings.Contains(rep.Target.Output, "started child pid") {
		t.Errorf("target output not captured: %q", rep.Target.Output)
	}
	noneLeft(t)
}

// TestCallerKilled SIGKILLs a process in the middle of a capture: the
// worker must notice its lifeline closing and take the target and its
// child down.
func TestCallerKilled(t *testing.T) {
	testenv.NeedsDelve(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), "SLEUTH_TEST_CALLER="+fixtures(t))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if !eventually(60*time.Second, func() bool { return len(sleepers()) > 0 }) {
		_ = cmd.Process.Kill()
		t.Fatal("the target never started its child")
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	noneLeft(t)
}
