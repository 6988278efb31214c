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
// "select { case <-done: default: close(done) }" idiom), or its function
// assigns the channel after closing it (the close-and-replace or
// close-and-nil pattern). Two closes exclude each other when if
// statements before both test a common boolean flag or atomic value
// (if s.closed { return }; s.closed = true); a flag that only one of them
// tests guards it against itself, not against the other. They are also
// exclusive when one is in a branch that returns before the function
// literal holding the other is created, or when a local channel variable
// is assigned a new channel between them. Each of two unguarded closes in
// different functions is reported, naming the other.
package doubleclose
