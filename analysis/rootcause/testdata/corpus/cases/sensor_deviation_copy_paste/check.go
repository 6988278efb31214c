package calib

import (
	"errors"
	"fmt"
)

// Reading is a burst of samples taken by one sensor against a reference bath.
type Reading struct {
	Sensor string
	Values []float64
}

type Verdict struct {
	Sensor    string
	Deviation float64
	Pass      bool
}

var ErrNoSamples = errors.New("calib: no samples")

// Check decides whether a sensor stays within tol of the reference value
// over the whole burst.
func Check(r Reading, ref, tol float64) (Verdict, error) {
	if len(r.Values) == 0 {
		return Verdict{}, fmt.Errorf("%s: %w", r.Sensor, ErrNoSamples)
	}
	lo, hi := bounds(r.Values)
	d := worstDeviation(lo, hi, ref)
	return Verdict{Sensor: r.Sensor, Deviation: d, Pass: d <= tol}, nil
}

// CheckAll checks every reading and returns the sensors that failed.
func CheckAll(rs []Reading, ref, tol float64) ([]string, error) {
	var failed []string
	for _, r := range rs {
		v, err := Check(r, ref, tol)
		if err != nil {
			return nil, err
		}
		if !v.Pass {
			failed = append(failed, v.Sensor)
		}
	}
	return failed, nil
}
