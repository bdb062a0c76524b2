#!/usr/bin/env python3
"""./bmx boottest: declarative boot tests for x86 guests on bmx86.

A test is a TOML file: the boards to run on, the machine, firmware options
and images, failure patterns, and an ordered list of steps in the style of
LAVA's boot and test actions (expect a regex within a timeout, send a
line, expect the answer, expect the run to end with a status). Each run
prints one progress line per step with its elapsed time, keeps the full
console log, and all runs together give one JUnit XML file.
docs/boot-testing.md describes the format.
"""
import argparse
import json
import os
import re
import selectors
import shlex
import signal
import string
import subprocess
import sys
import time
import tomllib
import xml.etree.ElementTree as ET

SKIP = 77  # meson's "skipped" status

IMAGE_OPTIONS = {
    "bios": "--bios",
    "kernel": "--kernel",
    "initrd": "--initrd",
    "hda": "--hda",
    "hdb": "--hdb",
    "hdc": "--hdc",
    "hdd": "--hdd",
    "cdrom": "--cdrom",
}
# A board runs the interpreter inside qemu-system-arm: tens of times slower.
DEFAULT_FACTOR = {"hosted": 1.0}
BOARD_FACTOR = 20.0
TOP_KEYS = {"name", "description", "boards", "machine", "ram", "cpu",
            "options", "images", "requires", "fail", "timeout", "board",
            "steps", "boots"}
BOOT_KEYS = {"name", "options", "steps"}
STEP_KEYS = {"name", "expect", "send", "exit", "timeout", "newline"}


class TestError(Exception):
    """A test file the tool cannot run (bad TOML, unknown keys, ...)."""


class Skip(Exception):
    """Something the test requires is missing."""


def subst(text, ctx):
    return text.replace("{root}", ctx["root"]).replace("{dir}", ctx["dir"])


def resolve_path(path, ctx):
    path = subst(path, ctx)
    return path if os.path.isabs(path) else os.path.join(ctx["dir"], path)


def build_image(key, spec, ctx):
    """An image built by a script: its last line of output is the path."""
    cmd = [subst(a, ctx) for a in spec["build"]]
    # A script beside the test file runs from there (else from PATH).
    if cmd and os.path.exists(os.path.join(ctx["dir"], cmd[0])):
        cmd[0] = os.path.join(ctx["dir"], cmd[0])
    print(f"boottest: building {key}: {shlex.join(cmd)}", flush=True)
    res = subprocess.run(cmd, cwd=ctx["dir"], stdout=subprocess.PIPE)
    if res.returncode == SKIP:
        raise Skip(f"{key}: its build script skipped")
    if res.returncode != 0:
        raise TestError(f"{key}: {shlex.join(cmd)} failed "
                        f"(status {res.returncode})")
    lines = res.stdout.decode(errors="replace").strip().splitlines()
    if not lines:
        raise TestError(f"{key}: {shlex.join(cmd)} printed no path")
    return resolve_path(lines[-1].strip(), ctx)


def load_steps(where, steps):
    if not steps:
        raise TestError(f"{where}: no [[steps]]")
    for i, st in enumerate(steps, 1):
        bad = set(st) - STEP_KEYS
        kinds = [k for k in ("expect", "send", "exit") if k in st]
        if bad:
            raise TestError(f"{where}: step {i}: unknown keys {sorted(bad)}")
        if len(kinds) != 1:
            raise TestError(f"{where}: step {i}: needs exactly one of "
                            f"expect, send, exit")
        if "expect" in st:
            try:
                st["_re"] = re.compile(st["expect"], re.MULTILINE)
            except re.error as e:
                raise TestError(f"{where}: step {i}: bad regex: {e}") from e


