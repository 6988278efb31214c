// Package capture runs a Go test or program under Delve and records the state
// of the process at the moment it fails: the failing goroutine's frames with
// their arguments and locals, every goroutine summarised, the target's output
// and a classification of the failure (see report.Kind).
//
// # Shape
//
// The engine never debugs in its own process. Delve's native backend reaps
// children with wait4(-1) and a Delve crash would take the caller down, so
// every target gets a worker: the calling binary re-executes itself with
// SLEUTH_WORKER set (see MaybeWorker), the worker hosts Delve's JSON-RPC
// server on a unix socket and launches the target, and the engine drives it
// with Delve's rpc2 client. One worker per target; the worker dies with it.
//
// # Cleanup
//
// The worker reads a lifeline pipe whose write end only the engine holds; when
// the engine exits for any reason (even SIGKILL) the pipe closes and the
// worker kills the target's process group and every orphan it inherited as a
// child subreaper. The engine, on its side, kills the worker's and the
// target's process groups after every run.
package capture
