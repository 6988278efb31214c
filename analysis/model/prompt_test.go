package model

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sleuth-dev/sleuth/analysis/redact"
	"github.com/sleuth-dev/sleuth/analysis/report"
	"github.com/sleuth-dev/sleuth/internal/testenv"
)

// orderSrc is the workspace file of failingReport; the markers name lines.
const orderSrc = `package orders

type Order struct {
	ID    string
	Items map[string]int
}

func New(id string) *Order {
	return &Order{ID: id} // CTOR
}

func (o *Order) Add(sku string, n int) {
	o.Items[sku] += n // CRASH
}
`

// line returns the 1-based line of the marker in src.
func line(src, marker string) int {
	for i, l := range strings.Split(src, "\n") {
		if strings.Contains(l, "// "+marker) {
			return i + 1
		}
	}
	panic("no marker " + marker)
}

// failingReport is a nil-map-write report over a temp workspace, as capture
// and root-cause analysis would produce it.
func failingReport(t testing.TB) *report.Report {
	t.Helper()
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/orders\n\ngo 1.22\n"), 0o644)
	file := filepath.Join(root, "orders.go")
	os.WriteFile(file, []byte(orderSrc), 0o644)
	crash, ctor := line(orderSrc, "CRASH"), line(orderSrc, "CTOR")
	rep := report.Empty("test")
	rep.Target.Dir = root
	rep.Failure = &report.Failure{
		Kind:     report.KindNilMapWrite,
		Message:  "assignment to entry in nil map",
		Test:     "TestAdd",
		Location: report.Location{File: file, Line: crash, Function: "orders.(*Order).Add"},
	}
	rep.Frames = []report.Frame{
		{Function: "runtime.mapassign_faststr", File: "/usr/local/go/src/runtime/map.go", Line: 100},
		{Function: "orders.(*Order).Add", File: file, Line: crash, User: true,
			Args:   []report.Var{{Name: "o", Type: "*orders.Order", Value: `*{ID: "A1", Items: map[string]int nil}`}, {Name: "sku", Type: "string", Value: `"apple"`}, {Name: "n", Type: "int", Value: "2"}},
			Locals: []report.Var{{Name: "unrelated", Type: "int", Value: "7"}}},
		{Function: "orders.TestAdd", File: filepath.Join(root, "orders_test.go"), Line: 9, User: true},
	}
	rep.Suspects = []report.Suspect{
		{File: file, Line: ctor, Function: "orders.New", Reason: "the constructor leaves Items nil", Score: 0.9, Evidence: []string{"o.Items is nil in Add", "New builds Order without Items"}},
		{File: file, Line: crash, Function: "orders.(*Order).Add", Reason: "crash line", Score: 0.2},
	}
	rep.Explanation = report.Explanation{Source: "evidence", Summary: "nil map write", Details: fmt.Sprintf("orders.go:%d: assignment to entry in nil map ← orders.go:%d: the constructor leaves Items nil", crash, ctor)}
	rep.Target.Output = strings.Repeat("=== RUN   TestAdd\n", 50) + "panic: assignment to entry in nil map\n"
	return rep
}

func TestBuildSections(t *testing.T) {
	rep := failingReport(t)
	past := []Past{{Summary: "nil map in Cart.Add", Fix: "initialise Items in NewCart", Worked: true}}
	p := Build(Input{Report: rep, Root: rep.Target.Dir, Past: past, Budget: 8000})
	if len(p.Cut) != 0 {
		t.Errorf("cut %v with a large budget", p.Cut)
	}
	// Sections in reading order, paths relative to the workspace, code
	// numbered with the suspect line marked, decisive values first.
	order := []string{"## Failure", "## Causal chain", "## Suspects", "## Values", "## Stack", "## Similar past incidents", "## Output"}
	at := -1
	for _, s := range order {
		i := strings.Index(p.User, s)
		if i <= at {
			t.Fatalf("section %q missing or out of order in:\n%s", s, p.User)
		}
		at = i
	}
	ctor := line(orderSrc, "CTOR")
	for _, want := range []string{
		"at: orders.go:13 in orders.(*Order).Add",
		"line: o.Items[sku] += n // CRASH",
		fmt.Sprintf("1. orders.go:%d in orders.New (score 0.90): the constructor leaves Items nil", ctor),
		fmt.Sprintf("→%5d  \treturn &Order{ID: id} // CTOR", ctor),
		"fix (worked): initialise Items in NewCart",
	} {
		if !strings.Contains(p.User, want) {
			t.Errorf("prompt lacks %q:\n%s", want, p.User)
		}
	}
	// The variables named on the crash line (o, sku, n) come before the
	// unrelated local.
	vals := p.User[strings.Index(p.User, "## Values"):]
	if strings.Index(vals, " sku ") > strings.Index(vals, " unrelated ") {
		t.Errorf("decisive values are not first:\n%s", vals)
	}
	if strings.Contains(p.User, rep.Target.Dir) {
		t.Errorf("the prompt shows absolute workspace paths")
	}
}

