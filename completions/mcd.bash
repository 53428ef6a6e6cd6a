# bash completion for the mcd binary: subcommands, their options and
# arguments (`mcd query bil<TAB>` completes jump targets). Installed by
# `make install` into bash-completion's completions folder as `mcd`.
#
# The jump function that `eval "$(mcd init bash)"` defines registers its own
# completion (the same engine, `mcd complete`), which takes over for it.
# The binary splits the line and quotes its answers for bash: an option
# line, then one COMPREPLY entry a line. Nothing it prints is evaluated.
# COMP_POINT counts bytes: the binary cuts the line there (--point), as a
# cut here would need the C locale, set and put back at every TAB
_mcd() {
    local opts out noglob=1
    # a substitution, not mapfile from a pipe, which bash reads a byte per
    # read(2); exec, or bash forks once more for the redirection. Entries
    # are quoted (no newline in one, none empty): split on newlines alone,
    # never globbed
    out="$(exec "${1:-mcd}" complete --shell bash --binary \
        --wordbreaks "${COMP_WORDBREAKS-}" --line "${COMP_LINE-}" \
        ${COMP_POINT+"--point"} ${COMP_POINT+"$COMP_POINT"} 2>/dev/null)"
    [[ $- == *f* ]] || { noglob=0; set -f; }
    local IFS=$'\n'
    # shellcheck disable=SC2206 # split on purpose, globbing off
    COMPREPLY=($out)
    unset IFS
    ((noglob)) || set +f
    ((${#COMPREPLY[@]})) || return 0
    # the option line off, the entries from index 0
    opts=${COMPREPLY[0]}
    COMPREPLY=("${COMPREPLY[@]:1}")
    compopt -o nosort 2>/dev/null
    case " $opts " in
    *" nospace "*) compopt -o nospace 2>/dev/null ;;
    *" files "*) compopt -o default 2>/dev/null ;;
    esac
    return 0
}
complete -F _mcd mcd
