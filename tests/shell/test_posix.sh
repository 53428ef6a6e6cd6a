#!/usr/bin/env bash
# shellcheck disable=SC2016 # single-quoted scenarios are code for the child shells
# test_posix.sh - `mcd init posix` in real dash, mksh and busybox sh: the
# jump function, set -eu, the pwd hook (mksh's PS1; in dash and busybox sh
# the function records), --cmd, --hook, and shellcheck --shell=sh.
#
#   bash tests/shell/test_posix.sh /abs/path/to/mcd
#
# Each scenario runs in a fresh non-interactive shell started in the
# repository root with its own database folder; the prompt hook is seen
# in an interactive mksh under tmux. (The hostile names are in
# test_hostile.sh, cd replaced by --cmd cd in test_cmd_cd.sh.)
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"

R=$T/src/acme
WRAP=$T/bin/mcd-logged
mkdir -p "$T/data" "$T/log" "$T/bin" "$R"/services/billing/internal/deep "$R"/services/api \
    "$R"/tools/index "$R"/libs/ui "$R/docs/my notes" "$R/edge/trail"$'\n' "$R/edge/-dash"
: >"$R/.mcdroot"
export R WRAP
cat >"$WRAP" <<'EOF'
#!/bin/sh
printf '%s\n' "$*" >>"$LOG"
exec "$MCD" "$@"
EOF
chmod +x "$WRAP"

if command -v shellcheck >/dev/null 2>&1; then
    bad=0 diag=''
    for args in '' '--cmd cd' '--cmd j --hook none --picker fzf'; do
        # shellcheck disable=SC2086 # the options are words
        if ! out=$("$MCD" init posix $args | shellcheck --shell=sh - 2>&1); then
            bad=1 diag+="init posix $args:"$'\n'"$out"$'\n'
        fi
    done
    report "$bad" "posix: init output passes shellcheck --shell=sh (also --cmd cd, --cmd j --hook none)" "$diag"
else
    skip "posix: shellcheck is not installed"
fi

N=0
PRE=$CHILD_posix'
adds() {
    if [ -f "$LOG" ]; then
        while IFS= read -r l; do case $l in "add "*) p "$l" ;; esac; done <"$LOG"
    fi
}'
run() {
    N=$((N + 1))
    MCD_DATA_DIR=$T/data/$N LOG=$T/log/$N in_shell "$SH" "$R" "$PRE" "$(with_init "$1")"
}
lines() { local IFS=$'\n'; printf '%s' "$*"; }
t() {
    local bad=0
    run "$2"
    [[ $OUT == "$3" ]] || bad=1
    # shellcheck disable=SC2053 # the glob is meant
    [[ $ERR == ${4-} ]] || bad=1
    report "$bad" "$SH: $1" "$(
        printf 'expected stdout:\n%s\n' "$3" | indent
        printf 'got stdout:\n%s\n' "$OUT" | indent
        printf 'expected stderr matching: %s\n' "${4:-(empty)}"
        printf 'got stderr:\n%s\n' "$ERR" | indent
        printf 'shell exit status: %s\n' "$RC"
        printf 'code:\n%s\n' "$2" | indent
    )"
}
nomatch='mcd: no match*'

