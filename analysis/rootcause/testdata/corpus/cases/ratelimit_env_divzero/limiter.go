package ratelimit

import (
	"sync"
	"time"
)

// Limiter is a token bucket refilled one token per interval.
type Limiter struct {
	mu       sync.Mutex
	burst    int
	tokens   int
	interval time.Duration
	last     time.Time
	now      func() time.Time
}

func newLimiter(cfg Config, now func() time.Time) *Limiter {
	interval := time.Second / time.Duration(cfg.RatePerSec) // CRASH
	return &Limiter{burst: cfg.Burst, tokens: cfg.Burst, interval: interval, last: now(), now: now}
}

func (l *Limiter) Allow() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if refill := int(now.Sub(l.last) / l.interval); refill > 0 {
		l.tokens = min(l.burst, l.tokens+refill)
		l.last = l.last.Add(time.Duration(refill) * l.interval)
	}
	if l.tokens == 0 {
		return false
	}
	l.tokens--
	return true
}
