// Package ctorbypass defines an Analyzer that reports struct literals
// which bypass the type's constructor and so leave a field nil that the
// constructor initialises.
//
// # Analyzer ctorbypass
//
// ctorbypass: report struct literals that skip the constructor's field
// initialisation
//
// When a package declares a constructor for a struct type T (a function
// whose first result is T or *T and whose body builds a T), and that
// constructor sets a field whose zero value is nil (a map, a channel, a
// pointer, an interface, a function) to a value it creates (with make,
// new, a literal or a call, or by defaulting a nil parameter; not a
// parameter passed through as it is), the rest of the package relies on
// the field being set: it writes to the map, sends on the channel, calls
// the function. A literal T{...} elsewhere that leaves the field out
// builds a value on which those operations panic or block:
//
//	func NewCache() *Cache { return &Cache{m: make(map[string]int)} }
//	...
//	c := &Cache{} // c.m is nil: c.Put panics
//
// To keep false reports rare, a field is considered only if the package
// uses it in a way that fails on nil (map write, channel operation or
// close, dereference, method or function call) and never compares it with
// nil or assigns it outside a constructor (which would mean it is
// initialised lazily or by another step). Literals without keys, and
// literals in the constructors that set the field, are not reported.
package ctorbypass
