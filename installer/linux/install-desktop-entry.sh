#!/usr/bin/env sh
# Adds SmartGrowth Field Desk to your desktop's application menu (no root needed).
# Run it from the unpacked folder; run it again after moving the folder.
# ./install-desktop-entry.sh --remove takes the menu entry away (your data stays).
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/scalable/apps"
if [ "${1:-}" = "--remove" ]; then
  rm -f "$apps/smartgrowth-desk.desktop" "$icons/smartgrowth-desk.svg"
  echo "Menu entry removed. Your data is still in ~/.local/share/smartgrowth-desk."
  exit 0
fi
mkdir -p "$apps" "$icons"
cp "$here/smartgrowth-desk.svg" "$icons/smartgrowth-desk.svg"
sed "s|@APPDIR@|$here|g" "$here/smartgrowth.desktop" > "$apps/smartgrowth-desk.desktop"
chmod 644 "$apps/smartgrowth-desk.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" || true
echo "Added SmartGrowth Field Desk to the application menu ($apps/smartgrowth-desk.desktop)."
