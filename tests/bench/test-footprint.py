#!/usr/bin/env python3
"""Checks ./bmx bench footprint (tests/bench/harness/footprint.py) on one ELF:
it runs, every pool a build has is found with a size, each pool lies in a
named memory, the pools plus "other" add up to the RAM total, the total is
the sum of the writable sections, and the tables have a row and a column for
the ELF.

  test-footprint.py ELF                  the hosted executable (suite unit)
  test-footprint.py --board B [--libc L] builds B through ./bmx first (suite boot)
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TOOL = os.path.join(HERE, 'harness', 'footprint.py')
sys.path.insert(0, os.path.join(HERE, 'harness'))
import footprint  # noqa: E402

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print('FAIL: ' + what)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('elf', nargs='?')
    ap.add_argument('--board')
    ap.add_argument('--libc', default='picolibc')
    args = ap.parse_args()
    elf = args.elf
    if args.board:
        subprocess.run([os.path.join(ROOT, 'bmx'), 'build', '--board', args.board, '--libc', args.libc,
                        '--quiet'], check=True)
        elf = os.path.join(ROOT, 'build', '%s-%s' % (args.board, args.libc), 'bmx86-%s.elf' % args.board)
    with tempfile.TemporaryDirectory() as out:
        p = subprocess.run([sys.executable, TOOL, '--out', out, '--json', elf],
                           stdout=subprocess.PIPE, universal_newlines=True)
        check(p.returncode == 0, 'footprint.py exits 0 (got %d)' % p.returncode)
        rows = json.loads(p.stdout)
        md = open(os.path.join(out, 'footprint.md')).read()
    check(len(rows) == 1, 'one row for one ELF')
    r = rows[0]
    pools = {p['pool']: p for p in r['pools']}
    for name in footprint.REQUIRED:
        check(name in pools and pools[name]['size'] > 0, 'pool "%s" found with a size' % name)
    for p in r['pools']:
        check(p['size'] == 0 or p['memory'] not in ('-', '?'),
              'pool "%s" lies in a named memory (%s)' % (p['pool'], p['memory']))
    check(sum(p['size'] for p in r['pools']) + r['other'] == r['ram_total'], 'pools + other == total')
    check(r['other'] >= 0, 'other is not negative (%d)' % r['other'])
    check(sum(r['ram_by_region'].values()) == r['ram_total'], 'memories add up to the total')
    check(r['ram_total'] >= r['data'] + r['bss'], 'the total holds data and bss')
    # independently of readelf: size -A's RAM sections on a board, nm's
    # size of the op pool everywhere
    arm = r['board'] != 'hosted'
    if arm:
        ram = ('.data', '.tdata', '.tbss', '.tbss_space', '.bss_hot', '.bss_cold', '.bss', '.heap',
               '.stack', '.exc_stack')
        out = subprocess.run(['arm-none-eabi-size', '-A', elf], stdout=subprocess.PIPE,
                             universal_newlines=True, check=True).stdout
        total = sum(int(w[1]) for w in (l.split() for l in out.splitlines())
                    if len(w) >= 3 and w[0] in ram)
        check(total == r['ram_total'], 'total == size -A of the RAM sections (%d, %d)' % (total, r['ram_total']))
    out = subprocess.run(['arm-none-eabi-nm' if arm else 'nm', '-S', elf], stdout=subprocess.PIPE,
                         universal_newlines=True, check=True).stdout
    op = [int(w[1], 16) for w in (l.split() for l in out.splitlines()) if len(w) == 4 and w[3] == 'op_pool']
    check(op == [pools['op pool']['size']], 'op pool == nm\'s op_pool (%s)' % op)
    check(r['text'] > 0 and r['data'] >= 0 and r['bss'] > 0, 'text, data, bss')
    # the op pool holds tb_ops_max ops, the TB pool tb_max descriptors
    o = r['options']
    if o.get('tb_ops_max') and o.get('tb_max'):
        check(pools['op pool']['size'] % o['tb_ops_max'] == 0, 'op pool is tb_ops_max ops')
        check(pools['TB pool']['size'] % o['tb_max'] == 0, 'TB pool is tb_max descriptors')
    if r['board'] != 'hosted':
        regs = [g['name'] for g in r['regions']]
        check('RAM' in regs and 'GUEST' in regs, 'the board\'s MEMORY regions are read (%s)' % regs)
        check(r['guest_pool'] > 0 and r['guest_pool_memory'] == 'GUEST', 'the guest pool is in GUEST')
        check('CODE' not in r['ram_by_region'], 'no RAM counted in CODE')
        check(pools['stacks']['size'] > 0, 'stacks found')
    check('| %s | %s |' % (r['board'], r['libc']) in md, 'the table has the ELF\'s row')
    check('| **total** |' in md, 'the pool table has its total')
    print('footprint: %s %s: %d bytes of RAM outside the guest pool, %d pools' % (
        r['board'], r['libc'], r['ram_total'], sum(1 for p in r['pools'] if p['size'])))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
