// Package server will hold sleuth's language server (`sleuth serve`): a thin
// LSP front end over the engine in analysis/. It is not built yet; see the
// open issue "The language server".
package server
