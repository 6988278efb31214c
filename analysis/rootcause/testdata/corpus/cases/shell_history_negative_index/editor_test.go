package lineedit

import "testing"

func submit(e *Editor, s string) {
	e.Type(s)
	e.Key(KeyEnter)
}

func TestUpRecallsHistory(t *testing.T) {
	e := NewEditor(4)
	submit(e, "ls")
	submit(e, "cd /tmp")
	e.Key(KeyUp)
	e.Key(KeyUp)
	if e.Line() != "ls" {
		t.Errorf("after two ups: %q", e.Line())
	}
	e.Key(KeyUp)
	if e.Line() != "ls" {
		t.Errorf("up past the oldest entry: %q", e.Line())
	}
}

func TestDownReturnsToDraft(t *testing.T) {
	e := NewEditor(4)
	for _, cmd := range []string{"make", "make test", "git status", "git diff"} {
		submit(e, cmd)
	}
	e.Type("git com")
	e.Key(KeyUp)
	if e.Line() != "git diff" {
		t.Fatalf("up: %q", e.Line())
	}
	e.Key(KeyDown)
	if e.Line() != "git com" {
		t.Errorf("down: %q, want the draft back", e.Line())
	}
}
