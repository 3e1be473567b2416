#!/usr/bin/env bash
# macOS only: builds "SmartGrowth Field Desk.app" with PyInstaller (unless --no-build) and
# wraps it in dist/smartgrowth-desk-<version>-macos-<arch>.dmg with hdiutil: the app and
# a link to /Applications, to drag it across.
#
#   python3 -m venv .venv && .venv/bin/pip install -e '.[dist]'
#   installer/macos/make-dmg.sh [--no-build]
#
# SIGN_IDENTITY="Developer ID Application: ..." signs the app and the image (hardened
# runtime); without it the app is only ad-hoc signed and Gatekeeper asks the user to
# confirm on first start (right-click → Open). Notarization needs an Apple developer
# account: xcrun notarytool submit <dmg> --wait, then xcrun stapler staple <dmg>.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
[ "$(uname -s)" = Darwin ] || { echo "make-dmg: runs on macOS only (hdiutil)" >&2; exit 1; }
cd "$root"
python="${PYTHON:-$root/.venv/bin/python}"
version="$("$python" installer/version.py)"
app="dist/SmartGrowth Field Desk.app"
if [ "${1:-}" != "--no-build" ]; then
  "$python" -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller \
    installer/smartgrowth.spec
fi
[ -d "$app" ] || { echo "make-dmg: $app is missing" >&2; exit 1; }
plist_version="$(/usr/libexec/PlistBuddy -c 'Print :CFBundleShortVersionString' "$app/Contents/Info.plist")"
[ "$plist_version" = "$version" ] || { echo "make-dmg: Info.plist says $plist_version, not $version" >&2; exit 1; }
"$app/Contents/MacOS/smartgrowth-cli" selftest
if [ -n "${SIGN_IDENTITY:-}" ]; then
  codesign --force --deep --options runtime --timestamp --sign "$SIGN_IDENTITY" "$app"
fi
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
dmg="dist/smartgrowth-desk-$version-macos-$(uname -m).dmg"
rm -f "$dmg"
hdiutil create -volname "SmartGrowth Field Desk $version" -srcfolder "$stage" \
  -fs HFS+ -format UDZO -ov "$dmg"
if [ -n "${SIGN_IDENTITY:-}" ]; then
  codesign --sign "$SIGN_IDENTITY" --timestamp "$dmg"
fi
echo "$dmg"
