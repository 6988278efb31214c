package main

import (
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkCLIVsGoTest runs, in each iteration, 'go test -run' and the
// sleuth binary on the same failing test (warm), as a user would type them,
// and reports both and their ratio.
func BenchmarkCLIVsGoTest(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "sleuth")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	dir, _ := filepath.Abs("../../analysis/capture/testdata/fixtures")
	run := func(name string, args ...string) {
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		if err := cmd.Run(); err == nil {
			b.Fatalf("%s %v: the fixture test passed", name, args)
		}
	}
	gotest := func() { run("go", "test", "-count=1", "-run", "TestNilMap", "./nilmap") }
	sleuth := func() { run(bin, "test", "--json", "--no-fix", "-run", "TestNilMap", "./nilmap") }
	gotest()
	sleuth()
	var tGo, tSleuth time.Duration
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		gotest()
		t1 := time.Now()
		sleuth()
		tGo += t1.Sub(t0)
		tSleuth += time.Since(t1)
	}
	b.ReportMetric(float64(tGo.Milliseconds())/float64(b.N), "gotest-ms/op")
	b.ReportMetric(float64(tSleuth.Milliseconds())/float64(b.N), "sleuth-ms/op")
	b.ReportMetric(float64(tSleuth)/float64(tGo), "ratio")
}
