#!/bin/sh
# Install June Fourth Archive from this folder alone, with no network (Linux; macOS: use
# install.command). Needs Python @PYTHONS@ (python3 --version).
#
#     sh install.sh            installs into ~/.local/share/june-fourth-archive/venv and links
#                              the command june-fourth-archive into ~/.local/bin
#
# Or, with pipx:  pipx install --pip-args="--no-index --find-links=wheels" @WHEEL@
set -eu
case "$0" in */*) here=${0%/*} ;; *) here=. ;; esac
here=$(cd -- "$here" && pwd -P)
python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    echo "June Fourth Archive needs Python 3.11 or newer; $python is $("$python" --version 2>&1 || echo missing)." >&2
    echo "Install a newer Python (or set PYTHON=/path/to/python3.12), then run this again." >&2
    exit 1
fi
data=${XDG_DATA_HOME:-$HOME/.local/share}/june-fourth-archive
venv="$data/venv"
echo "Installing into $venv (offline, from $here/wheels) ..."
"$python" -m venv --clear "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-index \
    --find-links "$here/wheels" "$here/@WHEEL@"
mkdir -p "$HOME/.local/bin"
ln -sf "$venv/bin/june-fourth-archive" "$HOME/.local/bin/june-fourth-archive"
echo "Done. Start it with:  june-fourth-archive     (or $venv/bin/june-fourth-archive)"
