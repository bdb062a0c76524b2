#!/usr/bin/env bash
# The benchmark harness on a host where 32-bit programs cannot execute
# (IA-32 emulation off): the native row is skipped with one line, the rest
# runs and the closing line is still printed. The "native program" here is
# an executable file the kernel refuses with ENOEXEC, as it refuses a
# gcc -m32 program on such a kernel.
#   test-harness.sh BENCH.PY BMX86-HOSTED
set -euo pipefail
bench=$1 hosted=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '\177ELF\001\001\001garbage' >"$work/native-noexec"
chmod +x "$work/native-noexec"
fail() { echo "FAIL: $*"; echo "--- output:"; cat "$work/out"; exit 1; }

run() { # expected-status args...
  local want=$1 rc=0; shift
  python3 "$bench" --hosted "$hosted" --guests int --native-exe "$work/native-noexec" \
    --out "$work/res" "$@" >"$work/out" 2>&1 || rc=$?
  [ "$rc" = "$want" ] || fail "bench.py $* exited $rc, expected $want"
  grep -q 'native not available: cannot execute native-noexec (Exec format error' "$work/out" ||
    fail "no skip line for the native row"
  ! grep -q Traceback "$work/out" || fail "a traceback"
}

run 0 --checksums-only --systems bmx86-hosted,native
grep -Eq '^int +bmx86-hosted +[0-9a-f]{8}$' "$work/out" || fail "no bmx86-hosted checksum"
echo "ok: --checksums-only skips the native row and compares the rest"

run 0 --quick --systems bmx86-hosted,native
tail -1 "$work/out" | grep -Eq '^bmx86: [0-9.]+ host insns per guest insn \(hosted\), - arm insns per x86 insn \(mps2-an385\), - arm insns per x86 insn with the code generator \(mps2-an385\)$' ||
  fail "no closing line"
echo "ok: --quick ends with its closing line: $(tail -1 "$work/out")"
echo "2 passed, 0 failed"
