package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/capture"
	"github.com/sleuth-dev/sleuth/analysis/investigate"
	"github.com/sleuth-dev/sleuth/analysis/report"
	"github.com/sleuth-dev/sleuth/memory"
)

// BenchmarkMemoryCorpus measures recurrence recall on the root-cause
// corpus (analysis/rootcause/testdata/corpus, copied to a temporary
// directory): every case's failure is captured and recorded; then
//
//   - a small unrelated edit (a comment line inserted at the top of the
//     crashing file, so every line below moves) and a re-run must recall
//     the original as an exact match;
//   - a variant in another function (the innermost user function renamed
//     everywhere in the package, so its frames differ) must recall it as
//     a similar match. Cases where the rename does not compile (the name
//     is also a standard library method's) are counted apart.
//
// It captures each case three times under Delve, so it runs only under
// -bench:
//
//	cd cmd/sleuth && go test -run '^$' -bench MemoryCorpus -benchtime 1x .
func BenchmarkMemoryCorpus(b *testing.B) {
	ctx := context.Background()
	work := b.TempDir()
	if err := os.CopyFS(work, os.DirFS("../../analysis/rootcause/testdata/corpus")); err != nil {
		b.Fatal(err)
	}
	st, err := memory.Open(ctx, memory.Options{Path: filepath.Join(work, "memory.db")})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	capt := func(dir string) *report.Report {
		rep, err := capture.Run(ctx, capture.Options{Dir: dir, Packages: []string{"."}, Timeout: 30 * time.Second})
		if err != nil {
			b.Logf("%s: %v", filepath.Base(dir), err)
			return nil
		}
		return rep
	}
	recalled := func(rep *report.Report, id int64, exact bool) bool {
		sig, ok := memory.SignatureOf(rep)
		if !ok {
			return false
		}
		rc, err := st.Recall(ctx, sig, 5)
		if err != nil {
			b.Fatal(err)
		}
		for _, m := range rc.Matches {
			if m.Incident.ID == id && m.Exact == exact {
				return true
			}
		}
		return false
	}
	cases, _ := filepath.Glob(filepath.Join(work, "cases", "*"))
	sort.Strings(cases)
	var n, exact, variants, similar, noVariant int
	var missed []string
	for range b.N {
		for _, dir := range cases {
			rep := capt(dir)
			if rep == nil || rep.Failure == nil {
				continue
			}
			if err := investigate.RecordFailure(ctx, st, rep); err != nil {
				b.Fatal(err)
			}
			id := rep.Memory.Incident
			n++
			restore := snapshot(b, dir)

			crash := rep.Failure.Location.File
			src, _ := os.ReadFile(crash)
			edited := strings.Replace(string(src), "\n", "\n\n// An unrelated edit moves every line below.\n", 1)
			os.WriteFile(crash, []byte(edited), 0o644)
			if again := capt(dir); again != nil && recalled(again, id, true) {
				exact++
			} else {
				missed = append(missed, filepath.Base(dir)+" (re-run)")
			}
			restore()

			if !renameInnermost(b, dir, rep) {
				noVariant++
				continue
			}
			v := capt(dir)
			restore()
			if v == nil || v.Failure == nil || v.Failure.Kind == report.KindBuildError {
				noVariant++
				continue
			}
			variants++
			if recalled(v, id, false) {
				similar++
			} else {
				missed = append(missed, filepath.Base(dir)+" (variant)")
			}
		}
	}
	b.ReportMetric(float64(n), "cases")
	b.ReportMetric(100*float64(exact)/float64(max(n, 1)), "%exact-after-edit")
	b.ReportMetric(float64(variants), "variants")
	b.ReportMetric(100*float64(similar)/float64(max(variants, 1)), "%variant-recalled")
	b.ReportMetric(float64(noVariant), "no-variant")
	if len(missed) > 0 {
		b.Logf("missed: %s", strings.Join(missed, ", "))
	}
}

// snapshot saves the .go files of dir and returns what puts them back.
func snapshot(b *testing.B, dir string) func() {
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	saved := map[string][]byte{}
	for _, f := range files {
		saved[f], _ = os.ReadFile(f)
	}
	return func() {
		for f, src := range saved {
			if err := os.WriteFile(f, src, 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// renameInnermost renames the innermost user function that is not a test
// (or the test, if it is the only one) in every file of dir.
func renameInnermost(b *testing.B, dir string, rep *report.Report) bool {
	sig, _ := memory.SignatureOf(rep)
	name := ""
	for _, fn := range sig.Frames {
		short := memory.ShortFunc(fn)
		if strings.HasSuffix(short, ".func") {
			short = strings.TrimSuffix(short, ".func")
		}
		if i := strings.LastIndex(short, "."); i >= 0 {
			short = short[i+1:]
		}
		if short != "" && !strings.ContainsAny(short, "()*[") {
			name = short
			break
		}
	}
	if name == "" {
		return false
	}
	re := regexp.MustCompile(`\b` + regexp.QuoteMeta(name) + `\b`)
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, f := range files {
		src, _ := os.ReadFile(f)
		if err := os.WriteFile(f, re.ReplaceAll(src, []byte(name+"Variant")), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return true
}
