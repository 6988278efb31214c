// Package discardederr defines an Analyzer that reports an error result
// thrown away while a nilable result of the same call is used.
//
// # Analyzer discardederr
//
// discardederr: report discarded errors whose companion result is used
//
// A function that returns (T, error) usually returns the zero T when it
// fails. When T is a pointer, map, channel, function or interface, that
// zero value is nil, so code that assigns the error to _ and then
// dereferences the other result panics exactly when the call failed:
//
//	cfg, _ := Load(path)
//	fmt.Println(cfg.Name) // nil pointer dereference when Load fails
//
// The analyzer reports the assignment when, later in the same function
// and before the variable is assigned again, the variable is used in a
// way that panics on nil: a field access or value-method call through a
// pointer, a method call on an interface, a call of a function value, a
// dereference, a write to a map. It also reports the assignment when the
// function returns the variable and has no error result of its own: its
// callers then get nil with nothing to tell them why.
//
// A comparison of the variable with nil anywhere after the assignment
// counts as a check and silences the report, as does a callee of the
// package whose return statements never give nil for that result.
// Methods with pointer receivers declared in other packages are not
// counted as uses, since many of them accept a nil receiver (as
// *os.File's do). In _test.go files, calls into the standard library are
// left out: tests give them fixed inputs (req, _ := http.NewRequest(...)),
// and the code under test is what matters.
package discardederr
