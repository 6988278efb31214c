package monitor

import (
	"sync"
	"time"
)

// Summary is what the status page shows for one gauge.
type Summary struct {
	Name    string
	Current float64
	Mean    float64
	P50     float64
	P95     float64
}

// Gauge keeps the samples of one metric in arrival order.
type Gauge struct {
	mu      sync.Mutex
	name    string
	samples []float64
	times   []time.Time
}

func NewGauge(name string) *Gauge { return &Gauge{name: name} }

func (g *Gauge) Record(v float64, at time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.samples = append(g.samples, v)
	g.times = append(g.times, at)
}

// Summary reports the latest value and the distribution so far.
func (g *Gauge) Summary() Summary {
	g.mu.Lock()
	defer g.mu.Unlock()
	s := Summary{Name: g.name}
	if len(g.samples) == 0 {
		return s
	}
	s.Mean = mean(g.samples)
	s.P50 = percentile(g.samples, 50)
	s.P95 = percentile(g.samples, 95)
	s.Current = g.samples[len(g.samples)-1]
	return s
}
