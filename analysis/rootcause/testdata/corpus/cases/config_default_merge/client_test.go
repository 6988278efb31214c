package svcconfig

import (
	"strings"
	"testing"
	"time"
)

func TestClientFromEmptyConfigUsesDefaults(t *testing.T) {
	c, err := NewClientFromConfig(strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	if c.http.Timeout != 5*time.Second || c.retries != 3 {
		t.Errorf("timeout=%v retries=%d", c.http.Timeout, c.retries)
	}
}

func TestClientHonoursConfiguredValues(t *testing.T) {
	c, err := NewClientFromConfig(strings.NewReader(`{"timeout": "30s", "max_retries": 7}`))
	if err != nil {
		t.Fatal(err)
	}
	if c.http.Timeout != 30*time.Second || c.retries != 7 || c.baseURL != "https://api.payments.example.com" {
		t.Errorf("timeout=%v retries=%d base=%s", c.http.Timeout, c.retries, c.baseURL) // CRASH
	}
}
