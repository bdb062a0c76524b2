#!/usr/bin/env bash
# Runs one x86 guest image (tests/guests/) on a board's firmware through
# ./bmx run --guest, and checks how it ended: success (the guest wrote 0 to
# isa-debug-exit: status 1), triple-fault (12) or halted-forever (10).
# MACHINE pc runs the image as the pc's BIOS (--bios) instead; further
# words are firmware options (e.g. --cpu=386).
# usage: run-guest.sh ROOT BOARD LIBC IMAGE EXPECT [bare|pc] [OPTION...]
set -uo pipefail
ROOT=$1 BOARD=$2 LIBC=$3 IMG=$4 EXPECT=$5 MACHINE=${6:-bare}
shift $(($# < 6 ? $# : 6))
IMG=$(realpath "$IMG")
where=(--guest "$IMG" -- "$@"); [ "$MACHINE" = pc ] && where=(-- --bios="$IMG" "$@")
case "$EXPECT" in
  success) want=1;; triple-fault) want=12;; halted-forever) want=10;;
  *) echo "unknown expectation '$EXPECT'"; exit 2;;
esac
out=$("$ROOT/bmx" run --board "$BOARD" --libc "$LIBC" --timeout 120 "${where[@]}" --quiet 2>&1 | tr -d '\r')
rc=${PIPESTATUS[0]}
echo "$out" | tail -30
echo "exit status $rc (want $want for $EXPECT)"
[ "$rc" = "$want" ]
