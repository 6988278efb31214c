package latency

import (
	"sort"
	"sync"
	"time"
)

// Recorder collects request latencies per route between two reports.
type Recorder struct {
	mu      sync.Mutex
	byRoute map[string][]time.Duration
}

func NewRecorder() *Recorder {
	return &Recorder{byRoute: make(map[string][]time.Duration)}
}

func (r *Recorder) Observe(route string, d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.byRoute[route] = append(r.byRoute[route], d)
}

type RouteReport struct {
	Route string
	Summary
}

// Flush summarises every route, sorted by route, and starts a new period.
func (r *Recorder) Flush() []RouteReport {
	r.mu.Lock()
	routes := r.byRoute
	r.byRoute = make(map[string][]time.Duration)
	r.mu.Unlock()

	out := make([]RouteReport, 0, len(routes))
	for route, samples := range routes {
		out = append(out, RouteReport{Route: route, Summary: summarize(samples)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Route < out[j].Route })
	return out
}
