package slo

import (
	"fmt"
	"slices"
	"time"
)

// Objective is a latency target such as "p99 under 250ms".
type Objective struct {
	Percentile float64 // 0.5, 0.95, 0.99 ...
	Target     time.Duration
}

func (o Objective) Name() string { return fmt.Sprintf("p%g", o.Percentile*100) }

type Result struct {
	Objective
	Observed time.Duration
	Met      bool
}

// Evaluate checks every objective against one window of request latencies.
func Evaluate(samples []time.Duration, objs []Objective) []Result {
	if len(samples) == 0 {
		return nil
	}
	sorted := slices.Clone(samples)
	slices.Sort(sorted)
	out := make([]Result, len(objs))
	for i, o := range objs {
		v := nearestRank(sorted, o.Percentile)
		out[i] = Result{Objective: o, Observed: v, Met: v <= o.Target}
	}
	return out
}
