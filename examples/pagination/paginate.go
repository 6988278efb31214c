// Package pagination splits search results into pages for an API.
//
// Try it: `go test ./pagination` panics with "slice bounds out of range" when
// asking for the last page. The slicing expression in Paginate is fine; the
// index fed into it comes from lastOnPage, which clamps with an off-by-one.
package pagination

import "errors"

// Page is one page of results plus the offset of the next one.
type Page struct {
	Items      []string
	NextOffset int // -1 when there are no more pages
}

// ErrBadRequest is returned for a negative offset or non-positive limit.
var ErrBadRequest = errors.New("pagination: bad offset or limit")

// Paginate returns up to limit items starting at offset.
func Paginate(items []string, offset, limit int) (Page, error) {
	if offset < 0 || limit <= 0 {
		return Page{}, ErrBadRequest
	}
	if offset >= len(items) {
		return Page{NextOffset: -1}, nil
	}

	last := lastOnPage(offset, limit, len(items))
	page := Page{
		Items:      items[offset : last+1], // panics on a short last page
		NextOffset: last + 1,
	}
	if page.NextOffset >= len(items) {
		page.NextOffset = -1
	}
	return page, nil
}

// lastOnPage returns the index of the last item on the page that starts at
// offset, for a result set of total items.
func lastOnPage(offset, limit, total int) int {
	last := offset + limit - 1
	// BUG: last is an index but total is a length. The clamp should be
	// "if last > total-1 { last = total - 1 }". As written, full pages work,
	// but a short last page ends one item past the end of the results.
	if last > total {
		last = total
	}
	return last
}
