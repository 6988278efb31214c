package breaker

import (
	"testing"
	"time"
)

func TestNewClientDefaults(t *testing.T) {
	c, err := NewClient(WithName("payments"))
	if err != nil {
		t.Fatal(err)
	}
	want := CommandConfig{Timeout: 1000, MaxConcurrentRequests: 10, ErrorPercentThreshold: 50, SleepWindow: 5000, RequestVolumeThreshold: 20}
	if c.Config() != want {
		t.Errorf("Config() = %+v", c.Config())
	}
}

func TestNewClientOverrides(t *testing.T) {
	c, err := NewClient(
		WithName("payments"),
		WithTimeout(800*time.Millisecond),
		WithMaxConcurrent(25),
		WithSleepWindow(2*time.Second),
	)
	if err != nil {
		t.Fatal(err)
	}
	want := CommandConfig{Timeout: 800, MaxConcurrentRequests: 25, ErrorPercentThreshold: 50, SleepWindow: 2000, RequestVolumeThreshold: 20}
	if got := c.Config(); got != want {
		t.Errorf("Config() = %+v, want %+v", got, want) // CRASH
	}
}

func TestNewClientNeedsName(t *testing.T) {
	if _, err := NewClient(); err != ErrNoName {
		t.Errorf("err = %v", err)
	}
}
