package feeds

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestPollerStops(t *testing.T) {
	calls := make(chan struct{}, 100)
	p := NewPoller("x", time.Millisecond, func(context.Context) error { calls <- struct{}{}; return nil })
	p.Start()
	<-calls
	p.Stop()
}

func TestSupervisorShutdown(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	s := NewSupervisor(srv.Client())
	s.AddFeed("prices", srv.URL+"/prices", 5*time.Millisecond)
	s.AddFeed("rates", srv.URL+"/rates", 5*time.Millisecond)
	s.Shutdown()
	if len(s.pollers) != 2 {
		t.Errorf("pollers = %d", len(s.pollers))
	}
}
