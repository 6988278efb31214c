package authmw

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

type staticVerifier map[string]string

func (v staticVerifier) Verify(_ context.Context, tok string) (string, error) {
	if s, ok := v[tok]; ok {
		return s, nil
	}
	return "", errors.New("unknown token")
}

func protected() http.Handler {
	return RequireAuth(staticVerifier{"t0k": "user-1"}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(Subject(r.Context())))
	}))
}

func TestRequireAuthAcceptsValidToken(t *testing.T) {
	req := httptest.NewRequest(http.MethodGet, "/me", nil)
	req.Header.Set("Authorization", "Bearer t0k")
	rec := httptest.NewRecorder()
	protected().ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || rec.Body.String() != "user-1" {
		t.Errorf("got %d %q", rec.Code, rec.Body.String())
	}
}

func TestRequireAuthRejectsMalformedHeaders(t *testing.T) {
	for _, h := range []string{"", "Basic dXNlcjpwYXNz", "Bearer ", "Bearer"} {
		req := httptest.NewRequest(http.MethodGet, "/me", nil)
		req.Header.Set("Authorization", h)
		rec := httptest.NewRecorder()
		protected().ServeHTTP(rec, req)
		if rec.Code != http.StatusUnauthorized {
			t.Errorf("header %q: status %d, want 401", h, rec.Code)
		}
	}
}
