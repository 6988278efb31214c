package app_test

import (
	"testing"

	"example.com/mod/app"
)

func TestLast(t *testing.T) {
	nodes := []*app.Node{{Val: 1}, {Val: 2}}
	sum := 0
	for i := 0; i <= len(nodes); i++ { // offbyone
		sum += app.Last(nodes[i])
	}
	if sum != 3 {
		t.Fatal(sum)
	}
}
