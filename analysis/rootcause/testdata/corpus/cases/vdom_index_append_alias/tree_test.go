package vdom

import (
	"slices"
	"testing"
)

func page() *Node {
	return El("html", "",
		El("body", "body",
			El("main", "main",
				El("ul", "todo",
					El("li", "buy-milk"),
					El("li", "walk-dog"),
				),
			),
		),
	)
}

func TestPath(t *testing.T) {
	tree := NewTree(page())
	tests := []struct {
		id   string
		want []int
	}{
		{"body", []int{0}},
		{"todo", []int{0, 0, 0}},
		{"buy-milk", []int{0, 0, 0, 0}},
		{"walk-dog", []int{0, 0, 0, 1}},
	}
	for _, tt := range tests {
		got, ok := tree.Path(tt.id)
		if !ok || !slices.Equal(got, tt.want) {
			t.Errorf("Path(%q) = %v, want %v", tt.id, got, tt.want) // CRASH
		}
	}
}

func TestAt(t *testing.T) {
	tree := NewTree(page())
	if n := tree.At([]int{0, 0, 0, 1}); n == nil || n.ID != "walk-dog" {
		t.Errorf("At = %+v", n)
	}
	if n := tree.At([]int{0, 3}); n != nil {
		t.Errorf("At(out of range) = %+v", n)
	}
}
