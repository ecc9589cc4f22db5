#!/bin/sh
# macOS: double-click this file (or run: sh install.command) to install June Fourth Archive from
# this folder alone, with no network. Needs Python @PYTHONS@ from python.org or Homebrew.
# A folder downloaded with a browser is quarantined; first run in Terminal:
#     xattr -dr com.apple.quarantine /path/to/this/folder
set -eu
here=$(cd -- "$(dirname -- "$0")" && pwd -P)
python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    echo "June Fourth Archive needs Python 3.11 or newer (python.org/downloads or brew install python)."
    exit 1
fi
venv="$HOME/Library/Application Support/june-fourth-archive/venv"
echo "Installing into $venv (offline) ..."
"$python" -m venv --clear "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-index \
    --find-links "$here/wheels" "$here/@WHEEL@"
echo "Done. Start it with:  \"$venv/bin/june-fourth-archive\""
