package ratelimit

import (
	"os"
	"sync"
	"time"
)

// Registry hands out one limiter per API key, all sharing one config.
type Registry struct {
	mu       sync.Mutex
	cfg      Config
	now      func() time.Time
	limiters map[string]*Limiter
}

func NewRegistryFromEnv(getenv func(string) string, now func() time.Time) *Registry {
	if getenv == nil {
		getenv = os.Getenv
	}
	return &Registry{cfg: LoadConfig(getenv), now: now, limiters: make(map[string]*Limiter)}
}

func (r *Registry) Allow(apiKey string) bool {
	r.mu.Lock()
	l, ok := r.limiters[apiKey]
	if !ok {
		l = newLimiter(r.cfg, r.now)
		r.limiters[apiKey] = l
	}
	r.mu.Unlock()
	return l.Allow()
}
