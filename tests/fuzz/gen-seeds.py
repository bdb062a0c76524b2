#!/usr/bin/env python3
"""Writes the seed corpus of one fuzz harness (docs/reliability.md):
./gen-seeds.py TARGET OUTDIR. Deterministic (fixed random seeds), run at
build time; nothing it makes is committed."""
import os
import random
import struct
import sys

SEABIOS = '/usr/share/seabios/bios.bin'


def decoder(rng):
    out = []
    hand = [b'\x90\xf4', b'\x40\x01\xc3\x29\xd8', b'\xf3\xa4', b'\x0f\xa2',
            b'\xcd\x03', b'\x9c\x58\x50\x9d', b'\x66\x0f\xaf\xc1', b'\xd4\x0a',
            b'\xf7\xf1', b'\x8e\xd8\x8c\xd0', b'\xe8\x00\x00\xc3',
            b'\x0f\x01\x0e\x00\x00', b'\xfa\xcf', b'\x62\x00']
    for code in hand:
        out += [b'\x00' + code, b'\x01' + code]
    for _ in range(40):
        out.append(bytes(rng.randrange(256) for _ in range(rng.randrange(2, 40))))
    return out


def kinds(rng):
    out = []
    for i in range(32):
        out.append(bytes([2 | (i & 1)]) + struct.pack('<I', rng.getrandbits(32)))
    for code in [b'\x01\xd8\x72\x01\x47', b'\x8d\x44\x8b\x10', b'\xc1\xe0\x05',
                 b'\x0f\xb6\xc3\x0f\xbf\xc8', b'\x50\x5b\xe8\x00\x00\x00\x00\x58']:
        for mode in (0, 1):
            out.append(bytes([mode]) + struct.pack('<I', rng.getrandbits(32)) + code)
    return out


def memory(rng):
    return [bytes([i % 3]) + bytes(rng.randrange(256) for _ in range(rng.randrange(0, 300)))
            for i in range(36)]


def machine(rng, pc):
    """Byte 0: 0 image, 1 real mode, 2 flat protected mode, 3 paging."""
    out = []
    # an image that reports on the debug port and exits through 0xf4
    img = bytearray(b'\xff' * 0x10000)
    prog = (b'\xb0\x41\xe6\xe9'      # mov al,'A'; out 0xe9,al
            b'\xb0\x09\xe6\x80'      # POST code
            b'\xb0\x00\xe6\xf4'      # isa-debug-exit
            b'\xf4')
    img[0xe000:0xe000 + len(prog)] = prog
    img[0xfff0:0xfff5] = b'\xea\x00\xe0\x00\xf0'
    out.append(b'\x00' + bytes(img))
    out.append(b'\x00' + b'\xea\x00\xe0\x00\xf0' + b'\x00' * 11)
    if pc and os.path.exists(SEABIOS):
        with open(SEABIOS, 'rb') as f:
            out.append(b'\x00' + f.read())
    real = [
        b'\xb8\x00\xb8\x8e\xd8\xc6\x06\x00\x00\x41\xf4',  # store to VGA text
        b'\xfb\xb0\x36\xe6\x43\xb0\xff\xe6\x40\xe6\x40\xf4\xeb\xfd',  # PIT, sti, hlt
        b'\xcd\x10\xcd\x13\xcd\x19\xf4',               # BIOS calls land on IRET
        b'\xc6\x06\x05\x00\x90\xeb\x00\xf4',           # self-modifying store
        b'\xb0\x80\xe6\x70\xe4\x71\xba\xf8\x0c\x66\xb8\x00\x00\x00\x80\x66\xef\xf4',
        b'\xe4\x92\x0c\x02\xe6\x92\xe4\x64\xf4',       # A20 through port 0x92
        b'\xf3\xa4\xf3\xab\xe2\xfe\xf4',
    ]
    flat = [
        b'\xb8\x00\x00\x10\x00\xc7\x00\x78\x56\x34\x12\x8b\x18\xf4',
        b'\xc6\x05\x0b\x00\x01\x00\x90\xeb\x00\xf4',     # SMC in protected mode
        b'\x0f\x0b',                                     # #UD, no IDT
        b'\xb9\x00\x01\x00\x00\xbf\x00\x00\x20\x00\xf3\xaa\xf4',  # REP STOSB off RAM
        b'\xcd\x80',
        b'\x8b\x05\x00\x00\x00\xfe\xf4',                 # read the APIC page
        b'\xa1\xf0\xff\xff\xff\xf4',                     # read the ROM
        b'\xc7\x05\x00\x00\xff\xff\x00\x00\x00\x00\xf4',  # write the ROM
    ]
    for code in real:
        out.append(b'\x01' + code)
    for code in flat:
        out += [b'\x02' + code, b'\x03' + code]
    # paging: unmap the code page's neighbour, touch it
    out.append(b'\x03' + b'\xc7\x05\x44\x20\x00\x00\x00\x00\x00\x00'
               b'\x0f\x01\x3d\x00\x10\x01\x00\xa1\x00\x10\x01\x00\xf4')
    for i in range(24):
        out.append(bytes([i % 4]) + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64))))
    return out


