#!/bin/sh
# /init of the tiny Linux: klibc's sh from Debian's klibc-utils:i386.
mount -t proc proc /proc
mount -t devtmpfs devtmpfs /dev
echo "tiny linux: up, shell follows"
exec sh -i </dev/console >/dev/console 2>&1
