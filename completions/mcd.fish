# fish completion for the mcd binary: subcommands, their options and
# arguments (`mcd query bil<TAB>` completes jump targets). Installed by
# `make install` into fish's vendor_completions.d, where fish loads it the
# first time it completes mcd.
#
# The jump function that `mcd init fish | source` defines registers its
# own completion (the same engine, `mcd complete`), which takes over for
# it: this file then leaves mcd alone. The binary gets the words before
# the cursor, unescaped, and the current token, and answers with
# NUL-terminated records (an option record, then one candidate a record);
# string split0 keeps each whole. Nothing it prints is evaluated.
function __mcd_complete_binary
    set -l words (commandline -opc)
    set -l cur (commandline -ct | string unescape)
    command -q $words[1]; or return
    set -l res (command $words[1] complete --shell fish --binary -- $words[2..-1] "$cur" \
        2>/dev/null | string split0)
    switch "$res[1]"
        case files
            __fish_complete_path "$cur"
            return
        case picker ''
            return
    end
    if set -q res[2]
        printf '%s\0' $res[2..-1] | string split0
    end
end
if not set -q __mcd_cmd; or test "$__mcd_cmd" != mcd
    complete -c mcd -f -k -a '(__mcd_complete_binary)'
end
