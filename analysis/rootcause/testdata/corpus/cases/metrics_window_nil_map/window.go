package metrics

import "time"

// window holds the raw observations for one aggregation interval.
type window struct {
	start  time.Time
	counts map[string]int64
	sums   map[string]float64
}

func newWindow(start time.Time) *window {
	return &window{
		start:  start,
		counts: make(map[string]int64),
		sums:   make(map[string]float64),
	}
}

// rotate closes the current window and opens the next one.
func (a *Aggregator) rotate(now time.Time) *window {
	prev := a.cur
	a.cur = &window{start: now.Truncate(a.interval)} // ROOT
	return prev
}
