package hooks

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
)

var ErrNotPush = errors.New("hooks: not a push event")

// Decode reads a delivery body for the given X-Event header value.
func Decode(event string, body io.Reader) (PushEvent, error) {
	var ev PushEvent
	if !strings.EqualFold(event, "push") {
		return ev, ErrNotPush
	}
	dec := json.NewDecoder(body)
	if err := dec.Decode(&ev); err != nil {
		return PushEvent{}, err
	}
	return ev, nil
}
