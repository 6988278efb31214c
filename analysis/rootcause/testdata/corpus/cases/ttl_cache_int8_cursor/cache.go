package ttlcache

import (
	"sync"
	"time"
)

type item struct {
	value   []byte
	expires time.Time
	bucket  int
}

// Cache expires entries with a timing wheel: one bucket per tick, swept as
// the clock passes it.
type Cache struct {
	mu        sync.Mutex
	items     map[string]*item
	buckets   []map[string]struct{}
	cursor    int8 // ROOT
	tick      time.Duration
	ttl       time.Duration
	now       func() time.Time
	lastSweep time.Time
}

func New(ttl, tick time.Duration, now func() time.Time) *Cache {
	n := int((ttl + tick - 1) / tick)
	c := &Cache{
		items:     make(map[string]*item),
		buckets:   make([]map[string]struct{}, n+1),
		tick:      tick,
		ttl:       ttl,
		now:       now,
		lastSweep: now(),
	}
	for i := range c.buckets {
		c.buckets[i] = make(map[string]struct{})
	}
	return c
}

// Set stores value for key until the TTL elapses.
func (c *Cache) Set(key string, value []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.advance()
	if old, ok := c.items[key]; ok {
		delete(c.buckets[old.bucket], key)
	}
	b := (int(c.cursor) + len(c.buckets) - 1) % len(c.buckets)
	c.buckets[b][key] = struct{}{}
	c.items[key] = &item{value: value, expires: c.now().Add(c.ttl), bucket: b}
}

func (c *Cache) Get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.advance()
	it, ok := c.items[key]
	if !ok || !c.now().Before(it.expires) {
		return nil, false
	}
	return it.value, true
}

func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.advance()
	return len(c.items)
}
