package rootcause

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// BenchmarkLoad compares, in each iteration and on the same package, the
// ways a load can go: go/packages' own load ("all", the loader before the
// staged one) with the build cache warm, the staged load ("staged"), a
// cache hit ("hit"); then, after
// an edit to a function body, go/packages' load ("all-edited"), the staged
// load ("staged-edited") and the cache's re-check ("recheck"). Each edit
// is new, so the build cache never has the edited package. The packages
// are copies in a temporary directory, since they are edited. CPU times
// (this process and the go commands) are reported for the unchanged loads.
func BenchmarkLoad(b *testing.B) {
	for _, fx := range []struct{ name, dir, file string }{
		{"profile", "../../examples", "profile/handler.go"},
		{"yaml10k", "testdata/yaml10k", "decode.go"},
		{"k8sworkload", "testdata/k8sworkload", "workload.go"},
	} {
		b.Run(fx.name, func(b *testing.B) {
			root := copyTree(b, fx.dir)
			file := filepath.Join(root, fx.file)
			dirs := []string{filepath.Dir(file)}
			ctx := context.Background()
			c := newLoadCache()
			step := func(d *time.Duration, f func() (*program, error)) *program {
				t0 := time.Now()
				p, err := f()
				*d += time.Since(t0)
				if err != nil || len(p.files) == 0 {
					b.Fatalf("load: %v", err)
				}
				return p
			}
			var cpuAll, cpuStaged time.Duration
			withCPU := func(d *time.Duration, f func() (*program, error)) func() (*program, error) {
				return func() (*program, error) {
					c0 := cpuTime()
					p, err := f()
					*d += cpuTime() - c0
					return p, err
				}
			}
			all := func() (*program, error) {
				l, err := loadAll(ctx, dirs)
				return l.p, err
			}
			staged := func() (*program, error) {
				src, _, err := readDirs(dirs)
				if err != nil {
					return nil, err
				}
				l, err := loadFresh(ctx, dirs, src)
				return l.p, err
			}
			cached := func() (*program, error) { return c.load(ctx, dirs) }
			var tAll, tStaged, tHit, tAllEd, tStagedEd, tRecheck, discard time.Duration
			edits := 0
			edit := func() {
				edits++
				appendLine(b, file, fmt.Sprintf("\nfunc benchEdit%d() int { return %d }\n", edits, edits))
			}
			step(&discard, all) // warm the build cache for the deps
			step(&discard, staged)
			step(&discard, cached)
			b.ResetTimer()
			for range b.N {
				step(&discard, all) // the last iteration's edit is not in the build cache
				step(&tAll, withCPU(&cpuAll, all))
				step(&tStaged, withCPU(&cpuStaged, staged))
				p := step(&tHit, cached)
				edit()
				step(&tAllEd, all)
				edit()
				step(&tStagedEd, staged)
				edit()
				if step(&tRecheck, cached) == p {
					b.Fatal("the cache missed the edit")
				}
			}
			n := float64(b.N)
			ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / n }
			b.ReportMetric(ms(tAll), "all-ms")
			b.ReportMetric(ms(tStaged), "staged-ms")
			b.ReportMetric(ms(tHit), "hit-ms")
			b.ReportMetric(ms(tAllEd), "all-edited-ms")
			b.ReportMetric(ms(tStagedEd), "staged-edited-ms")
			b.ReportMetric(ms(tRecheck), "recheck-ms")
			b.ReportMetric(ms(cpuAll), "all-cpu-ms")
			b.ReportMetric(ms(cpuStaged), "staged-cpu-ms")
		})
	}
}

// cpuTime is the CPU time used so far by this process and its waited-for
// children (the go commands).
func cpuTime() time.Duration {
	var self, children syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &children)
	tv := func(t syscall.Timeval) time.Duration { return time.Duration(t.Nano()) }
	return tv(self.Utime) + tv(self.Stime) + tv(children.Utime) + tv(children.Stime)
}

// copyTree copies the directory tree at dir into a temporary directory and
// returns the copy.
func copyTree(tb testing.TB, dir string) string {
	tb.Helper()
	dst := tb.TempDir()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		tb.Fatal(err)
	}
	return dst
}

func appendLine(tb testing.TB, file, text string) {
	tb.Helper()
	f, err := os.OpenFile(file, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		tb.Fatal(err)
	}
}
