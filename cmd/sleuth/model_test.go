package main

import (
	"bytes"
	"context"
	"flag"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

func modelTestReport() *report.Report {
	rep := report.Empty("test")
	rep.Failure = &report.Failure{Kind: report.KindNilMapWrite, Message: "assignment to entry in nil map"}
	rep.Explanation = report.Explanation{Source: "evidence", Summary: "from evidence"}
	return rep
}

// TestModelAbsent: with no Ollama listening, the evidence explanation
// stands, one note says how to get the model, and it costs next to nothing.
func TestModelAbsent(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	t.Setenv("OLLAMA_HOST", addr)
	t.Setenv("SLEUTH_MODEL", "")
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	mo := modelFlags(fs)
	fs.Parse([]string{"--model", "codegemma:2b"})
	rep := modelTestReport()
	start := time.Now()
	explainWithModel(context.Background(), rep, mo, io.Discard)
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
}

func TestModelDisabled(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:1")
	for _, tc := range []struct {
		env  string
		args []string
	}{
		{"", []string{"--no-model"}},
		{"off", nil},
		{"none", nil},
	} {
		t.Setenv("SLEUTH_MODEL", tc.env)
		fs := flag.NewFlagSet("x", flag.ContinueOnError)
		mo := modelFlags(fs)
		fs.Parse(tc.args)
		rep := modelTestReport()
		var out bytes.Buffer
		explainWithModel(context.Background(), rep, mo, &out)
		if len(rep.Notes) != 0 || out.Len() != 0 {
			t.Errorf("SLEUTH_MODEL=%q %v: the model was asked: %q %q", tc.env, tc.args, rep.Notes, out.String())
		}
	}
}

func TestStreamPrinter(t *testing.T) {
	var b strings.Builder
	p := &streamPrinter{w: &b, model: "m"}
	p.text("summary", "nil ")
	p.text("summary", "map")
	p.text("explanation", "New forgets\nit")
	p.end()
	if want := "sleuth: model m: nil map\n  New forgets\n  it\n"; b.String() != want {
		t.Errorf("printed %q, want %q", b.String(), want)
	}
}

// BenchmarkModelAbsent is the time sleuth test spends on the model when no
// Ollama runs (the default host refuses the connection).
func BenchmarkModelAbsent(b *testing.B) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	b.Setenv("OLLAMA_HOST", l.Addr().String())
	l.Close()
	mo := modelFlags(flag.NewFlagSet("x", flag.ContinueOnError))
	for b.Loop() {
		explainWithModel(context.Background(), modelTestReport(), mo, io.Discard)
	}
}
