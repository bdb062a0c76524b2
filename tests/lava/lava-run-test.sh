#!/usr/bin/env bash
# Runs a ./bmx boottest file as a LAVA job with Debian's lava-dispatcher
# (lava-run, a local device dictionary, no server): ./bmx boottest --lava
# writes the device and the job, lava-run boots the board's firmware in
# qemu-system-arm, and every step must be a passing LAVA test case -- or,
# with "fail", the job must fail on the file's failure pattern.
#
#   lava-run-test.sh ROOT BOARD TEST.toml pass|fail
set -uo pipefail
root=$1 board=$2 toml=$3 want=$4
command -v lava-run >/dev/null || { echo "lava: skipped: lava-run missing (./bmx test lava installs lava-dispatcher)"; exit 77; }
[ "$(id -u)" = 0 ] || { echo "lava: skipped: lava-run needs root (it works under /var/lib/lava/dispatcher)"; exit 77; }
QUIET=1 "$root/bmx" build --board "$board" --quiet || exit 1
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
python3 "$root/tools/boottest.py" --lava "$work" --board "$board" "$toml" || exit 1
job=$(ls "$work"/*-"$board".yaml | grep -v "/device-$board.yaml$")
name=$(basename "$job" "-$board.yaml") # the test's name in the file
start=$(date +%s)
timeout 900 lava-run --job-id "bmx86-$name-$$" --output-dir "$work/out" \
  --device "$work/device-$board.yaml" "$job" >"$work/log" 2>&1
rc=$?
echo "lava: lava-run exited $rc after $(( $(date +%s) - start )) s"
# The results LAVA logs: one JSON line each.
python3 - "$work/log" "$name" "$want" <<'PY'
import json, sys
log, name, want = sys.argv[1:]
cases, job, errors, target = [], None, [], []
for line in open(log, errors="replace"):
    try:
        rec = json.loads(line)
    except ValueError:
        continue
    msg = rec.get("msg")
    if rec.get("lvl") == "target":
        target.append(str(msg))
    if rec.get("lvl") == "error":
        errors.append(str(msg))
    if rec.get("lvl") != "results" or not isinstance(msg, dict):
        continue
    if msg.get("definition") == "0_" + name:
        cases.append((msg["case"], msg["result"]))
    if msg.get("definition") == "lava" and msg.get("case") == "job":
        job = msg
for case, res in cases:
    print(f"lava: case {case}: {res}")
print(f"lava: job: {job.get('result') if job else 'no result'}"
      + (f" ({job.get('error_msg')})" if job and job.get("error_msg") else ""))
ok = bool(cases) and job is not None
if want == "pass":
    ok = ok and job["result"] == "pass" and all(r == "pass" for _, r in cases)
else:
    ok = ok and job["result"] == "fail" and "failure pattern" in str(job.get("error_msg"))
if not ok:
    print("lava: console tail:\n  " + "\n  ".join(target[-20:]))
    print("lava: errors: " + "; ".join(errors[-5:]))
    sys.exit(1)
print(f"lava: {name} on LAVA: {len(cases)} cases, job {job['result']}, as wanted ({want})")
PY
