package authmw

import (
	"context"
	"net/http"
)

// TokenVerifier checks a bearer token and returns the subject it belongs to.
type TokenVerifier interface {
	Verify(ctx context.Context, token string) (subject string, err error)
}

type subjectKey struct{}

// Subject returns the authenticated subject stored by RequireAuth.
func Subject(ctx context.Context) string {
	s, _ := ctx.Value(subjectKey{}).(string)
	return s
}

// RequireAuth rejects requests without a valid bearer token.
func RequireAuth(v TokenVerifier, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, ok := tokenFromHeader(r.Header.Get("Authorization"))
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		sub, err := v.Verify(r.Context(), tok)
		if err != nil {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), subjectKey{}, sub)))
	})
}
