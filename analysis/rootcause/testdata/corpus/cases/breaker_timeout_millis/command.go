package breaker

// CommandConfig is the circuit configuration in the units the circuit
// registry expects (milliseconds and percentages).
type CommandConfig struct {
	Timeout                int
	MaxConcurrentRequests  int
	ErrorPercentThreshold  int
	SleepWindow            int
	RequestVolumeThreshold int
}

const (
	defaultTimeoutMillis = 1000
	defaultMaxConcurrent = 10
	defaultErrorPercent  = 50
	defaultSleepMillis   = 5000
	defaultRequestVolume = 20
)

func commandConfig(o options) CommandConfig {
	c := CommandConfig{
		Timeout:                defaultTimeoutMillis,
		MaxConcurrentRequests:  defaultMaxConcurrent,
		ErrorPercentThreshold:  defaultErrorPercent,
		SleepWindow:            defaultSleepMillis,
		RequestVolumeThreshold: defaultRequestVolume,
	}
	if o.timeout > 0 {
		c.Timeout = int(o.timeout) // ROOT
	}
	if o.maxConcurrent > 0 {
		c.MaxConcurrentRequests = o.maxConcurrent
	}
	if o.errorPercent > 0 {
		c.ErrorPercentThreshold = o.errorPercent
	}
	if o.sleepWindow > 0 {
		c.SleepWindow = int(o.sleepWindow.Milliseconds())
	}
	return c
}
