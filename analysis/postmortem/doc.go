// Package postmortem explains a failure after the fact, from text alone.
//
// The user pastes what a crashed Go program left in its logs: a panic with
// its goroutine trace, a runtime "fatal error", a bare goroutine dump (from
// SIGQUIT or debug.Stack), a "test timed out" panic, or a data race report.
// Nothing runs and no debugger is attached, so the resulting report.Report
// (Target.Mode "explain") carries stacks and goroutines but never argument or
// local values.
//
// Log text is messy: the trace may sit between unrelated lines, every line may
// carry a timestamp, and it was usually produced on another machine. Parse
// therefore strips a repeated line prefix, finds the interesting part itself,
// and maps the foreign file paths onto the user's workspace with a Mapper, so
// that the rest of sleuth can point at real files.
//
// Goroutine traces are parsed by github.com/maruel/panicparse/v2/stack, which
// knows every historical variant of the runtime's traceback format; this
// package only adds what panicparse does not do: messages, classification,
// race reports with "main goroutine" accesses, grouping that keeps the
// printed order, and path mapping onto a workspace.
//
// Classify, CleanMessage, FindPanic, ParseRace and Mapper are exported because
// the live capture engine reads the same runtime output from the programs it
// runs and must come to the same conclusions.
package postmortem
