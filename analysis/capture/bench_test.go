package capture

import (
	"context"
	"os/exec"
	"testing"
	"time"

	"github.com/go-delve/delve/pkg/goversion"
	"github.com/sleuth-dev/sleuth/analysis/report"
)

// BenchmarkTestVsGoTest runs, in each iteration, plain 'go test -run' and
// sleuth's capture of the same failing test, warm, and reports both and
// their ratio: comparing within one run cancels the machine's noise.
func BenchmarkTestVsGoTest(b *testing.B) {
	dir := fixtures(b)
	o := Options{Dir: dir, CacheDir: cacheDir(), Packages: []string{"./nilmap"}, Run: "TestNilMap"}
	gotest := func() {
		cmd := exec.Command("go", "test", "-count=1", "-run", "TestNilMap", "./nilmap")
		cmd.Dir = dir
		_ = cmd.Run() // the test fails on purpose
	}
	sleuth := func() {
		rep, err := Run(context.Background(), o)
		if err != nil || rep.Failure == nil {
			b.Fatalf("capture: %v %+v", err, rep)
		}
	}
	gotest() // warm both caches
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

// BenchmarkGoroutines1000 measures reading and grouping every goroutine of
// a target stopped with 1,000 goroutines alive.
func BenchmarkGoroutines1000(b *testing.B) {
	s, rd := stopAtPanic(b, "./many")
	defer s.close()
	b.ResetTimer()
	n := 0
	for range b.N {
		snap, err := rd.goroutines(30)
		if err != nil {
			b.Fatal(err)
		}
		n = len(rd.summary(snap, 0))
		for _, g := range snap.groups {
			n += len(g.ids) - 1
		}
	}
	if n < 1000 {
		b.Fatalf("saw %d goroutines, want >= 1000", n)
	}
}

// stopAtPanic builds pkg's test and runs it under a worker until the first
// stop (the fixture's panic).
func stopAtPanic(b *testing.B, pkg string) (*session, *reader) {
	o := Options{Dir: fixtures(b), CacheDir: cacheDir(), Packages: []string{pkg}}
	o.defaults()
	pkgs, err := resolvePackages(context.Background(), o.Dir, o.Packages)
	if err != nil {
		b.Fatal(err)
	}
	br, err := build(context.Background(), &o, pkgs[0])
	if err != nil {
		b.Fatal(err)
	}
	out := newOutputSink("", 1<<10, 1<<10, 0)
	s, err := startSession(context.Background(), o.WorkerExe, workerConfig{Args: []string{br.Binary, "-test.count=1"}, Dir: pkgs[0].Dir}, out)
	if err != nil {
		b.Fatal(err)
	}
	st := <-s.client.Continue()
	if st.Exited || st.CurrentThread == nil || st.CurrentThread.Breakpoint == nil {
		s.close()
		b.Fatalf("target did not stop at a failure: %+v", st)
	}
	return s, newReader(s, o.Limits, pkgs[0].ModRoot, goversion.GoVersion{Major: 1, Minor: 26})
}

// BenchmarkDeadlockReport measures how long a deadlocked test takes to be
// reported with the default settings, where plain go test would wait for
// its 10-minute timeout.
func BenchmarkDeadlockReport(b *testing.B) {
	o := Options{Dir: fixtures(b), CacheDir: cacheDir(), Packages: []string{"./deadlock"}, Run: "TestChanDeadlock"}
	if _, err := Run(context.Background(), o); err != nil { // warm the build
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		rep, err := Run(context.Background(), o)
		if err != nil || rep.Failure == nil || rep.Failure.Kind != report.KindDeadlock {
			b.Fatalf("want a deadlock: %v %+v", err, rep)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/report")
	b.ReportMetric((10*time.Minute).Seconds()/(b.Elapsed().Seconds()/float64(b.N)), "x-faster-than-timeout")
}
