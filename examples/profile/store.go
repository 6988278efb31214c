// Package profile is a small user-profile service: an in-memory store and an
// HTTP handler that renders a profile as JSON.
//
// Try it: `go test ./profile` panics with a nil pointer dereference inside
// the handler. The crash line looks innocent — the real bug is a few lines
// above it, where an error is thrown away.
package profile

import (
	"errors"
	"sync"
	"time"
)

// ErrNotFound is returned by Fetch when no profile has the requested id.
var ErrNotFound = errors.New("profile not found")

// Profile is what we know about a user.
type Profile struct {
	ID          string
	DisplayName string
	Email       string
	JoinedAt    time.Time
}

// Store keeps profiles in memory. It is safe for concurrent use.
type Store struct {
	mu       sync.RWMutex
	profiles map[string]*Profile
}

// NewStore returns a store pre-loaded with the given profiles.
func NewStore(profiles ...*Profile) *Store {
	s := &Store{profiles: make(map[string]*Profile)}
	for _, p := range profiles {
		s.profiles[p.ID] = p
	}
	return s
}

// Fetch returns the profile with the given id. For an unknown id it returns
// (nil, ErrNotFound) — callers must check the error.
func (s *Store) Fetch(id string) (*Profile, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.profiles[id]
	if !ok {
		return nil, ErrNotFound
	}
	return p, nil
}
