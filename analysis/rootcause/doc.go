// Package rootcause traces a captured failure back from the line that
// crashed to the lines that caused it, combining the runtime values the
// capture recorded with the program's syntax and types, and ranks the
// suspects with the evidence that ties each to the failure.
//
// AnalyzeWith loads the packages of the user frames (go/packages, syntax and
// types, tests included; Preload starts the load, and the analysis passes of
// analysis/passes over it, before the build) and follows the failure back
// from the crash: nil values to where they were made (origin.go), wrong
// values through data flow (flow.go, check.go, shapes.go), waits, lock
// cycles and condition variables (waits.go, channels.go, conds.go), data
// races (races.go), type assertions (assert.go). The walks are bounded
// (trace.go, budget.go). A pass finding on a suspect adds to its score. The
// explanation is the top suspect's chain.
//
// Refine tests the leading suspects of a failed check or a custom panic as
// hypotheses, through an Observer that re-runs the failure with breakpoints
// at them (the caller's capture.Run). RootMarkers and Rank score the
// evaluation corpus in testdata/corpus.
//
// It imports nothing of the LSP or of Delve: its input is a report.Report,
// and re-runs go through the Observer. A panic in the analysis is returned
// as an error, so that the caller still reports the capture.
package rootcause
