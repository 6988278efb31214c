// Package model asks a local model, through Ollama, to explain a captured
// failure and to propose fixes, and feeds failed fixes back to it.
//
// The model is an addition, never a dependency: the evidence explanation of
// analysis/rootcause stands whenever the model is absent, slow or wrong.
// Every model problem is an *Error of one Kind (not running, model missing,
// timeout, garbage, failed) whose Hint is the one line the front ends show.
//
// What leaves the process is built from evidence, not dumps (prompt.go): the
// failure, the causal chain, the top suspects with the code around them, the
// decisive values and similar past incidents, ordered by relevance and
// counted against a token budget that fits num_ctx. The report is redacted
// (analysis/redact) before the prompt is built, and every piece of text added
// afterwards (source lines, past incidents, test output of a failed fix) is
// redacted again, so no unredacted byte reaches the request.
//
// The reply is structured output: the request carries a JSON schema (Schema)
// as Ollama's format, which Ollama turns into a grammar that constrains
// sampling. The reply is still validated (reply.go): fixes whose files lie
// outside the workspace, whose ranges are invalid, whose edited files no
// longer parse, or which echo a redaction mask are dropped.
//
// Repair verifies fixes by re-running the test (analysis/fix's Verifier) and
// gives the model up to Rounds attempts, each told how the previous one
// failed.
//
// Embed (embed.go) turns texts into vectors through Ollama's /api/embed,
// for memory's recall by embedding, with the same errors and hints.
//
// The package returns domain types (files, 1-based lines) and report types,
// never LSP types.
package model
