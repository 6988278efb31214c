package ratelimit

import (
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestAllowDefaults(t *testing.T) {
	now := time.Unix(1700000000, 0)
	r := NewRegistryFromEnv(env(nil), func() time.Time { return now })
	allowed := 0
	for i := 0; i < 30; i++ {
		if r.Allow("key-1") {
			allowed++
		}
	}
	if allowed != 20 {
		t.Errorf("allowed %d of 30, want burst of 20", allowed)
	}
}

func TestAllowWithRateFromEnvironment(t *testing.T) {
	now := time.Unix(1700000000, 0)
	r := NewRegistryFromEnv(env(map[string]string{"RATE_LIMIT_BURST": "5", "RATE_LIMIT_RPS": "50/s"}), func() time.Time { return now })
	allowed := 0
	for i := 0; i < 10; i++ {
		if r.Allow("key-1") {
			allowed++
		}
	}
	if allowed != 5 {
		t.Errorf("allowed %d of 10, want burst of 5", allowed)
	}
}
