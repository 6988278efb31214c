package webhook

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// Doer is satisfied by *http.Client.
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

type Event struct {
	ID   string `json:"id"`
	Type string `json:"type"`
	Data any    `json:"data"`
}

type Outcome int

const (
	Delivered Outcome = iota
	Retry
	Dropped
)

func (o Outcome) String() string { return [...]string{"delivered", "retry", "dropped"}[o] }

type Sender struct {
	client Doer
	url    string
}

func NewSender(c Doer, url string) *Sender { return &Sender{client: c, url: url} }

// Send posts ev to the subscriber and classifies the result.
func (s *Sender) Send(ev Event) (Outcome, error) {
	body, err := json.Marshal(ev)
	if err != nil {
		return Dropped, err
	}
	req, err := http.NewRequest(http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return Dropped, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Event-Id", ev.ID)
	resp, err := s.client.Do(req)
	if err != nil {
		return Retry, err
	}
	resp.Body.Close()
	switch {
	case delivered(resp.StatusCode):
		return Delivered, nil
	case retryLater(resp.StatusCode):
		return Retry, nil
	}
	return Dropped, nil
}