def load_test(path, root):
    try:
        with open(path, "rb") as f:
            test = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise TestError(f"{path}: {e}") from e
    unknown = set(test) - TOP_KEYS
    if unknown:
        raise TestError(f"{path}: unknown keys {sorted(unknown)} "
                        f"(known: {sorted(TOP_KEYS)})")
    if "steps" in test and "boots" in test:
        raise TestError(f"{path}: [[steps]] and [[boots]] together (steps "
                        f"belong to a boot: [[boots.steps]])")
    if "boots" in test:
        boots = test["boots"]
        if not boots:
            raise TestError(f"{path}: no [[boots]]")
    else:
        boots = [{"steps": test.get("steps", [])}]
    for b, boot in enumerate(boots, 1):
        where = f"{path}: boot {b}" if "boots" in test else path
        bad = set(boot) - BOOT_KEYS
        if bad:
            raise TestError(f"{where}: unknown keys {sorted(bad)} "
                            f"(known: {sorted(BOOT_KEYS)})")
        load_steps(where, boot.get("steps", []))
        boot.setdefault("name", f"boot {b}")
    test["_boots"] = boots
    test["_fail"] = []
    for pat in test.get("fail", []):
        try:
            test["_fail"].append(re.compile(pat, re.MULTILINE))
        except re.error as e:
            raise TestError(f"{path}: fail pattern {pat!r}: {e}") from e
    test.setdefault("name", os.path.splitext(os.path.basename(path))[0])
    test["_ctx"] = {"root": root,
                    "dir": os.path.dirname(os.path.abspath(path))}
    return test


def firmware_args(test, board):
    """The firmware's options: machine, images, the file's options."""
    ctx = test["_ctx"]
    for req in test.get("requires", []):
        if not os.path.exists(resolve_path(req, ctx)):
            raise Skip(f"{resolve_path(req, ctx)} is missing")
    args = []
    for key, opt in (("machine", "--machine"), ("ram", "--ram"),
                     ("cpu", "--cpu")):
        if key in test:
            args.append(f"{opt}={test[key]}")
    for key, spec in test.get("images", {}).items():
        if key not in IMAGE_OPTIONS:
            raise TestError(f"unknown image '{key}' (known: "
                            f"{', '.join(IMAGE_OPTIONS)})")
        if isinstance(spec, dict):
            path = (build_image(key, spec, ctx) if "build" in spec
                    else resolve_path(spec.get("file", ""), ctx))
        else:
            path = resolve_path(spec, ctx)
        if not os.path.exists(path):
            raise Skip(f"image {key} {path} is missing")
        drive = spec.get("drive") if isinstance(spec, dict) else None
        if drive is not None:
            args.append(drive_option(key, path, drive))
        else:
            args.append(f"{IMAGE_OPTIONS[key]}={path}")
    args += [subst(a, ctx) for a in test.get("options", [])]
    args += [subst(a, ctx) for a in board_conf(test, board).get("options", [])]
    return args


# A drive image with its own -drive parameters ("snapshot=off"): the
# shorthand's QEMU -drive form, with its index and media.
DRIVE_INDEX = {"hda": (0, "disk"), "hdb": (1, "disk"), "hdc": (2, "disk"),
               "hdd": (3, "disk"), "cdrom": (2, "cdrom")}


def drive_option(key, path, params):
    if key not in DRIVE_INDEX:
        raise TestError(f"image '{key}': 'drive' is for the drives "
                        f"({', '.join(DRIVE_INDEX)})")
    if "," in path:
        raise TestError(f"image '{key}': a path with ',' cannot be a "
                        f"--drive file: {path}")
    index, media = DRIVE_INDEX[key]
    opt = f"--drive=file={path},if=ide,index={index},media={media}"
    return opt + (f",{params}" if params else "")


def board_conf(test, board):
    return test.get("board", {}).get(board, {})


def factor(test, board):
    conf = board_conf(test, board)
    return float(conf.get("timeout_factor",
                          DEFAULT_FACTOR.get(board, BOARD_FACTOR)))


