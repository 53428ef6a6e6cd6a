#!/usr/bin/env bash
# shellcheck disable=SC2016 # single-quoted scenarios are code for fish
# test_fish.sh - the fish integration (`mcd init fish | source`) in real
# fish: the jump function, the pwd hook, TAB completion through
# `complete -C`, --cmd and --hook, and under tmux the space-TAB picker.
#
#   bash tests/shell/test_fish.sh /abs/path/to/mcd
#
# Each scenario runs in a fresh `fish --no-config` started in the
# repository root with its own database folder. (The hostile names are
# in test_hostile.sh, cd replaced by --cmd cd in test_cmd_cd.sh.)
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"

if ! have_shell fish; then
    skip "fish: not installed (make test-deps installs it)"
    finish
fi

R=$T/src/acme
WRAP=$T/bin/mcd-logged
mkdir -p "$T/data" "$T/log" "$T/bin" "$R"/services/billing/internal/deep "$R"/services/api \
    "$R"/tools/api "$R"/tools/index "$R"/libs/ui "$R/docs/my notes" "$R/edge/trail"$'\n'
: >"$R/.mcdroot"
export R WRAP
# A wrapper that logs each call of the binary, to count `add`s exactly.
cat >"$WRAP" <<'EOF'
#!/bin/sh
printf '%s\n' "$*" >>"$LOG"
exec "$MCD" "$@"
EOF
chmod +x "$WRAP"

N=0
PRE=$CHILD_fish'
function adds
    test -f $LOG; and string match -- "add *" <$LOG
end'
run() {
    N=$((N + 1))
    SH=fish MCD_DATA_DIR=$T/data/$N LOG=$T/log/$N in_shell fish "$R" "$PRE" "$(SH=fish with_init "$1")"
}
lines() { local IFS=$'\n'; printf '%s' "$*"; }
# t NAME CODE EXPECTED [STDERR_GLOB]: stdout must be EXPECTED, stderr match
t() {
    local bad=0
    run "$2"
    [[ $OUT == "$3" ]] || bad=1
    # shellcheck disable=SC2053 # the glob is meant
    [[ $ERR == ${4-} ]] || bad=1
    report "$bad" "fish: $1" "$(
        printf 'expected stdout:\n%s\n' "$3" | indent
        printf 'got stdout:\n%s\n' "$OUT" | indent
        printf 'expected stderr matching: %s\n' "${4:-(empty)}"
        printf 'got stderr:\n%s\n' "$ERR" | indent
        printf 'code:\n%s\n' "$2" | indent
    )"
}
nomatch='mcd: no match*'

# ---- the script ---------------------------------------------------------------------
t "init output passes fish --no-execute (also --cmd j --hook none, --cmd cd)" \
    '"$MCD" init fish | fish --no-execute; and "$MCD" init fish --cmd j --hook none | fish --no-execute
     and "$MCD" init fish --cmd cd --picker fzf | fish --no-execute; and p clean' clean

# ---- the function -------------------------------------------------------------------
t "jumps from a deep subfolder; several keywords" \
    'cd services/billing/internal/deep; mcd billing; p $status $PWD; mcd services api; p $status $PWD' \
    "$(lines 0 "$R/services/billing" 0 "$R/services/api")"
t "mcd - goes back, twice; bare mcd goes to the root, HOME outside a repository" \
    'cd libs; mcd billing; mcd -; p $status $PWD; mcd -; p $PWD; cd $R/services; mcd; p $PWD; cd $T; mcd; p $PWD' \
    "$(lines 0 "$R/libs" "$R/services/billing" "$R" "$HOME")"
t "fish's own cd - and prevd know the jumps" \
    'cd libs; mcd billing; cd -; p $PWD; mcd ui; prevd >/dev/null; p $PWD' \
    "$(lines "$R/libs" "$R/libs")"
t "no match: status 1, \$PWD unchanged" \
    'cd libs; mcd zzqqxxyy; p $status $PWD' "$(lines 1 "$R/libs")" "$nomatch"
t "mcd KEYWORD 2>/dev/null silences the binary's message too" \
    'mcd zzqqxxyy 2>/dev/null; p $status' 1
t "a single existing directory is a plain cd, also with CDPATH set" \
    'set -gx CDPATH $T; cd services; mcd ../libs; p $status $PWD; mcd $R/tools; p $PWD; mcd api; p $PWD' \
    "$(lines 0 "$R/libs" "$R/tools" "$R/tools/api")"
t "mcd -- index jumps; a subcommand passes through and does not cd" \
    'cd libs; mcd query billing; p $PWD; mcd -- index; p $status $PWD; mcd --version >/dev/null; p $status' \
    "$(lines "$R/services/billing" "$R/libs" 0 "$R/tools/index" 0)"
