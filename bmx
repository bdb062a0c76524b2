#!/usr/bin/env bash
# bmx: build, run and test bmx86. `./bmx help` lists the subcommands.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD="$ROOT/build"
BOARDS=(mps2-an385 mps2-an500 mps2-an505 mps3-an547)
LIBCS=(picolibc newlib)
DEFAULT_BIOS=/usr/share/seabios/bios.bin

# Debian packages a fresh bookworm lacks, with a file or command that shows
# each is present (checking files is much faster than asking dpkg).
PACKAGES=(
  "gcc:/usr/bin/gcc"
  "gcc-multilib:/usr/lib/gcc/x86_64-linux-gnu/12/32/crtbegin.o"
  "pkg-config:/usr/bin/pkg-config"
  "gcc-arm-none-eabi:/usr/bin/arm-none-eabi-gcc"
  "binutils-arm-none-eabi:/usr/bin/arm-none-eabi-objcopy"
  "picolibc-arm-none-eabi:/usr/lib/picolibc/arm-none-eabi/picolibc.specs"
  "libnewlib-arm-none-eabi:/usr/lib/arm-none-eabi/newlib/libc.a"
  "meson:/usr/bin/meson"
  "ninja-build:/usr/bin/ninja"
  "qemu-system-arm:/usr/bin/qemu-system-arm"
  "libcmocka-dev:/usr/include/cmocka.h"
  "libmpfr-dev:/usr/include/mpfr.h"
  "libcjson-dev:/usr/include/cjson/cJSON.h"
  "zlib1g-dev:/usr/include/zlib.h"
  "seabios:/usr/share/seabios/bios.bin"
  "qemu-system-data:/usr/share/qemu/linuxboot_dma.bin"
  "memtest86+:/boot/memtest86+ia32.bin"
  "qemu-system-x86:/usr/bin/qemu-system-i386"
  "bochs:/usr/bin/bochs"
  "bochs-sdl:/usr/lib/x86_64-linux-gnu/bochs/plugins/libbx_sdl2_gui.so"
  "bochsbios:/usr/share/bochs/BIOS-bochs-latest"
  "valgrind:/usr/bin/valgrind"
  "python3:/usr/bin/python3"
  "xorriso:/usr/bin/xorriso"
  "gdb:/usr/bin/gdb"
)

# ./bmx fuzz only (a fresh ./bmx test does not need them): clang 14 with
# its runtime, which holds libFuzzer (-fsanitize=fuzzer) and the
# sanitizers. Debian's libfuzzer-14-dev (libFuzzer for gcc) is not needed.
FUZZ_PACKAGES=(
  "clang-14:/usr/bin/clang-14"
  "libclang-rt-14-dev:/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a"
)
# The tiny Linux (./bmx run, ./bmx test os): its kernel is built from
# Debian's sources, its shell is klibc-utils:i386 (the i386 architecture).
TINY_LINUX_PACKAGES=(
  "linux-source-6.1:/usr/src/linux-source-6.1.tar.xz"
  "make:/usr/bin/make" "bc:/usr/bin/bc" "flex:/usr/bin/flex" "bison:/usr/bin/bison"
  "cpio:/usr/bin/cpio" "xz-utils:/usr/bin/xz" "libelf-dev:/usr/include/libelf.h"
)
# ./bmx test os only: Debian's i686 installer (kernel and initrd, 112 MB).
# The ladder's disk and CD (tests/os/build-grub-disk.sh, build-isolinux-cd.sh):
# GRUB's i386-pc images, ISOLINUX, ext2 and MBR tools (xorriso is in PACKAGES).
OS_PACKAGES=("debian-installer-12-netboot-i386:/usr/lib/debian-installer/images/12/i386/text/debian-installer/i386/linux"
  "grub-pc-bin:/usr/lib/grub/i386-pc/boot.img"
  "isolinux:/usr/lib/ISOLINUX/isolinux.bin"
  "syslinux-common:/usr/lib/syslinux/modules/bios/ldlinux.c32"
  "e2fsprogs:/usr/sbin/mke2fs"
  "fdisk:/usr/sbin/sfdisk"
  "cpio:/usr/bin/cpio")
