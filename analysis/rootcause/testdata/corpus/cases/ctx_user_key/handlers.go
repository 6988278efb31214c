package webapp

import (
	"encoding/json"
	"net/http"
)

type accountView struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Admin bool   `json:"admin"`
}

// AccountHandler serves GET /account for the authenticated caller.
func AccountHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := UserFrom(r.Context())
		view := accountView{ID: u.ID, Email: u.Email, Admin: u.HasRole("admin")}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(view)
	})
}

// Routes builds the application's HTTP routes.
func Routes(users UserStore) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /account", Authenticate(users, AccountHandler()))
	return mux
}
