package svcconfig

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

type Config struct {
	BaseURL    string   `json:"base_url"`
	Timeout    Duration `json:"timeout"`
	MaxRetries int      `json:"max_retries"`
	UserAgent  string   `json:"user_agent"`
}

// Load reads the service's JSON config file and applies defaults.
func Load(r io.Reader) (Config, error) {
	var fromFile Config
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&fromFile); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	cfg := fillDefaults(defaults, fromFile) // ROOT
	if !strings.HasPrefix(cfg.BaseURL, "https://") {
		return Config{}, fmt.Errorf("config: base_url must use https, got %q", cfg.BaseURL)
	}
	return cfg, nil
}
