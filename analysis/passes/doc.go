// Package passes runs go/analysis analyzers over packages that are already
// loaded, and holds sleuth's own analyzers for bug shapes that make tests
// fail at run time.
//
// The root-cause analysis uses the findings as evidence: a suspect line on
// the failing path that an analyzer also reports ranks higher. For that
// reason the driver is small and fast rather than complete, and the
// analyzers prefer missing a bug to reporting correct code.
//
// # Driver
//
// [Run] takes the packages that go/packages loaded with syntax and types
// for the target only (dependencies come from export data, without
// syntax), and runs each analyzer with its requirements on each package
// that has syntax. It loads nothing. Because dependencies are not
// analysed, no facts flow between packages: importing a fact about another
// package's object reports none, while facts an analyzer exports about its
// own package (ctrlflow's "does not return") are visible within it.
//
// A package and its test variant ("p" and "p [p.test]") share files; the
// driver analyses the variant with more files and drops duplicate
// findings. The generated test main package is skipped.
//
// A panic or error in one analyzer is reported as an [AnalyzerError] for
// that analyzer and package; the findings of the others are still
// returned.
//
// # Analyzers
//
// [Default] lists the x/tools passes that find runtime failures (nilness,
// lostcancel, copylock, loopclosure, errorsas, unusedresult) and sleuth's
// own, each in a sub-package:
//
//   - discardederr: an error discarded while its nilable companion result
//     is used.
//   - ctorbypass: a struct built by a literal although its constructor
//     initialises a field the literal leaves nil.
//   - offbyone: loops and wrap checks that reach index len(x).
//   - doubleclose: a channel closed at two unguarded places.
//   - skippeddone: an early return that skips wg.Done() or close(ch).
//   - lockorder: two mutexes locked in opposite orders.
//   - condwait: a sync.Cond wait loop that ignores the state a
//     broadcaster changes.
//   - unlockedmap: a map field written without the mutex that guards its
//     other writes.
package passes
