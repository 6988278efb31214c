package transport

import (
	"testing"
	"time"
)

type scripted struct {
	statuses []int
	calls    int
}

func (s *scripted) RoundTrip(*Request) (*Response, error) {
	st := s.statuses[len(s.statuses)-1]
	if s.calls < len(s.statuses) {
		st = s.statuses[s.calls]
	}
	s.calls++
	return &Response{Status: st}, nil
}

func newTestClient(maxRetries int, rt RoundTripper) (*Client, *[]time.Duration) {
	var slept []time.Duration
	c := NewClient(Config{MaxRetries: maxRetries, BackoffBase: 100 * time.Millisecond}, rt)
	c.sleep = func(d time.Duration) { slept = append(slept, d) }
	return c, &slept
}

func TestPerformRetriesUnavailableNode(t *testing.T) {
	rt := &scripted{statuses: []int{503, 503, 200}}
	c, _ := newTestClient(2, rt)
	res, err := c.Perform(&Request{Path: "/_cluster/health"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != 200 {
		t.Fatalf("status = %d after %d attempts, want 200", res.Status, rt.calls) // CRASH
	}
}

func TestPerformDoesNotRetryClientErrors(t *testing.T) {
	rt := &scripted{statuses: []int{404}}
	c, slept := newTestClient(3, rt)
	res, err := c.Perform(&Request{Path: "/missing"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != 404 || rt.calls != 1 || len(*slept) != 0 {
		t.Errorf("status %d, %d calls, slept %v", res.Status, rt.calls, *slept)
	}
}

func TestBackoffDoubles(t *testing.T) {
	if got := backoff(100*time.Millisecond, 3); got != 400*time.Millisecond {
		t.Errorf("backoff(3) = %v", got)
	}
}
