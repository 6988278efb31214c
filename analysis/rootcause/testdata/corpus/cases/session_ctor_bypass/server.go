package sessions

import (
	"crypto/subtle"
	"errors"
	"time"
)

var ErrBadCredentials = errors.New("invalid username or password")

// Server wires credential checks to session issuance.
type Server struct {
	sessions *Manager
	users    map[string]string
}

func NewServer(users map[string]string, ttl time.Duration) *Server {
	return &Server{
		sessions: &Manager{ttl: ttl, sessions: make(map[string]*Session)}, // ROOT
		users:    users,
	}
}

// Login checks the password and returns a fresh session token.
func (s *Server) Login(user, password string) (string, error) {
	want, ok := s.users[user]
	if !ok || subtle.ConstantTimeCompare([]byte(want), []byte(password)) != 1 {
		return "", ErrBadCredentials
	}
	sess, err := s.sessions.Create(user)
	if err != nil {
		return "", err
	}
	return sess.Token, nil
}

// Whoami resolves a token to its user.
func (s *Server) Whoami(token string) (string, bool) {
	sess, ok := s.sessions.Lookup(token)
	if !ok {
		return "", false
	}
	return sess.User, true
}
