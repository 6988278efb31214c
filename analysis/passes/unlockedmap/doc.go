// Package unlockedmap defines an Analyzer that reports writes to a map
// field made without the mutex that guards the field's other writes.
//
// # Analyzer unlockedmap
//
// unlockedmap: report map fields written both with and without their mutex
//
// Go maps are not safe for concurrent writes: the runtime stops the
// program with "fatal error: concurrent map writes" (or the race detector
// reports a race) when two goroutines write one map at once. When a
// struct's map field is written under the struct's mutex in some places,
// the author meant the mutex to guard it, and a write elsewhere without
// the lock is the bug:
//
//	func (c *Cache) Put(k string, v int) { c.mu.Lock(); c.m[k] = v; c.mu.Unlock() }
//	func (c *Cache) Reset(k string)     { delete(c.m, k) } // no lock
//
// A write is an assignment or increment of m[k], or delete(m, k). It is
// guarded when a sync.Mutex or sync.RWMutex field of the same struct (or
// a package-level mutex) is locked at that point of the function (see
// package lockset), or when the function is only ever called with such a
// lock held. For a helper that writes the map and is called both with and
// without the lock, the calls without it are reported instead of the
// write. A write holding only RLock is reported as well.
//
// Writes in _test.go files, and writes to a value the function has just
// built with a literal or new (not yet shared), are not reported.
package unlockedmap
