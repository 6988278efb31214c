#!/usr/bin/env bash
# The one test command: all set-up, then every test. .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

# Set-up: sleuth needs only Go (Delve is a Go dependency, nothing to install).
go version
go mod download

echo "== go vet"
go vet ./...

echo "== go test"
go test -race -count=1 -timeout 40m ./...
