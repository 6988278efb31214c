package breaker

import "errors"

var ErrNoName = errors.New("breaker: command name required")

// Client wraps calls to one downstream dependency in a named circuit.
type Client struct {
	name   string
	config CommandConfig
}

func NewClient(opts ...Option) (*Client, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if o.name == "" {
		return nil, ErrNoName
	}
	return &Client{name: o.name, config: commandConfig(o)}, nil
}

// Config returns the circuit configuration registered for the client.
func (c *Client) Config() CommandConfig { return c.config }
