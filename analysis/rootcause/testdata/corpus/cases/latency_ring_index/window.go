package latency

import (
	"sort"
	"sync"
	"time"
)

// Window keeps the most recent N request latencies for health checks.
type Window struct {
	mu      sync.Mutex
	samples []time.Duration
	next    int
	full    bool
}

func NewWindow(size int) *Window {
	if size < 1 {
		size = 1
	}
	return &Window{samples: make([]time.Duration, size)}
}

func (w *Window) Add(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.samples[w.next] = d // CRASH
	w.next++
	if w.next > len(w.samples) { // ROOT
		w.next = 0
		w.full = true
	}
}

func (w *Window) snapshot() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := w.next
	if w.full {
		n = len(w.samples)
	}
	out := make([]time.Duration, n)
	copy(out, w.samples[:n])
	return out
}

// Percentile returns the p-th percentile (0-100) of the retained samples.
func (w *Window) Percentile(p float64) time.Duration {
	s := w.snapshot()
	if len(s) == 0 {
		return 0
	}
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	idx := int(float64(len(s)-1) * p / 100)
	return s[idx]
}

// Healthy reports whether the p99 latency is under the budget.
func (w *Window) Healthy(budget time.Duration) bool {
	return w.Percentile(99) <= budget
}
