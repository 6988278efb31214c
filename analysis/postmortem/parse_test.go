package postmortem

import (
	"errors"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// grp is an expected goroutine group: its first ID and its size.
type grp struct {
	id    int64
	count int
}

func TestParseTestdata(t *testing.T) {
	tests := []struct {
		file      string
		kind      report.Kind
		message   string // exact
		test      string
		goroutine int64
		loc       string // base name:line of Failure.Location
		function  string // Failure.Location.Function
		groups    []grp
		notes     int
	}{
		{file: "nil_deref.txt", kind: report.KindNilDeref, message: "runtime error: invalid memory address or nil pointer dereference",
			goroutine: 1, loc: "handler.go:21", function: "github.com/acme/svc/handler.(*Store).Lookup", groups: []grp{{1, 1}}},
		{file: "nil_map_write.txt", kind: report.KindNilMapWrite, message: "assignment to entry in nil map",
			goroutine: 1, loc: "handler.go:25", groups: []grp{{1, 1}}},
		{file: "index_out_of_range.txt", kind: report.KindIndexOutOfRange, message: "runtime error: index out of range [5] with length 3",
			goroutine: 1, loc: "handler.go:29", groups: []grp{{1, 1}}},
		{file: "slice_bounds.txt", kind: report.KindSliceBounds, message: "runtime error: slice bounds out of range [:10] with capacity 3",
			goroutine: 1, loc: "handler.go:33", groups: []grp{{1, 1}}},
		{file: "type_assertion.txt", kind: report.KindTypeAssertion, message: "interface conversion: interface {} is int, not string",
			goroutine: 1, loc: "handler.go:37", groups: []grp{{1, 1}}},
		{file: "close_closed_channel.txt", kind: report.KindClosedChannel, message: "close of closed channel",
			goroutine: 1, loc: "main.go:4", function: "main.shutdown", groups: []grp{{1, 1}}},
		{file: "send_closed_channel.txt", kind: report.KindClosedChannel, message: "send on closed channel",
			goroutine: 6, loc: "main.go:12", groups: []grp{{6, 1}}},
		{file: "divide_by_zero.txt", kind: report.KindDivideByZero, message: "runtime error: integer divide by zero",
			goroutine: 1, loc: "handler.go:41", groups: []grp{{1, 1}}},
		{file: "custom_error.txt", kind: report.KindCustomPanic, message: "handler: save user: storage is broken",
			goroutine: 1, loc: "handler.go:47", groups: []grp{{1, 1}}},
		{file: "multiline_panic.txt", kind: report.KindCustomPanic,
			message:   "config invalid:\n  line 3: unknown key \"foo\"\n  line 7: missing value",
			goroutine: 1, loc: "handler.go:51", groups: []grp{{1, 1}}},
		{file: "concurrent_map_writes.txt", kind: report.KindConcurrentMapWrite, message: "fatal error: concurrent map writes",
			goroutine: 22, loc: "main.go:13", function: "main.main.func1", groups: []grp{{22, 1}}},
		{file: "concurrent_map_writes_all.txt", kind: report.KindConcurrentMapWrite, message: "fatal error: concurrent map writes",
			goroutine: 25, loc: "main.go:13", groups: []grp{{25, 1}, {1, 1}, {18, 6}, {20, 1}}},
		{file: "deadlock.txt", kind: report.KindDeadlock, message: "fatal error: all goroutines are asleep - deadlock!",
			goroutine: 1, loc: "main.go:18", function: "main.main", groups: []grp{{1, 1}, {4, 4}}},
		{file: "repanic.txt", kind: report.KindNilDeref, message: "runtime error: invalid memory address or nil pointer dereference",
			goroutine: 1, loc: "main.go:13", function: "main.main", groups: []grp{{1, 1}}, notes: 1},
		{file: "test_panic.txt", kind: report.KindNilDeref, message: "runtime error: invalid memory address or nil pointer dereference",
			test: "TestLimit/cpu", goroutine: 7, loc: "svc.go:10", function: "github.com/acme/svc/svc.(*Config).Limit", groups: []grp{{7, 1}}},
		{file: "test_goexit_panic.txt", kind: report.KindCustomPanic, message: "deferred cleanup failed",
			test: "TestGoexitPanic", goroutine: 5, loc: "gx_test.go:13", groups: []grp{{5, 1}}},
		{file: "test_timeout.txt", kind: report.KindTimeout, message: "test timed out after 1s\nrunning tests:\n\tTestSlow (1s)",
			test: "TestSlow", goroutine: 22, loc: "svc.go:14", function: "github.com/acme/svc/svc.Slow", groups: []grp{{3, 1}, {1, 1}, {22, 1}}},
		{file: "trimpath.txt", kind: report.KindNilDeref, message: "runtime error: invalid memory address or nil pointer dereference",
			goroutine: 1, loc: "handler.go:21", groups: []grp{{1, 1}}},
		{file: "race.txt", kind: report.KindDataRace, message: "data race: read at 0x00c000096028 by goroutine 9, previous write by goroutine 8",
			goroutine: 9, loc: "main.go:13", function: "main.(*counter).inc", groups: []grp{{9, 1}, {8, 1}}},
		{file: "race_main_goroutine.txt", kind: report.KindDataRace, message: "data race: read at 0x000000620318 by goroutine 8, previous write by goroutine 1",
			goroutine: 8, loc: "main.go:11", function: "main.add", groups: []grp{{8, 1}, {1, 1}}, notes: 1},
		{file: "test_race.txt", kind: report.KindDataRace, message: "data race: write at 0x00c000094208 by goroutine 10, previous write by goroutine 9",
			test: "TestRace", goroutine: 10, loc: "gx_test.go:24", groups: []grp{{10, 1}, {9, 1}}},
		{file: "sigquit.txt", kind: report.KindExit, message: "SIGQUIT: quit",
			goroutine: 1, loc: "main.go:28", function: "main.main",
			groups: []grp{{0, 1}, {1, 1}, {2, 1}, {3, 1}, {4, 1}, {5, 1}, {6, 1}, {7, 2}, {8, 1}, {10, 3}}, notes: 1},
		{file: "debug_stack_log.txt", kind: report.KindExit, message: "goroutine dump",
			goroutine: 1, loc: "main.go:9", function: "main.handle", groups: []grp{{1, 1}}, notes: 1},
		{file: "logs_index_surrounded.txt", kind: report.KindIndexOutOfRange, message: "runtime error: index out of range [5] with length 3",
			goroutine: 1, loc: "handler.go:29", groups: []grp{{1, 1}}},
		{file: "logs_mapwrites_k8s.txt", kind: report.KindConcurrentMapWrite, message: "fatal error: concurrent map writes",
			goroutine: 25, loc: "main.go:13", groups: []grp{{25, 1}, {1, 1}, {18, 6}, {20, 1}}},
		{file: "logs_race_compose.txt", kind: report.KindDataRace, message: "data race: read at 0x00c000096028 by goroutine 9, previous write by goroutine 8",
			goroutine: 9, loc: "main.go:13", groups: []grp{{9, 1}, {8, 1}}},
	}
	for _, tt := range tests {
		t.Run(strings.TrimSuffix(tt.file, ".txt"), func(t *testing.T) {
			r, err := Parse(readTestdata(t, tt.file), Options{})
			if err != nil {
				t.Fatal(err)
			}
			f := r.Failure
			if f == nil {
				t.Fatal("no failure")
			}
			if f.Kind != tt.kind {
				t.Errorf("kind = %q, want %q", f.Kind, tt.kind)
			}
			if f.Message != tt.message {
				t.Errorf("message = %q, want %q", f.Message, tt.message)
			}
			if f.Test != tt.test {
				t.Errorf("test = %q, want %q", f.Test, tt.test)
			}
			if f.Goroutine != tt.goroutine {
				t.Errorf("goroutine = %d, want %d", f.Goroutine, tt.goroutine)
			}
			if got := baseLine(f.Location); got != tt.loc {
				t.Errorf("location = %s, want %s", got, tt.loc)
			}
			if tt.function != "" && f.Location.Function != tt.function {
				t.Errorf("location function = %q, want %q", f.Location.Function, tt.function)
			}
			var groups []grp
			for _, g := range r.Goroutines {
				groups = append(groups, grp{g.ID, g.Count})
				if g.Count > 1 && len(g.IDs) != g.Count {
					t.Errorf("goroutine %d: %d ids for count %d", g.ID, len(g.IDs), g.Count)
				}
			}
			if !reflect.DeepEqual(groups, tt.groups) {
				t.Errorf("groups = %v, want %v", groups, tt.groups)
			}
			if len(r.Notes) != tt.notes {
				t.Errorf("notes = %q, want %d", r.Notes, tt.notes)
			}
			checkShape(t, r)
		})
	}
}

// checkShape checks what every explain report must hold.
func checkShape(t *testing.T, r *report.Report) {
	t.Helper()
	if r.Target.Mode != "explain" {
		t.Errorf("mode = %q", r.Target.Mode)
	}
	if len(r.Frames) == 0 {
		t.Error("no frames")
	}
	if r.UserFrame() == nil {
		t.Error("no user frame")
	}
	for _, f := range r.Frames {
		if len(f.Locals) != 0 || len(f.Args) != 0 {
			t.Errorf("frame %s has values", f.Function)
		}
		if f.Function == "runtime.goexit" {
			t.Error("runtime.goexit frame kept")
		}
		if strings.HasPrefix(f.File, "/usr/local/go/") && f.User {
			t.Errorf("standard library frame %s marked user", f.Function)
		}
	}
	if r.Suspects == nil || r.Fixes == nil || r.Goroutines == nil {
		t.Error("nil slices in report")
	}
}

func baseLine(l report.Location) string {
	return filepath.Base(l.File) + ":" + strconv.Itoa(l.Line)
}

func TestParseFramesTestPanic(t *testing.T) {
	r, err := Parse(readTestdata(t, "test_panic.txt"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		function string
		user     bool
	}{
		{"testing.tRunner.func1.2", false},
		{"testing.tRunner.func1", false},
		{"panic", false},
		{"github.com/acme/svc/svc.(*Config).Limit", true},
		{"github.com/acme/svc/svc.TestLimit.func1", true},
		{"testing.tRunner", false},
	}
	if len(r.Frames) != len(want) {
		t.Fatalf("%d frames, want %d", len(r.Frames), len(want))
	}
	for i, w := range want {
		if f := r.Frames[i]; f.Function != w.function || f.User != w.user {
			t.Errorf("frame %d = %s user=%v, want %s user=%v", i, f.Function, f.User, w.function, w.user)
		}
	}
	cb := r.Goroutines[0].CreatedBy
	if cb == nil || cb.Function != "testing.(*T).Run" || cb.Line != 2101 {
		t.Errorf("created by = %+v", cb)
	}
}

func TestParseStates(t *testing.T) {
	r, err := Parse(readTestdata(t, "sigquit.txt"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64][2]string{ // state, wait reason
		0:  {"idle", ""},
		1:  {"sleep", "sleep"},
		7:  {"sync.Mutex.Lock", "sync.Mutex.Lock"},
		10: {"select (no cases)", "select (no cases)"},
	}
	for _, g := range r.Goroutines {
		if w, ok := want[g.ID]; ok && (g.State != w[0] || g.WaitReason != w[1]) {
			t.Errorf("goroutine %d: state %q wait %q, want %q %q", g.ID, g.State, g.WaitReason, w[0], w[1])
		}
		if g.ID == 10 && !reflect.DeepEqual(g.IDs, []int64{10, 11, 12}) {
			t.Errorf("goroutine 10 ids = %v", g.IDs)
		}
		if g.ID == 0 && g.User {
			t.Error("runtime goroutine 0 marked user")
		}
	}
}

func TestParsePanicAndRace(t *testing.T) {
	text := append(readTestdata(t, "race.txt"), readTestdata(t, "nil_deref.txt")...)
	r, err := Parse(text, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Failure.Kind != report.KindNilDeref {
		t.Errorf("kind = %s, want the panic", r.Failure.Kind)
	}
	if r.Race == nil || len(r.Race.Accesses) != 2 {
		t.Errorf("race = %+v", r.Race)
	}
	if len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "data race") {
		t.Errorf("notes = %q", r.Notes)
	}
}

func TestParseMessageOnly(t *testing.T) {
	r, err := Parse([]byte("worker: started\npanic: boom\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Failure.Kind != report.KindCustomPanic || r.Failure.Message != "boom" || len(r.Frames) != 0 {
		t.Errorf("failure = %+v, %d frames", r.Failure, len(r.Frames))
	}
	if len(r.Notes) != 1 {
		t.Errorf("notes = %q", r.Notes)
	}
}

func TestParseNothing(t *testing.T) {
	inputs := []string{
		"",
		"\n\n",
		"2024/01/02 03:04:05 listening on :8080\n2024/01/02 03:04:06 GET / 200\n",
		// A panic mentioned inside a log message is not a panic.
		"2024-01-02T03:04:05Z INFO recovered from panic: boom\n2024-01-02T03:04:06Z INFO ok\n",
		"==================\nWARNING: DATA RACE\nsomething else\n==================\n",
		"goroutine 1 [running]:\n",
	}
	for _, in := range inputs {
		_, err := Parse([]byte(in), Options{})
		if !errors.Is(err, ErrNothingFound) {
			t.Errorf("Parse(%q) error = %v, want ErrNothingFound", in, err)
		}
	}
	if err := ErrNothingFound.Error(); strings.Contains(err, "\n") || !strings.HasPrefix(err, "postmortem: ") {
		t.Errorf("error message %q", err)
	}
}

func TestParseBadRoot(t *testing.T) {
	_, err := Parse(readTestdata(t, "nil_deref.txt"), Options{Root: filepath.Join(t.TempDir(), "missing")})
	if err == nil || !strings.HasPrefix(err.Error(), "postmortem: ") {
		t.Errorf("error = %v", err)
	}
}

func TestParseOutputBounded(t *testing.T) {
	noise := strings.Repeat("2024/01/02 03:04:05 request handled in 1ms ✓\n", 4000)
	text := noise + string(readTestdata(t, "nil_deref.txt")) + noise
	r, err := Parse([]byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Target.OutputTruncated || len(r.Target.Output) > maxOutput+64 {
		t.Errorf("output %d bytes, truncated=%v", len(r.Target.Output), r.Target.OutputTruncated)
	}
	if r.Failure.Kind != report.KindNilDeref {
		t.Errorf("kind = %s", r.Failure.Kind)
	}
}

// TestParseInterruptedDump checks that log lines written by other goroutines
// while the runtime printed the dump do not cut it short.
func TestParseInterruptedDump(t *testing.T) {
	text := strings.Replace(string(readTestdata(t, "deadlock.txt")), "\ngoroutine 5 [", "\n2025/03/14 09:26:53 metrics flushed\ngoroutine 5 [", 1)
	r, err := Parse([]byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var groups []grp
	for _, g := range r.Goroutines {
		groups = append(groups, grp{g.ID, g.Count})
	}
	if want := []grp{{1, 1}, {4, 4}}; !reflect.DeepEqual(groups, want) {
		t.Errorf("groups = %v, want %v", groups, want)
	}
}

func TestFailedTestStopsAtPackage(t *testing.T) {
	lines := []string{"--- FAIL: TestOld (0.00s)", "FAIL\texample.com/old\t0.1s", "panic: boom"}
	if got := failedTest(lines, 2); got != "" {
		t.Errorf("failedTest = %q, want none", got)
	}
}
