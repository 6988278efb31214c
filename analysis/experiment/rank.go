package experiment

import (
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/sleuth-dev/sleuth/analysis/fix"
	"github.com/sleuth-dev/sleuth/analysis/report"
)

// The weights of the ranking, in one place. A suspect's score is its
// prior (the static analysis' score, 0 to 1, or nothing for a line only
// the experiments found) plus the weight of its best verdict; a line
// whose experiments all failed to change the outcome keeps DemotedPrior
// of its prior.
const (
	// WeightFixes: an edit at the line makes the failing test pass and
	// keeps the package's other tests passing.
	WeightFixes = 3.0
	// WeightFlip: forcing the line's condition the other way once, an
	// edit that breaks other tests, or one that hides the failure
	// (Outcome.Weak) makes the failing test pass: the line matters, the
	// edit is not the fix. A nudge: the priors still order such lines.
	WeightFlip = 0.1
	// WeightFamily is added per rank of the simplest fixing edit's family
	// (boundary first): the simpler edit is the likelier fix.
	WeightFamily = 0.02
	// DemotedPrior multiplies the prior of a line whose experiments all
	// failed to change the outcome. Mild: the families cannot express
	// every fix (a missing error check), so no change is weak evidence.
	DemotedPrior = 0.95
	// TestFilePrior multiplies the prior of a suspect in a test file when
	// experiments ran: every experiment takes the failing test as the
	// oracle, so the test's own lines are the least likely causes.
	TestFilePrior = 0.6
	// NewLinePrior is the prior of a line only the experiments found
	// with an edit that fixes the test; half of it when they found only
	// that the line matters.
	NewLinePrior = 0.3
	// WeightBody is added to WeightFlip for a statement of a branch that a
	// change turned off to make the test pass: what the branch does is
	// likelier wrong than the condition that runs it.
	WeightBody = 0.05
)

// LineKey is how a line is named in the maps of this package ("file:line",
// file absolute), as in Result.Reached.
func LineKey(file string, line int) string { return file + ":" + strconv.Itoa(line) }

// Priority maps each suspect's line to its first position in sus: the
// order Run tries lines in, and the order Fixes lists candidates in.
func Priority(sus []report.Suspect) map[string]int {
	m := map[string]int{}
	for i, s := range sus {
		if _, ok := m[LineKey(s.File, s.Line)]; !ok {
			m[LineKey(s.File, s.Line)] = i
		}
	}
	return m
}

// familyRank orders fix families from the simplest, likeliest edit.
var familyRank = map[string]int{
	"boundary": 0, "offset": 1, "constant": 1, "operator": 2, "arith": 2, "swap": 2, "wrap": 2,
	"assign-result": 2, "break": 2, "pair": 3, "variable": 3, "field": 3, "other-field": 3, "negate": 4, "delete": 5,
}

// lineVerdict gathers the outcomes of one line.
type lineVerdict struct {
	file                string
	line                int
	fn                  string
	tried               int
	fixes, flips, broke []Outcome
	// guardedBy are changes that made the test pass by turning off the
	// branch this line is in.
	guardedBy []Outcome
}

func (v *lineVerdict) weight() float64 {
	switch {
	case len(v.fixes) > 0:
		best := 9
		for _, o := range v.fixes {
			best = min(best, familyRank[o.Variant.Family])
		}
		return WeightFixes + float64(6-best)*WeightFamily
	case len(v.guardedBy) > 0:
		return WeightFlip + WeightBody
	case len(v.flips) > 0 || len(v.broke) > 0:
		return WeightFlip
	}
	return 0
}

// verdicts groups the outcomes by line.
func verdicts(res *Result) map[string]*lineVerdict {
	m := map[string]*lineVerdict{}
	for _, o := range res.Outcomes {
		s := o.Variant.Site
		key := LineKey(s.File, s.Line)
		v := m[key]
		if v == nil {
			v = &lineVerdict{file: s.File, line: s.Line, fn: s.Func}
			m[key] = v
		}
		v.tried++
		switch {
		case o.Fixes() && !o.Weak():
			v.fixes = append(v.fixes, o)
		case o.Passed && (!o.Checked || o.Weak()):
			v.flips = append(v.flips, o)
		case o.Passed:
			v.broke = append(v.broke, o)
		}
		if o.Passed && o.Disables {
			for _, g := range s.Guard {
				line, ok := res.Markers[g]
				if !ok || !res.Reached[line] {
					continue
				}
				b := m[line]
				if b == nil {
					f, n := splitLine(line)
					b = &lineVerdict{file: f, line: n}
					m[line] = b
				}
				b.guardedBy = append(b.guardedBy, o)
			}
		}
	}
	return m
}

