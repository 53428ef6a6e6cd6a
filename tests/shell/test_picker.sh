#!/usr/bin/env bash
# shellcheck disable=SC2016 # single-quoted strings are typed into the shells
# test_picker.sh - the built-in picker (`mcd -i`) as people use it: bash
# and zsh under tmux with the plugins they load beside mcd (lib.sh's
# tm_shell; init before the plugins in bash, after them in zsh). The list
# follows each keystroke; Up/Down and Ctrl-P/Ctrl-N move the selection and
# Enter jumps to it; a number picks its entry; a miss or a number out of
# range says "no match" and stays open; Esc and Ctrl-C give $? 130, Ctrl-D
# on an empty line 1; paths relative to the root (the root as .),
# absolute outside a repository; matched letters highlighted, and no
# escape sequence with NO_COLOR; the list fits a small terminal and
# follows a resize; Alt-P recalls the last query; SIGTERM erases it; a
# hostile folder name is shown escaped and picked exactly. Every screen
# a check reads is kept in build/screens/picker-*.
#
#   bash tests/shell/test_picker.sh /abs/path/to/mcd
#
# Every wait polls the screen (lib.sh): no sleeps.
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"

if ! command -v tmux >/dev/null 2>&1 || ! command -v zsh >/dev/null 2>&1; then
    skip "the picker: tmux or zsh is not installed (make deps installs them)"
    finish
fi

# ---- the fixture ---------------------------------------------------------------------
R=$T/acme
export MCD_DATA_DIR=$T/data
LONG=platform/telemetry/instrumentation/exporters/opentelemetry-collector-contrib
HOSTILE="$R/weird/-n \$(touch pwned) a
b"
mkdir -p "$R"/services/billing "$R"/tools/billing "$R"/libs/billing "$R"/services/payments/gateway \
    "$R"/registry/etcd "$R"/docs/guide "$R/$LONG" "$HOSTILE" "$HOME/notes"
git -C "$R" init -q >/dev/null 2>&1 || mkdir "$R/.git"
"$MCD" index "$R" >/dev/null 2>&1 || bail "mcd index failed"
"$MCD" add "$HOME/notes" >/dev/null 2>&1 || bail "mcd add failed"

plugins_find
SHELL_ENV=("MCD_DATA_DIR=$MCD_DATA_DIR" "HOSTILE=$HOSTILE")
tm_shell bash bash first '' "$R"
tm_shell zsh zsh last '' "$R"

