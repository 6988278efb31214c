package capture

import "testing"

func TestShortenTypes(t *testing.T) {
	cases := map[string]string{
		"*example.com/shop/cart.Cart {items: map[string]int nil}": "*cart.Cart {items: map[string]int nil}",
		`net/http.Header ["/a/b.c": "x/y.z"]`:                     `http.Header ["/a/b.c": "x/y.z"]`,
		`struct { example.com/p.name string } {name: "a\"/b.c"}`:  `struct { p.name string } {name: "a\"/b.c"}`,
		"42": "42",
	}
	for in, want := range cases {
		if got := shortenTypes(in); got != want {
			t.Errorf("shortenTypes(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDropAnonType(t *testing.T) {
	if got := dropAnonType(`struct { p.name string } {name: "x"}`); got != `{name: "x"}` {
		t.Errorf("got %q", got)
	}
	if got := dropAnonType(`p.T {a: 1}`); got != `p.T {a: 1}` {
		t.Errorf("got %q", got)
	}
}

func FuzzShortenTypes(f *testing.F) {
	f.Add(`*a.b/c.D {x: "y/z.w"}`)
	f.Fuzz(func(t *testing.T, s string) {
		_ = dropAnonType(shortenTypes(s))
	})
}
