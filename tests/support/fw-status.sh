#!/usr/bin/env bash
# Runs a firmware (or any program) and checks its exit status and output:
#   fw-status.sh WANT [TEXT]... -- PROGRAM ARGS...
# Every TEXT must appear in the output. A run is stopped after 60 s (a
# hang is a failure, status 124).
set -uo pipefail
want=$1; shift
texts=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do texts+=("$1"); shift; done
[ $# -gt 0 ] || { echo "usage: fw-status.sh WANT [TEXT]... -- PROGRAM ARGS..."; exit 2; }
shift
out=$(timeout 60 "$@" </dev/null 2>&1)
rc=$?
echo "$out" | tail -20
missing=""
for t in "${texts[@]}"; do
  grep -qF -- "$t" <<<"$out" || missing+=" '$t'"
done
echo "exit status $rc (want $want), missing:${missing:- nothing}"
[ "$rc" = "$want" ] && [ -z "$missing" ]