PROMPT_RE='^mcd>'
# entries SESSION: the list's lines ("> 1 label" or "  2 label")
entries() { screen "$1" | grep -E '^(>|  ) *[0-9]+ '; }
# selected SESSION N: wait until entry N is the selected one
selected() { wait_screen "$1" -E "^> *$2 "; }
# label SESSION N: the label of entry N
label() { entries "$1" | sed -nE "s/^(>|  ) *$2 //p"; }
# pick_leave SESSION: out of the picker, should a check have failed in it
pick_leave() {
    press "$1" C-c
    tm_at_prompt "$1"
}
# picker_pid SESSION: the process id of the picker running in SESSION's
# shell (a descendant of the pane's process named like the binary)
picker_pid() {
    local pid
    local -a todo
    todo=("$(tm display-message -p -t "=$1:" '#{pane_pid}')")
    while ((${#todo[@]})); do
        pid=${todo[0]}
        todo=("${todo[@]:1}")
        if [[ $(ps -o comm= -p "$pid") == "${MCD##*/}" ]]; then
            printf '%s\n' "$pid"
            return 0
        fi
        mapfile -t -O "${#todo[@]}" todo < <(pgrep -P "$pid")
    done
    return 1
}
# pick_open SESSION DIR TEXT: in DIR, run TEXT (mcd -i ...) and wait for the
# picker's list (an entry or "no match")
pick_open() {
    tm_fresh "$1" "$2"
    keys "$1" "$3" Enter
    wait_screen "$1" -E "$PROMPT_RE" && wait_screen "$1" -E '^(> *1 |  no match)'
}

for s in bash zsh; do
    # ---- the list follows the keys, without Enter ---------------------------------
    if pick_open "$s" "$R/docs" 'mcd -i'; then
        tm_shot "$s" "picker-$s-live"
        keys "$s" 'gat'
        if wait_line "$s" 'mcd> gat' && wait_screen "$s" -E '^> 1 services/payments/gateway$' &&
            [[ $(entries "$s" | wc -l) == 1 ]]; then
            ok "$s: typing filters the list at once, without Enter"
        else
            not_ok "$s: typing filters the list at once, without Enter" "$(screen "$s")"
        fi
        tm_shot_more "$s" "picker-$s-live" "typed gat, no Enter"
        press "$s" BSpace BSpace BSpace
        wait_screen "$s" -E '^  +[0-9]+ tools/billing$'
        report "$?" "$s: erasing the letters brings the whole list back" "$(screen "$s")"
        press "$s" C-c
        tm_at_prompt "$s"
    else
        not_ok "$s: mcd -i opens the picker" "$(screen "$s")"
        pick_leave "$s"
    fi

    # ---- Up, Down, Ctrl-P, Ctrl-N, then Enter ---------------------------------------
    if pick_open "$s" "$R/docs" 'mcd -i bil' && [[ $(entries "$s" | wc -l) == 3 ]]; then
        press "$s" Down
        selected "$s" 2 && press "$s" Down && selected "$s" 3 && press "$s" Up && selected "$s" 2 &&
            press "$s" C-p && selected "$s" 1 && press "$s" C-n && selected "$s" 2 &&
            press "$s" Tab && selected "$s" 3 && press "$s" BTab && selected "$s" 2
        report "$?" "$s: Down, Down, Up, Ctrl-P, Ctrl-N, TAB, Shift-TAB move the selection" "$(screen "$s")"
        tm_shot "$s" "picker-$s-select"
        want=$(label "$s" 2)
        press "$s" Enter
        tm_at_prompt "$s"
        tm_where "$s" "0:$R/$want" "Enter jumps to the selected entry"
        tm_shot_more "$s" "picker-$s-select" "Enter, then \$? and \$PWD"
    else
        not_ok "$s: mcd -i bil lists the three billing folders" "$(screen "$s")"
        pick_leave "$s"
    fi

    # ---- a number, then Enter ---------------------------------------------------------
    if pick_open "$s" "$R/docs" 'mcd -i bil'; then
        want=$(label "$s" 3)
        keys "$s" ' 3'
        if selected "$s" 3 && [[ $(entries "$s" | wc -l) == 3 ]]; then
            ok "$s: a number selects its entry, the list stays that of the words before it"
        else
            not_ok "$s: a number selects its entry, the list stays that of the words before it" \
                "$(screen "$s")"
        fi
        tm_shot "$s" "picker-$s-number"
        press "$s" Enter
        tm_at_prompt "$s"
        tm_where "$s" "0:$R/$want" "number and Enter jump to that entry"
        tm_shot_more "$s" "picker-$s-number" "Enter, then \$? and \$PWD"
    else
        not_ok "$s: mcd -i bil opens the picker" "$(screen "$s")"
        pick_leave "$s"
    fi

    # ---- no match: out of range, a miss; Enter stays -------------------------------------
    for typed in ' 7' 'zqx'; do
        what="a number out of range"
        [[ $typed == zqx ]] && what="a miss"
        name=range
        [[ $typed == zqx ]] && name=miss
        if pick_open "$s" "$R/docs" 'mcd -i bil'; then
            keys "$s" "$typed"
            wait_line "$s" '  no match' && [[ -z $(entries "$s") ]]
            report "$?" "$s: $what shows no match" "$(screen "$s")"
            tm_shot "$s" "picker-$s-$name"
            press "$s" Enter
            # still open: the keys still edit its line and its list comes back
            for ((i = 0; i < ${#typed}; i++)); do press "$s" BSpace; done
            if wait_line "$s" 'mcd> bil' && wait_screen "$s" -E '^> 1 '; then
                ok "$s: Enter on $what keeps the picker open"
            else
                not_ok "$s: Enter on $what keeps the picker open" "$(screen "$s")"
            fi
            tm_shot_more "$s" "picker-$s-$name" "Enter (a beep), then backspaces: still open"
            press "$s" C-c
            tm_at_prompt "$s"
        else
            not_ok "$s: mcd -i bil opens the picker" "$(screen "$s")"
            pick_leave "$s"
        fi
    done

    # ---- leaving: Esc, Ctrl-C, Ctrl-D ------------------------------------------------
    for k in Escape C-c; do
        if pick_open "$s" "$R/docs" 'mcd -i bil'; then
            press "$s" "$k"
            tm_at_prompt "$s"
            tm_shot "$s" "picker-$s-$k"
            if ! screen "$s" | grep -qE "$PROMPT_RE|billing"; then
                ok "$s: $k erases the picker"
            else
                not_ok "$s: $k erases the picker" "$(screen "$s")"
            fi
            tm_where "$s" "130:$R/docs" "$k leaves with \$? 130, here"
            tm_shot_more "$s" "picker-$s-$k" "\$? and \$PWD"
        else
            not_ok "$s: mcd -i bil opens the picker" "$(screen "$s")"
            pick_leave "$s"
        fi
    done
    if pick_open "$s" "$R/docs" 'mcd -i'; then
        press "$s" C-d
        tm_at_prompt "$s"
        tm_shot "$s" "picker-$s-C-d"
        tm_where "$s" "1:$R/docs" "Ctrl-D on an empty line leaves with \$? 1"
        tm_shot_more "$s" "picker-$s-C-d" "\$? and \$PWD"
    else
        not_ok "$s: mcd -i opens the picker" "$(screen "$s")"
        pick_leave "$s"
    fi

    # ---- paths: relative to the root, the root as ., absolute outside --------------------
    if pick_open "$s" "$R/docs" 'mcd -i'; then
        tm_shot "$s" "picker-$s-paths"
        if entries "$s" | grep -qE '^(>|  ) *[0-9]+ \.$' && entries "$s" | grep -qE ' services/billing$' &&
            ! screen "$s" | grep -qF "$R"; then
            ok "$s: the list shows the root as . and the rest relative to it"
        else
            not_ok "$s: the list shows the root as . and the rest relative to it" "$(screen "$s")"
        fi
        press "$s" C-c
        tm_at_prompt "$s"
    else
        not_ok "$s: mcd -i opens the picker" "$(screen "$s")"
        pick_leave "$s"
    fi
    if pick_open "$s" "$HOME" 'mcd -i notes'; then
        tm_shot "$s" "picker-$s-outside"
        wait_screen "$s" -xF "> 1 $HOME/notes"
        report "$?" "$s: outside a repository, paths are absolute" "$(screen "$s")"
        press "$s" Enter
        tm_at_prompt "$s"
        tm_where "$s" "0:$HOME/notes" "outside a repository, Enter jumps"
    else
        not_ok "$s: mcd -i notes opens the picker" "$(screen "$s")"
        pick_leave "$s"
    fi

    # ---- matched letters: highlighted, and plain with NO_COLOR ---------------------------
    for nc in '' 1; do
        if pick_open "$s" "$R/docs" "NO_COLOR=$nc mcd -i bil"; then
            lines=$(tm capture-pane -e -p -t "=$s:" | grep -F 'ling')
            if [[ -z $nc ]]; then
                tm_shot "$s" "picker-$s-colour" -e
                # the letters "bil" between escape sequences, in each entry
                [[ $(grep -c $'\e\\[[0-9;]*mbil\e\\[[0-9;]*m.*ling$' <<<"$lines") == 3 ]]
                report "$?" "$s: matched letters are highlighted" "$(cat -v <<<"$lines")"
            else
                tm_shot "$s" "picker-$s-no-colour" -e
                # the picker's lines (the shell's may be coloured by a plugin)
                if ! tm capture-pane -e -p -t "=$s:" | sed -n '/^mcd>/,$p' | grep -q $'\e'; then
                    ok "$s: NO_COLOR: no escape sequence on the screen"
                else
                    not_ok "$s: NO_COLOR: no escape sequence on the screen" "$(cat -v <<<"$lines")"
                fi
            fi
            press "$s" C-c
            tm_at_prompt "$s"
        else
            not_ok "$s: mcd -i bil opens the picker" "$(screen "$s")"
            pick_leave "$s"
        fi
    done

    # ---- a small terminal, and a resize --------------------------------------------------
    if pick_open "$s" "$R/docs" 'mcd -i'; then
        big=$(entries "$s" | wc -l)
        tm resize-window -t "=$s:" -x 40 -y 8
        # the rows less two at most, no line wrapped (nothing below the
        # prompt but entries)
        fits() {
            local n below
            n=$(entries "$s" | wc -l)
            below=$(screen "$s" | sed -n '/^mcd>/,$p' | sed 1d | grep -c .)
            ((n >= 1 && n <= 6 && below == n))
        }
        end=$((SECONDS + TMUX_TIMEOUT + 1))
        until fits || ((SECONDS > end)); do sleep 0.05; done
        tm_shot "$s" "picker-$s-small"
        if fits && ((big > 6)); then
            ok "$s: resized to 40x8, the list fits: $(entries "$s" | wc -l) entries, none wider"
        else
            not_ok "$s: resized to 40x8, the list fits" "had $big entries" "$(screen "$s")"
        fi
        keys "$s" 'contrib'
        wait_screen "$s" -E $'^> 1 \xe2\x80\xa6.*collector-contrib$'
        report "$?" "$s: a long path is cut at its start, its end shown" "$(screen "$s")"
        tm_shot "$s" "picker-$s-cut"
        press "$s" C-u
        tm resize-window -t "=$s:" -x 160 -y 50
        end=$((SECONDS + TMUX_TIMEOUT + 1))
        until (($(entries "$s" | wc -l) == big)) || ((SECONDS > end)); do sleep 0.05; done
        tm_shot "$s" "picker-$s-resize"
        (($(entries "$s" | wc -l) == big)) && entries "$s" | grep -qF " $LONG"
        report "$?" "$s: resized back, the list follows: all $big entries, in full" "$(screen "$s")"
        press "$s" C-c
        tm_at_prompt "$s"
    else
        not_ok "$s: mcd -i opens the picker" "$(screen "$s")"
        pick_leave "$s"
    fi

    # ---- history: Alt-P recalls the query of the last jump -------------------------------
    if pick_open "$s" "$R/docs" 'mcd -i'; then
        keys "$s" 'gate'
        wait_screen "$s" -E '^> 1 services/payments/gateway$'
        press "$s" Enter
        tm_at_prompt "$s"
        if pick_open "$s" "$R/docs" 'mcd -i'; then
            press "$s" M-p
            wait_line "$s" 'mcd> gate' && wait_screen "$s" -E '^> 1 services/payments/gateway$'
            report "$?" "$s: Alt-P recalls the query of the last jump, and lists for it" "$(screen "$s")"
            tm_shot "$s" "picker-$s-history"
            pick_leave "$s"
        else
            not_ok "$s: mcd -i opens the picker" "$(screen "$s")"
            pick_leave "$s"
        fi
    else
        not_ok "$s: mcd -i opens the picker" "$(screen "$s")"
        pick_leave "$s"
    fi

    # ---- killed: the picker erased (its handler also puts the terminal back;
    # the shells reset it themselves after a command killed, so that cannot
    # be seen from here) ---------------------------------------------------------------
    if pick_open "$s" "$R/docs" 'mcd -i bil'; then
        pid=$(picker_pid "$s")
        if [[ -n $pid ]]; then
            kill -TERM "$pid"
            tm_at_prompt "$s"
            tm_shot "$s" "picker-$s-TERM"
            if ! screen "$s" | grep -qE "$PROMPT_RE|billing"; then
                ok "$s: SIGTERM erases the picker"
            else
                not_ok "$s: SIGTERM erases the picker" "$(screen "$s")"
            fi
            tm_where "$s" "143:$R/docs" "SIGTERM: the picker dies of it (\$? 143), the shell stays"
            tm_shot_more "$s" "picker-$s-TERM" "\$? and \$PWD"
        else
            not_ok "$s: the picker's process is found" "$(pgrep -a -f -- "$MCD" | head -n 5)"
            pick_leave "$s"
        fi
    else
        not_ok "$s: mcd -i bil opens the picker" "$(screen "$s")"
        pick_leave "$s"
    fi

    # ---- a hostile name: shown escaped, picked exactly -----------------------------------
    if pick_open "$s" "$R/docs" 'mcd -i touch'; then
        wait_screen "$s" -xF '> 1 weird/-n $(touch pwned) a\nb'
        report "$?" "$s: a name with a newline and \$(...) is shown escaped" "$(screen "$s")"
        tm_shot "$s" "picker-$s-hostile"
        press "$s" Enter
        tm_at_prompt "$s"
        keys "$s" '[[ $PWD == "$HOSTILE" ]] && echo "<same:$?>"' Enter
        wait_for "$s" "<same:0>" && [[ ! -e $R/docs/pwned && ! -e $HOSTILE/pwned ]]
        report "$?" "$s: the hostile folder is picked exactly, nothing run" "$(screen "$s")"
        tm_shot_more "$s" "picker-$s-hostile" "Enter, then the check of \$PWD"
    else
        not_ok "$s: mcd -i touch opens the picker" "$(screen "$s")"
        pick_leave "$s"
    fi
done

finish
