#!/usr/bin/env bash
# Builds the tiny Linux of suite os from Debian's packages: the kernel from
# linux-source-6.1 (tinyconfig + tiny-linux.config, ARCH=i386, make -j2)
# with a built-in initramfs holding klibc's sh and tools from Debian's
# klibc-utils:i386 (apt-get download + dpkg-deb -x: no root, no mounts).
# The result is cached under OUT/tiny-linux-HASH/, keyed by a hash of the
# inputs (the recipe version below, the config fragment, /init, package
# versions, gcc); a second run prints the path at once.
#
#   build-tiny-linux.sh OUT   -> prints the bzImage's path on the last line
# Exit 77 (skip) with one line when a package or i386 download is missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
skip() { echo "tiny-linux: skipped: $*"; exit 77; }
# Bump when the steps below change what is built.
recipe=2

src_tar=/usr/src/linux-source-6.1.tar.xz
[ -r "$src_tar" ] || skip "$src_tar missing (install linux-source-6.1)"
for t in make gcc bc flex bison cpio dpkg-deb apt-get; do
  command -v "$t" >/dev/null || skip "'$t' missing (./bmx deps)"
done
ver() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true; }
kver=$(ver linux-source-6.1)
kl=$(apt-cache policy klibc-utils:i386 2>/dev/null | sed -n 's/ *Candidate: *//p')
[ -n "$kl" ] && [ "$kl" != "(none)" ] ||
  skip "klibc-utils:i386 not available (dpkg --add-architecture i386; apt-get update)"
key=$( (echo "recipe $recipe"; cat "$here/tiny-linux.config" "$here/tiny-init.sh" "$here/fputest.c"
        echo "$kver $kl $(gcc -dumpfullversion)") | sha256sum | cut -c1-16)
dir=$out/tiny-linux-$key
if [ -f "$dir/bzImage" ]; then
  echo "tiny-linux: cached: $dir/bzImage"
  echo "$dir/bzImage"
  exit 0
fi
echo "tiny-linux: building Linux $kver (i486, tinyconfig + fragment) with klibc $kl into $dir"
rm -rf "$dir.tmp"
mkdir -p "$dir.tmp/deb" "$dir.tmp/root"
(cd "$dir.tmp/deb" && apt-get download klibc-utils:i386 libklibc:i386 >/dev/null) ||
  skip "apt-get download klibc-utils:i386 libklibc:i386 failed"
for d in "$dir.tmp"/deb/*.deb; do dpkg-deb -x "$d" "$dir.tmp/root"; done
t0=$(date +%s)
echo "tiny-linux: unpacking $src_tar"
tar -C "$dir.tmp" -xf "$src_tar"
ksrc=$(echo "$dir.tmp"/linux-source-6.1)

# The x87 test program: i486 code, no libc (built, not run, here: the host
# may not execute 32-bit programs).
gcc -m32 -march=i486 -O2 -ffreestanding -fno-pic -fno-stack-protector \
  -fno-math-errno -nostdlib -static -o "$dir.tmp/fputest" "$here/fputest.c" ||
  skip "gcc -m32 cannot build fputest.c (install gcc-multilib)"

# The initramfs, described for the kernel's gen_init_cpio: nothing is
# created as root on the host.
list=$dir.tmp/initramfs.list
{
  echo "dir /bin 755 0 0"
  echo "dir /lib 755 0 0"
  echo "dir /dev 755 0 0"
  echo "dir /proc 755 0 0"
  echo "nod /dev/console 600 0 0 c 5 1"
  echo "file /init $here/tiny-init.sh 755 0 0"
  for f in "$dir.tmp"/root/usr/lib/klibc/bin/*; do
    echo "file /bin/$(basename "$f") $f 755 0 0"
  done
  for f in "$dir.tmp"/root/lib/klibc-*.so; do
    echo "file /lib/$(basename "$f") $f 755 0 0"
  done
  echo "file /bin/fputest $dir.tmp/fputest 755 0 0"
} >"$list"

cd "$ksrc"
make -s ARCH=i386 tinyconfig >/dev/null
cp "$here/tiny-linux.config" frag.config
echo "CONFIG_INITRAMFS_SOURCE=\"$list\"" >>frag.config
ARCH=i386 scripts/kconfig/merge_config.sh -m .config frag.config >/dev/null
make -s ARCH=i386 olddefconfig >/dev/null
for opt in M486 SERIAL_8250_CONSOLE BINFMT_ELF DEVTMPFS; do
  grep -q "^CONFIG_$opt=y" .config || { echo "tiny-linux: CONFIG_$opt did not stick"; exit 1; }
done
echo "tiny-linux: make -j2 bzImage (a few minutes)"
nice make -j2 ARCH=i386 bzImage 2>&1 | grep -E "error:|Error [0-9]|Kernel: " || true
[ -f arch/x86/boot/bzImage ] || { echo "tiny-linux: the kernel build failed"; exit 1; }
mkdir -p "$dir"
cp arch/x86/boot/bzImage .config "$dir/"
cd /
rm -rf "$dir.tmp"
echo "tiny-linux: built in $(( $(date +%s) - t0 )) s: $(stat -c %s "$dir/bzImage") bytes"
echo "$dir/bzImage"
