#!/usr/bin/env bash
# No network, proven from outside the app: run the built bundle's search, verify, verify --bundle
# and --screenshot under strace (every process and thread, every network system call) and fail
# on any AF_INET or AF_INET6 socket, connect, bind or send. Local AF_UNIX sockets (D-Bus, X11)
# are not network and are allowed; the offscreen platform normally opens none at all.
#
#   bash packaging/strace_check.sh [dist/june-fourth-archive]
set -euo pipefail

bundle="${1:-dist/june-fourth-archive}"
exe="$bundle/june-fourth-archive"
if [ ! -x "$exe" ]; then
    echo "$bundle: no bundle here; run \`make dist\` first" >&2
    exit 2
fi
if ! command -v strace >/dev/null 2>&1; then
    echo "strace is not installed (apt-get install strace)" >&2
    exit 2
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/jfa-strace-XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home"
export HOME="$tmp/home" QT_QPA_PLATFORM=offscreen
unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME ARCHIVE_APP_HOME ARCHIVE_APP_ARCHIVE

status=0
trace() {
    local name="$1"
    shift
    local log="$tmp/$name.strace"
    # -f follows threads and children; trace=network lists socket, connect, bind, sendto, ...
    if ! strace -f -qq -e trace=network -e signal=none -o "$log" "$exe" "$@" >"$tmp/$name.out" 2>&1; then
        echo "FAILED: $name: the bundle exited non-zero:" >&2
        tail -n 20 "$tmp/$name.out" >&2
        status=1
        return
    fi
    if grep -E 'AF_INET6?[^_]|AF_INET6?$|sa_family=AF_INET' "$log" >"$tmp/$name.inet"; then
        echo "FAILED: $name opened an Internet socket:" >&2
        cat "$tmp/$name.inet" >&2
        status=1
    else
        echo "ok: $name: $(grep -c . "$log" || true) network system call(s), none AF_INET/AF_INET6"
    fi
}

trace search search 国家安全法 --format json
trace verify verify
trace verify-bundle verify --bundle "$bundle" --allow-unsigned
trace screenshot gui --screenshot "$tmp/shot.png" --year 2021

if [ "$status" -eq 0 ]; then
    echo "strace check: no AF_INET/AF_INET6 socket in any run"
fi
exit "$status"
