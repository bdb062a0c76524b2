#!/usr/bin/env python3
"""Plays an ANSI stream (bmx86's --display=ansi output) through a small
VT100 model and prints the 80x25 character grid, one row per line with
trailing blanks cut. Text outside the screen (bmx86's own lines before the
first clear and after the end) is ignored. Unknown sequences fail."""
import re
import sys

data = open(sys.argv[1], 'rb').read().decode('utf-8')
start = data.find('\x1b[0m\x1b[2J')
if start < 0:
    sys.exit('no screen in the stream')
end = data.rfind('\x1b[0m\x1b[?25h')
data = data[start:end if end > start else len(data)]
grid = [[' '] * 80 for _ in range(25)]
row = col = 0
seq = re.compile(r'\x1b\[(\??)([0-9;]*)([A-Za-z])')
i = 0
while i < len(data):
    ch = data[i]
    if ch == '\x1b':
        m = seq.match(data, i)
        if not m:
            sys.exit('bad escape at %d: %r' % (i, data[i:i + 8]))
        priv, params, final = m.groups()
        p = [int(x) if x else 0 for x in params.split(';')] if params else []
        if final == 'H':
            row, col = p[0] - 1, p[1] - 1
        elif final == 'J':
            grid = [[' '] * 80 for _ in range(25)]
        elif final not in 'mhl':
            sys.exit('unexpected sequence %r' % m.group(0))
        i = m.end()
        continue
    if ch in '\r\n':
        i += 1
        continue
    if 0 <= row < 25 and 0 <= col < 80:
        grid[row][col] = ch
    col += 1
    i += 1
for r in grid:
    print(''.join(r).rstrip())
