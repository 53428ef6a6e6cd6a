#!/usr/bin/env bash
# The parts of mcd a packager and a newcomer meet first: the manual lints
# clean, every command has --help, install/uninstall into a DESTDIR leaves
# nothing behind, and history moves in and out through every format.
#
#   bash tests/shell/test_install.sh /abs/path/to/mcd
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
export MCD_DATA_DIR=$T/data

# ---- manual ------------------------------------------------------------------
if command -v groff >/dev/null; then
  out=$(groff -man -ww -z "$top/man/mcd.1" 2>&1)
  [[ -z $out ]]
  report "$?" "man page: groff -man -ww is silent" "$out"
else
  skip "groff lint: groff not installed"
fi
if command -v mandoc >/dev/null; then
  out=$(mandoc -T lint "$top/man/mcd.1" 2>&1)
  [[ -z $out ]]
  report "$?" "man page: mandoc -T lint is silent" "$out"
else
  skip "mandoc lint: mandoc not installed"
fi
missing=()
for section in NAME SYNOPSIS DESCRIPTION COMMANDS "SHELL INTEGRATION" MATCHING ENVIRONMENT FILES "EXIT STATUS" EXAMPLES "SEE ALSO"; do
  grep -q "^\.SH \"\{0,1\}$section\"\{0,1\}$" "$top/man/mcd.1" || missing+=("$section")
