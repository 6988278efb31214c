package jobs

import (
	"testing"
	"time"
)

var t0 = time.Date(2024, 5, 6, 9, 0, 0, 0, time.UTC)

func TestStartDeadline(t *testing.T) {
	r := NewRunner(func() time.Time { return t0 })
	tests := []struct {
		spec Spec
		want time.Time
	}{
		{Spec{Name: "nightly-backup", Image: "backup:3"}, t0.Add(10 * time.Minute)},
		{Spec{Name: "reindex", Image: "search:7", TimeoutSeconds: 90}, t0.Add(90 * time.Second)},
	}
	for _, tt := range tests {
		run, err := r.Start(tt.spec, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !run.Deadline.Equal(tt.want) {
			t.Errorf("%s: deadline %s, want %s", tt.spec.Name, run.Deadline.Format(time.RFC3339Nano), tt.want.Format(time.RFC3339Nano)) // CRASH
		}
	}
}

func TestStartRejectsInvalidSpec(t *testing.T) {
	r := NewRunner(func() time.Time { return t0 })
	if _, err := r.Start(Spec{Name: " ", Image: "x"}, 1); err != ErrInvalidSpec {
		t.Errorf("err = %v", err)
	}
}

func TestExpired(t *testing.T) {
	r := NewRunner(func() time.Time { return t0 })
	run := Run{Deadline: t0.Add(time.Minute)}
	if r.Expired(run, t0) || !r.Expired(run, t0.Add(time.Minute)) {
		t.Error("Expired boundary")
	}
}
