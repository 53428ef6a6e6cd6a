#!/usr/bin/env bash
# shellcheck disable=SC2016 # single-quoted scenarios are code for the child shells
# test_cmd_cd.sh - `mcd init SHELL --cmd cd`, which replaces cd, in bash,
# zsh, fish, dash, mksh and busybox sh: cd alone goes home, cd - back,
# what the builtin takes (-P into a symlink, a CDPATH name, an existing
# folder, a path that does not exist) is the builtin's plain cd with its
# result and status, anything else is a jump; the function never calls
# itself; TAB offers the local folders first, then the targets.
#
#   bash tests/shell/test_cmd_cd.sh /abs/path/to/mcd
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"

R=$T/src/acme
mkdir -p "$R"/services/billing "$R"/libs/ui "$R/docs/bits" "$R/docs/bills" "$T/cdp/cdponly" "$T/real/inner"
ln -s "$T/real" "$R/docs/link" || bail "cannot make a symlink"
: >"$R/.mcdroot"
export R

lines() { local IFS=$'\n'; printf '%s' "$*"; }
run() {
    local pre
    case $SH in
    bash | zsh) eval "pre=\$CHILD_$SH" ;;
    fish) pre=$CHILD_fish ;;
    *) pre=$CHILD_posix ;;
    esac
    MCD_DATA_DIR=$T/data/$SH in_shell "$SH" "$R" "$pre" "$1"
}
# t NAME CODE EXPECTED [STDERR_GLOB]
t() {
    local bad=0
    run "$2"
    # shellcheck disable=SC2053 # the glob is meant
    [[ $OUT == "$3" && $ERR == ${4-} ]] || bad=1
    report "$bad" "$SH --cmd cd: $1" "$(
        printf 'expected stdout:\n%s\n' "$3" | indent
        printf 'got stdout:\n%s\n' "$OUT" | indent
        printf 'got stderr (want none):\n%s\n' "$ERR" | indent
        printf 'code:\n%s\n' "$2" | indent
    )"
}

