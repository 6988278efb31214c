package orderapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

func listOrders(t *testing.T, query string) ListResult {
	t.Helper()
	orders := make([]Order, 60)
	for i := range orders {
		orders[i] = Order{ID: fmt.Sprintf("ord-%02d", i), Status: "paid"}
	}
	h := &Handler{svc: NewService(orders)}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/orders?"+query, nil))
	var res ListResult
	if err := json.NewDecoder(rec.Body).Decode(&res); err != nil {
		t.Fatalf("decode: %v", err)
	}
	return res
}

func TestListOrdersSecondPage(t *testing.T) {
	res := listOrders(t, "page=2&per_page=50")
	if len(res.Orders) != 10 || res.Meta.TotalPages != 2 || res.Meta.HasNext {
		t.Errorf("meta = %+v, %d orders", res.Meta, len(res.Orders))
	}
}

func TestListOrdersPagingFallsBackToDefaults(t *testing.T) {
	res := listOrders(t, "page=0&per_page=0")
	if res.Meta.Page != 1 || res.Meta.PerPage != defaultPerPage || len(res.Orders) != defaultPerPage {
		t.Errorf("meta = %+v, %d orders", res.Meta, len(res.Orders))
	}
}
