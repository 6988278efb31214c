package main

import (
	"os"
	"testing"
	"time"
)

// The tests of this package never touch the user's incident store: memory
// is off unless a test or script names a store (testscripts run with their
// own environment and set SLEUTH_MEMORY themselves).
func init() {
	if os.Getenv("SLEUTH_MEMORY") == "" {
		os.Setenv("SLEUTH_MEMORY", "off")
	}
}

func TestParseAge(t *testing.T) {
	for in, want := range map[string]time.Duration{"90d": 90 * 24 * time.Hour, "36h": 36 * time.Hour} {
		if got, err := parseAge(in); err != nil || got != want {
			t.Errorf("parseAge(%q) = %v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "d", "-3d", "soon"} {
		if _, err := parseAge(bad); err == nil {
			t.Errorf("parseAge(%q) accepted", bad)
		}
	}
}
