#!/usr/bin/env bash
# The one test command: all set-up, then every test. .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

# Set-up: sleuth needs only Go (Delve is a Go dependency, nothing to install;
# the Ollama server of the model tests is built with Go below).
go version
go mod download

# The analysis/model tests run a real Ollama server with a tiny model made
# locally (no download). scripts/ollama.sh builds the server once from the Go
# module proxy and prints its path; when it cannot, those tests fail in CI
# (CI=true) and skip elsewhere, saying why.
echo "== ollama"
if SLEUTH_OLLAMA="$(bash scripts/ollama.sh)"; then
	export SLEUTH_OLLAMA
	echo "$SLEUTH_OLLAMA"
else
	echo "ollama could not be built: the real-model tests will fail in CI and skip elsewhere" >&2
fi

echo "== tracked files"
bash scripts/check-tree.sh

echo "== go vet"
go vet ./...

echo "== go test"
go test -race -count=1 -timeout 40m ./...
bash scripts/editors.sh # the editor integrations in real editors (docs/editors.md)
