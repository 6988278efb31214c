package a

import (
	"go/parser"
	"go/token"
	"testing"
)

func TestSetup(t *testing.T) {
	f, _ := parser.ParseFile(token.NewFileSet(), "x.go", "package x", 0) // standard library setup: not reported
	_ = f.Name
	cfg, _ := Load("") // want `error from Load discarded`
	_ = cfg.Name
}
