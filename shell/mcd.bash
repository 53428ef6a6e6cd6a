# mcd - monorepo directory jumper: the bash integration.
#
# Load it from ~/.bashrc with:   eval "$(mcd init bash)"
#
# It defines one function for jumping (mcd, or the name given to --cmd) and
# helpers named __mcd_*. The function never evaluates what the binary prints:
# it takes the path byte for byte and hands it to the builtin cd. Everything
# here dodges user aliases and functions (\builtin), quotes every expansion,
# and works under set -euo pipefail and with CDPATH set.

# Settings chosen by `mcd init`. declare -g: init may be evaluated inside a
# function (plugin managers do that), and these must outlive it.
\builtin declare -g __mcd_bin=@BIN@
\builtin declare -g __mcd_hook_mode=@HOOK@
\builtin declare -g __mcd_picker=@PICKER@
# The directory recorded last, shared by the jump function and the pwd hook,
# so that one change of directory is recorded once. Kept when init is
# evaluated again.
\builtin declare -g __mcd_last="${__mcd_last-}"

# Record a visit to $PWD unless it is the directory recorded last. Never
# prints and never fails: history is a nicety, the prompt must not suffer.
__mcd_record() {
    if [[ "${__mcd_last-}" == "$PWD" ]]; then
        \builtin return 0
    fi
    __mcd_last="$PWD"
    # in braces: the shell's own report of a crash goes to /dev/null too
    { "$__mcd_bin" add -- "$PWD"; } >/dev/null 2>&1 || \builtin true
    \builtin return 0
}

# The pwd hook, run from PROMPT_COMMAND: record the directory the user
# reached, only when $PWD changed since the last record. Keeps $?.
__mcd_hook() {
    \builtin local __mcd_status="$?"
    if [[ "${__mcd_hook_mode-}" == pwd ]]; then
        __mcd_record
    fi
    \builtin return "$__mcd_status"
}

