#!/bin/sh
# SeaBIOS boot test: Debian's unmodified bios.bin on bmx86's "isapc" or
# "pc" through the hosted runner; checks the banner, fw_cfg detection, the
# fw_cfg e820 line with the configured RAM and "No bootable device", and
# records guest instructions and wall time. When qemu-system-i386 is
# installed the same BIOS runs there too and the debug-log lines both
# print are compared (differences are reported, not failed).
#
#   seabios-boot.sh RUNNER BIOS MACHINE RAM_MIB
set -u
runner=$1 bios=$2 machine=$3 ram_mib=$4
if [ ! -r "$bios" ]; then
    echo "seabios-boot: $bios not found (install Debian's seabios package)"
    exit 1
fi
ram_hex=$(printf '0x%016x' $((ram_mib * 1024 * 1024)))
log=$(mktemp) qlog=$(mktemp)
trap 'rm -f "$log" "$qlog"' EXIT

"$runner" --machine "$machine" --ram-mib "$ram_mib" --bios "$bios" \
    --end no-boot --budget 100000000 \
    --expect "SeaBIOS (version" \
    --expect "Found QEMU fw_cfg" \
    --expect "qemu/e820: addr 0x0000000000000000 len $ram_hex [RAM]" \
    --expect "No bootable device" >"$log" 2>&1
rc=$?
cat "$log"
grep '^bmx86-pc: .*guest instructions' "$log" | sed 's/^bmx86-pc:/seabios-boot: figures:/'

if command -v qemu-system-i386 >/dev/null 2>&1; then
    timeout 6 qemu-system-i386 -M "$machine" -m "$ram_mib" -nodefaults \
        -display none -no-reboot -bios "$bios" \
        -chardev file,id=dbg,path="$qlog" \
        -device isa-debugcon,iobase=0x402,chardev=dbg >/dev/null 2>&1
    for key in "SeaBIOS (version" "Found QEMU fw_cfg" "qemu/e820:" \
               "=== PCI" "PIIX3/PIIX4 init" "e820 map has" "No bootable"; do
        q=$(grep -c "$key" "$qlog") b=$(grep -c "$key" "$log")
        if [ "$q" -gt 0 ] && [ "$b" -eq 0 ]; then
            echo "seabios-boot: vs qemu-system-i386: QEMU printed \"$key\", bmx86 did not"
        fi
    done
    echo "seabios-boot: qemu-system-i386 log compared ($(wc -l <"$qlog") lines)"
fi
exit $rc
