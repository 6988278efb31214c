package accounts

import (
	"sync"
	"time"
)

type entry struct {
	value   any
	expires time.Time
}

// Cache is a small TTL cache shared by several read paths.
type Cache struct {
	mu    sync.Mutex
	items map[string]entry
	now   func() time.Time
}

func NewCache(now func() time.Time) *Cache {
	return &Cache{items: make(map[string]entry), now: now}
}

func (c *Cache) Set(key string, v any, ttl time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[key] = entry{value: v, expires: c.now().Add(ttl)}
}

func (c *Cache) Get(key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	if !ok || c.now().After(e.expires) {
		delete(c.items, key)
		return nil, false
	}
	return e.value, true
}
