#!/usr/bin/env python3
"""The gdb stub's protocol corners that gdb -batch does not reach, with a
raw remote-protocol client: acks and a NAK for a bad checksum, no-ack
mode, the stop reasons of software and hardware breakpoints, Ctrl-C stopping a guest that
spins, a write watchpoint's stop reply with its address, vCont;s, and
'D' (the guest runs on; a new connection to the running guest stops it, and
after another 'D' it runs to its end) or 'k' (the run ends with status 0).

usage: gdb-rsp-test.py FIRMWARE GUEST.bin GUEST.elf
"""
import re
import socket
import subprocess
import sys
import time


def symbols(elf):
    out = subprocess.run(["nm", elf], check=True, capture_output=True,
                         text=True).stdout
    return {w[2]: int(w[0], 16) for w in
            (line.split() for line in out.splitlines()) if len(w) == 3}


def checksum(body):
    return sum(body.encode("latin-1")) & 0xFF


class Client:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=20)
        self.buf = b""
        self.ack = True

    def byte(self):
        while not self.buf:
            d = self.s.recv(4096)
            if not d:
                raise EOFError("the stub closed the connection")
            self.buf += d
        c, self.buf = self.buf[:1], self.buf[1:]
        return c

    def send_raw(self, data):
        self.s.sendall(data)

    def send(self, body):
        self.send_raw(b"$%s#%02x" % (body.encode("latin-1"), checksum(body)))
        if self.ack:
            c = self.byte()
            assert c == b"+", "no ack for %r: %r" % (body, c)

    def packet(self, timeout=20):
        self.s.settimeout(timeout)
        while self.byte() != b"$":
            pass
        body = b""
        while True:
            c = self.byte()
            if c == b"#":
                break
            body += c
        cs = self.byte() + self.byte()
        assert int(cs, 16) == sum(body) & 0xFF, "bad checksum from the stub"
        if self.ack:
            self.send_raw(b"+")
        return body.decode("latin-1")

    def cmd(self, body):
        self.send(body)
        while True:
            r = self.packet()
            if not r.startswith("O") or r == "OK":
                return r


def start(fw, binary):
    p = subprocess.Popen([fw, "--quiet", "--guest=" + binary,
                          "--gdb=tcp:127.0.0.1:0", "-S"],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True)
    line = p.stdout.readline()
    m = re.search(r"listening on tcp:127.0.0.1:(\d+)", line)
    assert m, "no listening line: %r" % line
    return p, int(m.group(1))


def le32(v):
    return "".join("%02x" % ((v >> (8 * i)) & 0xFF) for i in range(4))


def main():
    fw, binary, elf = sys.argv[1:4]
    sym = symbols(elf)
    p, port = start(fw, binary)
    g = Client(port)
    r = g.cmd("qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+")
    assert "PacketSize=1000" in r and "QStartNoAckMode+" in r, r
    # a bad checksum is refused with '-', then all goes on
    g.send_raw(b"$g#00")
    assert g.byte() == b"-"
    assert g.cmd("?") == "T05thread:01;"
    # a software breakpoint at main32 (after crt32 cleared .bss)
    assert g.cmd("Z0,%x,1" % sym["main32"]) == "OK"
    g.send("c")
    assert g.packet() == "T05swbreak:;thread:01;"
    assert g.cmd("z0,%x,1" % sym["main32"]) == "OK"
    # the guest spins on gdb_spin; Ctrl-C stops it
    assert g.cmd("M%x,4:%s" % (sym["gdb_spin"], le32(1))) == "OK"
    assert g.cmd("Z1,%x,1" % sym["gdb_set_eax"]) == "OK"
    g.send("c")
    time.sleep(0.3)
    g.send_raw(b"\x03")
    assert g.packet() == "T02thread:01;", "Ctrl-C did not stop the CPU"
    eip = int.from_bytes(bytes.fromhex(g.cmd("p8")), "little")
    assert sym["main32"] <= eip < sym["main32"] + 0x100, hex(eip)
    # let it go on to the hardware breakpoint
    assert g.cmd("M%x,4:%s" % (sym["gdb_spin"], le32(0))) == "OK"
    g.send("c")
    assert g.packet() == "T05hwbreak:;thread:01;"
    assert int.from_bytes(bytes.fromhex(g.cmd("p8")), "little") == \
        sym["gdb_set_eax"]
    # no-ack mode from here
    assert g.cmd("QStartNoAckMode") == "OK"
    g.ack = False
    assert g.cmd("z1,%x,1" % sym["gdb_set_eax"]) == "OK"
    # one step by vCont
    g.send("vCont;s:1")
    assert g.packet() == "T05thread:01;"
    assert int.from_bytes(bytes.fromhex(g.cmd("p8")), "little") == \
        sym["gdb_after_store"]
    # a write watchpoint reports the address written
    assert g.cmd("Z2,%x,4" % sym["gdb_counter"]) == "OK"
    g.send("vCont;c")
    assert g.packet() == "T05watch:%x;thread:01;" % sym["gdb_counter"]
    assert g.cmd("m%x,4" % sym["gdb_counter"]) == le32(1)
    if "--kill" in sys.argv:
        g.send("k")
        out = p.communicate(timeout=20)[0]
        assert p.returncode == 0, p.returncode
        assert "terminated via GDBstub" in out, out
    else:
        # detach with the guest spinning again, then attach to it while it
        # runs: the first packet stops it (as QEMU stops on a connection)
        assert g.cmd("M%x,4:%s" % (sym["gdb_spin"], le32(1))) == "OK"
        assert g.cmd("D") == "OK"
        g.s.close()
        time.sleep(0.2)
        assert p.poll() is None, "the guest did not run on after D"
        g = Client(port)
        r = g.cmd("qSupported:swbreak+")
        assert "PacketSize=1000" in r, r
        assert g.cmd("?") == "T05thread:01;"
        # a breakpoint and watchpoint from before are gone: it runs to its
        # end (EAX kept its value: the register was never changed)
        assert g.cmd("M%x,4:%s" % (sym["gdb_spin"], le32(0))) == "OK"
        assert g.cmd("D") == "OK"
        out = p.communicate(timeout=20)[0]
        assert p.returncode == 3, (p.returncode, out)
        assert "EAX kept its value" in out, out
    print("gdb-rsp: ok")


if __name__ == "__main__":
    main()
