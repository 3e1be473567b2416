#!/usr/bin/env bash
# macOS only: mounts the .dmg, copies the app out of it to a temporary folder (as a user
# dragging it to Applications), and runs the copy's `smartgrowth-cli --version`,
# `selftest` and the window's `--smoke-test` (offscreen), with a fresh HOME.
#
#   installer/macos/check-dmg.sh dist/smartgrowth-desk-<version>-macos-<arch>.dmg
set -euo pipefail
dmg="$1"
[ "$(uname -s)" = Darwin ] || { echo "check-dmg: runs on macOS only (hdiutil)" >&2; exit 1; }
work="$(mktemp -d)"
mount="$work/volume"
trap 'hdiutil detach -quiet "$mount" 2>/dev/null || true; rm -rf "$work"' EXIT
hdiutil attach -quiet -nobrowse -readonly -mountpoint "$mount" "$dmg"
cp -R "$mount/SmartGrowth Field Desk.app" "$work/"
app="$work/SmartGrowth Field Desk.app/Contents/MacOS"
mkdir -p "$work/home"
run() { env -i "HOME=$work/home" "PATH=/usr/bin:/bin" "LANG=en_US.UTF-8" "$@"; }
run "$app/smartgrowth-cli" --version
run "$app/smartgrowth-cli" selftest | tee "$work/selftest.txt"
grep -q "PASS sync an edit, then new linked records" "$work/selftest.txt"
run env QT_QPA_PLATFORM=offscreen "$app/smartgrowth" --smoke-test | tee "$work/smoke.txt"
grep -q "smoke test: PASS" "$work/smoke.txt"
echo "dmg checked: $dmg"