# Change to the directory $1 and record the visit. $1 is absolute or starts
# with ./ so that CDPATH is never searched (and cd prints nothing).
__mcd_cd() {
    \builtin local __mcd_prev="${__mcd_last-}" __mcd_status=0
    # An explicit jump is a visit even when it lands where we were last
    # recorded (e.g. with --hook none); the hook, seeing __mcd_last, will not
    # record it a second time.
    __mcd_last=
    \builtin cd -- "$1" || __mcd_status="$?"
    if [[ "$__mcd_status" != 0 ]]; then
        __mcd_last="$__mcd_prev"
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
        # Never hand cd a relative path: CDPATH could send it anywhere.
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
    --)
        \builtin shift
        if [[ "$#" == 0 ]]; then
            __mcd_go query
        else
            __mcd_go query -- "$@"
        fi
        \builtin return
        ;;
    -i)
        \builtin shift
        __mcd_pick "$@"
        \builtin return
        ;;
    @SUBCOMMANDS@)
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
        # A plain cd to ./DIR or /DIR, never to a CDPATH entry.
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
\builtin declare -g __mcd_picked=
__mcd_choose() {
    \builtin local __mcd_dir __mcd_status=0
    __mcd_picked=
    if [[ "$__mcd_picker" == fzf ]] && \builtin type -P fzf >/dev/null 2>&1; then
        __mcd_dir="$("$__mcd_bin" query -l -0 -- "$@" |
            FZF_DEFAULT_OPTS="--height ${FZF_TMUX_HEIGHT:-40%} --reverse ${FZF_DEFAULT_OPTS-}" \
                \command fzf --read0 --exact --no-sort --exit-0 --preview 'ls -A -- {}' &&
            \builtin printf x)" || __mcd_status="$?"
    else
        __mcd_dir="$("$__mcd_bin" -i -- "$@" && \builtin printf x)" || __mcd_status="$?"
    fi
    if [[ "$__mcd_status" != 0 ]]; then
        \builtin return "$__mcd_status"
    fi
    __mcd_dir="${__mcd_dir%x}"
    __mcd_picked="${__mcd_dir%$'\n'}"
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
# builtin takes (-L -P -e -@, -, --, a path, an existing folder, a CDPATH
# name, a cdable_vars variable) is a plain builtin cd with its output and
# status, -i is the picker, anything else a jump. It never calls itself.
__mcd_cd_jump() {
    \builtin local __mcd_status=0
    if [[ "${1-}" == -i ]]; then
        \builtin shift
        __mcd_pick "$@"
        \builtin return
    fi
    if [[ "$#" -gt 0 && "$1" != -* ]]; then
        if [[ "$#" -gt 1 ]] || ! __mcd_plain_cd "$1"; then
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
    \builtin local __mcd_rest="${CDPATH-}" __mcd_entry
    case "$1" in
    /* | ./* | ../* | . | ..) \builtin return 0 ;;
    esac
    if [[ -d "$1" ]]; then
        \builtin return 0
    fi
    while [[ -n "$__mcd_rest" ]]; do
        __mcd_entry="${__mcd_rest%%:*}"
        if [[ "$__mcd_rest" == *:* ]]; then __mcd_rest="${__mcd_rest#*:}"; else __mcd_rest=; fi
        if [[ -n "$__mcd_entry" && -d "$__mcd_entry/$1" ]]; then
            \builtin return 0
        fi
    done
    if \builtin shopt -q cdable_vars && [[ "$1" =~ ^[A-Za-z_][A-Za-z0-9_]*$ && -d "${!1-}" ]]; then
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
# splits the line as bash does, and answers with an option line, then one
# COMPREPLY entry a line, already quoted for bash (a name with a newline
# comes as $'...', so lines are safe). Nothing it prints is evaluated.
# Kept in ranking order (nosort, bash 4.4+); a local directory gets no space
# after it; the typed text stays when several fuzzy matches are listed.
# COMP_POINT counts bytes: the binary cuts the line there (--point), as
# a cut here would need the C locale, set and put back at every TAB.
__mcd_complete() {
    \builtin local __mcd_opts __mcd_out __mcd_noglob=1
    # a substitution, not mapfile from a pipe, which bash reads a byte
    # per read(2): 1 ms for 40 targets; exec, or bash forks once more for
    # the redirection. One entry a line (they are quoted: none holds a
    # newline, none is empty), split on newlines alone and never globbed
    __mcd_out="$(\builtin exec "$__mcd_bin" complete@CDOPT@ --shell bash \
        --wordbreaks "${COMP_WORDBREAKS-}" --line "${COMP_LINE-}" \
        ${COMP_POINT+"--point"} ${COMP_POINT+"$COMP_POINT"} 2>/dev/null)"
    [[ "$-" == *f* ]] || { __mcd_noglob=0; \builtin set -f; }
    \builtin local IFS=$'\n'
    # shellcheck disable=SC2206 # split on purpose, globbing off
    COMPREPLY=($__mcd_out)
    \builtin unset IFS
    ((__mcd_noglob)) || \builtin set +f
    if [[ "${#COMPREPLY[@]}" == 0 ]]; then
        \builtin return 0
    fi
    # the option line off, the entries from index 0 (helpers that loop
    # over the indexes, as bash-completion's, expect that)
    __mcd_opts="${COMPREPLY[0]}"
    COMPREPLY=("${COMPREPLY[@]:1}")
    if [[ "$__mcd_opts" == picker ]]; then
        COMPREPLY=()
        if __mcd_pick_from_line "${COMP_LINE-}" \
            ${COMP_POINT+"--point"} ${COMP_POINT+"$COMP_POINT"} && [[ -n "$__mcd_picked" ]]; then
            \builtin bind -x '"\e[0n": __mcd_pick_line'
            \builtin printf '\e[5n' >/dev/tty
        fi
        \builtin return 0
    fi
    \builtin compopt -o nosort 2>/dev/null || \builtin true
    case " $__mcd_opts " in
    *" nospace "*) \builtin compopt -o nospace 2>/dev/null || \builtin true ;;
    *" files "*) \builtin compopt -o default 2>/dev/null || \builtin true ;;
    esac
    \builtin return 0
}
\builtin complete -F __mcd_complete @CMD@

# "mcd foo<SPACE><TAB>": the picker on the keywords typed so far, and a jump
# to the choice. A completion cannot run a command line, so the choice is
# made the line and run by the answer the terminal sends to a status
# request (ESC [ 5 n gets ESC [ 0 n back): bound first to the helper that
# sets the line, then to accept-line. Nothing the binary prints is
# evaluated: the line holds the path quoted by printf %q.
__mcd_pick_line() {
    \builtin local __mcd_q
    \builtin printf -v __mcd_q '%q' "$__mcd_picked"
    __mcd_picked=
    READLINE_LINE="@CMD@ $__mcd_q"
    READLINE_POINT="${#READLINE_LINE}"
    \builtin bind '"\e[0n": accept-line'
    \builtin printf '\e[5n' >/dev/tty
}
# The keywords of the line $1 (up to the byte --point $3 says, when
# given: $2 $3), as the binary splits it, picked from.
__mcd_pick_from_line() {
    \builtin local -a __mcd_kw
    \builtin mapfile -d '' -t __mcd_kw < <("$__mcd_bin" complete --shell bash --words \
        --wordbreaks "${COMP_WORDBREAKS-}" --line "$@" 2>/dev/null)
    # the word being completed, empty, and the function's own -i or --
    __mcd_kw=("${__mcd_kw[@]:0:${#__mcd_kw[@]}-1}")
    if [[ "${__mcd_kw[0]-}" == -i || "${__mcd_kw[0]-}" == -- ]]; then
        __mcd_kw=("${__mcd_kw[@]:1}")
    fi
    # Ctrl-C in the picker is its own: should the terminal send SIGINT,
    # the completion must go on, with the user's trap put back after
    \builtin local __mcd_trap __mcd_status=0
    __mcd_trap="$(\builtin trap -p INT)"
    \builtin trap ':' INT
    __mcd_choose "${__mcd_kw[@]}" </dev/tty 2>/dev/tty || __mcd_status="$?"
    if [[ -n "$__mcd_trap" ]]; then
        \builtin eval "$__mcd_trap"
    else
        \builtin trap - INT
    fi
    \builtin return "$__mcd_status"
}

# ---- pwd hook --------------------------------------------------------------
# Install (--hook pwd) or remove (--hook none) __mcd_hook in PROMPT_COMMAND,
# once however often init is evaluated. PROMPT_COMMAND may be a string or,
# in bash 5.1+, an array: what the user had is kept as it was. The hook goes
# first; it passes $? through to the commands that follow it.
# (shellcheck cannot know that PROMPT_COMMAND is either an array or a string.)
# shellcheck disable=SC2128,SC2178
__mcd_install_hook() {
    \builtin local __mcd_decl __mcd_flags __mcd_elem __mcd_found=0 __mcd_nl=$'\n'
    \builtin local -a __mcd_keep
    __mcd_keep=()
    __mcd_decl="$(\builtin declare -p PROMPT_COMMAND 2>/dev/null)" || __mcd_decl=
    __mcd_flags="${__mcd_decl#declare -}"
    __mcd_flags="${__mcd_flags%% *}"
    if [[ -n "$__mcd_decl" && "$__mcd_flags" == *r* ]]; then
        if [[ "$__mcd_hook_mode" == pwd ]]; then
            \builtin printf 'mcd: PROMPT_COMMAND is read-only; the pwd hook is not installed\n' >&2
        fi
        \builtin return 0
    fi
    if [[ -n "$__mcd_decl" && "$__mcd_flags" == *a* ]]; then
        for __mcd_elem in "${PROMPT_COMMAND[@]}"; do
            if [[ "$__mcd_elem" == __mcd_hook ]]; then
                __mcd_found=1
            else
                __mcd_keep+=("$__mcd_elem")
            fi
        done
        if [[ "$__mcd_hook_mode" == pwd ]]; then
            if [[ "$__mcd_found" == 0 ]]; then
                PROMPT_COMMAND=(__mcd_hook "${PROMPT_COMMAND[@]}")
            fi
        elif [[ "$__mcd_found" == 1 ]]; then
            PROMPT_COMMAND=("${__mcd_keep[@]}")
        fi
    elif [[ "$__mcd_hook_mode" == pwd ]]; then
        if [[ "${PROMPT_COMMAND-}" != *__mcd_hook* ]]; then
            PROMPT_COMMAND="__mcd_hook${PROMPT_COMMAND:+$__mcd_nl$PROMPT_COMMAND}"
        fi
    elif [[ "${PROMPT_COMMAND-}" == *__mcd_hook* ]]; then
        PROMPT_COMMAND="${PROMPT_COMMAND//__mcd_hook$__mcd_nl/}"
        if [[ "$PROMPT_COMMAND" == __mcd_hook ]]; then
            PROMPT_COMMAND=
        fi
    fi
    \builtin return 0
}
__mcd_install_hook
\builtin unset -f __mcd_install_hook
