package sessioncache

import "time"

// Touch records activity for a session without loading it; it is called
// from the websocket heartbeat path for every connected client.
func (c *Cache) Touch(id string) {
	c.markSeen(id, c.now()) // ROOT
}

// ExpireIdle drops sessions not seen within maxIdle and returns how many.
func (c *Cache) ExpireIdle(maxIdle time.Duration) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	cutoff := c.now().Add(-maxIdle)
	n := 0
	for id, seen := range c.lastSeen {
		if seen.Before(cutoff) {
			delete(c.lastSeen, id)
			delete(c.data, id)
			n++
		}
	}
	return n
}
