package ratelimit

import (
	"strconv"
	"strings"
)

// Config is the token-bucket configuration for one API key.
type Config struct {
	Burst      int
	RatePerSec int
}

var defaultConfig = Config{Burst: 20, RatePerSec: 10}

// LoadConfig reads RATE_LIMIT_* settings, keeping defaults for unset ones.
func LoadConfig(getenv func(string) string) Config {
	cfg := defaultConfig
	if v := strings.TrimSpace(getenv("RATE_LIMIT_BURST")); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			cfg.Burst = n
		}
	}
	if v := strings.TrimSpace(getenv("RATE_LIMIT_RPS")); v != "" {
		cfg.RatePerSec, _ = strconv.Atoi(v) // ROOT
	}
	return cfg
}
