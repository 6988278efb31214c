package orderapi

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
)

const (
	defaultPerPage = 25
	maxPerPage     = 200
)

type paging struct {
	page    int
	perPage int
}

func parsePaging(q url.Values) paging {
	p := paging{page: 1, perPage: defaultPerPage}
	if v := q.Get("page"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			p.page = n
		}
	}
	if v := q.Get("per_page"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 { // ROOT
			p.perPage = min(n, maxPerPage)
		}
	}
	return p
}

// Handler serves GET /orders?page=N&per_page=M.
type Handler struct {
	svc *Service
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := parsePaging(r.URL.Query())
	res := h.svc.List(p.page, p.perPage)
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(res); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}
