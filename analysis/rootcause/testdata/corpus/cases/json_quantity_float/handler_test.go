package stockevents

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func post(h http.Handler, body string) int {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/webhooks/warehouse", strings.NewReader(body)))
	return rec.Code
}

func TestWebhookRejectsUnknownType(t *testing.T) {
	h := &WebhookHandler{Inventory: NewInventory()}
	if code := post(h, `{"id":"e0","type":"stock.counted","data":{}}`); code != http.StatusUnprocessableEntity {
		t.Errorf("status = %d, want 422", code)
	}
}

func TestWebhookAppliesReceivedStock(t *testing.T) {
	inv := NewInventory()
	h := &WebhookHandler{Inventory: inv}
	if code := post(h, `{"id":"e1","type":"stock.received","data":{"sku":"KB-01","quantity":12}}`); code != http.StatusNoContent {
		t.Fatalf("status = %d, want 204", code)
	}
	if got := inv.OnHand("KB-01"); got != 12 {
		t.Errorf("on hand = %d, want 12", got)
	}
}
