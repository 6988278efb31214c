package model

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// bigReport is failingReport grown to a realistic worst case: 40 frames
// with 8 values each, 10 suspects, 64 KiB of output, 5 past incidents.
func bigReport(tb testing.TB) (*report.Report, []Past) {
	rep := failingReport(tb)
	user := rep.Frames[1]
	for i := 0; i < 40; i++ {
		f := user
		f.Function = fmt.Sprintf("orders.step%d", i)
		for j := 0; j < 8; j++ {
			f.Locals = append(f.Locals, report.Var{Name: fmt.Sprintf("v%d", j), Type: "string", Value: strings.Repeat("x", 100)})
		}
		rep.Frames = append(rep.Frames, f)
	}
	for i := 0; i < 8; i++ {
		s := rep.Suspects[0]
		s.Reason = fmt.Sprintf("suspect %d", i)
		rep.Suspects = append(rep.Suspects, s)
	}
	rep.Target.Output = strings.Repeat("some output line with token=abc123 in it\n", 1600)
	var past []Past
	for i := 0; i < 5; i++ {
		past = append(past, Past{Summary: fmt.Sprintf("incident %d", i), Fix: strings.Repeat("diff line\n", 20), Worked: i%2 == 0})
	}
	return rep, past
}

// BenchmarkBuild: redaction, source windows, ranking and rendering of a
// large report into an 8192-token prompt.
func BenchmarkBuild(b *testing.B) {
	rep, past := bigReport(b)
	for b.Loop() {
		Build(Input{Report: rep, Root: rep.Target.Dir, Past: past, Budget: BudgetFor(DefaultNumCtx, DefaultNumPredict)})
	}
}

// BenchmarkExplainTiny: Explain end to end against the real server and the
// tiny model (warm: the model stays loaded).
func BenchmarkExplainTiny(b *testing.B) {
	host := server(b)
	rep := failingReport(b)
	c := NewClient(Config{Host: host, Model: tinyModel, NumCtx: 4096, NumPredict: 768, BytesPerToken: 1, Options: map[string]any{"seed": 2}})
	ctx := context.Background()
	if _, err := Explain(ctx, rep, Options{Client: c}); err != nil { // load the model
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Explain(ctx, rep, Options{Client: c}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExplainAbsent: what Explain costs when no Ollama listens (the
// default for users without one): prompt building plus a refused
// connection.
func BenchmarkExplainAbsent(b *testing.B) {
	rep := failingReport(b)
	port, _ := freePort()
	c := NewClient(Config{Host: "127.0.0.1:" + itoa(port)})
	for b.Loop() {
		if _, err := Explain(context.Background(), rep, Options{Client: c}); err == nil {
			b.Fatal("no error")
		}
	}
}

// BenchmarkBuildTypical: the prompt of an ordinary report (failingReport).
func BenchmarkBuildTypical(b *testing.B) {
	rep := failingReport(b)
	for b.Loop() {
		Build(Input{Report: rep, Root: rep.Target.Dir, Budget: BudgetFor(DefaultNumCtx, DefaultNumPredict)})
	}
}
