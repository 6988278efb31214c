package rootcause

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/capture"
	"github.com/sleuth-dev/sleuth/analysis/report"
)

// BenchmarkAnalyze10k measures what root-cause analysis adds to a capture
// on a package of about 10k lines (testdata/yaml10k: go.yaml.in/yaml/v3
// with a bug put in, whose test panics nine calls deep in the parser).
func BenchmarkAnalyze10k(b *testing.B) {
	benchAnalyze(b, "testdata/yaml10k", "decode.go")
}

// BenchmarkAnalyzeLargeModule is the same on a failure that runs through a
// large module: testdata/k8sworkload converts a pod through a
// k8s.io/apimachinery scheme, k8s.io/api and apimachinery and their
// dependencies coming from the module proxy (the first run downloads and
// builds them).
func BenchmarkAnalyzeLargeModule(b *testing.B) {
	benchAnalyze(b, "testdata/k8sworkload", "workload.go")
}

// benchAnalyze runs, in each iteration and on a copy of fixture:
//
//   - edit-capture: after an edit to a function body of file, capture.Run
//     to the report (it rebuilds the package, runs it under Delve and
//     captures), the baseline for what follows an edit;
//   - capture: the same with nothing changed;
//   - cold: Analyze on that report with an empty cache, as in a new
//     process (the CLI), the build cache warm;
//   - warm: Analyze again, the cache holding the load;
//   - overlap: the CLI's way, Preload started with the capture, then
//     AnalyzeWith: the capture's time with the load running beside it,
//     and the time analysis adds after the capture returned;
//   - old-overlap: the same with go/packages' own load in place of the
//     staged one (the loader before it), after a load of the same files
//     as its previous run would have done;
//   - edit-overlap: the overlap after an edit;
//   - edited: Analyze after another edit in the same process, the cache
//     holding the load of the edit-overlap (the language server's re-run);
//   - old-edit-overlap: the overlap after an edit with the old loader.
//
// It reports each in ms per iteration and the totals as ratios to the
// capture alone, then, outside the timed loop, the memory of one cold
// analysis: bytes allocated (runtime.MemStats.TotalAlloc), live heap it
// leaves (the cached load and what else stays reachable, after a GC), and,
// in a fresh process that only analyses the report, the growth of its
// peak RSS (VmHWM) and the peak RSS of its go commands; and the lines of
// the failing package with all it imports (go list -deps -test).
func benchAnalyze(b *testing.B, fixture, file string) {
	dir := copyTree(b, fixture)
	ctx := context.Background()
	opts := capture.Options{Dir: dir, Packages: []string{"."}, CacheDir: filepath.Join(os.TempDir(), "sleuth-test-cache"), Timeout: 2 * time.Minute}
	run := func() *report.Report {
		rep, err := capture.Run(ctx, opts)
		if err != nil || rep.Failure == nil {
			b.Fatalf("capture: %v", err)
		}
		return rep
	}
	var top report.Suspect
	analyze := func(rep *report.Report, pre *Preloaded) {
		sus, _, err := AnalyzeWith(ctx, rep, pre)
		if err != nil || len(sus) == 0 {
			b.Fatalf("analysis: %v, %d suspects", err, len(sus))
		}
		top = sus[0]
	}
	edits := 0
	edit := func() {
		edits++
		appendLine(b, filepath.Join(dir, file), fmt.Sprintf("\nfunc benchEdit%d() int { return %d }\n", edits, edits))
	}
	saved := loads
	defer func() { loads = saved }()
	fresh := func() { loads = newLoadCache() }

	lines, nonStd := lineCount(b, dir)
	fresh()
	rep := run() // the first build may take minutes: not timed
	analyze(rep, nil)
	b.Logf("top suspect: %s:%d %s", filepath.Base(top.File), top.Line, top.Reason)

	var (
		tCapture, tCold, tWarm, tEdited, tEditCapture                      time.Duration
		tOverCapture, tOverExtra, tEditOverCapture, tEditOverExtra         time.Duration
		oldOverCapture, oldOverExtra, oldEditOverCapture, oldEditOverExtra time.Duration
	)
	timed := func(d *time.Duration, f func()) {
		t0 := time.Now()
		f()
		*d += time.Since(t0)
	}
	overlap := func(tCapture, tExtra *time.Duration, old bool) {
		fresh()
		if old {
			loads.fresh = func(ctx context.Context, dirs []string, _ map[string][]byte) (*loaded, error) {
				return loadAll(ctx, dirs)
			}
		}
		pre := Preload(ctx, []string{dir})
		timed(tCapture, func() { rep = run() })
		timed(tExtra, func() { analyze(rep, pre) })
	}
	b.ResetTimer()
	for range b.N {
		edit()
		timed(&tEditCapture, func() { rep = run() })
		timed(&tCapture, func() { rep = run() })
		fresh()
		timed(&tCold, func() { analyze(rep, nil) })
		timed(&tWarm, func() { analyze(rep, nil) })
		overlap(&tOverCapture, &tOverExtra, false)
		if _, err := loadAll(ctx, []string{dir}); err != nil { // as the old loader's previous run would have
			b.Fatal(err)
		}
		overlap(&oldOverCapture, &oldOverExtra, true)
		edit()
		overlap(&tEditOverCapture, &tEditOverExtra, false)
		edit()
		timed(&tEdited, func() { analyze(rep, nil) })
		edit()
		overlap(&oldEditOverCapture, &oldEditOverExtra, true)
	}
	b.StopTimer()
	n := float64(b.N)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / n }
	b.ReportMetric(ms(tCapture), "capture-ms")
	b.ReportMetric(ms(tCold), "cold-ms")
	b.ReportMetric(ms(tWarm), "warm-ms")
	b.ReportMetric(ms(tOverCapture), "capture-with-preload-ms")
	b.ReportMetric(ms(tOverExtra), "overlap-extra-ms")
	b.ReportMetric(ms(tEdited), "edited-ms")
	b.ReportMetric(ms(tEditCapture), "edit-capture-ms")
	b.ReportMetric(ms(tEditOverCapture), "edit-capture-with-preload-ms")
	b.ReportMetric(ms(tEditOverExtra), "edit-overlap-extra-ms")
	b.ReportMetric(float64(tCold)/float64(tCapture), "cold/capture")
	b.ReportMetric(float64(tOverCapture+tOverExtra)/float64(tCapture), "overlap/capture")
	b.ReportMetric(float64(tEditOverCapture+tEditOverExtra)/float64(tEditCapture), "edit-overlap/edit-capture")
	b.ReportMetric(ms(oldOverCapture), "old-capture-with-preload-ms")
	b.ReportMetric(ms(oldOverExtra), "old-overlap-extra-ms")
	b.ReportMetric(ms(oldEditOverCapture), "old-edit-capture-with-preload-ms")
	b.ReportMetric(ms(oldEditOverExtra), "old-edit-overlap-extra-ms")
	b.ReportMetric(float64(oldOverCapture+oldOverExtra)/float64(tCapture), "old-overlap/capture")
	b.ReportMetric(float64(oldEditOverCapture+oldEditOverExtra)/float64(tEditCapture), "old-edit-overlap/edit-capture")

	fresh()
	alloc, live := memoryOf(func() { analyze(rep, nil) })
	b.ReportMetric(float64(alloc)/(1<<20), "alloc-MB")
	b.ReportMetric(float64(live)/(1<<20), "live-MB")
	rss, goList := analyzeInChild(b, rep)
	b.ReportMetric(float64(rss)/(1<<20), "child-rss-increase-MB")
	b.ReportMetric(float64(goList)/(1<<20), "go-list-max-rss-MB")
	b.ReportMetric(float64(lines), "lines")
	b.ReportMetric(float64(nonStd), "lines-non-std")
}

