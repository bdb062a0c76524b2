#!/usr/bin/env python3
"""bmx86 side-by-side benchmark (issue 6).

Runs the benchmark guests of tests/bench/guests on bmx86 (hosted build and
Cortex-M firmware in qemu-system-arm -icount), qemu-system-i386 (TCG),
Bochs and natively; checks every checksum is equal; prints one table and
writes CSV, JSON and markdown. The last line is

  bmx86: H host insns per guest insn (hosted), A arm insns per x86 insn (mps2-an385),
  J arm insns per x86 insn with the code generator (mps2-an385)

  bench.py [--quick] [--checksums-only] [--runs N] [--out DIR]
           [--hosted EXE] [--systems LIST] [--guests LIST] [--boards LIST]
  bench.py footprint [--out DIR]

Plain stdlib; see docs/performance.md.
"""
import argparse
import errno
import json
import os
import re
import resource
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
GUEST_DIR = os.path.join(ROOT, 'tests', 'bench', 'guests')
PARAMS_OFFSET = 0xffe0  # tests/bench/guests/bench.h
MAGIC = 0x42584d42
LINE_RE = re.compile(r'bench (\S+): iterations (\d+) checksum ([0-9a-f]{8})')
BARE_RE = re.compile(r'bmx86: bare: (\d+) guest instructions in (\d+)\.(\d+) s '
                     r'\((\d+)\.(\d+) MIPS(?:, (\d+) ns)?\)')
BOCHS_T_RE = re.compile(r'\(0\)\.\[(\d+)\]')

# name, sources, native build possible, iterations: full timed run, quick
# run, and the two counts used for the instruction-count differences
# (hosted callgrind, Cortex-M) in full and quick mode.
GUESTS = [
    dict(name='int', sources=['workload-int.c'], native=True,
         full=400, quick=2, diff_full=(4, 16), diff_quick=(2, 6)),
    # the int workload again, built with gcc -m16 and run in real mode
    dict(name='realmode', sources=['workload-int.c'], native=False, kind='guest16',
         full=400, quick=2, diff_full=(4, 16), diff_quick=(2, 6)),
    # the x87: Mandelbrot, a Whetstone-like loop, transcendentals
    dict(name='fpu', sources=['workload-fpu.c'], native=True, kind='guestfpu',
         full=400, quick=2, diff_full=(4, 16), diff_quick=(2, 6)),
    dict(name='paging', sources=['workload-paging.c'], native=False,
         full=600, quick=2, diff_full=(4, 16), diff_quick=(1, 3)),
    dict(name='portio', sources=['workload-portio.c'], native=False,
         full=1600, quick=4, diff_full=(16, 64), diff_quick=(4, 12)),
    dict(name='smc', sources=['workload-smc.c'], native=False,
         full=3000, quick=10, diff_full=(60, 240), diff_quick=(10, 30)),
]

SYSTEMS = ['bmx86-hosted', 'qemu-system-i386', 'bochs', 'native', 'bmx86-arm']

# Bochs loads a VGA BIOS at 0xC0000 even when the guest never runs it. Its
# own (Debian's vgabios, a Recommends of bochsbios) may be a dangling
# link; SeaBIOS's VGA BIOSes come with the seabios package ./bmx installs.
BOCHS_VGA_BIOSES = ['/usr/share/bochs/VGABIOS-lgpl-latest',
                    '/usr/share/seabios/vgabios-stdvga.bin',
                    '/usr/share/seabios/vgabios-isavga.bin']


def log(msg):
    print('bench: ' + msg, file=sys.stderr, flush=True)


class BenchError(Exception):
    pass


# ---------------------------------------------------------------- images

def build_guest(g, work):
    """Builds the guest image and (if possible) the native program."""
    script = os.path.join(GUEST_DIR, 'build-guest.sh')
    srcs = [os.path.join(GUEST_DIR, s) for s in g['sources']]
    img = os.path.join(work, g['name'] + '.bin')
    if not all(os.path.exists(s) for s in srcs):
        return None, None
    subprocess.run([script, g.get('kind', 'guest'), img] + srcs, check=True)
    native = None
    if g['native']:
        native = os.path.join(work, 'native-' + g['name'])
        subprocess.run([script, 'native', native] + srcs, check=True)
    return img, native


