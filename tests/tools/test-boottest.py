#!/usr/bin/env python3
"""boottest's engine against a fake firmware: expect/send, failure
patterns that fail at once, timeouts, exit statuses, JUnit XML, and the
refusal of bad test files (tools/boottest.py)."""
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TOOL = os.path.join(ROOT, "tools", "boottest.py")
FAKE = os.path.join(HERE, "fake-firmware.py")

HEAD = '''
name = "fake"
boards = ["hosted"]
options = ["--x={dir}"]
fail = ["Kernel panic"]
'''


class BootTest(unittest.TestCase):
    def run_tool(self, toml, *extra):
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp, True)
        path = os.path.join(self.tmp, "t.toml")
        with open(path, "w") as f:
            f.write(toml)
        junit = os.path.join(self.tmp, "j.xml")
        t0 = time.monotonic()
        res = subprocess.run([sys.executable, TOOL, "--firmware", FAKE,
                              "--log-dir", self.tmp, "--junit", junit, path,
                              *extra], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, timeout=120)
        self.elapsed = time.monotonic() - t0
        self.out = res.stdout.decode()
        self.junit = ET.parse(junit) if os.path.exists(junit) else None
        return res.returncode

    def cases(self):
        return self.junit.getroot().findall("testsuite/testcase")

    def test_expect_send_exit(self):
        rc = self.run_tool(HEAD + '''
[[steps]]
expect = "args --x=\\\\S+"
[[steps]]
expect = "^fake firmware: ready$"
[[steps]]
send = "hello"
[[steps]]
expect = "^echo: hello$"
timeout = 5
[[steps]]
send = "quit 3"
[[steps]]
exit = 3
''')
        self.assertEqual(rc, 0, self.out)
        self.assertIn("step 4/6 expect /^echo: hello$/: ok", self.out)
        self.assertIn("1 passed, 0 failed", self.out)
        cases = self.cases()
        self.assertEqual(len(cases), 6)
        self.assertFalse(self.junit.getroot().findall(".//failure"))
        with open(os.path.join(self.tmp, "fake-hosted.log")) as f:
            log = f.read()
        self.assertIn("echo: hello", log)
        self.assertIn("--x=" + self.tmp, log)  # {dir} substituted

    def test_failure_pattern_fails_at_once(self):
        rc = self.run_tool(HEAD + '''
[[steps]]
send = "panic"
[[steps]]
expect = "never printed"
timeout = 60
[[steps]]
send = "not reached"
''')
        self.assertEqual(rc, 1, self.out)
        self.assertLess(self.elapsed, 20)  # not the step's 60 s
        self.assertIn("failure pattern /Kernel panic/", self.out)
        fails = self.junit.getroot().findall(".//failure")
        self.assertEqual(len(fails), 1)
        self.assertIn("Kernel panic", fails[0].text)
        skipped = self.junit.getroot().findall(".//skipped")
        self.assertEqual(len(skipped), 1)  # the step after the failure

    def test_timeout(self):
        rc = self.run_tool(HEAD + '''
[[steps]]
expect = "never printed"
timeout = 1.5
''')
        self.assertEqual(rc, 1, self.out)
        self.assertIn("timed out after 2 s waiting for /never printed/",
                      self.out)

    def test_wrong_exit_status(self):
        rc = self.run_tool(HEAD + '''
[[steps]]
send = "quit 5"
[[steps]]
exit = 0
''')
        self.assertEqual(rc, 1, self.out)
        self.assertIn("the run ended with status 5, not 0", self.out)

    def test_ended_before_expect(self):
        rc = self.run_tool(HEAD + '''
[[steps]]
send = "quit 0"
[[steps]]
expect = "more"
''')
        self.assertEqual(rc, 1, self.out)
        self.assertIn("the run ended (status 0) before /more/", self.out)

    def test_missing_requirement_skips(self):
        rc = self.run_tool(HEAD + '''
requires = ["/nonexistent/image.bin"]
[[steps]]
expect = "x"
''')
        self.assertEqual(rc, 77, self.out)
        self.assertIn("skipped: /nonexistent/image.bin is missing", self.out)

    def test_drive_parameters(self):
        # an image with 'drive' becomes QEMU's -drive form of its shorthand
        self.tmp0 = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp0, True)
        disk = os.path.join(self.tmp0, "disk.img")
        open(disk, "wb").close()
        rc = self.run_tool(HEAD + f"""
images.hda = {{ file = {disk!r}, drive = "snapshot=off" }}
images.cdrom = {disk!r}
[[steps]]
expect = "args .*$"
[[steps]]
send = "quit 0"
[[steps]]
exit = 0
""")
        self.assertEqual(rc, 0, self.out)
        self.assertIn(f"--drive=file={disk},if=ide,index=0,media=disk,"
                      "snapshot=off", self.out)
        self.assertIn(f"--cdrom={disk}", self.out)
        rc = self.run_tool(HEAD + f"""
images.kernel = {{ file = {disk!r}, drive = "snapshot=off" }}
[[steps]]
expect = "x"
""")
        self.assertEqual(rc, 2, self.out)
        self.assertIn("'drive' is for the drives", self.out)

    def test_bad_files(self):
        self.assertEqual(self.run_tool(HEAD + "[[steps]]\nexpect = '('\n"), 2)
        self.assertIn("bad regex", self.out)
        self.assertEqual(self.run_tool(HEAD + "bogus = 1\n[[steps]]\n"
                                       "expect = 'x'\n"), 2)
        self.assertIn("unknown keys ['bogus']", self.out)
        self.assertEqual(self.run_tool(HEAD + "[[steps]]\nexpect = 'x'\n"
                                       "send = 'y'\n"), 2)
        self.assertIn("exactly one of", self.out)
        self.assertEqual(self.run_tool("name = [\n"), 2)
        self.assertEqual(self.run_tool(HEAD), 2)
        self.assertIn("no [[steps]]", self.out)

    def test_boots_share_images(self):
        # two boots of one test on the same disk, built once: what the
        # first writes, the second reads; a failed boot skips the rest
        self.tmp0 = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp0, True)
        script = os.path.join(self.tmp0, "mkdisk.sh")
        with open(script, "w") as f:
            f.write(f"#!/bin/sh\necho built >> {self.tmp0}/builds\n"
                    f": > {self.tmp0}/disk.img\necho {self.tmp0}/disk.img\n")
        os.chmod(script, 0o755)
        toml = HEAD + f"""images.hda = {{ build = [{script!r}] }}
[[boots]]
name = "write"
[[boots.steps]]
send = "store hello-from-boot-1"
[[boots.steps]]
send = "quit 0"
[[boots.steps]]
exit = 0
[[boots]]
name = "read"
options = ["--second"]
[[boots.steps]]
expect = "args .*--second"
[[boots.steps]]
send = "load"
[[boots.steps]]
expect = "^disk: hello-from-boot-1$"
[[boots.steps]]
send = "quit 0"
[[boots.steps]]
exit = 0
"""
        rc = self.run_tool(toml)
        self.assertEqual(rc, 0, self.out)
        with open(os.path.join(self.tmp0, "builds")) as f:
            self.assertEqual(f.read(), "built\n")  # built once
        names = [c.get("name") for c in self.cases()]
        self.assertTrue(names[0].startswith("write: 01 send"), names)
        self.assertEqual(len(names), 3 + 5)
        self.assertTrue(names[3].startswith("read: 01 "), names)
        self.assertTrue(os.path.exists(os.path.join(self.tmp,
                                                    "fake-hosted-2.log")))
        # the first boot fails: the second's steps are skipped
        rc = self.run_tool(toml.replace('send = "quit 0"\n[[boots.steps]]\n'
                                        'exit = 0\n[[boots]]',
                                        'send = "quit 5"\n[[boots.steps]]\n'
                                        'exit = 0\n[[boots]]', 1))
        self.assertEqual(rc, 1, self.out)
        skipped = self.junit.getroot().findall(".//skipped")
        self.assertEqual(len(skipped), 5)
        self.assertEqual(skipped[0].get("message"), "an earlier boot failed")
        # steps and boots together, or a boot without steps: refused
        self.assertEqual(self.run_tool(HEAD + "[[steps]]\nexpect = 'x'\n"
                                       "[[boots]]\n[[boots.steps]]\n"
                                       "expect = 'x'\n"), 2)
        self.assertIn("[[steps]] and [[boots]] together", self.out)
        self.assertEqual(self.run_tool(HEAD + "[[boots]]\nname = 'a'\n"), 2)
        self.assertIn("boot 1: no [[steps]]", self.out)
        # LAVA: a boot and a test action per boot; a boot's own options
        # cannot be expressed (one deploy, one command line)
        path = os.path.join(self.tmp, "t.toml")
        for text, rc in ((toml.replace('options = ["--second"]\n', ''), 0),
                         (toml, 2)):
            with open(path, "w") as f:
                f.write(text)
            out = os.path.join(self.tmp, "lava")
            res = subprocess.run([sys.executable, TOOL, "--lava", out,
                                  "--board", "mps2-an385", path],
                                 stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT)
            self.assertEqual(res.returncode, rc, res.stdout.decode())
        with open(os.path.join(out, "fake-mps2-an385.yaml")) as f:
            job = f.read()
        self.assertEqual(job.count("- boot:"), 2)
        self.assertEqual(job.count("- test:"), 2)
        self.assertIn('- name: "fake (read)"', job)
        self.assertIn(b"a boot's own options cannot go to LAVA", res.stdout)

    def test_lava_job(self):
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp, True)
        bios = os.path.join(self.tmp, "my bios.bin")
        open(bios, "wb").close()
        path = os.path.join(self.tmp, "t.toml")
        with open(path, "w") as f:
            f.write(HEAD + f"""images.bios = {bios!r}
[[steps]]
expect = "^ready$"
[[steps]]
send = "a"
[[steps]]
send = "b"
[[steps]]
expect = 'answer \\d+'
[[steps]]
exit = 0
""")
        out = os.path.join(self.tmp, "lava")
        res = subprocess.run([sys.executable, TOOL, "--lava", out, "--board",
                              "mps2-an385", path], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
        self.assertEqual(res.returncode, 0, res.stdout.decode())
        with open(os.path.join(out, "fake-mps2-an385.yaml")) as f:
            job = f.read()
        with open(os.path.join(out, "device-mps2-an385.yaml")) as f:
            dev = f.read()
        self.assertIn("- -machine mps2-an385", dev)
        self.assertNotIn("$" + "{", dev + job)  # every field filled
        # the guest image is a LAVA image, its path substituted in -append
        self.assertIn('url: "file://' + bios + '"', job)
        self.assertIn("--bios={bios}", job)
        self.assertIn("'--x=" + self.tmp + "'" if " " in self.tmp
                      else "--x=" + self.tmp, job)
        # anchors work in pexpect (no multi-line mode, CRLF lines)
        self.assertIn('message: "(?m)^ready\\\\r?$"', job)
        # two sends go with the expect after them, as one command
        self.assertIn('command: "a\\nb"', job)
        self.assertIn('message: "(?m)answer \\\\d+"', job)
        self.assertIn('exception: TestError, error: "failure pattern '
                      'Kernel panic"', job)
        self.assertEqual(job.count("- name: "), 1 + 3)  # test + 3 commands
        # hosted cannot be a LAVA qemu device
        res = subprocess.run([sys.executable, TOOL, "--lava", out, path],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.assertEqual(res.returncode, 2)
        self.assertIn(b"name a board", res.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
