package retry

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func flaky(failures int32) (*httptest.Server, *atomic.Int32) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= failures {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	return srv, &calls
}

func policy(slept *[]time.Duration) Policy {
	return Policy{
		Delays:    []time.Duration{100 * time.Millisecond, 400 * time.Millisecond, 1600 * time.Millisecond},
		Retryable: func(err error) bool { return errors.Is(err, ErrUnavailable) },
		Sleep:     func(d time.Duration) { *slept = append(*slept, d) },
	}
}

func TestCheckRecoversAfterOneFailure(t *testing.T) {
	srv, calls := flaky(1)
	defer srv.Close()
	var slept []time.Duration
	c := &StatusChecker{URL: srv.URL, Client: srv.Client(), Policy: policy(&slept)}
	if err := c.Check(context.Background()); err != nil || calls.Load() != 2 {
		t.Errorf("err = %v, calls = %d", err, calls.Load())
	}
}

func TestCheckGivesUpWhenScheduleExhausted(t *testing.T) {
	srv, calls := flaky(100)
	defer srv.Close()
	var slept []time.Duration
	c := &StatusChecker{URL: srv.URL, Client: srv.Client(), Policy: policy(&slept)}
	err := c.Check(context.Background())
	if !errors.Is(err, ErrUnavailable) || calls.Load() != 4 || len(slept) != 3 {
		t.Errorf("err = %v, calls = %d, slept = %v", err, calls.Load(), slept)
	}
}