# ./bmx test lava only: Debian's LAVA dispatcher (lava-run) and what it pulls.
LAVA_PACKAGES=("lava-dispatcher:/usr/bin/lava-run")
FUZZ_TARGETS=(decoder kinds memory bare pc io fwcfg multiboot linux gdbstub cmdline ide ansi)

die() { echo "bmx: $*" >&2; exit 2; }
say() { [ "${QUIET:-0}" = 1 ] || echo "bmx: $*" >&2; }

usage() {
  cat <<'TXT'
usage: ./bmx COMMAND [OPTIONS]

  run   [--board B] [--libc L] [--guest FILE] [--seabios] [--timeout SEC]
        [--gdb PORT] [-- ARGS...]
        build the firmware and boot it in qemu-system-arm (or run the hosted
        build with --board hosted); ARGS go to the firmware; the exit status
        is the firmware's. With nothing named it boots the tiny Linux to its
        shell (built once from Debian's sources; when stdin is not a
        terminal the shell answers uname -a and the run ends); --seabios or
        any ARGS: SeaBIOS is the default guest. --gdb PORT: a gdb stub on
        TCP port PORT (the boards' UART1 through QEMU's -serial tcp::PORT,server; add -- -S to
        start stopped; docs/debugging.md)
  test  [SUITE...]   build everything and run the meson test suites
                     (unit, memory, cpu, conformance, hw, fuzz, boot, os,
                     lava; default all but os and lava)
  build [--board B] [--libc L] [--quiet]   configure and build one firmware
  bench [--quick|footprint|memory]   benchmark guests beside qemu-system-i386,
                     Bochs, native and Cortex-M (docs/performance.md)
  fuzz TARGET [SECONDS] [--fast] [-- LIBFUZZER-ARGS]   run one libFuzzer harness
                     (default 300 s; ./bmx fuzz --help lists the targets);
                     crashes are minimized into tests/fuzz/corpus/TARGET/
  boottest [--board B]... [--junit FILE] TEST.toml...   boot tests for
                     your own guests: expect/send steps on the guest's console,
                     hosted and on boards (docs/boot-testing.md)
  sst [DIR] [OPTS]   run the SingleStepTests conformance runner (default:
                     ../shared/conformance/sst-80286/v1_real_mode)
  boards             list the boards
  deps               install (as root) or name the missing Debian packages

Boards: hosted, mps2-an385 (default), mps2-an500, mps2-an505, mps3-an547.
Libcs: picolibc (default), newlib.
TXT
}

ensure_deps() {
  ensure_packages "${PACKAGES[@]}"
}

