#!/bin/sh
# /init of the tiny Linux's root on an IDE disk (build-grub-disk.sh puts it
# in /dev/sda1's ext2): the initrd's /init mounts that and hands over.
# The console is already open (the initramfs had one); run-init started it.
mount -t proc proc /proc
[ -e /dev/sda1 ] || mount -t devtmpfs devtmpfs /dev
echo "tiny linux: root on disk, shell follows"
exec sh -i </dev/console >/dev/console 2>&1
