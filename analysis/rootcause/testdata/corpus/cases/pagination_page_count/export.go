package export

import (
	"fmt"
	"io"
	"strings"
)

type Order struct {
	ID       string
	Customer string
	Cents    int64
}

// PageHeader describes one page of a printed order report.
type PageHeader struct {
	Number  int
	FirstID string
	LastID  string
}

// Writer renders orders into fixed-size pages for the warehouse printer.
type Writer struct {
	PageSize int
}

func (w *Writer) Headers(orders []Order) []PageHeader {
	n := pageCount(len(orders), w.PageSize)
	headers := make([]PageHeader, 0, n)
	for p := 0; p < n; p++ {
		lo, hi := pageBounds(p, w.PageSize, len(orders))
		first := orders[lo] // CRASH
		last := orders[hi-1]
		headers = append(headers, PageHeader{Number: p + 1, FirstID: first.ID, LastID: last.ID})
	}
	return headers
}

func (w *Writer) Write(out io.Writer, orders []Order) error {
	for _, h := range w.Headers(orders) {
		if _, err := fmt.Fprintf(out, "page %d: %s..%s\n", h.Number, h.FirstID, h.LastID); err != nil {
			return err
		}
	}
	return nil
}

func formatCents(c int64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d.%02d", c/100, c%100)
	return b.String()
}
