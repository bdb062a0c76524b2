#!/usr/bin/env bash
# The gdb stub end to end: Debian's gdb in batch mode against the firmware
# running tests/guests/gdbtarget.c on the bare machine, stopped at start
# (-S): the hosted build listening on a free TCP port, or a board under
# qemu-system-arm with UART1 forwarded to one (./bmx run --gdb PORT).
# gdb breaks at a symbol,
# reads and changes EAX, steps one instruction, reads memory, sets a
# hardware watchpoint, asks the monitor for the memory tree and continues
# to the end; the guest's exit status (43) proves the new EAX took effect.
# usage: gdb-test.sh GUEST.elf GUEST.bin hosted FIRMWARE
#        gdb-test.sh GUEST.elf GUEST.bin board ROOT BOARD LIBC
set -u
elf=$1 bin=$(realpath "$2") mode=$3
if ! command -v gdb >/dev/null 2>&1; then
    echo "SKIP: gdb is not installed (apt-get install gdb; ./bmx installs it)"
    exit 77
fi
dir=$(mktemp -d)
fwpid=
trap '[ -n "$fwpid" ] && kill $fwpid 2>/dev/null; rm -rf "$dir"' EXIT
port=
if [ "$mode" = hosted ]; then
    "$4" --quiet --guest="$bin" --gdb=tcp:127.0.0.1:0 -S >"$dir/fw.out" 2>&1 &
    fwpid=$!
    for _ in $(seq 100); do
        port=$(sed -n 's/^bmx86: gdb: listening on tcp:127.0.0.1:\([0-9]*\)$/\1/p' \
            "$dir/fw.out")
        [ -n "$port" ] && break
        sleep 0.1
    done
else
    # a free port for QEMU's -serial tcp server (UART1)
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "$4/bmx" run --board "$5" --libc "$6" --timeout 120 --guest "$bin" \
        --gdb "$port" -- --quiet -S >"$dir/fw.out" 2>&1 &
    fwpid=$!
    up=
    for _ in $(seq 600); do
        # QEMU's server takes the next connection after this probe closes
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then up=1; break; fi
        kill -0 $fwpid 2>/dev/null || break
        sleep 0.2
    done
    [ -n "$up" ] || port=
fi
if [ -z "$port" ]; then
    echo "FAIL: the firmware did not listen:"; cat "$dir/fw.out"; exit 1
fi
timeout 60 gdb -nx -batch \
    -ex 'set pagination off' -ex 'set confirm off' \
    -ex "file $elf" \
    -ex "target remote 127.0.0.1:$port" \
    -ex 'break gdb_set_eax' \
    -ex 'continue' \
    -ex 'printf "at-break pc=%x eax=%d\n", $pc, $eax' \
    -ex 'set $eax = 42' \
    -ex 'stepi' \
    -ex 'printf "after-step pc=%x at=%x\n", $pc, &gdb_after_store' \
    -ex 'printf "result=%d\n", gdb_result' \
    -ex 'printf "cs=%x cs_base=%x cr0=%x\n", $cs, $cs_base, $cr0' \
    -ex 'delete' \
    -ex 'watch gdb_counter' \
    -ex 'continue' \
    -ex 'printf "watch counter=%d\n", gdb_counter' \
    -ex 'monitor info mtree' \
    -ex 'delete' \
    -ex 'continue' \
    -ex 'printf "exitcode=%d\n", $_exitcode' \
    >"$dir/gdb.out" 2>&1
gdbrc=$?
wait $fwpid
fwrc=$?
fwpid=
cat "$dir/gdb.out"
echo "--- firmware (status $fwrc) ---"
tr -d '\r' <"$dir/fw.out" >"$dir/fw.txt"; cat "$dir/fw.txt"
fail=0
expect() {
    if ! grep -q -- "$1" "$dir/gdb.out"; then
        echo "FAIL: gdb output lacks: $1"; fail=1
    fi
}
expect '^at-break pc=.* eax=1$'
expect '^result=42$'
expect '^cs=8 cs_base=0 cr0=.*1$'
expect 'Hardware watchpoint 2: gdb_counter'
expect 'New value = 1'
expect '^watch counter=1$'
expect 'address-space: memory'
expect '^exitcode=43$'
# one stepi from gdb_set_eax lands on gdb_after_store
step=$(sed -n 's/^after-step pc=\([0-9a-f]*\) at=\([0-9a-f]*\)$/\1 \2/p' \
    "$dir/gdb.out")
set -- $step
if [ $# -ne 2 ] || [ "$1" != "$2" ]; then
    echo "FAIL: stepi did not stop after exactly one instruction ($step)"
    fail=1
fi
[ "$gdbrc" -eq 0 ] || { echo "FAIL: gdb exited with $gdbrc"; fail=1; }
[ "$fwrc" -eq 43 ] || { echo "FAIL: the firmware exited with $fwrc, not 43"; fail=1; }
grep -q 'gdbtarget: EAX was changed to 42' "$dir/fw.txt" ||
    { echo "FAIL: the guest did not see EAX = 42"; fail=1; }
[ $fail -eq 0 ] && echo "gdb-stub: ok"
exit $fail
