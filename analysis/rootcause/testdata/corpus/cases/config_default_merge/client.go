package svcconfig

import (
	"io"
	"net/http"
	"time"
)

// Client is the payments API client built from Config.
type Client struct {
	http      *http.Client
	baseURL   string
	retries   int
	userAgent string
}

func NewClient(cfg Config) *Client {
	return &Client{
		http:      &http.Client{Timeout: time.Duration(cfg.Timeout)},
		baseURL:   cfg.BaseURL,
		retries:   cfg.MaxRetries,
		userAgent: cfg.UserAgent,
	}
}

// NewClientFromConfig loads config from r and builds a client.
func NewClientFromConfig(r io.Reader) (*Client, error) {
	cfg, err := Load(r)
	if err != nil {
		return nil, err
	}
	return NewClient(cfg), nil
}
