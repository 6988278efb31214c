// Package lockorder defines an Analyzer that reports mutexes locked in
// orders that let two goroutines deadlock.
//
// # Analyzer lockorder
//
// lockorder: report two mutexes acquired in opposite orders
//
// A goroutine that locks A and then, still holding A, locks B, deadlocks
// with one that locks B and then A. The analyzer tracks, in each
// function, which mutexes are held when another is locked (see package
// lockset), and names mutexes by their class: the field (s.mu, whatever
// s is) or the package-level variable. It reports two shapes, at the
// second Lock:
//
//	func (s *S) f() { s.a.Lock(); s.b.Lock() ... }
//	func (s *S) g() { s.b.Lock(); s.a.Lock() ... } // opposite order
//
//	func transfer(from, to *Account) {
//		from.mu.Lock()
//		to.mu.Lock() // transfer(x, y) and transfer(y, x) deadlock
//	}
//
// The second shape needs the caller to choose the order: both values are
// parameters (or the receiver), or locals derived from different
// parameters (from := l.accounts[fromID]). It is not reported when the
// function compares the two, or the parameters they come from, before
// locking (ordering by ID or address). Pairs in which no acquisition is exclusive (RLock while
// holding RLock) are not reported: readers do not exclude each other.
package lockorder
