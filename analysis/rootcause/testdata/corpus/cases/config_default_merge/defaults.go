package svcconfig

import (
	"encoding/json"
	"time"
)

// Duration is a time.Duration that reads "30s"-style strings from JSON.
type Duration time.Duration

func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

var defaults = Config{
	BaseURL:    "https://api.payments.example.com",
	Timeout:    Duration(5 * time.Second),
	MaxRetries: 3,
	UserAgent:  "payments-client/1.4",
}

// fillDefaults returns dst with every zero-valued field taken from src.
func fillDefaults(dst, src Config) Config {
	if dst.BaseURL == "" {
		dst.BaseURL = src.BaseURL
	}
	if dst.Timeout == 0 {
		dst.Timeout = src.Timeout
	}
	if dst.MaxRetries == 0 {
		dst.MaxRetries = src.MaxRetries
	}
	if dst.UserAgent == "" {
		dst.UserAgent = src.UserAgent
	}
	return dst
}
