#!/usr/bin/env bash
# shellcheck disable=SC2016 # single-quoted scenarios are code for the child shells
# test_jump.sh - drive the shell integration (`mcd init bash|zsh|posix`) in
# real bash, zsh, dash, mksh and busybox sh processes against a throwaway
# monorepo (the scenarios in the POSIX language also run in the POSIX
# shells; fish has its own, in test_fish.sh).
#
#   bash tests/shell/test_jump.sh /abs/path/to/mcd
#
# Every check prints one line, `ok - SHELL: what` or `not ok - SHELL: what`
# followed by indented diagnostics; the exit status is 1 when any failed.
# Each scenario runs in a fresh shell started in the repository root, with
# its own empty database folder, HOME in the temporary folder and no rc files.
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
shopt -s extglob

# ---- the environment every child shell sees ---------------------------------
R=$T/src/acme   # the monorepo
R2=$T/src/acme2 # a second checkout (clone) of it
L=$T/links/acme # a symlink to the first
WRAP=$T/bin/mcd-logged
QBIN="$T/it's dir/mcd" # the binary at a path that needs quoting
mkdir -p "$T/data" "$T/log" "$T/bin" "$T/cdp/libs" "$T/cdp/billing" "${QBIN%/*}"
export R R2 L WRAP QBIN

# A wrapper that logs each call of the binary, to count `add`s exactly:
# scenarios point __mcd_bin at it after init.
cat >"$WRAP" <<'EOF'
#!/bin/sh
printf '%s\n' "$*" >>"$LOG"
exec "$MCD" "$@"
EOF
chmod +x "$WRAP"
cp -- "$MCD" "$QBIN"

# ---- the fixture --------------------------------------------------------------
mkdir -p "$R"/services/billing/internal/deep/sub "$R"/services/api "$R"/tools/api \
    "$R"/tools/index "$R"/libs/ui "$R/docs/my notes"
for d in services/billing/internal/deep/sub services/api tools/api tools/index libs/ui "docs/my notes"; do
    : >"$R/$d/.keep"
done
{
    git -C "$R" init -q &&
        git -C "$R" add -A &&
        git -C "$R" -c user.name=mcd -c user.email=mcd@example.invalid -c commit.gpgsign=false \
            commit -q -m fixture &&
        git clone -q "$R" "$R2"
} >/dev/null 2>&1 || bail "cannot build the git fixture"
mkdir -p "${L%/*}" && ln -s "$R" "$L" || bail "cannot link to the fixture"
# Untracked folders with hostile names: only in the first checkout.
mkdir -p "$R/weird/cmd/\$(touch x)" "$R/weird/tick/a\`touch y\`b" "$R/edge/-dash" \
    "$R/edge/trail"$'\n'

# ---- running scenarios ----------------------------------------------------------
N=0

# Helpers defined in every child shell before the scenario's code.
PRE_COMMON='adds() {
    if [ -f "$LOG" ]; then
        while IFS= read -r l; do case $l in "add "*) p "$l" ;; esac; done <"$LOG"
    fi
}'
PRE_bash=$CHILD_bash$'\n'$PRE_COMMON'
hooks() { p "${PROMPT_COMMAND-}"; }'
PRE_zsh=$CHILD_zsh$'\n'$PRE_COMMON'
hooks() { p "${chpwd_functions[*]-}"; }'
PRE_posix=$CHILD_posix$'\n'$PRE_COMMON'
hooks() { case ${PS1-} in *__mcd_hook*) p __mcd_hook ;; *) p "" ;; esac; }'

# run CODE in a fresh $SH started in $R: sets OUT, ERR and RC. CODE that does
# not call init itself gets the default `eval "$(mcd init SH)"` first.
run() {
    local pre
    case $SH in
    bash) pre=$PRE_bash ;;
    zsh) pre=$PRE_zsh ;;
    *) pre=$PRE_posix ;;
    esac
    N=$((N + 1))
    MCD_DATA_DIR=$T/data/$N LOG=$T/log/$N in_shell "$SH" "$R" "$pre" "$(with_init "$1")"
}

