package gateway

import (
	"net/http/httptest"
	"testing"
)

func newTestProxy(t *testing.T) *Proxy {
	t.Helper()
	p, err := New(Config{
		Upstream:     "http://orders.internal:8080/api",
		StripHeaders: []string{"cookie", "x-debug", "X-Internal-Token"},
		AddHeaders:   map[string]string{"X-Gateway": "edge-1"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOutboundStripsConfiguredHeaders(t *testing.T) {
	p := newTestProxy(t)
	for _, h := range []string{"Cookie", "X-Debug", "X-Internal-Token", "Connection"} {
		in := httptest.NewRequest("GET", "/orders/42", nil)
		in.Header.Set(h, "secret")
		out := p.Outbound(in)
		if got := out.Header.Get(h); got != "" {
			t.Errorf("upstream request carries %s: %q", h, got) // CRASH
		}
	}
}

func TestOutboundKeepsOtherHeaders(t *testing.T) {
	p := newTestProxy(t)
	in := httptest.NewRequest("GET", "/orders/42?expand=lines", nil)
	in.Header.Set("Accept", "application/json")
	in.Header.Set("X-Request-Id", "r-1")
	out := p.Outbound(in)
	if out.URL.String() != "http://orders.internal:8080/api/orders/42?expand=lines" {
		t.Errorf("URL = %s", out.URL)
	}
	if out.Header.Get("Accept") != "application/json" || out.Header.Get("X-Request-Id") != "r-1" {
		t.Errorf("headers = %v", out.Header)
	}
	if out.Header.Get("X-Gateway") != "edge-1" {
		t.Errorf("X-Gateway = %q", out.Header.Get("X-Gateway"))
	}
}