ensure_packages() { # "package:file"...
  local missing=() entry
  for entry in "$@"; do
    [ -e "${entry#*:}" ] || missing+=("${entry%%:*}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ]; then
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  else
    echo "bmx: missing packages; run:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
}

board_cpu() {
  local h="$ROOT/drivers/boards/$1.h"
  [ -f "$h" ] || die "unknown board '$1' (boards: hosted ${BOARDS[*]})"
  sed -n 's/^#define BOARD_CPU *"\(.*\)"/\1/p' "$h"
}

board_machine() {
  sed -n 's/^#define BOARD_QEMU_MACHINE *"\(.*\)"/\1/p' "$ROOT/drivers/boards/$1.h"
}

build_dir() { # board libc
  if [ "$1" = hosted ]; then echo "$BUILD/hosted"; else echo "$BUILD/$1-$2"; fi
}

# Configures (once) and builds one board; prints nothing but errors when
# QUIET=1. Warnings are errors under CI.
do_build() { # board libc
  local board=$1 libc=$2 dir werror=false
  dir=$(build_dir "$board" "$libc")
  [ -n "${CI:-}" ] && werror=true
  case " ${LIBCS[*]} " in *" $libc "*) ;; *) die "unknown libc '$libc' (picolibc, newlib)";; esac
  mkdir -p "$BUILD"
  # Tests build the same firmware from parallel processes: one ninja at a
  # time per build directory (two at once can leave stale objects behind).
  local lockfd
  exec {lockfd}>"$BUILD/.$(basename "$dir").lock"
  flock "$lockfd"
  if [ ! -f "$dir/build.ninja" ]; then
    local args=(-Dboard="$board" -Dwerror=$werror)
    if [ "$board" != hosted ]; then
      local cpu; cpu=$(board_cpu "$board")
      args+=(--cross-file "$ROOT/cross/arm-none-eabi.txt" --cross-file "$ROOT/cross/$cpu.txt"
             -Dlibc="$libc" -Dsemihosting=true)
    fi
    say "configuring $board ($libc) in ${dir#$ROOT/}"
    meson setup "$dir" "$ROOT" "${args[@]}" >"$dir.setup.log" 2>&1 || {
      cat "$dir.setup.log" >&2; rm -rf "$dir"; die "configuring $board failed"; }
  fi
  local out
  if ! out=$(ninja -C "$dir" 2>&1); then
    echo "$out" >&2; die "building $board ($libc) failed"
  fi
  flock -u "$lockfd"
  exec {lockfd}>&-
  if [ "$board" != hosted ] && [ "${QUIET:-0}" != 1 ]; then
    arm-none-eabi-size "$dir/bmx86-$board.elf" >&2
  fi
}

cmd_build() {
  local board=mps2-an385 libc=picolibc
  while [ $# -gt 0 ]; do
    case "$1" in
      --board) board=${2:?}; shift 2;; --board=*) board=${1#*=}; shift;;
      --libc) libc=${2:?}; shift 2;; --libc=*) libc=${1#*=}; shift;;
      --quiet) QUIET=1; shift;;
      *) die "build: unknown option '$1'";;
    esac
  done
  ensure_deps
  [ "$board" = hosted ] || board_cpu "$board" >/dev/null
  do_build "$board" "$libc"
}

# Quotes each firmware argument for the firmware's own splitter.
join_args() {
  local out="" a
  for a in "$@"; do
    a=${a//\\/\\\\}; a=${a//\'/\\\'}
    case "$a" in *[[:space:]]*|"") a="'$a'";; esac
    out+="${out:+ }$a"
  done
  printf '%s' "$out"
}

