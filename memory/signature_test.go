package memory

import (
	"strings"
	"testing"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

func TestNormalizeMessage(t *testing.T) {
	cases := []struct{ in, want string }{
		{"assignment to entry in nil map", "assignment to entry in nil map"},
		{"runtime error: index out of range [5] with length 3", "runtime error: index out of range [N] with length N"},
		{"invalid memory address or nil pointer dereference [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a1b2c]",
			"invalid memory address or nil pointer dereference [signal SIGSEGV: segmentation violation code=ADDR addr=ADDR pc=ADDR]"},
		{"quote_test.go:42: got 1999, want 2000", "quote_test.go: got N, want N"},
		{"open /home/ann/src/app/config/dev.yaml: no such file", "open PATH: no such file"},
		{"failed at /tmp/x/y/z.go:12:4 in goroutine 17", "failed at z.go in goroutine N"},
		{"session 3f2a9c1e-1b2c-4d5e-8f90-123456789abc expired at 2026-11-20T10:00:00Z", "session UUID expired at TIME"},
		{"  many\n\tspaces  ", "many spaces"},
		{"test timed out after 10s", "test timed out after Ns"},
		{"v2 and func1 stay", "v2 and func1 stay"},
	}
	for _, c := range cases {
		if got := NormalizeMessage(c.in); got != c.want {
			t.Errorf("NormalizeMessage(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
	long := strings.Repeat("é", 300)
	if got := NormalizeMessage(long); len(got) > maxSigMessage || !strings.HasPrefix(long, got) {
		t.Errorf("long message cut badly: %d bytes", len(got))
	}
}

func TestNormalizeFunc(t *testing.T) {
	cases := []struct{ in, want string }{
		{"example.com/cart.(*Cart).Add", "example.com/cart.(*Cart).Add"},
		{"example.com/cart.TestAdd.func1", "example.com/cart.TestAdd.func"},
		{"example.com/cart.TestAdd.func2.1", "example.com/cart.TestAdd.func"},
		{"example.com/cart.run.gowrap3", "example.com/cart.run.func"},
		{"example.com/cart.All-range1", "example.com/cart.All.func"},
		{"example.com/v2/cart.Map[...]", "example.com/v2/cart.Map[...]"},
	}
	for _, c := range cases {
		if got := NormalizeFunc(c.in); got != c.want {
			t.Errorf("NormalizeFunc(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := ShortFunc("example.com/v2/cart.(*Cart).Add"); got != "(*Cart).Add" {
		t.Errorf("ShortFunc = %q", got)
	}
	if got := Package("example.com/v2/cart.(*Cart).Add"); got != "example.com/v2/cart" {
		t.Errorf("Package = %q", got)
	}
}

// TestSignatureStable: what changes between two runs of one bug (lines,
// addresses, goroutine ids, closure numbers, runtime frames) leaves the
// signature alone; what makes another bug changes it.
func TestSignatureStable(t *testing.T) {
	a := failure(report.KindNilMapWrite, "assignment to entry in nil map", "TestAdd", 9, "example.com/cart.(*Cart).Add", "example.com/cart.TestAdd.func1")
	b := failure(report.KindNilMapWrite, "assignment to entry in nil map", "TestAdd", 14, "example.com/cart.(*Cart).Add", "example.com/cart.TestAdd.func2")
	b.Failure.Goroutine = 99
	b.Frames = append(b.Frames[:1], b.Frames[2:]...) // a runtime frame less
	b.Frames = append([]report.Frame{b.Frames[0]}, append([]report.Frame{{Function: "example.com/cart.(*Cart).Add", User: true, Line: 3}}, b.Frames[1:]...)...)
	sa, _ := SignatureOf(a)
	sb, _ := SignatureOf(b)
	if sa.Key() != sb.Key() {
		t.Errorf("same bug, different keys:\n%v\n%v", sa, sb)
	}
	if _, ok := SignatureOf(report.Empty("test")); ok {
		t.Error("a passing report has a signature")
	}
	other := []*report.Report{
		failure(report.KindNilDeref, "assignment to entry in nil map", "TestAdd", 9, "example.com/cart.(*Cart).Add", "example.com/cart.TestAdd.func1"),
		failure(report.KindNilMapWrite, "assignment to entry in nil map", "TestAdd", 9, "example.com/cart.(*Cart).Remove", "example.com/cart.TestAdd.func1"),
		failure(report.KindNilMapWrite, "index out of range", "TestAdd", 9, "example.com/cart.(*Cart).Add", "example.com/cart.TestAdd.func1"),
	}
	for _, o := range other {
		so, _ := SignatureOf(o)
		if so.Key() == sa.Key() {
			t.Errorf("different bugs, same key: %v", so)
		}
	}
	// A race has its frames in the race report.
	race := report.Empty("test")
	race.Failure = &report.Failure{Kind: report.KindDataRace, Message: "data race"}
	race.Race = &report.Race{Accesses: []report.Access{{Frames: []report.Frame{{Function: "example.com/q.(*Q).Push", User: true}}}}}
	if s, _ := SignatureOf(race); len(s.Frames) != 1 || s.Frames[0] != "example.com/q.(*Q).Push" {
		t.Errorf("race signature frames = %v", s.Frames)
	}
	// A build error has none: the file stands in.
	build := report.Empty("test")
	build.Failure = &report.Failure{Kind: report.KindBuildError, Message: "undefined: x", Location: report.Location{File: "/src/a/b.go", Line: 3}}
	if s, _ := SignatureOf(build); len(s.Frames) != 1 || s.Frames[0] != "b.go" {
		t.Errorf("build signature frames = %v", s.Frames)
	}
}

func TestNormalizeDiff(t *testing.T) {
	fix := "--- a/cart.go\n+++ b/cart.go\n@@ -1,3 +1,3 @@\n func New() *Cart {\n-\treturn &Cart{}\n+\treturn &Cart{items: map[string]int{}}\n }\n"
	change := "--- a/cart.go\n+++ b/cart.go\n@@ -10,3 +10,4 @@\n-  return &Cart{}\n+  return   &Cart{items: map[string]int{}}\n+// other\n"
	if got, want := NormalizeDiff(fix), "-return &Cart{}\n+return &Cart{items: map[string]int{}}"; got != want {
		t.Errorf("FixShape = %q, want %q", got, want)
	}
	if !Applied(fix, change) {
		t.Error("the change contains the fix, Applied says no")
	}
	if Applied(fix, "+something else\n") || Applied("", change) {
		t.Error("Applied says yes to a change without the fix")
	}
}

func FuzzNormalizeMessage(f *testing.F) {
	for _, s := range []string{"index out of range [5] with length 3", "/a/b/c.go:12: x 0x1f", "é" + strings.Repeat("x", 250)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeMessage(s)
		if len(n) > maxSigMessage {
			t.Fatalf("%d bytes", len(n))
		}
		if NormalizeMessage(n) != NormalizeMessage(NormalizeMessage(n)) {
			t.Fatalf("not stable: %q", n)
		}
	})
}
