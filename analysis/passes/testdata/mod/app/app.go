// Package app holds one bug per analyzer the driver test checks.
package app

import (
	"sync"

	"example.com/mod/dep"
)

// Node is a list node.
type Node struct {
	Next *Node
	Val  int
}

// Last has a nil dereference that nilness finds.
func Last(n *Node) int {
	if n == nil {
		return n.Val // nilness
	}
	return n.Val
}

// Name discards Lookup's error and dereferences the item.
func Name(k string) string {
	it, _ := dep.Lookup(k) // discardederr
	return it.Name
}

// Cache is built by NewCache.
type Cache struct {
	mu sync.Mutex
	m  map[string]int
}

// NewCache makes the map.
func NewCache() *Cache { return &Cache{m: make(map[string]int)} }

// Put writes under the lock.
func (c *Cache) Put(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[k] = v
}
