#!/bin/sh
# The VGA console and the keyboard, end to end: SeaBIOS with its VGA BIOS
# boots kbdtest.S (assembled here) from an IDE disk with --display=ansi;
# this script types on the console what a user would (a, A, Up as
# ESC [ A, F1 as ESC O P, Enter, a pasted line, then z), each batch once the guest's
# screen says it is ready, and checks the exit status and the screen
# played back from the ANSI stream (tests/pc/ansi-grid.py).
#
#   kbd-boot.sh ROOT OUTDIR FIRMWARE [FIRMWARE OPTIONS...]
#
# FIRMWARE is the hosted firmware, or board:NAME to boot the board's
# firmware in qemu-system-arm through ./bmx run (the keys then arrive on
# the board's UART; the images are read through semihosting).
set -u
root=$1 outdir=$2 fw=$3
shift 3
bios=/usr/share/seabios/bios.bin
skip() { echo "kbd-boot: SKIP: $*"; exit 77; }
die() { echo "kbd-boot: FAIL: $*"; exit 1; }
[ -r "$bios" ] || die "$bios not found (install Debian's seabios)"
[ -r /usr/share/seabios/vgabios-isavga.bin ] || die "vgabios-isavga.bin not found (Debian's seabios)"
command -v as >/dev/null || skip "no assembler (binutils)"
command -v python3 >/dev/null || die "python3 not found (./bmx installs it)"

work=$outdir/kbd-boot
rm -rf "$work"
mkdir -p "$work" || die "cannot create $work"
gcc -E -P -x assembler-with-cpp "$root/tests/pc/kbdtest.S" -o "$work/k.s" &&
    as --32 -o "$work/k.o" "$work/k.s" &&
    ld -m elf_i386 -Ttext 0x7c00 --oformat binary -o "$work/k.bin" "$work/k.o" ||
    die "assembling kbdtest.S failed"
disk=$work/disk.img
truncate -s 1M "$disk"
dd if="$work/k.bin" of="$disk" conv=notrunc status=none

log=$work/screen.log
fifo=$work/input
mkfifo "$fifo" || die "mkfifo failed"
case "$fw" in
board:*)
    disk=$(cd "$(dirname "$disk")" && pwd)/$(basename "$disk")
    "$root/bmx" run --board "${fw#board:}" --timeout 240 -- --quiet \
        --bios="$bios" --display=ansi --hda="$disk" "$@" <"$fifo" >"$log" 2>&1 &
    ;;
*)
    timeout 120 "$fw" --quiet --bios="$bios" --display=ansi --hda="$disk" "$@" \
        <"$fifo" >"$log" 2>&1 &
    ;;
esac
pid=$!
exec 3>"$fifo"

wait_for() { # text: waits until the screen stream shows it
    n=0
    while ! grep -qF "$1" "$log"; do
        n=$((n + 1))
        [ $n -le 2400 ] || { exec 3>&-; kill $pid 2>/dev/null; die "'$1' never appeared on the screen"; }
        kill -0 $pid 2>/dev/null || { cat -v "$log" | tail -5; die "the firmware ended before '$1'"; }
        sleep 0.1
    done
}
wait_for "KBDTEST READY"
printf 'aA\033[A\033OP\rThe Quick (brown) fox: 42 + 7 = ~49?\r' >&3
wait_for "PORT60 READY"
printf 'z' >&3
wait $pid
rc=$?
exec 3>&-
echo "kbd-boot: exit status $rc"
tr -d '\r' <"$log" >"$log.txt"
python3 "$root/tests/pc/ansi-grid.py" "$log.txt" >"$work/grid.txt" ||
    die "the ANSI stream did not play back"
cat "$work/grid.txt"
grep -q '^SeaBIOS (version ' "$work/grid.txt" || die "no SeaBIOS banner on row 1"
row() { sed -n "$1p" "$work/grid.txt"; }
[ "$(row 21)" = "KBDTEST READY" ] || die "row 21 is '$(row 21)'"
[ "$(row 23)" = "KBD OK" ] || die "row 23 is '$(row 23)' (status $rc)"
[ "$rc" = 1 ] || die "exit status $rc, expected 1"
echo "kbd-boot: ok"