def rec_io(op, addr, val):
    return struct.pack('<BII', op, addr, val)


def io(rng):
    W1, W2, W4, R1, R4, M4, MR4, RUN = 0, 8, 16, 1, 17, 2 | 16, 3 | 16, 4
    seqs = [
        # PIC init, PIT channel 0, run with IRQ0 unmasked
        [rec_io(W1, 0x20, 0x11), rec_io(W1, 0x21, 0x08), rec_io(W1, 0x21, 0x04),
         rec_io(W1, 0x21, 0x01), rec_io(W1, 0x21, 0xfe), rec_io(W1, 0x43, 0x34),
         rec_io(W1, 0x40, 0x10), rec_io(W1, 0x40, 0x00), rec_io(RUN, 0, 5000)],
        # CMOS index and data, NMI mask bit
        [rec_io(W1, 0x70, 0x8f), rec_io(R1, 0x71, 0), rec_io(W1, 0x70, 0x0b),
         rec_io(W1, 0x71, 0x7f), rec_io(RUN, 0, 3000)],
        # PCI config: host bridge id, PAM registers, PIIX3 PIRQ routing
        [rec_io(W4, 0xcf8, 0x80000000), rec_io(R4, 0xcfc, 0),
         rec_io(W4, 0xcf8, 0x80000058), rec_io(W4, 0xcfc, 0x33333333),
         rec_io(M4, 0xf0000, 0xdeadbeef), rec_io(MR4, 0xf0000, 0),
         rec_io(W4, 0xcf8, 0x80000860), rec_io(W4, 0xcfc, 0x0b0a0905)],
        # keyboard controller: command byte, A20, reset pulse
        [rec_io(W1, 0x64, 0x60), rec_io(W1, 0x60, 0x45), rec_io(W1, 0x64, 0xd1),
         rec_io(W1, 0x60, 0xdf), rec_io(W1, 0x64, 0xfe), rec_io(RUN, 0, 100)],
        # serial: divisor, FIFO, loopback
        [rec_io(W1, 0x3fb, 0x80), rec_io(W1, 0x3f8, 1), rec_io(W1, 0x3fb, 3),
         rec_io(W1, 0x3fa, 0xc7), rec_io(W1, 0x3fc, 0x10), rec_io(W1, 0x3f8, 0x55),
         rec_io(R1, 0x3f8, 0), rec_io(W1, 0x3f9, 0x0f), rec_io(RUN, 0, 100)],
        # fw_cfg I/O interface, port 0x92, 0xcf9, SMM through APM
        [rec_io(W2, 0x510, 0), rec_io(R1, 0x511, 0), rec_io(R1, 0x511, 0),
         rec_io(W1, 0x92, 0x02), rec_io(W1, 0xb2, 0x00), rec_io(RUN, 0, 100),
         rec_io(W1, 0xcf9, 0x06), rec_io(RUN, 0, 100)],
        # memory: VGA hole, APIC and IOAPIC pages, top of 4 GiB, PCI hole
        [rec_io(M4, 0xa0000, 1), rec_io(MR4, 0xfee00000, 0), rec_io(M4, 0xfec00000, 0),
         rec_io(M4, 0xfffffffe, 0x1234), rec_io(MR4, 0xe0000000, 0),
         rec_io(M4, 0x1ffffe, 0xffffffff)],
    ]
    out = [b''.join(s) for s in seqs]
    for _ in range(16):
        out.append(b''.join(rec_io(rng.randrange(256), rng.getrandbits(32) & 0x7ff,
                                   rng.getrandbits(32)) for _ in range(rng.randrange(1, 12))))
    return out


def rec_fw(where, control, length, address, how):
    return struct.pack('<QIIQBB', where, control, length, address, how, 0)


