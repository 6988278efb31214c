package webapp

import (
	"context"
	"net/http"
	"strings"
)

// UserStore resolves API keys to users.
type UserStore interface {
	ByAPIKey(key string) (*User, bool)
}

// Authenticate attaches the calling user to the request context.
func Authenticate(users UserStore, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := strings.TrimSpace(r.Header.Get("X-Api-Key"))
		u, ok := users.ByAPIKey(key)
		if key == "" || !ok {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		ctx := context.WithValue(r.Context(), "user", u) // ROOT
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
