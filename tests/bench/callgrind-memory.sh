#!/bin/sh
# Exact host instruction counts per operation for bench-memory, from
# callgrind (for hosts where perf_event_open is refused):
#   tests/bench/callgrind-memory.sh build-xxx/tests/bench/bench-memory
# Each figure of the bench is one callgrind dump, labelled with the row's
# name, covering 3 * iters + iters / 16 + 1 operations.
set -eu
bench=${1:?usage: $0 path/to/bench-memory}
iters=${BMX_BENCH_ITERS:-100000}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
BMX_BENCH_ITERS=$iters valgrind --tool=callgrind \
    --callgrind-out-file="$out/cg" "$bench" >/dev/null 2>"$out/log"
ops=$((3 * iters + iters / 16 + 1))
printf '| %-48s | %10s |\n' "operation (callgrind)" "insns/op"
printf '|--------------------------------------------------|------------|\n'
for f in $(cd "$out" && ls cg.* | sort -t. -k2 -n); do
    f=$out/$f
    label=$(sed -n 's/^desc: Trigger: Client Request: //p' "$f")
    total=$(sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$f")
    [ -n "$label" ] || continue
    awk -v l="$label" -v t="$total" -v n="$ops" \
        'BEGIN { printf "| %-48s | %10.1f |\n", l, t / n }'
done