def fwcfg(rng):
    SEL_READ = 0x08 | 0x02
    cases = [
        rec_fw(0x1000, SEL_READ, 4, 0x2000, 0),                 # signature to RAM
        rec_fw(0x1000, (0x19 << 16) | SEL_READ, 64, 0x2000, 1),  # file dir
        rec_fw(0x1000, SEL_READ, 0x100, 0xffffff80, 0),          # across 4 GiB
        rec_fw(0x1000, SEL_READ, 0x100, 0xfffffffffffffff0, 0),  # across 2^64
        rec_fw(0x1000, SEL_READ, 0x1000, 0xfffe0000, 0),         # into the ROM
        rec_fw(0x1000, SEL_READ, 0x100, 0xfec00000, 0),          # IOAPIC page
        rec_fw(0x1000, SEL_READ, 0x100, 0xfee00000, 0),          # APIC page
        rec_fw(0x1000, SEL_READ, 0x10000, 0x1f8000, 0),          # off the end of RAM
        rec_fw(0x1000, SEL_READ, 0x1000, 0xa0000, 0),            # VGA hole
        rec_fw(0x1000, SEL_READ, 0x1000, 0xf0000, 0),            # shadowed BIOS
        rec_fw(0xfffffff8, SEL_READ, 4, 0x2000, 1),              # descriptor across 4 GiB
        rec_fw(0xfffe0000, SEL_READ, 4, 0x2000, 0),              # descriptor in ROM
        rec_fw(0x80000000, SEL_READ, 4, 0x2000, 0),              # descriptor outside RAM
        rec_fw(0x1ffff8, SEL_READ, 4, 0x2000, 0),                # across the end of RAM
        rec_fw(0x1000, 0x10, 4, 0x2000, 0),                      # write: refused
        rec_fw(0x1000, 0x04, 0xffffffff, 0, 2 | (5 << 2)),      # skip 4 GiB
        rec_fw(0x1000, SEL_READ, 0x100, 0x1000, 0),              # over itself
    ]
    out = list(cases)
    out.append(b''.join(cases))
    for _ in range(12):
        out.append(b''.join(rec_fw(rng.getrandbits(32), rng.getrandbits(32),
                                   rng.getrandbits(16), rng.getrandbits(64), rng.randrange(256))
                            for _ in range(rng.randrange(1, 4))))
    return out


def mb_header(flags, extra=b''):
    magic = 0x1BADB002
    return struct.pack('<III', magic, flags, (-(magic + flags)) & 0xffffffff) + extra


def elf_kernel(paddr=0x100000, filesz=0x100, memsz=0x200, entry=None, flags=3):
    entry = paddr if entry is None else entry
    ehdr = struct.pack('<4sBBBB8xHHIIIIIHHHHHH', b'\x7fELF', 1, 1, 1, 0,
                       2, 3, 1, entry, 52, 0, 0, 52, 32, 1, 40, 0, 0)
    phdr = struct.pack('<IIIIIIII', 1, 0x1000, paddr, paddr, filesz, memsz, 7, 0x1000)
    img = bytearray(0x1000 + filesz)
    img[0:52] = ehdr
    img[52:84] = phdr
    img[0x100:0x10c] = mb_header(flags)
    code = b'\xb0\x41\xe6\xe9\xf4'
    img[0x1000:0x1000 + len(code)] = code
    return bytes(img)


def aout_kernel(load=0x100000, size=0x200, bss=0x1000, entry_off=0x20):
    flags = 0x10003
    m = 0xffffffff  # addresses wrap as 32-bit fields do
    hdr = mb_header(flags, struct.pack('<IIIII', load, load, (load + size) & m,
                                       (load + size + bss) & m, (load + entry_off) & m))
    img = bytearray(size)
    img[0:len(hdr)] = hdr
    img[entry_off:entry_off + 5] = b'\xb0\x42\xe6\xe9\xf4'
    return bytes(img)


