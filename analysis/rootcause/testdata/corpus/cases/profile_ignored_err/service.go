package profiles

// Service exposes profile reads to the HTTP layer.
type Service struct {
	store         *Store
	defaultLocale string
}

func NewService(store *Store) *Service {
	return &Service{store: store, defaultLocale: "en-US"}
}

// Profile returns the profile for the account with its locale resolved.
func (s *Service) Profile(accountID string) *Profile {
	p := s.lookup(accountID)
	return s.withLocale(p)
}

func (s *Service) lookup(accountID string) *Profile {
	p, _ := s.store.Get(accountID) // ROOT
	return p
}

func (s *Service) withLocale(p *Profile) *Profile {
	if p == nil || p.Locale != "" {
		return p
	}
	cp := *p
	cp.Locale = s.defaultLocale
	return &cp
}
