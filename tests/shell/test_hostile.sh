#!/usr/bin/env bash
# shellcheck disable=SC2016 # single-quoted scenarios are code for the child shells
# test_hostile.sh - hostile folder names jumped to by the function from
# `mcd init` in real bash and zsh, and the function's robustness against
# hostile shell settings and a missing or crashing binary (issue 5).
#
#   bash tests/shell/test_hostile.sh /abs/path/to/mcd
#
# Every check prints one line, `ok - WHAT` or `not ok - WHAT` followed by
# indented diagnostics; the exit status is 1 when any failed. What
# tests/shell/test_jump.sh already covers (aliases, CDPATH, PROMPT_COMMAND
# arrays, hostile zsh options, ...) is not repeated here.
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"

R=$T/repo # the repository: a .mcdroot file marks it
H=$R/h    # the hostile names live here, side by side
mkdir -p "$H" "$R/libs" "$R/services/billing" "$T/bin" "$T/data" "$T/scratch"
: >"$R/.mcdroot"
export R H

# shown NAME: a name as people read it (control bytes escaped)
shown() { printf '%q' "$1"; }
# shownf FILE: the bytes of FILE as people read them, trailing newlines kept
shownf() { local c; c=$(cat -- "$1" 2>/dev/null; printf x); shown "${c%x}"; }

