package investigate

import (
	"regexp"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// Redacted replaces every match of a redaction pattern.
const Redacted = "‹redacted›"

// Redact masks every match of patterns in rep's values, messages, output and
// explanation, in place. Names, types and locations are left alone: they
// come from the source, not from the data.
func Redact(rep *report.Report, patterns []*regexp.Regexp) {
	if rep == nil || len(patterns) == 0 {
		return
	}
	s := func(p *string) {
		for _, re := range patterns {
			*p = re.ReplaceAllString(*p, Redacted)
		}
	}
	vars := func(vs []report.Var) {
		for i := range vs {
			s(&vs[i].Value)
		}
	}
	frames := func(fs []report.Frame) {
		for i := range fs {
			vars(fs[i].Args)
			vars(fs[i].Locals)
		}
	}
	if f := rep.Failure; f != nil {
		s(&f.Message)
		vars(f.Case)
	}
	frames(rep.Frames)
	for i := range rep.Goroutines {
		frames(rep.Goroutines[i].Frames)
	}
	for i := range rep.Snapshots {
		vars(rep.Snapshots[i].Args)
		vars(rep.Snapshots[i].Locals)
	}
	if rep.Race != nil {
		for i := range rep.Race.Accesses {
			frames(rep.Race.Accesses[i].Frames)
		}
	}
	for i := range rep.Suspects {
		s(&rep.Suspects[i].Reason)
		for j := range rep.Suspects[i].Evidence {
			s(&rep.Suspects[i].Evidence[j])
		}
	}
	s(&rep.Explanation.Summary)
	s(&rep.Explanation.Details)
	s(&rep.Target.Output)
	for i := range rep.Notes {
		s(&rep.Notes[i])
	}
}
