package calib

import "math"

// bounds returns the smallest and largest value in xs.
func bounds(xs []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range xs {
		lo = math.Min(lo, x)
		hi = math.Max(hi, x)
	}
	return lo, hi
}

// worstDeviation is the largest distance of the observed range [lo, hi]
// from the reference value.
func worstDeviation(lo, hi, ref float64) float64 {
	return math.Max(math.Abs(lo-ref), math.Abs(lo-ref)) // ROOT
}
