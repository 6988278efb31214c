package transport

import (
	"errors"
	"time"
)

type Request struct {
	Method string
	Path   string
	Body   []byte
}

type Response struct {
	Status int
	Body   []byte
}

// RoundTripper sends a single request to a node.
type RoundTripper interface {
	RoundTrip(*Request) (*Response, error)
}

type Config struct {
	// MaxRetries is the number of additional attempts after the first one.
	MaxRetries  int
	BackoffBase time.Duration
}

type Client struct {
	cfg   Config
	rt    RoundTripper
	sleep func(time.Duration)
}

func NewClient(cfg Config, rt RoundTripper) *Client {
	return &Client{cfg: cfg, rt: rt, sleep: time.Sleep}
}

var errNoAttempt = errors.New("transport: request was not sent")

// Perform sends req, retrying transient failures.
func (c *Client) Perform(req *Request) (*Response, error) {
	if req.Method == "" {
		req.Method = "GET"
	}
	return c.send(req)
}

func (c *Client) send(req *Request) (*Response, error) {
	var (
		res *Response
		err error = errNoAttempt
	)
	for attempt := 1; attempt <= c.cfg.MaxRetries; attempt++ { // ROOT
		if attempt > 1 {
			c.sleep(backoff(c.cfg.BackoffBase, attempt-1))
		}
		res, err = c.rt.RoundTrip(req)
		if err == nil && !retryable(res.Status) {
			return res, nil
		}
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}