// splitLine splits "file:line".
func splitLine(s string) (string, int) {
	i := strings.LastIndexByte(s, ':')
	n, _ := strconv.Atoi(s[i+1:])
	return s[:i], n
}

// Rank reorders the suspects by what the experiments showed, adding the
// lines only they found, with the evidence of what was tried.
func Rank(sus []report.Suspect, res *Result) []report.Suspect {
	if res == nil || len(res.Outcomes) == 0 {
		return sus
	}
	vs := verdicts(res)
	out := make([]report.Suspect, 0, len(sus))
	seen := map[string]bool{}
	for _, s := range sus {
		key := LineKey(s.File, s.Line)
		seen[key] = true
		if v := vs[key]; v != nil {
			if w := v.weight(); w > 0 {
				s.Score += w
			} else {
				s.Score *= DemotedPrior
			}
			s.Evidence = append([]string{v.evidence(res)}, s.Evidence...)
		} else if strings.HasSuffix(s.File, "_test.go") {
			s.Score *= TestFilePrior
		}
		out = append(out, s)
	}
	for key, v := range vs {
		if seen[key] || v.weight() == 0 {
			continue
		}
		prior := NewLinePrior
		if len(v.fixes) == 0 {
			prior /= 2
		}
		out = append(out, report.Suspect{File: v.file, Line: v.line, Function: v.fn, Reason: v.reason(res),
			Score: prior + v.weight(), Evidence: []string{v.evidence(res)}})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	for i := range out {
		if v := vs[LineKey(out[i].File, out[i].Line)]; v != nil && out[i].Reason == "" {
			out[i].Reason = v.reason(res)
		}
	}
	return out
}

// reason is a new suspect's one line.
func (v *lineVerdict) reason(res *Result) string {
	switch {
	case len(v.fixes) > 0:
		return "changing " + v.fixes[0].Variant.Desc + " here makes " + res.Test + " pass"
	case len(v.guardedBy) > 0:
		return "the failure disappears when the branch this line is in does not run"
	case len(v.flips) > 0:
		return "the failure disappears when " + v.flips[0].Variant.Desc
	case len(v.broke) > 0:
		return "changing " + v.broke[0].Variant.Desc + " here makes " + res.Test + " pass, but breaks other tests"
	}
	return ""
}

// evidence says what was tried at the line and what it did.
func (v *lineVerdict) evidence(res *Result) string {
	at := filepath.Base(v.file) + ":" + strconv.Itoa(v.line)
	switch {
	case len(v.fixes) > 0:
		others := "the package has no other tests"
		switch {
		case res.Others == 1:
			others = "the other test of the package still passes"
		case res.Others > 1:
			others = fmt.Sprintf("the %d other tests of the package still pass", res.Others)
		}
		return fmt.Sprintf("experiment: changing %s at %s makes %s pass; %s", v.fixes[0].Variant.Desc, at, res.Test, others)
	case len(v.guardedBy) > 0:
		o := v.guardedBy[0]
		return fmt.Sprintf("experiment: %s at %s:%d turns off the branch holding %s, and %s passes: what the branch does matters",
			o.Variant.Desc, filepath.Base(o.Variant.Site.File), o.Variant.Site.Line, at, res.Test)
	case len(v.flips) > 0:
		o := v.flips[0]
		what := o.Variant.Desc
		if o.Variant.Family != "flip" {
			what = "changing " + what
		}
		switch {
		case o.Disables:
			what += " (which turns its branch off)"
		case o.Toggles:
			what += " (which switches its branch)"
		case o.AtCrash:
			what += " (where it panicked)"
		}
		return fmt.Sprintf("experiment: %s at %s makes %s pass; a change that hides the failure more than it fixes it", what, at, res.Test)
	case len(v.broke) > 0:
		o := v.broke[0]
		return fmt.Sprintf("experiment: changing %s at %s makes %s pass but breaks %s", o.Variant.Desc, at, res.Test, strings.Join(o.Broke, ", "))
	}
	return fmt.Sprintf("experiment: %d edit(s) at %s were tried; none changed the outcome", v.tried, at)
}

// MaxFixes bounds the fix candidates made from passing edits.
const MaxFixes = 3

// Fixes turns the edits that fixed the test into fix candidates, the
// simplest first, one per line, for a verification by a normal build.
func Fixes(res *Result, sus []report.Suspect) []fix.Candidate {
	if res == nil {
		return nil
	}
	rank := Priority(sus)
	var outs []Outcome
	for _, o := range res.Outcomes {
		if o.Fixes() && !o.Weak() {
			outs = append(outs, o)
		}
	}
	pos := func(o Outcome) int {
		if r, ok := rank[LineKey(o.Variant.Site.File, o.Variant.Site.Line)]; ok {
			return r
		}
		return len(sus)
	}
	sort.SliceStable(outs, func(i, j int) bool {
		if a, b := pos(outs[i]), pos(outs[j]); a != b {
			return a < b
		}
		return familyRank[outs[i].Variant.Family] < familyRank[outs[j].Variant.Family]
	})
	var out []fix.Candidate
	lines := map[string]bool{}
	for _, o := range outs {
		s := o.Variant.Site
		key := LineKey(s.File, s.Line)
		if lines[key] {
			continue
		}
		c, ok := candidate(o.Variant)
		if !ok {
			continue
		}
		lines[key] = true
		out = append(out, c)
		if len(out) == MaxFixes {
			break
		}
	}
	return out
}

// candidate is v as an edit of whole lines.
func candidate(v *Variant) (fix.Candidate, bool) {
	s := v.Site
	src := s.source()
	if src == nil || s.Pos > s.End || s.End > len(src) {
		return fix.Candidate{}, false
	}
	start := strings.LastIndexByte(string(src[:s.Pos]), '\n') + 1
	end := s.End
	if i := strings.IndexByte(string(src[s.End:]), '\n'); i >= 0 {
		end = s.End + i
	} else {
		end = len(src)
	}
	firstLine := strings.Count(string(src[:start]), "\n") + 1
	lastLine := firstLine + strings.Count(string(src[start:end]), "\n")
	text := string(src[start:s.Pos]) + v.Fix + string(src[s.End:end])
	newText := text + "\n"
	if strings.TrimSpace(text) == "" {
		newText = "" // the statement was the whole line: remove it
	}
	edits := []fix.Edit{{File: s.File, StartLine: firstLine, EndLine: lastLine, NewText: newText}}
	if v.Import != "" {
		e, ok := importEdit(s.File, src, v.Import)
		if !ok || e.StartLine > firstLine {
			return fix.Candidate{}, false
		}
		edits = append([]fix.Edit{e}, edits...)
	}
	return fix.Candidate{
		Title:  "change " + v.Desc + " at " + filepath.Base(s.File) + ":" + strconv.Itoa(s.Line),
		Source: fix.SourceExperiment,
		Shape:  v.Family,
		Edits:  edits,
	}, true
}

// importEdit inserts an import of path into the file: into its import
// block, after its single import line, or after the package clause.
func importEdit(file string, src []byte, path string) (fix.Edit, bool) {
	lines := strings.Split(string(src), "\n")
	q := strconv.Quote(path)
	pkgLine := 0
	for i, l := range lines {
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, "import ("):
			return fix.Edit{File: file, StartLine: i + 2, EndLine: i + 1, NewText: "\t" + q + "\n"}, true
		case strings.HasPrefix(t, "import "):
			return fix.Edit{File: file, StartLine: i + 2, EndLine: i + 1, NewText: "import " + q + "\n"}, true
		case strings.HasPrefix(t, "package ") && pkgLine == 0:
			pkgLine = i + 1
		case strings.HasPrefix(t, "func ") || strings.HasPrefix(t, "type ") || strings.HasPrefix(t, "var ") || strings.HasPrefix(t, "const "):
			if pkgLine > 0 {
				return fix.Edit{File: file, StartLine: pkgLine + 1, EndLine: pkgLine, NewText: "\nimport " + q + "\n"}, true
			}
			return fix.Edit{}, false
		}
	}
	return fix.Edit{}, false
}