func TestBudgetCut(t *testing.T) {
	rep := failingReport(t)
	var past []Past
	for i := range 5 {
		past = append(past, Past{Summary: fmt.Sprintf("incident %d: %s", i, strings.Repeat("words ", 60))})
	}
	full := Build(Input{Report: rep, Root: rep.Target.Dir, Past: past, Budget: 100000})
	for _, budget := range []int{full.Tokens - 1, full.Tokens / 2, 400} {
		p := Build(Input{Report: rep, Root: rep.Target.Dir, Past: past, Budget: budget})
		if p.Tokens > budget {
			t.Errorf("budget %d: the prompt costs %d", budget, p.Tokens)
		}
		if len(p.Cut) == 0 {
			t.Fatalf("budget %d: nothing cut", budget)
		}
		// The least relevant evidence goes first: the output; the failure
		// and the top suspect stay.
		if budget == full.Tokens-1 && (len(p.Cut) != 1 || p.Cut[0] != "the output") {
			t.Errorf("budget %d: cut %v, want the output alone", budget, p.Cut)
		}
		if !slices.Contains(p.Cut, "the output") {
			t.Errorf("budget %d: cut %v but kept the output", budget, p.Cut)
		}
		if !strings.Contains(p.User, "assignment to entry in nil map") || !strings.Contains(p.User, "the constructor leaves Items nil") {
			t.Errorf("budget %d: the failure or the top suspect was cut: %v", budget, p.Cut)
		}
	}
	// A budget smaller than the system prompt keeps the failure's first
	// line, and says so.
	tiny := Build(Input{Report: rep, Root: rep.Target.Dir, Budget: 10})
	if !strings.HasPrefix(tiny.User, "## Failure\nkind: nil-map-write") || tiny.Cut[0] != "part of the failure" {
		t.Errorf("tiny budget: %q, cut %v", tiny.User, tiny.Cut)
	}
	note := CutNote(Result{Cut: []string{"the output", "past incident 5"}}, 2048)
	if note != "model: evidence left out of the prompt to fit num_ctx 2048: the output, past incident 5" {
		t.Errorf("note %q", note)
	}
}

func TestEstimateTokens(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want int
	}{{"", 0}, {"a", 1}, {"abcdefg", 2}, {strings.Repeat("x", 3500), 1000}} {
		if got := EstimateTokens(tc.s); got != tc.want {
			t.Errorf("EstimateTokens(%d bytes) = %d, want %d", len(tc.s), got, tc.want)
		}
	}
}

func TestRedactCode(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`	password := "hunter2"`, `	password := "[redacted]"`},
		{`	cfg := Config{User: "bob", APIToken: "abc"}`, `	cfg := Config{User: "[redacted]", APIToken: [redacted]}`},
		{"	dbKey = `raw`", `	dbKey = "[redacted]"`},
		{`	name := "bob" // fine`, `	name := "bob" // fine`},
		{`	fmt.Println("the password is wrong")`, `	fmt.Println("the password is wrong")`},
	} {
		if got := nilRedactor().Code(tc.in); got != tc.want {
			t.Errorf("Code(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestExplainRealServer runs Explain end to end against the tiny model: a
// small num_ctx forces a cut, the note and the report flag say so, the
// streamed text arrives, and the gibberish fixes are dropped by validation.
func TestExplainRealServer(t *testing.T) {
	testenv.NeedsOllama(t)
	host := server(t)
	rec := newRecorder(t, host)
	rep := failingReport(t)
	rep.Target.Output = strings.Repeat("noise line of test output\n", 400)
	// The tiny model's tokens are single characters: count them so.
	c := NewClient(Config{Host: rec.URL, Model: tinyModel, NumCtx: 4096, NumPredict: 768, BytesPerToken: 1, Options: map[string]any{"seed": 2}})
	var streamed strings.Builder
	res, err := Explain(testContext(t), rep, Options{Client: c, OnText: func(field, s string) {
		if field == "summary" {
			streamed.WriteString(s)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	e := res.Explanation
	if e.Source != "model" || e.Model != tinyModel || e.Summary == "" || !e.Truncated {
		t.Errorf("explanation %+v", e)
	}
	if streamed.String() != e.Summary {
		t.Errorf("streamed summary %q, final %q", streamed.String(), e.Summary)
	}
	if len(res.Cut) == 0 || res.Cut[0] != "the output" {
		t.Errorf("cut %v, want the output first", res.Cut)
	}
	if res.Prompt.Tokens > BudgetFor(4096, 768) {
		t.Errorf("prompt %d tokens over the budget %d", res.Prompt.Tokens, BudgetFor(4096, 768))
	}
	// The server counted the prompt: it fits num_ctx, so nothing was
	// silently truncated (our estimate leans high).
	if res.Reply.PromptTokens == 0 || res.Reply.PromptTokens > 4096-768 {
		t.Errorf("the server counted %d prompt tokens for num_ctx 4096", res.Reply.PromptTokens)
	}
	for _, f := range res.Fixes {
		t.Errorf("a gibberish fix passed validation: %+v", f)
	}
	var b chatBody
	json.Unmarshal([]byte(rec.Bodies()[0]), &b)
	if b.Options["num_ctx"] != float64(4096) {
		t.Errorf("num_ctx %v", b.Options["num_ctx"])
	}
	_ = context.Background
}

func nilRedactor() *redact.Redactor { return redact.Default }

func TestOutputTail(t *testing.T) {
	key := "-----BEGIN RSA PRIVATE KEY-----\nMIIEsecretbody\nMIIEmore\n-----END RSA PRIVATE KEY-----\n"
	for _, tc := range []struct {
		out  string
		n    int
		want string
	}{
		{"short\n", 100, "short\n"},
		{"line one password=hunter2\nline two\n", 12, "line two\n"},
		{key + "after\n", len("MIIEmore\n-----END RSA PRIVATE KEY-----\nafter\n"), "after\n"},
		{"x\n" + key[:40], 20, ""},
	} {
		if got := outputTail(tc.out, tc.n); got != tc.want {
			t.Errorf("outputTail(%q, %d) = %q, want %q", tc.out, tc.n, got, tc.want)
		}
	}
}
