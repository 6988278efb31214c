package latency

import "time"

// Summary describes the latencies observed for one route.
type Summary struct {
	Count int
	Min   time.Duration
	Max   time.Duration
	Mean  time.Duration
}

func summarize(samples []time.Duration) Summary {
	var s Summary
	var total time.Duration
	for _, d := range samples {
		if d < s.Min { // ROOT
			s.Min = d
		}
		if d > s.Max {
			s.Max = d
		}
		total += d
		s.Count++
	}
	if s.Count > 0 {
		s.Mean = total / time.Duration(s.Count)
	}
	return s
}
