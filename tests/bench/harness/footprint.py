#!/usr/bin/env python3
"""The RAM budget of bmx86 firmware (./bmx bench footprint, issue 15).

  footprint.py [--out DIR] [--json] [ELF...]

For each firmware ELF (default: every build/<board>-<libc>/bmx86-<board>.elf):
flash (text, rodata), RAM (data, bss, heap, stacks), the static RAM of each
emulator pool by symbol (readelf -S, nm -S) and which memory it lives in (the
MEMORY regions of linker/<board>.ld), the total RAM outside the guest pool, and
the translation pool settings of its build directory. Prints Markdown tables;
writes DIR/footprint.md and DIR/footprint.json. The hosted executable works too
(its memory is "host").
"""
import argparse
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

# The pools, by the variables that hold them (section names for stacks and
# heap). Whatever else is in RAM is "other".
POOLS = [
    ('op pool', ['op_pool'], []),
    ('TB pool', ['tb_pool'], []),
    ('code buffer', ['code_gen_buffer'], []),
    ('decode memo', ['decode_memo'], []),
    ('CPU, softmmu TLBs, jump cache', ['machine_cpu'], []),
    ('TB hashes, code maps', ['tb_hash', 'page_hash', 'codemaps'], []),
    ('dirty bitmaps', ['dirty_memory'], []),
    ('flat views', ['flatview_arena', 'flatview_pool', 'render_scratch'], []),
    ('RAMBlock pool', ['ram_blocks'], []),
    ('PC machine', ['pcms'], []),
    ('stacks', [], ['.stack', '.exc_stack']),
    ('heap', [], ['.heap']),
]
# pools every build has (the test checks them)
REQUIRED = ['op pool', 'TB pool', 'CPU, softmmu TLBs, jump cache', 'TB hashes, code maps',
            'dirty bitmaps', 'RAMBlock pool']


def run(cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, check=True).stdout.decode()


def tool(elf, name):
    """arm-none-eabi-NAME for ARM files, the host's NAME otherwise."""
    with open(elf, 'rb') as f:
        head = f.read(20)
    arm = head[:4] == b'\x7fELF' and int.from_bytes(head[18:20], 'little') == 40
    return ('arm-none-eabi-' + name) if arm else name


def sections(elf):
    """name -> (addr, size, flags) for the allocated sections."""
    out = {}
    for line in run([tool(elf, 'readelf'), '-S', '-W', elf]).splitlines():
        m = re.match(r'\s*\[\s*\d+\]\s+(\S+)\s+(\S+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+\S+\s+(\S*)', line)
        if m and 'A' in m.group(5):
            out[m.group(1)] = (int(m.group(3), 16), int(m.group(4), 16), m.group(5))
    return out


def symbols(elf):
    """name -> (addr, size) of the data and bss objects (the largest of a name)."""
    out = {}
    for line in run([tool(elf, 'nm'), '-S', elf]).splitlines():
        w = line.split()
        if len(w) == 4 and w[2] in 'bBdD':
            addr, size = int(w[0], 16), int(w[1], 16)
            if w[3] not in out or out[w[3]][1] < size:
                out[w[3]] = (addr, size)
    return out


def regions(board):
    """The MEMORY regions of linker/<board>.ld: [(name, origin, length)]."""
    path = os.path.join(ROOT, 'linker', board + '.ld')
    if not os.path.exists(path):
        return []
    units = {'': 1, 'K': 1024, 'M': 1024 * 1024, 'G': 1024 ** 3}
    out = []
    for m in re.finditer(r'(\w+)\s*\([^)]*\)\s*:\s*ORIGIN\s*=\s*(0x[0-9a-fA-F]+|\d+)\s*,\s*'
                         r'LENGTH\s*=\s*(\d+)([KMG]?)', open(path).read()):
        out.append((m.group(1), int(m.group(2), 0), int(m.group(3)) * units[m.group(4)]))
    return out


def region_of(regs, addr):
    for name, origin, length in regs:
        if origin <= addr < origin + length:
            return name
    return 'host' if not regs else '?'


def pool_options(build_dir):
    """The translation pool settings the build used (meson's summary)."""
    try:
        opts = json.load(open(os.path.join(build_dir, 'meson-info', 'intro-buildoptions.json')))
    except (OSError, ValueError):
        return {}
    return {o['name']: o['value'] for o in opts if o['name'] in ('tb_max', 'tb_ops_max', 'jit_buffer_kib')}