def multiboot(rng):
    good = [elf_kernel(), aout_kernel(), elf_kernel(paddr=0x20000),
            aout_kernel(load=0x200000), elf_kernel(memsz=0x100000),
            aout_kernel(bss=0x1000000), elf_kernel(paddr=0x9000),
            elf_kernel(paddr=0xa0000), elf_kernel(entry=0xffffffff),
            aout_kernel(load=0xfffff000)]
    out = list(good)
    for g in good[:2]:
        for cut in (12, 40, 60, 100, len(g) // 2, len(g) - 1):
            out.append(g[:cut])
    out.append(b'\x00' * 64 + mb_header(0))
    out.append(mb_header(0x10000))
    return out


def bzimage(protocol=0x20f, setup_sects=4, loadflags=1, size=0x4000,
            initrd_max=0x7fffffff, cmdline_size=2048, pref=0, init_size=0,
            xloadflags=0):
    """A Linux kernel image with a setup header (boot protocol)."""
    img = bytearray(size)
    img[0x1f1] = setup_sects
    struct.pack_into('<H', img, 0x1fe, 0xaa55)
    img[0x202:0x206] = b'HdrS'
    struct.pack_into('<H', img, 0x206, protocol)
    img[0x211] = loadflags
    struct.pack_into('<I', img, 0x22c, initrd_max)
    struct.pack_into('<H', img, 0x236, xloadflags)
    struct.pack_into('<I', img, 0x238, cmdline_size)
    struct.pack_into('<Q', img, 0x258, pref)
    struct.pack_into('<I', img, 0x260, init_size)
    return bytes(img)


def linux(rng):
    """Byte 0: command line length / 8, byte 1: initrd size / 4 KiB."""
    kernels = [bzimage(), bzimage(protocol=0x200, loadflags=0),
               bzimage(protocol=0x201), bzimage(protocol=0x202),
               bzimage(protocol=0x205, setup_sects=0),
               bzimage(protocol=0x20a, pref=0x100000, init_size=0x80000),
               bzimage(protocol=0x20c, xloadflags=2),
               bzimage(protocol=0x20f, pref=0x1000000, init_size=0x400000),
               bzimage(setup_sects=60), bzimage(size=0xf0000),
               bzimage(protocol=0x1ff), bzimage(cmdline_size=4)]
    out = []
    for k in kernels:
        out.append(bytes([1, 0]) + k)
        out.append(bytes([rng.randrange(256), rng.randrange(64)]) + k)
    out.append(bytes([0, 0]) + kernels[0][:0x230])  # inside the header
    out.append(bytes([0, 0]) + b'\x90' * 0x1000)   # no header at all
    return out


def gdb_frame(body):
    return b'$%s#%02x' % (body, sum(body) & 0xff)


def gdbstub(rng):
    """Byte streams from a debugger: a session's packets, then variants
    with bad checksums, escapes, Ctrl-C and noise."""
    session = [b'qSupported:swbreak+;hwbreak+', b'?', b'g', b'p8', b'p13',
               b'P0=78563412', b'm1000,10', b'M1000,4:01020304',
               b'X1000,2:}]a', b'm400000,4', b'Z0,10000,1', b'Z1,10005,1',
               b'Z2,1000,4', b'Z3,1000,4', b'Z4,1000,4', b'c', b'z2,1000,4',
               b's', b'vCont?', b'vCont;s:1', b'vCont;c',
               b'qXfer:features:read:target.xml:0,400',
               b'qXfer:features:read:target.xml:400,400',
               b'qRcmd,' + b'info mtree'.hex().encode(),
               b'qRcmd,' + b'log int'.hex().encode(),
               b'qRcmd,' + b'log none'.hex().encode(),
               b'QStartNoAckMode', b'qAttached', b'qC', b'qfThreadInfo',
               b'G' + b'00' * 100, b'D']
    out = [b''.join(gdb_frame(p) + b'+' for p in session)]
    for p in session:
        out.append(gdb_frame(p) + b'+\x03' + gdb_frame(b'?'))
    for _ in range(20):
        k = rng.sample(session, rng.randrange(1, 8))
        b = bytearray(b''.join(gdb_frame(p) for p in k))
        for _ in range(rng.randrange(1, 4)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        out.append(bytes(b))
    out.append(b'$' + b'a' * 5000 + b'#00' + gdb_frame(b'g'))
    return out


def cmdline(rng):
    """Firmware command lines: the documented forms, then mutations."""
    lines = [
        '--help', '-h', '--quiet --machine=pc --ram=32 --cpu=686',
        '--bios=/usr/share/seabios/bios.bin --kernel=linux --initrd=initrd.gz '
        '"--append=console=ttyS0 root=/dev/sda1" -L /usr/share/qemu',
        '--machine isapc --cpu 486 --budget 1000000 --exit=3',
        '--hda=disk.img --cdrom=cd.iso --boot=d',
        '--drive=file=a.img,if=ide,index=1,media=disk,snapshot=off',
        '--drive=if=ide,index=2,media=cdrom --boot=order=dc',
        '--drive=file=x.iso,media=cdrom,readonly=on,index=3',
        "--append='a \\' b' --trace=guest_errors,unimp,in_asm",
        '--gdb=tcp::1234 -S --vga=none --display=ansi,charset=ascii',
        '-s --display=none --sercon --clock=host --accel=interp',
        '--guest=bios.bin --fault=ud --mtree',
        '--ram=0 --ram=-1 --ram=99999999999 --cpu=8086 --machine=q35',
        '--drive=file=a,b --drive=index=9 --hda= --boot=z',
        '--exit=256 --budget=x --trace=bogus --display=ansi,charset=ebcdic',
    ]
    out = [l.encode() for l in lines]
    words = ' '.join(lines).split()
    for _ in range(40):
        out.append(' '.join(rng.choice(words)
                            for _ in range(rng.randrange(1, 8))).encode())
    out.append(b'--append=' + b'x' * 5000)
    out.append(b' '.join([b'-q'] * 300))
    return out


def ide(rng):
    """3-byte records of fuzz-ide.c: op, selector, value. Command sequences
    as test-ide-fuzz makes them (taskfile, command, ATAPI packet, data
    drain, bus master over a PRD table), one drive command per seed."""
    cmds = [0x20, 0x24, 0x29, 0x30, 0x34, 0x39, 0x40, 0x42, 0x91, 0xa0,
            0xa1, 0xc4, 0xc5, 0xc6, 0xc8, 0xca, 0x25, 0x35, 0xe7, 0xea,
            0xec, 0xef, 0x08, 0x90, 0x10, 0x70, 0xe5, 0x00, 0xff]
    packets = [0x00, 0x03, 0x12, 0x1a, 0x1b, 0x1e, 0x25, 0x28, 0x2b, 0x43,
               0x46, 0x4a, 0x5a, 0xa8, 0xbd, 0x51]
    out = []
    for i, cmd in enumerate(cmds * 2):
        ch = (i // len(cmds)) << 3  # the disk's channel, then the CD's
        p = [0, ch | 6, 0xe0 if i % 3 else 0xa0]
        for reg, v in ((1, 0), (2, 1 + i % 4), (3, i), (4, 0), (5, 0)):
            p += [0, ch | reg, v]
        p += [0, ch | 7, cmd]
        if cmd == 0xa0:
            p += [2, ch, packets[i % len(packets)]]
            for _ in range(5):
                p += [2, ch, rng.randrange(8)]
        if cmd in (0xc8, 0xca, 0x25, 0x35):
            p += [7, 0x10 | (i & 7), 0x08, 6, ch, 9 if cmd in (0xc8, 0x25) else 1]
        p += [3, ch | 0xf0, 0, 1, ch | 7, 0]
        out.append(bytes(p))
    for _ in range(20):
        out.append(bytes(rng.randrange(256) for _ in range(3 * rng.randrange(1, 60))))
    return out


def ansi(rng):
    """Terminal bytes (0xFE n: idle n * 10 ms): keys, controls, the escape
    sequences of xterm, VT220 and the Linux console, with modifiers, Alt as
    an ESC prefix, lone ESCs that time out, Ctrl-A commands."""
    seqs = [b'hello\r\n', b'\x1b[A', b'\x1b[B\x1b[C\x1b[D', b'\x1bOP\x1bOQ',
            b'\x1b[15~\x1b[24~', b'\x1b[1;5A', b'\x1b[3;2~', b'\x1b[[A',
            b'\x1bx', b'\x1b\xfe\x0a', b'\x1b\xfe\x01[A', b'\x01d', b'\x01\x01',
            b'\x7f\x08\t', b'\x03\x1a', b'\x1b[2;3;4;5;6;7H', b'\x1b[99999999~',
            b'\x1b[H\x1b[F\x1b[5~\x1b[6~', b'\xc3\xa9', b'\x1bO']
    out = list(seqs)
    for _ in range(30):
        out.append(b''.join(rng.choice(seqs) for _ in range(rng.randrange(2, 8))))
    return out


def main():
    target, outdir = sys.argv[1], sys.argv[2]
    rng = random.Random(0x16 * 1000 + sum(map(ord, target)))
    gens = {'decoder': decoder, 'kinds': kinds, 'memory': memory,
            'bare': lambda r: machine(r, False), 'pc': lambda r: machine(r, True),
            'io': io, 'fwcfg': fwcfg, 'multiboot': multiboot,
            'linux': linux,
            'gdbstub': gdbstub, 'cmdline': cmdline, 'ide': ide, 'ansi': ansi}
    if target not in gens:
        sys.exit('gen-seeds: unknown target ' + target)
    os.makedirs(outdir, exist_ok=True)
    for name in os.listdir(outdir):
        os.remove(os.path.join(outdir, name))
    for i, data in enumerate(gens[target](rng)):
        with open(os.path.join(outdir, 'seed-%03d' % i), 'wb') as f:
            f.write(data)


if __name__ == '__main__':
    main()
