package fix

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sample = `package p

func f(xs []int) int {
	s := 0
	for i := 0; i <= len(xs); i++ {
		s += xs[i]
	}
	return s
}
`

// tree writes sample into a module in a temp dir and returns the module
// directory and the file.
func tree(t *testing.T) (string, string) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module p\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(dir, "p.go")
	if err := os.WriteFile(f, []byte(sample), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, f
}

func TestValidate(t *testing.T) {
	dir, f := tree(t)
	other := filepath.Join(t.TempDir(), "q.go")
	os.WriteFile(other, []byte("package q\n"), 0o644)
	link := filepath.Join(dir, "link.go")
	if err := os.Symlink(other, link); err != nil {
		t.Fatal(err)
	}
	mod := filepath.Join(dir, "go.mod")
	for _, tc := range []struct {
		name  string
		edits []Edit
		want  string // "" = valid
	}{
		{"replace", []Edit{{f, 5, 5, "\tfor i := 0; i < len(xs); i++ {"}}, ""},
		{"insert", []Edit{{f, 4, 3, "\t// sum"}}, ""},
		{"append", []Edit{{f, 10, 9, "var x = 1"}}, ""},
		{"delete", []Edit{{f, 4, 4, ""}}, "does not parse"}, // s undefined is a type error, but the deleted line leaves it parsing
		{"outside", []Edit{{other, 1, 1, "package q"}}, "outside the module"},
		{"link outside", []Edit{{link, 1, 1, "package q"}}, "outside the module"},
		{"relative", []Edit{{"p.go", 1, 1, "package p"}}, "absolute"},
		{"not go", []Edit{{mod, 1, 1, "module q"}}, "only Go files"},
		{"missing", []Edit{{filepath.Join(dir, "nope.go"), 1, 1, "package p"}}, "no such file"},
		{"zero line", []Edit{{f, 0, 1, "x"}}, "out of range"},
		{"past end", []Edit{{f, 9, 12, "x"}}, "out of range"},
		{"backwards", []Edit{{f, 5, 2, "x"}}, "out of range"},
		{"overlap", []Edit{{f, 4, 5, "\ts := 0"}, {f, 5, 6, "\tfor {"}}, "overlap"},
		{"unparsable", []Edit{{f, 5, 5, "\tfor i := 0; i <= len(xs; i++ {"}}, "does not parse"},
		{"none", nil, "no edits"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Validate(dir, Candidate{Title: tc.name, Edits: tc.edits})
			if tc.name == "delete" {
				// Deleting "s := 0" still parses (the type error is the
				// verifier's business).
				if err != nil {
					t.Errorf("Validate = %v, want nil", err)
				}
				return
			}
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("Validate = %v, want nil", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("Validate = %v, want an error containing %q", err, tc.want)
			}
			if err != nil && strings.Contains(err.Error(), "\n") {
				t.Errorf("the reason is not one line: %q", err)
			}
		})
	}
}

func TestApplyAndDiff(t *testing.T) {
	dir, f := tree(t)
	c := Candidate{Edits: []Edit{
		{f, 5, 5, "\tfor i := 0; i < len(xs); i++ {\n"},
		{f, 4, 3, "\t// sum of xs"},
		{f, 8, 8, ""},
		{f, 8, 7, "\treturn s // the sum"},
	}}
	files, err := apply(dir, c)
	if err != nil {
		t.Fatal(err)
	}
	want := `package p

func f(xs []int) int {
	// sum of xs
	s := 0
	for i := 0; i < len(xs); i++ {
		s += xs[i]
	}
	return s // the sum
}
`
	if got := string(files[f]); got != want {
		t.Errorf("applied:\n%s\nwant:\n%s", got, want)
	}
	wantDiff := `--- a/p.go
+++ b/p.go
@@ -1,9 +1,10 @@
 package p
 
 func f(xs []int) int {
+	// sum of xs
 	s := 0
-	for i := 0; i <= len(xs); i++ {
+	for i := 0; i < len(xs); i++ {
 		s += xs[i]
 	}
-	return s
+	return s // the sum
 }
`
	if got := Diff(dir, c); got != wantDiff {
		t.Errorf("Diff:\n%s\nwant:\n%s", got, wantDiff)
	}
	if b, _ := os.ReadFile(f); string(b) != sample {
		t.Error("apply wrote the user's file")
	}
}

func TestLineEdits(t *testing.T) {
	src := []byte("a\nbb\nccc\n")
	for _, tc := range []struct {
		name string
		ops  []op
		want []Edit
	}{
		{"insert line", []op{{off: 2, end: 2, text: "x\n"}}, []Edit{{"f", 2, 1, "x\n"}}},
		{"insert at end", []op{{off: 9, end: 9, text: "x\n"}}, []Edit{{"f", 4, 3, "x\n"}}},
		{"in line", []op{{off: 3, end: 4, text: "Z"}}, []Edit{{"f", 2, 2, "bZ\n"}}},
		{"two in a line", []op{{off: 5, end: 6, text: "X"}, {off: 7, end: 8, text: "Y"}}, []Edit{{"f", 3, 3, "XcY\n"}}},
		{"across lines", []op{{off: 1, end: 3, text: ""}}, []Edit{{"f", 1, 2, "ab\n"}}},
		{"delete line", []op{{off: 2, end: 5, text: ""}}, []Edit{{"f", 2, 2, ""}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := lineEdits("f", src, tc.ops)
			if !ok || len(got) != len(tc.want) {
				t.Fatalf("lineEdits = %+v, %v; want %+v", got, ok, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("edit %d = %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
	if _, ok := lineEdits("f", src, []op{{off: 1, end: 4}, {off: 3, end: 5}}); ok {
		t.Error("overlapping changes accepted")
	}
}
