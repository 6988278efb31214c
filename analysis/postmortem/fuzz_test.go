package postmortem

import (
	"os"
	"path/filepath"
	"testing"
)

// seedTestdata adds every testdata trace to a fuzz corpus.
func seedTestdata(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no testdata: %v", err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

// FuzzParse checks that no pasted text makes Parse panic and that every
// report it returns has the shape the rest of sleuth relies on.
func FuzzParse(f *testing.F) {
	seedTestdata(f)
	f.Add([]byte("panic: x\n\ngoroutine 1 [running]:\nmain.main()\n\t/a/b.go:1 +0x1\n"))
	f.Add([]byte("==================\nWARNING: DATA RACE\nRead at 0x1 by main goroutine:\n  main.f()\n      /a/b.go:2\n==================\n"))
	root := workspace(f, true, userFiles...)
	f.Fuzz(func(t *testing.T, text []byte) {
		for _, opts := range []Options{{}, {Root: root}} {
			r, err := Parse(text, opts)
			if err != nil {
				if r != nil {
					t.Fatal("report and error")
				}
				continue
			}
			if r.Failure == nil || r.Failure.Kind == "" {
				t.Fatalf("report without failure kind: %+v", r.Failure)
			}
			if r.Frames == nil || r.Goroutines == nil || r.Suspects == nil {
				t.Fatal("nil slices")
			}
			for _, g := range r.Goroutines {
				if g.Count < 1 || (g.Count > 1 && len(g.IDs) != g.Count) {
					t.Fatalf("bad group %+v", g)
				}
			}
		}
	})
}

// FuzzRaceReport checks that ParseRace never panics and only returns races
// with at least one access.
func FuzzRaceReport(f *testing.F) {
	seedTestdata(f)
	f.Fuzz(func(t *testing.T, text []byte) {
		for _, race := range ParseRace(text, nil) {
			if len(race.Accesses) == 0 {
				t.Fatal("race without accesses")
			}
		}
	})
}
