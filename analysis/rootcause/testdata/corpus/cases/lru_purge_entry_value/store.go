package sessions

import (
	"sort"
	"sync"
	"time"
)

type Session struct {
	ID      string
	User    string
	Expires time.Time
}

// Store keeps the most recently used sessions in memory and records every
// session it drops so the edge caches can be told.
type Store struct {
	mu      sync.Mutex
	cache   *lru
	dropped []string
}

func NewStore(capacity int) *Store {
	s := &Store{}
	s.cache = newLRU(capacity, s.evicted)
	return s
}

func (s *Store) evicted(key string, v any) {
	sess := v.(*Session) // CRASH
	s.dropped = append(s.dropped, sess.ID)
}

func (s *Store) Put(sess *Session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cache.Add(sess.ID, sess)
}

func (s *Store) Get(id string) (*Session, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.cache.Get(id)
	if !ok {
		return nil, false
	}
	return v.(*Session), true
}

// Reset drops every session, e.g. after a signing key rotation.
func (s *Store) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cache.Purge()
}

// Dropped returns the IDs dropped so far, sorted.
func (s *Store) Dropped() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := append([]string(nil), s.dropped...)
	sort.Strings(out)
	return out
}
