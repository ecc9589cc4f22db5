#!/usr/bin/env bash
# `make wheel-proof`: install the app from the wheelhouse folder alone, the way a receiver with
# Python would (its install.sh), with the network cut off (unshare --net, when root), into a
# fresh venv under a throw-away HOME; then run the installed june-fourth-archive from another
# folder: list, search, verify, and a window screenshot in 繁體中文 (the archive, fonts and
# catalogs must all come from inside the installed package).
#
#   bash packaging/wheel_proof.sh dist/june-fourth-archive-<v>-python build/wheel-proof
set -euo pipefail
HOUSE=$(cd "${1:?wheelhouse folder}" && pwd)
WORK=${2:?work folder}
rm -rf "$WORK"
mkdir -p "$WORK/home" "$WORK/elsewhere" "$WORK/app-home"
WORK=$(cd "$WORK" && pwd)
started=$SECONDS
FAILED=0
check() { # check DESCRIPTION COMMAND...
    local what=$1
    shift
    if "$@"; then echo "  ok   $what"; else echo "  FAIL $what"; FAILED=1; fi
}

(cd "$HOUSE" && sha256sum -c --strict --quiet MANIFEST.sha256)
echo "  ok   sha256sum -c --strict MANIFEST.sha256 in the wheelhouse"
offline=()
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null && unshare --net true 2>/dev/null; then
    offline=(unshare --net)
    echo "  (installing with no network at all: unshare --net)"
fi
"${offline[@]}" env -i HOME="$WORK/home" PATH=/usr/local/bin:/usr/bin:/bin \
    sh "$HOUSE/install.sh"
app="$WORK/home/.local/bin/june-fourth-archive"
run() {
    (cd "$WORK/elsewhere" && "${offline[@]}" env -i HOME="$WORK/home" PATH=/usr/bin:/bin \
        ARCHIVE_APP_HOME="$WORK/app-home" QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 "$app" "$@")
}
out=$(run list 2>&1) || true
check "june-fourth-archive list: ${out%%$'\n'*}" grep -q "^2021 " <<<"$out"
out=$(run search 國安法 2>&1) || true
check "search 國安法 (abbreviations.json from the package) finds 2021" grep -q "2021" <<<"$out"
out=$(run verify 2>&1) || true
check "verify (the archive inside the package): ${out%%$'\n'*}" test -n "$out"
where=$(cd "$WORK/elsewhere" && "$WORK/home/.local/share/june-fourth-archive/venv/bin/python" -c \
    'from archive_app.core.paths import default_archive_dir, resources_dir; print(default_archive_dir()); print(resources_dir())')
check "archive and resources come from the installed package ($(head -1 <<<"$where"))" \
    test "$(grep -c '/site-packages/archive_app/_shipped/' <<<"$where")" -eq 2
out=$(run gui --screenshot "$WORK/shot.png" --year 2021 --ui-lang zh_Hant 2>&1) || true
check "window screenshot in 繁體中文 ($(stat -c %s "$WORK/shot.png" 2>/dev/null || echo no) bytes)" \
    test -s "$WORK/shot.png"
if [ "$FAILED" -ne 0 ]; then
    echo "FAILED ($((SECONDS - started)) s)"
    exit 1
fi
echo "OK: installed offline from $(basename "$HOUSE") and ran ($((SECONDS - started)) s)"
