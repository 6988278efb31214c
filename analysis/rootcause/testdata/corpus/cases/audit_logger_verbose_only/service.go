package audit

// Config is read from the deployment's flags.
type Config struct {
	Service string
	Verbose bool
}

// Service records who changed which account.
type Service struct {
	name  string
	audit *Logger
}

func NewService(cfg Config) *Service {
	s := &Service{name: cfg.Service}
	if cfg.Verbose { // ROOT
		s.audit = &Logger{prefix: cfg.Service + ": "}
	}
	return s
}

// Rename changes an account's display name and records it.
func (s *Service) Rename(account, name string) error {
	if name == "" {
		return errEmptyName
	}
	s.audit.Printf("%s renamed to %q", account, name)
	return nil
}
