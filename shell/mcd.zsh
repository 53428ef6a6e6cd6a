# mcd - monorepo directory jumper: the zsh integration.
#
# Load it from ~/.zshrc (before or after compinit) with:   eval "$(mcd init zsh)"
#
# It defines one function for jumping (mcd, or the name given to --cmd) and
# helpers named __mcd_*. The function never evaluates what the binary prints:
# it takes the path byte for byte and hands it to the builtin cd. Everything
# here dodges user aliases and functions (\builtin), quotes every expansion,
# and works whatever the user's options (NO_UNSET, ERR_EXIT, KSH_ARRAYS,
# SH_WORD_SPLIT, GLOB_SUBST, WARN_CREATE_GLOBAL, ...) and with CDPATH set.
# No `emulate -L zsh`: the user's cd options (AUTO_PUSHD, CHASE_LINKS, ...)
# must apply to our cd as to theirs.

# Settings chosen by `mcd init`. typeset -g: init may be evaluated inside a
# function (plugin managers do that), and these must outlive it.
\builtin typeset -g __mcd_bin=@BIN@
\builtin typeset -g __mcd_hook_mode=@HOOK@
\builtin typeset -g __mcd_picker=@PICKER@
# The directory recorded last, shared by the jump function and the pwd hook,
# so that one change of directory is recorded once. Kept when init is
# evaluated again.
\builtin typeset -g __mcd_last="${__mcd_last-}"

# Record a visit to $PWD unless it is the directory recorded last. Never
# prints and never fails: history is a nicety, the prompt must not suffer.
__mcd_record() {
    if [[ "${__mcd_last-}" == "$PWD" ]]; then
        \builtin return 0
    fi
    \builtin typeset -g __mcd_last="$PWD"
    # in braces: the shell's own report of a crash goes to /dev/null too
    { "$__mcd_bin" add -- "$PWD"; } >/dev/null 2>&1 || \builtin true
    \builtin return 0
}

# The pwd hook, run from chpwd (every successful cd, pushd, popd): record
# the directory the user reached, only when $PWD changed since the last
# record. Keeps $?.
__mcd_hook() {
    \builtin local __mcd_status="$?"
    if [[ "${__mcd_hook_mode-}" == pwd ]]; then
        __mcd_record
    fi
    \builtin return "$__mcd_status"
}

# Change to the directory $1 and record the visit. $1 is absolute or starts
# with ./ so that cdpath is never searched (and cd prints nothing).
__mcd_cd() {
    \builtin local __mcd_prev="${__mcd_last-}" __mcd_status=0
    # An explicit jump is a visit even when it lands where we were last
    # recorded (e.g. with --hook none). With the hook, chpwd records it
    # during the cd and __mcd_record below sees it is done.
    \builtin typeset -g __mcd_last=
    \builtin cd -- "$1" || __mcd_status="$?"
    if [[ "$__mcd_status" != 0 ]]; then
        \builtin typeset -g __mcd_last="$__mcd_prev"
        \builtin return "$__mcd_status"
    fi
    __mcd_record
    if [[ "${MCD_ECHO-}" == 1 ]]; then
        \builtin printf '%s\n' "$PWD"
    fi
    \builtin return 0
}

