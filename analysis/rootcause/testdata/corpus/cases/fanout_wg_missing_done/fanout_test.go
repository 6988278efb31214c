package pricefeed

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func upstream() *httptest.Server {
	prices := map[string]float64{"AAPL": 189.5, "MSFT": 410.2, "GOOG": 141.1}
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sym := strings.TrimPrefix(r.URL.Path, "/quotes/")
		p, ok := prices[sym]
		if !ok {
			http.NotFound(w, r)
			return
		}
		json.NewEncoder(w).Encode(Quote{Symbol: sym, Price: p})
	}))
}

func TestFetchAll(t *testing.T) {
	srv := upstream()
	defer srv.Close()
	snap := FetchAll(context.Background(), &Client{BaseURL: srv.URL, HTTP: srv.Client()}, []string{"MSFT", "AAPL"})
	if len(snap.Quotes) != 2 || snap.Quotes[0].Symbol != "AAPL" {
		t.Errorf("snapshot = %+v", snap)
	}
}

func TestFetchAllReportsFailedSymbols(t *testing.T) {
	srv := upstream()
	defer srv.Close()
	snap := FetchAll(context.Background(), &Client{BaseURL: srv.URL, HTTP: srv.Client()}, []string{"AAPL", "NOPE", "GOOG"})
	if len(snap.Quotes) != 2 || snap.Failed["NOPE"] == nil {
		t.Errorf("snapshot = %+v", snap)
	}
}
