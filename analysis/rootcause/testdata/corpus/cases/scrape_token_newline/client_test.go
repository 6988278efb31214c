package scrape

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestRequestUsesTokenFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(path, []byte("eyJhbGciOiJIUzI1NiJ9.c2NyYXBl.sig\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := NewScraper(Target{URL: "http://node-exporter:9100/metrics", Auth: Auth{BearerTokenFile: path}})
	if err != nil {
		t.Fatal(err)
	}
	req, err := s.Request(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := req.Header.Get("Authorization"), "Bearer eyJhbGciOiJIUzI1NiJ9.c2NyYXBl.sig"; got != want {
		t.Errorf("Authorization = %q, want %q", got, want) // CRASH
	}
}

func TestRequestInlineToken(t *testing.T) {
	s, err := NewScraper(Target{URL: "http://app:8080/metrics", Auth: Auth{BearerToken: "abc"}})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := s.Request(context.Background())
	if req.Header.Get("Authorization") != "Bearer abc" {
		t.Errorf("Authorization = %q", req.Header.Get("Authorization"))
	}
}

func TestNewScraperRejectsBothCredentials(t *testing.T) {
	_, err := NewScraper(Target{URL: "http://x", Auth: Auth{BearerToken: "a", BearerTokenFile: "/b"}})
	if err != ErrBothCredentials {
		t.Errorf("err = %v", err)
	}
}
