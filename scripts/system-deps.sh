#!/usr/bin/env bash
# Installs the Debian packages Maillage needs, only those missing.
#   scripts/system-deps.sh run   → to run the application (Python venv, npm for the data)
#   scripts/system-deps.sh test  → plus Chromium (browser tests) and PostgreSQL 15
set -euo pipefail
purpose=${1:-run}
missing=()

if [ ! -x .venv/bin/python ]; then
  # Debian's python3 creates a venv only with python3-venv (ensurepip); try it for real.
  probe=$(mktemp -d)
  python3 -m venv "$probe/venv" >/dev/null 2>&1 || missing+=(python3-venv)
  rm -rf "$probe"
fi
command -v npm >/dev/null 2>&1 || missing+=(npm)
# WeasyPrint (PDF of the acts) needs Pango, HarfBuzz's subsetter and a font, to run and to test.
# ffmpeg draws the poster image of the videos shared as experience posts.
for package in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core ffmpeg; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "$purpose" = test ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql postgresql-contrib)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installation des paquets Debian manquants : ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}" >/dev/null
