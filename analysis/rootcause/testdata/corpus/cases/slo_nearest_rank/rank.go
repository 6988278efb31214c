package slo

import "time"

// nearestRank returns the p-quantile (0 < p <= 1) of sorted samples using
// the nearest-rank method.
func nearestRank(sorted []time.Duration, p float64) time.Duration {
	idx := int(float64(len(sorted)) * p) // ROOT
	if idx >= len(sorted) {
		idx = len(sorted) - 1
	}
	return sorted[idx]
}
