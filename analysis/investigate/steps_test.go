package investigate

import (
	"os"
	"testing"

	"github.com/sleuth-dev/sleuth/analysis/fix"
	"github.com/sleuth-dev/sleuth/memory"
)

// TestFixHistoryOrder: what worked before is tried first, what failed
// before is never proposed again.
func TestFixHistoryOrder(t *testing.T) {
	dir := t.TempDir()
	file := dir + "/a.go"
	writeFile(t, file, "package a\n\nfunc f() int {\n\treturn 1\n}\n")
	bad := fix.Candidate{Title: "bad", Shape: "bound", Edits: []fix.Edit{{File: file, StartLine: 4, EndLine: 4, NewText: "\treturn 2\n"}}}
	other := fix.Candidate{Title: "other", Shape: "guard-nil", Edits: []fix.Edit{{File: file, StartLine: 4, EndLine: 4, NewText: "\treturn 3\n"}}}
	good := fix.Candidate{Title: "good", Shape: "init-nil-map", Edits: []fix.Edit{{File: file, StartLine: 4, EndLine: 4, NewText: "\treturn 4\n"}}}
	h := &FixHistory{
		WorkedShapes:  map[string]bool{"init-nil-map": true},
		FailedChanges: map[string]bool{memory.NormalizeDiff(fix.Diff(dir, bad)): true},
	}
	got, skipped := h.order(dir, []fix.Candidate{bad, other, good})
	if skipped != 1 || len(got) != 2 || got[0].Title != "good" || got[1].Title != "other" {
		t.Errorf("order = %+v, skipped %d", got, skipped)
	}
	var none *FixHistory
	if got, n := none.order(dir, []fix.Candidate{bad}); len(got) != 1 || n != 0 {
		t.Error("no history changes nothing")
	}
}

func writeFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