cmd_run() {
  local board=mps2-an385 libc=picolibc guest="" timeout_s=600 gdb_port="" seabios=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --seabios) seabios=1; shift;;
      --board) board=${2:?}; shift 2;; --board=*) board=${1#*=}; shift;;
      --libc) libc=${2:?}; shift 2;; --libc=*) libc=${1#*=}; shift;;
      --guest) guest=${2:?}; shift 2;; --guest=*) guest=${1#*=}; shift;;
      --gdb) gdb_port=${2:?}; shift 2;; --gdb=*) gdb_port=${1#*=}; shift;;
      --timeout) timeout_s=${2:?}; shift 2;; --timeout=*) timeout_s=${1#*=}; shift;;
      --) shift; break;;
      *) die "run: unknown option '$1' (firmware arguments go after --)";;
    esac
  done
  ensure_deps
  [ "$board" = hosted ] || board_cpu "$board" >/dev/null
  QUIET=1 do_build "$board" "$libc"
  # No guest and no firmware option at all: the tiny Linux to its shell.
  if [ $# = 0 ] && [ -z "$guest" ] && [ -z "$seabios" ] && [ -z "$gdb_port" ]; then
    run_tiny_linux "$board" "$libc" "$timeout_s"
    return
  fi
  local fwargs=("$@")
  # With no guest named, boot the default one: Debian's SeaBIOS on the pc.
  local a named=""
  for a in "$@"; do
    case "$a" in --bios*|--guest*) named=1;; esac
  done
  if [ -z "$guest" ] && [ -z "$named" ] && [ -f "$DEFAULT_BIOS" ]; then
    fwargs=(--bios="$DEFAULT_BIOS" "${fwargs[@]}")
    if [ "$board" = hosted ]; then
      say "guest: $DEFAULT_BIOS (the firmware reads the host file)"
    else
      say "guest: $DEFAULT_BIOS (the firmware reads it through semihosting)"
    fi
  fi
  # Disk and CD images reach the firmware as absolute host paths, like
  # the BIOS (semihosting opens them from qemu-system-arm's view).
  local i v
  for i in "${!fwargs[@]}"; do
    a=${fwargs[$i]}
    case "$a" in
      --hd[a-d]=*|--cdrom=*)
        v=${a#*=}
        [ -f "$v" ] && fwargs[$i]="${a%%=*}=$(cd "$(dirname "$v")" && pwd)/$(basename "$v")";;
      --drive=file=*)
        v=${a#--drive=file=}; v=${v%%,*}
        [ -f "$v" ] && fwargs[$i]="--drive=file=$(cd "$(dirname "$v")" && pwd)/$(basename "$v")${a#--drive=file=$v}";;
    esac
  done
  if [ -n "$guest" ]; then
    [ -f "$guest" ] || die "guest image '$guest' not found"
    guest=$(cd "$(dirname "$guest")" && pwd)/$(basename "$guest")
    fwargs=(--guest="$guest" "${fwargs[@]}")
  fi
  # The gdb stub: a TCP listener hosted; on the boards UART1, which QEMU's
  # second -serial makes a TCP server (wait=off: the guest runs until gdb
  # connects, unless -S is given to the firmware).
  local serial1=()
  if [ -n "$gdb_port" ]; then
    case "$gdb_port" in *[!0-9]*|"") die "run: --gdb takes a TCP port number";; esac
    if [ "$board" = hosted ]; then
      fwargs=(--gdb="tcp::$gdb_port" "${fwargs[@]}")
    else
      fwargs=(--gdb=uart1 "${fwargs[@]}")
      serial1=(-serial "tcp:127.0.0.1:$gdb_port,server=on,wait=off")
    fi
    say "gdb: target remote :$gdb_port"
  fi
  # A person at a terminal sees the PC's VGA screen (docs/display.md);
  # pipes and tests keep the serial console and the BIOS log. The PC has
  # a VGA unless --vga=none; --display=... chooses explicitly.
  local display="" ansi=""
  for a in "${fwargs[@]}"; do
    case "$a" in
      --display=*) display=${a#*=};;
      # no VGA, no PC, or a kernel that talks on COM1 (console=ttyS0)
      --vga=none|--guest=*|--kernel=*|--kernel|--exit=*|--help|-h) display=${display:-none-given};;
    esac
  done
  if [ -z "$display" ] && [ -t 0 ] && [ -t 1 ]; then
    fwargs+=(--display=ansi)
    display=ansi
    say "display: the guest's VGA screen (--display=serial for COM1 and the BIOS log)"
  fi
  case "$display" in ansi*) ansi=1;; esac
  local dir; dir=$(build_dir "$board" "$libc")
  local rc=0
  if [ "$board" = hosted ]; then
    # keys reach the guest as typed, not line by line (QEMU's stdio
    # chardev does the same for the boards)
    local tty_saved=""
    if [ -n "$ansi" ] && [ -t 0 ]; then
      tty_saved=$(stty -g) && stty -icanon -echo min 1 time 0
    fi
    timeout --foreground "$timeout_s" "$dir/bmx86-hosted" "${fwargs[@]}" || rc=$?
    [ -n "$tty_saved" ] && stty "$tty_saved"
  else
    # The guest image, if any, reaches the firmware through semihosting
    # file reads (paths are the host's).
    timeout --foreground "$timeout_s" qemu-system-arm -M "$(board_machine "$board")" \
      -nographic -monitor none -serial stdio "${serial1[@]}" \
      -semihosting-config enable=on,target=native \
      -kernel "$dir/bmx86-$board.elf" -append "$(join_args "${fwargs[@]}")" || rc=$?
  fi
  [ $rc = 124 ] && echo "bmx: timed out after ${timeout_s}s" >&2
  return $rc
}

