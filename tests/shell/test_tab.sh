#!/usr/bin/env bash
# shellcheck disable=SC2016 # single-quoted strings are typed into the shells
# test_tab.sh - TAB as people have it: bash and zsh under tmux with the
# plugins they load beside mcd (bash-completion, fzf's key bindings and
# completion, direnv; in zsh also zsh-autosuggestions and
# zsh-syntax-highlighting), loaded before mcd in one session and after it
# in another. Every form a query accepts completes alike in both shells;
# a path-like word completes local folders only; nothing carries over from
# one command line to the next; "mcd foo<SPACE><TAB>" opens the picker and
# jumps to the choice; `init --picker fzf` hands the list to fzf, or falls
# back to the built-in picker without it.
#
#   bash tests/shell/test_tab.sh /abs/path/to/mcd
#
# A plugin that is not installed is left out (and said so); the checks
# run all the same. Every wait polls the screen (lib.sh): no sleeps.
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"

if ! command -v tmux >/dev/null 2>&1 || ! command -v zsh >/dev/null 2>&1; then
    skip "TAB with plugins: tmux or zsh is not installed (make deps installs them)"
    finish
fi

# ---- the fixture ---------------------------------------------------------------------
R=$T/acme
export MCD_DATA_DIR=$T/data
mkdir -p "$R"/services/billing "$R"/tools/billing "$R"/services/payments/gateway \
    "$R"/packages/core-loggers "$R"/packages/core "$R/packages/my ui" "$R"/fetching/git-fetcher \
    "$R"/registry/etcd2 "$R"/docs/guide "$R"/co-local "$HOME/corefolder"
printf '{"name": "@acme/core-loggers"}\n' >"$R/packages/core-loggers/package.json"
printf '{"name": "@acme/core"}\n' >"$R/packages/core/package.json"
printf '{"name": "@acme/my-ui"}\n' >"$R/packages/my ui/package.json"
git -C "$R" init -q >/dev/null 2>&1 || mkdir "$R/.git"
"$MCD" index "$R" >/dev/null 2>&1 || bail "mcd index failed"

# the plugins, each when installed
FZF_EX=/usr/share/doc/fzf/examples
plugins_bash=() plugins_zsh=()
add_plugin() { # SHELL FILE: load FILE in SHELL's sessions if it is there
    if [[ -r $2 ]]; then
        eval "plugins_$1+=(\". \\\"$2\\\"\")"
    else
        skip "$1: plugin $2 is not installed"
    fi
}
add_plugin bash /usr/share/bash-completion/bash_completion
add_plugin bash "$FZF_EX/key-bindings.bash"
add_plugin bash /usr/share/bash-completion/completions/fzf
add_plugin zsh "$FZF_EX/key-bindings.zsh"
add_plugin zsh "$FZF_EX/completion.zsh"
add_plugin zsh /usr/share/zsh-autosuggestions/zsh-autosuggestions.zsh
add_plugin zsh /usr/share/zsh-syntax-highlighting/zsh-syntax-highlighting.zsh
if command -v direnv >/dev/null 2>&1; then
    plugins_bash+=('eval "$(direnv hook bash)"')
    plugins_zsh+=('eval "$(direnv hook zsh)"')
else
    skip "direnv is not installed"
fi
HAVE_FZF=0
command -v fzf >/dev/null 2>&1 && HAVE_FZF=1

# rc SHELL NAME ORDER INIT_ARGS: the rc file of a session NAME: mcd's init
# before the plugins (ORDER=first) or after them (last); in zsh,
# syntax-highlighting stays last, as its manual asks
rc() {
    local sh=$1 name=$2 order=$3 args=$4 init plugins
    init="eval \"\$(\"\$MCD\" init $sh $args)\""
    if [[ $sh == bash ]]; then plugins=("${plugins_bash[@]}"); else plugins=("${plugins_zsh[@]}"); fi
    printf 'PS1=%q\nHISTFILE=/dev/null\n' "$name\$ "
    [[ $sh == zsh ]] && printf 'autoload -Uz compinit && compinit -u -d "$HOME/.zcompdump-%s"\n' "$name"
    [[ $order == first ]] && printf '%s\n' "$init"
    printf '%s\n' "${plugins[@]}"
    [[ $order == last ]] && printf '%s\n' "$init"
}
SHELL_ENV=("MCD_DATA_DIR=$MCD_DATA_DIR" "R=$R")
start_session() { # NAME SHELL ORDER INIT_ARGS
    local name=$1 sh=$2
    if [[ $sh == bash ]]; then
        rc bash "$name" "$3" "$4" >"$T/$name.rc"
        tm_start "$name" "$R" "${SHELL_ENV[@]}" bash --noprofile --rcfile "$T/$name.rc" -i
    else
        mkdir -p "$T/$name.zdot"
        rc zsh "$name" "$3" "$4" >"$T/$name.zdot/.zshrc"
        tm_start "$name" "$R" "${SHELL_ENV[@]}" "ZDOTDIR=$T/$name.zdot" zsh -i
    fi
}
start_session bash bash first ''
start_session zsh zsh first ''
start_session bashf bash last '--picker fzf'
start_session zshf zsh last '--picker fzf'
SESSIONS=(bash zsh bashf zshf)
for s in "${SESSIONS[@]}"; do
    wait_line "$s" "$s\$" || not_ok "$s: the shell started" "$(screen "$s")"
