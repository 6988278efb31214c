package orders

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestPlaceOrderSendsWebhook(t *testing.T) {
	got := make(chan Event, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var ev Event
		_ = json.NewDecoder(r.Body).Decode(&ev)
		got <- ev
	}))
	defer srv.Close()

	svc := NewService(Config{WebhookURL: srv.URL, Timeout: time.Second})
	if err := svc.Place(context.Background(), Order{ID: "o-1", Total: 4200}); err != nil {
		t.Fatal(err)
	}
	if ev := <-got; ev.OrderID != "o-1" || ev.Type != "order.placed" {
		t.Errorf("event = %+v", ev)
	}
}

func TestPlaceOrderWithoutWebhook(t *testing.T) {
	svc := NewService(Config{Timeout: time.Second})
	if err := svc.Place(context.Background(), Order{ID: "o-2", Total: 1000}); err != nil {
		t.Fatal(err)
	}
	if _, ok := svc.Get("o-2"); !ok {
		t.Error("order o-2 not stored")
	}
}