for SH in bash zsh fish "${POSIX_SHELLS[@]}"; do
    if ! have_shell "$SH"; then
        skip "$SH: not installed"
        continue
    fi
    if [[ $SH == fish ]]; then
        init='"$MCD" init fish --cmd cd | source'
        t "cd alone goes home, cd - back, an existing folder and .. are plain cds" \
            "$init"'; cd libs; cd; p $status $PWD; cd -; p $status $PWD; cd ui; p $PWD; cd ../..; p $PWD' \
            "$(lines 0 "$HOME" 0 "$R/libs" "$R/libs/ui" "$R")"
        t "a CDPATH name is the builtin's; a keyword jumps; a miss fails and stays" \
            "$init"'; set -gx CDPATH $T/cdp; cd cdponly; p $status $PWD; cd $R/libs; cd billing; p $status $PWD
             cd zzqqxxyy 2>/dev/null; p $status $PWD; cd $T/nonexistent 2>/dev/null; p $status $PWD' \
            "$(lines 0 "$T/cdp/cdponly" 0 "$R/services/billing" 1 "$R/services/billing" 1 "$R/services/billing")"
        t "cd is our function, calling builtin cd (no recursion); a symlink is kept" \
            "$init"'; functions cd | string match -q "*__mcd_cd_jump*"; and p ours; cd docs/link/inner; p $PWD' \
            "$(lines ours "$R/docs/link/inner")"
        # (fish lists only the best kind of match: prefix matches hide the
        # others; an empty word shows all, in our order)
        t "TAB: local folders first, then the targets" \
            "$init"'; cd docs; complete -C "cd " | head -n 4' "$(lines bills/ bits/ link/ libs)"
        t "plain cds are recorded by the hook, once; with --hook none only jumps" \
            "set -gx MCD_DATA_DIR \$T/data/fish-hook; $init"'; cd libs; cd .; cd ui; "$MCD" init fish --cmd cd --hook none | source; cd ..; cd billing
             "$MCD" export | cut -f1,3 | string replace $R/ ""' \
            "$(lines $'1\tlibs' $'1\tlibs/ui' $'1\tservices/billing')"
        continue
    fi
    init=$(init_code "$SH")
    init=${init/init \"\$SH\"/init \"\$SH\" --cmd cd}
    init=${init/init posix/init posix --cmd cd}
    [[ $SH == bash || $SH == zsh ]] || init=${init//\"\$SH\"/posix}
    t "cd alone goes home, cd - back (printing it, as the builtin does)" \
        "$init"'; cd libs; cd; p "$?" "$PWD"; cd - >"$T/dash.out"; p "$?" "$PWD"; cd - >/dev/null; p "$PWD"' \
        "$(lines 0 "$HOME" 0 "$R/libs" "$HOME")"
    t "cd -P into a symlink is physical, cd -L and a plain cd keep it" \
        "$init"'; cd -P docs/link/inner; p "$?" "$PWD"; cd "$R"; cd -L docs/link; p "$PWD"; cd "$R"; cd docs/link; p "$PWD"' \
        "$(lines 0 "$T/real/inner" "$R/docs/link" "$R/docs/link")"
    t "a CDPATH name is the builtin's (which prints it); an existing folder; a path" \
        "$init"'; CDPATH=$T/cdp; export CDPATH; cd cdponly >/dev/null; p "$?" "$PWD"; unset CDPATH; cd "$R"; cd libs; p "$PWD"; cd ../services; p "$PWD"' \
        "$(lines 0 "$T/cdp/cdponly" "$R/libs" "$R/services")"
    t "a keyword jumps; a miss or a missing path fails with \$PWD unchanged" \
        "$init"'; cd libs; cd billing; p "$?" "$PWD"; cd zzqqxxyy 2>/dev/null; p "$?" "$PWD"
         cd "$T/nonexistent" 2>/dev/null; st=$?; [ "$st" != 0 ] && p failed "$PWD"' \
        "$(lines 0 "$R/services/billing" 1 "$R/services/billing" failed "$R/services/billing")"
    t "plain cds are recorded once (by the hook, or in dash and busybox sh by the function); with --hook none only jumps" \
        'MCD_DATA_DIR=$T/data/$SH-hook; export MCD_DATA_DIR; '"$init"'; cd libs; prompt; cd .; prompt; cd ui; prompt
         '"${init/--cmd cd/--cmd cd --hook none}"'; cd ..; prompt; cd billing; prompt
         "$MCD" export | cut -f1,3 | grep -F "$R/" | sed "s|$R/||"' \
        "$(lines $'1\tlibs' $'1\tlibs/ui' $'1\tservices/billing')"
    t "no recursion: the builtin, reached by builtin/command cd; subcommand names are folders" \
        "$init"'; mkdir -p "$R/tools/index"; cd libs; cd index; p "$?" "$PWD"; cd "$R"; cd -- libs; p "$PWD"' \
        "$(lines 0 "$R/tools/index" "$R/libs")"
    if [[ $SH == bash ]]; then
        # the completion function, as readline calls it, in docs/: the
        # local folders bills/ and bits/ come before the target
        t "TAB: local folders first, then the targets" \
            "$init"'; cd docs; COMP_LINE="cd bi"; COMP_POINT=${#COMP_LINE}; COMP_WORDBREAKS=" "
             __mcd_complete; p "${COMPREPLY[@]:0:3}"' \
            "$(lines bills/ bits/ services/billing)"
    elif [[ $SH == zsh ]]; then
        # zsh's function lists the local folders (the D directive:
        # _path_files) before the targets (the third field counts them)
        t "TAB: local folders first, then the targets (cd's protocol)" \
            'cd docs; "$MCD" complete --cd --shell zsh -- bi | tr "\0" "\n" |
             awk "NR == 1 { print } NR == 3 && \$0 > 0 { print \"t\" }"' \
            "$(lines D= t)"
        t "cd OLD NEW replaces OLD by NEW in \$PWD, as zsh's builtin does" \
            "$init"'; mkdir -p "$R/libs/uix"; cd libs/ui; cd ui uix; p "$?" "$PWD"' \
            "$(lines 0 "$R/libs/uix")"
    fi
done

# TAB as people press it, in bash and zsh under tmux: `cd bi` TAB TAB in
# docs/ lists the local folders bills/ and bits/ before the target
if command -v tmux >/dev/null 2>&1; then
    for SH in bash zsh; do
        have_shell "$SH" || continue
        if [[ $SH == bash ]]; then
            printf '%s\n' 'PS1="bash\$ "' 'eval "$("$MCD" init bash --cmd cd)"' >"$T/bashrc"
            tm_start bash "$R/docs" "MCD_DATA_DIR=$T/data/tab" "R=$R" bash --noprofile --rcfile "$T/bashrc" -i
        else
            mkdir -p "$T/zdot"
            printf '%s\n' 'PS1="zsh$ "' 'autoload -Uz compinit && compinit -u -d "$HOME/.zcd"' \
                'eval "$("$MCD" init zsh --cmd cd)"' >"$T/zdot/.zshrc"
            tm_start zsh "$R/docs" "MCD_DATA_DIR=$T/data/tab" "R=$R" "ZDOTDIR=$T/zdot" zsh -i
        fi
        if ! wait_for "$SH" "$SH\$"; then
            not_ok "$SH --cmd cd: the shell started under tmux" "$(screen "$SH")"
            continue
        fi
        keys "$SH" 'cd bi' Tab
        [[ $SH == bash ]] && press "$SH" Tab
        if wait_for "$SH" 'services/billing'; then
            listing=$(screen "$SH" | grep -v '\$' | tr -s ' ' '\n' | grep -n -e '^bills/' -e '^bits/' -e 'services/billing' | cut -d: -f2 | tr '\n' ' ')
            [[ $listing == 'bills/ bits/ '*services/billing* ]]
            report "$?" "$SH --cmd cd: TAB lists the local folders first, then the targets" "listing: $listing" "$(screen "$SH")"
        else
            not_ok "$SH --cmd cd: TAB lists the local folders first, then the targets" "$(screen "$SH")"
        fi
        press "$SH" C-u
        keys "$SH" 'cd ../libs && printf "<%s>\n" "$PWD"' Enter
        wait_for "$SH" "<$R/libs>"
        report "$?" "$SH --cmd cd: an interactive plain cd" "$(screen "$SH")"
    done
else
    skip "cd TAB under tmux: tmux is not installed"
fi
finish
