#!/bin/sh
# June Fourth Archive: start the program from a USB stick, even where it lost its execute bit.
#
# Desktop Linux mounts sticks formatted FAT32 or exFAT with "showexec" (udisks2): only *.exe,
# *.bat and *.com files may run, so the program here cannot be started directly. Run it with
# sh instead, which needs no execute bit:
#
#     sh /media/YOU/STICK/june-fourth-archive/june-fourth-archive.sh
#     sh .../june-fourth-archive.sh verify --bundle          (any command of the app)
#
# It starts the program through the system's dynamic loader (ld.so), which reads the program
# and its libraries without asking for the execute bit. A stick mounted "noexec" forbids even
# that: copy the june-fourth-archive folder into your home folder and start it from there.
case "$0" in
    */*) here=${0%/*} ;;
    *) here=. ;;
esac
here=$(cd -- "$here" && pwd -P) || exit 2
program="$here/june-fourth-archive"
if [ ! -f "$program" ]; then
    echo "june-fourth-archive.sh: the program $program is missing; is this the app's folder?" >&2
    exit 2
fi
if [ -x "$program" ] && [ -z "${JUNE_FOURTH_ARCHIVE_VIA_LOADER:-}" ]; then
    exec "$program" "$@"
fi
case "$(uname -m)" in
    x86_64 | amd64) loaders="/lib64/ld-linux-x86-64.so.2 /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" ;;
    aarch64 | arm64) loaders="/lib/ld-linux-aarch64.so.1 /lib/aarch64-linux-gnu/ld-linux-aarch64.so.1" ;;
    *) loaders="" ;;
esac
for loader in $loaders; do
    if [ -f "$loader" ]; then
        exec "$loader" "$program" "$@"
    fi
done
echo "june-fourth-archive.sh: no dynamic loader for $(uname -m) found; copy the folder to your" \
    "home folder, then run: chmod +x june-fourth-archive && ./june-fourth-archive" >&2
exit 2
