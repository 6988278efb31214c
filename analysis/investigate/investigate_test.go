package investigate

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/sleuth-dev/sleuth/analysis/capture"
	"github.com/sleuth-dev/sleuth/analysis/postmortem"
	"github.com/sleuth-dev/sleuth/analysis/redact"
	"github.com/sleuth-dev/sleuth/analysis/report"
	"github.com/sleuth-dev/sleuth/internal/testenv"
)

func TestMain(m *testing.M) {
	capture.MaybeWorker() // the engine re-executes this binary as its worker
	os.Exit(m.Run())
}

func cacheDir() string { return filepath.Join(os.TempDir(), "sleuth-test-cache") }

func fixture(t *testing.T, pkg string) string {
	dir, err := filepath.Abs(filepath.Join("testdata/fixtures", pkg))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestRun captures a nil dereference end to end through real Delve: phases
// in order, the captured failure, suspects from the analysis, redaction.
func TestRun(t *testing.T) {
	testenv.NeedsDelve(t)
	var phases []Phase
	req := Request{Dir: fixture(t, "nilderef"), Test: "TestGreeting", CacheDir: cacheDir(),
		Redact:  []*regexp.Regexp{regexp.MustCompile(`token=\w+`)},
		NoFixes: true, NoExperiments: true, Model: ModelRequest{Off: true}, Memory: MemoryRequest{Off: true}}
	rep, err := Run(context.Background(), req, Hooks{Progress: func(p Phase) { phases = append(phases, p) }})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failure == nil || rep.Failure.Kind != report.KindNilDeref || rep.Failure.Test != "TestGreeting" {
		t.Fatalf("failure: %+v", rep.Failure)
	}
	want := []Phase{PhaseBuilding, PhaseRunning, PhaseCapturing, PhaseAnalyzing}
	if !slices.Equal(phases, want) {
		t.Errorf("phases %v, want %v", phases, want)
	}
	if len(rep.Suspects) == 0 || rep.Explanation.Source != "evidence" {
		t.Errorf("no analysis: suspects %v, explanation %+v", rep.Suspects, rep.Explanation)
	}
	for _, fr := range rep.Frames {
		for _, v := range append(fr.Args, fr.Locals...) {
			if strings.Contains(v.Value, "s3cret") {
				t.Errorf("%s not redacted: %s", v.Name, v.Value)
			}
		}
	}
}

// TestRunCancelled: a cancelled context stops before anything runs.
func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, Request{Dir: fixture(t, "nilderef"), CacheDir: cacheDir()}, Hooks{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestRunBadDir(t *testing.T) {
	for _, dir := range []string{"", "relative", "/no/such/dir"} {
		if _, err := Run(context.Background(), Request{Dir: dir}, Hooks{}); !errors.Is(err, ErrNoDir) {
			t.Errorf("Run(%q) = %v, want ErrNoDir", dir, err)
		}
	}
}

func TestRunPattern(t *testing.T) {
	for name, want := range map[string]string{
		"":                  "",
		"TestX":             "^TestX$",
		"TestX/neg_case":    "^TestX$/^neg_case$",
		"TestX/a.b(c)+/d[e": `^TestX$/^a\.b\(c\)\+$/^d\[e$`,
	} {
		if got := RunPattern(name); got != want {
			t.Errorf("RunPattern(%q) = %q, want %q", name, got, want)
		}
		if re, err := regexp.Compile(strings.Split(RunPattern(name), "/")[0]); err != nil || (name != "" && !re.MatchString(strings.Split(name, "/")[0])) {
			t.Errorf("RunPattern(%q) does not match its own name", name)
		}
	}
}

func TestExplain(t *testing.T) {
	root := fixture(t, "nilderef")
	trace := "panic: runtime error: invalid memory address or nil pointer dereference token=abc\n\ngoroutine 1 [running]:\nexample.com/fixtures/nilderef.Greeting(...)\n\t/ci/go/src/example.com/fixtures/nilderef/users.go:15 +0x1d\n"
	rep, err := Explain([]byte(trace), root, []*regexp.Regexp{regexp.MustCompile(`token=\w+`)})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failure.Location.File != filepath.Join(root, "users.go") || strings.Contains(rep.Failure.Message, "abc") {
		t.Errorf("failure %+v", rep.Failure)
	}
	if _, err := Explain([]byte("no trace here"), root, nil); !errors.Is(err, postmortem.ErrNothingFound) {
		t.Errorf("err = %v", err)
	}
}

func TestRedact(t *testing.T) {
	rep := report.Empty("test")
	rep.Failure = &report.Failure{Message: "bad key=K1", Case: []report.Var{{Name: "c", Value: "key=K2"}}}
	rep.Frames = []report.Frame{{Args: []report.Var{{Name: "a", Value: "key=K3"}}}}
	rep.Snapshots = []report.Snapshot{{Locals: []report.Var{{Name: "s", Value: "key=K4"}}}}
	rep.Target.Output = "key=K5"
	Redact(rep, []*regexp.Regexp{regexp.MustCompile(`key=\w+`)})
	for _, s := range []string{rep.Failure.Message, rep.Failure.Case[0].Value, rep.Frames[0].Args[0].Value, rep.Snapshots[0].Locals[0].Value, rep.Target.Output} {
		if strings.Contains(s, "K") || !strings.Contains(s, redact.Mask) {
			t.Errorf("not redacted: %q", s)
		}
	}
}

// TestRedactBuiltIn: the built-in rules and the values known to be secret
// apply without any user pattern.
func TestRedactBuiltIn(t *testing.T) {
	rep := report.Empty("test")
	rep.Failure = &report.Failure{Message: "auth failed: pass canary-pw-0001"}
	rep.Frames = []report.Frame{{Locals: []report.Var{{Name: "password", Value: `"canary-pw-0001"`}}}}
	rep.Target.Output = "dial postgres://app:canary-dsn-0002@db/x"
	Redact(rep, nil)
	for _, s := range []string{rep.Failure.Message, rep.Frames[0].Locals[0].Value, rep.Target.Output} {
		if strings.Contains(s, "canary") || !strings.Contains(s, redact.Mask) {
			t.Errorf("not redacted: %q", s)
		}
	}
}
