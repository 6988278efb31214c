package experiment

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// corpusCase is a row of the root-cause corpus' table (CASES.md).
type corpusCase struct{ name, kind, test string }

func corpusCases(b *testing.B) []corpusCase {
	f, err := os.Open("../rootcause/testdata/corpus/CASES.md")
	if err != nil {
		b.Skip("no corpus: ", err)
	}
	defer f.Close()
	var out []corpusCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "|")
		if len(cols) < 5 {
			continue
		}
		name, kind, test := strings.TrimSpace(cols[1]), strings.TrimSpace(cols[2]), strings.TrimSpace(cols[3])
		if strings.HasPrefix(test, "Test") {
			out = append(out, corpusCase{name, kind, test})
		}
	}
	return out
}

// BenchmarkExperiments runs the experiments of every corpus case they
// apply to (one failure per case, no Delve: the failing test is known)
// and reports the median time per failure and the changes tried. Run it
// with -benchtime 1x: one iteration covers the corpus.
//
//	go test -run '^$' -bench Experiments -benchtime 1x ./analysis/experiment
func BenchmarkExperiments(b *testing.B) {
	cases := corpusCases(b)
	for b.Loop() {
		var times, tried []float64
		for _, c := range cases {
			dir, _ := filepath.Abs(filepath.Join("../rootcause/testdata/corpus/cases", c.name))
			rep := report.Empty("test")
			rep.Target.Dir = dir
			rep.Failure = &report.Failure{Kind: report.Kind(c.kind), Test: c.test}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			t0 := time.Now()
			res, err := Run(ctx, rep, nil, Options{})
			cancel()
			if err != nil {
				continue
			}
			times = append(times, time.Since(t0).Seconds())
			tried = append(tried, float64(len(res.Outcomes)))
		}
		b.ReportMetric(med(times), "median-s/failure")
		b.ReportMetric(med(tried), "median-changes/failure")
		b.ReportMetric(float64(len(times)), "failures")
	}
}

func med(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	sort.Float64s(xs)
	return xs[len(xs)/2]
}
