package pagination

import (
	"fmt"
	"testing"
)

// results builds n fake search hits.
func results(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("result-%02d", i)
	}
	return out
}

func TestPaginate(t *testing.T) {
	items := results(23) // 2 full pages of 10, then a last page of 3

	tests := []struct {
		name          string
		offset, limit int
		wantFirst     string
		wantLen       int
		wantNext      int
	}{
		{"first page", 0, 10, "result-00", 10, 10},
		{"middle page", 10, 10, "result-10", 10, 20},
		{"last page", 20, 10, "result-20", 3, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Paginate(items, tt.offset, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Items) != tt.wantLen || p.Items[0] != tt.wantFirst || p.NextOffset != tt.wantNext {
				t.Errorf("got %d items starting %q, next %d; want %d starting %q, next %d",
					len(p.Items), p.Items[0], p.NextOffset, tt.wantLen, tt.wantFirst, tt.wantNext)
			}
		})
	}
}
