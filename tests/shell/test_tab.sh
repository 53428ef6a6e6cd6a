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

plugins_find
HAVE_FZF=0
command -v fzf >/dev/null 2>&1 && HAVE_FZF=1

# the sessions: mcd's init before the plugins, and after them with fzf
SHELL_ENV=("MCD_DATA_DIR=$MCD_DATA_DIR" "R=$R")
tm_shell bash bash first '' "$R"
tm_shell zsh zsh first '' "$R"
tm_shell bashf bash last '--picker fzf' "$R"
tm_shell zshf zsh last '--picker fzf' "$R"
SESSIONS=(bash zsh bashf zshf)

# tab SESSION DIR TEXT WANT NAME [SHOT]: in DIR, type TEXT and TAB; the
# line must become WANT, and nothing else be listed (the screen holds that
# line only); the screen is kept as tab-SESSION-SHOT when SHOT is given
tab() {
    tm_fresh "$1" "$2"
    keys "$1" "$3" Tab
    if wait_line "$1" "$1\$ $4" && [[ $(screen "$1" | grep -c .) == 1 ]]; then
        ok "$1: $5"
        if [[ -n ${6-} ]]; then
            tm_shot "$1" "tab-$1-$6"
            sed -i "1i --- in ${2#"$T"/}, typed: $3 TAB" "$SCREENS/tab-$1-$6.txt" 2>/dev/null
        fi
    else
        not_ok "$1: $5" "want: $1\$ $4" "screen:" "$(screen "$1")"
    fi
}
# The picker's list shows entries relative to the root; its prompt:
PICKER_PROMPT='mcd>'

# ---- every form a query accepts completes alike --------------------------------------
for s in "${SESSIONS[@]}"; do
    tab "$s" "$R/docs" 'mcd @acme/core-lo' 'mcd packages/core-loggers' "a scoped package name completes" scoped
    tab "$s" "$R/docs" 'mcd @acme/my-u' 'mcd packages/my\ ui' "a scoped name completes to a quoted folder" quoted
    press "$s" Enter
    tm_where "$s" "0:$R/packages/my ui" "TAB on a scoped name, then Enter, lands there"
    tab "$s" "$R/docs" 'mcd fetching/git' 'mcd fetching/git-fetcher' "a/b across folders completes" slash
    tab "$s" "$R/docs" 'mcd registry/et' 'mcd registry/etcd2' "a/b completes tm_where it is no local path"
    tab "$s" "$R" 'mcd registry/et' 'mcd registry/etcd2/' "a/b that is a local path completes once"
    tab "$s" "$R/docs" 'mcd fetch git' 'mcd fetch git-fetcher' "the last of several keywords completes" several
    press "$s" Enter
    tm_where "$s" "0:$R/fetching/git-fetcher" "several keywords, TAB, Enter: lands there"

    # path-like words: local folders only, never a jump target
    tab "$s" "$R/registry" 'mcd ../co' 'mcd ../co-local/' "../ completes local folders only" dotdot
    tab "$s" "$R/packages" 'mcd ./core-' 'mcd ./core-loggers/' "./ completes local folders only"
    tm_fresh "$s" "$R/packages"
    keys "$s" 'mcd ./co' Tab
    # a second TAB lists, after the common prefix (bash: a third, as for cd)
    press "$s" Tab
    [[ $s == bash* ]] && press "$s" Tab
    if wait_for "$s" "core-loggers/" && ! screen "$s" | grep -q 'packages/core'; then
        ok "$s: ./ lists the local folders, no jump target"
        tm_shot "$s" "tab-$s-dot-list"
    else
        not_ok "$s: ./ lists the local folders, no jump target" "$(screen "$s")"
    fi
    tab "$s" "$R" 'mcd ~/cor' 'mcd ~/corefolder/' "~ completes local folders only" tilde
    tab "$s" "$R" "mcd $R/packages/core-l" "mcd $R/packages/core-loggers/" "/ completes local folders only"
done

