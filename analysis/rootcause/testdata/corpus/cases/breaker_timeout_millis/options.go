package breaker

import "time"

type options struct {
	name          string
	timeout       time.Duration
	maxConcurrent int
	errorPercent  int
	sleepWindow   time.Duration
}

type Option func(*options)

func WithName(n string) Option               { return func(o *options) { o.name = n } }
func WithTimeout(d time.Duration) Option     { return func(o *options) { o.timeout = d } }
func WithMaxConcurrent(n int) Option         { return func(o *options) { o.maxConcurrent = n } }
func WithErrorPercent(p int) Option          { return func(o *options) { o.errorPercent = p } }
func WithSleepWindow(d time.Duration) Option { return func(o *options) { o.sleepWindow = d } }
