package gateway

import "time"

// Config is the per-route gateway configuration loaded from YAML.
type Config struct {
	Upstream     string
	Timeout      time.Duration
	StripHeaders []string
	AddHeaders   map[string]string
}

func newHeaderFilter(names []string) headerFilter {
	f := headerFilter{blocked: make(map[string]bool, len(names)+len(hopByHop))}
	for _, h := range hopByHop {
		f.blocked[h] = true
	}
	for _, n := range names {
		f.blocked[n] = true // ROOT
	}
	return f
}
