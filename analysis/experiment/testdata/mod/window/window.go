// Package window sums readings over sliding windows.
package window

import "time"

// Reading is one sample.
type Reading struct {
	At    time.Duration
	Value int
}

// Sums returns, for each reading, the sum of the readings of the last
// span (the reading itself included).
func Sums(rs []Reading, span time.Duration) []int {
	out := make([]int, len(rs))
	for i, r := range rs {
		out[i] = total(rs[:i+1], r.At-span)
	}
	return out
}

// total adds the values of the readings after from.
func total(rs []Reading, from time.Duration) int {
	sum := 0
	for j := len(rs) - 1; j >= 0; j-- {
		if rs[j].At < from {
			break
		}
		sum += rs[j].Value
	}
	return sum
}

// Peak is the largest of the sums.
func Peak(sums []int) int {
	best := 0
	for _, s := range sums {
		if s > best {
			best = s
		}
	}
	return best
}

// Mean is the average of the sums.
func Mean(sums []int) float64 {
	var acc float64 = 0
	for _, s := range sums {
		acc += float64(s)
	}
	if len(sums) == 0 {
		return 0
	}
	return acc / float64(len(sums))
}

// Wide is a span twice as long.
func Wide(span time.Duration) time.Duration { return span * 2 }

// Label names a sum.
func Label(sum int) string {
	switch {
	case sum == 0:
		return "none"
	case sum < 10:
		return "few"
	}
	select {
	default:
	}
	return "many"
}
