#!/bin/sh
# ./bmx fuzz explains itself (--help, no target) and refuses an unknown
# target or a bad duration with a clear message and status 2, without
# building anything. Usage: test-fuzz-command.sh PATH/TO/bmx
bmx=$1
fail=0
check() { # expected-status pattern args...
  want=$1 pat=$2; shift 2
  out=$("$bmx" fuzz "$@" 2>&1); rc=$?
  if [ "$rc" != "$want" ]; then
    echo "FAIL: ./bmx fuzz $*: status $rc, expected $want"; echo "$out"; fail=1
  elif ! printf '%s\n' "$out" | grep -q -- "$pat"; then
    echo "FAIL: ./bmx fuzz $*: no '$pat' in:"; echo "$out"; fail=1
  else
    echo "ok: ./bmx fuzz $* -> $rc"
  fi
}
check 0 'usage: ./bmx fuzz TARGET \[SECONDS\]' --help
check 0 'multiboot' --help
check 2 'usage: ./bmx fuzz' 
check 2 "unknown fuzz target 'nosuch' (targets: decoder" nosuch
check 2 "SECONDS must be a positive number" decoder 1x
check 2 "SECONDS must be a positive number" decoder 0
check 2 "fuzz: unexpected '--slow'" decoder 10 --slow
check 2 "fuzz: unexpected 'extra'" decoder 10 --fast extra
exit $fail