class Run:
    """One firmware run: its console, read without blocking."""

    def __init__(self, cmd, log, echo=False):
        self.log = log
        self.echo = echo  # the console live on stdout too
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self.sel = selectors.DefaultSelector()
        self.sel.register(self.proc.stdout, selectors.EVENT_READ)
        self.text = ""  # the console so far, CRs removed
        self.pos = 0  # where the next expect searches from
        self.checked = 0  # how far the failure patterns looked
        self.eof = False

    def pump(self, deadline):
        """Reads what arrives until the deadline; False at end of output."""
        if self.eof:
            return False
        wait = max(0.0, deadline - time.monotonic())
        for _key, _ in self.sel.select(timeout=min(wait, 0.5)):
            data = os.read(self.proc.stdout.fileno(), 65536)
            if not data:
                self.eof = True
                return False
            self.log.write(data)
            self.log.flush()
            if self.echo:
                sys.stdout.buffer.write(data)
                sys.stdout.buffer.flush()
            self.text += data.decode("utf-8", errors="replace").replace(
                "\r", "")
        return True

    def send(self, text):
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def stop(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.sel.close()


def check_fail(run, test):
    """A failure pattern in output not looked at yet fails the run."""
    # Look back a little: a pattern may straddle two reads.
    start = max(0, run.checked - 256)
    for pat in test["_fail"]:
        m = pat.search(run.text, start)
        if m:
            line_end = run.text.find("\n", m.start())
            line = run.text[run.text.rfind("\n", 0, m.start()) + 1:
                            line_end if line_end >= 0 else None]
            return f"failure pattern /{pat.pattern}/: {line.strip()}"
    run.checked = len(run.text)
    return None


def run_step(run, test, step, limit):
    """Runs one step; returns None or the reason it failed."""
    deadline = time.monotonic() + limit
    if "send" in step:
        newline = step.get("newline", True)
        try:
            run.send(step["send"] + ("\n" if newline else ""))
        except BrokenPipeError:
            return "the run ended before the text could be sent"
        return None
    while True:
        why = check_fail(run, test)
        if why:
            return why
        if "expect" in step:
            m = step["_re"].search(run.text, run.pos)
            if m:
                run.pos = m.end()
                return None
        elif run.eof or run.proc.poll() is not None:
            drain = time.monotonic() + 2.0
            while run.pump(drain) and time.monotonic() < drain:
                pass  # what is left in the pipe
            status = run.proc.wait()
            why = check_fail(run, test)
            if why:
                return why
            if status != step["exit"]:
                return f"the run ended with status {status}, not {step['exit']}"
            return None
        if time.monotonic() >= deadline:
            what = (f"/{step['expect']}/" if "expect" in step
                    else f"the end of the run (status {step['exit']})")
            return f"timed out after {limit:.0f} s waiting for {what}"
        if not run.pump(deadline) and "expect" in step:
            if not run.eof:
                continue
            status = run.proc.wait()
            return f"the run ended (status {status}) before /{step['expect']}/"


def step_label(i, step):
    if "name" in step:
        return step["name"]
    if "expect" in step:
        return f"expect /{step['expect']}/"
    if "send" in step:
        return f"send {step['send']!r}"
    return f"exit {step['exit']}"


def command_for(args, board, fwargs, limit):
    if board == "hosted" and args.firmware:
        return [args.firmware] + fwargs
    return [os.path.join(args.root, "bmx"), "run", "--board", board,
            "--libc", args.libc, "--timeout", str(int(limit) + 30),
            "--"] + fwargs


def skip_cases(suite, case_base, steps, first, prefix, why):
    for j, rest in enumerate(steps[first - 1:], first):
        c = ET.SubElement(suite, "testcase", classname=case_base,
                          name=f"{prefix}{j:02d} {step_label(j, rest)}")
        ET.SubElement(c, "skipped", message=why)


def run_boot(args, test, board, suite, boot, cmd, log_path, deadline):
    """One boot of a test: its steps against one run of the firmware.
    Returns the console text and whether every step passed."""
    name = test["name"]
    label = f"{name} [{board}]"
    case_base = f"{name}.{board}"
    many = len(test["_boots"]) > 1
    prefix = f"{boot['name']}: " if many else ""
    f = factor(test, board)
    steps = boot["steps"]
    print(f"boottest: {label}: {prefix}{shlex.join(cmd)}", flush=True)
    print(f"boottest: {label}: {prefix}log {log_path}", flush=True)
    start = time.monotonic()
    with open(log_path, "wb") as log:
        run = Run(cmd, log, args.show_console)
        try:
            for i, step in enumerate(steps, 1):
                t0 = time.monotonic()
                limit = float(step.get("timeout", 60)) * f
                limit = min(limit, max(1.0, deadline - t0))
                why = run_step(run, test, step, limit)
                dt = time.monotonic() - t0
                el = time.monotonic() - start
                case = ET.SubElement(suite, "testcase", classname=case_base,
                                     name=f"{prefix}{i:02d} "
                                     f"{step_label(i, step)}",
                                     time=f"{dt:.3f}")
                status = "ok" if why is None else "FAIL"
                print(f"boottest: {label}: {prefix}step {i}/{len(steps)} "
                      f"{step_label(i, step)}: {status} ({dt:.2f} s, "
                      f"{el:.2f} s in)", flush=True)
                if why is not None:
                    print(f"boottest: {label}:   {why}", flush=True)
                    tail = run.text[-2000:]
                    ET.SubElement(case, "failure", message=why).text = tail
                    skip_cases(suite, case_base, steps, i + 1, prefix,
                               "an earlier step failed")
                    return run.text, False
        finally:
            run.stop()
    return run.text, True


def run_test(args, test, board, suite):
    """One test on one board; returns True when it passed, None when it
    was skipped. The boots of a test run one after the other on the same
    images (built once): what one boot writes, the next finds."""
    name = test["name"]
    label = f"{name} [{board}]"
    case_base = f"{name}.{board}"
    f = factor(test, board)
    try:
        fwargs = firmware_args(test, board)
    except Skip as e:
        print(f"boottest: {label}: skipped: {e}", flush=True)
        case = ET.SubElement(suite, "testcase", classname=case_base,
                             name="setup")
        ET.SubElement(case, "skipped", message=str(e))
        return None
    total = float(test.get("timeout", 600)) * f
    os.makedirs(args.log_dir, exist_ok=True)
    boots = test["_boots"]
    start = time.monotonic()
    deadline = start + total
    ok = True
    text = ""
    for k, boot in enumerate(boots, 1):
        many = len(boots) > 1
        log_path = os.path.join(args.log_dir, f"{name}-{board}"
                                f"{f'-{k}' if many else ''}.log")
        if not ok:
            skip_cases(suite, case_base, boot["steps"], 1,
                       f"{boot['name']}: ", "an earlier boot failed")
            continue
        extra = [subst(a, test["_ctx"]) for a in boot.get("options", [])]
        left = max(1.0, deadline - time.monotonic())
        cmd = command_for(args, board, fwargs + extra, left)
        text, ok = run_boot(args, test, board, suite, boot, cmd, log_path,
                            deadline)
        # bmx86's own summary lines (guest instructions, MIPS), the record
        for line in text.splitlines():
            if re.match(r"bmx86: .*guest instructions", line):
                print(f"boottest: {label}: figure: {line.strip()}",
                      flush=True)
    el = time.monotonic() - start
    if not ok:
        tail = "\n".join(text.rstrip().splitlines()[-15:])
        print(f"boottest: {label}: last console lines:\n{tail}", flush=True)
    print(f"boottest: {label}: {'passed' if ok else 'FAILED'} after "
          f"{el:.2f} s", flush=True)
    return ok


def board_machine(root, board):
    path = os.path.join(root, "drivers", "boards", board + ".h")
    try:
        with open(path) as f:
            m = re.search(r'#define BOARD_QEMU_MACHINE\s+"([^"]+)"', f.read())
    except OSError:
        m = None
    if not m:
        raise TestError(f"unknown board '{board}' (no {path})")
    return m.group(1)


def lava_pattern(regex):
    """A boottest regex for pexpect: no multi-line mode, CRLF lines."""
    return "(?m)" + re.sub(r"(?<!\\)\$$", r"\\r?$", regex)


def yq(value):
    """A YAML scalar: JSON's double-quoted strings are YAML's."""
    return json.dumps(value)


def lava_script(test, steps, indent):
    """The steps as LAVA interactive commands: each expect with the sends
    before it; an exit step waits for bmx86's last line (the prompt)."""
    pad = " " * indent
    fails = "".join(f"{pad}    - {{message: {yq(lava_pattern(p.pattern))}, "
                    f"exception: TestError, error: "
                    f"{yq('failure pattern ' + p.pattern)}}}\n"
                    for p in test["_fail"])
    out, sends = [], []
    for i, st in enumerate(steps, 1):
        if "send" in st:
            sends.append(st["send"])
            continue
        cmd = yq("\n".join(sends)) if sends else "null"
        sends = []
        out.append(f"{pad}- name: {yq(f'{i:02d} ' + step_label(i, st))}\n"
                   f"{pad}  command: {cmd}\n")
        if "expect" in st:
            out.append(f"{pad}  wait_for_prompt: false\n{pad}  successes:\n"
                       f"{pad}    - message: "
                       f"{yq(lava_pattern(st['expect']))}\n")
        if fails:
            out.append(f"{pad}  failures:\n{fails}")
    if sends:
        out.append(f"{pad}- name: \"the last sends\"\n"
                   f"{pad}  command: {yq(chr(10).join(sends))}\n")
    return "".join(out).rstrip("\n")


def lava_actions(test, boot_timeout, job_timeout):
    """A boot and an interactive test action per boot: LAVA boots the
    deployed images again for each (a written disk stays written)."""
    out = []
    for boot in test["_boots"]:
        if boot.get("options"):
            raise TestError(f"{boot['name']}: a boot's own options cannot go "
                            f"to LAVA (one deploy, one command line)")
        name = test["name"]
        if len(test["_boots"]) > 1:
            name += f" ({boot['name']})"
        out.append(
            "- boot:\n"
            "    method: qemu\n"
            f"    timeout: {{seconds: {boot_timeout}}}\n"
            "- test:\n"
            f"    timeout: {{seconds: {job_timeout}}}\n"
            "    interactive:\n"
            f"    - name: {yq(name)}\n"
            "      # bmx86's last line when a run ends\n"
            "      prompts: [\"bmx86: [a-z]+: [0-9]+ guest instructions\"]\n"
            "      script:\n" + lava_script(test, boot["steps"], 6))
    return "\n".join(out)


def fw_join(fwargs):
    """The firmware's command line as ./bmx run passes it (semihosting):
    backslash escapes, single quotes around words with spaces."""
    out = []
    for a in fwargs:
        a = a.replace("\\", "\\\\").replace("'", "\\'")
        out.append(f"'{a}'" if not a or re.search(r"\s", a) else a)
    return " ".join(out)


def write_lava(args, test, board, out_dir):
    """LAVA device dictionary and job for one test on one board."""
    if board == "hosted":
        raise TestError("LAVA runs the firmware in qemu-system-arm: name a "
                        "board (--board mps2-an385)")
    fwargs = firmware_args(test, board)
    images, args_text = [], []
    for a in fwargs:
        m = re.match(r"(--[a-z]+)=(/.*)$", a)
        key = next((k for k, o in IMAGE_OPTIONS.items()
                    if m and o == m.group(1)), None)
        if key:
            images.append(f"      {key}:\n        url: {yq('file://' + m.group(2))}"
                          f"\n        image_arg: ''")
            a = f"{m.group(1)}={{{key}}}"
        args_text.append(a)
    elf = os.path.join(args.root, "build", f"{board}-{args.libc}",
                       f"bmx86-{board}.elf")
    f = factor(test, board)
    job_timeout = str(int(float(test.get("timeout", 600)) * f))
    append = fw_join(args_text)
    fields = {
        "board": board, "machine": board_machine(args.root, board),
        "job_name": yq(f"bmx86 {test['name']} on {board}"),
        "job_timeout": job_timeout,
        "firmware_url": yq("file://" + elf),
        "firmware_arg": yq("-kernel {bmx86} -append \""
                           + append.replace("\\", "\\\\").replace('"', '\\"')
                           + '"'),
        "images": "\n".join(images),
        "actions": lava_actions(test, 60, job_timeout),
    }
    os.makedirs(out_dir, exist_ok=True)
    paths = []
    for tmpl, name in (("device-bmx86.yaml.in", f"device-{board}.yaml"),
                       ("job-bmx86.yaml.in", f"{test['name']}-{board}.yaml")):
        with open(os.path.join(args.root, "lava", tmpl)) as fi:
            text = string.Template(fi.read()).substitute(fields)
        path = os.path.join(out_dir, name)
        with open(path, "w") as fo:
            fo.write(text)
        paths.append(path)
    print(f"boottest: {test['name']} [{board}]: LAVA device {paths[0]}, "
          f"job {paths[1]} (firmware {elf})", flush=True)


def main(argv):
    ap = argparse.ArgumentParser(
        prog="./bmx boottest",
        description="Run declarative boot tests (TOML) on bmx86: hosted "
        "and on boards inside qemu-system-arm. docs/boot-testing.md.")
    ap.add_argument("tests", nargs="+", metavar="TEST.toml")
    ap.add_argument("--board", action="append", dest="boards",
                    help="run on this board instead of the file's boards "
                    "(repeatable)")
    ap.add_argument("--libc", default="picolibc")
    ap.add_argument("--firmware", help="the hosted firmware to run "
                    "(default: ./bmx run --board hosted builds it)")
    ap.add_argument("--junit", help="write JUnit XML here (default: "
                    "LOG_DIR/boottest.xml)")
    ap.add_argument("--log-dir", default=None,
                    help="console logs (default: build/boottest)")
    ap.add_argument("--show-console", action="store_true",
                    help="show the guest's console as it runs (besides the "
                    "log)")
    ap.add_argument("--lava", metavar="DIR", help="write a LAVA device "
                    "dictionary and job per test and board into DIR instead "
                    "of running (lava-run runs them)")
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    args.log_dir = args.log_dir or os.path.join(args.root, "build",
                                                "boottest")
    if args.firmware:
        args.firmware = os.path.abspath(args.firmware)
    suites = ET.Element("testsuites", name="bmx86 boottest")
    failed = passed = skipped = 0
    for path in args.tests:
        try:
            test = load_test(path, args.root)
        except TestError as e:
            print(f"boottest: {e}", file=sys.stderr)
            return 2
        boards = args.boards or test.get("boards", ["hosted"])
        if args.lava:
            try:
                for board in boards:
                    write_lava(args, test, board, args.lava)
            except (TestError, Skip) as e:
                print(f"boottest: {test['name']}: {e}", file=sys.stderr)
                return 2
            continue
        for board in boards:
            suite = ET.SubElement(suites, "testsuite",
                                  name=f"{test['name']}.{board}")
            try:
                res = run_test(args, test, board, suite)
            except TestError as e:
                print(f"boottest: {test['name']} [{board}]: {e}",
                      file=sys.stderr)
                return 2
            if res is None:
                skipped += 1
            elif res:
                passed += 1
            else:
                failed += 1
            suite.set("tests", str(len(suite)))
            suite.set("failures", str(len(suite.findall("testcase/failure"))))
            suite.set("skipped", str(len(suite.findall("testcase/skipped"))))
    if args.lava:
        return 0
    junit = args.junit or os.path.join(args.log_dir, "boottest.xml")
    os.makedirs(os.path.dirname(os.path.abspath(junit)), exist_ok=True)
    ET.ElementTree(suites).write(junit, encoding="utf-8",
                                 xml_declaration=True)
    print(f"boottest: {passed} passed, {failed} failed, {skipped} skipped; "
          f"JUnit XML {junit}", flush=True)
    if failed:
        return 1
    return SKIP if skipped and not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
