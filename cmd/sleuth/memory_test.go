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
	if os.Getenv(memoryEnv) == "" {
		os.Setenv(memoryEnv, "off")
	}
}

func TestRunSelects(t *testing.T) {
	cases := []struct {
		pattern, test string
		want          bool
	}{
		{"TestAdd", "TestAdd", true},
		{"^TestAdd$", "TestAdd", true},
		{"^TestAdd$", "TestAddAll", false},
		{"Add", "TestAddAll", true},
		{"TestAdd", "TestAdd/empty", true},
		{"TestAdd/empty", "TestAdd", false}, // only part of TestAdd ran
		{"TestAdd/empty", "TestAdd/empty", true},
		{"TestAdd/full", "TestAdd/empty", false},
		{"^TestA(dd|ll)$/x", "TestAll/x", true},
		{"Test[/]x", "Test/x", false},
		{"(", "TestAdd", false},
	}
	for _, c := range cases {
		if got := runSelects(c.pattern, c.test); got != c.want {
			t.Errorf("runSelects(%q, %q) = %v, want %v", c.pattern, c.test, got, c.want)
		}
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
