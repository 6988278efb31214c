// Package fix proposes and verifies fixes for a captured failure.
//
// Candidates come from two places: the rules of this package, which turn the
// suspects of root-cause analysis into minimal edits for the shapes it is
// certain about (Propose), and a model, whose proposals arrive as the same
// Candidate type. Every candidate is checked (Validate) and then verified
// (Verifier.Verify): its edits are applied through `go test -overlay`, the
// failing test is re-run, then the package's other tests, and the candidate
// is verified only when the failure is gone and nothing that passed before
// fails. The user's files are never written.
//
// The package returns domain types only (files, 1-based lines), never LSP
// types; the language server converts them.
package fix

import "github.com/sleuth-dev/sleuth/analysis/report"

// Edit replaces lines StartLine..EndLine (1-based, inclusive) of File
// (absolute) with NewText. NewText may be empty to delete the lines; a
// trailing newline is added when missing. StartLine == EndLine+1 inserts
// NewText before line StartLine (StartLine may be one past the last line to
// append).
type Edit struct {
	File      string
	StartLine int
	EndLine   int
	NewText   string
}

// Candidate is one proposed fix: a set of edits, possibly in several files.
type Candidate struct {
	Title string
	// Source is "rule" (this package), "experiment" or "model".
	Source string
	// Shape names the kind of fix: "init-nil-map", "check-error",
	// "guard-nil", "bound", "comma-ok", "close-once", "lock-map",
	// "defer-done", "round-div", ...
	Shape string
	Edits []Edit
}

// Outcome is the result of verifying a candidate.
type Outcome struct {
	Candidate Candidate
	// Verified is true when the failing test passed with the candidate
	// applied and no test that passed before failed.
	Verified bool
	// Detail says why the candidate is not verified, or what ran.
	Detail string
	// Diff is the candidate as a unified diff against the user's files.
	Diff string
}

// Sources of a candidate.
const (
	SourceRule  = "rule"
	SourceModel = "model"
	// SourceExperiment: an edit that made the failing test pass in an
	// experiment (analysis/experiment), verified again by a normal build.
	SourceExperiment = "experiment"
)

// ToReport converts an outcome into the report's Fix.
func ToReport(o Outcome) report.Fix {
	edits := make([]report.Edit, len(o.Candidate.Edits))
	for i, e := range o.Candidate.Edits {
		edits[i] = report.Edit{File: e.File, StartLine: e.StartLine, EndLine: e.EndLine, NewText: e.NewText}
	}
	return report.Fix{
		Title:    o.Candidate.Title,
		Diff:     o.Diff,
		Verified: o.Verified,
		Source:   o.Candidate.Source,
		Shape:    o.Candidate.Shape,
		Edits:    edits,
		Detail:   o.Detail,
	}
}
