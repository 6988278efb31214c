package delivery

import (
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// RetryPolicy controls redelivery of failed webhook calls.
type RetryPolicy struct {
	MaxAttempts    int    `json:"max_attempts"`
	InitialBackoff string `json:"initial_backoff"`
}

type EndpointConfig struct {
	Name   string       `json:"name"`
	URL    string       `json:"url"`
	Events []string     `json:"events"`
	Retry  *RetryPolicy `json:"retry_policy"` // ROOT
}

type Config struct {
	Endpoints []EndpointConfig `json:"endpoints"`
}

// LoadConfig decodes and validates the delivery configuration.
func LoadConfig(r io.Reader) (*Config, error) {
	var cfg Config
	dec := json.NewDecoder(r)
	if err := dec.Decode(&cfg); err != nil {
		return nil, fmt.Errorf("delivery config: %w", err)
	}
	for i, ep := range cfg.Endpoints {
		if ep.URL == "" {
			return nil, fmt.Errorf("delivery config: endpoint %d has no url", i)
		}
	}
	return &cfg, nil
}

func parseBackoff(s string) time.Duration {
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 500 * time.Millisecond
	}
	return d
}
