#!/usr/bin/env bash
# shellcheck disable=SC2016 # single-quoted strings are typed into the shells
# test_complete.sh - TAB completion, typed into real bash and
# zsh sessions under tmux (send-keys, capture-pane), plus the protocol of
# `mcd complete` driven directly.
#
#   bash tests/shell/test_complete.sh /abs/path/to/mcd
#
# Prints `ok - ...` / `not ok - ...` lines; `# skip` when tmux is missing.
# Every wait polls the screen until the expected text shows (lib.sh's
# wait_for, MCD_TMUX_TIMEOUT): no sleeps to tune, no timings.
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
SRCDIR=$(cd -- "$(dirname -- "$0")/../.." && pwd) # the checkout: completions/

# ---- the fixture -------------------------------------------------------------
R=$T/acme
export MCD_DATA_DIR=$T/data
mkdir -p "$R"/services/billing/migrations "$R"/tools/billing "$R"/services/payments/gateway \
    "$R"/services/payments/git-hooks "$R/docs/my notes" "$R/odd/it's \$HOME [x]*" "$R"/odd/-dash \
    "$R"/libs/ui
git -C "$R" init -q >/dev/null 2>&1 || mkdir "$R/.git"

# ---- the protocol, without a terminal ------------------------------------------
cd "$R" || exit 2
comp() { "$MCD" complete "$@" | tr '\0' '|'; }

(cd "$HOME" && comp --shell zsh -- bil >/dev/null)
[[ ! -e $MCD_DATA_DIR/mcd.db ]]
report "$?" "TAB outside a repository creates no database"
# the first TAB in a repository never indexed (no database yet) indexes
# it, as the first jump does, and says nothing on the terminal
out=$(comp --shell zsh -- bil 2>"$T/tab.err")
# directives, counts of words, targets and folders, then each group (the
# targets listed as they are inserted: "=", no display group)
want='D=|0|2|0|tools/billing|services/billing|'
if [[ $out == "$want" && ! -s $T/tab.err ]] && "$MCD" roots | grep -qF "$R"; then
    ok "the first TAB in a repository never indexed indexes it, silently"
else
    not_ok "the first TAB in a repository never indexed indexes it, silently" "got:  $out" "want: $want" \
        "stderr: $(cat "$T/tab.err")" "$("$MCD" roots 2>&1)"
fi
"$MCD" add "$R/libs/ui"
out=$(comp --shell zsh -- ui)
[[ $out == "D=|0|1|0|libs/ui|" ]]
report "$?" "a visited folder completes from the index" "$out"

"$MCD" index "$R" 2>/dev/null
db_before=$(cksum <"$MCD_DATA_DIR/mcd.db")
want='D=|0|2|0|tools/billing|services/billing|'
out=$(comp --shell zsh -- bil)
[[ $out == "$want" ]]
report "$?" "zsh protocol: ranked targets, repository-relative" "got:  $out" "want: $want"
[[ $(cksum <"$MCD_DATA_DIR/mcd.db") == "$db_before" ]]
report "$?" "completion writes nothing"

out=$(comp --shell zsh -- pay g)
want='-|0|2|0|gateway|git-hooks|services/payments/gateway|services/payments/git-hooks|'
[[ $out == "$want" ]]
report "$?" "the last keyword completes given the earlier ones" "got:  $out" "want: $want"

