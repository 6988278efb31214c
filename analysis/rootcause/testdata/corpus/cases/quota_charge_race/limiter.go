package quota

import (
	"sync"
	"time"
)

// Limiter counts requests per client in fixed windows.
type Limiter struct {
	mu          sync.Mutex
	limit       int
	window      time.Duration
	windowStart time.Time
	counts      map[string]int
	now         func() time.Time
}

func NewLimiter(limit int, window time.Duration, now func() time.Time) *Limiter {
	return &Limiter{limit: limit, window: window, counts: make(map[string]int), now: now, windowStart: now()}
}

func (l *Limiter) roll() {
	if now := l.now(); now.Sub(l.windowStart) >= l.window {
		clear(l.counts)
		l.windowStart = now
	}
}

func (l *Limiter) incr(client string, n int) {
	l.counts[client] += n // CRASH
}

// Allow charges one unit to client if it is under its limit.
func (l *Limiter) Allow(client string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.roll()
	if l.counts[client] >= l.limit {
		return false
	}
	l.incr(client, 1)
	return true
}

func (l *Limiter) Used(client string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.counts[client]
}
