// Package memory is sleuth's incident store: every failure it captured,
// what was tried and what fixed it, recalled when a similar failure
// returns.
//
// An Incident is keyed by its Signature: the failure kind, the user frames
// as "package.Function" without lines or closure numbers, and the message
// with numbers, addresses, goroutine ids and paths replaced
// (SignatureOf). Equal keys are the same failure seen again, after an
// unrelated edit or on another day; Recall also finds similar incidents
// (the same bug in another function, the same mistake in another
// package) and says why each matches; with an Embedder (a local model
// through Ollama) it also compares the vectors of the signatures' text.
// When the test passes again, Resolve
// records what changed in the suspect files, and FixesFor tells the fix
// engine which changes worked and which failed for a signature.
//
// Store is the interface every user holds; SQLite (Open) is the embedded
// implementation: one SQLite file through a pure-Go driver, in WAL mode so
// that several sleuth processes share it, with FTS5 for free-text search,
// private to the user (mode 0600), migrated by schema version, and moved
// aside, never wiped, when it is damaged or newer than this sleuth.
// Incidents are redacted (analysis/redact) before they are built, with the
// rules used for model prompts.
//
// The package knows reports (analysis/report), not debuggers or editors:
// no Delve or LSP type appears here.
package memory