# Suites that also run in the ASan/UBSan build (boot runs the firmware,
# conformance is long: they run once, in the plain build).
SANITIZED_SUITES=(unit memory cpu hw fuzz)

# Runs meson test, echoing its output, and adds its Ok/Fail counts to the
# totals.
TOTAL_OK=0 TOTAL_FAIL=0
run_meson_test() { # dir args...
  local dir=$1 log rc=0; shift
  log=$(mktemp)
  meson test -C "$dir" --print-errorlogs --num-processes "$(nproc)" "$@" 2>&1 | tee "$log" || rc=$?
  local ok fail
  ok=$(sed -n 's/^Ok: *\([0-9]*\).*/\1/p' "$log" | tail -1)
  fail=$(awk '/^(Fail|Timeout|Unexpected Pass):/ {n += $2} END {print n + 0}' "$log")
  rm -f "$log"
  TOTAL_OK=$((TOTAL_OK + ${ok:-0})); TOTAL_FAIL=$((TOTAL_FAIL + fail))
  [ $rc = 0 ] && [ "$fail" = 0 ] && [ -n "$ok" ]
}

# ./bmx run with nothing named: Debian's SeaBIOS and QEMU's linuxboot_dma.bin
# boot the tiny Linux (built once from Debian's linux-source-6.1 into
# build/os/) to its shell. At a terminal it is yours; otherwise the shell
# answers `uname -a` and powers off (tests/os/uname.toml, ./bmx boottest).
run_tiny_linux() { # board libc timeout
  local board=$1 libc=$2 timeout_s=$3 kimg
  ensure_tiny_linux_deps
  say "guest: the tiny Linux through SeaBIOS (./bmx run --seabios: SeaBIOS alone)"
  say "building or finding the tiny Linux (the first time: 10-20 minutes of make -j2)"
  kimg=$("$ROOT/tests/os/build-tiny-linux.sh" "$BUILD/os" | tee /dev/stderr | tail -1)
  [ -f "$kimg" ] || die "the tiny Linux did not build (see above)"
  if [ -t 0 ] && [ -t 1 ]; then
    local args=(--quiet --bios="$DEFAULT_BIOS" --kernel="$kimg" --append=console=ttyS0 -L /usr/share/qemu)
    [ "$board" = hosted ] && args+=(--ram=32)
    say "Linux's console is COM1: its shell answers here; 'poweroff' ends the run"
    cmd_run --board "$board" --libc "$libc" --timeout "$timeout_s" -- "${args[@]}"
    return
  fi
  local fw=()
  [ "$board" = hosted ] && fw=(--firmware "$(build_dir hosted "$libc")/bmx86-hosted")
  python3 "$ROOT/tools/boottest.py" --board "$board" --libc "$libc" "${fw[@]}" \
    --show-console "$ROOT/tests/os/uname.toml"
}

ensure_tiny_linux_deps() {
  ensure_packages "${TINY_LINUX_PACKAGES[@]}"
  if ! dpkg --print-foreign-architectures | grep -qx i386; then
    [ "$(id -u)" = 0 ] || die "the tiny Linux needs Debian's i386 packages: run 'sudo dpkg --add-architecture i386 && sudo apt-get update'"
    say "adding the i386 architecture (klibc-utils:i386 for the tiny Linux's shell)"
    dpkg --add-architecture i386
    apt-get update -qq >&2
  fi
}

