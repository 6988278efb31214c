package apiclient

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Request is the client's internal description of an API call.
type Request struct {
	Method string
	Path   string
	Header map[string]string
}

// Client is a thin wrapper over net/http for the inventory API.
type Client struct {
	base     string
	http     *http.Client
	defaults map[string]string
	ids      func() string
}

func New(base string, defaults map[string]string, ids func() string) *Client {
	return &Client{base: strings.TrimRight(base, "/"), http: &http.Client{}, defaults: defaults, ids: ids}
}

func (c *Client) newRequest(method, path string) *Request {
	return &Request{Method: method, Path: path, Header: cloneHeaders(c.defaults)}
}

// Get fetches path and returns the response body.
func (c *Client) Get(ctx context.Context, path string) (string, error) {
	req := c.newRequest(http.MethodGet, path)
	return c.do(ctx, req)
}

func (c *Client) do(ctx context.Context, r *Request) (string, error) {
	stampTrace(r, c.ids())
	hr, err := http.NewRequestWithContext(ctx, r.Method, c.base+r.Path, nil)
	if err != nil {
		return "", err
	}
	for k, v := range r.Header {
		hr.Header.Set(k, v)
	}
	resp, err := c.http.Do(hr)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET %s: %s", r.Path, resp.Status)
	}
	return string(body), nil
}
