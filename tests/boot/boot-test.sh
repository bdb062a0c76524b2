#!/usr/bin/env bash
# Boots one board x libc and checks what a user sees: the banner, an exit
# status asked for on the command line, a deliberate fault's report and a
# clear message for an unknown argument. Every run has a timeout.
# usage: boot-test.sh ROOT BOARD LIBC
set -uo pipefail
ROOT=$1 BOARD=$2 LIBC=$3
fails=0 passes=0

run() { # expected-status expected-text... -- args...
  local want_rc=$1; shift
  local want=() out rc t missing="" shown
  while [ "$1" != -- ]; do want+=("$1"); shift; done
  shift
  out=$("$ROOT/bmx" run --board "$BOARD" --libc "$LIBC" --timeout 120 --seabios -- "$@" 2>&1 | tr -d '\r')
  rc=${PIPESTATUS[0]}
  shown="$*"; [ ${#shown} -gt 100 ] && shown="${shown:0:100}... (${#shown} bytes)"
  for t in "${want[@]}"; do
    grep -qF -- "$t" <<<"$out" || missing+=" '$t'"
  done
  if [ "$rc" = "$want_rc" ] && [ -z "$missing" ]; then
    passes=$((passes + 1))
    echo "ok: [$shown] -> status $rc"
  else
    fails=$((fails + 1))
    echo "FAIL: [$shown] -> status $rc (want $want_rc), missing:${missing:- nothing}"
    echo "$out" | tail -40 | sed 's/^/    | /'
  fi
  # Figures for the record: guest instructions and time of a guest run.
  grep -E '^bmx86: (pc|isapc|bare): [0-9]+ guest instructions' <<<"$out" | sed 's/^/    figure: /' || true
}

QUIET=1 "$ROOT/bmx" build --board "$BOARD" --libc "$LIBC" --quiet || exit 1
cpu=$(sed -n 's/^#define BOARD_CPU *"\(.*\)"/\1/p' "$ROOT/drivers/boards/$BOARD.h" 2>/dev/null)
[ "$BOARD" = hosted ] && cpu=host
libc_name=$LIBC; [ "$BOARD" = hosted ] && libc_name=glibc

# SeaBIOS alone (./bmx run --seabios) on the pc, to its boot attempt.
run 0 "board: $BOARD, cpu: $cpu, libc: $libc_name" "guest pool: 0x" \
  "address-space: memory" "SeaBIOS (version" "Found QEMU fw_cfg" \
  "e820 map has" "No bootable device." "the BIOS found nothing to boot" --
run 0 "SeaBIOS (version" "No bootable device." -- --quiet --machine=isapc
run 0 "SeaBIOS (version" "No bootable device." -- --quiet --clock=host
run 3 "exit status 3 requested" -- --exit=3
# Cortex-M7/M55: the code buffer's cache maintenance is installed (and has
# run once over the whole buffer at boot without a fault).
if grep -q '^#define BOARD_L1_CACHES' "$ROOT/drivers/boards/$BOARD.h" 2>/dev/null; then
  run 4 "caches: L1 I " "D clean, I invalidate by line" "exit status 4 requested" -- --exit=4
fi
run 6 "fault" -- --fault=undef
# Overflowing the stack hits the guard (MPU or PSPLIM; the guard page when
# hosted) and is reported, never a lockup.
run 6 "fault" -- --fault=stack
run 2 "unknown option '--no-such-option'" -- --no-such-option
run 2 "needs a number from 0 to 255" -- --exit=300
run 8 "no-such-file" -- --quiet --bios=/no-such-file
# Command lines (issue 17.5/17.6/17.8): long ones and many words arrive
# whole (QEMU's -append has no limit; Linux lines reach 2 KiB), past the
# firmware's limits they fail loudly, and options that would be ignored
# are errors.
long3k=$(printf 'x%.0s' $(seq 3000))
long5k=$(printf 'x%.0s' $(seq 5000))
many40=(); for i in $(seq 40); do many40+=(-q); done
many300=(); for i in $(seq 300); do many300+=(-q); done
run 7 "exit status 7 requested" -- --quiet --kernel=/k --append="$long3k" --exit=7
run 9 "exit status 9 requested" -- "${many40[@]}" --exit=9
run 2 "command line is too long: at most 4095 bytes" -- --quiet --append="$long5k" --exit=7
run 2 "too many arguments" "at most 256" -- "${many300[@]}" --exit=9
run 2 "--append is only allowed with --kernel" -- --quiet --append=x
run 2 "--bios does not apply to --guest" -- --quiet --guest=/g --bios=/b
run 2 "unknown CPU model '8086'" -- --quiet --cpu=8086
run 8 "directory" -- --quiet --bios=/tmp
run 8 "/dev/zero" -- --quiet --bios=/dev/zero
echo "$passes passed, $fails failed"
[ $fails = 0 ]
