package investigate

import "testing"

func TestRunSelects(t *testing.T) {
	cases := []struct {
		pattern, test string
		want          bool
	}{
		{"TestAdd", "TestAdd", true},
		{"^TestAdd$", "TestAdd", true},
		{"^TestAdd$", "TestAddAll", false},
		{"Add", "TestAddAll", true},
		{"TestAdd", "TestAdd/empty", true},
		{"TestAdd/empty", "TestAdd", false}, // only part of TestAdd ran
		{"TestAdd/empty", "TestAdd/empty", true},
		{"TestAdd/full", "TestAdd/empty", false},
		{"^TestA(dd|ll)$/x", "TestAll/x", true},
		{"Test[/]x", "Test/x", false},
		{"(", "TestAdd", false},
	}
	for _, c := range cases {
		if got := runSelects(c.pattern, c.test); got != c.want {
			t.Errorf("runSelects(%q, %q) = %v, want %v", c.pattern, c.test, got, c.want)
		}
	}
}
