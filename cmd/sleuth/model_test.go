package main

import (
	"flag"
	"strings"
	"testing"
)

func TestModelDisabled(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:1")
	for _, tc := range []struct {
		env  string
		args []string
	}{
		{"", []string{"--no-model"}},
		{"off", nil},
		{"none", nil},
	} {
		t.Setenv("SLEUTH_MODEL", tc.env)
		fs := flag.NewFlagSet("x", flag.ContinueOnError)
		mo := modelFlags(fs)
		fs.Parse(tc.args)
		if !mo.disabled() {
			t.Errorf("SLEUTH_MODEL=%q %v: the model is on", tc.env, tc.args)
		}
	}
}

func TestStreamPrinter(t *testing.T) {
	var b strings.Builder
	p := &streamPrinter{w: &b, model: "m"}
	p.text("summary", "nil ")
	p.text("summary", "map")
	p.text("explanation", "New forgets\nit")
	p.end()
	if want := "sleuth: model m: nil map\n  New forgets\n  it\n"; b.String() != want {
		t.Errorf("printed %q, want %q", b.String(), want)
	}
}
