package metrics

import (
	"sort"
	"sync"
	"time"
)

// Point is one aggregated series value for a closed window.
type Point struct {
	Name  string
	Start time.Time
	Count int64
	Mean  float64
}

// Aggregator collects observations and emits per-interval means.
type Aggregator struct {
	mu       sync.Mutex
	interval time.Duration
	now      func() time.Time
	cur      *window
}

func NewAggregator(interval time.Duration, now func() time.Time) *Aggregator {
	if now == nil {
		now = time.Now
	}
	return &Aggregator{interval: interval, now: now, cur: newWindow(now().Truncate(interval))}
}

func (a *Aggregator) Observe(name string, v float64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.cur.counts[name]++ // CRASH
	a.cur.sums[name] += v
}

// Flush closes the current window and returns its points sorted by name.
func (a *Aggregator) Flush() []Point {
	a.mu.Lock()
	w := a.rotate(a.now())
	a.mu.Unlock()

	points := make([]Point, 0, len(w.counts))
	for name, n := range w.counts {
		points = append(points, Point{Name: name, Start: w.start, Count: n, Mean: w.sums[name] / float64(n)})
	}
	sort.Slice(points, func(i, j int) bool { return points[i].Name < points[j].Name })
	return points
}
