// Package races holds a data race where one side takes the lock and the
// other forgets it.
package races

import "sync"

// Hits counts requests per window.
type Hits struct {
	mu    sync.Mutex
	count int
}

// Add records one request.
func (h *Hits) Add() {
	h.mu.Lock()
	h.count++
	h.mu.Unlock()
}

// Rotate starts a new window and returns the old count.
func (h *Hits) Rotate() int {
	n := h.count // ROOT
	h.count = 0  // ROOT
	return n
}
