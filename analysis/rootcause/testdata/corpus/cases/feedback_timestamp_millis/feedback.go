package push

import "time"

// Unregistered reports a device token that the push service no longer accepts.
type Unregistered struct {
	Token  string
	At     time.Time
	Reason string
}

// ParseFeedback turns a feedback service response into events.
func ParseFeedback(body []byte) ([]Unregistered, error) {
	entries, err := decodeFeedback(body)
	if err != nil {
		return nil, err
	}
	out := make([]Unregistered, 0, len(entries))
	for _, e := range entries {
		if e.Token == "" {
			continue
		}
		out = append(out, e.event())
	}
	return out, nil
}

// Prune removes tokens from registered that were unregistered after they
// were last registered.
func Prune(registered map[string]time.Time, events []Unregistered) []string {
	var removed []string
	for _, ev := range events {
		if at, ok := registered[ev.Token]; ok && ev.At.After(at) {
			delete(registered, ev.Token)
			removed = append(removed, ev.Token)
		}
	}
	return removed
}
