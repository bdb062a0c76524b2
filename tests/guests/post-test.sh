#!/usr/bin/env bash
# POST codes: --trace=post logs each change of port 0x80 ("POST 0x09"),
# and a run that ends other than through isa-debug-exit names the last
# code. The haltforever guest writes 0x09, 0x09, 0x5a and halts forever.
# usage: post-test.sh ROOT BOARD IMAGE
set -uo pipefail
ROOT=$1 BOARD=$2 IMG=$3
out=$("$ROOT/bmx" run --board "$BOARD" --timeout 120 --guest "$IMG" -- --quiet --trace=post 2>&1 | tr -d '\r')
rc=${PIPESTATUS[0]}
echo "$out" | tail -12
fail() { echo "FAIL: $*"; exit 1; }
[ "$rc" = 10 ] || fail "exit status $rc, want 10 (halted forever)"
[ "$(echo "$out" | grep -c '^POST 0x09$')" = 1 ] || fail "POST 0x09 not traced exactly once"
[ "$(echo "$out" | grep -c '^POST 0x5a$')" = 1 ] || fail "POST 0x5a not traced exactly once"
echo "$out" | grep -q 'halted forever.*, last POST code 0x5a$' || fail "no last POST code in the stop message"
echo "1 passed, 0 failed"
