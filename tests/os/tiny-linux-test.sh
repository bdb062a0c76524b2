#!/usr/bin/env bash
# Boots the tiny Linux (build-tiny-linux.sh, cached under build/os/) with
# Debian's SeaBIOS and QEMU's linuxboot_dma.bin to klibc's shell on COM1,
# types `echo $((6*7))` and wants 42, then `poweroff` (the kernel halts the
# CPU: the run ends and prints its guest instructions and wall time).
#
#   tiny-linux-test.sh ROOT TIMEOUT hosted FIRMWARE
#   tiny-linux-test.sh ROOT TIMEOUT BOARD        (./bmx run under qemu-system-arm)
set -uo pipefail
root=$1 timeout_s=$2 where=$3 fw=${4:-}
bios=/usr/share/seabios/bios.bin
kimg=$("$root/tests/os/build-tiny-linux.sh" "$root/build/os" | tee /dev/stderr | tail -1)
rc=${PIPESTATUS[0]}
[ "$rc" = 0 ] || exit "$rc"
[ -r "$bios" ] || { echo "tiny-linux: $bios missing (install seabios)"; exit 77; }
args=(--quiet --bios="$bios" --kernel="$kimg" --append="console=ttyS0" -L /usr/share/qemu)
if [ "$where" = hosted ]; then
  cmd=("$fw" "${args[@]}" --ram=32)
else
  cmd=("$root/bmx" run --board "$where" --timeout "$timeout_s" -- "${args[@]}")
fi
work=$(mktemp -d)
trap 'kill -TERM -- -$pid 2>/dev/null; rm -rf "$work"' EXIT
mkfifo "$work/in"
start=$(date +%s%N)
setsid "${cmd[@]}" <"$work/in" >"$work/log" 2>&1 &
pid=$!
exec 3>"$work/in" # the console stays open while we type
ms() { echo $(( ($(date +%s%N) - start) / 1000000 )); }
wait_for() { # REGEX (extended, on CR-stripped lines)
  while ! tr -d '\r' <"$work/log" | grep -qE -- "$1"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tr -d '\r' <"$work/log" | tail -40
      echo "tiny-linux: the run ended before /$1/"; exit 1
    fi
    if [ "$(ms)" -gt $((timeout_s * 1000)) ]; then
      tr -d '\r' <"$work/log" | tail -40
      echo "tiny-linux: timed out after ${timeout_s}s waiting for /$1/"; exit 1
    fi
    sleep 0.5
  done
}
fig() { printf 'tiny-linux: figures: %s: %s after %d.%03d s wall\n' "$where" "$1" $(($(ms) / 1000)) $(($(ms) % 1000)); }
wait_for 'Linux version 6\.1'
fig "kernel banner"
wait_for 'tiny linux: up, shell follows'
wait_for '^(# |\$ )'
fig "shell prompt"
echo 'echo $((6*7))' >&3
wait_for '^42$'
fig "answer 42"
echo 'poweroff' >&3
for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
exec 3>&-
wait "$pid" 2>/dev/null
tr -d '\r' <"$work/log" | grep -aE 'Linux version|^42$|guest instructions|bmx86: ' | head -20
tr -d '\r' <"$work/log" | grep -a 'guest instructions' | sed "s/^bmx86:/tiny-linux: figures: $where: until poweroff:/"
echo "tiny-linux: $where: the shell answered 42"
