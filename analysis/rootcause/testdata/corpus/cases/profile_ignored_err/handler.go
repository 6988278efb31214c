package profiles

import (
	"encoding/json"
	"net/http"
	"strings"
)

type profileResponse struct {
	Name   string `json:"name"`
	Email  string `json:"email"`
	Locale string `json:"locale"`
}

// Handler serves GET /profiles/{id}.
type Handler struct {
	svc *Service
}

func NewHandler(svc *Service) *Handler { return &Handler{svc: svc} }

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	id := strings.TrimPrefix(r.URL.Path, "/profiles/")
	if id == "" || strings.Contains(id, "/") {
		http.Error(w, "missing account id", http.StatusBadRequest)
		return
	}
	p := h.svc.Profile(id)
	resp := toResponse(p)
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(resp); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func toResponse(p *Profile) profileResponse {
	resp := profileResponse{Name: p.DisplayName, Email: p.Email, Locale: p.Locale} // CRASH
	return resp
}
