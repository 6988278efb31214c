package calib

import (
	"errors"
	"testing"
)

func TestCheck(t *testing.T) {
	const ref, tol = 20.0, 0.5
	tests := []struct {
		r    Reading
		pass bool
	}{
		{Reading{"t1", []float64{19.9, 20.1, 20.0}}, true},
		{Reading{"t2", []float64{19.2, 19.9, 20.0}}, false},
		{Reading{"t3", []float64{20.0, 20.2, 20.9}}, false},
		{Reading{"t4", []float64{20.4}}, true},
	}
	for _, tt := range tests {
		v, err := Check(tt.r, ref, tol)
		if err != nil {
			t.Fatal(err)
		}
		if v.Pass != tt.pass {
			t.Errorf("Check(%s) pass = %v (deviation %.2f), want %v", tt.r.Sensor, v.Pass, v.Deviation, tt.pass) // CRASH
		}
	}
}

func TestCheckEmpty(t *testing.T) {
	if _, err := Check(Reading{Sensor: "t9"}, 20, 0.5); !errors.Is(err, ErrNoSamples) {
		t.Errorf("err = %v", err)
	}
}
