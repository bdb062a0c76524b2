#!/bin/sh
# Disk and CD boot tests: SeaBIOS (Debian's bios.bin) boots bootsect.S,
# assembled here from source (as --32, ld --oformat binary), from an IDE
# disk image and from an El Torito no-emulation ISO made with xorriso.
# Images are built at test time under OUTDIR, never committed.
#
#   disk-boot.sh ROOT OUTDIR RUNNER CASE
#
# RUNNER is the hosted firmware, or board:NAME to run on a board through
# ./bmx run (qemu-system-arm, images read through semihosting).
# CASE: hda, cdrom, boot-c, boot-d, isapc-hda, isapc-cdrom, snapshot-off, warm-reset,
# snapshot-off-refused (board only: the board cannot write host files),
# linked (board only: a firmware built with -Ddisk_image=the disk, which
# boots from flash with no drive option).
set -u
root=$1 outdir=$2 runner=$3 case=$4
bios=/usr/share/seabios/bios.bin
src=$root/tests/pc/bootsect.S

skip() { echo "disk-boot: SKIP: $*"; exit 77; }
die() { echo "disk-boot: FAIL: $*"; exit 1; }
[ -r "$bios" ] || die "$bios not found (install Debian's seabios)"
command -v as >/dev/null || skip "no assembler (binutils)"
command -v xorriso >/dev/null || die "xorriso not found (./bmx installs it)"

work=$outdir/disk-boot/$case
rm -rf "$work"
mkdir -p "$work/iso" || die "cannot create $work"

# bootsect-disk.bin and bootsect-cd.bin from the source
for v in disk cd; do
    def=""
    [ $v = cd ] && def=-DCDROM
    gcc -E -P $def -x assembler-with-cpp "$src" -o "$work/$v.s" &&
        as --32 -o "$work/$v.o" "$work/$v.s" &&
        ld -m elf_i386 -Ttext 0x7c00 --oformat binary -o "$work/$v.bin" \
            "$work/$v.o" || die "assembling $src ($v) failed"
done
# warmboot.S for the warm-reset case
gcc -E -P -x assembler-with-cpp "$root/tests/pc/warmboot.S" -o "$work/warm.s" &&
    as --32 -o "$work/warm.o" "$work/warm.s" &&
    ld -m elf_i386 -Ttext 0x7c00 --oformat binary -o "$work/warm.bin" \
        "$work/warm.o" || die "assembling warmboot.S failed"
# A 2 MiB disk: the boot sector, the marker in LBA 1, zeros after.
disk=$work/disk.img
truncate -s 2M "$disk"
dd if="$work/disk.bin" of="$disk" conv=notrunc status=none
printf 'BMX86 SECTOR ONE' | dd of="$disk" bs=512 seek=1 conv=notrunc status=none
# An El Torito ISO: no emulation, 4 x 512 bytes loaded at 0x7C00.
cp "$work/cd.bin" "$work/iso/boot.bin"
iso=$work/boot.iso
# xorriso without meson's MALLOC_PERTURB_ (meant for bmx86, not the tools):
# under it xorriso 1.5.4 once died of SIGSEGV; a tool crash is retried once.
mkiso() {
    env -u MALLOC_PERTURB_ xorriso -as mkisofs -quiet -o "$iso" -V BMX86TEST \
        -b boot.bin -no-emul-boot -boot-load-size 4 "$work/iso" \
        >"$work/xorriso.log" 2>&1
}
mkiso || mkiso || { cat "$work/xorriso.log"; die "xorriso failed"; }

lba2() { dd if="$disk" bs=512 skip=2 count=1 status=none | od -An -tx1 | head -1; }
zero_lba2=$(lba2)

run() { # firmware arguments...
    log=$work/run.log
    case "$runner" in
    board:*)
        "$root/bmx" run --board "${runner#board:}" --timeout 300 -- \
            --quiet "$@" >"$log" 2>&1
        ;;
    *)
        timeout 120 "$runner" --quiet --bios="$bios" "$@" >"$log" 2>&1
        ;;
    esac
    rc=$?
    tr -d '\r' <"$log" >"$log.txt"
    grep -E 'bootsect|ata[01]-[01]|DVD/CD|Booting|bmx86' "$log.txt"
    echo "disk-boot: exit status $rc"
}
expect() { grep -qF "$1" "$log.txt" || die "expected '$1' in the output"; }
expect_rc() { [ "$rc" = "$1" ] || die "exit status $rc, expected $1"; }

case "$case" in
hda)
    run --hda="$disk"
    expect "ata0-0: QEMU HARDDISK ATA-7 Hard-Disk"
    expect "Booting from Hard Disk"
    expect "bootsect: booted from disk, drive 0x80"
    expect "bootsect: disk ok"
    expect_rc 1
    # snapshot (the default): the write stayed in the overlay
    [ "$(lba2)" = "$zero_lba2" ] || die "the image file was written (snapshot=on)"
    ;;
snapshot-off)
    run --drive="file=$disk,if=ide,index=0,media=disk,snapshot=off"
    expect "bootsect: disk ok"
    expect_rc 1
    [ "$(lba2)" != "$zero_lba2" ] || die "snapshot=off did not write LBA 2 to the file"
    cmp -n 64 "$work/disk.bin" "$(dd if="$disk" bs=512 skip=2 count=1 status=none >"$work/lba2.bin"; echo "$work/lba2.bin")" ||
        die "LBA 2 of the file is not the boot sector"
    ;;
