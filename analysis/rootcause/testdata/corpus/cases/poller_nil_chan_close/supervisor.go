package feeds

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Supervisor owns the pollers for all configured upstream feeds.
type Supervisor struct {
	mu      sync.Mutex
	client  *http.Client
	pollers map[string]*Poller
	counts  map[string]int
}

func NewSupervisor(client *http.Client) *Supervisor {
	return &Supervisor{client: client, pollers: make(map[string]*Poller), counts: make(map[string]int)}
}

func (s *Supervisor) AddFeed(name, url string, every time.Duration) {
	p := &Poller{name: name, interval: every, fetch: s.fetcher(name, url), onError: s.logError} // ROOT
	s.mu.Lock()
	s.pollers[name] = p
	s.mu.Unlock()
	p.Start()
}

func (s *Supervisor) fetcher(name, url string) func(context.Context) error {
	return func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		resp, err := s.client.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("%s: %s", name, resp.Status)
		}
		s.mu.Lock()
		s.counts[name]++
		s.mu.Unlock()
		return nil
	}
}

func (s *Supervisor) logError(name string, err error) {}

// Shutdown stops every poller.
func (s *Supervisor) Shutdown() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.pollers {
		p.Stop()
	}
}
