package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestExitCodes checks the exit-status contract in-process.
func TestExitCodes(t *testing.T) {
	cases := []struct {
		args []string
		want int
		err  string
	}{
		{nil, exitUsage, "Usage"},
		{[]string{"nope"}, exitUsage, "unknown command"},
		{[]string{"test", "-nosuchflag"}, exitUsage, "flag provided but not defined"},
		{[]string{"run", "./a", "./b"}, exitUsage, "takes one package"},
		{[]string{"core", "onlyone"}, exitUsage, "want BINARY COREFILE"},
		{[]string{"version"}, exitOK, ""},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		got := run(c.args, strings.NewReader(""), &out, &errb)
		if got != c.want {
			t.Errorf("sleuth %v: exit %d, want %d (stderr %q)", c.args, got, c.want, errb.String())
		}
		if c.err != "" && !strings.Contains(errb.String(), c.err) {
			t.Errorf("sleuth %v: stderr %q, want %q", c.args, errb.String(), c.err)
		}
	}
}
