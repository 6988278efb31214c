package app

import "testing"

func TestPut(t *testing.T) {
	c := &Cache{} // ctorbypass
	c.Put("a", 1)
	if Name("x") != "x" {
		t.Fatal("bad name")
	}
}
