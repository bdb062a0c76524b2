#!/usr/bin/env python3
"""A stand-in for the hosted firmware in boottest's own tests: a console
that greets, echoes lines, panics or exits on command, and stands for
a guest's disk with --hda=FILE (a line "store X" appends X to it, "load"
prints what it holds)."""
import sys
import time

disk = next((a[6:] for a in sys.argv[1:] if a.startswith("--hda=")), None)

print("fake firmware: args " + " ".join(sys.argv[1:]), flush=True)
print("fake firmware: ready", flush=True)
for line in sys.stdin:
    line = line.rstrip("\n")
    if line.startswith("quit "):
        print("fake firmware: bye", flush=True)
        sys.exit(int(line.split()[1]))
    if line.startswith("store ") and disk:
        with open(disk, "a") as f:
            f.write(line[6:] + "\n")
    if line == "load" and disk:
        with open(disk) as f:
            for held in f:
                print("disk: " + held.rstrip("\n"), flush=True)
    if line == "panic":
        print("[    1.0] Kernel panic - not syncing: asked to", flush=True)
        time.sleep(30)
    print("echo: " + line, flush=True)
time.sleep(30)
