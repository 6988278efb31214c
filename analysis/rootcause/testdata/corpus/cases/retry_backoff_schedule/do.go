package retry

import (
	"context"
	"fmt"
)

// Do runs op until it succeeds, returns a non-retryable error, the
// schedule is exhausted, or ctx is done.
func (p Policy) Do(ctx context.Context, op func(context.Context) error) error {
	for attempt := 1; ; attempt++ {
		err := op(ctx)
		if err == nil || !p.retryable(err) {
			return err
		}
		if attempt > len(p.Delays) {
			return fmt.Errorf("giving up after %d attempts: %w", attempt, err)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		p.sleep(p.delay(attempt)) // ROOT
	}
}
