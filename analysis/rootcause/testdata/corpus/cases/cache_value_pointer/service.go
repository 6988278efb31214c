package accounts

import (
	"errors"
	"time"
)

var ErrNotFound = errors.New("account not found")

type Account struct {
	ID      string
	Name    string
	Plan    string
	Balance int64
}

// Repo is the slow backing store (a database in production).
type Repo interface {
	Find(id string) (*Account, error)
	FindMany(ids []string) ([]Account, error)
}

type Service struct {
	repo  Repo
	cache *Cache
	ttl   time.Duration
}

func NewService(r Repo, c *Cache, ttl time.Duration) *Service {
	return &Service{repo: r, cache: c, ttl: ttl}
}

func cacheKey(id string) string { return "account:" + id }

func (s *Service) Account(id string) (*Account, error) {
	if v, ok := s.cache.Get(cacheKey(id)); ok {
		return v.(*Account), nil // CRASH
	}
	a, err := s.repo.Find(id)
	if err != nil {
		return nil, err
	}
	s.cache.Set(cacheKey(id), a, s.ttl)
	return a, nil
}
