#!/usr/bin/env bash
# Rung 3 of the guest ladder (issue 12): a raw IDE disk that GRUB boots.
# Debian's tools only, no loop devices, no mounts, nothing run as root on
# the image: an MBR with one Linux partition at 1 MiB (sfdisk on the image
# file), an ext2 filesystem made from a directory (mke2fs -d) holding the
# tiny Linux (build-tiny-linux.sh), klibc's sh and tools, an /init
# (disk-init.sh) and /boot/grub/grub.cfg; GRUB's boot.img in the MBR and a
# core.img from grub-mkimage -O i386-pc in the gap before the partition,
# as grub-bios-setup places them.
#
#   build-grub-disk.sh OUT [COPYDIR]  -> prints the image's path last
# The image is cached under OUT/grub-disk-HASH/ keyed by its inputs. With
# COPYDIR, a fresh copy of it is made there and its path printed (for a
# test whose boots write through to the file: snapshot=off).
# Exit 77 (skip) with one line when a tool or package is missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
copydir=${2:-}
skip() { echo "grub-disk: skipped: $*"; exit 77; }
# Bump when the steps below change what is built.
recipe=1
grubdir=/usr/lib/grub/i386-pc
PATH=$PATH:/usr/sbin:/sbin
[ -r "$grubdir/boot.img" ] || skip "$grubdir/boot.img missing (install grub-pc-bin)"
for t in grub-mkimage sfdisk mke2fs cpio dd python3 apt-get dpkg-deb; do
  command -v "$t" >/dev/null || skip "'$t' missing (./bmx test os installs it)"
done
kernel=$("$here/build-tiny-linux.sh" "$out" | tail -1) || {
  rc=$?; [ $rc = 77 ] && skip "the tiny Linux was skipped"; exit $rc; }
ver() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true; }
kl=$(apt-cache policy klibc-utils:i386 2>/dev/null | sed -n 's/ *Candidate: *//p')
[ -n "$kl" ] && [ "$kl" != "(none)" ] ||
  skip "klibc-utils:i386 not available (dpkg --add-architecture i386; apt-get update)"
key=$( (echo "recipe $recipe"; cat "$0" "$here/disk-init.sh" "$here/disk-initrd-init.sh"; sha256sum "$kernel"
        echo "$(ver grub-pc-bin) $(ver e2fsprogs) $(ver fdisk) $kl") |
      sha256sum | cut -c1-16)
dir=$out/grub-disk-$key
img=$dir/disk.img
if [ ! -f "$img" ]; then
  echo "grub-disk: building $img (GRUB $(ver grub-pc-bin), ext2 root)"
  rm -rf "$dir.tmp"
  mkdir -p "$dir.tmp/deb" "$dir.tmp/root"/{bin,lib,dev,proc,mnt,boot/grub}
  (cd "$dir.tmp/deb" && apt-get download klibc-utils:i386 libklibc:i386 >/dev/null) ||
    skip "apt-get download klibc-utils:i386 libklibc:i386 failed"
  mkdir "$dir.tmp/klibc"
  for d in "$dir.tmp"/deb/*.deb; do dpkg-deb -x "$d" "$dir.tmp/klibc"; done
  r=$dir.tmp/root
  cp "$dir.tmp"/klibc/usr/lib/klibc/bin/* "$r/bin/"
  cp "$dir.tmp"/klibc/lib/klibc-*.so "$r/lib/"
  install -m 755 "$here/disk-init.sh" "$r/init"
  cp "$kernel" "$r/boot/bzImage"
  # An initrd over the kernel's built-in initramfs: its /init mounts the
  # disk's root and switches to it. (The built-in one has no /root, the
  # mount point the kernel's own root= mounting needs.)
  mkdir -p "$dir.tmp/initrd/root"
  install -m 755 "$here/disk-initrd-init.sh" "$dir.tmp/initrd/init"
  (cd "$dir.tmp/initrd" && printf 'init\nroot\n' |
    cpio -o -H newc --owner 0:0 --quiet) >"$r/boot/initrd.cpio"
  cat >"$r/boot/grub/grub.cfg" <<'CFG'
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
set timeout=0
menuentry "tiny linux, root on /dev/sda1" {
  echo "grub: loading the tiny Linux from (hd0,msdos1)"
  linux /boot/bzImage console=ttyS0
  initrd /boot/initrd.cpio
}
CFG
  # 8 MiB: the partition from sector 2048 (1 MiB, as fdisk aligns) to the end.
  truncate -s 8M "$dir.tmp/disk.img"
  echo 'start=2048, type=83, bootable' |
    sfdisk -q --label dos "$dir.tmp/disk.img" >/dev/null
  mke2fs -q >/dev/null -t ext2 -b 1024 -L tinyroot -d "$r" "$dir.tmp/part.img" 7168
  dd if="$dir.tmp/part.img" of="$dir.tmp/disk.img" bs=512 seek=2048 \
    conv=notrunc status=none
  prefix='(hd0,msdos1)/boot/grub'
  grub-mkimage -O i386-pc -o "$dir.tmp/core.img" -p "$prefix" \
    biosdisk part_msdos ext2 normal linux serial terminal configfile echo
  # What grub-bios-setup does for a core.img in the MBR gap at LBA 1:
  # boot.img's code (before the disk signature and partition table) with
  # its kernel sector field (0x5c) = 1; diskboot.img's first blocklist
  # (the core's last 12 bytes of sector 0: LBA, sectors, segment) = the
  # rest of core.img from LBA 2.
  python3 - "$grubdir/boot.img" "$dir.tmp/core.img" "$dir.tmp/disk.img" <<'PY'
import struct, sys
boot = open(sys.argv[1], "rb").read()
core = bytearray(open(sys.argv[2], "rb").read())
nsec = (len(core) + 511) // 512
if nsec > 2047:
    sys.exit("grub-disk: core.img does not fit the 1 MiB gap")
core += bytes(nsec * 512 - len(core))
struct.pack_into("<QHH", core, 0x200 - 12, 2, nsec - 1, 0x820)
with open(sys.argv[3], "r+b") as d:
    mbr = bytearray(d.read(512))
    mbr[:440] = boot[:440]
    struct.pack_into("<Q", mbr, 0x5c, 1)
    mbr[510:512] = b"\x55\xaa"
    d.seek(0)
    d.write(mbr)
    d.write(core)
PY
  mkdir -p "$dir"
  mv "$dir.tmp/disk.img" "$img"
  rm -rf "$dir.tmp"
  echo "grub-disk: built $img ($(stat -c %s "$img") bytes)"
else
  echo "grub-disk: cached: $img"
fi
if [ -n "$copydir" ]; then
  mkdir -p "$copydir"
  cp "$img" "$copydir/disk.img"
  img=$(cd "$copydir" && pwd)/disk.img
  echo "grub-disk: a fresh copy to write to: $img"
fi
echo "$img"
