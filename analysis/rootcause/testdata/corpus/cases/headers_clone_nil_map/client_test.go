package apiclient

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

func echoRequestID() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(r.Header.Get("X-Request-Id") + "|" + r.Header.Get("Authorization")))
	}))
}

func TestGetSendsDefaultsAndRequestID(t *testing.T) {
	srv := echoRequestID()
	defer srv.Close()
	c := New(srv.URL, map[string]string{"authorization": "Bearer abc"}, func() string { return "req-1" })
	body, err := c.Get(context.Background(), "/items")
	if err != nil {
		t.Fatal(err)
	}
	if body != "req-1|Bearer abc" {
		t.Errorf("body = %q", body)
	}
}

func TestGetWithoutDefaultHeaders(t *testing.T) {
	srv := echoRequestID()
	defer srv.Close()
	c := New(srv.URL, nil, func() string { return "req-2" })
	body, err := c.Get(context.Background(), "/items")
	if err != nil {
		t.Fatal(err)
	}
	if body != "req-2|" {
		t.Errorf("body = %q", body)
	}
}