out=$("$MCD" complete --shell bash --line 'mcd HOME')
want=$'-\nodd/it\\\'s\\ \\$HOME\\ \\[x\\]\\*'
[[ $out == "$want" ]]
report "$?" "bash protocol: a hostile name comes quoted" "got:  $out" "want: $want"
# the function takes that entry as it is (split on newlines alone, not
# globbed) and leaves the shell's globbing and IFS as they were
out=$(cd "$R" && bash --norc --noprofile -c 'eval "$("$1" init bash)"
    COMP_LINE="mcd HOME" COMP_POINT=8; __mcd_complete mcd HOME mcd
    printf "%s\n" "${COMPREPLY[@]}"; printf "%s|%q\n" "${-//[^f]/}" "$IFS"' bash "$MCD" 2>&1)
want=$'odd/it\\\'s\\ \\$HOME\\ \\[x\\]\\*\n|$\' \\t\\n\''
[[ $out == "$want" ]]
report "$?" "bash: the completion function takes quoted entries whole, globbing and IFS kept" \
    "got:  $out" "want: $want"

out=$("$MCD" complete --shell bash --line 'mcd in')
[[ $out == $'-\ninit\nindex' ]]
report "$?" "bash protocol: subcommands by prefix" "$out"

out=$("$MCD" complete --shell bash --line 'mcd init --hook ')
[[ $out == $'-\npwd\nnone' ]]
report "$?" "bash protocol: option values" "$out"

# the cursor before the end: bash counts COMP_POINT in bytes, whatever
# the locale, and the binary cuts the line there (--point)
out=$("$MCD" complete --shell bash --words --line 'mcd é bil tail' --point 10 | tr '\0' '|')
[[ $out == "é|bil|" ]]
report "$?" "bash protocol: --point cuts the line at a byte, after a multibyte word" "$out"
out=$(cd "$R" && LC_ALL=C.UTF-8 bash --norc --noprofile -c 'eval "$("$1" init bash)"
    COMP_LINE="mcd bil ünï" COMP_POINT=7; __mcd_complete mcd bil mcd
    printf "%s|" "${COMPREPLY[@]}"' bash "$MCD" 2>&1)
[[ $out == "tools/billing|services/billing|" ]]
report "$?" "bash: the completion function completes the word at the cursor, not the line's end" "$out"
# COMPREPLY from index 0, as helpers that loop over its indexes expect
# (bash-completion's __ltrim_colon_completions); without COMP_POINT (the
# function called by hand) the cursor is at the line's end
out=$(cd "$R" && bash --norc --noprofile -c 'eval "$("$1" init bash)"
    COMP_LINE="mcd bil"; unset COMP_POINT; __mcd_complete mcd bil mcd
    printf "%s," "${!COMPREPLY[@]}"; printf "%s|" "${COMPREPLY[@]}"' bash "$MCD" 2>&1)
[[ $out == "0,1,tools/billing|services/billing|" ]]
report "$?" "bash: COMPREPLY starts at index 0; no COMP_POINT means the line's end" "$out"

# the binary's own completion, as make install puts it (completions/),
# each called as its shell calls it, on the protocol above
if have_shell bash; then
    out=$(cd "$R" && bash --norc --noprofile -c '. "$1/completions/mcd.bash"
        for line in "mcd in" "mcd query bil"; do
            COMP_LINE=$line COMP_POINT=${#line}; _mcd "$2"; printf "%s|" "${COMPREPLY[@]}"
        done' bash "$SRCDIR" "$MCD" 2>&1)
    [[ $out == "init|index|tools/billing|services/billing|" ]]
    report "$?" "completions/mcd.bash: subcommands, then the binary's query targets" "$out"
fi
if have_shell zsh; then
    # compadd and compstate stand in for what only a completion widget has
    out=$(cd "$R" && zsh -f -c 'typeset -A compstate; typeset -a got
        compadd() { while [[ $1 != -- ]]; do shift; done; shift; got+=("$@") }
        _path_files() { return 1 }; _files() { return 1 }; PREFIX=
        src=$1; _mcd() { . "$src/completions/_mcd" }
        for line in "mcd in" "mcd query bil"; do
            got=(); words=("$2" ${=line#mcd }); CURRENT=$#words
            [[ $line == *" " ]] && words+=("") CURRENT=$#words
            _mcd; print -rn -- "${(j:|:)got}|"
        done' zsh "$SRCDIR" "$MCD" 2>&1)
    # `mcd query` runs anywhere: its targets are inserted whole
    [[ $out == "init|index|$R/tools/billing|$R/services/billing|" ]]
    report "$?" "completions/_mcd: subcommands, then the binary's query targets" "$out"
fi

out=$("$MCD" complete --shell bash --binary --line 'mcd query bil')
[[ $out == $'-\ntools/billing\nservices/billing' ]]
report "$?" "bash protocol: the binary's query keywords" "$out"

out=$("$MCD" complete --shell bash --line 'mcd serv')
[[ $out == $'nospace\nservices/' ]]
report "$?" "bash protocol: a local directory completes as one" "$out"

# ---- terminal sessions ----------------------------------------------------------
if ! command -v tmux >/dev/null 2>&1; then
    skip "terminal tests: tmux is not installed (make deps installs it)"
    finish
fi

# fresh SESSION: an empty screen, a prompt in $R
fresh() {
    press "$1" C-u
    keys "$1" 'cd "$R" && clear' Enter
    wait_line "$1" "$1\$" || not_ok "$1: prompt came back" "$(screen "$1")"
}

# where SESSION WANT NAME: print the shell's $? and $PWD; check them.
where() {
    keys "$1" 'printf "<%s:%s>\n" "$?" "$PWD"' Enter
    if wait_for "$1" "<$2>"; then ok "$1: $3"; else not_ok "$1: $3" "want <$2>" "screen:" "$(screen "$1")"; fi
}

# what the shells see besides lib.sh's terminal environment
SHELL_ENV=("MCD_DATA_DIR=$MCD_DATA_DIR" "R=$R")

cat >"$T/bashrc" <<'EOF'
PS1='bash$ '
HISTFILE=/dev/null
eval "$("$MCD" init bash)"
EOF
mkdir -p "$T/zdot" "$T/zdot2"
cat >"$T/zdot/.zshrc" <<'EOF'
PS1='zsh$ '
autoload -Uz compinit && compinit -u -d "$HOME/.zcompdump"
eval "$("$MCD" init zsh)"
EOF
# compinit after init, as many ~/.zshrc have it
cat >"$T/zdot2/.zshrc" <<'EOF'
PS1='zsh2$ '
eval "$("$MCD" init zsh)"
autoload -Uz compinit && compinit -u -d "$HOME/.zcompdump2"
EOF

tm_start bash "$R" "${SHELL_ENV[@]}" bash --noprofile --rcfile "$T/bashrc" -i
tm_start zsh "$R" "${SHELL_ENV[@]}" "ZDOTDIR=$T/zdot" zsh -i
tm_start zsh2 "$R" "${SHELL_ENV[@]}" "ZDOTDIR=$T/zdot2" zsh -i

for s in bash zsh zsh2; do
    if ! wait_for "$s" "$s"; then
        not_ok "$s: the shell started" "$(screen "$s")"
    fi
done

# the name as the prompt shows it
for s in bash zsh; do
    fresh "$s"
    keys "$s" 'mcd notes' Tab
    wait_for "$s" "$s\$ mcd docs/my\\ notes" || not_ok "$s: a name with a space is inserted quoted" "$(screen "$s")"
    press "$s" Enter
    where "$s" "0:$R/docs/my notes" "TAB on a unique target with a space, then Enter, lands there"

    fresh "$s"
    keys "$s" 'mcd HOME' Tab Enter
    where "$s" "0:$R/odd/it's \$HOME [x]*" "quotes, \$ and glob characters: TAB then Enter lands there"

    fresh "$s"
    keys "$s" 'mcd dash' Tab Enter
    where "$s" "0:$R/odd/-dash" "a name with a leading -: TAB then Enter lands there"

    fresh "$s"
    keys "$s" 'cd libs/ui && clear' Enter
    wait_line "$s" "$s\$"
    keys "$s" 'mcd migr' Tab
    wait_for "$s" "mcd services/billing/migrations" || not_ok "$s: a target from a subfolder" "$(screen "$s")"
    press "$s" Enter
    where "$s" "0:$R/services/billing/migrations" "TAB from a subfolder, then Enter, lands there"

    fresh "$s"
    keys "$s" 'mcd pay ga' Tab Enter
    where "$s" "0:$R/services/payments/gateway" "the last keyword completes given the earlier ones"

    fresh "$s"
    if [[ $s == bash ]]; then keys "$s" 'mcd bil' Tab Tab; else keys "$s" 'mcd bil' Tab; fi
    if wait_for "$s" "services/billing" && wait_for "$s" "tools/billing" && wait_for "$s" "$s\$ mcd bil"; then
        ok "$s: an ambiguous name lists both and keeps what was typed"
    else
        not_ok "$s: an ambiguous name lists both and keeps what was typed" "$(screen "$s")"
    fi

    fresh "$s"
    if [[ $s == bash ]]; then keys "$s" 'mcd in' Tab Tab; else keys "$s" 'mcd in' Tab; fi
    if wait_for "$s" "init" && wait_for "$s" "index" && wait_for "$s" "$s\$ mcd in"; then
        ok "$s: subcommands complete"
    else
        not_ok "$s: subcommands complete" "$(screen "$s")"
    fi
    fresh "$s"
    keys "$s" 'mcd init z' Tab
    wait_for "$s" "$s\$ mcd init zsh"
    report "$?" "$s: a subcommand's argument completes" "$(screen "$s")"

    fresh "$s"
    keys "$s" 'mcd serv' Tab
    wait_for "$s" "$s\$ mcd services/"
    report "$?" "$s: a local directory still completes as one" "$(screen "$s")"
    # the picker: test_picker.sh
done

# zsh with compinit after init: registered at the first prompt
s=zsh2
fresh "$s"
keys "$s" 'mcd notes' Tab
wait_for "$s" "$s\$ mcd docs/my\\ notes"
report "$?" "$s: compinit after init: TAB inserts the target" "$(screen "$s")"
press "$s" Enter
where "$s" "0:$R/docs/my notes" "compinit after init: TAB completes a jump target"

# ---- the refresh in the background ---------------------------------------------
# An index older than a minute is refreshed after the jump has answered, in
# a process of its own: the shell shows no job, keeps $?, and nothing of it
# is left once it is done. The snapshot's header holds the time it was made
# (bytes 24..31); it is set an hour back to make the index stale.
indexed_at() { perl -e 'open(F, "<", $ARGV[0]) or exit 1; binmode F; seek(F, 24, 0); read(F, $b, 8); print unpack("q<", $b)' "$1"; }
age_index() { perl -e 'open(F, "+<", $ARGV[0]) or exit 1; binmode F; seek(F, 24, 0); print F pack("q<", time - 3600)' "$1"; }
idxs=("$MCD_DATA_DIR"/index/*.idx)
idx=${idxs[0]}
[[ -f $idx ]] || idx=
for s in bash zsh; do
    if [[ -z $idx ]] || ! command -v perl >/dev/null; then
        skip "$s: the background refresh: no snapshot or no perl"
        continue
    fi
    age_index "$idx"
    old=$(indexed_at "$idx")
    fresh "$s"
    keys "$s" 'mcd gateway' Enter
    where "$s" "0:$R/services/payments/gateway" "a jump with a stale index answers at once, status kept"
    for _ in $(seq 100); do [[ $(indexed_at "$idx") != "$old" ]] && break; sleep 0.1; done
    [[ $(indexed_at "$idx") != "$old" ]]
    report "$?" "$s: a stale index is refreshed in the background" "indexed_at $old -> $(indexed_at "$idx")"
    ! screen "$s" | grep -Eq '^\[[0-9]+\]|Done|Running|suspended'
    report "$?" "$s: the background refresh shows no job" "$(screen "$s")"
    for _ in $(seq 50); do pgrep -f -- "$MCD index\\b|^$MCD " >/dev/null || break; sleep 0.1; done
    ! pgrep -fa -- "^$MCD " >/dev/null
    report "$?" "$s: nothing of the refresh is left running" "$(pgrep -fa -- "^$MCD ")"
done

finish