cmd_test() {
  ensure_deps
  QUIET=1
  local s suites=() san=() rc=0
  for s in "$@"; do
    case " unit memory cpu conformance hw fuzz boot os lava " in
      *" $s "*) ;; *) die "test: unknown suite '$s' (unit memory cpu conformance hw fuzz boot os lava)";;
    esac
    [ "$s" = lava ] && ensure_packages "${LAVA_PACKAGES[@]}"
    [ "$s" = os ] && { ensure_packages "${OS_PACKAGES[@]}"; ensure_tiny_linux_deps; }
    suites+=(--suite "$s")
    case " ${SANITIZED_SUITES[*]} " in *" $s "*) san+=(--suite "$s");; esac
  done
  if [ $# = 0 ]; then
    for s in "${SANITIZED_SUITES[@]}"; do san+=(--suite "$s"); done
    # 'os' builds a Linux kernel and boots it on a board (tens of minutes),
    # 'lava' installs LAVA (150 packages): run them by name, ./bmx test os
    suites+=(--no-suite os --no-suite lava)
  fi
  echo "bmx: building hosted, hosted with ASan/UBSan, and ${#BOARDS[@]} boards x ${#LIBCS[@]} libcs" >&2
  do_build hosted picolibc
  local b l
  for b in "${BOARDS[@]}"; do
    for l in "${LIBCS[@]}"; do do_build "$b" "$l"; done
  done
  run_meson_test "$BUILD/hosted" "${suites[@]}" || rc=1
  if [ ${#san[@]} -gt 0 ]; then
    local sdir="$BUILD/hosted-asan" werror=false
    mkdir -p "$BUILD"
    [ -n "${CI:-}" ] && werror=true
    if [ ! -f "$sdir/build.ninja" ]; then
      meson setup "$sdir" "$ROOT" -Db_sanitize=address,undefined -Db_lundef=false \
        -Dwerror=$werror >"$sdir.setup.log" 2>&1 || { cat "$sdir.setup.log" >&2; die "configuring the sanitizer build failed"; }
    fi
    ninja -C "$sdir" >/dev/null || die "building the sanitizer build failed"
    echo "bmx: the same tests under ASan/UBSan" >&2
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 run_meson_test "$sdir" "${san[@]}" --no-suite boot || rc=1
  fi
  echo "bmx test: $TOTAL_OK passed, $TOTAL_FAIL failed"
  return $rc
}

# Hosted tools (benchmarks, the conformance runner) run from build/hosted.
hosted_tool() { # relative path of the executable in build/hosted
  ensure_deps
  QUIET=1 do_build hosted picolibc
  local exe="$BUILD/hosted/$1"
  [ -x "$exe" ] || die "$1 was not built (see build/hosted/meson-logs)"
  echo "$exe"
}

# ./bmx bench: the guests beside qemu-system-i386, Bochs, native code and
# the Cortex-M boards (tests/bench/run-bench.sh); "memory" is the memory
# model's own benchmark.
cmd_bench() {
  case "${1:-}" in
    memory) "$(hosted_tool tests/bench/bench-memory)";;
    *) ensure_deps; "$ROOT/tests/bench/run-bench.sh" "$@";;
  esac
}

