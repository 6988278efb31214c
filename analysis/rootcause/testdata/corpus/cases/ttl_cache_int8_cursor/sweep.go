package ttlcache

// advance sweeps every bucket the clock has passed since the last call.
func (c *Cache) advance() {
	ticks := int(c.now().Sub(c.lastSweep) / c.tick)
	if ticks > len(c.buckets) {
		ticks = len(c.buckets)
	}
	for i := 0; i < ticks; i++ {
		c.sweepOne()
	}
	c.lastSweep = c.lastSweep.Add(c.now().Sub(c.lastSweep) / c.tick * c.tick)
}

func (c *Cache) sweepOne() {
	for key := range c.buckets[c.cursor] { // CRASH
		delete(c.items, key)
	}
	clear(c.buckets[c.cursor])
	c.cursor++
	if int(c.cursor) == len(c.buckets) {
		c.cursor = 0
	}
}
