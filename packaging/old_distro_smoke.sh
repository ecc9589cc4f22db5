#!/usr/bin/env bash
# `make old-distro-smoke`: run the built bundle inside minimal roots of the oldest systems we
# promise (Ubuntu 22.04 "jammy", glibc 2.35) and Debian 12 "bookworm", holding only what a
# desktop has: debootstrap --variant=minbase plus libgl1, libegl1, fontconfig, xkbcommon, dbus,
# glib, freetype. The bundle runs with the root's own glibc and libraries (chroot), offscreen:
# list, show, search, verify --bundle, a window screenshot, the sh launcher with no execute bit,
# and the one-sentence message when libGL is missing.
#
#   bash packaging/old_distro_smoke.sh BUNDLE ROOTS_DIR [RELEASE...]    (default: jammy bookworm)
#
# Roots are kept in ROOTS_DIR (build/roots: inside the repo's build folder, nothing cached
# elsewhere) and reused when present. Needs root, debootstrap and network to the Debian and
# Ubuntu mirrors. Ubuntu's archive key comes from the ubuntu-keyring .deb in Ubuntu's own pool,
# pinned by its SHA-256 below (key F6EC B376 2474 EDA9 D21B 7022 8719 20D1 991B C93C, 2018).
set -euo pipefail

BUNDLE=$(cd "${1:?bundle folder}" && pwd)
ROOTS=${2:?folder for the roots}
shift 2
RELEASES=("$@")
[ ${#RELEASES[@]} -gt 0 ] || RELEASES=(jammy bookworm)
mkdir -p "$ROOTS"
ROOTS=$(cd "$ROOTS" && pwd)

DESKTOP_LIBS=libgl1,libegl1,libfontconfig1,fontconfig-config,libxkbcommon0,libdbus-1-3,libglib2.0-0,libfreetype6
UBUNTU_KEYRING_DEB=http://archive.ubuntu.com/ubuntu/pool/main/u/ubuntu-keyring/ubuntu-keyring_2021.03.26_all.deb
UBUNTU_KEYRING_SHA256=0d0e7ed6b112f5d03eabf3c7eb01ebdacf9c57714b279e90495cfc58c8c4520f
FAILED=0

say() { printf '%s\n' "$*"; }
check() { # check DESCRIPTION COMMAND...
    local what=$1
    shift
    if "$@"; then say "  ok   $what"; else say "  FAIL $what"; FAILED=1; fi
}

ubuntu_keyring() {
    local deb="$ROOTS/ubuntu-keyring.deb" out="$ROOTS/ubuntu-keyring"
    if [ ! -f "$out/usr/share/keyrings/ubuntu-archive-keyring.gpg" ]; then
        [ -f "$deb" ] || curl -sSf --max-time 60 -o "$deb" "$UBUNTU_KEYRING_DEB"
        echo "$UBUNTU_KEYRING_SHA256  $deb" | sha256sum -c --quiet - >&2
        dpkg-deb -x "$deb" "$out"
    fi
    echo "$out/usr/share/keyrings/ubuntu-archive-keyring.gpg"
}

make_root() {
    local release=$1 root=$2
    if [ -x "$root/bin/sh" ] && [ -f "$root/.smoke-root-complete" ]; then
        return
    fi
    rm -rf "$root"
    local started=$SECONDS
    case "$release" in
        jammy | noble)
            debootstrap --variant=minbase --components=main --include="$DESKTOP_LIBS" \
                --keyring="$(ubuntu_keyring)" "$release" "$root" http://archive.ubuntu.com/ubuntu \
                >"$ROOTS/$release.log" 2>&1 ;;
        *)
            debootstrap --variant=minbase --include="$DESKTOP_LIBS" \
                "$release" "$root" http://deb.debian.org/debian >"$ROOTS/$release.log" 2>&1 ;;
    esac
    touch "$root/.smoke-root-complete"
    say "  root made in $((SECONDS - started)) s (log: $ROOTS/$release.log)"
}

in_root() { # in_root ROOT COMMAND... : run inside the root, offscreen, with a clean environment
    local root=$1
    shift
    chroot "$root" /usr/bin/env -i HOME=/tmp PATH=/usr/sbin:/usr/bin:/sbin:/bin \
        LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "$@"
}

smoke_root() {
    local release=$1 root="$ROOTS/$1"
    say "$release:"
    make_root "$release" "$root"
    local app=/opt/june-fourth-archive
    rm -rf "$root$app" "$root/opt/noexec"
    mkdir -p "$root/opt"
    cp -r "$BUNDLE" "$root$app"
    mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
    mountpoint -q "$root/dev" || mount --bind /dev "$root/dev"
    trap 'umount "$root/proc" "$root/dev" 2>/dev/null || true' RETURN
    say "  $(in_root "$root" ldd --version | head -1)"
    local out
    out=$(in_root "$root" "$app/june-fourth-archive" list 2>&1) || true
    check "list: ${out%%$'\n'*}" grep -q "^2021 " <<<"$out"
    out=$(in_root "$root" "$app/june-fourth-archive" search 國家安全法 2>&1) || true
    check "search 國家安全法 finds 2021" grep -q "2021" <<<"$out"
    out=$(in_root "$root" "$app/june-fourth-archive" show 2021 --lang zh 2>&1) || true
    check "show 2021 --lang zh" grep -q "六四" <<<"$out"
    out=$(in_root "$root" "$app/june-fourth-archive" verify --bundle --allow-unsigned 2>&1) || true
    check "verify --bundle: $(grep -E '^(OK|NOT SIGNED|FAILED)' <<<"$out" | cut -c1-100)" \
        grep -qE "^(OK|NOT SIGNED):" <<<"$out"
    rm -f "$root/tmp/shot.png"
    out=$(in_root "$root" "$app/june-fourth-archive" gui --screenshot /tmp/shot.png --year 2021 \
        --view side-by-side 2>&1) || true
    check "window screenshot ($(stat -c %s "$root/tmp/shot.png" 2>/dev/null || echo no) bytes)" \
        test -s "$root/tmp/shot.png"
    [ -s "$root/tmp/shot.png" ] && cp "$root/tmp/shot.png" "$ROOTS/$release-shot.png"
    cp -r "$root$app" "$root/opt/noexec"
    find "$root/opt/noexec" -type f -exec chmod a-x {} +
    out=$(in_root "$root" sh /opt/noexec/june-fourth-archive.sh list 2>&1) || true
    check "sh june-fourth-archive.sh list, no execute bit anywhere" grep -q "^2021 " <<<"$out"
    rm -rf "$root/opt/noexec"
    local libgl
    libgl=$(in_root "$root" sh -c 'ls /usr/lib/*-linux-gnu/libGL.so.1' 2>/dev/null | head -1)
    if [ -n "$libgl" ]; then
        mv "$root$libgl" "$root$libgl.hidden"
        out=$(in_root "$root" "$app/june-fourth-archive" gui --screenshot /tmp/x.png 2>&1) || true
        mv "$root$libgl.hidden" "$root$libgl"
        check "without libGL: one sentence naming libgl1 ($(head -c 90 <<<"$out")...)" \
            test "$(wc -l <<<"$out")" -eq 1 -a -n "$(grep libgl1 <<<"$out")"
    fi
}

started=$SECONDS
for release in "${RELEASES[@]}"; do
    smoke_root "$release"
done
if [ "$FAILED" -ne 0 ]; then
    say "FAILED ($((SECONDS - started)) s)"
    exit 1
fi
say "OK: the bundle runs in ${RELEASES[*]} ($((SECONDS - started)) s)"
