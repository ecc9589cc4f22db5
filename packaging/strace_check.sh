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

# The same window on a real X server (Xvfb) through the bundle's xcb plugin, where Qt also
# talks to the display, D-Bus and input methods: those must stay local (AF_UNIX) too.
if command -v xvfb-run >/dev/null 2>&1; then
    log="$tmp/screenshot-xcb.strace"
    if QT_QPA_PLATFORM=xcb xvfb-run -a strace -f -qq -e trace=network -e signal=none -o "$log" \
        "$exe" gui --screenshot "$tmp/shot-xcb.png" --year 2021 >"$tmp/xcb.out" 2>&1 \
        && [ -s "$tmp/shot-xcb.png" ]; then
        if grep -E 'AF_INET6?[^_]|AF_INET6?$|sa_family=AF_INET' "$log" >"$tmp/xcb.inet"; then
            echo "FAILED: screenshot-xcb opened an Internet socket:" >&2
            cat "$tmp/xcb.inet" >&2
            status=1
        else
            echo "ok: screenshot-xcb: $(grep -c . "$log" || true) network system call(s)" \
                "(the X server's AF_UNIX socket), none AF_INET/AF_INET6"
        fi
    else
        echo "FAILED: screenshot-xcb: the bundle did not render on Xvfb:" >&2
        tail -n 20 "$tmp/xcb.out" >&2
        status=1
    fi
else
    echo "skipped: screenshot-xcb (xvfb-run is not installed: apt-get install xvfb xauth)"
fi

if [ "$status" -eq 0 ]; then
    echo "strace check: no AF_INET/AF_INET6 socket in any run"
fi
exit "$status"
