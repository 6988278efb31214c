package app

import "testing"

// TestGreet: greeting an unknown user must not crash.
func TestGreet(t *testing.T) {
	id := 42                             // INSIDE
	if got := Greet(id); len(got) > 80 { // CALL
		t.Fatalf("greeting too long: %q", got)
	}
}