// BenchmarkAnalyzeReport is benchAnalyze's child process, skipped
// otherwise: a fresh process, as the CLI's, that analyses the report in
// the file named by $SLEUTH_BENCH_REPORT once and prints how much its peak
// RSS grew doing so, and the peak RSS of its largest child (the go
// commands of the load, its only children).
func BenchmarkAnalyzeReport(b *testing.B) {
	name := os.Getenv("SLEUTH_BENCH_REPORT")
	if name == "" {
		b.Skip("run by benchAnalyze")
	}
	data, err := os.ReadFile(name)
	if err != nil {
		b.Fatal(err)
	}
	var rep report.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		b.Fatal(err)
	}
	before := procStatus("VmRSS")
	if _, _, err := Analyze(context.Background(), &rep); err != nil {
		b.Fatal(err)
	}
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru)
	fmt.Printf("sleuth-bench-memory %d %d\n", procStatus("VmHWM")-before, ru.Maxrss<<10)
}

// analyzeInChild runs BenchmarkAnalyzeReport on rep in a new process and
// returns what it printed.
func analyzeInChild(b *testing.B, rep *report.Report) (rssIncrease, goListRSS int64) {
	data, err := json.Marshal(rep)
	if err != nil {
		b.Fatal(err)
	}
	name := filepath.Join(b.TempDir(), "report.json")
	if err := os.WriteFile(name, data, 0o644); err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^BenchmarkAnalyzeReport$", "-test.benchtime=1x")
	cmd.Env = append(os.Environ(), "SLEUTH_BENCH_REPORT="+name)
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("child: %v\n%s", err, out)
	}
	for line := range strings.Lines(string(out)) {
		if _, err := fmt.Sscanf(line, "sleuth-bench-memory %d %d", &rssIncrease, &goListRSS); err == nil {
			return rssIncrease, goListRSS
		}
	}
	b.Fatalf("child printed no figures:\n%s", out)
	return 0, 0
}

// memoryOf runs f and returns the bytes it allocated and the growth of
// the live heap it leaves behind.
func memoryOf(f func()) (alloc, live uint64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	alloc = after.TotalAlloc - before.TotalAlloc
	runtime.GC()
	runtime.ReadMemStats(&after)
	if after.HeapAlloc > before.HeapAlloc {
		live = after.HeapAlloc - before.HeapAlloc
	}
	return alloc, live
}

// procStatus reads a size field of /proc/self/status, in bytes, or -1.
func procStatus(field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return -1
}

// lineCount counts the lines of the Go files of the package in dir, its
// tests and every package they import, directly or not: all of them, and
// those outside the standard library.
func lineCount(b *testing.B, dir string) (all, nonStd int) {
	cmd := exec.Command("go", "list", "-deps", "-test", "-f", `{{.Standard}}|{{.Dir}}|{{join .GoFiles ","}},{{join .CgoFiles ","}}{{if not .DepOnly}},{{join .TestGoFiles ","}},{{join .XTestGoFiles ","}}{{end}}`, ".")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("go list: %v", err)
	}
	seen := map[string]bool{}
	for line := range strings.Lines(string(out)) {
		parts := strings.SplitN(strings.TrimSpace(line), "|", 3)
		if len(parts) != 3 {
			continue
		}
		for _, name := range strings.Split(parts[2], ",") {
			path := filepath.Join(parts[1], name)
			if name == "" || seen[path] {
				continue
			}
			seen[path] = true
			text, err := os.ReadFile(path)
			if err != nil {
				continue // a generated file, such as the test main
			}
			n := bytes.Count(text, []byte("\n"))
			all += n
			if parts[0] != "true" {
				nonStd += n
			}
		}
	}
	return all, nonStd
}
