package orders

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// Notifier delivers order events to an external system.
type Notifier interface {
	Notify(ctx context.Context, ev Event) error
}

type Event struct {
	Type    string `json:"type"`
	OrderID string `json:"order_id"`
	Total   int64  `json:"total_cents"`
}

// WebhookNotifier posts events as JSON to a configured URL.
type WebhookNotifier struct {
	client *http.Client
	url    string
	secret string
}

func (n *WebhookNotifier) Notify(ctx context.Context, ev Event) error {
	body, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.url, bytes.NewReader(body)) // CRASH
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Webhook-Secret", n.secret)
	resp, err := n.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("webhook: unexpected status %s", resp.Status)
	}
	return nil
}
