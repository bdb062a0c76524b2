#!/bin/sh
# mbreal (multiboot kernels that set up nothing) through SeaBIOS and
# QEMU's multiboot_dma.bin: each must pass its argv check and take the
# BIOS's timer interrupt in real mode. mbreal.elf is linked at 0x8000 and
# covers 0x9000-0x9FFF: bmx86 must boot it; qemu-system-i386 7.2 keeps its
# info block at 0x9000-0x95FF, which the kernel's copy then overwrites
# (deviation D39): that is reported, not failed. mbreal-a000.elf, at
# 0xA000, must pass on both. Prints guest instructions and wall time.
#
#   mbreal-test.sh FIRMWARE KERNEL KERNEL_A000 BIOS DATADIR
set -u
fw=$1 kernel=$2 kernel_low=$3 bios=$4 datadir=$5
for f in "$bios" "$datadir/multiboot_dma.bin"; do
    if [ ! -r "$f" ]; then
        echo "mbreal-test: $f not found (install seabios and qemu-system-data)"
        exit 77
    fi
done
log=$(mktemp)
trap 'rm -f "$log"' EXIT
ok='mbreal: timer interrupt taken in real mode'

on_bmx86() { # KERNEL
    timeout 60 "$fw" --quiet --bios="$bios" -L "$datadir" --kernel="$1" \
        --append="alpha beta" >"$log" 2>&1
    rc=$?
    grep -a 'mbreal:\|multiboot' "$log"
    if [ $rc != 1 ] || ! grep -q "$ok" "$log"; then
        tail -20 "$log"
        echo "mbreal-test: bmx86 failed on $1 (status $rc, want 1)"
        exit 1
    fi
    grep 'guest instructions' "$log" | sed "s|^bmx86:|mbreal-test: figures: $(basename "$1"):|"
}

on_qemu() { # KERNEL -> status
    : >"$log"
    timeout 30 qemu-system-i386 -M pc -m 16 -nodefaults -display none \
        -no-reboot -bios "$bios" -L "$datadir" -kernel "$1" \
        -append "alpha beta" -chardev file,id=dbg,path="$log" \
        -device isa-debugcon,iobase=0xe9,chardev=dbg \
        -device isa-debug-exit,iobase=0xf4,iosize=4 >/dev/null 2>&1
    qrc=$?
    sed "s|^|qemu-system-i386 $(basename "$1"): |" "$log"
}

on_bmx86 "$kernel"
on_bmx86 "$kernel_low"
if ! command -v qemu-system-i386 >/dev/null 2>&1; then
    echo "mbreal-test: qemu-system-i386 not installed: bmx86 side only"
    exit 0
fi
on_qemu "$kernel_low"
if [ $qrc != 1 ] || ! grep -q "$ok" "$log"; then
    echo "mbreal-test: qemu-system-i386 failed on $kernel_low (status $qrc, want 1)"
    exit 1
fi
on_qemu "$kernel"
if [ $qrc = 1 ] && grep -q "$ok" "$log"; then
    echo "mbreal-test: qemu-system-i386 boots $(basename "$kernel") too"
elif grep -q 'info block inside the image\|no command line flag' "$log"; then
    echo "mbreal-test: qemu-system-i386 put its info block where $(basename "$kernel") is loaded (D39: bmx86 places it elsewhere)"
else
    echo "mbreal-test: qemu-system-i386 failed on $kernel in an unexpected way (status $qrc)"
    exit 1
fi
echo "mbreal-test: bmx86 and qemu-system-i386 agree on $(basename "$kernel_low")"