# ---- nothing carries over from one command line to the next ----------------------------
for s in "${SESSIONS[@]}"; do
    tm_fresh "$s" "$R"
    keys "$s" 'mcd bil' Tab
    [[ $s == bash* ]] && press "$s" Tab
    wait_for "$s" "services/billing"
    tm_shot "$s" "tab-$s-no-state"
    press "$s" C-u
    keys "$s" 'true && clear' Enter
    tm_at_prompt "$s"
    keys "$s" 'mcd bil' Tab
    # a first TAB again: zsh lists, bash waits for a second; the word stays
    # as typed either way
    if wait_line "$s" "$s\$ mcd bil" && ! screen "$s" | grep -Eq "^${s}[$] mcd (tools|services)/"; then
        ok "$s: after another command line, TAB on an ambiguous word keeps it"
        tm_shot_more "$s" "tab-$s-no-state" "Ctrl-U, 'true && clear', then mcd bil TAB on the new line"
    else
        not_ok "$s: after another command line, TAB on an ambiguous word keeps it" "$(screen "$s")"
    fi
    # the second TAB once the list shows, as a user presses it: by then
    # zsh-autosuggestions' suggestion has come, a widget of its own
    [[ $s == zsh* ]] && wait_for "$s" "services/billing"
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
    tm_fresh "$s" "$R/docs"
    keys "$s" 'mcd bil ' Tab
    if wait_for "$s" "$PICKER_PROMPT" && wait_for "$s" "services/billing" && wait_for "$s" "tools/billing"; then
        ok "$s: keywords, a space and TAB open the picker on them"
        tm_shot "$s" "tab-$s-space-tab"
        press "$s" Enter
        # the choice becomes a command line of its own, run at once
        wait_line "$s" "$s\$ mcd $best"
        tm_shot_more "$s" "tab-$s-space-tab" "Enter"
        report "$?" "$s: the choice is run as the command line 'mcd PATH'" "$(screen "$s")"
        tm_at_prompt "$s"
        tm_where "$s" "0:$best" "the picker's choice, Enter: jumps there"
    else
        not_ok "$s: keywords, a space and TAB open the picker on them" "$(screen "$s")"
    fi

    # what is typed in the picker opened from TAB shows and filters (the
    # shell's line editor had turned the terminal's echo off)
    tm_fresh "$s" "$R/docs"
    keys "$s" 'mcd bil ' Tab
    if wait_for "$s" "$PICKER_PROMPT" && wait_for "$s" "tools/billing"; then
        tm_shot "$s" "tab-$s-picker-typing"
        press "$s" C-u
        keys "$s" 'too bil'
        if wait_line "$s" "$PICKER_PROMPT too bil" && wait_line "$s" '> 1 tools/billing' &&
            ! screen "$s" | grep -q services/billing; then
            ok "$s: typing in the picker from TAB shows and filters"
            tm_shot_more "$s" "tab-$s-picker-typing" "Ctrl-U, typed too bil"
            press "$s" Enter
            tm_at_prompt "$s"
            tm_where "$s" "0:$R/tools/billing" "the picker from TAB, typed, Enter: jumps there"
        else
            not_ok "$s: typing in the picker from TAB shows and filters" "$(screen "$s")"
            press "$s" C-c
            tm_at_prompt "$s"
        fi
    else
        not_ok "$s: keywords, a space and TAB open the picker (for typing)" "$(screen "$s")"
    fi

    # Ctrl-C in the picker opened from TAB: the shell's line as it was,
    # the picker erased, the next key typed on that line
    tm_fresh "$s" "$R/docs"
    keys "$s" 'mcd bil ' Tab
    if wait_for "$s" "$PICKER_PROMPT" && wait_for "$s" "tools/billing"; then
        tm_shot "$s" "tab-$s-picker-ctrl-c"
        press "$s" C-c
        keys "$s" 'x'
        wait_line "$s" "$s\$ mcd bil x"
        tm_shot_more "$s" "tab-$s-picker-ctrl-c" "Ctrl-C, then x"
        if wait_line "$s" "$s\$ mcd bil x" && ! screen "$s" | grep -qF -e "$PICKER_PROMPT" -e billing; then
            ok "$s: Ctrl-C in the picker from TAB leaves the shell's line clean"
        else
            not_ok "$s: Ctrl-C in the picker from TAB leaves the shell's line clean" "$(screen "$s")"
        fi
        press "$s" C-u
        tm_where "$s" "0:$R/docs" "Ctrl-C in the picker from TAB: no jump"
    else
        not_ok "$s: keywords, a space and TAB open the picker (for Ctrl-C)" "$(screen "$s")"
    fi

    tm_fresh "$s" "$R/docs"
    keys "$s" 'mcd pay gate ' Tab
    if wait_for "$s" "$PICKER_PROMPT" && wait_for "$s" "services/payments/gateway"; then
        press "$s" Enter
        tm_at_prompt "$s"
        tm_where "$s" "0:$R/services/payments/gateway" "several keywords, a space and TAB: the picker, Enter jumps"
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
    tm_fresh "$s" "$R/docs"
    keys "$s" 'mcd -i bil' Enter
    if wait_for "$s" "2/2" && wait_for "$s" "$R/services/billing"; then
        ok "$s: mcd -i hands the ranked list to fzf"
        tm_shot "$s" "tab-$s-fzf"
        press "$s" Down Enter
        tm_at_prompt "$s"
        tm_where "$s" "0:$second" "fzf: Down, Enter jumps to the second"
    else
        not_ok "$s: mcd -i hands the ranked list to fzf" "$(screen "$s")"
    fi

    tm_fresh "$s" "$R/docs"
    keys "$s" 'mcd bil ' Tab
    if wait_for "$s" "2/2"; then
        ok "$s: a space and TAB open fzf on the keywords"
        tm_shot "$s" "tab-$s-fzf-space-tab"
        keys "$s" 'tools'
        wait_for "$s" "1/2"
        press "$s" Enter
        tm_at_prompt "$s"
        tm_where "$s" "0:$R/tools/billing" "fzf from TAB: the choice, Enter, jumps there"
    else
        not_ok "$s: a space and TAB open fzf on the keywords" "$(screen "$s")"
    fi

    tm_fresh "$s" "$R/docs"
    keys "$s" 'mcd -i gate' Enter
    if wait_for "$s" "1/1"; then
        press "$s" Escape
        tm_at_prompt "$s"
        tm_where "$s" "130:$R/docs" "fzf: Esc leaves with status 130"
    else
        not_ok "$s: fzf opens" "$(screen "$s")"
    fi

    # fzf left out of PATH: the built-in picker
    mkdir -p "$T/nofzf"
    tm_fresh "$s" "$R/docs"
    keys "$s" "PATH=$T/nofzf mcd -i gate" Enter
    if wait_for "$s" "$PICKER_PROMPT"; then
        press "$s" Enter
        tm_at_prompt "$s"
        tm_where "$s" "0:$R/services/payments/gateway" "without fzf, --picker fzf falls back to the built-in picker"
    else
        not_ok "$s: without fzf, --picker fzf falls back to the built-in picker" "$(screen "$s")"
    fi
done

finish