fuzz_usage() {
  cat <<TXT
usage: ./bmx fuzz TARGET [SECONDS] [--fast] [-- LIBFUZZER-ARGS...]

Builds the libFuzzer harness TARGET (clang 14, -fsanitize=fuzzer,address,
undefined, in build/fuzz) and runs it for SECONDS (default 300) on its
generated seeds, its saved regression inputs and its working corpus
(build/fuzz/corpus-TARGET). A crash, sanitizer report, panic or timeout is
minimized (-minimize_crash=1) and saved as tests/fuzz/corpus/TARGET/NAME,
which ./bmx test replays from then on (suite fuzz). docs/reliability.md.

--fast fuzzes with a build that has UBSan but not ASan nor comparison
tracing (build/fuzz-fast, about 14 times the inputs a second on the machine
harnesses), then runs the whole corpus once more under the ASan build.

targets:
  decoder    bytes as code on the harness machine (real or protected mode)
  kinds      the inline kinds against the op handlers (kinds-diff)
  memory     random region trees and transactions against the naive resolver
  bare       whole bare machine: a BIOS image, or code after a real-mode,
             flat protected-mode or paging stub, small instruction budget
  pc         the same on the pc machine (i440FX + PIIX3)
  io         port I/O and MMIO sequences against the pc machine
  fwcfg      fw_cfg DMA descriptors pointing anywhere
  multiboot  the multiboot loader (ELF and a.out kludge)
  linux      the Linux boot protocol loader (bzImage setup header, initrd,
             command line)
  gdbstub    the gdb stub: a debugger's byte stream (packets, acks, Ctrl-C)
  cmdline    the firmware's command line and its option parser
  ide        IDE/ATAPI registers, data port and bus-master DMA (PIIX3)
  ansi       a terminal's bytes to --display=ansi's keyboard
TXT
}

# fuzz_build DIR TARGET [MESON-OPTIONS...]: configure (once) and build one
# harness and its seeds in DIR, one build at a time.
fuzz_build() {
  local dir=$1 target=$2; shift 2
  local lockfd out
  mkdir -p "$BUILD"
  exec {lockfd}>"$BUILD/.fuzz.lock"
  flock "$lockfd"
  if [ ! -f "$dir/build.ninja" ]; then
    say "configuring the libFuzzer build in ${dir#$ROOT/} (clang-14)"
    CC=clang-14 meson setup "$dir" "$ROOT" -Dfuzz=true -Db_lundef=false "$@" \
      >"$dir.setup.log" 2>&1 || { cat "$dir.setup.log" >&2; rm -rf "$dir"; die "configuring ${dir#$ROOT/} failed"; }
  fi
  out=$(nice ninja -C "$dir" "tests/fuzz/fuzz-$target" "tests/fuzz/seeds-$target" 2>&1) || {
    echo "$out" >&2; die "building fuzz-$target failed"; }
  flock -u "$lockfd"
  exec {lockfd}>&-
}

