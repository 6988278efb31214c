package push

import (
	"encoding/json"
	"fmt"
	"time"
)

// rawFeedback is one entry of the feedback service response.
type rawFeedback struct {
	Token     string `json:"token"`
	Timestamp int64  `json:"timestamp"`
	Reason    string `json:"reason"`
}

func (r rawFeedback) event() Unregistered {
	return Unregistered{
		Token:  r.Token,
		At:     time.Unix(r.Timestamp, 0).UTC(), // ROOT
		Reason: r.Reason,
	}
}

func decodeFeedback(body []byte) ([]rawFeedback, error) {
	var doc struct {
		Entries []rawFeedback `json:"feedback"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, fmt.Errorf("push: decode feedback: %w", err)
	}
	return doc.Entries, nil
}
