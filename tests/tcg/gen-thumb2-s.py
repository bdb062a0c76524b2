#!/usr/bin/env python3
"""Writes the GNU as source of the encoder's cases (thumb2-cases.h): the
first string of each T2CASE line, in order; the test compares the byte
stream case by case."""
import re
import sys

src, out = sys.argv[1], sys.argv[2]
lines = ['\t.syntax unified', '\t.thumb', '\t.text']
for line in open(src, encoding='utf-8'):
    m = re.match(r'T2CASE\("((?:[^"\\]|\\.)*)"', line)
    if m:
        for insn in m.group(1).split('\\n'):
            lines.append('\t' + insn.strip())
open(out, 'w', encoding='utf-8').write('\n'.join(lines) + '\n')
