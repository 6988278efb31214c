package webhook

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

type replyWith int

func (code replyWith) Do(req *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: int(code), Body: io.NopCloser(strings.NewReader("")), Request: req}, nil
}

func TestSendOutcome(t *testing.T) {
	tests := []struct {
		code int
		want Outcome
	}{
		{200, Delivered},
		{202, Delivered},
		{204, Delivered},
		{300, Dropped},
		{410, Dropped},
		{429, Retry},
		{503, Retry},
	}
	for _, tt := range tests {
		s := NewSender(replyWith(tt.code), "https://hooks.example.net/in")
		got, err := s.Send(Event{ID: "evt_1", Type: "invoice.paid"})
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("HTTP %d: outcome %v, want %v", tt.code, got, tt.want) // CRASH
		}
	}
}
