// Package rootcause traces a captured failure back from the line that
// crashed to the line that caused it, combining the runtime values the
// capture recorded with the program's syntax and types, and ranks the
// suspects with the evidence that ties each to the failure.
//
// It imports nothing of the LSP or of Delve: its input is a report.Report.
//
// Status: the first rules (nil values, indexes and divisors, channel
// closes, lock cycles) work on syntax and types; SSA-based data flow, the
// go/analysis passes and re-running with breakpoints are not built yet.
package rootcause
