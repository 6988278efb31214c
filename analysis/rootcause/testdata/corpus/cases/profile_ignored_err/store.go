package profiles

import (
	"errors"
	"strings"
	"sync"
)

// ErrNotFound is returned when no profile exists for an account.
var ErrNotFound = errors.New("profile not found")

// Profile is the public part of an account.
type Profile struct {
	AccountID   string
	DisplayName string
	Email       string
	Locale      string
}

// Store keeps profiles in memory, keyed by normalised account ID.
type Store struct {
	mu       sync.RWMutex
	profiles map[string]*Profile
}

func NewStore() *Store {
	return &Store{profiles: make(map[string]*Profile)}
}

func (s *Store) Put(p *Profile) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.profiles[strings.ToLower(p.AccountID)] = p
}

func (s *Store) Get(accountID string) (*Profile, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.profiles[strings.ToLower(accountID)]
	if !ok {
		return nil, ErrNotFound
	}
	return p, nil
}
