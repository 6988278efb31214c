package capture

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/report"
	"github.com/sleuth-dev/sleuth/internal/testenv"
)

func TestMain(m *testing.M) {
	MaybeWorker()
	if dir := os.Getenv("SLEUTH_TEST_CALLER"); dir != "" {
		// A caller that gets killed: see TestCallerKilled.
		_, _ = Run(context.Background(), Options{Dir: dir, Packages: []string{"./forker"}, CacheDir: cacheDir(), HangAfter: -1})
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// fixtures is the module of failing packages every test runs.
func fixtures(t testing.TB) string {
	dir, err := filepath.Abs("testdata/fixtures")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// cacheDir is shared by all runs of this test binary and kept between
// runs, so fixtures are built once.
func cacheDir() string {
	return filepath.Join(os.TempDir(), "sleuth-test-cache")
}

// markers returns file:line of every line ending in "// NAME" in pkg.
func markers(t testing.TB, pkg, name string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	files, _ := filepath.Glob(filepath.Join(fixtures(t), pkg, "*.go"))
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		for n := 1; sc.Scan(); n++ {
			if strings.Contains(sc.Text(), "// "+name) {
				out[f+":"+itoa(n)] = true
			}
		}
		fh.Close()
	}
	if len(out) == 0 {
		t.Fatalf("no // %s marker in %s", name, pkg)
	}
	return out
}

func itoa(n int) string {
	return strings.TrimSpace(strings.Repeat(" ", 0) + fmtInt(n))
}

func fmtInt(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

func capture(t testing.TB, o Options) *report.Report {
	t.Helper()
	o.Dir = fixtures(t)
	o.CacheDir = cacheDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	rep, err := Run(ctx, o)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return rep
}

func TestFailureKinds(t *testing.T) {
	testenv.NeedsDelve(t)
	cases := []struct {
		name, pkg, run string
		mode           string
		race           bool
		timeout        time.Duration
		kind           report.Kind
		msg            string // substring of the message
		test           string // the failing test's name
		marker         string // the failure location's marker ("" = don't check)
	}{
		{name: "nil-deref", pkg: "nilderef", kind: report.KindNilDeref, msg: "nil pointer dereference", test: "TestNilDeref", marker: "CRASH"},
		{name: "nil-deref-prog", pkg: "nilderefprog", mode: "run", kind: report.KindNilDeref, msg: "nil pointer", marker: "CRASH"},
		{name: "nil-map", pkg: "nilmap", kind: report.KindNilMapWrite, msg: "assignment to entry in nil map", test: "TestNilMap", marker: "CRASH"},
		{name: "index", pkg: "index", kind: report.KindIndexOutOfRange, msg: "index out of range [5] with length 5", test: "TestIndex", marker: "CRASH"},
		{name: "index-prog", pkg: "indexprog", mode: "run", kind: report.KindIndexOutOfRange, msg: "index out of range", marker: "CRASH"},
		{name: "slice", pkg: "slicebounds", kind: report.KindSliceBounds, msg: "slice bounds out of range", test: "TestSlice", marker: "CRASH"},
		{name: "type-assert", pkg: "typeassert", kind: report.KindTypeAssertion, msg: "interface conversion", test: "TestTypeAssert", marker: "CRASH"},
		{name: "close-twice", pkg: "closedchan", run: "TestCloseTwice", kind: report.KindClosedChannel, msg: "close of closed channel", test: "TestCloseTwice", marker: "CRASH"},
		{name: "send-closed", pkg: "closedchan", run: "TestSendClosed", kind: report.KindClosedChannel, msg: "send on closed channel", test: "TestSendClosed", marker: "CRASH"},
		{name: "div-zero", pkg: "divzero", kind: report.KindDivideByZero, msg: "integer divide by zero", test: "TestAverage", marker: "CRASH"},
		{name: "custom", pkg: "custompanic", run: "TestCustom$", kind: report.KindCustomPanic, msg: "exceeds limit", test: "TestCustom", marker: "CRASH"},
		{name: "panic-in-goroutine", pkg: "custompanic", run: "TestPanicInGoroutine", kind: report.KindCustomPanic, msg: "order without ID", test: "TestPanicInGoroutine", marker: "CRASH"},
		{name: "concurrent-map", pkg: "concmap", kind: report.KindConcurrentMapWrite, msg: "concurrent map", test: "TestConcurrentMap", marker: "CRASH"},
		{name: "deadlock-mutex", pkg: "deadlock", run: "TestDeadlock$", kind: report.KindDeadlock, msg: "blocked", test: "TestDeadlock"},
		{name: "deadlock-chan", pkg: "deadlock", run: "TestChanDeadlock", kind: report.KindDeadlock, msg: "blocked", test: "TestChanDeadlock", marker: "CRASH"},
		{name: "deadlock-prog", pkg: "deadlockprog", mode: "run", kind: report.KindDeadlock, msg: "all goroutines are asleep", marker: "CRASH"},
		{name: "race", pkg: "race", race: true, kind: report.KindDataRace, msg: "data race", test: "TestRace", marker: "CRASH"},
		{name: "test-failure", pkg: "testfail", run: "TestTable", kind: report.KindTestFailure, msg: "got 110, want 100", test: "TestTable/negative_discount", marker: "CRASH"},
		{name: "fatal-helper", pkg: "testfail", run: "TestFatal", kind: report.KindTestFailure, msg: "missing dash", test: "TestFatal", marker: "CALLER"},
		{name: "hang", pkg: "hang", timeout: 3 * time.Second, kind: report.KindTimeout, msg: "timed out", test: "TestHang"},
		{name: "exit", pkg: "exit", kind: report.KindExit, msg: "os.Exit(3)", test: "TestExit", marker: "CRASH"},
		{name: "log-fatal", pkg: "logfatal", kind: report.KindExit, msg: "load config", test: "TestLoadConfig", marker: "CRASH"},
		{name: "exit-prog", pkg: "exitprog", mode: "run", kind: report.KindExit, msg: "os.Exit(2)", marker: "CRASH"},
		{name: "build-error", pkg: "builderr", kind: report.KindBuildError, msg: "undefined: taxRate", marker: "BUILD-ERROR"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mode := c.mode
			if mode == "" {
				mode = "test"
			}
			rep := capture(t, Options{Mode: mode, Packages: []string{"./" + c.pkg}, Run: c.run, Race: c.race, Timeout: c.timeout})
			f := rep.Failure
			if f == nil {
				t.Fatalf("no failure captured; output:\n%s", rep.Target.Output)
			}
			if f.Kind != c.kind {
				t.Errorf("kind = %s, want %s (message %q)", f.Kind, c.kind, f.Message)
			}
			if !strings.Contains(f.Message, c.msg) {
				t.Errorf("message = %q, want it to contain %q", f.Message, c.msg)
			}
			if f.Test != c.test {
				t.Errorf("test = %q, want %q", f.Test, c.test)
			}
			if c.marker != "" {
				want := markers(t, c.pkg, c.marker)
				got := f.Location.File + ":" + itoa(f.Location.Line)
				if !want[got] {
					t.Errorf("location = %s, want one of %v", got, want)
				}
			}
			if c.kind != report.KindBuildError && c.kind != report.KindDataRace {
				if rep.UserFrame() == nil {
					t.Errorf("no user frame among %d frames", len(rep.Frames))
				}
				if len(rep.Goroutines) == 0 {
					t.Errorf("no goroutines captured")
				}
			}
		})
	}
}
