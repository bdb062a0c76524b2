#!/usr/bin/env bash
# A translation cache far too small must only cost flushes: runs the hosted
# firmware built with 32 TBs, 256 ops and a 4 KiB code buffer, checks the
# exit status and that the run's "bmx86: jit:" line counts at least
# MIN_FLUSHES flushes (so the pools did run out, many times).
#   small-pools.sh WANT MIN_FLUSHES -- PROGRAM ARGS...
set -uo pipefail
want=$1 min=$2
shift 2
[ "${1:-}" = -- ] || { echo "usage: small-pools.sh WANT MIN_FLUSHES -- PROGRAM ARGS..."; exit 2; }
shift
out=$(timeout 120 "$@" </dev/null 2>&1)
rc=$?
echo "$out" | tail -8
line=$(grep -E '^bmx86: jit: ' <<<"$out" | tail -1)
flushes=$(sed -n 's/.*, \([0-9]*\) flushes,.*/\1/p' <<<"$line")
echo "exit status $rc (want $want), flushes ${flushes:-none} (want >= $min)"
[ "$rc" = "$want" ] && [ -n "$flushes" ] && [ "$flushes" -ge "$min" ]
