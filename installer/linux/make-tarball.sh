#!/usr/bin/env bash
# Wraps PyInstaller's one-folder app (dist/smartgrowth-desk) into
# dist/smartgrowth-desk-<version>-linux-x86_64.tar.gz, with the menu entry, icon and README.
# Usage: installer/linux/make-tarball.sh [dist-folder]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dist="${1:-$root/dist}"
version="$(python3 "$root/installer/version.py")"
app="$dist/smartgrowth-desk"
[ -x "$app/smartgrowth" ] || { echo "make-tarball: build the app first (make dist)" >&2; exit 1; }
top="smartgrowth-desk-$version"
stage="$dist/$top"
rm -rf "$stage"
cp -a "$app" "$stage"
cp "$root/installer/linux/smartgrowth.desktop" "$stage/"
install -m 755 "$root/installer/linux/install-desktop-entry.sh" "$stage/"
cp "$root/resources/icons/smartgrowth.svg" "$stage/smartgrowth-desk.svg"
sed "s|@VERSION@|$version|" "$root/installer/linux/README.txt" > "$stage/README.txt"
tarball="$dist/$top-linux-x86_64.tar.gz"
tar -C "$dist" -cf - "$top" | gzip -6 > "$tarball.part"
mv "$tarball.part" "$tarball"
rm -rf "$stage"
echo "$tarball ($(du -h "$tarball" | cut -f1))"
