package orderapi

// Meta is the pagination block returned alongside list results.
type Meta struct {
	Page       int  `json:"page"`
	PerPage    int  `json:"per_page"`
	Total      int  `json:"total"`
	TotalPages int  `json:"total_pages"`
	HasNext    bool `json:"has_next"`
}

func pageMeta(total, page, perPage int) Meta {
	pages := (total + perPage - 1) / perPage // CRASH
	return Meta{Page: page, PerPage: perPage, Total: total, TotalPages: pages, HasNext: page < pages}
}
