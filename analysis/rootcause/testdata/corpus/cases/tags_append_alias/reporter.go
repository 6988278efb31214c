package telemetry

import (
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Series is one emitted metric sample.
type Series struct {
	Name  string
	Tags  []string
	Value float64
}

// Reporter buffers samples until the next flush to the metrics agent.
type Reporter struct {
	mu      sync.Mutex
	tagger  *Tagger
	pending []Series
}

func NewReporter(t *Tagger) *Reporter { return &Reporter{tagger: t} }

// RecordRequest emits the latency and status samples for one HTTP request.
func (r *Reporter) RecordRequest(route string, status int, d time.Duration) {
	latencyTags := r.tagger.With("route:" + route)
	statusTags := r.tagger.With("status_class:" + strconv.Itoa(status/100) + "xx")
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pending = append(r.pending,
		Series{Name: "http.request.duration_ms", Tags: latencyTags, Value: float64(d.Milliseconds())},
		Series{Name: "http.request.count", Tags: statusTags, Value: 1},
	)
}

// Flush returns and clears the buffered samples, keyed "name{tags}".
func (r *Reporter) Flush() map[string]float64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]float64, len(r.pending))
	for _, s := range r.pending {
		tags := append([]string(nil), s.Tags...)
		sort.Strings(tags)
		out[s.Name+"{"+strings.Join(tags, ",")+"}"] += s.Value
	}
	r.pending = nil
	return out
}
