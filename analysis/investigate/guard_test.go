package investigate

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/model"
	"github.com/sleuth-dev/sleuth/analysis/report"
)

func failedReport() *report.Report {
	rep := report.Empty("test")
	rep.Failure = &report.Failure{Kind: report.KindNilMapWrite, Message: "assignment to entry in nil map"}
	rep.Explanation = report.Explanation{Source: "evidence", Summary: "from evidence"}
	return rep
}

// TestGuard: a step that panics, fails or overruns its budget becomes one
// note and leaves the report as it was; a step that succeeds applies its
// change; a cancelled run adds nothing.
func TestGuard(t *testing.T) {
	set := func(rep *report.Report) { rep.Explanation.Summary = "changed" }
	for _, tc := range []struct {
		name   string
		budget time.Duration
		fn     stepFunc
		ok     bool
		note   string // a substring of the one note; "" for none
	}{
		{"success", time.Minute, func(context.Context, *report.Report) (func(*report.Report), error) { return set, nil }, true, ""},
		{"panic", time.Minute, func(_ context.Context, w *report.Report) (func(*report.Report), error) {
			var m map[string]int
			m["x"] = 1 // the kind of bug a step can have
			return set, nil
		}, false, "step failed: internal error: assignment to entry in nil map (guard_test.go:"},
		{"error", time.Minute, func(context.Context, *report.Report) (func(*report.Report), error) {
			return nil, errors.New("no packages")
		}, false, "step failed: no packages; the capture above is complete"},
		{"overrun, cooperative", 50 * time.Millisecond, func(ctx context.Context, _ *report.Report) (func(*report.Report), error) {
			<-ctx.Done()
			return set, nil // too late: cut short
		}, false, "did not finish within its budget of 50ms"},
		{"overrun, deaf", 10 * time.Millisecond, func(ctx context.Context, w *report.Report) (func(*report.Report), error) {
			time.Sleep(abandonGrace + time.Second) // never looks at ctx
			w.Notes = append(w.Notes, "late")      // its own copy: harmless
			return set, nil
		}, false, "did not finish within its budget"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := failedReport()
			if ok := guard(context.Background(), rep, "step", tc.budget, tc.fn); ok != tc.ok {
				t.Errorf("guard = %v, want %v", ok, tc.ok)
			}
			if tc.ok != (rep.Explanation.Summary == "changed") {
				t.Errorf("summary %q", rep.Explanation.Summary)
			}
			switch {
			case tc.note == "" && len(rep.Notes) != 0:
				t.Errorf("notes %q, want none", rep.Notes)
			case tc.note != "" && (len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0], tc.note)):
				t.Errorf("notes %q, want one with %q", rep.Notes, tc.note)
			}
		})
	}
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		rep := failedReport()
		ok := guard(ctx, rep, "step", time.Minute, func(context.Context, *report.Report) (func(*report.Report), error) {
			cancel()
			return nil, context.Canceled
		})
		if ok || len(rep.Notes) != 0 {
			t.Errorf("ok %v, notes %q", ok, rep.Notes)
		}
	})
}

// closedAddr is a loopback address nothing listens on.
func closedAddr(t testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// TestModelAbsent: with no Ollama listening, the evidence explanation
// stands, one note says how to get the model and how to turn it off, the
// front end hears of it once, and it costs next to nothing.
func TestModelAbsent(t *testing.T) {
	addr := closedAddr(t)
	var hints []string
	r := newRunner(Request{Memory: MemoryRequest{Off: true},
		Model: ModelRequest{Config: model.Config{Host: addr, Model: "codegemma:2b"}, TurnOff: "pass --no-model"}},
		Hooks{ModelProblem: func(h string) { hints = append(hints, h) }})
	rep := failedReport()
	start := time.Now()
	r.explain(context.Background(), rep)
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Errorf("no Ollama cost %v", d)
	}
	if rep.Explanation.Source != "evidence" || rep.Explanation.Summary != "from evidence" {
		t.Errorf("explanation %+v", rep.Explanation)
	}
	want := "model: no Ollama answers at http://" + addr + ": start it (`ollama serve`) and run `ollama pull codegemma:2b` for model explanations, or pass --no-model"
	if len(rep.Notes) != 1 || rep.Notes[0] != want {
		t.Errorf("notes %q, want one: %q", rep.Notes, want)
	}
	if len(hints) != 1 {
		t.Errorf("front end told %d times: %q", len(hints), hints)
	}
}

// TestModelOff: a model turned off is never asked.
func TestModelOff(t *testing.T) {
	r := newRunner(Request{Model: ModelRequest{Off: true, Config: model.Config{Host: "127.0.0.1:1"}}},
		Hooks{ModelText: func(string, string) { t.Error("the model was asked") }})
	rep := failedReport()
	r.explain(context.Background(), rep)
	if len(rep.Notes) != 0 {
		t.Errorf("notes %q", rep.Notes)
	}
}

// BenchmarkModelAbsent is the time an investigation spends on the model
// when no Ollama runs (the host refuses the connection).
func BenchmarkModelAbsent(b *testing.B) {
	r := newRunner(Request{Memory: MemoryRequest{Off: true}, Model: ModelRequest{Config: model.Config{Host: closedAddr(b)}}}, Hooks{})
	for b.Loop() {
		r.explain(context.Background(), failedReport())
	}
}
