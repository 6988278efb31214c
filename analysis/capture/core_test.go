package capture

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sleuth-dev/sleuth/analysis/report"
	"github.com/sleuth-dev/sleuth/internal/testenv"
)

// TestCoreDump crashes a program with GOTRACEBACK=crash, then reports its
// core file through Delve: kind, location and locals.
func TestCoreDump(t *testing.T) {
	testenv.NeedsDelve(t)
	pattern, _ := os.ReadFile("/proc/sys/kernel/core_pattern")
	if strings.HasPrefix(string(pattern), "|") {
		t.Skipf("core dumps are piped to %q on this machine, not written to a file", strings.TrimSpace(string(pattern)))
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "prog")
	build := exec.Command("go", "build", "-gcflags=all=-N -l", "-o", bin, "./nilderefprog")
	build.Dir = fixtures(t)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	crash := exec.Command("bash", "-c", "ulimit -c unlimited && exec "+bin)
	crash.Dir = dir
	crash.Env = append(os.Environ(), "GOTRACEBACK=crash")
	_ = crash.Run() // it crashes on purpose
	cores, _ := filepath.Glob(filepath.Join(dir, "core*"))
	if len(cores) == 0 {
		t.Skipf("no core file was written (core_pattern %q)", strings.TrimSpace(string(pattern)))
	}
	rep, err := Core(context.Background(), bin, cores[0], Options{Dir: fixtures(t), CacheDir: cacheDir()})
	if err != nil {
		t.Fatal(err)
	}
	f := rep.Failure
	if f == nil || f.Kind != report.KindNilDeref {
		t.Fatalf("failure = %+v", f)
	}
	want := markers(t, "nilderefprog", "CRASH")
	if got := f.Location.File + ":" + itoa(f.Location.Line); !want[got] {
		t.Errorf("location %s, want %v", got, want)
	}
	if u := rep.UserFrame(); u == nil || len(u.Args)+len(u.Locals) == 0 {
		t.Errorf("no variables in the user frame: %+v", u)
	}
}
