package transport

import "time"

// retryable reports whether a response status is worth another attempt.
func retryable(status int) bool {
	switch status {
	case 502, 503, 504:
		return true
	}
	return false
}

// backoff returns the pause before retry number n (1-based).
func backoff(base time.Duration, n int) time.Duration {
	d := base
	for i := 1; i < n; i++ {
		d *= 2
	}
	return d
}
