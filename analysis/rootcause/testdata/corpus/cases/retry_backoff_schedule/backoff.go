package retry

import (
	"math/rand/v2"
	"time"
)

// Policy retries an operation with a fixed backoff schedule: Delays[i] is
// the pause before retry i+1.
type Policy struct {
	Delays    []time.Duration
	Jitter    float64 // fraction of the delay, 0 disables jitter
	Retryable func(error) bool
	Sleep     func(time.Duration)
}

func (p Policy) delay(retry int) time.Duration {
	d := p.Delays[retry] // CRASH
	if p.Jitter > 0 {
		d += time.Duration(rand.Float64() * p.Jitter * float64(d))
	}
	return d
}

func (p Policy) retryable(err error) bool {
	return p.Retryable == nil || p.Retryable(err)
}

func (p Policy) sleep(d time.Duration) {
	if p.Sleep != nil {
		p.Sleep(d)
		return
	}
	time.Sleep(d)
}
