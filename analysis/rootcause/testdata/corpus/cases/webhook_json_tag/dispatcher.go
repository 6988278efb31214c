package delivery

import (
	"sort"
	"time"
)

type endpoint struct {
	name        string
	url         string
	events      map[string]bool
	maxAttempts int
	backoff     time.Duration
}

// Dispatcher routes events to the endpoints subscribed to them.
type Dispatcher struct {
	endpoints []endpoint
}

func NewDispatcher(cfg *Config) *Dispatcher {
	d := &Dispatcher{}
	for _, ec := range cfg.Endpoints {
		d.endpoints = append(d.endpoints, newEndpoint(ec))
	}
	return d
}

func newEndpoint(ec EndpointConfig) endpoint {
	ep := endpoint{name: ec.Name, url: ec.URL, events: make(map[string]bool)}
	for _, e := range ec.Events {
		ep.events[e] = true
	}
	ep.maxAttempts = ec.Retry.MaxAttempts // CRASH
	ep.backoff = parseBackoff(ec.Retry.InitialBackoff)
	if ep.maxAttempts < 1 {
		ep.maxAttempts = 1
	}
	return ep
}

// Plan lists, per endpoint, how many attempts an event type will get.
func (d *Dispatcher) Plan(eventType string) map[string]int {
	out := make(map[string]int)
	for _, ep := range d.endpoints {
		if ep.events[eventType] {
			out[ep.name] = ep.maxAttempts
		}
	}
	return out
}

func (d *Dispatcher) Names() []string {
	var names []string
	for _, ep := range d.endpoints {
		names = append(names, ep.name)
	}
	sort.Strings(names)
	return names
}
