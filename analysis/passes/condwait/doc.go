// Package condwait defines an Analyzer that reports sync.Cond wait loops
// that ignore the state a broadcaster changes, so the waiter goes back to
// sleep and never returns.
//
// # Analyzer condwait
//
// condwait: report Cond wait loops that never read what Broadcast announces
//
// The rule of sync.Cond is that the waiter re-checks a predicate over the
// shared state after each wake-up. When another function changes some
// state and then calls Broadcast or Signal, but the wait loop's predicate
// (and body) never reads any of what that function changed, the wake-up
// is useless: the predicate is unchanged, the waiter calls Wait again and
// sleeps forever.
//
//	for len(q.items) == 0 { // never reads q.closed
//		q.cond.Wait()
//	}
//	...
//	func (q *Queue) Close() { q.closed = true; q.cond.Broadcast() }
//
// The analyzer reports a loop "for pred { ... c.Wait() ... }" when some
// other function of the package signals the same Cond (same field or
// variable) after assigning fields or package variables, and none of the
// fields and variables that function changes (by assignment, increment,
// delete, append, method call or taking the address) is read by the loop
// or by the package functions the loop calls.
package condwait
