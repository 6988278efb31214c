package profile

import (
	"encoding/json"
	"net/http"
	"strings"
)

// profileResponse is the JSON shape returned to clients. We never expose the
// email address publicly.
type profileResponse struct {
	ID          string `json:"id"`
	DisplayName string `json:"display_name"`
	MemberSince int    `json:"member_since"`
}

// Handler serves GET /profiles/{id}.
type Handler struct {
	Store *Store
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/profiles/")
	if id == "" {
		http.Error(w, "missing profile id", http.StatusBadRequest)
		return
	}

	// BUG: the error is ignored. For an unknown id Fetch returns a nil
	// profile together with ErrNotFound, and we carry on as if it succeeded.
	// The fix is to check err and answer 404.
	p, _ := h.Store.Fetch(id)

	resp := render(p)
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(resp)
}

// render converts a stored profile into its public JSON form.
func render(p *Profile) profileResponse {
	return profileResponse{
		ID:          p.ID, // panics here when p is nil
		DisplayName: p.DisplayName,
		MemberSince: p.JoinedAt.Year(),
	}
}
