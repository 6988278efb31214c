// Package deps holds no code. Its test, deps_test.go, is the one table of
// which sleuth package may import which, and of which packages may use each
// heavy third-party family (Delve, the LSP libraries, Ollama, SQLite), in the
// manner of Go's go/build/deps_test.go. The test reads the real import graph
// with `go list -deps -json` and names every edge the table does not allow.
// docs/design.md points here instead of repeating the table.
package deps
