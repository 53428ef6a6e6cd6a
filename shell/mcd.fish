# mcd - monorepo directory jumper: the fish integration.
#
# Load it from ~/.config/fish/config.fish with:   mcd init fish | source
#
# It defines one function for jumping (mcd, or the name given to --cmd) and
# helpers named __mcd_*. The function never evaluates what the binary prints:
# the path comes back through builtin string split0 and builtin string split, byte for
# byte (newlines, invalid UTF-8 and all), and goes to builtin cd. Every
# call of a command is `command` or `builtin`, so user functions named like
# them do not interfere.

# Settings chosen by `mcd init`, global: init may be sourced inside a
# function. The directory recorded last, shared by the jump function and
# the pwd hook, so that one change of directory is recorded once; kept
# when init is sourced again.
set -g __mcd_bin @BIN@
set -g __mcd_hook_mode @HOOK@
set -g __mcd_picker @PICKER@
set -g __mcd_cmd @CMD@
set -q __mcd_last; or set -g __mcd_last ''

# Record a visit to $PWD unless it is the directory recorded last. Never
# prints and never fails: history is a nicety, the prompt must not suffer.
function __mcd_record
    if test "$__mcd_last" = "$PWD"
        return 0
    end
    set -g __mcd_last $PWD
    # fish itself reports a missing command: not at a prompt
    if command -q $__mcd_bin
        command $__mcd_bin add -- $PWD >/dev/null 2>&1
    end
    return 0
end

# Run the binary with $argv (a query or the picker) and set __mcd_out to
# what it printed, less the one newline it ends with. Returns the binary's
# status. Its output is data: read -z takes every byte of it (newlines
# too; no path holds a NUL) into one variable. A pipeline, not a command
# substitution: a redirection of the function (mcd foo 2>/dev/null)
# applies to the binary's messages too.
function __mcd_run
    set -g __mcd_out
    if not command -q $__mcd_bin
        builtin printf 'mcd: %s: no such program\n' $__mcd_bin >&2
        return 127
    end
    command $__mcd_bin $argv | builtin read -lz __mcd_res
    __mcd_chomp $pipestatus[1] $__mcd_res
end
# Set __mcd_out to the output $argv[2] less its last newline when the
# status $argv[1] is 0; return that status.
function __mcd_chomp
    if test "$argv[1]" != 0
        return $argv[1]
    end
    if test (builtin count $argv) != 2
        return 3
    end
    # builtin string split, the last command of a substitution, keeps its pieces
    set -l __mcd_parts (builtin string split -r -m1 \n -- $argv[2])
    set -g __mcd_out $__mcd_parts[1]
    return 0
end

# Change to the directory $argv[1] and record the visit. It is absolute or
# starts with ./ so that CDPATH is never searched. Keeps fish's directory
# history (dirprev, dirnext: prevd, nextd, cd -) as fish's cd does.
function __mcd_cd
    set -l __mcd_prev $PWD
    set -l __mcd_oldlast $__mcd_last
    # An explicit jump is a visit even when it lands where we were last
    # recorded (e.g. with --hook none). With the hook, the PWD event
    # records it during the cd and __mcd_record below sees it is done.
    set -g __mcd_last ''
    builtin cd -- $argv[1]
    or begin
        set -l __mcd_status $status
        set -g __mcd_last $__mcd_oldlast
        return $__mcd_status
    end
    __mcd_dirprev $__mcd_prev
    __mcd_record
    if test "$MCD_ECHO" = 1
        builtin printf '%s\n' $PWD
    end
    return 0
end

# After a change of directory from $argv[1]: what fish's cd does to its
# history.
function __mcd_dirprev
    if test "$argv[1]" = "$PWD"
        return 0
    end
    set -q dirprev; or set -l dirprev
    set -q dirprev[25]; and set -e dirprev[1]
    set -g dirprev $dirprev $argv[1]
    set -e dirnext
    set -g __fish_cd_direction prev
end

