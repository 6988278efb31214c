package server

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"testing"
	"time"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// captured starts a server with a real capture of the nilderef scenario,
// for the latency benchmarks.
func captured(b *testing.B) (*fakeClient, string) {
	b.Helper()
	dir := extract(b, "nilderef")
	c := newClient(b, clientOptions{})
	h := filepath.Join(dir, "handler.go")
	c.open(h)
	c.command(cmdInvestigate, map[string]any{"uri": pathToURI(filepath.Join(dir, "app_test.go")), "test": "TestGreet"})
	c.awaitEnd(1)
	c.await("diagnostics", func() bool { return len(c.diags[h]) > 0 })
	return c, h
}

// latency runs the handler of method b.N times, server-side (no transport),
// and reports p50 and p99.
func latency(b *testing.B, c *fakeClient, method string, params any) {
	raw, _ := json.Marshal(params)
	ctx := context.Background()
	d := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		res, err := c.srv.dispatch(ctx, method, raw, false)
		d = append(d, time.Since(start))
		if err != nil || res == nil {
			b.Fatalf("%s: %v, %v", method, res, err)
		}
	}
	b.StopTimer()
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	b.ReportMetric(float64(d[len(d)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(d[len(d)*99/100].Microseconds()), "p99-µs")
}

func BenchmarkHover(b *testing.B) {
	c, h := captured(b)
	latency(b, c, "textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": pathToURI(h)},
		"position": protocol.Position{Line: 22, Character: 19}}) // on p, the crash line
}

func BenchmarkCodeAction(b *testing.B) {
	c, h := captured(b)
	latency(b, c, "textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": pathToURI(h)},
		"range": rng(22, 0, 22, 0), "context": map[string]any{"diagnostics": c.diagnostics(h)}})
}

func BenchmarkInlayHint(b *testing.B) {
	c, h := captured(b)
	latency(b, c, "textDocument/inlayHint", map[string]any{"textDocument": map[string]any{"uri": pathToURI(h)},
		"range": rng(0, 0, 1000, 0)})
}

// BenchmarkHoverRoundTrip is hover through the pipe and both jsonrpc2 ends.
func BenchmarkHoverRoundTrip(b *testing.B) {
	c, h := captured(b)
	params := map[string]any{"textDocument": map[string]any{"uri": pathToURI(h)}, "position": protocol.Position{Line: 22, Character: 19}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var res json.RawMessage
		c.callT("textDocument/hover", params, &res)
	}
}

// BenchmarkInvestigateToDiagnostic is the time from sleuth.investigate to
// the first diagnostic: a real build (cached after the first), run under
// Delve, capture and analysis.
func BenchmarkInvestigateToDiagnostic(b *testing.B) {
	// With and without the experiments: they run after the first
	// diagnostics are published, so the first diagnostic must not wait.
	for _, exp := range []bool{true, false} {
		b.Run(fmt.Sprintf("experiments=%v", exp), func(b *testing.B) {
			benchFirstDiagnostic(b, map[string]any{"features": map[string]any{"model": false, "experiments": exp}})
		})
	}
}

func benchFirstDiagnostic(b *testing.B, init map[string]any) {
	dir := extract(b, "nilderef")
	h := filepath.Join(dir, "handler.go")
	c := newClient(b, clientOptions{initOptions: init})
	arg := map[string]any{"uri": pathToURI(filepath.Join(dir, "app_test.go")), "test": "TestGreet"}
	c.command(cmdInvestigate, arg) // warm the build cache
	c.awaitEnd(1)
	var total time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.command(cmdClear)
		c.await("cleared", func() bool { return len(c.diags[h]) == 0 })
		start := time.Now()
		c.command(cmdInvestigate, arg)
		c.await("diagnostics", func() bool { return len(c.diags[h]) > 0 })
		total += time.Since(start)
		c.awaitEnd(i + 2)
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/first-diagnostic")
}