cmd_fuzz() {
  case "${1:-}" in
    -h|--help|help) fuzz_usage; return 0;;
    "") fuzz_usage >&2; exit 2;;
  esac
  local target=$1 secs=300 t ok="" fast=""; shift
  for t in "${FUZZ_TARGETS[@]}"; do [ "$t" = "$target" ] && ok=1; done
  [ -n "$ok" ] || die "unknown fuzz target '$target' (targets: ${FUZZ_TARGETS[*]})"
  if [ $# -gt 0 ] && [ "$1" != -- ] && [ "$1" != --fast ]; then secs=$1; shift; fi
  case "$secs" in ''|*[!0-9]*|0) die "fuzz: SECONDS must be a positive number of seconds, not '$secs'";; esac
  [ "${1:-}" = --fast ] && { fast=1; shift; }
  case "${1:-}" in
    ""|--) ;;
    *) die "fuzz: unexpected '$1' (usage: ./bmx fuzz TARGET [SECONDS] [--fast] [-- LIBFUZZER-ARGS])";;
  esac
  [ "${1:-}" = -- ] && shift
  ensure_packages "${FUZZ_PACKAGES[@]}"
  local dir="$BUILD/fuzz"
  fuzz_build "$dir" "$target"
  local exe="$dir/tests/fuzz/fuzz-$target" seeds="$dir/tests/fuzz/seeds-$target"
  local work="$dir/corpus-$target" art="$dir/artifacts-$target" reg="$ROOT/tests/fuzz/corpus/$target"
  local log="$dir/fuzz-$target.log" runexe=$exe
  if [ -n "$fast" ]; then
    fuzz_build "$BUILD/fuzz-fast" "$target" -Dfuzz_fast=true
    runexe="$BUILD/fuzz-fast/tests/fuzz/fuzz-$target"
  fi
  mkdir -p "$work" "$art" "$reg"
  say "fuzzing $target for ${secs}s${fast:+ (fast build: UBSan, no trace-cmp)} (log: ${log#$ROOT/})"
  local rc=0
  # -close_fd_mask=1: the guests' output would drown libFuzzer's lines.
  nice "$runexe" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -close_fd_mask=1 -print_final_stats=1 -artifact_prefix="$art/" \
    "$@" "$work" "$seeds" "$reg" >"$log" 2>&1 || rc=$?
  grep -E '^#[0-9]+.*(INITED|DONE|pulse)' "$log" | tail -3 >&2 || true
  local execs cov replayed=""
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  if [ -n "$fast" ]; then
    # What the fast build found is run once more under ASan: an overflow
    # that did not crash there is caught here.
    say "replaying the corpus of $target under ASan"
    local rrc=0
    nice "$exe" -runs=0 -timeout=10 -rss_limit_mb=2048 -close_fd_mask=1 \
      -print_final_stats=1 -artifact_prefix="$art/" "$work" "$seeds" "$reg" \
      >"$log.asan" 2>&1 || rrc=$?
    replayed=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log.asan" | tail -1)
    [ $rrc = 0 ] || [ -n "$(ls -A "$art")" ] || { tail -20 "$log.asan" >&2; rc=$rrc; execs=""; }
    cat "$log.asan" >>"$log"
  fi
  local f found=0
  for f in "$art"/*; do
    [ -f "$f" ] || continue
    found=$((found + 1))
    local name; name=$(basename "$f")
    sed -n '/==ERROR\|^panic:\|runtime error\|mismatch\|disagree\|changed the ROM\|ALARM/p' "$log" | head -5 >&2
    say "minimizing $name"
    nice "$exe" -minimize_crash=1 -max_total_time=60 -timeout=10 -close_fd_mask=1 \
      -exact_artifact_path="$reg/$name" "$f" >"$log.min" 2>&1 || true
    [ -f "$reg/$name" ] || cp "$f" "$reg/$name"
    rm -f "$f"
    say "saved tests/fuzz/corpus/$target/$name ($(wc -c <"$reg/$name") bytes); replay it:"
    say "  build/hosted/tests/fuzz/replay-$target tests/fuzz/corpus/$target/$name"
  done
  echo "bmx fuzz $target: ${execs:-?} executions in ${secs}s, ${cov:-cov: ?} edges,${replayed:+ $replayed replayed under ASan,} $found crash(es)"
  if [ $found -gt 0 ] || { [ $rc != 0 ] && [ -z "$execs" ]; }; then
    [ $found -gt 0 ] || tail -20 "$log" >&2
    return 1
  fi
}

cmd_boottest() {
  ensure_deps
  exec python3 "$ROOT/tools/boottest.py" "$@"
}

cmd_sst() {
  "$(hosted_tool tests/conformance/bmx86-sst)" "$@"
}

main() {
  [ $# -gt 0 ] || { usage; exit 0; }
  local cmd=$1; shift
  case "$cmd" in
    run) cmd_run "$@";;
    test) cmd_test "$@";;
    build) cmd_build "$@";;
    bench) cmd_bench "$@";;
    sst) cmd_sst "$@";;
    boottest) cmd_boottest "$@";;
    fuzz) cmd_fuzz "$@";;
    boards) echo "hosted ${BOARDS[*]}";;
    deps) ensure_deps;;
    help|-h|--help) usage;;
    *) usage >&2; die "unknown command '$cmd'";;
  esac
}

main "$@"
