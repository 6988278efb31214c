package sessions

import "container/list"

// EvictCallback is called with the key and value of every removed entry.
type EvictCallback func(key string, value any)

type entry struct {
	key   string
	value any
}

// lru is a fixed-size least-recently-used cache.
type lru struct {
	size    int
	ll      *list.List
	items   map[string]*list.Element
	onEvict EvictCallback
}

func newLRU(size int, onEvict EvictCallback) *lru {
	return &lru{size: size, ll: list.New(), items: make(map[string]*list.Element), onEvict: onEvict}
}

func (c *lru) Add(key string, value any) (evicted bool) {
	if e, ok := c.items[key]; ok {
		c.ll.MoveToFront(e)
		e.Value.(*entry).value = value
		return false
	}
	c.items[key] = c.ll.PushFront(&entry{key, value})
	if c.ll.Len() > c.size {
		c.removeElement(c.ll.Back())
		return true
	}
	return false
}

func (c *lru) Get(key string) (any, bool) {
	if e, ok := c.items[key]; ok {
		c.ll.MoveToFront(e)
		return e.Value.(*entry).value, true
	}
	return nil, false
}

func (c *lru) Remove(key string) bool {
	if e, ok := c.items[key]; ok {
		c.removeElement(e)
		return true
	}
	return false
}

func (c *lru) removeElement(e *list.Element) {
	c.ll.Remove(e)
	kv := e.Value.(*entry)
	delete(c.items, kv.key)
	if c.onEvict != nil {
		c.onEvict(kv.key, kv.value)
	}
}

// Purge removes every entry.
func (c *lru) Purge() {
	for k, e := range c.items {
		if c.onEvict != nil {
			c.onEvict(k, e.Value) // ROOT
		}
		delete(c.items, k)
	}
	c.ll.Init()
}

func (c *lru) Len() int { return c.ll.Len() }