done
((${#missing[@]} == 0))
report "$?" "man page has every section" "missing: ${missing[*]}"

# ---- help ----------------------------------------------------------------------
# the commands as the binary completes them: its table of commands
mapfile -t cmds < <("$MCD" complete --shell bash --binary --line 'mcd ' | tail -n +2)
((${#cmds[@]} >= 10))
report "$?" "the binary completes its commands" "${cmds[*]}"
for cmd in "${cmds[@]}"; do
  out=$("$MCD" "$cmd" --help 2>&1); rc=$?
  ((rc == 0)) && [[ $out == usage:* ]]
  report "$?" "mcd $cmd --help" "rc=$rc" "$out"
  out2=$("$MCD" help "$cmd" 2>&1)
  [[ $out2 == "$out" ]]
  report "$?" "mcd help $cmd says what mcd $cmd --help says" "$out2"
  # the COMMANDS section documents it: a .B or .BR line naming it
  sed -n '/^\.SH COMMANDS/,/^\.SH SHELL/p' "$top/man/mcd.1" | grep -Eq "^\.B[RI]? \"?(mcd )?$cmd\b"
  report "$?" "man page documents $cmd under COMMANDS"
done
"$MCD" --help | grep -q '^usage: mcd'
report "$?" "mcd --help"
"$MCD" --version | grep -Eq '^mcd [0-9]+\.[0-9]+'
report "$?" "mcd --version"

# ---- install layout --------------------------------------------------------------
dest=$T/dest
if make -s -C "$top" install PREFIX=/usr DESTDIR="$dest" >"$T/install.log" 2>&1; then
  missing=()
  for f in usr/bin/mcd usr/share/man/man1/mcd.1; do
    [[ -f $dest/$f ]] || missing+=("$f")
  done
  ((${#missing[@]} == 0))
  report "$?" "make install places the binary and the manual" "missing: ${missing[*]}"
  [[ -x $dest/usr/bin/mcd ]] && "$dest/usr/bin/mcd" --version >/dev/null
  report "$?" "the installed binary runs"
  # fish finds the binary's completion in vendor_completions.d under
  # XDG_DATA_DIRS (read by fish's own config: no --no-config), and leaves
  # mcd to the function's once init ran
  if command -v fish >/dev/null 2>&1; then
    [[ -f $dest/usr/share/fish/vendor_completions.d/mcd.fish ]] &&
      out=$(cd "$T" && PATH=$dest/usr/bin:$PATH XDG_DATA_DIRS=$dest/usr/share fish -c \
        'complete -C "mcd qu"; complete -C "mcd init f"; mcd init fish | source; complete -C "mcd in"' 2>&1) &&
      [[ $out == $'query\nfish\ninit\nindex' ]]
    report "$?" "make install puts fish's completion where fish loads it; init's takes over" "$out"
  else
    skip "fish completion: fish is not installed"
  fi
  # with the default PREFIX, fish's completion goes where fish looks when
  # XDG_DATA_DIRS is not set: pkg-config's completionsdir of fish
  fishdir=$(pkg-config --variable=completionsdir fish 2>/dev/null)
  if [[ -n $fishdir ]]; then
    out=$(env -u PREFIX make -s -n -C "$top" install DESTDIR=/nonexistent 2>&1 | grep 'mcd\.fish')
    [[ $out == *" /nonexistent$fishdir/mcd.fish" ]]
    report "$?" "make install (default PREFIX) puts fish's completion in $fishdir" "$out"
  else
    skip "fish's pkg-config file is not installed"
  fi
  if make -s -C "$top" uninstall PREFIX=/usr DESTDIR="$dest" >>"$T/install.log" 2>&1; then
    left=$(find "$dest" -type f -o -type l)
    [[ -z $left ]]
    report "$?" "make uninstall leaves no file behind" "$left"
  else
    not_ok "make uninstall" "$(tail -n 5 "$T/install.log")"
  fi
else
  not_ok "make install PREFIX=/usr DESTDIR=..." "$(tail -n 5 "$T/install.log")"
fi

# ---- make deps, make test-deps ---------------------------------------------------
# On a Debian machine where nothing is installed (a dpkg-query that knows
# no package), make deps asks apt-get for what building needs, and only
# that; make test-deps for what the tests need too; make test runs
# test-deps first. apt-get and sudo here only say what they were asked.
fake=$T/fakebin
mkdir -p "$fake"
printf '#!/bin/sh\nexit 1\n' >"$fake/dpkg-query"
# shellcheck disable=SC2016 # the fakes' own code
printf '#!/bin/sh\n[ "$1" = install ] && shift 3 && echo "$*" >>"$APT_LOG"; exit 0\n' >"$fake/apt-get"
printf '#!/bin/sh\nexec "$@"\n' >"$fake/sudo"
chmod +x "$fake"/*
for target in deps test-deps; do
  : >"$T/apt.log"
  APT_LOG=$T/apt.log PATH=$fake:$PATH make -s -C "$top" "$target" >"$T/deps.out" 2>&1
  read -ra asked <"$T/apt.log"
  var=DEBIAN_PKGS
  [[ $target == deps ]] && var=BUILD_PKGS
  read -ra pkgs <<<"$(make -s -C "$top" -pn | sed -n "s/^$var = //p")"
  [[ ${asked[*]} == "${pkgs[*]}" ]]
  report "$?" "make $target installs what it needs" "asked: ${asked[*]}" "want: ${pkgs[*]}" "$(<"$T/deps.out")"
done
read -ra built <<<"$(make -s -C "$top" -pn | sed -n 's/^BUILD_PKGS = //p')"
extra=()
for p in libcmocka-dev tmux shellcheck clang valgrind mandoc zsh; do
  [[ " ${built[*]} " == *" $p "* ]] && extra+=("$p")
done
((${#extra[@]} == 0))
report "$?" "make deps installs no package only the tests need" "${extra[*]}"
make -s -C "$top" -n test 2>/dev/null | head -n 1 | grep -q 'test dependencies'
report "$?" "make test installs the test packages first"

# ---- import and export round trips ------------------------------------------------
root=$T/r
mkdir -p "$root/plain" "$root/with space" "$root/bar|in|name" "$root/tab	in"
now=$(date +%s)
exported() { "$MCD" export | cut -f3- | sort; }
fresh() { rm -rf "$MCD_DATA_DIR"; }

# z and fasd: path|rank|time, a path may hold '|' (split on the last two)
for fmt in z fasd; do
  fresh
  printf '%s|%s|%s\n' "$root/plain" 4 "$now" "$root/with space" 2 "$now" "$root/bar|in|name" 1 "$now" >"$T/$fmt.txt"
  out=$("$MCD" import --from "$fmt" "$T/$fmt.txt" 2>&1)
  got=$(exported)
  want=$(printf '%s\n' "$root/plain" "$root/with space" "$root/bar|in|name" | sort)
  [[ $got == "$want" && $out == "imported 3 "* ]]
  report "$?" "import --from $fmt reads paths with '|' and spaces" "$out" "got: $got"
done
# autojump: weight<TAB>path, the path runs to the end of the line
fresh
printf '%s\t%s\n' 20.0 "$root/plain" 14.1 "$root/tab	in" >"$T/aj.txt"
out=$("$MCD" import --from autojump "$T/aj.txt" 2>&1)
got=$(exported)
want=$(printf '%s\n' "$root/plain" "$root/tab	in" | sort)
[[ $got == "$want" ]]
report "$?" "import --from autojump reads paths with tabs" "$out" "got: $got"
# zoxide: score, one space, the path to the end of the line
fresh
printf '  %s %s\n' 12.5 "$root/with space" 1.0 "$root/plain" >"$T/zo.txt"
out=$("$MCD" import --from zoxide "$T/zo.txt" 2>&1)
got=$(exported)
want=$(printf '%s\n' "$root/plain" "$root/with space" | sort)
[[ $got == "$want" ]]
report "$?" "import --from zoxide reads 'zoxide query -ls' output" "$out" "got: $got"
# mcd's own export: visits and times survive export | import exactly
fresh
"$MCD" add "$root/plain" "$root/plain" "$root/tab	in" "$root/bar|in|name" >/dev/null
"$MCD" export >"$T/a.txt"
fresh
"$MCD" import --from mcd "$T/a.txt" >/dev/null
"$MCD" export >"$T/b.txt"
cmp -s "$T/a.txt" "$T/b.txt"
report "$?" "export | import --from mcd round-trips visits, times and paths" "$(diff "$T/a.txt" "$T/b.txt")"
# export -0 | import -0: -0 (or --null, or --from mcd0) anywhere on the line
fresh
mkdir -p "$root/new
line"
"$MCD" add "$root/plain" "$root/new
line" >/dev/null
"$MCD" export -0 >"$T/a0"
want=$("$MCD" export -0 | od -c)
for line in "-0 @" "@ -0" "--from mcd -0 @" "-0 --from mcd @" "--null --from=mcd @" "--from mcd0 @" "@ --from=mcd0 --null"; do
  fresh
  read -ra words <<<"${line//@/$T/a0}"
  out=$("$MCD" import "${words[@]}" 2>&1); rc=$?
  ((rc == 0)) && [[ $("$MCD" export -0 | od -c) == "$want" ]]
  report "$?" "import ${line//@/FILE} reads what export -0 wrote" "rc=$rc" "$out"
done

# the same source twice: the history one import made, and a report saying so
now_files=(z "$T/z.txt" fasd "$T/fasd.txt" autojump "$T/aj.txt" zoxide "$T/zo.txt" mcd "$T/a.txt")
for ((k = 0; k < ${#now_files[@]}; k += 2)); do
  fmt=${now_files[k]} file=${now_files[k + 1]}
  fresh
  "$MCD" import --from "$fmt" "$file" >/dev/null 2>&1
  once=$("$MCD" export)
  out=$("$MCD" import --from "$fmt" "$file" 2>&1)
  twice=$("$MCD" export)
  [[ -n $once && $twice == "$once" && $out == "imported 0 directories from $fmt; "*" unchanged since their import from '$file'"* ]]
  report "$?" "import --from $fmt of the same file twice leaves the history as one import did" "$out" "once: $once" "twice: $twice"
done
fresh
"$MCD" import --from z - <"$T/z.txt" >/dev/null 2>&1
once=$("$MCD" export)
out=$("$MCD" import --from z - <"$T/z.txt" 2>&1)
[[ $("$MCD" export) == "$once" && $out == *"unchanged since their import from standard input"* ]]
report "$?" "import of the same standard input twice leaves the history as one import did" "$out"

# malformed lines are counted, not fatal
fresh
printf 'not a line\n%s|x|y\n%s|1|%s\n' "$root/plain" "$root/plain" "$now" >"$T/bad.txt"
out=$("$MCD" import --from z "$T/bad.txt" 2>&1); rc=$?
((rc == 0)) && [[ $out == *"imported 1 "*"2 malformed"* ]]
report "$?" "import counts malformed lines and goes on" "rc=$rc" "$out"
"$MCD" import --from nosuch "$T/bad.txt" >/dev/null 2>&1; rc=$?
((rc == 2))
report "$?" "import of an unknown format is a usage error" "rc=$rc"

# ---- roots --------------------------------------------------------------------------
fresh
out=$("$MCD" roots 2>"$T/err"); rc=$?
err=$(<"$T/err")
((rc == 0)) && [[ -z $out && $err == "mcd: no repository is indexed yet"* ]]
report "$?" "mcd roots with nothing indexed says so" "rc=$rc" "out: $out" "err: $err"
out=$("$MCD" roots -0 2>&1); rc=$?
((rc == 0)) && [[ -z $out ]]
report "$?" "mcd roots -0 with nothing indexed prints nothing" "rc=$rc" "$out"

# ---- usage errors -------------------------------------------------------------------
# Every wrong command line is one line on stderr, "mcd: ...", and status 2,
# nothing on stdout: a missing FILE, an option without its value, a value
# given to a flag, a bad number or choice, an unknown letter in a bundle,
# a word too many.
fresh
while IFS= read -r line; do
  read -ra words <<<"$line"
  out=$("$MCD" "${words[@]}" 2>"$T/err" </dev/null); rc=$?
  err=$(<"$T/err")
  ((rc == 2)) && [[ -z $out && $err == "mcd: "* && $err != *$'\n'* ]]
  report "$?" "'mcd $line' is a usage error: one line, status 2" "rc=$rc" "$err" "$out"
done <<'EOF_USAGE'
import --from mcd
import --from mcd0
import -0
import --from z -0
import --from
import --from=nosuch
query -n
query -n x5 billing
query -nx billing
query -lz billing
query --list=yes billing
init bash --hook=sometimes
init bash --cmd
index --all somewhere
roots extra
--version extra
-V extra
help nosuch
EOF_USAGE

# ---- MCD_EXCLUDE ------------------------------------------------------------------
fresh
repo=$T/exrepo
mkdir -p "$repo/services/billing" "$repo/build/billing" "$repo/libs"
git -C "$repo" init -q
out=$(export MCD_EXCLUDE="*/build:$repo/libs"; cd "$repo" && "$MCD" index 2>&1 &&
  "$MCD" query billing && "$MCD" query -l -- bu 2>/dev/null)
[[ $out == "$repo/services/billing" ]]
report "$?" "MCD_EXCLUDE keeps folders out of the index" "$out"
MCD_EXCLUDE="$repo/libs" "$MCD" add "$repo/libs"; rc=$?
out=$("$MCD" export)
((rc == 0)) && [[ -z $out ]]
report "$?" "MCD_EXCLUDE keeps folders out of the history, silently" "rc=$rc" "$out"

finish