def patched(img, iters, work):
    """Copy of img with the iteration count patched in."""
    out = os.path.join(work, '%s.%d.bin' % (os.path.basename(img)[:-4], iters))
    if os.path.exists(out):
        return out
    with open(img, 'rb') as f:
        data = bytearray(f.read())
    if len(data) != 0x10000 or struct.unpack_from('<I', data, PARAMS_OFFSET)[0] != MAGIC:
        raise BenchError('%s: no parameter block at 0x%x' % (img, PARAMS_OFFSET))
    struct.pack_into('<I', data, PARAMS_OFFSET + 4, iters)
    with open(out, 'wb') as f:
        f.write(data)
    return out


# ---------------------------------------------------------------- running

def run_timed(cmd, timeout, env=None, stdin=subprocess.DEVNULL, cwd=None):
    """Runs cmd; returns (output, user CPU seconds of it and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=stdin, timeout=timeout, env=env, cwd=cwd)
    except subprocess.TimeoutExpired:
        raise BenchError('timed out after %ds: %s' % (timeout, ' '.join(cmd)))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return p.stdout.decode('utf-8', 'replace'), p.returncode, after.ru_utime - before.ru_utime


def exec_problem(path):
    """Why path cannot be executed here, or None. A gcc -m32 program builds
    on a kernel whose IA-32 emulation is off, but exec fails with ENOEXEC."""
    try:
        subprocess.run([path, '0'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       stdin=subprocess.DEVNULL, timeout=60)
    except OSError as e:
        if e.errno == errno.ENOEXEC:
            return 'cannot execute %s (%s: 32-bit host programs do not run here, ' \
                   'IA-32 emulation is off?)' % (os.path.basename(path), e.strerror)
        return 'cannot execute %s (%s)' % (os.path.basename(path), e.strerror)
    except subprocess.TimeoutExpired:
        return '%s did not finish a 0-iteration run in 60 s' % os.path.basename(path)
    return None


def bochs_vga_bios():
    for f in BOCHS_VGA_BIOSES:
        if os.path.isfile(f):  # follows the link: a dangling one is absent
            return f
    return None


def checksum_of(out, g, iters, what):
    m = LINE_RE.search(out)
    if not m or m.group(1) != g['name'] or int(m.group(2)) != iters:
        tail = '\n'.join(out.strip().splitlines()[-8:])
        raise BenchError('%s: %s printed no checksum line:\n%s' % (what, g['name'], tail))
    return m.group(3)


class Runner:
    def __init__(self, args, work):
        self.args = args
        self.work = work
        self.hosted = args.hosted or os.path.join(ROOT, 'build', 'hosted', 'bmx86-hosted')
        self.bochs_dbg = os.path.join(work, 'bochs-debugger.rc')
        with open(self.bochs_dbg, 'w') as f:
            f.write('continue\nquit\n')  # Debian's bochs starts in its debugger

    # Each returns dict(checksum, insns (own counter or None), user, extra)
    def bmx86_hosted(self, g, img, native, iters):
        out, rc, user = run_timed([self.hosted, '--quiet', '--guest=' + img], 3600)
        m = BARE_RE.search(out)
        if rc != 1 or not m:
            raise BenchError('bmx86-hosted: %s ended with status %d:\n%s' % (g['name'], rc, out[-800:]))
        return dict(checksum=checksum_of(out, g, iters, 'bmx86-hosted'),
                    insns=int(m.group(1)), user=user)

    def qemu_i386(self, g, img, native, iters):
        cmd = ['qemu-system-i386', '-M', 'pc', '-accel', 'tcg', '-bios', img,
               '-display', 'none', '-nodefaults', '-no-reboot', '-m', '32',
               '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04',
               '-debugcon', 'stdio']
        out, rc, user = run_timed(cmd, 3600)
        if rc != 1:
            raise BenchError('qemu-system-i386: %s ended with status %d:\n%s' % (g['name'], rc, out[-800:]))
        return dict(checksum=checksum_of(out, g, iters, 'qemu-system-i386'), insns=None, user=user)

    def bochs(self, g, img, native, iters):
        rc_file = os.path.join(self.work, 'bochsrc-%s-%d' % (g['name'], iters))
        with open(rc_file, 'w') as f:
            f.write('romimage: file="%s"\n' % img +
                    'vgaromimage: file="%s"\n' % bochs_vga_bios() +
                    'megs: 32\n'
                    'display_library: sdl2\n'
                    'port_e9_hack: enabled=1\n'
                    'sound: driver=dummy\n'
                    'speaker: enabled=0\n'
                    'clock: sync=none\n'
                    'log: -\n'
                    'panic: action=fatal\n'
                    'error: action=report\n'
                    'info: action=ignore\n'
                    'debug: action=ignore\n')
        env = dict(os.environ, SDL_VIDEODRIVER='dummy', SDL_AUDIODRIVER='dummy')
        out, rc, user = run_timed(['bochs', '-q', '-f', rc_file, '-rc', self.bochs_dbg],
                                  3600, env=env, cwd=self.work)
        if 'Shutdown port: shutdown requested' not in out:
            raise BenchError('bochs: %s did not reach the shutdown port:\n%s' % (g['name'], out[-800:]))
        ts = BOCHS_T_RE.findall(out)
        return dict(checksum=checksum_of(out, g, iters, 'bochs'),
                    insns=int(ts[-1]) if ts else None, user=user)

    def native(self, g, img, native, iters):
        out, rc, user = run_timed([native, str(iters)], 3600)
        if rc != 0:
            raise BenchError('native: %s ended with status %d' % (g['name'], rc))
        return dict(checksum=checksum_of(out, g, iters, 'native'), insns=None, user=user)

    def arm(self, board, g, img, iters, jit=False):
        elf = os.path.join(ROOT, 'build', board + '-picolibc', 'bmx86-%s.elf' % board)
        machine = board_machine(board)
        cmd = ['qemu-system-arm', '-M', machine, '-nographic', '-monitor', 'none',
               '-serial', 'stdio', '-semihosting-config', 'enable=on,target=native',
               '-icount', 'shift=0,align=off,sleep=off',
               '-kernel', elf, '-append',
               '--quiet --guest=' + img + (' --accel=jit' if jit else ' --accel=interp')]
        out, rc, user = run_timed(cmd, 3600)
        m = BARE_RE.search(out)
        if rc != 1 or not m:
            raise BenchError('bmx86 on %s: %s ended with status %d:\n%s' % (board, g['name'], rc, out[-800:]))
        insns = int(m.group(1))
        # Under -icount shift=0 one ARM instruction is one virtual ns. The
        # MIPS figure (3 decimals) pins the firmware's ns down more finely
        # than its seconds (3 decimals): ns = insns * 1e6 / kIPS.
        kips = int(m.group(4)) * 1000 + int(m.group(5))
        secs_ns = int(m.group(2)) * 10**9 + int(m.group(3)) * 10**6
        ns = insns * 10**6 / kips if kips else secs_ns
        if m.group(6):  # the exact figure, if the kernel prints it
            ns = int(m.group(6))
        return dict(checksum=checksum_of(out, g, iters, 'bmx86 on ' + board),
                    insns=insns, user=user, arm_insns=ns)


def board_machine(board):
    with open(os.path.join(ROOT, 'drivers', 'boards', board + '.h')) as f:
        m = re.search(r'#define BOARD_QEMU_MACHINE\s+"([^"]+)"', f.read())
    return m.group(1) if m else board


def callgrind_total(cmd, work):
    out_file = os.path.join(work, 'callgrind.out')
    p = subprocess.run(['valgrind', '--tool=callgrind', '--callgrind-out-file=' + out_file] + cmd,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=7200)
    with open(out_file) as f:
        for line in f:
            if line.startswith('totals:') or line.startswith('summary:'):
                total = int(line.split()[1])
                break
        else:
            raise BenchError('callgrind: no totals for ' + ' '.join(cmd))
    os.unlink(out_file)
    return total, p.stdout.decode('utf-8', 'replace')


# ---------------------------------------------------------------- main run

def fmt_f(v, nd=1):
    return '-' if v is None else ('%.*f' % (nd, v))


def run_bench(args):
    work = args.out_work
    runner = Runner(args, work)
    quick = args.quick
    systems = [s for s in args.systems.split(',') if s]
    have = {
        'bmx86-hosted': os.access(runner.hosted, os.X_OK),
        'qemu-system-i386': shutil.which('qemu-system-i386') is not None,
        'bochs': shutil.which('bochs') is not None and bochs_vga_bios() is not None,
        'native': True,
        'bmx86-arm': shutil.which('qemu-system-arm') is not None and not args.checksums_only,
    }
    if not have['bmx86-hosted']:
        raise BenchError('no hosted build at %s (./bmx build --board hosted)' % runner.hosted)
    for s in systems:
        if s not in have:
            raise BenchError('unknown system %s (%s)' % (s, ', '.join(SYSTEMS)))
        if not have[s]:
            why = ' (no VGA BIOS: %s)' % ', '.join(BOCHS_VGA_BIOSES) \
                if s == 'bochs' and shutil.which('bochs') else ''
            log('%s not available%s: skipped' % (s, why))
    systems = [s for s in systems if have[s]]
    all_boards = ['mps2-an385', 'mps2-an500', 'mps2-an505', 'mps3-an547']
    boards = [b for b in (args.boards or (
        'mps2-an385' if quick else ','.join(all_boards))).split(',') if b]
    if 'bmx86-arm' in systems:
        for b in boards:
            log('building the firmware for %s' % b)
            subprocess.run([os.path.join(ROOT, 'bmx'), 'build', '--board', b, '--quiet'], check=True)

    guests = [g for g in GUESTS if g['name'] in args.guests.split(',')] if args.guests else GUESTS
    runs = 1 if quick or args.checksums_only else args.runs
    rows, failures = [], []
    ratio_hosted = ratio_arm = ratio_jit = None
    for g in guests:
        img, native = build_guest(g, work)
        if img is None:
            log('%s: sources missing, skipped' % g['name'])
            continue
        if native and args.native_exe:
            native = args.native_exe
        if native and ('native' in systems or not args.checksums_only):
            why = exec_problem(native)
            if why:
                log('native not available: %s: skipped' % why)
                native = None
        iters = g['quick'] if (quick or args.checksums_only) else g['full']
        if args.iterations:
            iters = args.iterations
        pimg = patched(img, iters, work)
        sums = {}
        bmx_insns = None
        for s in systems:
            if s == 'native' and not native:
                continue
            if s == 'bmx86-arm':
                continue  # below: its own iteration counts
            fn = {'bmx86-hosted': runner.bmx86_hosted, 'qemu-system-i386': runner.qemu_i386,
                  'bochs': runner.bochs, 'native': runner.native}[s]
            results = []
            for i in range(runs):
                log('%s: %s, %d iterations, run %d/%d' % (g['name'], s, iters, i + 1, runs))
                try:
                    results.append(fn(g, pimg, native, iters))
                except BenchError as e:
                    failures.append(str(e))
                    log('FAILED: %s' % e)
                    break
            if not results:
                continue
            cs = {r['checksum'] for r in results}
            sums[s] = results[0]['checksum'] if len(cs) == 1 else 'varies:' + '/'.join(sorted(cs))
            if s == 'bmx86-hosted':
                bmx_insns = results[0]['insns']
            users = sorted(r['user'] for r in results)
            row = dict(guest=g['name'], system=s, iterations=iters,
                       checksum=sums[s], own_insns=results[0]['insns'],
                       user_median=statistics.median(users),
                       user_min=users[0], user_max=users[-1], runs=len(users))
            if runs > 1:
                # Start-up (process, emulator, guest set-up) at 0 iterations:
                # MIPS counts only the workload's instructions and time.
                base = []
                for i in range(runs):
                    try:
                        base.append(fn(g, patched(img, 0, work), native, 0)['user'])
                    except BenchError as e:
                        failures.append(str(e))
                        break
                if base:
                    row['user_startup'] = statistics.median(base)
            rows.append(row)
        base_insns = None
        if runs > 1 and 'bmx86-hosted' in systems:
            base_insns = runner.bmx86_hosted(g, patched(img, 0, work), native, 0)['insns']
        for r in rows:
            if r['guest'] == g['name']:
                r['guest_insns'] = bmx_insns
                net_t = r['user_median'] - r.get('user_startup', 0.0)
                r['mips'] = ((bmx_insns - base_insns) / net_t / 1e6
                             if bmx_insns and base_insns is not None and net_t > 0 else None)
        # Instruction-count differences: exact host cost per guest insn.
        lo, hi = g['diff_quick'] if quick else g['diff_full']
        if not args.checksums_only and 'bmx86-hosted' in systems and shutil.which('valgrind'):
            log('%s: callgrind on bmx86-hosted at %d and %d iterations' % (g['name'], lo, hi))
            t, gi = [], []
            for n in (lo, hi):
                tot, _ = callgrind_total([runner.hosted, '--quiet', '--guest=' + patched(img, n, work)], work)
                t.append(tot)
                gi.append(runner.bmx86_hosted(g, patched(img, n, work), native, n)['insns'])
            h = (t[1] - t[0]) / (gi[1] - gi[0])
            per_iter = (gi[1] - gi[0]) / (hi - lo)
            extra = dict(host_per_guest=h, guest_insns_per_iteration=per_iter)
            if native:
                nt = [callgrind_total([native, str(n)], work)[0] for n in (lo, hi)]
                extra['native_per_guest'] = (nt[1] - nt[0]) / (gi[1] - gi[0])
            for r in rows:
                if r['guest'] == g['name'] and r['system'] == 'bmx86-hosted':
                    r.update(extra)
            if g['name'] == 'int':
                ratio_hosted = h
        if 'bmx86-arm' in systems:
            # every board with the interpreter; mps2-an385 with the code
            # generator too (--accel=jit: J)
            for b, jit in [(b, False) for b in boards] + (
                    [('mps2-an385', True)] if 'mps2-an385' in boards else []):
                res = []
                for n in (lo, hi):
                    log('%s: bmx86 on %s%s (qemu-system-arm -icount shift=0), %d iterations'
                        % (g['name'], b, ' --accel=jit' if jit else '', n))
                    try:
                        res.append((n, runner.arm(b, g, patched(img, n, work), n, jit)))
                    except BenchError as e:
                        failures.append(str(e))
                        log('FAILED: %s' % e)
                        break
                if len(res) < 2:
                    continue
                (n0, r0), (n1, r1) = res
                a = (r1['arm_insns'] - r0['arm_insns']) / (r1['insns'] - r0['insns'])
                # the same iteration count on bmx86-hosted gives the checksum to compare
                ref = runner.bmx86_hosted(g, patched(img, n1, work), native, n1)
                if ref['checksum'] != r1['checksum'] or ref['insns'] != r1['insns']:
                    failures.append('%s on %s: checksum %s / %d insns, hosted %s / %d'
                                    % (g['name'], b, r1['checksum'], r1['insns'],
                                       ref['checksum'], ref['insns']))
                rows.append(dict(guest=g['name'], system='bmx86-' + b + ('-jit' if jit else ''),
                                 iterations=n1,
                                 checksum='ok' if ref['checksum'] == r1['checksum'] else r1['checksum'],
                                 own_insns=r1['insns'], guest_insns=r1['insns'],
                                 virtual_s=r1['arm_insns'] / 1e9, mips=1000.0 / a,
                                 arm_per_x86=a, runs=1))
                if g['name'] == 'int' and b == 'mps2-an385':
                    if jit:
                        ratio_jit = a
                    else:
                        ratio_arm = a
        vals = set(v for v in sums.values())
        if len(vals) > 1:
            failures.append('%s: checksums differ: %s' % (
                g['name'], ', '.join('%s=%s' % kv for kv in sorted(sums.items()))))
        else:
            log('%s: checksum %s on %s' % (g['name'], vals.pop() if vals else '-',
                                           ', '.join(sorted(sums))))
    return rows, failures, ratio_hosted, ratio_arm, ratio_jit


def write_results(rows, out_dir, quick):
    os.makedirs(out_dir, exist_ok=True)
    stem = os.path.join(out_dir, 'bench-quick' if quick else 'bench')
    with open(stem + '.json', 'w') as f:
        json.dump(dict(date=time.strftime('%Y-%m-%d %H:%M:%S'), host=os.uname().nodename,
                       rows=rows), f, indent=1)
    cols = ['guest', 'system', 'iterations', 'checksum', 'guest_insns', 'own_insns',
            'runs', 'user_median', 'user_min', 'user_max', 'user_startup', 'mips', 'host_per_guest',
            'native_per_guest', 'guest_insns_per_iteration', 'arm_per_x86', 'virtual_s']
    with open(stem + '.csv', 'w') as f:
        f.write(','.join(cols) + '\n')
        for r in rows:
            f.write(','.join('' if r.get(c) is None else str(r.get(c)) for c in cols) + '\n')
    lines = ['| guest | system | guest insns | user s (median, min-max, N; start-up) | MIPS | host insns / guest insn | checksum |',
             '|---|---|---:|---|---:|---:|---|']
    for r in rows:
        if 'arm_per_x86' in r:
            t = '%.3f virtual (1 ARM insn = 1 ns)' % r['virtual_s']
            h = '%.1f ARM' % r['arm_per_x86']
            mips = '%.1f @1 GHz' % r['mips']
        else:
            t = ('%.3f (%.3f-%.3f, %d' % (r['user_median'], r['user_min'], r['user_max'], r['runs'])
                 if r.get('user_median') is not None else '-')
            if r.get('user_startup') is not None:
                t += '; %.3f' % r['user_startup']
            if t != '-':
                t += ')'
            mips = fmt_f(r.get('mips'))
            h = fmt_f(r.get('host_per_guest'))
            if r.get('native_per_guest') is not None:
                h += ' (native: %.2f)' % r['native_per_guest']
        gi = '-' if r.get('guest_insns') is None else '{:,}'.format(r['guest_insns'])
        if r.get('own_insns') and r['own_insns'] != r.get('guest_insns'):
            gi += ' (own count {:,})'.format(r['own_insns'])
        lines.append('| %s | %s | %s | %s | %s | %s | %s |' % (
            r['guest'], r['system'], gi, t, mips, h, r['checksum']))
    md = '\n'.join(lines) + '\n'
    with open(stem + '.md', 'w') as f:
        f.write(md)
    return md, stem


# ---------------------------------------------------------------- footprint

def footprint(args):
    """The RAM budget per board and libc: tests/bench/harness/footprint.py."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import footprint as fp
    return fp.main(['--out', args.out])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('what', nargs='?', default='bench', choices=['bench', 'footprint'])
    ap.add_argument('--quick', action='store_true', help='few iterations, one run each')
    ap.add_argument('--checksums-only', action='store_true',
                    help='compare checksums only (no callgrind, no Cortex-M, no final line)')
    ap.add_argument('--runs', type=int, default=5)
    ap.add_argument('--iterations', type=int, default=0, help='override the timed iteration count')
    ap.add_argument('--out', default=os.path.join(ROOT, 'build', 'bench'))
    ap.add_argument('--hosted', help='bmx86-hosted executable (default build/hosted)')
    ap.add_argument('--systems', default=','.join(SYSTEMS))
    ap.add_argument('--guests', default='')
    ap.add_argument('--native-exe', default='',
                    help='run this program as the native row (tests of the harness)')
    ap.add_argument('--boards', default='',
                    help='Cortex-M boards (default: mps2-an385 with --quick, else all four)')
    args = ap.parse_args()
    if args.what == 'footprint':
        return footprint(args)
    with tempfile.TemporaryDirectory(prefix='bmx86-bench-') as work:
        args.out_work = work
        try:
            rows, failures, h, a, j = run_bench(args)
        except (BenchError, subprocess.CalledProcessError) as e:
            print('bench: error: %s' % e, file=sys.stderr)
            return 1
    if not args.checksums_only:
        md, stem = write_results(rows, args.out, args.quick)
        print(md, end='')
        log('results in %s.{md,csv,json}' % stem)
    else:
        for r in rows:
            print('%-8s %-18s %s' % (r['guest'], r['system'], r['checksum']))
    for f in failures:
        print('bench: FAILED: %s' % f, file=sys.stderr)
    if not args.checksums_only:
        print('bmx86: %s host insns per guest insn (hosted), %s arm insns per x86 insn (mps2-an385), '
              '%s arm insns per x86 insn with the code generator (mps2-an385)'
              % (fmt_f(h), fmt_f(a), fmt_f(j)))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
