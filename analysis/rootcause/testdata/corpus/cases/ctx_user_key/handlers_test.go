package webapp

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

type mapStore map[string]*User

func (m mapStore) ByAPIKey(k string) (*User, bool) { u, ok := m[k]; return u, ok }

var users = mapStore{"k-1": {ID: "u-1", Email: "ops@example.com", Roles: []string{"admin"}}}

func TestAccountRequiresAPIKey(t *testing.T) {
	rec := httptest.NewRecorder()
	Routes(users).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/account", nil))
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("status = %d, want 401", rec.Code)
	}
}

func TestAccountReturnsCaller(t *testing.T) {
	req := httptest.NewRequest(http.MethodGet, "/account", nil)
	req.Header.Set("X-Api-Key", "k-1")
	rec := httptest.NewRecorder()
	Routes(users).ServeHTTP(rec, req)
	var got accountView
	if err := json.NewDecoder(rec.Body).Decode(&got); err != nil {
		t.Fatalf("status %d: %v", rec.Code, err)
	}
	if got.ID != "u-1" || !got.Admin {
		t.Errorf("account = %+v", got)
	}
}
