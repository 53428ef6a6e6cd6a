# bash completion for the mcd binary: subcommands, their options and
# arguments (`mcd query bil<TAB>` completes jump targets). Installed by
# `make install` into bash-completion's completions folder as `mcd`.
#
# The jump function that `eval "$(mcd init bash)"` defines registers its own
# completion (the same engine, `mcd complete`), which takes over for it.
# The binary splits the line and quotes its answers for bash: an option
# line, then one COMPREPLY entry a line. Nothing it prints is evaluated.
_mcd() {
    local line opts
    local -a reply
    # COMP_POINT counts bytes: cut the line in the C locale
    line="$(LC_ALL=C; printf '%s' "${COMP_LINE:0:COMP_POINT}")"
    reply=()
    mapfile -t reply < <(command "${1:-mcd}" complete --shell bash --binary \
        --wordbreaks "${COMP_WORDBREAKS-}" --line "$line" 2>/dev/null)
    COMPREPLY=()
    ((${#reply[@]})) || return 0
    opts=${reply[0]}
    COMPREPLY=("${reply[@]:1}")
    compopt -o nosort 2>/dev/null
    case " $opts " in
    *" nospace "*) compopt -o nospace 2>/dev/null ;;
    *" files "*) compopt -o default 2>/dev/null ;;
    esac
    return 0
}
complete -F _mcd mcd
