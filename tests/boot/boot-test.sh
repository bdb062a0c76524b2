#!/usr/bin/env bash
# Boots one board x libc and checks what a user sees: the banner, an exit
# status asked for on the command line, a deliberate fault's report and a
# clear message for an unknown argument. Every run has a timeout.
# usage: boot-test.sh ROOT BOARD LIBC
set -uo pipefail
ROOT=$1 BOARD=$2 LIBC=$3
fails=0 passes=0

run() { # expected-status expected-text args...
  local want_rc=$1 want_text=$2; shift 2
  local out rc
  out=$("$ROOT/bmx" run --board "$BOARD" --libc "$LIBC" --timeout 30 -- "$@" 2>&1 | tr -d '\r')
  rc=${PIPESTATUS[0]}
  if [ "$rc" = "$want_rc" ] && grep -qF -- "$want_text" <<<"$out"; then
    passes=$((passes + 1))
    echo "ok: [$*] -> status $rc, '$want_text'"
  else
    fails=$((fails + 1))
    echo "FAIL: [$*] -> status $rc (want $want_rc), output lacks '$want_text'?"
    echo "$out" | sed 's/^/    | /'
  fi
}

QUIET=1 "$ROOT/bmx" build --board "$BOARD" --libc "$LIBC" --quiet || exit 1
cpu=$(sed -n 's/^#define BOARD_CPU *"\(.*\)"/\1/p' "$ROOT/drivers/boards/$BOARD.h" 2>/dev/null)
[ "$BOARD" = hosted ] && cpu=host
libc_name=$LIBC; [ "$BOARD" = hosted ] && libc_name=glibc

run 0 "board: $BOARD, cpu: $cpu, libc: $libc_name"
run 0 "guest pool: 0x"
run 3 "exit status 3 requested" --exit=3
run 6 "fault" --fault=undef
run 2 "unknown option '--no-such-option'" --no-such-option
run 2 "needs a number from 0 to 255" --exit=300
echo "$passes passed, $fails failed"
[ $fails = 0 ]