cdrom)
    run --cdrom="$iso"
    expect "DVD/CD [ata1-0: QEMU DVD-ROM ATAPI-4 DVD/CD]"
    expect "Booting from DVD/CD"
    expect "bootsect: booted from CD, drive 0xE0"
    expect "bootsect: CD ok"
    expect_rc 1
    ;;
boot-c)
    run --hda="$disk" --cdrom="$iso" --boot=c
    expect "bootsect: booted from disk"
    expect_rc 1
    ;;
boot-d)
    run --drive="file=$disk,index=0" --drive="file=$iso,index=2,media=cdrom" --boot=order=d
    expect "ata0-0: QEMU HARDDISK ATA-7 Hard-Disk"
    expect "DVD/CD [ata1-0: QEMU DVD-ROM ATAPI-4 DVD/CD]"
    expect "bootsect: booted from CD"
    expect_rc 1
    ;;
warm-reset)
    warm=$work/warm.img
    truncate -s 1M "$warm"
    dd if="$work/warm.bin" of="$warm" conv=notrunc status=none
    run --hda="$warm"
    expect "warmboot: start"
    expect "warmboot: port 92 resumed"
    expect "warmboot: keyboard resumed"
    expect "warmboot: 0xcf9 resumed"
    expect "warmboot: rebooted"
    expect "warmboot: ok"
    expect_rc 1
    ;;
isapc-hda)
    run --machine=isapc --hda="$disk"
    expect "ata0-0: QEMU HARDDISK ATA-7 Hard-Disk"
    expect "bootsect: disk ok"
    expect_rc 1
    ;;
snapshot-off-refused)
    run --drive="file=$disk,index=0,snapshot=off"
    expect "writing images back needs the hosted build"
    expect_rc 8
    [ "$(lba2)" = "$zero_lba2" ] || die "the image file was written"
    ;;
linked)
    b=${runner#board:}
    [ "$b" != "$runner" ] || die "linked needs board:NAME"
    cpu=$(sed -n 's/^#define BOARD_CPU *"\(.*\)"/\1/p' "$root/drivers/boards/$b.h")
    mach=$(sed -n 's/^#define BOARD_QEMU_MACHINE *"\(.*\)"/\1/p' "$root/drivers/boards/$b.h")
    fw=$outdir/linked-fw-$b
    # the image must not change between runs, or every run relinks
    img=$outdir/linked-disk.img
    cmp -s "$disk" "$img" || cp "$disk" "$img"
    if [ ! -f "$fw/build.ninja" ]; then
        meson setup "$fw" "$root" --cross-file "$root/cross/arm-none-eabi.txt" \
            --cross-file "$root/cross/$cpu.txt" -Dboard="$b" -Dsemihosting=true \
            -Ddisk_image="$img" >"$work/setup.log" 2>&1 ||
            { cat "$work/setup.log"; die "configuring the linked-image firmware failed"; }
    fi
    ninja -C "$fw" "bmx86-$b.elf" >"$work/build.log" 2>&1 ||
        { tail -20 "$work/build.log"; die "building the linked-image firmware failed"; }
    log=$work/run.log
    timeout 300 qemu-system-arm -M "$mach" -nographic -monitor none -serial stdio \
        -semihosting-config enable=on,target=native -kernel "$fw/bmx86-$b.elf" \
        -append "--quiet --bios=$bios" >"$log" 2>&1
    rc=$?
    tr -d '\r' <"$log" >"$log.txt"
    grep -E 'bootsect|ata[01]-[01]|drive|bmx86' "$log.txt"
    expect "drive ide0-0: disk '@linked'"
    expect "bootsect: disk ok"
    expect_rc 1
    ;;
isapc-cdrom)
    run --machine=isapc --cdrom="$iso" --boot=d
    expect "bootsect: booted from CD"
    expect_rc 1
    ;;
*)
    die "unknown case '$case'"
    ;;
esac
# When qemu-system-i386 is installed, the same images there: SeaBIOS's
# drive lines should be the same (differences are reported, not failed).
if command -v qemu-system-i386 >/dev/null 2>&1 && [ "${runner#board:}" = "$runner" ]; then
    qargs=""
    case "$case" in
    hda) qargs="-drive file=$disk,format=raw,index=0,media=disk,snapshot=on" ;;
    cdrom) qargs="-drive file=$iso,format=raw,index=2,media=cdrom" ;;
    esac
    if [ -n "$qargs" ]; then
        qlog=$work/qemu.log
        # shellcheck disable=SC2086
        timeout 10 qemu-system-i386 -M pc -m 16 -nodefaults -display none \
            -no-reboot -bios "$bios" $qargs -chardev file,id=dbg,path="$qlog" \
            -device isa-debugcon,iobase=0x402,chardev=dbg \
            -device isa-debug-exit,iobase=0xf4,iosize=1 >/dev/null 2>&1
        for key in "ata0-0:" "DVD/CD [" "bootsect: booted" "bootsect: disk ok" \
                   "bootsect: CD ok"; do
            # from the key on: COM1 text may share bmx86's line
            q=$(awk -v k="$key" 'i = index($0, k) { print substr($0, i); exit }' "$qlog" 2>/dev/null)
            b=$(awk -v k="$key" 'i = index($0, k) { print substr($0, i); exit }' "$log.txt")
            if [ "$q" != "$b" ]; then
                echo "disk-boot: vs qemu-system-i386: QEMU '$q', bmx86 '$b'"
            fi
        done
        echo "disk-boot: qemu-system-i386 log compared"
    fi
fi
echo "disk-boot: $case: ok"
