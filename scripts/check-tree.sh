#!/usr/bin/env bash
# Fails when git tracks a build output: a compiled executable (ELF, Mach-O,
# PE or a file with the executable bit that is not a #! script) anywhere, or
# any file over 1 MB outside a testdata directory. Run by scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
bad=0
while IFS= read -r -d '' f; do
	[ -f "$f" ] || continue
	magic="$(head -c 4 "$f" | od -An -tx1 | tr -d ' \n')"
	case "$magic" in
	7f454c46 | cffaedfe | cefaedfe | feedfacf | feedface | 4d5a*)
		echo "tracked build output (executable): $f" >&2
		bad=1
		continue
		;;
	esac
	if [ -x "$f" ] && [ "$(head -c 2 "$f")" != "#!" ]; then
		echo "tracked file with the executable bit and no #! line: $f" >&2
		bad=1
	fi
	case "/$f" in
	*/testdata/*) continue ;;
	esac
	size="$(stat -c %s "$f")"
	if [ "$size" -gt 1000000 ]; then
		echo "tracked file over 1 MB outside testdata: $f ($size bytes)" >&2
		bad=1
	fi
done < <(git ls-files -z)
if [ "$bad" != 0 ]; then
	echo "check-tree: remove these with 'git rm --cached FILE' and ignore them in .gitignore" >&2
	exit 1
fi
echo "check-tree: no build outputs tracked"