# t NAME CODE EXPECTED [STDERR_GLOB]: run CODE, compare its stdout with
# EXPECTED (trailing newlines aside) and its stderr with STDERR_GLOB
# (default: empty).
t() {
    local name=$1 code=$2 want=$3 errglob=${4-} bad=0
    run "$code"
    [[ $OUT == "$want" ]] || bad=1
    # shellcheck disable=SC2053 # the glob is meant
    [[ $ERR == $errglob ]] || bad=1
    report "$bad" "$SH: $name" "$(
        printf 'expected stdout:\n%s\n' "$want" | indent
        printf 'got stdout:\n%s\n' "$OUT" | indent
        printf 'expected stderr matching: %s\n' "${errglob:-(empty)}"
        printf 'got stderr:\n%s\n' "$ERR" | indent
        printf 'shell exit status: %s\n' "$RC"
        printf 'code:\n%s\n' "$code" | indent
    )"
}

lines() { local IFS=$'\n'; printf '%s' "$*"; }

# ---- the scenarios, run once per shell ----------------------------------------
scenarios() {
    local hookrun nomatch='mcd: no match*' posix=0 hook=1
    case $SH in
    bash) hookrun='eval "$PROMPT_COMMAND"' ;;
    zsh) hookrun='__mcd_hook' ;;
    *) hookrun='prompt' posix=1 ;;
    esac
    # dash and busybox sh have no prompt hook (mcd(1)): plain cds are not recorded
    [[ $SH == dash || $SH == busybox ]] && hook=0

    ((posix)) || t "init output parses" \
        "\"\$MCD\" init $SH >\"\$T/init.$SH\" && $SH -n \"\$T/init.$SH\" && \"\$MCD\" init $SH --cmd j --hook none | $SH -n && p parsed" \
        parsed

    t "jumps from a deep subfolder" \
        'cd services/billing/internal/deep/sub && mcd billing; p "$?" "$PWD"' \
        "$(lines 0 "$R/services/billing")"

    t "several keywords: in order along the path" \
        'cd libs/ui && mcd services api; p "$?" "$PWD"' \
        "$(lines 0 "$R/services/api")"

    # only the best few of many matches are put in order: past one that
    # is gone, the list goes on with the next best, not index order
    t "a list skips a folder gone since the index and keeps the order" \
        'K=$T/topk.$SH; mkdir -p "$K/a/cart" "$K/b/cart" && git -C "$K" init -q &&
         for i in $(seq 10 40); do mkdir -p "$K/d$i/cart$(printf "%*s" $((50 - i)) "" | tr " " x)"; done &&
         cd "$K" && "$MCD" index >/dev/null && rmdir b/cart && "$MCD" query -l -n 3 cart' \
        "$(lines "$T/topk.$SH/a/cart" "$T/topk.$SH/d40/cartxxxxxxxxxx" "$T/topk.$SH/d39/cartxxxxxxxxxxx")"

    t "mcd - goes back to the previous directory" \
        'cd libs; mcd billing; mcd -; p "$?" "$PWD"; mcd -; p "$?" "$PWD"' \
        "$(lines 0 "$R/libs" 0 "$R/services/billing")"

    t "bare mcd goes to the repository root" \
        'cd services/billing/internal/deep; mcd; p "$?" "$PWD"' \
        "$(lines 0 "$R")"

    t "bare mcd outside a repository goes to HOME" \
        'cd "$T"; mcd; p "$?" "$PWD"' \
        "$(lines 0 "$HOME")"

    t "no match: non-zero status and \$PWD unchanged" \
        'cd libs/ui; mcd zzqqxxyy; p "$?" "$PWD"' \
        "$(lines 1 "$R/libs/ui")" "$nomatch"

    t "history breaks a tie between two folders of one name" \
        'a=$(mcd query api); if [ "$a" = "$R/tools/api" ]; then b=$R/services/api; else b=$R/tools/api; fi
         for i in 1 2 3 4 5 6; do mcd add -- "$b"; done
         cd libs; mcd api; p "$?"; if [ "$PWD" = "$b" ]; then p "went to the visited one"; else p "went to $PWD (first $a)"; fi' \
        "$(lines 0 "went to the visited one")"

    t "two checkouts: each stays in its own" \
        'for i in 1 2 3 4 5; do mcd add -- "$R/services/billing"; done
         cd "$R2/libs"; mcd billing; p "$PWD"; mcd; p "$PWD"
         cd "$R/libs"; mcd billing; p "$PWD"' \
        "$(lines "$R2/services/billing" "$R2" "$R/services/billing")"

    t "a folder created after indexing is found" \
        'mcd billing; mkdir -p "$R/libs/fresh_$SH"; mcd "fresh_$SH"; p "$?" "$PWD"; cd "$R"; rmdir "$R/libs/fresh_$SH"' \
        "$(lines 0 "$R/libs/fresh_$SH")"

    t "a deleted folder is never chosen" \
        'mkdir -p "$R/libs/zed_$SH" "$R/tools/zed_$SH"; mcd billing
         for i in 1 2 3 4 5 6; do mcd add -- "$R/tools/zed_$SH"; done
         p "$(mcd query "zed_$SH")"
         rm -rf "$R/tools/zed_$SH"
         q=$(mcd query "zed_$SH"); qrc=$?
         mcd "zed_$SH"; rc=$?
         if [ "$rc" = 0 ] && [ "$PWD" = "$R/libs/zed_$SH" ] && [ "$qrc" = 0 ] && [ "$q" = "$PWD" ]; then p "went to the other one"
         elif [ "$rc" != 0 ] && [ "$PWD" = "$R/services/billing" ] && [ "$qrc" != 0 ]; then p "went to the other one"
         else p "bad: query printed [$q] ($qrc), mcd returned $rc, PWD=$PWD"; fi
         cd "$R"; rm -rf "$R/libs/zed_$SH"' \
        "$(lines "$R/tools/zed_$SH" "went to the other one")" "@(|$nomatch)"

    t "a path with spaces" \
        'mcd notes; p "$?" "$PWD"; cd "$R/docs"; mcd "my notes"; p "$?" "$PWD"' \
        "$(lines 0 "$R/docs/my notes" 0 "$R/docs/my notes")"

    t "folders named \$(touch x) and \`touch y\` are entered, never run" \
        'cd "$T"; mcd add -- "$R/weird/cmd/\$(touch x)"; cd "$R"; mcd cmd touch; p "$?" "$PWD"; mcd tick touch; p "$?" "$PWD"; prompt
         cd "$R/weird/cmd"; mcd "\$(touch x)"; p "$?" "$PWD"' \
        "$(lines 0 "$R/weird/cmd/\$(touch x)" 0 "$R/weird/tick/a\`touch y\`b" 0 "$R/weird/cmd/\$(touch x)")"
    local ran
    ran=$(find "$T" \( -name x -o -name y \) -print)
    [[ -z $ran ]]
    report "$?" "$SH: no command in a folder name was run" "created: $ran"

    t "a folder whose name ends in a newline" \
        'mcd trail; p "$?" "[$PWD]"' \
        "$(lines 0 "[$R/edge/trail"$'\n'"]")"

    t "a folder whose name starts with -" \
        'cd edge; mcd -dash; p "$?" "$PWD"; cd "$R"; mcd dash; p "$?" "$PWD"' \
        "$(lines 0 "$R/edge/-dash" 0 "$R/edge/-dash")"

    t "a single existing directory is a plain cd (prints nothing)" \
        'cd services; mcd ../libs; p "$?" "$PWD"; mcd "$R/tools"; p "$?" "$PWD"' \
        "$(lines 0 "$R/libs" 0 "$R/tools")"

    t "mcd -- index jumps to a folder named like a subcommand" \
        'mcd -- index; p "$?" "$PWD"' \
        "$(lines 0 "$R/tools/index")"

    t "a subcommand passes through to the binary and does not cd" \
        'cd libs; mcd query billing; p "$?" "$PWD"; mcd --version >/dev/null; p "$?"; mcd help >/dev/null; p "$?" "$PWD"' \
        "$(lines "$R/services/billing" 0 "$R/libs" 0 0 "$R/libs")"

    ((hook)) && t "the function records its jump, once" \
        '__mcd_bin=$WRAP; cd libs; prompt; mcd billing; prompt; prompt; adds' \
        "$(lines "add -- $R/libs" "add -- $R/services/billing")"

    t "the function records its own jumps with --hook none" \
        'eval "$("$MCD" init "$INITSH" --hook none)"; __mcd_bin=$WRAP
         cd libs; prompt; mcd billing; prompt; cd ..; prompt; mcd billing; prompt; mcd -; mcd ../libs; adds' \
        "$(lines "add -- $R/services/billing" "add -- $R/services/billing" "add -- $R/services" "add -- $R/libs")"

    t "jumps by the function feed the ranking" \
        'eval "$("$MCD" init "$INITSH" --hook none)"
         a=$(mcd query api); if [ "$a" = "$R/tools/api" ]; then b=services; else b=tools; fi
         for i in 1 2 3 4 5; do mcd "$b" api; cd "$R"; done
         mcd api; if [ "$PWD" = "$R/$b/api" ]; then p "went to the visited one"; else p "went to $PWD, not $R/$b/api"; fi' \
        "went to the visited one"

    ((hook)) && t "the pwd hook records a plain cd once and keeps \$?" \
        '__mcd_bin=$WRAP; cd libs/ui; false; '"$hookrun"'; p "$?"; '"$hookrun"'; prompt; adds' \
        "$(lines 1 "add -- $R/libs/ui")"

    ((hook)) && t "plain cds feed the ranking through the hook" \
        'a=$(mcd query api); if [ "$a" = "$R/tools/api" ]; then b=services; else b=tools; fi
         for i in 1 2 3 4 5; do cd "$R/$b/api"; prompt; cd "$R"; prompt; done
         mcd api; if [ "$PWD" = "$R/$b/api" ]; then p "went to the visited one"; else p "went to $PWD, not $R/$b/api"; fi' \
        "went to the visited one"

    t "the hook is silent and keeps \$? when the binary fails" \
        'MCD_DATA_DIR=/dev/null/nope; cd libs; false; '"$hookrun"'; p "$?"
         __mcd_bin=$T/no-such-mcd; cd ui; false; '"$hookrun"'; p "$?" "$PWD"' \
        "$(lines 1 1 "$R/libs/ui")"

    ((hook)) && t "init twice installs the hook once" \
        "$INIT"$'\n'"$INIT"$'\n''__mcd_bin=$WRAP; hooks; cd libs; prompt; prompt; mcd billing; prompt; adds' \
        "$(lines __mcd_hook "add -- $R/libs" "add -- $R/services/billing")"

    t "--hook none installs no hook" \
        'eval "$("$MCD" init "$INITSH" --hook none)"; __mcd_bin=$WRAP; hooks; cd libs; prompt; p end; adds' \
        "$(lines "" end)"

    t "--hook none after --hook pwd removes the hook" \
        "$INIT"$'\n''eval "$("$MCD" init "$INITSH" --hook none)"; __mcd_bin=$WRAP; hooks; cd libs; prompt; p end; adds' \
        "$(lines "" end)"

    ((posix)) || t "--cmd j: j jumps and mcd is not a function" \
        'eval "$("$MCD" init "$INITSH" --cmd j)"; cd libs; j billing; p "$?" "$PWD"; j -; p "$PWD"
         if typeset -f mcd >/dev/null 2>&1; then p "mcd is a function"; else p "mcd is not a function"; fi' \
        "$(lines 0 "$R/services/billing" "$R/libs" "mcd is not a function")"

    t "init from a binary whose path needs quoting" \
        'eval "$("$QBIN" init "$INITSH")"; cd libs; mcd billing; p "$?" "$PWD" "$__mcd_bin"' \
        "$(lines 0 "$R/services/billing" "$QBIN")"

    ((hook)) && t "init evaluated inside a function" \
        'load() { eval "$("$MCD" init "$INITSH")"; }; load; __mcd_bin=$WRAP; cd libs; prompt; mcd billing; p "$PWD"; adds' \
        "$(lines "$R/services/billing" "add -- $R/libs" "add -- $R/services/billing")"

    ((posix)) || t "set -euo pipefail" \
        'set -euo pipefail
         '"$INIT"'
         cd services/billing/internal/deep
         mcd billing; p "$PWD"; mcd -; p "$PWD"; mcd; p "$PWD"; mcd libs; p "$PWD"; prompt
         MCD_ECHO=1 mcd billing; mcd -- index; p "$PWD"
         mcd zzqqxxyy || p "rc=$?"
         p "$PWD"
         mcd zzqqxxyy
         p unreachable' \
        "$(lines "$R/services/billing" "$R/services/billing/internal/deep" "$R" "$R/libs" \
            "$R/services/billing" "$R/tools/index" rc=1 "$R/tools/index")" "$nomatch"$'\n'"$nomatch"

    t "aliases named cd, local, printf, grep, mcd do not interfere" \
        'shopt -s expand_aliases 2>/dev/null
         alias cd="echo hijacked" local="echo hijacked" printf="echo hijacked" grep="echo hijacked" \
               builtin="echo hijacked" command="echo hijacked" return="echo hijacked" true="echo hijacked" \
               shift="echo hijacked" typeset="echo hijacked" declare="echo hijacked" mcd="echo hijacked"
         '"$INIT"'
         mcd services billing; p "$?" "$PWD"; mcd ../../libs; p "$PWD"; mcd -; p "$PWD"; mcd; p "$PWD"
         mcd zzqqxxyy; p "$?"; prompt; mcd -- index; p "$PWD"' \
        "$(lines 0 "$R/services/billing" "$R/libs" "$R/services/billing" "$R" 1 "$R/tools/index")" "$nomatch"

    # (the POSIX shells take no function named like a special builtin)
    ((posix)) && t "functions named cd, printf, grep, true, test do not interfere" \
        'cd() { echo hijacked; }; printf() { echo hijacked; }; test() { echo hijacked; }
         grep() { echo hijacked; }; true() { echo hijacked; }
         p() { command printf "%s\n" "$@"; }
         '"$INIT"'
         mcd services billing; p "$?" "$PWD"; mcd -; mcd libs; p "$PWD"; mcd zzqqxxyy; p "$?"; prompt; mcd -- index; p "$PWD"' \
        "$(lines 0 "$R/services/billing" "$R/libs" 1 "$R/tools/index")" "$nomatch"
    ((posix)) || t "functions named cd, local, printf, grep, true do not interfere" \
        'cd() { echo hijacked; }; local() { echo hijacked; }; printf() { echo hijacked; }
         grep() { echo hijacked; }; true() { echo hijacked; }; shift() { echo hijacked; }
         p() { builtin printf "%s\n" "$@"; }
         '"$INIT"'
         mcd services billing; p "$?" "$PWD"; mcd -; mcd libs; p "$PWD"; mcd zzqqxxyy; p "$?"; prompt; mcd -- index; p "$PWD"' \
        "$(lines 0 "$R/services/billing" "$R/libs" 1 "$R/tools/index")" "$nomatch"

    t "CDPATH is never searched" \
        'export CDPATH="$T/cdp:."; cd "$R/services"; mcd ../libs; cd "$R"; mcd libs; p "$?" "$PWD"; mcd billing; p "$PWD"; mcd -; p "$PWD"' \
        "$(lines 0 "$R/libs" "$R/services/billing" "$R/libs")"

    # One checkout, one root: entered through a symlink, the same index
    # and history, and the paths the user took kept
    t "a checkout entered through a symlink is the same repository" \
        'mcd billing; cd "$L/libs"; mcd billing; p "$PWD"; mcd ui; p "$PWD"
         "$MCD" roots -0 | tr "\0" "\n"; "$MCD" export | cut -f1,3 | grep "/billing\$"' \
        "$(lines "$L/services/billing" "$L/libs/ui" "$R" $'2\t'"$R/services/billing")"

    t "MCD_ECHO=1 prints the new directory" \
        'MCD_ECHO=1 mcd billing; p "$PWD"; mcd -; p "$PWD"' \
        "$(lines "$R/services/billing" "$R/services/billing" "$R")"

    if [[ $SH == zsh ]]; then
        t "hostile zsh options" \
            'setopt KSH_ARRAYS SH_WORD_SPLIT NO_UNSET GLOB_SUBST WARN_CREATE_GLOBAL RC_EXPAND_PARAM \
                AUTO_PUSHD PUSHD_IGNORE_DUPS POSIX_CD NO_GLOB ERR_RETURN CSH_NULL_GLOB
             setopt WARN_NESTED_VAR 2>/dev/null
             IFS=/
             '"$INIT"'
             cd libs; mcd services billing; p "$?" "$PWD"; mcd -; p "$PWD"; mcd notes; p "$PWD"; mcd ../..; p "$PWD"
             mcd zzqqxxyy || p "$?" "$PWD"; mcd trail; p "[$PWD]"; p "${chpwd_functions[@]}"' \
            "$(lines 0 "$R/services/billing" "$R/libs" "$R/docs/my notes" "$R" 1 "$R" "[$R/edge/trail"$'\n'"]" __mcd_hook)" "$nomatch"
    elif [[ $SH == bash ]]; then
        t "hostile bash options" \
            'set -f; shopt -s nullglob failglob extglob globstar; IFS=/
             '"$INIT"'
             cd libs; mcd services billing; p "$?" "$PWD"; mcd -; p "$PWD"; mcd notes; p "$PWD"; mcd ../..; p "$PWD"
             mcd zzqqxxyy; p "$?" "$PWD"; mcd trail; p "[$PWD]"; prompt' \
            "$(lines 0 "$R/services/billing" "$R/libs" "$R/docs/my notes" "$R" 1 "$R" "[$R/edge/trail"$'\n'"]")" "$nomatch"

        t "PROMPT_COMMAND string is kept" \
            'PROMPT_COMMAND="p hi"; '"$INIT"$'\n'"$INIT"'; hooks; false; eval "$PROMPT_COMMAND"; p "$?"' \
            "$(lines __mcd_hook "p hi" hi 0)"

        if ((BASH_VERSINFO[0] > 5 || (BASH_VERSINFO[0] == 5 && BASH_VERSINFO[1] >= 1))); then
            t "PROMPT_COMMAND array is kept (bash 5.1+)" \
                'PROMPT_COMMAND=("p one" "p two"); '"$INIT"$'\n'"$INIT"'; p "${#PROMPT_COMMAND[@]}" "${PROMPT_COMMAND[@]}"
                 eval "$("$MCD" init "$INITSH" --hook none)"; p "${PROMPT_COMMAND[@]}"' \
                "$(lines 3 __mcd_hook "p one" "p two" "p one" "p two")"
        else
            skip "bash: PROMPT_COMMAND array needs bash 5.1+"
        fi

        if command -v shellcheck >/dev/null 2>&1; then
            t "init output passes shellcheck" \
                '"$MCD" init bash | shellcheck -s bash - && "$MCD" init bash --cmd j --hook none | shellcheck -s bash - && p clean' \
                clean
        else
            skip "bash: shellcheck not installed"
        fi
    fi
}

for SH in bash zsh "${POSIX_SHELLS[@]}"; do
    if ! have_shell "$SH"; then
        skip "$SH: not installed"
        continue
    fi
    # the shell mcd init takes, for the scenarios' own init lines
    INITSH=$(init_of "$SH")
    export INITSH
    INIT='eval "$("$MCD" init "$INITSH")"'
    scenarios
done
finish
