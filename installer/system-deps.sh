#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the app and its tests need, only where missing.
# Usage: installer/system-deps.sh [run|test|dist]. Needs root (or sudo) only if something is missing.
set -euo pipefail

mode="${1:-run}"
packages=(python3 python3-venv libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfontconfig1
          libfreetype6 libdbus-1-3)
# card photos (capture/): Tesseract 5 and its Vietnamese, Chinese and English data, for
# running, testing and bundling alike (Debian 12 ships 5.3); Swedish, Finnish and Estonian
# too, for the letters the others misread on a Nordic card (Å, Ö, Õ, Ü)
packages+=(tesseract-ocr tesseract-ocr-vie tesseract-ocr-chi-sim tesseract-ocr-eng
           tesseract-ocr-swe tesseract-ocr-fin tesseract-ocr-est)
if [ "$mode" = "test" ]; then
  packages+=(poppler-utils)
  # the sync server's tests start a throwaway PostgreSQL (tests/server/postgres.py)
  packages+=(postgresql)
fi
if [ "$mode" = "dist" ]; then
  # PyInstaller (make dist): objdump, the shared libpython, and the X11 libraries Qt's
  # xcb platform plugin links to, so the Linux bundle carries them
  pyver="$(python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")' 2>/dev/null || echo 3.11)"
  packages+=(binutils "libpython${pyver}" libxcb-cursor0 libxcb-icccm4 libxcb-image0
             libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1
             libxkbcommon-x11-0)
fi

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: not a Debian/Ubuntu system; install Qt's runtime libraries yourself" >&2
  exit 0
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
# A Python from elsewhere (pyenv, a venv) may already provide python3 and venv.
if command -v python3 >/dev/null 2>&1 && python3 -c "import venv, ensurepip" >/dev/null 2>&1; then
  filtered=()
  for package in "${missing[@]}"; do
    case "$package" in python3|python3-venv) ;; *) filtered+=("$package") ;; esac
  done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "system-deps: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "system-deps: please install as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