scenarios() {
    t "init output parses" '"$MCD" init posix | '"${SH/busybox/busybox sh}"' -n && p parsed' parsed
    t "jumps from a deep subfolder; several keywords" \
        'cd services/billing/internal/deep; mcd billing; p "$?" "$PWD"; mcd services api; p "$?" "$PWD"' \
        "$(lines 0 "$R/services/billing" 0 "$R/services/api")"
    t "mcd - goes back; bare mcd goes to the root, HOME outside a repository" \
        'cd libs; mcd billing; mcd -; p "$?" "$PWD"; cd "$R/services"; mcd; p "$PWD"; cd "$T"; mcd; p "$PWD"' \
        "$(lines 0 "$R/libs" "$R" "$HOME")"
    t "no match: status 1, \$PWD unchanged" \
        'cd libs; mcd zzqqxxyy; p "$?" "$PWD"' "$(lines 1 "$R/libs")" "$nomatch"
    t "a single existing directory is a plain cd, never a CDPATH entry" \
        'CDPATH=$T/cdp; export CDPATH; mkdir -p "$T/cdp/libs"; cd "$R/services"; mcd ../libs; p "$?" "$PWD"; cd "$R"; mcd libs; p "$PWD"' \
        "$(lines 0 "$R/libs" "$R/libs")"
    t "mcd -- index jumps; a subcommand passes through and does not cd" \
        'cd libs; mcd query billing; p "$PWD"; mcd -- index; p "$?" "$PWD"' \
        "$(lines "$R/services/billing" "$R/libs" 0 "$R/tools/index")"
    t "spaces, a trailing newline, a leading -" \
        'mcd notes; p "$PWD"; mcd trail; p "[$PWD]"; cd "$R/edge"; mcd -dash; p "$PWD"' \
        "$(lines "$R/docs/my notes" "[$R/edge/trail"$'\n'"]" "$R/edge/-dash")"
    t "set -eu: jumps work, a guarded miss goes on, an unguarded one ends the shell" \
        'set -eu
         '"$(init_code "$SH")"'
         cd services/billing/internal/deep
         mcd billing; p "$PWD"; mcd -; p "$PWD"; mcd; p "$PWD"; prompt
         mcd zzqqxxyy || p "rc=$?"
         MCD_ECHO=1 mcd -- index
         mcd zzqqxxyy
         p unreachable' \
        "$(lines "$R/services/billing" "$R/services/billing/internal/deep" "$R" rc=1 "$R/tools/index")" \
        "$nomatch"$'\n'"$nomatch"
    t "functions named cd, printf, test, command-line aliases do not interfere" \
        'cd() { echo hijacked; }; printf() { echo hijacked; }; test() { echo hijacked; }
         '"$(init_code "$SH")"'
         mcd billing; echo "$? $PWD"; mcd -; echo "$PWD"' \
        "$(lines "0 $R/services/billing" "$R")"
    t "the function records its jump, once" \
        '__mcd_bin=$WRAP; mcd billing; prompt; prompt; mcd -; adds' \
        "$(lines "add -- $R/services/billing" "add -- $R")"
    if [[ $SH == mksh ]]; then
        t "the PS1 hook records each change of directory once and keeps \$?" \
            '__mcd_bin=$WRAP; cd libs; false; prompt; p "$?"; prompt; cd ui; prompt; prompt; adds' \
            "$(lines 1 "add -- $R/libs" "add -- $R/libs/ui")"
        t "init twice puts the hook in PS1 once; --hook none takes it out" \
            'PS1="my\$ "; '"$(init_code mksh)"'; '"$(init_code mksh)"'; p "$PS1"; eval "$("$MCD" init posix --hook none)"; p "$PS1"' \
            "$(lines '${|__mcd_hook;}my$ ' 'my$ ')"
    else
        t "no prompt hook: PS1 is left alone; plain cds are not recorded, jumps are" \
            'PS1="my\$ "; '"$(init_code "$SH")"'; p "$PS1"; __mcd_bin=$WRAP; cd libs; prompt; mcd billing; adds' \
            "$(lines 'my$ ' "add -- $R/services/billing")"
    fi
    t "--hook none: only jumps are recorded" \
        'eval "$("$MCD" init posix --hook none)"; __mcd_bin=$WRAP; cd libs; prompt; mcd billing; prompt; adds' \
        "add -- $R/services/billing"
    t "--cmd j: j jumps, mcd is not defined" \
        'eval "$("$MCD" init posix --cmd j)"; cd libs; j billing; p "$?" "$PWD"; case $(command -v mcd) in /* | "") p "no mcd" ;; esac' \
        "$(lines 0 "$R/services/billing" "no mcd")"
}

for SH in "${POSIX_SHELLS[@]}"; do
    if have_shell "$SH"; then scenarios; else skip "$SH: not installed"; fi
done

# the hook as mksh runs it: an interactive mksh under tmux, PS1 expanded
# before each prompt
if have_shell mksh && command -v tmux >/dev/null 2>&1; then
    printf '%s\n' 'PS1="mksh$ "' 'eval "$("$MCD" init posix)"' '__mcd_bin=$WRAP' >"$T/mkshrc"
    tm_start mksh "$R" "MCD_DATA_DIR=$T/data/tmux" "LOG=$T/log/tmux" "WRAP=$WRAP" "ENV=$T/mkshrc" mksh -i
    if wait_for mksh 'mksh$'; then
        keys mksh 'cd libs' Enter
        keys mksh 'false' Enter
        keys mksh 'echo "st=$?"' Enter
        keys mksh 'cd ui' Enter
        keys mksh 'cd .' Enter
        keys mksh 'grep -c "^add " "$LOG"; echo done' Enter
        wait_for mksh 'done'
        # the first prompt records where the shell started, then each change
        [[ $(screen mksh) == *'st=1'* && $(cat "$T/log/tmux") == "$(lines "add -- $R" "add -- $R/libs" "add -- $R/libs/ui")" ]]
        report "$?" "mksh (interactive): the PS1 hook records each change once, keeps \$?, prints nothing" \
            "$(screen mksh)" "log:" "$(cat "$T/log/tmux" 2>/dev/null)"
    else
        not_ok "mksh: the shell started under tmux" "$(screen mksh)"
    fi
fi
finish
