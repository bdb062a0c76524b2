#!/bin/sh
# Builds one benchmark guest image or the native program by hand (meson
# does the same through tests/bench/guests/meson.build):
#   build-guest.sh guest OUT.bin workload-int.c
#   build-guest.sh native OUT workload-int.c
#   build-guest.sh guest16 OUT.bin workload-int.c   (real mode, gcc -m16)
#   build-guest.sh guestfpu OUT.bin workload-fpu.c  (may use the x87)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
kind=$1 out=$2; shift 2
flags="-m32 -O2 -march=i486 -fno-tree-loop-distribute-patterns -fno-pic
 -fno-asynchronous-unwind-tables -fno-stack-protector -Wall -Wextra -Werror
 -I$here"
case "$kind" in
guest)
    exec gcc $flags -nostdlib -ffreestanding -static -fno-pie -no-pie \
        -mgeneral-regs-only --param=min-pagesize=0 -Wl,--build-id=none \
        -Wl,--oformat=binary -T "$here/bench.ld" -o "$out" \
        "$here/crt-bench.S" "$here/guest-main.c" "$@";;
guestfpu)
    # like guest, but gcc may use the x87 (no -mgeneral-regs-only; never
    # SSE: -march=i486)
    exec gcc $flags -nostdlib -ffreestanding -static -fno-pie -no-pie \
        --param=min-pagesize=0 -Wl,--build-id=none \
        -Wl,--oformat=binary -T "$here/bench.ld" -o "$out" \
        "$here/crt-bench.S" "$here/guest-main.c" "$@";;
guest16)
    exec gcc $(echo "$flags" | sed 's/-m32/-m16/') -nostdlib -ffreestanding \
        -static -fno-pie -no-pie -mgeneral-regs-only --param=min-pagesize=0 \
        -DBENCH_REAL_MODE '-DBENCH_NAME="realmode"' -Wl,--build-id=none \
        -Wl,--oformat=binary -T "$here/bench16.ld" -o "$out" \
        "$here/crt-real.S" "$here/guest-main.c" "$@";;
native)
    exec gcc $flags -fno-pie -no-pie -o "$out" "$here/native-main.c" "$@";;
*) echo "usage: $0 guest|guestfpu|guest16|native OUT SOURCES..." >&2; exit 2;;
esac
