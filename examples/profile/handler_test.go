package profile

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestProfileHandler(t *testing.T) {
	store := NewStore(
		&Profile{ID: "u1", DisplayName: "Ada", Email: "ada@example.com", JoinedAt: time.Date(2019, 3, 1, 0, 0, 0, 0, time.UTC)},
		&Profile{ID: "u2", DisplayName: "Grace", Email: "grace@example.com", JoinedAt: time.Date(2021, 7, 9, 0, 0, 0, 0, time.UTC)},
	)
	h := &Handler{Store: store}

	tests := []struct {
		name       string
		path       string
		wantStatus int
	}{
		{"existing user", "/profiles/u1", http.StatusOK},
		{"unknown user", "/profiles/u404", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.path, nil))
			if rec.Code != tt.wantStatus {
				t.Errorf("GET %s: status %d, want %d", tt.path, rec.Code, tt.wantStatus)
			}
		})
	}
}
