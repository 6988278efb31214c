package redact

import (
	"slices"

	"github.com/sleuth-dev/sleuth/analysis/report"
)

// The walk over a report: every field that holds data the target produced
// or text derived from it. Names, types, locations and a fix's Edits are
// left alone: they come from the source (the Edits are written back into
// it; see the package comment).

// Redact masks secrets in rep in place, in every text the report holds:
// the failure's message, case and compiler messages; the arguments and
// locals of the failing goroutine's frames, of every goroutine's, of the
// race accesses' and of the snapshots; the waits; the suspects' reasons and
// evidence; the explanation; the fixes' titles, details and diffs; the
// memory's lines and matches; the target's arguments and output; the
// notes. The values rep shows to be secret (For) are masked everywhere.
func (r *Redactor) Redact(rep *report.Report) {
	if rep == nil {
		return
	}
	r.For(rep).walk(rep)
}

// Report returns a redacted deep copy of rep, as Redact would leave it;
// rep is not changed.
func (r *Redactor) Report(rep *report.Report) *report.Report {
	if rep == nil {
		return nil
	}
	out := clone(rep)
	r.For(rep).walk(out)
	return out
}

// Var redacts one variable: its whole value when its name says secret.
func (r *Redactor) Var(v report.Var) report.Var {
	if SecretName(v.Name) {
		v.Value = Mask
		return v
	}
	v.Value = r.String(v.Value)
	return v
}

// walk redacts rep in place with r as it is.
func (r *Redactor) walk(rep *report.Report) {
	if f := rep.Failure; f != nil {
		f.Message = r.String(f.Message)
		r.vars(f.Case)
		for i := range f.Errors {
			f.Errors[i].Message = r.String(f.Errors[i].Message)
		}
	}
	r.frames(rep.Frames)
	for i := range rep.Goroutines {
		r.frames(rep.Goroutines[i].Frames)
	}
	for i := range rep.WaitFor {
		w := &rep.WaitFor[i]
		w.Object, w.Detail = r.String(w.Object), r.String(w.Detail)
	}
	if rep.Race != nil {
		for i := range rep.Race.Accesses {
			a := &rep.Race.Accesses[i]
			r.frames(a.Frames)
			r.frames(a.CreatedBy)
		}
	}
	for i := range rep.Snapshots {
		r.vars(rep.Snapshots[i].Args)
		r.vars(rep.Snapshots[i].Locals)
	}
	for i := range rep.Suspects {
		s := &rep.Suspects[i]
		s.Reason = r.String(s.Reason)
		r.strings(s.Evidence)
	}
	rep.Explanation.Summary = r.String(rep.Explanation.Summary)
	rep.Explanation.Details = r.String(rep.Explanation.Details)
	for i := range rep.Fixes {
		r.fix(&rep.Fixes[i])
	}
	m := &rep.Memory
	r.strings(m.Similar)
	m.Summary = r.String(m.Summary)
	for i := range m.Matches {
		mm := &m.Matches[i]
		mm.Message = r.String(mm.Message)
		r.strings(mm.Why)
		if mm.Fix != nil {
			r.fix(mm.Fix)
		}
	}
	r.strings(rep.Target.Args)
	rep.Target.Output = r.String(rep.Target.Output)
	r.strings(rep.Notes)
}

// fix redacts a fix's text; its diff as code. Edits are left as they are.
func (r *Redactor) fix(f *report.Fix) {
	f.Title, f.Detail, f.Diff = r.String(f.Title), r.String(f.Detail), r.Code(f.Diff)
}

func (r *Redactor) vars(vs []report.Var) {
	for i := range vs {
		vs[i] = r.Var(vs[i])
	}
}

func (r *Redactor) frames(fs []report.Frame) {
	for i := range fs {
		r.vars(fs[i].Args)
		r.vars(fs[i].Locals)
	}
}

func (r *Redactor) strings(ss []string) {
	for i := range ss {
		ss[i] = r.String(ss[i])
	}
}

// clone copies rep deeply enough that walk changes nothing rep shares:
// every slice and pointer walk writes through. Nil stays nil and empty
// stays empty, so the JSON shape is the same.
func clone(rep *report.Report) *report.Report {
	out := *rep
	if f := rep.Failure; f != nil {
		fc := *f
		fc.Case, fc.Errors = slices.Clone(f.Case), slices.Clone(f.Errors)
		out.Failure = &fc
	}
	out.Frames = cloneFrames(rep.Frames)
	if rep.Goroutines != nil {
		out.Goroutines = slices.Clone(rep.Goroutines)
		for i := range out.Goroutines {
			out.Goroutines[i].Frames = cloneFrames(out.Goroutines[i].Frames)
		}
	}
	out.WaitFor = slices.Clone(rep.WaitFor)
	if rep.Race != nil {
		race := report.Race{Accesses: slices.Clone(rep.Race.Accesses)}
		for i := range race.Accesses {
			a := &race.Accesses[i]
			a.Frames, a.CreatedBy = cloneFrames(a.Frames), cloneFrames(a.CreatedBy)
		}
		out.Race = &race
	}
	if rep.Snapshots != nil {
		out.Snapshots = slices.Clone(rep.Snapshots)
		for i := range out.Snapshots {
			s := &out.Snapshots[i]
			s.Args, s.Locals = slices.Clone(s.Args), slices.Clone(s.Locals)
		}
	}
	if rep.Suspects != nil {
		out.Suspects = slices.Clone(rep.Suspects)
		for i := range out.Suspects {
			out.Suspects[i].Evidence = slices.Clone(out.Suspects[i].Evidence)
		}
	}
	out.Fixes = slices.Clone(rep.Fixes)
	out.Memory.Similar = slices.Clone(rep.Memory.Similar)
	if rep.Memory.Matches != nil {
		out.Memory.Matches = slices.Clone(rep.Memory.Matches)
		for i := range out.Memory.Matches {
			mm := &out.Memory.Matches[i]
			mm.Why = slices.Clone(mm.Why)
			if mm.Fix != nil {
				f := *mm.Fix
				mm.Fix = &f
			}
		}
	}
	out.Target.Args = slices.Clone(rep.Target.Args)
	out.Notes = slices.Clone(rep.Notes)
	return &out
}

func cloneFrames(fs []report.Frame) []report.Frame {
	if fs == nil {
		return nil
	}
	out := slices.Clone(fs)
	for i := range out {
		out[i].Args, out[i].Locals = slices.Clone(out[i].Args), slices.Clone(out[i].Locals)
	}
	return out
}
