#!/usr/bin/env bash
# Rung 4 of the guest ladder (issue 12): an El Torito CD that ISOLINUX
# boots (Debian's isolinux + syslinux-common, xorriso), holding the tiny
# Linux (build-tiny-linux.sh; its initramfs is built in) and isolinux.cfg.
#
#   build-isolinux-cd.sh OUT  -> prints the ISO's path on the last line
# Cached under OUT/isolinux-cd-HASH/, keyed by its inputs. Exit 77 (skip)
# with one line when a tool or package is missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
skip() { echo "isolinux-cd: skipped: $*"; exit 77; }
isolinux=/usr/lib/ISOLINUX/isolinux.bin
ldlinux=/usr/lib/syslinux/modules/bios/ldlinux.c32
for f in "$isolinux" "$ldlinux"; do
  [ -r "$f" ] || skip "$f missing (install isolinux and syslinux-common)"
done
command -v xorriso >/dev/null || skip "xorriso missing (./bmx deps)"
kernel=$("$here/build-tiny-linux.sh" "$out" | tail -1) || {
  rc=$?; [ $rc = 77 ] && skip "the tiny Linux was skipped"; exit $rc; }
ver() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true; }
key=$( (cat "$0"; sha256sum "$kernel" "$isolinux" "$ldlinux"; ver xorriso) |
      sha256sum | cut -c1-16)
dir=$out/isolinux-cd-$key
iso=$dir/tiny-linux.iso
if [ -f "$iso" ]; then
  echo "isolinux-cd: cached: $iso"
  echo "$iso"
  exit 0
fi
rm -rf "$dir.tmp"
mkdir -p "$dir.tmp/cd/isolinux" "$dir.tmp/cd/boot"
cp "$isolinux" "$ldlinux" "$dir.tmp/cd/isolinux/"
cp "$kernel" "$dir.tmp/cd/boot/bzImage"
# SERIAL 0: ISOLINUX's prompt and messages on COM1 too.
cat >"$dir.tmp/cd/isolinux/isolinux.cfg" <<'CFG'
SERIAL 0 115200
SAY isolinux: booting the tiny Linux from the CD
DEFAULT tiny
PROMPT 0
TIMEOUT 0
LABEL tiny
  KERNEL /boot/bzImage
  APPEND console=ttyS0
CFG
# -boot-info-table: ISOLINUX finds its own LBA in the table xorriso writes.
xorriso -as mkisofs -quiet -o "$dir.tmp/tiny-linux.iso" -V TINYLINUX -R -J \
  -b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot \
  -boot-load-size 4 -boot-info-table "$dir.tmp/cd" >"$dir.tmp/xorriso.log" 2>&1 ||
  { cat "$dir.tmp/xorriso.log"; echo "isolinux-cd: xorriso failed"; exit 1; }
mkdir -p "$dir"
mv "$dir.tmp/tiny-linux.iso" "$iso"
rm -rf "$dir.tmp"
echo "isolinux-cd: built $iso ($(stat -c %s "$iso") bytes)"
echo "$iso"
