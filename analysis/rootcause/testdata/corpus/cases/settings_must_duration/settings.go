package settings

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Settings is a flat key/value view over defaults and operator overrides.
type Settings struct {
	values map[string]string
}

// New merges overrides (from flags or environment) over the defaults.
func New(overrides map[string]string) *Settings {
	s := &Settings{values: defaultValues()}
	for k, v := range overrides {
		s.values[strings.ToLower(k)] = strings.TrimSpace(v)
	}
	return s
}

func (s *Settings) String(key string) string {
	return s.values[key]
}

func (s *Settings) MustInt(key string) int {
	n, err := strconv.Atoi(s.values[key])
	if err != nil {
		panic(fmt.Errorf("settings: %s: %w", key, err))
	}
	return n
}

// MustDuration is used while wiring the server; a bad value is a
// deployment error and should stop the process at startup.
func (s *Settings) MustDuration(key string) time.Duration {
	d, err := time.ParseDuration(s.values[key])
	if err != nil {
		panic(fmt.Errorf("settings: %s: %w", key, err)) // CRASH
	}
	return d
}
