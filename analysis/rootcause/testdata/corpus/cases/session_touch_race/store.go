package sessioncache

import (
	"sync"
	"time"
)

type Session struct {
	ID     string
	UserID string
}

// Cache keeps live sessions and when each was last seen, for idle expiry.
type Cache struct {
	mu       sync.Mutex
	data     map[string]Session
	lastSeen map[string]time.Time
	now      func() time.Time
}

func New(now func() time.Time) *Cache {
	return &Cache{data: make(map[string]Session), lastSeen: make(map[string]time.Time), now: now}
}

func (c *Cache) Put(s Session) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.data[s.ID] = s
	c.markSeen(s.ID, c.now())
}

func (c *Cache) Get(id string) (Session, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.data[id]
	if ok {
		c.markSeen(id, c.now())
	}
	return s, ok
}

func (c *Cache) markSeen(id string, t time.Time) {
	c.lastSeen[id] = t // CRASH
}
