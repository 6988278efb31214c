package a

import (
	"sort"
	"sync"
)

type Cache struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *Cache) Put(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[k] = v
}

func (c *Cache) Drop(k string) {
	delete(c.m, k) // want `writes map c.m without holding c.mu, which guards its write at line 16: concurrent writes crash with "concurrent map writes"`
}

func (c *Cache) Bump(k string) {
	c.m[k]++ // want `writes map c.m without holding c.mu`
}

type Index struct {
	mu   sync.RWMutex
	refs map[string]int
}

func (x *Index) Add(k string) {
	x.mu.Lock()
	x.refs[k] = 1
	x.mu.Unlock()
}

func (x *Index) Touch(k string) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	x.refs[k] = 2 // want `writes map x.refs holding only x.mu.RLock`
}

// Registry writes its map through a helper that expects the lock held.
type Registry struct {
	mu    sync.Mutex
	names map[string]bool
}

func (r *Registry) addLocked(n string) { r.names[n] = true }

func (r *Registry) Add(n string) {
	r.mu.Lock()
	r.addLocked(n)
	r.mu.Unlock()
}

func (r *Registry) AddFast(n string) {
	r.addLocked(n) // want `calls addLocked without holding r.mu; addLocked writes map r.names at line 50 and its other callers hold r.mu: concurrent writes crash`
}

// Correct code: none of these is reported.

type Safe struct {
	mu sync.Mutex
	m  map[string]int
}

func NewSafe() *Safe {
	s := &Safe{m: map[string]int{}}
	s.m["init"] = 1 // not yet shared
	return s
}

func (s *Safe) Put(k string) {
	s.mu.Lock()
	s.m[k] = 1
	s.mu.Unlock()
}

func (s *Safe) putLocked(k string) { s.m[k] = 2 }

func (s *Safe) PutTwo(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.putLocked(k)
	s.putLocked(k + "2")
}

func (s *Safe) Each(keys []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sort.Slice(keys, func(i, j int) bool {
		s.m[keys[i]]++ // runs while Each holds the lock
		return keys[i] < keys[j]
	})
}

func (s *Safe) Branch(k string, lock bool) {
	s.mu.Lock()
	if k == "" {
		s.mu.Unlock()
		return
	}
	s.m[k] = 3
	s.mu.Unlock()
}

// Plain has no mutex: nothing to compare against.
type Plain struct{ m map[string]int }

func (p *Plain) Put(k string) { p.m[k] = 1 }

var (
	globalMu sync.Mutex
	global   = struct{ m map[string]int }{m: map[string]int{}}
)

func setGlobal(k string) {
	globalMu.Lock()
	global.m[k] = 1
	globalMu.Unlock()
}

// Conn is locked by a helper that runs a function under the lock.
type Conn struct {
	sync.Mutex
	open map[int]bool
}

func withLock(l sync.Locker, fn func()) {
	l.Lock()
	defer l.Unlock()
	fn()
}

func (c *Conn) trackLocked(id int) { c.open[id] = true }

func (c *Conn) Track(id int) {
	withLock(c, func() { c.trackLocked(id) })
}

func (c *Conn) Forget(id int) {
	c.Lock()
	defer c.Unlock()
	delete(c.open, id)
}

func (c *Conn) ForgetUnlocked(id int) {
	delete(c.open, id) // want `writes map c.open without holding c, which guards its write at line 146`
}

// profiles is locked through helpers.
var profiles struct {
	mu sync.Mutex
	m  map[string]int
}

func lockProfiles() {
	profiles.mu.Lock()
	if profiles.m == nil {
		profiles.m = map[string]int{}
	}
}

func unlockProfiles() { profiles.mu.Unlock() }

func addProfile(name string) {
	profiles.mu.Lock()
	defer profiles.mu.Unlock()
	profiles.m[name] = 1
}

func newProfile(name string) {
	lockProfiles()
	defer unlockProfiles()
	profiles.m[name] = 2
}

func BadProfile(name string) {
	profiles.m[name] = 3 // want `writes map profiles.m without holding profiles.mu`
}