# Run the binary with "$@" (a query or the picker), then cd to the path it
# printed. Returns the binary's status when it printed nothing.
__mcd_go() {
    \builtin local __mcd_dir __mcd_status=0
    # The binary ends the path with one newline. $(...) would strip every
    # trailing newline, and a directory name may end in one: append a
    # sentinel, then remove it and exactly one newline.
    __mcd_dir="$("$__mcd_bin" "$@" && \builtin printf x)" || __mcd_status="$?"
    if [[ "$__mcd_status" != 0 ]]; then
        \builtin return "$__mcd_status"
    fi
    __mcd_dir="${__mcd_dir%x}"
    __mcd_dir="${__mcd_dir%$'\n'}"
    if [[ "$__mcd_dir" != /* ]]; then
        # Never hand cd a relative path: cdpath could send it anywhere.
        \builtin printf 'mcd: expected an absolute path from the binary\n' >&2
        \builtin return 3
    fi
    __mcd_cd "$__mcd_dir"
}

# The jump function. See `mcd help`; in short:
#   (no argument)   the root of the current repository ($HOME outside one)
#   -               the previous directory
#   DIR             a plain cd, when the only argument is an existing directory
#   KEYWORD...      the best match; -- KEYWORD... even for a subcommand's name
#   -i [KEYWORD...] the interactive picker
#   a subcommand, -h/--help, -V/--version: the binary itself
__mcd_jump() {
    if [[ "$#" == 0 ]]; then
        __mcd_go query
        \builtin return
    fi
    case "$1" in
    (--)
        \builtin shift
        if [[ "$#" == 0 ]]; then
            __mcd_go query
        else
            __mcd_go query -- "$@"
        fi
        \builtin return
        ;;
    (-i)
        \builtin shift
        __mcd_pick "$@"
        \builtin return
        ;;
    (@SUBCOMMANDS@)
        "$__mcd_bin" "$@"
        \builtin return
        ;;
    esac
    if [[ "$#" == 1 && "$1" == - ]]; then
        if [[ -z "${OLDPWD-}" ]]; then
            \builtin printf 'mcd: no previous directory (OLDPWD not set)\n' >&2
            \builtin return 1
        fi
        __mcd_cd "$OLDPWD"
    elif [[ "$#" == 1 && -d "$1" ]]; then
        # A plain cd to ./DIR or /DIR, never to a cdpath entry.
        if [[ "$1" == /* ]]; then
            __mcd_cd "$1"
        else
            __mcd_cd "./$1"
        fi
    else
        __mcd_go query -- "$@"
    fi
}

# The picker on the keywords "$@", its choice into __mcd_picked: the
# built-in one, or fzf (init --picker fzf, when fzf is there) on the ranked
# list, matching exactly, never sorting it again, previewing the folder,
# below the prompt as fzf's own key bindings are (FZF_DEFAULT_OPTS and
# FZF_TMUX_HEIGHT apply). Returns the picker's status: Esc and Ctrl-C give
# 130 with both; no match, 1.
\builtin typeset -g __mcd_picked=
__mcd_choose() {
    \builtin local __mcd_dir __mcd_status=0
    __mcd_picked=
    if [[ "$__mcd_picker" == fzf ]] && (( ${+commands[fzf]} )); then
        __mcd_dir="$("$__mcd_bin" query -l -0 -- "$@" |
            FZF_DEFAULT_OPTS="--height ${FZF_TMUX_HEIGHT:-40%} --reverse ${FZF_DEFAULT_OPTS-}" \
                \command fzf --read0 --exact --no-sort --exit-0 --preview 'ls -A -- {}' &&
            \builtin print -rn -- x)" || __mcd_status="$?"
    else
        __mcd_dir="$("$__mcd_bin" -i -- "$@" && \builtin print -rn -- x)" || __mcd_status="$?"
    fi
    if [[ "$__mcd_status" != 0 ]]; then
        \builtin return "$__mcd_status"
    fi
    __mcd_dir="${__mcd_dir%x}"
    __mcd_picked="${__mcd_dir%$'\n'}"
    \builtin return 0
}
# mcd -i KEYWORDS: the picker, then cd to the choice
__mcd_pick() {
    \builtin local __mcd_status=0
    __mcd_choose "$@" || __mcd_status="$?"
    if [[ "$__mcd_status" != 0 ]]; then
        \builtin return "$__mcd_status"
    fi
    if [[ "$__mcd_picked" != /* ]]; then
        \builtin printf 'mcd: expected an absolute path from the binary\n' >&2
        \builtin return 3
    fi
    __mcd_cd "$__mcd_picked"
}

# The jump function as cd (init --cmd cd): cd alone goes home, what the
# builtin takes (-q -s -L -P, -, -N, +N, --, a path, an existing folder, a
# cdpath name, a CDABLE_VARS parameter, cd OLD NEW) is a plain builtin cd
# with its output and status, -i is the picker, anything else a jump. It
# never calls itself.
__mcd_cd_jump() {
    \builtin local __mcd_status=0
    if [[ "${1-}" == -i ]]; then
        \builtin shift
        __mcd_pick "$@"
        \builtin return
    fi
    if [[ "$#" -gt 0 && "$1" != [-+]* ]]; then
        if ! { [[ "$#" == 1 ]] && __mcd_plain_cd "$1"; } &&
            ! { [[ "$#" == 2 && "$2" != [-+]* && -n "$1" && "$PWD" == *"$1"* ]] &&
                [[ -d "${PWD/"$1"/$2}" ]]; }; then
            __mcd_go query -- "$@"
            \builtin return
        fi
    fi
    \builtin cd "$@" || __mcd_status="$?"
    if [[ "$__mcd_status" == 0 && "${__mcd_hook_mode-}" == pwd ]]; then
        __mcd_record
    fi
    \builtin return "$__mcd_status"
}
# Does builtin cd take the one argument $1 as a directory?
__mcd_plain_cd() {
    \builtin local __mcd_entry
    case "$1" in
    (/* | ./* | ../* | . | ..) \builtin return 0 ;;
    esac
    if [[ -d "$1" ]]; then
        \builtin return 0
    fi
    for __mcd_entry in "${cdpath[@]}"; do
        if [[ -n "$__mcd_entry" && -d "$__mcd_entry/$1" ]]; then
            \builtin return 0
        fi
    done
    if [[ -o cdable_vars && "$1" =~ '^[A-Za-z_][A-Za-z0-9_]*$' ]] && [[ -d "${(P)1-}" ]]; then
        \builtin return 0
    fi
    \builtin return 1
}

\builtin unalias @CMD@ >/dev/null 2>&1 || \builtin true
function @CMD@ {
    @JUMP@ "$@"
}

# ---- TAB completion --------------------------------------------------------
# The binary does the work (`mcd complete`, one process, no index walk): it
# gets the words, dequoted with (Q), and answers with NUL-terminated fields:
# the directives, three counts, then the words, the targets' texts to
# insert, the same targets' texts to list (unless the directive "=" says
# they are the same), and the local directories.
# compadd quotes what it inserts; nothing the binary prints is evaluated. Jump targets are
# fuzzy matches (compadd -U), listed in ranking order (-V); when several are
# listed, the typed word stays on the line unless their common prefix
# extends it, and a second TAB on the same line cycles through them.
\builtin typeset -g __mcd_complete_last=
# No emulate here: _main_complete has set compsys's own options.
__mcd_complete_with() {
    \builtin local __mcd_raw __mcd_at __mcd_files=0 __mcd_dirs=0 __mcd_pickit=0 __mcd_typed __mcd_ret=1
    \builtin local -a __mcd_out __mcd_n __mcd_w __mcd_t __mcd_td __mcd_d
    # the binary alone in the substitution, so zsh execs it in the child
    # it forks, no second fork; nothing is stripped, the output ends in NUL
    __mcd_raw="$("$__mcd_bin" complete@CDOPT@ --shell zsh "$@" -- "${(@Q)words[2,CURRENT]}" \
        2>/dev/null)" || \builtin return 1
    __mcd_out=("${(@0)__mcd_raw}")
    (( $#__mcd_out >= 4 )) || \builtin return 1
    # the groups as slices (complete.h): no loop over the candidates
    __mcd_n=("${(@)__mcd_out[2,4]}")
    __mcd_at=5
    __mcd_w=("${(@)__mcd_out[__mcd_at,__mcd_at+__mcd_n[1]-1]}")
    (( __mcd_at += __mcd_n[1] ))
    __mcd_t=("${(@)__mcd_out[__mcd_at,__mcd_at+__mcd_n[2]-1]}")
    (( __mcd_at += __mcd_n[2] ))
    if [[ "$__mcd_out[1]" != *=* ]]; then
        __mcd_td=("${(@)__mcd_out[__mcd_at,__mcd_at+__mcd_n[2]-1]}")
        (( __mcd_at += __mcd_n[2] ))
    fi
    __mcd_d=("${(@)__mcd_out[__mcd_at,__mcd_at+__mcd_n[3]-1]}")
    [[ "$__mcd_out[1]" == *D* ]] && __mcd_dirs=1
    [[ "$__mcd_out[1]" == *f* ]] && __mcd_files=1
    [[ "$__mcd_out[1]" == *p* ]] && __mcd_pickit=1
    if (( __mcd_pickit )); then
        __mcd_complete_pick
        \builtin return
    fi
    if (( $#__mcd_w )); then
        compadd -V mcd-words -- "${__mcd_w[@]}" && __mcd_ret=0
    fi
    if (( __mcd_dirs )); then
        _path_files -/ && __mcd_ret=0
    fi
    if (( $#__mcd_d )); then
        compadd -V mcd-dirs -S '' -- "${__mcd_d[@]}" && __mcd_ret=0
    fi
    if (( __mcd_files )); then
        _files && __mcd_ret=0
    fi
    if (( $#__mcd_t )); then
        if (( $#__mcd_td )); then
            compadd -V mcd-targets -U -d __mcd_td -- "${__mcd_t[@]}" && __mcd_ret=0
        else
            compadd -V mcd-targets -U -- "${__mcd_t[@]}" && __mcd_ret=0
        fi
        __mcd_typed="${(Q)PREFIX}"
        if (( compstate[nmatches] > 1 )); then
            # a second TAB: the same line, and nothing typed in between:
            # no edit since (UNDO_CHANGE_NO counts them, whatever widgets
            # ran meanwhile, as zsh-autosuggestions' suggestion arriving
            # after the first answer); without it, completion was the last
            # widget
            if [[ "$__mcd_complete_last" == "$BUFFER"$'\0'"$CURSOR"$'\0'"${UNDO_CHANGE_NO-}" ]] &&
                { (( ${+UNDO_CHANGE_NO} )) || [[ "${LASTWIDGET-}" == *complet* ]]; }; then
                compstate[insert]=menu
            elif [[ "$compstate[unambiguous]" != "$__mcd_typed"* ]]; then
                # a fuzzy query: list, keep what was typed
                compstate[insert]=
                compstate[list]='list force'
            fi
            \builtin typeset -g __mcd_complete_last="$BUFFER"$'\0'"$CURSOR"$'\0'"${UNDO_CHANGE_NO-}"
            \builtin return "$__mcd_ret"
        fi
    fi
    \builtin typeset -g __mcd_complete_last=
    \builtin return "$__mcd_ret"
}
__mcd_complete() {
    __mcd_complete_with
}
# "mcd foo<SPACE><TAB>": the picker on the keywords typed so far, and a jump
# to the choice. A completion cannot run a command line: it pushes the key
# sequence ESC [ 0 n, bound to __mcd_pick_accept, which makes the choice,
# quoted, the line and accepts it. Nothing the binary prints is evaluated.
__mcd_complete_pick() {
    \builtin local -a __mcd_kw
    __mcd_kw=("${(@Q)words[2,CURRENT-1]}")
    if [[ "$__mcd_kw[1]" == -i || "$__mcd_kw[1]" == -- ]]; then
        __mcd_kw[1]=()
    fi
    compstate[insert]=
    compstate[list]=
    # Ctrl-C in the picker is its own: should the terminal send SIGINT,
    # the completion must go on (the trap is this function's only)
    \builtin setopt local_options local_traps
    \builtin trap ':' INT
    if __mcd_choose "${__mcd_kw[@]}" </dev/tty 2>/dev/tty && [[ -n "$__mcd_picked" ]]; then
        \builtin bindkey -M emacs '\e[0n' __mcd_pick_accept
        \builtin bindkey -M viins '\e[0n' __mcd_pick_accept
        \builtin zle -U $'\e[0n'
    fi
    # no match on the line, and no "no matches" warning either
    compadd -n -U -Q -S '' -- ''
    \builtin return 0
}
__mcd_pick_accept() {
    if [[ -z "$__mcd_picked" ]]; then
        \builtin return 0
    fi
    BUFFER="@CMD@ ${(q+)__mcd_picked}"
    CURSOR="$#BUFFER"
    __mcd_picked=
    \builtin zle reset-prompt
    \builtin zle accept-line
}
\builtin zle -N __mcd_pick_accept 2>/dev/null || \builtin true
# Register with compsys now if compinit ran, else at the first prompt after
# it runs (init may come before compinit in ~/.zshrc).
__mcd_compdef() {
    if (( ${+functions[compdef]} )); then
        compdef __mcd_complete @CMD@
        precmd_functions=("${(@)precmd_functions:#__mcd_compdef}")
    fi
}
\builtin typeset -ga precmd_functions
# A new command line: its first TAB is a first one, whatever the last line
# held (the same words typed again could otherwise match its last TAB).
__mcd_new_line() {
    __mcd_complete_last=
}
if (( ! ${precmd_functions[(Ie)__mcd_new_line]} )); then
    precmd_functions+=(__mcd_new_line)
fi
if (( ${+functions[compdef]} )); then
    compdef __mcd_complete @CMD@
elif (( ! ${precmd_functions[(Ie)__mcd_compdef]} )); then
    precmd_functions+=(__mcd_compdef)
fi

# ---- pwd hook --------------------------------------------------------------
# Install (--hook pwd) or remove (--hook none) __mcd_hook in chpwd_functions,
# once however often init is evaluated, keeping the user's other hooks. This
# is what add-zsh-hook does, without depending on an autoloaded function
# (nor on the user's functions named shift, local, ... that it would call).
__mcd_install_hook() {
    # Our own options here (no cd happens): e.g. no WARN_NESTED_VAR warning
    # when init is evaluated inside a function.
    \builtin emulate -L zsh
    \builtin local __mcd_elem
    \builtin local -a __mcd_keep
    __mcd_keep=()
    \builtin typeset -ga chpwd_functions
    for __mcd_elem in "${chpwd_functions[@]}"; do
        if [[ -n "$__mcd_elem" && "$__mcd_elem" != __mcd_hook ]]; then
            __mcd_keep+=("$__mcd_elem")
        fi
    done
    if [[ "$__mcd_hook_mode" == pwd ]]; then
        __mcd_keep+=(__mcd_hook)
    fi
    chpwd_functions=("${__mcd_keep[@]}")
}
__mcd_install_hook
\builtin unfunction __mcd_install_hook
