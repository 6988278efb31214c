package settings

import (
	"net/http"
	"time"
)

// NewHTTPServer builds the public HTTP server from settings.
func NewHTTPServer(s *Settings, h http.Handler) *http.Server {
	return &http.Server{
		Addr:         s.String("http.addr"),
		Handler:      h,
		ReadTimeout:  s.MustDuration("http.read_timeout"),
		WriteTimeout: s.MustDuration("http.write_timeout"),
		IdleTimeout:  s.MustDuration("http.idle_timeout"),
	}
}

// CacheOptions are the response-cache settings.
type CacheOptions struct {
	TTL        time.Duration
	MaxEntries int
}

func NewCacheOptions(s *Settings) CacheOptions {
	return CacheOptions{TTL: s.MustDuration("cache.ttl"), MaxEntries: s.MustInt("cache.max_entries")}
}