def analyse(elf):
    base = os.path.basename(elf)
    m = re.match(r'bmx86-(.+?)(\.elf)?$', base)
    board = m.group(1) if m else base
    bdir = os.path.dirname(os.path.abspath(elf))
    libc = 'glibc' if board == 'hosted' else bdir.rsplit('-', 1)[-1]
    secs = sections(elf)
    syms = symbols(elf)
    regs = regions(board)
    ram_secs = {n: s for n, s in secs.items() if 'W' in s[2] and n != '.guest_pool'}
    total = sum(s[1] for s in ram_secs.values())

    def in_ram(addr):
        return any(a <= addr < a + sz for a, sz, _ in ram_secs.values())

    flash = {n: s for n, s in secs.items() if 'W' not in s[2]}
    rodata = sum(sz for _, sz in symbols_ro(elf, secs).values())
    text = sum(s[1] for s in flash.values()) - rodata
    pools = []
    for label, names, snames in POOLS:
        size, where = 0, set()
        for n in names:
            if n in syms and in_ram(syms[n][0]):
                size += syms[n][1]
                where.add(region_of(regs, syms[n][0]))
        for n in snames:
            if n in ram_secs and ram_secs[n][1]:
                size += ram_secs[n][1]
                where.add(region_of(regs, ram_secs[n][0]))
        pools.append(dict(pool=label, size=size, memory='+'.join(sorted(where)) or '-'))
    other = total - sum(p['size'] for p in pools)
    # where the rest lives: each writable section by region
    by_region = {}
    for n, (a, sz, _) in ram_secs.items():
        r = region_of(regs, a)
        by_region[r] = by_region.get(r, 0) + sz
    gp = secs.get('.guest_pool')
    return dict(board=board, libc=libc, elf=os.path.relpath(elf, ROOT) if elf.startswith(ROOT) else elf,
                text=text, rodata=rodata,
                data=sum(secs[n][1] for n in ('.data', '.tdata') if n in secs),
                bss=sum(secs[n][1] for n in secs if n.startswith('.bss') or n in ('.tbss',)),
                ram_total=total, ram_by_region=by_region, pools=pools, other=other,
                guest_pool=gp[1] if gp else 0,
                guest_pool_memory=region_of(regs, gp[0]) if gp else '-',
                options={k: v or pool_defaults(board).get(k, 0) for k, v in pool_options(bdir).items()},
                regions=[dict(name=n, origin=o, length=l) for n, o, l in regs])


def symbols_ro(elf, secs):
    """Named read-only objects (OBJECT symbols outside writable sections):
    the boards merge .rodata into .text, so nm's types cannot tell them."""
    ro_ndx = set()
    for line in run([tool(elf, 'readelf'), '-S', '-W', elf]).splitlines():
        m = re.match(r'\s*\[\s*(\d+)\]\s+(\S+)\s', line)
        if m and m.group(2) in secs and 'W' not in secs[m.group(2)][2]:
            ro_ndx.add(m.group(1))
    out = {}
    for line in run([tool(elf, 'readelf'), '-s', '-W', elf]).splitlines():
        w = line.split()
        if len(w) >= 8 and w[3] == 'OBJECT' and w[6] in ro_ndx:
            out[w[7] + '@' + w[1]] = (int(w[1], 16), int(w[2], 0))
    return out


def pool_defaults(board):
    """The board's row of pool_defaults in meson.build (options left at 0)."""
    text = open(os.path.join(ROOT, 'meson.build')).read()
    m = re.search(r"'%s':\s*\{([^}]*)\}" % re.escape(board), text) or \
        re.search(r"'hosted':\s*\{([^}]*)\}", text)
    return {k: int(v) for k, v in re.findall(r"'(\w+)':\s*(\d+)", m.group(1))} if m else {}


def kib(n):
    return '%.1f' % (n / 1024.0)


def tables(rows):
    lines = ['| board | libc | text | rodata | data | bss (all pieces) | RAM outside the guest pool | by memory | guest pool |',
             '|---|---|---:|---:|---:|---:|---:|---|---:|']
    for r in rows:
        lines.append('| %s | %s | %d | %d | %d | %d | **%d** (%s KiB) | %s | %d (%s) |' % (
            r['board'], r['libc'], r['text'], r['rodata'], r['data'], r['bss'], r['ram_total'],
            kib(r['ram_total']), ', '.join('%s %s KiB' % (k, kib(v)) for k, v in sorted(r['ram_by_region'].items())),
            r['guest_pool'], r['guest_pool_memory']))
    lines += ['', 'Static RAM by pool, KiB (memory): TB pool / op pool / code buffer settings from the build',
              '']
    head = '| pool | ' + ' | '.join('%s %s' % (r['board'], r['libc']) for r in rows) + ' |'
    lines += [head, '|---|' + '---:|' * len(rows)]
    for i, (label, _, _) in enumerate(POOLS):
        cells = []
        for r in rows:
            p = r['pools'][i]
            cells.append('%s (%s)' % (kib(p['size']), p['memory']) if p['size'] else '-')
        lines.append('| %s | %s |' % (label, ' | '.join(cells)))
    lines.append('| other | %s |' % ' | '.join(kib(r['other']) for r in rows))
    lines.append('| **total** | %s |' % ' | '.join('**%s**' % kib(r['ram_total']) for r in rows))
    lines.append('| settings | %s |' % ' | '.join(
        '%s/%s/%s' % (r['options'].get('tb_max', '?'), r['options'].get('tb_ops_max', '?'),
                      r['options'].get('jit_buffer_kib', '?')) for r in rows))
    return '\n'.join(lines) + '\n'


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('elf', nargs='*')
    ap.add_argument('--out', default=os.path.join(ROOT, 'build', 'bench'))
    ap.add_argument('--json', action='store_true', help='print the JSON instead of the tables')
    args = ap.parse_args(argv)
    elfs = args.elf
    if not elfs:
        bdir = os.path.join(ROOT, 'build')
        for d in sorted(os.listdir(bdir)) if os.path.isdir(bdir) else []:
            m = re.match(r'(mps\d-an\d+)-(picolibc|newlib)$', d)
            e = m and os.path.join(bdir, d, 'bmx86-%s.elf' % m.group(1))
            if e and os.path.exists(e):
                elfs.append(e)
    if not elfs:
        print('footprint: no firmware built (./bmx build --board B)', file=sys.stderr)
        return 1
    rows = [analyse(e) for e in elfs]
    md = tables(rows)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, 'footprint.md'), 'w') as f:
        f.write(md)
    with open(os.path.join(args.out, 'footprint.json'), 'w') as f:
        json.dump(rows, f, indent=1)
    if args.json:
        json.dump(rows, sys.stdout, indent=1)
        print()
    else:
        print(md, end='')
    return 0


if __name__ == '__main__':
    sys.exit(main())
