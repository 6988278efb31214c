package rootcause

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

func TestFieldsOfRenderedStructs(t *testing.T) {
	v := `*svc.Client {http: *http.Client {Jar: nil, Timeout: net.cacheMaxAge (5000000000)}, baseURL: "https://x, y", retries: 3}`
	if got, ok := field(v, []string{"retries"}); !ok || got != "3" {
		t.Errorf("retries = %q, %v", got, ok)
	}
	if got, ok := field(v, []string{"baseURL"}); !ok || got != `"https://x, y"` {
		t.Errorf("baseURL = %q, %v", got, ok)
	}
	got, ok := field(v, []string{"http", "Timeout"})
	if s, _ := scalar(got); !ok || s != "5000000000" {
		t.Errorf("http.Timeout = %q (%q), %v", got, s, ok)
	}
	if _, ok := field(v, []string{"missing"}); ok {
		t.Error("a missing field was found")
	}
	if fieldsOf(`map[string]int ["a": 1]`) != nil || fieldsOf(`[]int len: 2, cap: 2, [1,2]`) != nil {
		t.Error("maps and slices are not structs")
	}
}

func TestDiffFields(t *testing.T) {
	d := diffFields(`inv.Totals {Net: 10346, Tax: 733, Gross: 11079}`, `inv.Totals {Net: 10346, Tax: 734, Gross: 11080}`)
	if len(d) != 2 || !d["Tax"] || !d["Gross"] {
		t.Errorf("diff = %v", d)
	}
	if diffFields(`T {A: 1}`, `T {A: 1}`) != nil {
		t.Error("equal structs differ")
	}
}

func TestScalar(t *testing.T) {
	for in, want := range map[string]string{`"abc"`: "abc", `42`: "42", `pkg.Mode (3)`: "3"} {
		if got, ok := scalar(in); !ok || got != want {
			t.Errorf("scalar(%s) = %q, %v", in, got, ok)
		}
	}
	if _, ok := scalar(`"trunc…`); ok {
		t.Error("a truncated value is not a scalar")
	}
	if !sameScalar("3", "3.0") || sameScalar("3", "4") || distinctive("0") || !distinctive("733") {
		t.Error("scalar comparison")
	}
}

// TestRefineOutcomes checks how observations change the ranking; the real
// re-run under Delve is exercised by TestCorpus.
func TestRefineOutcomes(t *testing.T) {
	rep := report.Empty("test")
	rep.Failure = &report.Failure{Kind: report.KindTestFailure, Location: report.Location{File: "/m/x_test.go", Line: 9}}
	sus := []report.Suspect{
		{File: "/m/a.go", Line: 3, Score: 0.6, Reason: "a"},
		{File: "/m/b.go", Line: 7, Score: 0.55, Reason: "b"},
	}
	if !NeedsRefine(rep, sus) {
		t.Fatal("two close suspects of a failed check need a re-run")
	}
	seenOnlyB := func(ctx context.Context, at []string) ([]report.Snapshot, error) {
		if len(at) != 2 || at[0] != "/m/a.go:3" {
			t.Errorf("asked for %v", at)
		}
		return []report.Snapshot{{Location: report.Location{File: "/m/b.go", Line: 7}, Hit: 1}}, nil
	}
	got, _, err := Refine(context.Background(), rep, sus, seenOnlyB)
	if err != nil || got[0].Line != 7 || !strings.Contains(strings.Join(got[1].Evidence, " "), "never reached") {
		t.Errorf("refined = %+v, %v", got, err)
	}
	failing := func(context.Context, []string) ([]report.Snapshot, error) { return nil, errors.New("build failed") }
	got, _, err = Refine(context.Background(), rep, sus, failing)
	if err == nil || got[0].Line != 3 {
		t.Errorf("a failed re-run must keep the ranking and say why: %+v, %v", got, err)
	}
	rep.Failure.Kind = report.KindNilDeref
	if NeedsRefine(rep, sus) {
		t.Error("nil dereferences are traced statically")
	}
}
