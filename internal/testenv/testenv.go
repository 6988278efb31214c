// Package testenv says, at the top of a test, what the test needs that a
// quick run does not have time for: a real Delve session, a real Ollama
// server, or many seconds of building and running. Under -short each helper
// skips the test with the reason, so that `go test -short ./...` is the
// quick loop (under a minute) and `go test ./...` is everything.
//
// Only tests import it.
package testenv

import "testing"

// DelveReason is the reason NeedsDelve gives; testscript scripts that run a
// real Delve session skip with it under -short ([short] skip '…').
const DelveReason = "runs a real Delve session; skipped under -short"

// OllamaReason is the reason NeedsOllama gives.
const OllamaReason = "runs a real Ollama server; skipped under -short"

// NeedsDelve skips t under -short: the test starts a real Delve session,
// directly (capture.Run, capture.Core) or through the engine
// (investigate.Run, the CLI's test and run commands, the server's
// investigate commands), which builds and runs a target for seconds.
func NeedsDelve(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip(DelveReason)
	}
}

// NeedsOllama skips t under -short: the test starts a real Ollama server
// and creates the tiny model, or talks to one. Without a server binary the
// test skips anyway (ollamatest.Server.Host), saying why.
func NeedsOllama(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip(OllamaReason)
	}
}

// Slow skips t under -short, saying why it takes long: it builds and runs
// Go programs without Delve (fix verification runs go test), or works
// through big inputs.
func Slow(t testing.TB, why string) {
	t.Helper()
	if testing.Short() {
		t.Skip(why + "; skipped under -short")
	}
}
