#!/bin/sh
# /init of the small initrd GRUB loads beside the tiny Linux (it replaces
# the built-in initramfs's /init; klibc's tools are in that one): mount the
# ext2 root on the IDE disk and hand over to its /init, as Debian's
# initramfs does with root=.
mount -t devtmpfs devtmpfs /dev
mount -t ext2 -o rw /dev/sda1 /root || { echo "tiny initrd: cannot mount /dev/sda1"; exec sh -i; }
# run-init opens the new root's /dev/console
mount -t devtmpfs devtmpfs /root/dev
echo "tiny initrd: /dev/sda1 mounted, switching root"
exec run-init /root /init
