// Package astq holds the small syntax-and-types queries that sleuth's
// analyzers share: which object an expression names, which sync method a
// call invokes, which statements end a block, and how to walk a function
// without entering the closures it contains.
//
// Everything here is a pure function of the syntax and a *types.Info.
package astq
