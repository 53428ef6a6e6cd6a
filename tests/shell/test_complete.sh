#!/usr/bin/env bash
# test_complete.sh - TAB completion and the picker, typed into real bash and
# zsh sessions under tmux (send-keys, capture-pane), plus the protocol of
# `mcd complete` driven directly.
#
#   bash tests/shell/test_complete.sh /abs/path/to/mcd
#
# Prints `ok - ...` / `not ok - ...` lines; `# skip` when tmux is missing.
# Every wait polls the screen until the expected text shows, for at most
# MCD_TMUX_TIMEOUT seconds (default 5): no sleeps to tune, no timings.
set -u

MCD=${1:-}
if [[ -z $MCD || ! -x $MCD ]]; then
    printf 'usage: bash %s /path/to/mcd\n' "$0" >&2
    exit 2
fi
[[ $MCD == /* ]] || MCD=$PWD/$MCD
TIMEOUT=${MCD_TMUX_TIMEOUT:-5}

T=$(mktemp -d "${TMPDIR:-/tmp}/mcd-complete.XXXXXX") || exit 2
T=$(cd -P -- "$T" && pwd) || exit 2
SOCK=$T/tmux.sock
tm() { tmux -S "$SOCK" "$@"; }
cleanup() {
    [[ -S $SOCK ]] && tm kill-server >/dev/null 2>&1
    rm -rf -- "$T"
}
trap cleanup EXIT

FAILED=0
ok() { printf 'ok - %s\n' "$1"; }
not_ok() {
    FAILED=1
    printf 'not ok - %s\n' "$1"
    shift
    printf '%s\n' "$@" | sed 's/^/    /'
}

# ---- the fixture -------------------------------------------------------------
R=$T/acme
export HOME=$T/home MCD_DATA_DIR=$T/data
unset CDPATH PROMPT_COMMAND MCD_EXCLUDE XDG_DATA_HOME ZDOTDIR OLDPWD
mkdir -p "$HOME" "$R"/services/billing/migrations "$R"/tools/billing "$R"/services/payments/gateway \
    "$R"/services/payments/git-hooks "$R/docs/my notes" "$R/odd/it's \$HOME [x]*" "$R"/odd/-dash \
    "$R"/libs/ui
git -C "$R" init -q >/dev/null 2>&1 || mkdir "$R/.git"

# ---- the protocol, without a terminal ------------------------------------------
cd "$R" || exit 2
comp() { "$MCD" complete "$@" | tr '\0' '|'; }

(cd "$HOME" && comp --shell zsh -- bil >/dev/null)
[[ ! -e $MCD_DATA_DIR/mcd.db ]] && ok "TAB outside a repository creates no database" ||
    not_ok "TAB outside a repository creates no database"
# the first TAB in a repository never indexed (no database yet) indexes
# it, as the first jump does, and says nothing on the terminal
out=$(comp --shell zsh -- bil 2>"$T/tab.err")
want='t|tools/billing|tools/billing|t|services/billing|services/billing|'
if [[ $out == "D|||$want" && ! -s $T/tab.err ]] && "$MCD" roots | grep -qF "$R"; then
    ok "the first TAB in a repository never indexed indexes it, silently"
else
    not_ok "the first TAB in a repository never indexed indexes it, silently" "got:  $out" "want: D|||$want" \
        "stderr: $(cat "$T/tab.err")" "$("$MCD" roots 2>&1)"
fi
"$MCD" add "$R/libs/ui"
out=$(comp --shell zsh -- ui)
[[ $out == "D|||t|libs/ui|libs/ui|" ]] && ok "a visited folder completes from the index" ||
    not_ok "a visited folder completes from the index" "$out"

"$MCD" index "$R" 2>/dev/null
db_before=$(cksum <"$MCD_DATA_DIR/mcd.db")
want='t|tools/billing|tools/billing|t|services/billing|services/billing|'
out=$(comp --shell zsh -- bil)
[[ $out == "D|||$want" ]] && ok "zsh protocol: ranked targets, repository-relative" ||
    not_ok "zsh protocol: ranked targets, repository-relative" "got:  $out" "want: D|||$want"
[[ $(cksum <"$MCD_DATA_DIR/mcd.db") == "$db_before" ]] && ok "completion writes nothing" ||
    not_ok "completion writes nothing"

out=$(comp --shell zsh -- pay g)
want='t|gateway|services/payments/gateway|t|git-hooks|services/payments/git-hooks|'
[[ $out == "$want" ]] && ok "the last keyword completes given the earlier ones" ||
    not_ok "the last keyword completes given the earlier ones" "got:  $out" "want: $want"

out=$("$MCD" complete --shell bash --line 'mcd HOME')
want=$'-\nodd/it\\\'s\\ \\$HOME\\ \\[x\\]\\*'
[[ $out == "$want" ]] && ok "bash protocol: a hostile name comes quoted" ||
    not_ok "bash protocol: a hostile name comes quoted" "got:  $out" "want: $want"

out=$("$MCD" complete --shell bash --line 'mcd in')
[[ $out == $'-\ninit\nindex' ]] && ok "bash protocol: subcommands by prefix" ||
    not_ok "bash protocol: subcommands by prefix" "$out"

out=$("$MCD" complete --shell bash --line 'mcd init --hook ')
[[ $out == $'-\npwd\nnone' ]] && ok "bash protocol: option values" || not_ok "bash protocol: option values" "$out"

out=$("$MCD" complete --shell bash --binary --line 'mcd query bil')
[[ $out == $'-\ntools/billing\nservices/billing' ]] && ok "bash protocol: the binary's query keywords" ||
    not_ok "bash protocol: the binary's query keywords" "$out"

out=$("$MCD" complete --shell bash --line 'mcd serv')
[[ $out == $'nospace\nservices/' ]] && ok "bash protocol: a local directory completes as one" ||
    not_ok "bash protocol: a local directory completes as one" "$out"

# ---- terminal sessions ----------------------------------------------------------
if ! command -v tmux >/dev/null 2>&1; then
    printf '# skip terminal tests: tmux is not installed (make deps installs it)\n'
    exit "$FAILED"
fi

# screen SESSION: the visible pane, trailing blanks dropped
screen() { tm capture-pane -p -t "=$1:" | sed 's/[[:space:]]*$//'; }

# wait_for SESSION TEXT: poll until TEXT shows on the screen. 0 if it did.
wait_for() {
    local end=$((SECONDS + TIMEOUT + 1))
    while ((SECONDS < end)); do
        screen "$1" | grep -qF -- "$2" && return 0
        sleep 0.05
    done
    return 1
}

# wait_line SESSION LINE: poll until a whole screen line equals LINE.
wait_line() {
    local end=$((SECONDS + TIMEOUT + 1))
    while ((SECONDS < end)); do
        screen "$1" | grep -qxF -- "$2" && return 0
        sleep 0.05
    done
    return 1
}

# fresh SESSION: an empty screen, a prompt in $R
fresh() {
    tm send-keys -t "=$1:" C-u
    tm send-keys -t "=$1:" -l 'cd "$R" && clear'
    tm send-keys -t "=$1:" Enter
    wait_line "$1" "$1\$" || not_ok "$1: prompt came back" "$(screen "$1")"
}

# where SESSION WANT NAME: print the shell's $PWD and $? and check PWD.
where() {
    local marker
    tm send-keys -t "=$1:" -l 'printf "<%s:%s>\n" "$?" "$PWD"'
    tm send-keys -t "=$1:" Enter
    if wait_for "$1" "<$2>"; then ok "$1: $3"; else not_ok "$1: $3" "want <$2>" "screen:" "$(screen "$1")"; fi
}

# keys SESSION TEXT [KEYS...]: type TEXT literally, then press KEYS
keys() {
    local s=$1 text=$2
    shift 2
    tm send-keys -t "=$s:" -l -- "$text"
    (($#)) && tm send-keys -t "=$s:" "$@"
}

ENV=(env -i "HOME=$HOME" "PATH=$PATH" "TERM=xterm-256color" "LANG=${LANG:-C.UTF-8}" "MCD_DATA_DIR=$MCD_DATA_DIR"
    "R=$R" "MCD=$MCD" "ASAN_OPTIONS=${ASAN_OPTIONS:-}" "UBSAN_OPTIONS=${UBSAN_OPTIONS:-}")

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

tm -f /dev/null new-session -d -s bash -x 160 -y 50 -c "$R" \
    "${ENV[@]}" bash --noprofile --rcfile "$T/bashrc" -i
tm new-session -d -s zsh -x 160 -y 50 -c "$R" "${ENV[@]}" "ZDOTDIR=$T/zdot" zsh -i
tm new-session -d -s zsh2 -x 160 -y 50 -c "$R" "${ENV[@]}" "ZDOTDIR=$T/zdot2" zsh -i
tm set-option -g status off >/dev/null

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
    tm send-keys -t "=$s:" Enter
    where "$s" "0:$R/docs/my notes" "TAB on a unique target with a space, then Enter, lands there"

    fresh "$s"
    keys "$s" 'mcd HOME' Tab Enter
    where "$s" "0:$R/odd/it's \$HOME [x]*" "quotes, \$ and glob characters: TAB then Enter lands there"

    fresh "$s"
    keys "$s" 'mcd dash' Tab Enter
    where "$s" "0:$R/odd/-dash" "a name with a leading -: TAB then Enter lands there"

    fresh "$s"
    tm send-keys -t "=$s:" -l 'cd libs/ui && clear'
    tm send-keys -t "=$s:" Enter
    wait_line "$s" "$s\$"
    keys "$s" 'mcd migr' Tab
    wait_for "$s" "mcd services/billing/migrations" || not_ok "$s: a target from a subfolder" "$(screen "$s")"
    tm send-keys -t "=$s:" Enter
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
    wait_for "$s" "$s\$ mcd init zsh" && ok "$s: a subcommand's argument completes" ||
        not_ok "$s: a subcommand's argument completes" "$(screen "$s")"

    fresh "$s"
    keys "$s" 'mcd serv' Tab
    wait_for "$s" "$s\$ mcd services/" && ok "$s: a local directory still completes as one" ||
        not_ok "$s: a local directory still completes as one" "$(screen "$s")"

    # the picker
    fresh "$s"
    keys "$s" 'mcd -i bil'
    tm send-keys -t "=$s:" Enter
    if wait_for "$s" "mcd> bil"; then
        first=$(screen "$s" | sed -n 's/^  1  //p')
        tm send-keys -t "=$s:" Enter
        where "$s" "0:$R/$first" "picker: the keywords, then Enter, jump to the best match (first listed)"
    else
        not_ok "$s: picker: the keywords, then Enter, jump to the best match" "$(screen "$s")"
    fi

    fresh "$s"
    keys "$s" 'mcd -i bil' Enter
    if wait_for "$s" "mcd> bil"; then
        second=$(screen "$s" | sed -n 's/^  2  //p')
        tm send-keys -t "=$s:" C-u
        keys "$s" 2 Enter
        where "$s" "0:$R/$second" "picker: a listed number, then Enter, jumps to that entry"
    else
        not_ok "$s: picker: a listed number, then Enter, jumps to that entry" "$(screen "$s")"
    fi

    fresh "$s"
    keys "$s" 'mcd -i gate' Enter
    if wait_for "$s" "mcd> gate"; then
        tm send-keys -t "=$s:" C-c
        if [[ $s == bash ]]; then
            where "$s" "130:$R" "picker: Ctrl-C stays, status 130"
        else
            # zsh aborts the whole command line on Ctrl-C and reports its
            # own status for an interrupted function: check the directory,
            # then the binary's status on its own
            keys "$s" 'printf "<%s>\n" "$PWD"' Enter
            if wait_for "$s" "<$R>"; then ok "$s: picker: Ctrl-C stays"; else not_ok "$s: picker: Ctrl-C stays" "$(screen "$s")"; fi
            fresh "$s"
            keys "$s" '"$MCD" -i gate' Enter
            wait_for "$s" "mcd> gate"
            tm send-keys -t "=$s:" C-c
            where "$s" "130:$R" "picker: Ctrl-C exits with status 130"
        fi
    else
        not_ok "$s: picker: Ctrl-C stays" "$(screen "$s")"
    fi

    fresh "$s"
    keys "$s" 'mcd -i' Enter
    if wait_for "$s" "mcd>"; then
        tm send-keys -t "=$s:" Up
        if wait_for "$s" "mcd> bil"; then
            ok "$s: picker: Up recalls an earlier query"
        else
            not_ok "$s: picker: Up recalls an earlier query" "$(screen "$s")"
        fi
        tm send-keys -t "=$s:" C-u C-d
        where "$s" "1:$R" "picker: Ctrl-D cancels with status 1"
    else
        not_ok "$s: picker: Up recalls an earlier query" "$(screen "$s")"
    fi

    fresh "$s"
    keys "$s" 'mcd -i mig' Enter
    if wait_for "$s" "mcd> mig"; then
        tm send-keys -t "=$s:" BSpace BSpace BSpace
        keys "$s" 'gatew' Tab
        wait_for "$s" "mcd> services/payments/gateway" && ok "$s: picker: TAB completes from the ranked candidates" ||
            not_ok "$s: picker: TAB completes from the ranked candidates" "$(screen "$s")"
        tm send-keys -t "=$s:" Enter
        where "$s" "0:$R/services/payments/gateway" "picker: Enter on a completed entry jumps there"
    else
        not_ok "$s: picker: TAB completes" "$(screen "$s")"
    fi
done

# zsh with compinit after init: registered at the first prompt
s=zsh2
fresh "$s"
keys "$s" 'mcd notes' Tab
wait_for "$s" "$s\$ mcd docs/my\\ notes" && ok "$s: compinit after init: TAB inserts the target" ||
    not_ok "$s: compinit after init: TAB inserts the target" "$(screen "$s")"
tm send-keys -t "=$s:" Enter
where "$s" "0:$R/docs/my notes" "compinit after init: TAB completes a jump target"

exit "$FAILED"
