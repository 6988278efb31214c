package retry

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// ErrUnavailable marks upstream failures worth retrying.
var ErrUnavailable = errors.New("upstream unavailable")

// StatusChecker calls a dependency's health endpoint with retries.
type StatusChecker struct {
	URL    string
	Client *http.Client
	Policy Policy
}

func (c *StatusChecker) Check(ctx context.Context) error {
	return c.Policy.Do(ctx, func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.URL, nil)
		if err != nil {
			return err
		}
		resp, err := c.Client.Do(req)
		if err != nil {
			return fmt.Errorf("%w: %v", ErrUnavailable, err)
		}
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			return fmt.Errorf("%w: %s", ErrUnavailable, resp.Status)
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("health check: %s", resp.Status)
		}
		return nil
	})
}
