// Package server is sleuth's language server (`sleuth serve`): a thin LSP
// front end over the engine (analysis/investigate), beside gopls in any
// editor.
//
// # Transport and ordering
//
// glsp v0.2.2 (github.com/tliron/glsp) handles requests one at a time on its
// read loop, loses custom error codes, and deadlocks when a handler calls the
// client. The server therefore owns the transport: it uses glsp's protocol
// types (protocol_3_16, plus its own 3.17 inlay-hint types) over
// sourcegraph/jsonrpc2 with its own framing (stream.go), which skips bad
// headers and answers bad JSON instead of closing the connection.
//
//   - The read loop (jsonrpc2's goroutine) only queues. $/cancelRequest
//     cancels a queued or running request there, and exit cancels every
//     investigation there, so neither waits behind the queue.
//   - One request goroutine handles the queue in order (didChange before the
//     hover that follows it). Every handler is instant: it reads the current
//     result under Server.mu and returns. A panic becomes InternalError.
//   - Commands that run user code (sleuth.investigate, sleuth.captureHere,
//     sleuth.rerun) and sleuth.explainTrace go through runCommand: they
//     return at once and continue on a server-owned goroutine with a context
//     detached from the request, progress under the client's token or one
//     created with window/workDoneProgress/create, and a cancel registered
//     under that token. A semaphore bounds concurrent investigations.
//   - Server→client requests (configuration, progress create, showDocument,
//     refreshes) are made only from server-owned goroutines.
//   - Serve returns after exit or the end of the input, once every
//     investigation has been cancelled (capture.Run then kills its worker and
//     target) and every server goroutine has ended.
//
// # Positions
//
// position.go is the one place where domain positions (absolute file,
// 1-based line, byte column) become LSP positions (URI, 0-based line, UTF-16
// column) and back.
//
// # Results and staleness
//
// A finished investigation becomes an immutable result (result.go): the
// report, the text of every file it points into, and per file the marks
// (crash, suspects, waits, frames, snapshots) on their lines. Edits made
// since are kept beside it as line edits (documents.go); every reader maps a
// mark's line through them, so a mark moves with inserted lines and
// disappears when its own line is edited. A new result replaces everything.
package server
