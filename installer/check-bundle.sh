#!/usr/bin/env bash
# Proves the Linux tarball works on its own: unpacks it in a temporary folder outside the
# source tree and, with a clean environment (no venv, no PYTHONPATH, a fresh HOME), runs
# from INSIDE the bundle: both --version, `smartgrowth-cli selftest`, the window's
# --smoke-test (offscreen) and a card photo read by the bundled Tesseract. Prints one line per check and the bundle's biggest parts.
# Usage: installer/check-bundle.sh dist/smartgrowth-desk-<version>-linux-x86_64.tar.gz
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(python3 "$root/installer/version.py")"
tarball="${1:-$root/dist/smartgrowth-desk-$version-linux-x86_64.tar.gz}"
[ -f "$tarball" ] || { echo "check-bundle: no $tarball (run make dist)" >&2; exit 1; }
work="$(mktemp -d /tmp/smartgrowth-bundle-check.XXXXXX)"
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xzf "$tarball"
app="$work/smartgrowth-desk-$version"
mkdir -p "$work/home" "$work/cwd"
cd "$work/cwd"  # nothing of the source tree is reachable from here
clean=(env -i "HOME=$work/home" "PATH=/usr/bin:/bin" "LANG=C.UTF-8" "TMPDIR=$work")
failed=0
passed=0
check() {  # check NAME EXPECTED-TEXT COMMAND...
  local name="$1" expected="$2"; shift 2
  local out started ms
  started=$(date +%s%N)
  if out="$("${clean[@]}" "$@" 2>"$work/stderr")" && grep -qF -- "$expected" <<<"$out"; then
    ms=$(( ($(date +%s%N) - started) / 1000000 ))
    echo "PASS bundle $name ($ms ms)"
    passed=$((passed + 1))
  else
    echo "FAIL bundle $name: expected '$expected'; got:"
    sed 's/^/    /' <<<"$out"; sed 's/^/    /' "$work/stderr"
    failed=$((failed + 1))
  fi
}
check "smartgrowth-cli --version" "smartgrowth-cli $version" "$app/smartgrowth-cli" --version
check "smartgrowth --version" "smartgrowth $version" "$app/smartgrowth" --version
check "selftest" "PASS sync an edit, then new linked records" "$app/smartgrowth-cli" selftest
check "selftest runs from the bundle" "\"resources\": \"$app/_internal/resources\"" \
  "$app/smartgrowth-cli" selftest --json
check "window smoke test" "smoke test: PASS" \
  env QT_QPA_PLATFORM=offscreen "$app/smartgrowth" --smoke-test
# a card photo read by the bundle's own Tesseract (no PATH: the system's cannot be used)
check "card photo read by the bundled tesseract" "emily.taylor@brightgrid.co.uk" \
  env PATH="$work/no-path" "$app/smartgrowth-cli" --data-dir "$work/cards-profile" \
  import-cards --dry-run --json "$root/installer/check-card.png"
if [ -e "$work/home/.local/share/smartgrowth-desk" ]; then
  echo "FAIL bundle: the checks wrote into the user's data folder"; failed=$((failed + 1))
fi
echo "bundle: $(du -sh "$app" | cut -f1) unpacked, tarball $(du -h "$tarball" | cut -f1); biggest parts:"
for folder in "$app/_internal" "$app/_internal/PySide6/Qt/lib"; do
  du -s "$folder"/* | sort -rn | { head -6; cat >/dev/null; } | sed "s|$app/||" |
    awk '{ printf "  %6.1f MB  %s\n", $1 / 1024, $2 }'
done
echo "bundle: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
