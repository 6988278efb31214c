package scrape

import (
	"context"
	"net/http"
	"strconv"
	"time"
)

const acceptHeader = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"

type Target struct {
	URL     string
	Timeout time.Duration
	Auth    Auth
}

type Scraper struct {
	target Target
	token  string
}

func NewScraper(t Target) (*Scraper, error) {
	tok, err := t.Auth.token()
	if err != nil {
		return nil, err
	}
	return &Scraper{target: t, token: tok}, nil
}

// Request builds the HTTP request for one scrape.
func (s *Scraper) Request(ctx context.Context) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.target.URL, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", acceptHeader)
	if s.target.Timeout > 0 {
		req.Header.Set("X-Scrape-Timeout-Seconds", formatSeconds(s.target.Timeout))
	}
	if s.token != "" {
		req.Header.Set("Authorization", "Bearer "+s.token)
	}
	return req, nil
}

func formatSeconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
}
