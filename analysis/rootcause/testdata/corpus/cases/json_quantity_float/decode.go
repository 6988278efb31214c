package stockevents

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Event is a warehouse webhook event. Data differs per event type, so it
// is kept as a generic document and interpreted by the handler for Type.
type Event struct {
	ID   string
	Type string
	Data map[string]any
}

func decodeEvent(body []byte) (Event, error) {
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil { // ROOT
		return Event{}, fmt.Errorf("decode event: %w", err)
	}
	id, _ := doc["id"].(string)
	typ, _ := doc["type"].(string)
	data, _ := doc["data"].(map[string]any)
	if id == "" || typ == "" {
		return Event{}, errors.New("decode event: id and type are required")
	}
	return Event{ID: id, Type: typ, Data: data}, nil
}
