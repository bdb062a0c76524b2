#!/usr/bin/env bash
# Boots an operating system and waits for texts on its console: passes
# when every TEXT has appeared (then stops the run), fails when the run
# ends first or after TIMEOUT seconds. Prints the wall time until the
# texts as a figure, and the run's own last lines (guest instructions).
#
#   os-boot.sh NAME TIMEOUT TEXT... -- COMMAND [ARGS...]
set -uo pipefail
name=$1 timeout_s=$2; shift 2
texts=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do texts+=("$1"); shift; done
[ $# -gt 1 ] || { echo "usage: os-boot.sh NAME TIMEOUT TEXT... -- COMMAND..."; exit 2; }
shift
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(date +%s%N)
setsid "$@" >"$log" 2>&1 </dev/null &
pid=$!
missing=("${texts[@]}")
while :; do
  left=()
  for t in "${missing[@]}"; do
    # Screen escapes may split nothing inside a text; strip CRs only.
    tr -d '\r' <"$log" | grep -qF -- "$t" || left+=("$t")
  done
  missing=("${left[@]+"${left[@]}"}")
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  if [ ${#missing[@]} = 0 ]; then
    kill -TERM -- -"$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    tr -d '\r' <"$log" | tail -c 3000; echo
    printf 'os-boot: figures: %s: all %d texts after %d.%03d s wall\n' "$name" \
      "${#texts[@]}" $((ms / 1000)) $((ms % 1000))
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    wait "$pid"; rc=$?
    tr -d '\r' <"$log" | tail -c 3000; echo
    echo "os-boot: $name: the run ended (status $rc) before: ${missing[*]}"
    exit 1
  fi
  if [ "$ms" -gt $((timeout_s * 1000)) ]; then
    kill -TERM -- -"$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    tr -d '\r' <"$log" | tail -c 3000; echo
    echo "os-boot: $name: timed out after ${timeout_s}s waiting for: ${missing[*]}"
    exit 1
  fi
  sleep 0.5
done
