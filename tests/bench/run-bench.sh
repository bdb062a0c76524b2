#!/usr/bin/env bash
# The side-by-side benchmark behind `./bmx bench` (issue 6):
#   run-bench.sh [--quick] [bench.py options]   the table; last line
#       "bmx86: H host insns per guest insn (hosted), A arm insns per x86 insn (mps2-an385),
#        J arm insns per x86 insn with the code generator (mps2-an385)"
#   run-bench.sh footprint                      the RAM budget per board and libc
#       (harness/footprint.py: flash, RAM by pool and memory)
# Builds what it needs through ./bmx (build/hosted, build/<board>-<libc>);
# results go to build/bench/. See docs/performance.md.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
harness="$ROOT/tests/bench/harness/bench.py"
if [ "${1:-}" = footprint ]; then
  shift
  for board in mps2-an385 mps2-an500 mps2-an505 mps3-an547; do
    for libc in picolibc newlib; do
      "$ROOT/bmx" build --board "$board" --libc "$libc" --quiet
    done
  done
  exec python3 "$ROOT/tests/bench/harness/footprint.py" "$@"
fi
"$ROOT/bmx" build --board hosted --quiet
exec python3 "$harness" --hosted "$ROOT/build/hosted/bmx86-hosted" "$@"
