#!/usr/bin/env bash
# Runs one board test image (tests/board/) under qemu-system-arm with a
# timeout; passes when the image's unit tests all pass (exit status 0).
# usage: run-test-image.sh ROOT BOARD LIBC IMAGE-NAME [TIMEOUT-SECONDS]
set -uo pipefail
ROOT=$1 BOARD=$2 LIBC=$3 NAME=$4 LIMIT=${5:-300}
QUIET=1 "$ROOT/bmx" build --board "$BOARD" --libc "$LIBC" --quiet || exit 1
elf="$ROOT/build/$BOARD-$LIBC/tests/board/$NAME.elf"
[ -f "$elf" ] || { echo "no test image $elf"; exit 1; }
machine=$(sed -n 's/^#define BOARD_QEMU_MACHINE *"\(.*\)"/\1/p' "$ROOT/drivers/boards/$BOARD.h")
timeout "$LIMIT" qemu-system-arm -M "$machine" -nographic -monitor none -serial stdio \
  -semihosting-config enable=on,target=native -kernel "$elf" | tr -d '\r'
rc=${PIPESTATUS[0]}
echo "exit status $rc"
exit "$rc"
