package kv

import "testing"

func TestSetGetShortKeys(t *testing.T) {
	s := New(8)
	for _, k := range []string{"a", "b", "eu", "us"} {
		s.Set(k, []byte(k))
	}
	if v, ok := s.Get("eu"); !ok || string(v) != "eu" {
		t.Errorf("Get(eu) = %q, %v", v, ok)
	}
	if s.Len() != 4 {
		t.Errorf("Len() = %d", s.Len())
	}
}

func TestSetGetCatalogKeys(t *testing.T) {
	s := New(8)
	keys := []string{"sku:TEE-BLK-XL", "invoice:2024-0001", "sku:MUG-01", "cart:alice@example.com"}
	for _, k := range keys {
		s.Set(k, []byte("v-"+k))
	}
	for _, k := range keys {
		if v, ok := s.Get(k); !ok || string(v) != "v-"+k {
			t.Errorf("Get(%s) = %q, %v", k, v, ok)
		}
	}
}

func TestHashCodeMatchesJava(t *testing.T) {
	// "hello".hashCode() in Java
	if h := hashCode("hello"); h != 99162322 {
		t.Errorf("hashCode(hello) = %d", h)
	}
}
