package settings

import (
	"net/http"
	"testing"
	"time"
)

func TestCacheOptionsOverride(t *testing.T) {
	opts := NewCacheOptions(New(map[string]string{"CACHE.TTL": " 30s "}))
	if opts.TTL != 30*time.Second || opts.MaxEntries != 10000 {
		t.Errorf("opts = %+v", opts)
	}
}

func TestNewHTTPServerWithOverrides(t *testing.T) {
	srv := NewHTTPServer(New(map[string]string{"http.addr": ":9090", "http.read_timeout": "5s"}), http.NotFoundHandler())
	if srv.Addr != ":9090" || srv.ReadTimeout != 5*time.Second || srv.WriteTimeout != 30*time.Second {
		t.Errorf("server = addr %s read %v write %v", srv.Addr, srv.ReadTimeout, srv.WriteTimeout)
	}
}