done

# fresh SESSION [DIR]: an empty screen, a prompt in DIR (default $R)
fresh() {
    press "$1" C-u
    keys "$1" "cd \"${2:-$R}\" && clear" Enter
    wait_line "$1" "$1\$" || not_ok "$1: prompt came back" "$(screen "$1")"
}
# where SESSION WANT NAME: print the shell's $? and $PWD; check them
where() {
    keys "$1" 'printf "<%s:%s>\n" "$?" "$PWD"' Enter
    if wait_for "$1" "<$2>"; then ok "$1: $3"; else not_ok "$1: $3" "want <$2>" "screen:" "$(screen "$1")"; fi
}
# tab SESSION DIR TEXT WANT NAME: in DIR, type TEXT and TAB; the line must
# become WANT, and nothing else be listed (the screen holds that line only)
tab() {
    fresh "$1" "$2"
    keys "$1" "$3" Tab
    if wait_line "$1" "$1\$ $4" && [[ $(screen "$1" | grep -c .) == 1 ]]; then
        ok "$1: $5"
    else
        not_ok "$1: $5" "want: $1\$ $4" "screen:" "$(screen "$1")"
    fi
}
# prompt SESSION: wait until the screen's last line is a bare prompt (what
# ran before has finished and no longer reads keys)
prompt() {
    local end=$((SECONDS + TMUX_TIMEOUT + 1))
    while ((SECONDS < end)); do
        [[ $(screen "$1" | grep . | tail -n 1) == "$1\$" ]] && return 0
        sleep 0.05
    done
    return 1
}
# The picker's list shows entries relative to the root; its prompt:
PICKER_PROMPT='mcd>'

# ---- every form a query accepts completes alike --------------------------------------
for s in "${SESSIONS[@]}"; do
    tab "$s" "$R/docs" 'mcd @acme/core-lo' 'mcd packages/core-loggers' "a scoped package name completes"
    tab "$s" "$R/docs" 'mcd @acme/my-u' 'mcd packages/my\ ui' "a scoped name completes to a quoted folder"
    press "$s" Enter
    where "$s" "0:$R/packages/my ui" "TAB on a scoped name, then Enter, lands there"
    tab "$s" "$R/docs" 'mcd fetching/git' 'mcd fetching/git-fetcher' "a/b across folders completes"
    tab "$s" "$R/docs" 'mcd registry/et' 'mcd registry/etcd2' "a/b completes where it is no local path"
    tab "$s" "$R" 'mcd registry/et' 'mcd registry/etcd2/' "a/b that is a local path completes once"
    tab "$s" "$R/docs" 'mcd fetch git' 'mcd fetch git-fetcher' "the last of several keywords completes"
    press "$s" Enter
    where "$s" "0:$R/fetching/git-fetcher" "several keywords, TAB, Enter: lands there"

    # path-like words: local folders only, never a jump target
    tab "$s" "$R/registry" 'mcd ../co' 'mcd ../co-local/' "../ completes local folders only"
    tab "$s" "$R/packages" 'mcd ./core-' 'mcd ./core-loggers/' "./ completes local folders only"
    fresh "$s" "$R/packages"
    keys "$s" 'mcd ./co' Tab
    # a second TAB lists, after the common prefix (bash: a third, as for cd)
    press "$s" Tab
    [[ $s == bash* ]] && press "$s" Tab
    if wait_for "$s" "core-loggers/" && ! screen "$s" | grep -q 'packages/core'; then
        ok "$s: ./ lists the local folders, no jump target"
    else
        not_ok "$s: ./ lists the local folders, no jump target" "$(screen "$s")"
    fi
    tab "$s" "$R" 'mcd ~/cor' 'mcd ~/corefolder/' "~ completes local folders only"
    tab "$s" "$R" "mcd $R/packages/core-l" "mcd $R/packages/core-loggers/" "/ completes local folders only"
done

