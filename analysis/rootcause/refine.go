package rootcause

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// Observer re-runs the failing target with snapshot points at the given
// "file:line" locations and returns the snapshots taken. The caller owns
// how (capture.Run with Options.At); rootcause only asks.
type Observer func(ctx context.Context, at []string) ([]report.Snapshot, error)

// Refinement bounds: at most maxHypotheses lines are observed, and only
// suspects within band of the best are worth the re-run.
const (
	maxHypotheses = 6
	band          = 0.15
)

// NeedsRefine reports whether a re-run could change the ranking: the
// failure is one whose suspects come from data flow (a failed check, an
// explicit panic) and more than one suspect leads.
func NeedsRefine(rep *report.Report, sus []report.Suspect) bool {
	if rep.Failure == nil || len(sus) < 2 {
		return false
	}
	switch rep.Failure.Kind {
	case report.KindTestFailure, report.KindCustomPanic:
	default:
		return false
	}
	return len(hypotheses(rep, sus)) > 1
}

// hypotheses returns the indexes of the suspects worth observing.
func hypotheses(rep *report.Report, sus []report.Suspect) []int {
	var out []int
	for i, s := range sus {
		if len(out) == maxHypotheses || s.Score < sus[0].Score-band {
			break
		}
		if s.File == rep.Failure.Location.File && s.Line == rep.Failure.Location.Line {
			continue
		}
		out = append(out, i)
	}
	return out
}

// Refine tests the leading suspects as hypotheses ("the wrong value is
// made at this line") by re-running the failure with breakpoints there: a
// line the failing run never reaches cannot have made its value and is
// demoted; a reached line keeps its place, with the values seen there as
// evidence. Hypotheses and outcomes are added to each suspect's evidence
// and the explanation is rewritten.
//
// A panic in Refine (or in observe) is returned as an error, with sus
// unchanged, as AnalyzeWith does.
func Refine(ctx context.Context, rep *report.Report, sus []report.Suspect, observe Observer) (out []report.Suspect, expl report.Explanation, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, expl, err = sus, rep.Explanation, failed(r)
		}
	}()
	idx := hypotheses(rep, sus)
	if len(idx) < 2 {
		return sus, rep.Explanation, nil
	}
	var at []string
	for _, i := range idx {
		at = append(at, fmt.Sprintf("%s:%d", sus[i].File, sus[i].Line))
	}
	snaps, err := observe(ctx, at)
	if err != nil {
		return sus, rep.Explanation, fmt.Errorf("rootcause: re-running to test hypotheses: %w", err)
	}
	out = append([]report.Suspect(nil), sus...)
	for _, i := range idx {
		s := &out[i]
		hits := snapshotsAt(snaps, s.File, s.Line)
		where := fmt.Sprintf("%s:%d", filepath.Base(s.File), s.Line)
		if len(hits) == 0 {
			s.Score -= 0.3
			s.Evidence = append(s.Evidence, "hypothesis rejected: a re-run of the failure never reached "+where)
			continue
		}
		s.Score += 0.05
		note := fmt.Sprintf("hypothesis holds: a re-run of the failure reached %s", where)
		if vals := lineValues(hits[0], s.File, s.Line); vals != "" {
			note += " with " + vals
		}
		s.Evidence = append(s.Evidence, note)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	for i := range out {
		out[i].Score = min(max(out[i].Score, 0), 1)
	}
	return out, explain(rep, out), nil
}

// snapshotsAt lists the snapshots taken at file:line.
func snapshotsAt(snaps []report.Snapshot, file string, line int) []report.Snapshot {
	var out []report.Snapshot
	for _, s := range snaps {
		if s.Location.Line == line && filepath.Clean(s.Location.File) == filepath.Clean(file) {
			out = append(out, s)
		}
	}
	return out
}

var chainRE = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*`)

// lineValues renders the snapshot's values of what the source line reads
// (variables and their fields: a.EditedAt), at most three.
func lineValues(s report.Snapshot, file string, line int) string {
	text := sourceLine(file, line)
	if text == "" {
		return ""
	}
	vars := map[string]string{}
	for _, v := range append(append([]report.Var{}, s.Args...), s.Locals...) {
		vars[v.Name] = v.Value
	}
	var parts []string
	seen := map[string]bool{}
	for _, chain := range chainRE.FindAllString(text, -1) {
		names := strings.Split(chain, ".")
		val, ok := vars[names[0]]
		if !ok {
			continue
		}
		// The longest prefix of the chain that is a field path.
		n := len(names)
		for ; n > 1; n-- {
			if v, ok := field(val, names[1:n]); ok {
				val = v
				break
			}
		}
		expr := strings.Join(names[:n], ".")
		if seen[expr] || len(parts) == 3 {
			continue
		}
		seen[expr] = true
		if i := strings.Index(val, "){"); strings.HasPrefix(val, "time.Time(") && i > 0 {
			val = val[:i+1] // the readable part of a time
		}
		if len(val) > 80 {
			val = val[:80] + "…"
		}
		parts = append(parts, expr+" = "+val)
	}
	return strings.Join(parts, ", ")
}

// sourceLine reads one line of a file.
func sourceLine(file string, line int) string {
	f, err := os.Open(file)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if n == line {
			return sc.Text()
		}
	}
	return ""
}