# ---- the hostile names --------------------------------------------------------
# NAMES[i] is a folder under $H; KWS[i] a keyword that must also reach it
# (empty: only its exact name, typed after --).
NAMES=() KWS=()
add_name() { NAMES+=("$1") KWS+=("$2"); }
add_name 'two words' words
add_name $'tabbed\tcol' col
add_name $'first\nsecond' second
add_name $'trail\n' ''   # a trailing newline, next to
add_name 'trail' trail   # ... a sibling without it
add_name '-rf' ''
add_name '--help' ''
add_name '-' ''
add_name '$(touch x)' ''
add_name 'a`touch y`b' ''
add_name ';|&' ''
add_name "it's" ''
add_name 'say "hi"' say
# shellcheck disable=SC1003 # backslashes, not an escaped quote
add_name 'back\slash\' slash
add_name '*?[' ''
add_name '%s%n' ''
add_name $'\xff\xfe' ''
add_name $'bad\xffutf8' utf8
long=long$(printf '%0251d' 0 | tr 0 x) # a 255-byte component
add_name "$long" ''
for n in "${NAMES[@]}"; do mkdir -p -- "$H/$n" || bail "cannot create $(shown "$n")"; done
((${#long} == 255)) || bail "long name is ${#long} bytes"

# A ~4,000-byte path: 250-byte components, then a last one to make 4,000.
DEEP=$R/deep
comp=$(printf '%0250d' 0 | tr 0 d)
while ((${#DEEP} < 3700)); do DEEP=$DEEP/$comp; done
end=$((4000 - ${#DEEP} - 1))
DEEP=$DEEP/deepend$(printf '%0*d' "$((end - 7))" 0 | tr 0 e)
mkdir -p -- "$DEEP" || bail "cannot create the 4,000-byte path"
export DEEP

# ---- running code in a child shell ----------------------------------------------
# run SH CODE: run CODE in a fresh SH (no rc files) started in $R, after
# `eval "$(mcd init SH)"` unless CODE calls init itself. Sets OUT, ERR, RC.
# Helpers in the child: p (print lines), here FILE (save $PWD byte for
# byte), prompt (run the prompt hook as the shell would).
PRE_bash=$CHILD_bash'
here() { printf "%s" "$PWD" >"$1"; }'
# zsh runs the hook from chpwd; called here to see it keep $?
PRE_zsh=$CHILD_zsh'
here() { printf "%s" "$PWD" >"$1"; }
prompt() { __mcd_hook; }'
PRE_posix=$CHILD_posix'
here() { printf "%s" "$PWD" >"$1"; }'
PRE_fish=$CHILD_fish'
function here; printf "%s" $PWD >$argv[1]; end'
run() {
    local pre
    case $1 in
    bash) pre=$PRE_bash ;;
    zsh) pre=$PRE_zsh ;;
    fish) pre=$PRE_fish ;;
    *) pre=$PRE_posix ;;
    esac
    MCD_DATA_DIR=${DATA:-$T/data/$1} SH=$1 in_shell "$1" "$R" "$pre" "$(SH=$1 with_init "$2")"
}

# same FILE EXPECTED: is FILE exactly the bytes of EXPECTED?
same() { printf '%s' "$2" | cmp -s -- "$1" -; }

# ---- hostile names in each shell ----------------------------------------------------
hostile_names() {
    local sh=$1 i n kw bad diag
    for i in "${!NAMES[@]}"; do
        n=${NAMES[i]} kw=${KWS[i]}
        export N=$n K=$kw
        rm -f -- "$T"/pwd1 "$T"/pwd2
        if [[ $sh == fish ]]; then
            DATA=$T/data/$sh-$i run "$sh" 'mcd -- $N; p "exact: $status"; here $T/pwd1
                cd -- $R
                if test -n "$K"; mcd $K; p "keyword: $status"; here $T/pwd2; end'
        else
            DATA=$T/data/$sh-$i run "$sh" 'mcd -- "$N"; p "exact: $?"; here "$T/pwd1"; prompt
                cd -- "$R"
                if [ -n "$K" ]; then mcd "$K"; p "keyword: $?"; here "$T/pwd2"; prompt; fi'
        fi
        bad=0 diag=''
        if ! same "$T/pwd1" "$H/$n"; then
            bad=1 diag+="mcd -- $(shown "$n"): \$PWD is $(shownf "$T/pwd1")"$'\n'
        fi
        if [[ -n $kw ]] && ! same "$T/pwd2" "$H/$n"; then
            bad=1 diag+="mcd $(shown "$kw"): \$PWD is $(shownf "$T/pwd2")"$'\n'
        fi
        [[ $OUT == "exact: 0"${kw:+$'\n'"keyword: 0"} ]] || bad=1
        [[ -z $ERR ]] || bad=1
        report "$bad" "$sh: a folder named $(shown "$n") is reached exactly${kw:+, also by '$kw'}" \
            "$diag""expected: $(shown "$H/$n")"$'\n'"stdout: $OUT"$'\n'"stderr: $ERR"$'\n'"shell status: $RC"
    done

    rm -f -- "$T/pwd1"
    if [[ $sh == fish ]]; then
        run fish 'mcd deepend; p $status; here $T/pwd1; cd -- $R; mcd deep deepend; p $status'
    else
        run "$sh" 'mcd deepend; p "$?"; here "$T/pwd1"; prompt; cd -- "$R"; mcd deep deepend; p "$?"'
    fi
    bad=0
    same "$T/pwd1" "$DEEP" || bad=1
    [[ $OUT == $'0\n0' && -z $ERR ]] || bad=1
    report "$bad" "$sh: a ${#DEEP}-byte path is reached exactly" \
        "got \$PWD of $(wc -c <"$T/pwd1") bytes"$'\n'"stdout: $OUT"$'\n'"stderr: $ERR"

    # hostile names as the user types them, with globbing options that
    # would expand or fail on an unquoted word
    [[ $sh == bash || $sh == zsh ]] || return 0
    if [[ $sh == bash ]]; then
        run bash 'shopt -s nullglob failglob extglob; cd -- "$H"
            mcd "*?["; p "$?"; here "$T/pwd1"; cd -- "$H"; mcd -- -rf; p "$?"; here "$T/pwd2"'
    else
        run zsh 'setopt NULL_GLOB EXTENDED_GLOB GLOB_SUBST SH_WORD_SPLIT; cd -- "$H"
            mcd "*?["; p "$?"; here "$T/pwd1"; cd -- "$H"; mcd -- -rf; p "$?"; here "$T/pwd2"'
    fi
    bad=0
    same "$T/pwd1" "$H/*?[" && same "$T/pwd2" "$H/-rf" || bad=1
    [[ $OUT == $'0\n0' && -z $ERR ]] || bad=1
    report "$bad" "$sh: from the folder holding them, '*?[' and -rf are plain cds under glob options" \
        "\$PWD: $(shownf "$T/pwd1") then $(shownf "$T/pwd2")"$'\n'"stdout: $OUT"$'\n'"stderr: $ERR"
}

# ---- shell robustness ---------------------------------------------------------------
robustness() {
    local sh=$1 nomatch='mcd: no match*' opts want

    # zsh ERR_EXIT NO_UNSET / bash set -euo pipefail: jumps work, the hook
    # fails silently with a broken data folder and keeps $?, and an unguarded
    # failing jump ends the shell, as the option says.
    if [[ $sh == zsh ]]; then opts='setopt ERR_EXIT NO_UNSET PIPE_FAIL'; else opts='set -euo pipefail'; fi
    run "$sh" "$opts"'
        eval "$("$MCD" init "$SH")"
        mcd billing; p "$PWD"; cd -- "$R"; prompt
        mcd zzqqxxyy || p "rc=$?"
        good=$MCD_DATA_DIR; MCD_DATA_DIR=/dev/null/broken
        cd libs; prompt; p "$PWD"
        false || prompt || p "hook kept $?"
        MCD_DATA_DIR=$good
        mcd billing; p "$PWD"
        mcd zzqqxxyy
        p unreachable'
    want=$(printf '%s\n' "$R/services/billing" rc=1 "$R/libs" "hook kept 1" "$R/services/billing")
    # shellcheck disable=SC2053
    [[ $OUT == "$want" && $RC == 1 && $ERR == $nomatch$'\n'$nomatch ]]
    report "$?" "$sh: $opts: jumps work, the failing hook is silent and keeps \$?, a failed jump ends the shell" \
        "stdout:"$'\n'"$OUT"$'\n'"expected:"$'\n'"$want"$'\n'"stderr (want two no-match lines):"$'\n'"$ERR"$'\n'"shell status: $RC (want 1)"

    if [[ $sh == bash ]]; then
        # cdable_vars: a variable named like the keyword must not be followed
        run bash 'shopt -s cdable_vars; libs=$T/scratch; billing=$T/scratch; zzqqxxyy=$T/scratch
            mcd libs; p "$?" "$PWD"; mcd billing; p "$?" "$PWD"; mcd zzqqxxyy; p "$?" "$PWD"'
        want=$(printf '%s\n' 0 "$R/libs" 0 "$R/services/billing" 1 "$R/services/billing")
        # shellcheck disable=SC2053
        [[ $OUT == "$want" && $ERR == $nomatch ]]
        report "$?" "bash: cdable_vars: a variable named like a keyword is not followed" \
            "stdout:"$'\n'"$OUT"$'\n'"expected:"$'\n'"$want"$'\n'"stderr: $ERR"

        # cdspell applies to interactive shells only: run one (bash -i on a script)
        printf '%s\n' "$PRE_bash" 'eval "$("$MCD" init bash)"' \
            'shopt -s cdspell; mcd billing; p "$?" "$PWD"; mcd col; p "$?" "$PWD"' \
            'cd -- "$R"; mcd libz; p "$?" "$PWD"; cd -- "$R"; mcd ./libz; p "$?" "$PWD"' >"$T/cdspell.sh"
        (cd -- "$R" && MCD_DATA_DIR=$T/data/cdspell exec bash --norc --noprofile -i "$T/cdspell.sh") \
            >"$T/out" 2>"$T/err" </dev/null
        OUT=$(<"$T/out") ERR=$(grep -v -e 'no job control' -e 'terminal process group' "$T/err")
        want=$(printf '%s\n' 0 "$R/services/billing" 0 "$H/tabbed"$'\t'col 1 "$R" 1 "$R")
        # shellcheck disable=SC2053
        [[ $OUT == "$want" && $ERR == $nomatch$'\n'$nomatch ]]
        report "$?" "bash: cdspell (interactive): jumps land exactly, a misspelt keyword is not corrected" \
            "stdout:"$'\n'"$OUT"$'\n'"expected:"$'\n'"$want"$'\n'"stderr: $ERR"

        run bash 'shopt -s autocd; mkdir -p "$R/mcd"; mcd billing; p "$?" "$PWD"; rmdir "$R/mcd"'
        [[ $OUT == $'0\n'"$R/services/billing" && -z $ERR ]]
        report "$?" "bash: autocd and a folder named mcd: the function still jumps" "stdout: $OUT"$'\n'"stderr: $ERR"
    else
        run zsh 'setopt AUTO_CD; mkdir -p "$R/mcd"; mcd billing; p "$?" "$PWD"; rmdir "$R/mcd"'
        [[ $OUT == $'0\n'"$R/services/billing" && -z $ERR ]]
        report "$?" "zsh: AUTO_CD and a folder named mcd: the function still jumps" "stdout: $OUT"$'\n'"stderr: $ERR"

        run zsh 'setopt AUTO_PUSHD; mcd billing; mcd libs; p "$PWD"; popd >/dev/null; p "$?" "$PWD"
            popd >/dev/null; p "$?" "$PWD"; p "${#dirstack[@]}"'
        want=$(printf '%s\n' "$R/libs" 0 "$R/services/billing" 0 "$R" 0)
        [[ $OUT == "$want" && -z $ERR ]]
        report "$?" "zsh: AUTO_PUSHD: jumps are pushed; popd walks them back" \
            "stdout:"$'\n'"$OUT"$'\n'"expected:"$'\n'"$want"$'\n'"stderr: $ERR"
    fi

    # a missing binary: init from a copy, then the copy is gone
    cp -- "$MCD" "$T/bin/mcd-$sh"
    run "$sh" 'eval "$("$T/bin/mcd-$SH" init "$SH")"; cd libs; prompt; rm -f -- "$T/bin/mcd-$SH"
        mcd billing; p "$?" "$PWD"; mcd; p "$?" "$PWD"'
    [[ $OUT == [1-9]*([0-9])$'\n'"$R/libs"$'\n'[1-9]*([0-9])$'\n'"$R/libs" ]]
    report "$?" "$sh: a missing binary: a jump fails with a non-zero status, \$PWD unchanged" \
        "stdout:"$'\n'"$OUT"$'\n'"stderr: $ERR"

    # a crashing binary, also one that printed a path before crashing, and
    # one that prints a relative path
    run "$sh" 'cd libs; prompt; __mcd_bin=$T/bin/segv; mcd billing; p "$?" "$PWD"
        __mcd_bin=$T/bin/segv-late; mcd billing; p "$?" "$PWD"
        cd -- "$R"; __mcd_bin=$T/bin/relative; mcd billing; p "$?" "$PWD"'
    want=$(printf '%s\n' 139 "$R/libs" 139 "$R/libs" 3 "$R")
    [[ $OUT == "$want" ]]
    report "$?" "$sh: a crashing binary (even after printing a path) or a relative path: \$PWD unchanged, non-zero" \
        "stdout:"$'\n'"$OUT"$'\n'"expected:"$'\n'"$want"$'\n'"stderr: $ERR"

    # the hook, whatever the binary does, prints nothing and keeps $?
    run "$sh" 'cd libs; __mcd_bin=$T/bin/segv; (exit 7); prompt; p "$?"
        cd -- "$R"; __mcd_bin=$T/no-such-mcd; (exit 5); prompt; p "$?"
        cd -- "$R/libs"; __mcd_bin=$MCD; MCD_DATA_DIR=$T/scratch/file/x; : >"$T/scratch/file"; (exit 4); prompt; p "$?"'
    [[ $OUT == $'7\n5\n4' && -z $ERR ]]
    report "$?" "$sh: the hook prints nothing and keeps \$? when the binary crashes, is missing or fails" \
        "stdout (want 7 5 4):"$'\n'"$OUT"$'\n'"stderr (want empty):"$'\n'"$ERR"
}

# ---- the binary: how paths are printed, --cmd ------------------------------------------
binary_checks() {
    local out rc err bad
    export MCD_DATA_DIR=$T/data/bin
    # mcd query prints the raw path, one newline after it
    (cd -- "$R" && "$MCD" query second) >"$T/q" 2>"$T/err"
    rc=$?
    same "$T/q" "$H/first"$'\n'"second"$'\n'
    report "$?" "binary: mcd query prints a path with a newline raw" "status $rc; got: $(shown "$(<"$T/q")")"$'\n'"stderr: $(<"$T/err")"

    bad=0
    out=$(cd -- "$R" && "$MCD" query -l -s -- second 2>&1; "$MCD" query -l -s -- col 2>&1; "$MCD" query -l -s -- trail 2>&1)
    # every line is a header or a row that starts with a match class
    if grep -qvE '^(class|exact|prefix|word|substring|fuzzy|none) ' <<<"$out"; then bad=1; fi
    [[ $out == *'first\nsecond'* && $out == *'tabbed\tcol'* && $out == *'trail\n'* ]] || bad=1
    report "$bad" "binary: mcd query -l -s escapes newlines and tabs in paths" "$out"

    # Siblings whose names extend the keyword: with no history the exact
    # name wins (DESIGN 4: match class first), and the longer name is
    # reached by typing it whole, even after a visit to the shorter one.
    # (A visit to the longer sibling may lead a one-keyword query there by
    # design: history reorders exact, prefix and word matches; see mcd(1).)
    export MCD_DATA_DIR=$T/data/siblings
    (cd -- "$R" && "$MCD" query -- trail) >"$T/q1" 2>"$T/err"
    (cd -- "$R" && "$MCD" query -- -) >"$T/q2" 2>>"$T/err"
    (cd -- "$R" && "$MCD" add -- "$H/trail" "$H/-" && "$MCD" query -- "trail"$'\n') >"$T/q3" 2>>"$T/err"
    same "$T/q1" "$H/trail"$'\n' && same "$T/q2" "$H/-"$'\n' && same "$T/q3" "$H/trail"$'\n\n'
    report "$?" "binary: 'query -- trail' and 'query -- -' print the exact names, 'query -- trail<newline>' its sibling" \
        "query -- trail printed $(shownf "$T/q1") (want $(shown "$H/trail"$'\n'))"$'\n'"query -- - printed $(shownf "$T/q2") (want $(shown "$H/-"$'\n'))"$'\n'"query -- trail<newline> printed $(shownf "$T/q3")"$'\n'"stderr: $(<"$T/err")"
    export MCD_DATA_DIR=$T/data/bin

    # --cmd: only a valid function name; refused with exit 2, one line, no output
    local v diag=''
    bad=0
    for v in 'x;y' '' 'a b' '$(touch x)' '-x' '1x' 'if'; do
        out=$("$MCD" init bash --cmd "$v" 2>"$T/err")
        rc=$? err=$(<"$T/err")
        if [[ $v == 'x;y' || $v == '' ]]; then
            [[ $rc == 2 && -z $out && $err == 'mcd: '* && $err != *$'\n'* ]]
            report "$?" "binary: init --cmd '$v' is refused (exit 2, one line, nothing printed)" \
                "status $rc; stdout ${#out} bytes; stderr: $err"
        elif [[ $rc != 2 || -n $out || $err != 'mcd: '* ]]; then
            bad=1 diag+="--cmd $(shown "$v"): status $rc, stdout ${#out} bytes, stderr: $err"$'\n'
        fi
    done
    report "$bad" "binary: init --cmd refuses 'a b', '\$(touch x)', '-x', '1x', 'if'" "$diag"

    # an internal helper's name would make the function call itself forever
    out=$("$MCD" init bash --cmd __mcd_jump 2>"$T/err")
    rc=$?
    if [[ $rc == 0 ]]; then
        # accepted: does the function still work?
        run bash 'eval "$("$MCD" init bash --cmd __mcd_jump)"; __mcd_jump billing; p "$?" "$PWD"'
        [[ $OUT == $'0\n'"$R/services/billing" ]]
        report "$?" "binary: init --cmd __mcd_jump (an internal helper's name) is refused or works" \
            "init exit 0; then __mcd_jump billing printed: $OUT"$'\n'"stderr: $(head -c 300 <<<"$ERR")"$'\n'"shell status: $RC"
    else
        report 0 "binary: init --cmd __mcd_jump (an internal helper's name) is refused or works"
    fi
}

# fake binaries: crashing, crashing after printing a path, printing a relative path
printf '#!/bin/sh\nkill -SEGV $$\n' >"$T/bin/segv"
printf '#!/bin/sh\nprintf "%%s\\n" "$R/services/billing"\nkill -SEGV $$\n' >"$T/bin/segv-late"
printf '#!/bin/sh\n[ "$1" = query ] && printf "services/billing\\n"\nexit 0\n' >"$T/bin/relative"
chmod +x "$T/bin/segv" "$T/bin/segv-late" "$T/bin/relative"

shopt -s extglob
binary_checks
for SH in bash zsh; do
    if ! command -v "$SH" >/dev/null 2>&1; then
        skip "$SH: not installed"
        continue
    fi
    hostile_names "$SH"
    robustness "$SH"
done

# the same names in fish and in each POSIX shell (mcd init fish, posix)
for SH in fish "${POSIX_SHELLS[@]}"; do
    if ! have_shell "$SH"; then
        skip "$SH: not installed"
        continue
    fi
    hostile_names "$SH"
done

# nothing in any folder name was ever run
ran=$(find "$T" \( -name x -o -name y \) -print 2>/dev/null)
[[ -z $ran && ! -e $HOME/x && ! -e /x ]]
report "$?" "no command in a folder name was run (no file x or y created)" "created: $ran"

finish