# Run the binary with $argv, then cd to the path it printed.
function __mcd_go
    __mcd_run $argv; or return
    if not builtin string match -q -- '/*' $__mcd_out
        # Never hand cd a relative path: CDPATH could send it anywhere.
        builtin printf 'mcd: expected an absolute path from the binary\n' >&2
        return 3
    end
    __mcd_cd $__mcd_out
end

# mcd -: the previous directory, from fish's directory history
function __mcd_back
    if not set -q dirprev[1]
        builtin printf 'mcd: no previous directory\n' >&2
        return 1
    end
    __mcd_cd $dirprev[-1]
end

# The jump function. See `mcd help`; in short:
#   (no argument)   the root of the current repository ($HOME outside one)
#   -               the previous directory
#   DIR             a plain cd, when the only argument is an existing directory
#   KEYWORD...      the best match; -- KEYWORD... even for a subcommand's name
#   -i [KEYWORD...] the interactive picker
#   a subcommand, -h/--help, -V/--version: the binary itself
function __mcd_jump
    if not set -q argv[1]
        __mcd_go query
        return
    end
    switch $argv[1]
        case --
            if set -q argv[2]
                __mcd_go query -- $argv[2..-1]
            else
                __mcd_go query
            end
            return
        case -i
            __mcd_pick $argv[2..-1]
            return
        case @SUBCOMMANDS@
            command $__mcd_bin $argv
            return
    end
    if test (builtin count $argv) = 1; and test "$argv[1]" = -
        __mcd_back
    else if test (builtin count $argv) = 1; and test -d "$argv[1]"
        # A plain cd to ./DIR or /DIR, never to a CDPATH entry.
        if builtin string match -q -- '/*' $argv[1]
            __mcd_cd $argv[1]
        else
            __mcd_cd ./$argv[1]
        end
    else
        __mcd_go query -- $argv
    end
end

# The jump function as cd (init --cmd cd): cd alone goes home, cd - back,
# what builtin cd takes (--, an existing folder, a CDPATH name, a path)
# is a plain builtin cd with its result and status; -i is the picker;
# anything else is a jump. It never calls itself: builtin cd.
function __mcd_cd_jump
    set -l __mcd_prev $PWD
    set -l __mcd_status 0
    if not set -q argv[1]
        builtin cd
        set __mcd_status $status
    else if test (builtin count $argv) = 1; and test "$argv[1]" = -
        __mcd_back
        return
    else if test "$argv[1]" = -i
        __mcd_pick $argv[2..-1]
        return
    else if test (builtin count $argv) = 1; and __mcd_plain_cd $argv[1]
        builtin cd $argv[1]
        set __mcd_status $status
    else if test "$argv[1]" = --; or builtin string match -q -- '-*' $argv[1]
        builtin cd $argv
        set __mcd_status $status
    else
        __mcd_go query -- $argv
        return
    end
    # a plain cd: recorded by the hook (--hook pwd), as any cd is
    if test $__mcd_status = 0
        __mcd_dirprev $__mcd_prev
    end
    return $__mcd_status
end

# Does builtin cd take the one argument $argv[1] as a directory: a path
# (/, ./, ../, ~), an existing folder, or a folder of a CDPATH entry?
function __mcd_plain_cd
    if builtin string match -q -r -- '^(/|\./|\.\./|~|\.$|\.\.$)' $argv[1]
        return 0
    end
    if test -d "$argv[1]"
        return 0
    end
    for __mcd_entry in $CDPATH
        if test -n "$__mcd_entry"; and test -d "$__mcd_entry/$argv[1]"
            return 0
        end
    end
    return 1
end

# The picker on the keywords $argv, its choice into __mcd_picked: the
# built-in one, or fzf (init --picker fzf, when fzf is there) on the ranked
# list. Returns the picker's status: Esc and Ctrl-C give 130; no match, 1.
set -g __mcd_picked ''
function __mcd_choose
    set -g __mcd_picked ''
    if test "$__mcd_picker" = fzf; and command -q fzf
        set -l __mcd_height 40%
        set -q FZF_TMUX_HEIGHT; and set __mcd_height $FZF_TMUX_HEIGHT
        command $__mcd_bin query -l -0 -- $argv |
            FZF_DEFAULT_OPTS="--height $__mcd_height --reverse $FZF_DEFAULT_OPTS" \
                command fzf --read0 --exact --no-sort --exit-0 --preview 'ls -A -- {}' |
            builtin read -lz __mcd_res
        __mcd_chomp $pipestatus[2] $__mcd_res; or return
        set -g __mcd_picked $__mcd_out
        return 0
    end
    __mcd_run -i -- $argv; or return
    set -g __mcd_picked $__mcd_out
