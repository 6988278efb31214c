// Package doubleclose defines an Analyzer that reports a channel closed
// at two places that nothing keeps from both running.
//
// # Analyzer doubleclose
//
// doubleclose: report channels closed in two functions without a guard
//
// Closing a closed channel panics. When the same channel (the same
// variable, or the same struct field) is closed in two different
// functions, such as in Stop and in the worker's exit path, both closes
// can run and the second one panics:
//
//	func (s *Server) Stop()  { close(s.done) }
//	func (s *Server) fail()  { close(s.done) } // second close panics
//
// A close does not count when something visible keeps it from running
// twice: it is in a function literal passed to package sync (Once.Do,
// OnceFunc), its function defers a recover, it is in a select (the
// "select { case <-done: default: close(done) }" idiom), its function
// assigns the channel after closing it (the close-and-replace or
// close-and-nil pattern), or an if statement before it tests a boolean flag or an
// atomic operation. Two closes are also exclusive when one is in a
// branch that returns before the function literal holding the other is
// created. Each of two unguarded closes in different functions is
// reported, naming the other.
package doubleclose
