package sessions

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"
)

// Clock abstracts time so expiry can be tested.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

type Session struct {
	Token     string
	User      string
	ExpiresAt time.Time
}

// Manager issues and validates opaque session tokens.
type Manager struct {
	mu       sync.Mutex
	ttl      time.Duration
	clock    Clock
	sessions map[string]*Session
}

func NewManager(ttl time.Duration, clock Clock) *Manager {
	if clock == nil {
		clock = systemClock{}
	}
	return &Manager{ttl: ttl, clock: clock, sessions: make(map[string]*Session)}
}

func (m *Manager) Create(user string) (*Session, error) {
	buf := make([]byte, 16)
	if _, err := rand.Read(buf); err != nil {
		return nil, err
	}
	now := m.clock.Now() // CRASH
	s := &Session{Token: hex.EncodeToString(buf), User: user, ExpiresAt: now.Add(m.ttl)}
	m.mu.Lock()
	m.sessions[s.Token] = s
	m.mu.Unlock()
	return s, nil
}

func (m *Manager) Lookup(token string) (*Session, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[token]
	if !ok || !s.ExpiresAt.After(m.clock.Now()) {
		return nil, false
	}
	return s, true
}
