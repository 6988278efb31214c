#!/usr/bin/env bash
# Builds the Ollama server the analysis/model tests run against (a real
# server with a tiny locally generated model; see docs/design.md, "Model").
# No model is downloaded: only Ollama's Go module, from the module proxy.
#
# Prints the binary's path on stdout. Idempotent and quiet: a second run
# finds the binary and returns at once; the build log goes to a file that is
# shown only when the build fails. Concurrent runs wait for one build (flock).
#
#   SLEUTH_OLLAMA_VERSION  module version (default v0.11.4, the last that
#                          builds from the module zip with no extra headers)
#   SLEUTH_OLLAMA_DIR      install directory (default
#                          ${XDG_CACHE_HOME:-~/.cache}/sleuth/ollama/<version>)
set -euo pipefail

version="${SLEUTH_OLLAMA_VERSION:-v0.11.4}"
dir="${SLEUTH_OLLAMA_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sleuth/ollama/$version}"
bin="$dir/ollama"

if [[ -x "$bin" ]]; then
	echo "$bin"
	exit 0
fi

mkdir -p "$dir"
exec 9>"$dir/.lock"
if command -v flock >/dev/null; then
	flock 9
fi
if [[ -x "$bin" ]]; then # built by a concurrent run while we waited
	echo "$bin"
	exit 0
fi

log="$dir/build.log"
echo "sleuth: building ollama $version into $dir (once, about 2 minutes)" >&2
start=$SECONDS
# CGO is required by Ollama's runner (llama.cpp), never by sleuth itself.
if ! CGO_ENABLED=1 GOBIN="$dir" GOFLAGS="${GOFLAGS:-} -buildvcs=false" \
	go install -ldflags "-X github.com/ollama/ollama/version.Version=${version#v}" \
	"github.com/ollama/ollama@$version" >"$log" 2>&1; then
	echo "sleuth: building ollama $version failed; last lines of $log:" >&2
	tail -n 20 "$log" >&2
	rm -f "$bin"
	exit 1
fi
echo "sleuth: ollama built in $((SECONDS - start))s" >&2
echo "$bin"
