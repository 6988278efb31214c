package sessions

import "time"

// Store keeps the last activity time of each session.
type Store struct {
	ttl      time.Duration
	lastSeen map[string]time.Time
}

// NewStore returns a store that expires sessions after ttl.
func NewStore(ttl time.Duration) *Store {
	s := &Store{ttl: ttl}
	s.Reset()
	return s
}

// Reset forgets every session.
func (s Store) Reset() {
	s.lastSeen = make(map[string]time.Time) // ROOT
}
