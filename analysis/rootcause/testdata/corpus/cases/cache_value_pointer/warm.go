package accounts

import "fmt"

// Warm preloads the cache for accounts expected to be hot, e.g. after deploy.
func (s *Service) Warm(ids []string) (int, error) {
	accts, err := s.repo.FindMany(ids)
	if err != nil {
		return 0, fmt.Errorf("warm cache: %w", err)
	}
	for _, a := range accts {
		s.cache.Set(cacheKey(a.ID), a, s.ttl) // ROOT
	}
	return len(accts), nil
}