t "a path with spaces, a name ending in a newline" \
    'mcd notes; p $PWD; mcd trail; p "[$PWD]"' \
    "$(lines "$R/docs/my notes" "[$R/edge/trail"$'\n'"]")"
t "MCD_ECHO=1 prints the new directory" \
    'set -gx MCD_ECHO 1; mcd billing; p $PWD' "$(lines "$R/services/billing" "$R/services/billing")"
t "user functions named cd, printf, count, contains do not interfere" \
    'function printf; echo hijacked; end; function count; echo hijacked; end
     function contains; echo hijacked; end; function cd; echo hijacked; end
     mcd billing; builtin printf "%s\n" $status $PWD; mcd -; builtin printf "%s\n" $PWD' \
    "$(lines 0 "$R/services/billing" "$R")"

# ---- the pwd hook -------------------------------------------------------------------
t "the hook records each change of directory once, the jump once" \
    'set __mcd_bin $WRAP; cd libs; cd libs 2>/dev/null; cd .; mcd billing; cd $PWD; adds' \
    "$(lines "add -- $R/libs" "add -- $R/services/billing")"
t "the hook prints nothing and keeps \$status, also when the binary is missing or fails" \
    'set __mcd_bin $T/no-such-mcd; false; cd libs; p $status; set -gx MCD_DATA_DIR /dev/null/x; set __mcd_bin $MCD; cd ui; p $status $PWD' \
    "$(lines 0 0 "$R/libs/ui")"
t "init twice installs the hook once; --hook none removes it" \
    '"$MCD" init fish | source; set __mcd_bin $WRAP; cd libs; "$MCD" init fish --hook none | source
     set __mcd_bin $WRAP; cd ui; functions -q __mcd_hook; or p "no hook"; mcd billing; adds' \
    "$(lines "no hook" "add -- $R/libs" "add -- $R/services/billing")"
t "--cmd j: j jumps, mcd is not a function" \
    '"$MCD" init fish --cmd j | source; cd libs; j billing; p $status $PWD; functions -q mcd; or p "no mcd"' \
    "$(lines 0 "$R/services/billing" "no mcd")"
t "set -g __mcd_last survives a second init: no second record" \
    'set __mcd_bin $WRAP; cd libs; "$MCD" init fish | source; set __mcd_bin $WRAP; cd .; adds' \
    "add -- $R/libs"

# ---- TAB: complete -C ---------------------------------------------------------------
t "complete -C 'mcd bil' offers the target, its path as the description" \
    'complete -C "mcd bil"' "services/billing"
t "complete -C: local folders first, then targets; subcommands; options" \
    'cd services; complete -C "mcd " | head -n 2; complete -C "mcd in"; complete -C "mcd query --n"' \
    "$(lines api/ billing/ init index --null)"
t "complete -C: a path completes as a local folder only; a quoted word" \
    'cd docs; complete -C "mcd ./m"; complete -C "mcd \"my n"' \
    "$(lines "./my notes/" "my notes/")"
t "complete -C: no candidate after keywords and a space (that TAB is the picker's)" \
    'complete -C "mcd bil "; p end' end

# ---- the space-TAB picker, under tmux ---------------------------------------------------
if command -v tmux >/dev/null 2>&1; then
    printf '%s\n' 'function fish_prompt; printf "fish\$ "; end' 'function fish_greeting; end' \
        '"$MCD" init fish | source' >"$T/config.fish"
    tm_start fish "$R/docs" "MCD_DATA_DIR=$T/data/tmux" "R=$R" fish --no-config -C "source $T/config.fish"
    if wait_for fish 'fish$'; then
        keys fish 'mcd bil ' Tab
        if wait_for fish 'mcd>' && wait_for fish 'services/billing'; then
            ok "fish: keywords, a space and TAB open the picker on them"
            press fish Enter
            keys fish 'printf "<%s:%s>\n" $status $PWD' Enter
            wait_for fish "<0:$R/services/billing>"
            report "$?" "fish: the picker's choice, Enter: the line runs and jumps there" "$(screen fish)"
        else
            not_ok "fish: keywords, a space and TAB open the picker on them" "$(screen fish)"
        fi
        keys fish 'clear' Enter
        keys fish 'mcd ind' Tab
        wait_for fish 'mcd index'
        report "$?" "fish: elsewhere TAB completes as ever" "$(screen fish)"
    else
        not_ok "fish: the shell started under tmux" "$(screen fish)"
    fi
else
    skip "fish: the picker needs tmux"
fi
finish