# ---- nothing carries over from one command line to the next ----------------------------
for s in "${SESSIONS[@]}"; do
    fresh "$s"
    keys "$s" 'mcd bil' Tab
    [[ $s == bash* ]] && press "$s" Tab
    wait_for "$s" "services/billing"
    press "$s" C-u
    keys "$s" 'true && clear' Enter
    prompt "$s"
    keys "$s" 'mcd bil' Tab
    # a first TAB again: zsh lists, bash waits for a second; the word stays
    # as typed either way
    if wait_line "$s" "$s\$ mcd bil" && ! screen "$s" | grep -Eq "^${s}[$] mcd (tools|services)/"; then
        ok "$s: after another command line, TAB on an ambiguous word keeps it"
    else
        not_ok "$s: after another command line, TAB on an ambiguous word keeps it" "$(screen "$s")"
    fi
    press "$s" Tab
    if [[ $s == zsh* ]]; then
        wait_screen "$s" -E "^${s}[$] mcd (tools|services)/billing"
        report "$?" "$s: a second TAB on the same line goes through the list" "$(screen "$s")"
    else
        wait_for "$s" "services/billing"
        report "$?" "$s: a second TAB on the same line lists the targets" "$(screen "$s")"
    fi
done

# ---- "mcd foo<SPACE><TAB>": the picker ----------------------------------------------------
best=$(cd "$R/docs" && "$MCD" query -- bil)
for s in bash zsh; do
    fresh "$s" "$R/docs"
    keys "$s" 'mcd bil ' Tab
    if wait_for "$s" "$PICKER_PROMPT" && wait_for "$s" "services/billing" && wait_for "$s" "tools/billing"; then
        ok "$s: keywords, a space and TAB open the picker on them"
        press "$s" Enter
        # the choice becomes a command line of its own, run at once
        wait_line "$s" "$s\$ mcd $best"
        report "$?" "$s: the choice is run as the command line 'mcd PATH'" "$(screen "$s")"
        prompt "$s"
        where "$s" "0:$best" "the picker's choice, Enter: jumps there"
    else
        not_ok "$s: keywords, a space and TAB open the picker on them" "$(screen "$s")"
    fi

    fresh "$s" "$R/docs"
    keys "$s" 'mcd pay gate ' Tab
    if wait_for "$s" "$PICKER_PROMPT" && wait_for "$s" "services/payments/gateway"; then
        press "$s" Enter
        prompt "$s"
        where "$s" "0:$R/services/payments/gateway" "several keywords, a space and TAB: the picker, Enter jumps"
    else
        not_ok "$s: several keywords, a space and TAB open the picker" "$(screen "$s")"
    fi
done

# ---- --picker fzf ---------------------------------------------------------------------------
for s in bashf zshf; do
    if ((!HAVE_FZF)); then
        skip "$s: fzf is not installed"
        continue
    fi
    second=$(cd "$R/docs" && "$MCD" query -l -- bil | sed -n 2p)
    fresh "$s" "$R/docs"
    keys "$s" 'mcd -i bil' Enter
    if wait_for "$s" "2/2" && wait_for "$s" "$R/services/billing"; then
        ok "$s: mcd -i hands the ranked list to fzf"
        press "$s" Down Enter
        prompt "$s"
        where "$s" "0:$second" "fzf: Down, Enter jumps to the second"
    else
        not_ok "$s: mcd -i hands the ranked list to fzf" "$(screen "$s")"
    fi

    fresh "$s" "$R/docs"
    keys "$s" 'mcd bil ' Tab
    if wait_for "$s" "2/2"; then
        ok "$s: a space and TAB open fzf on the keywords"
        keys "$s" 'tools'
        wait_for "$s" "1/2"
        press "$s" Enter
        prompt "$s"
        where "$s" "0:$R/tools/billing" "fzf from TAB: the choice, Enter, jumps there"
    else
        not_ok "$s: a space and TAB open fzf on the keywords" "$(screen "$s")"
    fi

    fresh "$s" "$R/docs"
    keys "$s" 'mcd -i gate' Enter
    if wait_for "$s" "1/1"; then
        press "$s" Escape
        prompt "$s"
        where "$s" "130:$R/docs" "fzf: Esc leaves with status 130"
    else
        not_ok "$s: fzf opens" "$(screen "$s")"
    fi

    # fzf left out of PATH: the built-in picker
    mkdir -p "$T/nofzf"
    fresh "$s" "$R/docs"
    keys "$s" "PATH=$T/nofzf mcd -i gate" Enter
    if wait_for "$s" "$PICKER_PROMPT"; then
        press "$s" Enter
        prompt "$s"
        where "$s" "0:$R/services/payments/gateway" "without fzf, --picker fzf falls back to the built-in picker"
    else
        not_ok "$s: without fzf, --picker fzf falls back to the built-in picker" "$(screen "$s")"
    fi
done

finish
