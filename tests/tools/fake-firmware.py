#!/usr/bin/env python3
"""A stand-in for the hosted firmware in boottest's own tests: a console
that greets, echoes lines, panics or exits on command."""
import sys
import time

print("fake firmware: args " + " ".join(sys.argv[1:]), flush=True)
print("fake firmware: ready", flush=True)
for line in sys.stdin:
    line = line.rstrip("\n")
    if line.startswith("quit "):
        print("fake firmware: bye", flush=True)
        sys.exit(int(line.split()[1]))
    if line == "panic":
        print("[    1.0] Kernel panic - not syncing: asked to", flush=True)
        time.sleep(30)
    print("echo: " + line, flush=True)
time.sleep(30)