end

# mcd -i KEYWORDS: the picker, then cd to the choice
function __mcd_pick
    __mcd_choose $argv; or return
    if not builtin string match -q -- '/*' $__mcd_picked
        builtin printf 'mcd: expected an absolute path from the binary\n' >&2
        return 3
    end
    __mcd_cd $__mcd_picked
end

function @CMD@ --description 'jump to a directory (mcd)'
    @JUMP@ $argv
end

# ---- TAB completion --------------------------------------------------------
# The binary does the work (`mcd complete --shell fish`): it gets the words
# before the cursor, unescaped, and the current token, and answers with
# NUL-terminated records: an option record, then one candidate a record
# (jump targets with their repository-relative path as the description),
# local folders first, in ranking order (complete -k keeps it). fish
# quotes what it inserts; nothing the binary prints is evaluated. A name
# holding a tab cannot be a fish candidate and is not offered.
function __mcd_complete
    set -l __mcd_words (commandline -opc)
    set -l __mcd_cur (commandline -ct | builtin string unescape)
    set -l __mcd_res (command $__mcd_bin complete@CDOPT@ --shell fish -- $__mcd_words[2..-1] "$__mcd_cur" 2>/dev/null | builtin string split0)
    switch "$__mcd_res[1]"
        case files
            __fish_complete_path "$__mcd_cur"
            return
        case picker ''
            return
    end
    if set -q __mcd_res[2]
        builtin printf '%s\0' $__mcd_res[2..-1] | builtin string split0
    end
end
complete -c @CMD@ -e
complete -c @CMD@ -f -k -a '(__mcd_complete)'

# "mcd foo<SPACE><TAB>": the picker on the keywords typed so far, and a jump
# to the choice. TAB runs __mcd_tab: on a line of this function whose
# current token is empty and where the binary says so, it opens the
# picker and runs the choice, quoted by builtin string escape; anywhere else it
# completes as TAB does.
function __mcd_tab
    set -l __mcd_words (commandline -opc)
    set -l __mcd_cur (commandline -ct)
    if test "$__mcd_words[1]" = "$__mcd_cmd"; and test -z "$__mcd_cur"
        set -l __mcd_res (command $__mcd_bin complete@CDOPT@ --shell fish -- $__mcd_words[2..-1] '' 2>/dev/null | builtin string split0)
        if test "$__mcd_res[1]" = picker
            set -l __mcd_kw $__mcd_words[2..-1]
            if test "$__mcd_kw[1]" = -i; or test "$__mcd_kw[1]" = --
                set -e __mcd_kw[1]
            end
            if __mcd_choose $__mcd_kw </dev/tty 2>/dev/tty; and test -n "$__mcd_picked"
                commandline -r -- "$__mcd_cmd "(builtin string escape -- $__mcd_picked)
                set -g __mcd_picked ''
                commandline -f repaint execute
            else
                commandline -f repaint
            end
            return
        end
    end
    commandline -f complete
end
bind \t __mcd_tab
bind -M insert \t __mcd_tab 2>/dev/null

# ---- pwd hook --------------------------------------------------------------
# With --hook pwd, record every directory the user reaches (cd, prevd,
# pushd, ...): fish runs the handler when PWD changes; it prints nothing
# and leaves $status alone. --hook none removes it. Defined once however
# often init is sourced.
function __mcd_hook --on-variable PWD
    set -l __mcd_status $status
    if test "$__mcd_hook_mode" = pwd
        __mcd_record
    end
    return $__mcd_status
end
if test "$__mcd_hook_mode" != pwd
    functions -e __mcd_hook
end
