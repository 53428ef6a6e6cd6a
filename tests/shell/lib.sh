# shellcheck shell=bash
# lib.sh - the harness every tests/shell/test_*.sh sources first:
#
#   # shellcheck source=SCRIPTDIR/lib.sh
#   . "$(dirname "$0")/lib.sh"
#
# It checks the one argument (the binary, exported as MCD, absolute), makes
# the temporary folder T (a physical path: what $PWD shows in it) removed on
# exit, gives the tests a private HOME, and defines how results are printed.
# tests/run counts the lines that start `ok `, `not ok ` and `# skip`:
#
#   ok - WHAT
#   not ok - WHAT
#       indented diagnostics
#   # skip WHAT: why
#   Bail out! WHY        (the fixture cannot be built: exit 2)
#
# A script ends with `finish`: exit status 1 when any check failed.
set -u

# ---- the binary, the temporary folder, cleanup ------------------------------------
MCD=${1:-}
if [[ -z $MCD || ! -x $MCD ]]; then
    printf 'usage: bash %s /path/to/mcd\n' "$0" >&2
    exit 2
fi
[[ $MCD == /* ]] || MCD=$PWD/$MCD
T=$(basename -- "$0" .sh)
T=$(mktemp -d "${TMPDIR:-/tmp}/mcd-${T#test_}.XXXXXX") || exit 2
T=$(cd -P -- "$T" && pwd) || exit 2
export MCD T

# at_exit CODE: run CODE (eval'd) on exit, before the temporary folder goes;
# the latest added runs first.
CLEANUP=()
at_exit() { CLEANUP+=("$1"); }
cleanup() {
    local i
    for ((i = ${#CLEANUP[@]} - 1; i >= 0; i--)); do eval "${CLEANUP[i]}"; done
    chmod -R u+rwX -- "$T" 2>/dev/null # whatever a test made unreadable
    rm -rf -- "$T"
}
trap cleanup EXIT

# Nothing from the user's setup: a private HOME, no variable that changes
# how mcd, the shells or git behave.
unset CDPATH PROMPT_COMMAND MCD_ECHO MCD_EXCLUDE BASH_ENV ENV OLDPWD XDG_DATA_HOME ZDOTDIR
export HOME=$T/home GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
mkdir -p -- "$HOME"

# ---- results ------------------------------------------------------------------------
# (A check reported in a subshell, $(...) or a pipe, is printed but not
# counted in FAILED: report from the script's own shell.)
FAILED=0 # how many checks failed

# indent: the input, indented as diagnostics are
indent() { sed 's/^/    /'; }

ok() { printf 'ok - %s\n' "$1"; }

# not_ok WHAT [DIAGNOSTIC...]: a failure, then each DIAGNOSTIC (any number of
# lines) indented; at most 60 lines of them, enough for a whole tmux screen.
not_ok() {
    local diag
    FAILED=$((FAILED + 1))
    printf 'not ok - %s\n' "$1"
    shift
    diag=$(printf '%s\n' "$@")
    [[ -n ${diag//$'\n'/} ]] && printf '%s\n' "$diag" | head -n 60 | indent
    return 0
}

# report STATUS WHAT [DIAGNOSTIC...]: ok when STATUS is 0, else not_ok
report() {
    if [[ $1 == 0 ]]; then
        ok "$2"
    else
        shift
        not_ok "$@"
    fi
}

skip() { printf '# skip %s\n' "$1"; }

# bail WHY: the fixture cannot be built; stop here, exit 2
bail() {
    printf 'Bail out! %s\n' "$1"
    exit 2
}

# finish: exit 1 if any check failed, else 0
finish() { exit $((FAILED > 0)); }

# ---- child shells -----------------------------------------------------------------------
# Helpers for the code of a scenario, by shell: p prints each argument on a
# line; prompt does what the shell does before it shows a prompt (bash runs
# PROMPT_COMMAND; zsh runs mcd's hook from chpwd, at the cd itself).
# shellcheck disable=SC2016,SC2034 # code for the child shell, used by the scripts
CHILD_bash='p() { printf "%s\n" "$@"; }
prompt() { eval "${PROMPT_COMMAND-}"; }'
# shellcheck disable=SC2016,SC2034 # code for the child shell, used by the scripts
CHILD_zsh='p() { printf "%s\n" "$@"; }
prompt() { :; }'
# The POSIX shells (mcd init posix) and fish: the same helpers in their
# languages. Of the POSIX shells only mksh has a prompt hook, in PS1:
# prompt expands PS1 as mksh does before a prompt; fish runs its hook at
# the cd itself.
# shellcheck disable=SC2016,SC2034 # code for the child shell, used by the scripts
CHILD_posix='p() { printf "%s\n" "$@"; }
prompt() {
    __st=$?
    case ${KSH_VERSION-} in *MIRBSD*) eval ": \"${PS1-}\"" ;; esac
    return "$__st"
}'
# shellcheck disable=SC2034 # used by the scripts
CHILD_dash=$CHILD_posix CHILD_mksh=$CHILD_posix CHILD_busybox=$CHILD_posix
# shellcheck disable=SC2016,SC2034 # code for the child shell, used by the scripts
CHILD_fish='function p; printf "%s\n" $argv; end
function prompt; end'
# POSIX_SHELLS: the shells of mcd init posix (busybox: busybox sh)
# shellcheck disable=SC2034 # used by the scripts
POSIX_SHELLS=(dash mksh busybox)
# have_shell SH: is SH installed?
have_shell() {
    if [[ $1 == busybox ]]; then busybox sh -c : >/dev/null 2>&1; else command -v "$1" >/dev/null 2>&1; fi
}
# init_of SH: the shell mcd init takes for SH (posix for the POSIX shells)
init_of() {
    case $1 in dash | mksh | busybox | sh) printf posix ;; *) printf '%s' "$1" ;; esac
}
# INIT: the line that loads the integration into a child shell named by $SH
# (init_code SH: the same for a given shell)
# shellcheck disable=SC2016 # code for the child shell
INIT='eval "$("$MCD" init "$SH")"'
# shellcheck disable=SC2016 # code for the child shell
init_code() {
    case $1 in
    fish) printf '%s' '"$MCD" init fish | source' ;;
    dash | mksh | busybox) printf '%s' 'eval "$("$MCD" init posix)"' ;;
    *) printf '%s' "$INIT" ;;
    esac
}

# with_init CODE: CODE, after INIT (init_code $SH) unless CODE runs `mcd init` itself
with_init() {
    if [[ $1 == *' init '* ]]; then printf '%s\n' "$1"; else printf '%s\n%s\n' "$(init_code "${SH:-bash}")" "$1"; fi
}

# in_shell SH DIR CODE...: run the CODE pieces, one after the other (joined by
# newlines), in a fresh non-interactive SH started in DIR that reads no rc
# file (bash --norc --noprofile, zsh -f, fish --no-config; busybox is
# busybox sh), with this shell's environment and
# $SH naming the shell (INIT reads it). Sets OUT and ERR (trailing newlines
# dropped; the bytes stay in $T/out and $T/err) and RC. bash's notice of a
# child killed by a signal is dropped.
# shellcheck disable=SC2034 # OUT, ERR and RC are the caller's
in_shell() {
    local sh=$1 dir=$2 code
    shift 2
    code=$(printf '%s\n' "$@")
    { (
        cd -- "$dir" || exit 99
        case $sh in
            bash) SH=$sh exec bash --norc --noprofile -c "$code" ;;
            zsh) SH=$sh exec zsh -f -c "$code" ;;
            fish) SH=$sh exec fish --no-config -c "$code" ;;
            busybox) SH=$sh exec busybox sh -c "$code" ;;
            *) SH=$sh exec "$sh" -c "$code" ;;
        esac
    ) >"$T/out" 2>"$T/err"; } 2>/dev/null
    RC=$?
    OUT=$(<"$T/out")
    ERR=$(<"$T/err")
}

# ---- terminals: shells under tmux ---------------------------------------------------------
# A private tmux server on a socket in T, killed on exit. Every wait polls
# the screen until the text shows, for at most MCD_TMUX_TIMEOUT seconds
# (default 5): no sleeps to tune, no timings.
TMUX_SOCK=$T/tmux.sock
TMUX_TIMEOUT=${MCD_TMUX_TIMEOUT:-5}

# tm ARGS...: tmux on the private server
tm() { tmux -S "$TMUX_SOCK" "$@"; }

# tm_start SESSION DIR [NAME=VALUE...] COMMAND [ARG...]: a detached 160x50
# session SESSION, no status line, running COMMAND in DIR with only HOME,
# PATH, TERM, LANG, MCD, the sanitizer options and the NAME=VALUEs set.
tm_start() {
    local s=$1 dir=$2
    shift 2
    [[ -S $TMUX_SOCK ]] || at_exit 'tm kill-server >/dev/null 2>&1' # the first session starts the server
    tm -f /dev/null new-session -d -s "$s" -x 160 -y 50 -c "$dir" \
        env -i "HOME=$HOME" "PATH=$PATH" TERM=xterm-256color "LANG=${LANG:-C.UTF-8}" "MCD=$MCD" \
        "ASAN_OPTIONS=${ASAN_OPTIONS:-}" "UBSAN_OPTIONS=${UBSAN_OPTIONS:-}" "$@" &&
        tm set-option -g status off >/dev/null
}

# screen SESSION: the visible pane, trailing blanks dropped
screen() { tm capture-pane -p -t "=$1:" | sed 's/[[:space:]]*$//'; }

# wait_screen SESSION GREP_OPTION TEXT: poll until `grep GREP_OPTION TEXT`
# finds the screen. 0 if it did, 1 after the timeout.
wait_screen() {
    local end=$((SECONDS + TMUX_TIMEOUT + 1))
    while ((SECONDS < end)); do
        screen "$1" | grep -q "$2" -- "$3" && return 0
        sleep 0.05
    done
    return 1
}

# wait_for SESSION TEXT: poll until TEXT shows on the screen. 0 if it did.
wait_for() { wait_screen "$1" -F "$2"; }

# wait_line SESSION LINE: poll until a whole screen line equals LINE.
wait_line() { wait_screen "$1" -xF "$2"; }

# press SESSION KEY...: press the tmux keys (Enter, Tab, C-c, Up, ...)
press() { tm send-keys -t "=$1:" "${@:2}"; }

# keys SESSION TEXT [KEY...]: type TEXT literally, then press the KEYs
keys() {
    tm send-keys -t "=$1:" -l -- "$2"
    (($# > 2)) && press "$1" "${@:3}"
    return 0
}

# ---- shells as people have them: bash and zsh with plugins, under tmux -------------------
# The plugins loaded beside mcd (bash-completion, fzf's key bindings and
# completion, direnv; in zsh also zsh-autosuggestions and
# zsh-syntax-highlighting), each when installed (a skip line says which
# is not). tm_shell starts a session with them; fresh, where and at_prompt
# drive it. SHELL_ENV (an array the script may set) holds NAME=VALUE pairs
# every such session gets.
PLUGINS_bash=() PLUGINS_zsh=() SHELL_ENV=()
plugin() { # SHELL FILE: load FILE in SHELL's sessions if it is there
    if [[ -r $2 ]]; then
        eval "PLUGINS_$1+=(\". \\\"$2\\\"\")"
    else
        skip "$1: plugin $2 is not installed"
    fi
}
plugins_find() {
    local fzf=/usr/share/doc/fzf/examples
    PLUGINS_bash=() PLUGINS_zsh=()
    plugin bash /usr/share/bash-completion/bash_completion
    plugin bash "$fzf/key-bindings.bash"
    plugin bash /usr/share/bash-completion/completions/fzf
    plugin zsh "$fzf/key-bindings.zsh"
    plugin zsh "$fzf/completion.zsh"
    plugin zsh /usr/share/zsh-autosuggestions/zsh-autosuggestions.zsh
    plugin zsh /usr/share/zsh-syntax-highlighting/zsh-syntax-highlighting.zsh
    if command -v direnv >/dev/null 2>&1; then
        # shellcheck disable=SC2016 # code for the child shells
        PLUGINS_bash+=('eval "$(direnv hook bash)"') PLUGINS_zsh+=('eval "$(direnv hook zsh)"')
    else
        skip "direnv is not installed"
    fi
}

# shell_rc SHELL NAME ORDER INIT_ARGS: the rc file of a session NAME (its
# prompt "NAME$ "): mcd's init before the plugins (ORDER=first) or after
# them (last); in zsh, syntax-highlighting stays last, as its manual asks
shell_rc() {
    local sh=$1 name=$2 order=$3 args=$4 init plugins
    # shellcheck disable=SC2016 # code for the child shells
    init="eval \"\$(\"\$MCD\" init $sh $args)\""
    if [[ $sh == bash ]]; then plugins=("${PLUGINS_bash[@]}"); else plugins=("${PLUGINS_zsh[@]}"); fi
    printf 'PS1=%q\nHISTFILE=/dev/null\n' "$name\$ "
    # shellcheck disable=SC2016 # code for the child shells
    [[ $sh == zsh ]] && printf 'autoload -Uz compinit && compinit -u -d "$HOME/.zcompdump-%s"\n' "$name"
    [[ $order == first ]] && printf '%s\n' "$init"
    printf '%s\n' "${plugins[@]}"
    [[ $order == last ]] && printf '%s\n' "$init"
}

# tm_shell NAME SHELL ORDER INIT_ARGS DIR [NAME=VALUE...]: session NAME
# running SHELL interactively in DIR with the plugins and mcd (shell_rc),
# SHELL_ENV and the NAME=VALUEs set; waits for its first prompt.
tm_shell() {
    local name=$1 sh=$2 order=$3 args=$4 dir=$5
    shift 5
    if [[ $sh == bash ]]; then
        shell_rc bash "$name" "$order" "$args" >"$T/$name.rc"
        tm_start "$name" "$dir" "${SHELL_ENV[@]}" "$@" bash --noprofile --rcfile "$T/$name.rc" -i
    else
        mkdir -p "$T/$name.zdot"
        shell_rc zsh "$name" "$order" "$args" >"$T/$name.zdot/.zshrc"
        tm_start "$name" "$dir" "${SHELL_ENV[@]}" "$@" "ZDOTDIR=$T/$name.zdot" zsh -i
    fi
    wait_line "$name" "$name\$" || not_ok "$name: the shell started" "$(screen "$name")"
}

# tm_fresh SESSION DIR: an empty screen, a prompt in DIR. It waits for the
# screen to hold the bare prompt only: a prompt left from before the
# clear would let the next keys be typed ahead, echoed by the terminal.
tm_fresh() {
    local end=$((SECONDS + TMUX_TIMEOUT + 1))
    press "$1" C-u
    keys "$1" "cd \"$2\" && clear" Enter
    while ((SECONDS < end)); do
        [[ $(screen "$1" | grep .) == "$1\$" ]] && return 0
        sleep 0.05
    done
    not_ok "$1: prompt came back" "$(screen "$1")"
}

# tm_at_prompt SESSION: wait until the screen's last line is a bare prompt
# (what ran before has finished and no longer reads keys)
tm_at_prompt() {
    local end=$((SECONDS + TMUX_TIMEOUT + 1))
    while ((SECONDS < end)); do
        [[ $(screen "$1" | grep . | tail -n 1) == "$1\$" ]] && return 0
        sleep 0.05
    done
    return 1
}

# tm_where SESSION WANT WHAT: print the shell's $? and $PWD as <STATUS:PWD>;
# check that it is <WANT>
tm_where() {
    # shellcheck disable=SC2016 # code for the child shell
    keys "$1" 'printf "<%s:%s>\n" "$?" "$PWD"' Enter
    if wait_for "$1" "<$2>"; then ok "$1: $3"; else not_ok "$1: $3" "want <$2>" "screen:" "$(screen "$1")"; fi
}

# tm_shot SESSION NAME [-e]: keep SESSION's screen in $SCREENS/NAME.txt, with
# -e its colours and attributes too (escape sequences shown as ^[), for
# the notes that quote what a test saw (build/screens by default)
SCREENS=${MCD_SCREENS:-$(cd -- "$(dirname -- "$0")/../.." && pwd)/build/screens}
tm_shot() {
    mkdir -p -- "$SCREENS" || return 0
    if [[ ${3-} == -e ]]; then
        tm capture-pane -e -p -t "=$1:" | sed 's/[[:space:]]*$//' | cat -v
    else
        screen "$1"
    fi | sed -e ':a' -e '/^\n*$/{$d;N;ba' -e '}' >"$SCREENS/$2.txt"
}
# tm_shot_more SESSION NAME WHAT: append SESSION's screen to the kept NAME,
# after a line saying WHAT led to it
tm_shot_more() {
    [[ -f $SCREENS/$2.txt ]] || return 0
    { printf -- '--- %s:\n' "$3"; screen "$1" | sed -e ':a' -e '/^\n*$/{$d;N;ba' -e '}'; } >>"$SCREENS/$2.txt"
}
