// Package experiment decides between candidate causes of a failure by
// changing the program and re-running the user's own failing test: the
// scientific-debugging loop (hypothesis → experiment → verdict) done by the
// machine, with no model and no debugger.
//
// The candidates are the statements the failing run executed, in the
// module's non-test files (reach markers record them in a first run). At
// each one, edits from general fix-pattern families known from automated
// program repair are tried (sites.go): relational operators and boundaries,
// arithmetic operators, ±1 on indexes, bounds and integer constants,
// replacing a variable or field by another of the same type in scope,
// swapping arguments of the same type, wrapping a value in a standard
// library function the module applies to the same type elsewhere,
// assigning a result that is dropped, assigning to another field, removing
// a statement and negating a condition; and predicate switching: forcing
// the first evaluation of a branch condition the other way. No edit knows
// of any particular program.
//
// Speed comes from mutant schemata (schema.go): every edit of a package is
// compiled once, behind a switch read from the environment at run time, so
// one build serves every experiment, and the edits that do not type-check
// are dropped with go/types before building. The test binary is then run
// once per edit, in parallel, each run bounded in time (run.go). An edit
// that makes the failing test pass is run against the package's other
// tests; one that breaks them is reported as such, never as a fix. The
// user's files are never written: the build reads an overlay.
//
// The verdicts rank the lines (rank.go): an edit that fixes the test and
// keeps the others passing puts its line first; a condition whose flip
// removes the failure comes next; then the static analysis' priors; a
// suspect whose experiments all failed to change the outcome drops. The
// passing edits become fix candidates, verified again by a normal build.
package experiment
