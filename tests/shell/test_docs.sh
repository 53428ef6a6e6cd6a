#!/usr/bin/env bash
# shellcheck disable=SC2016 # single-quoted code is for the child shells
# test_docs.sh - what the manual and README say is what mcd does: their
# examples and command forms, read from man/mcd.1 and README.md (never
# copied here), run against the binary.
#
#   bash tests/shell/test_docs.sh /abs/path/to/mcd
#
# - every form of the SYNOPSIS and of README's list of commands is taken
#   by the binary: each with its placeholders filled, each alternative of
#   a list of words, each optional part (in some documented combination);
#   none is a usage error (status 2);
# - the options README writes are the command table's, and it writes
#   every one of them and every command;
# - the conventions for options the manual states (-ls, -n5, --cmd=j)
#   mean what their spelled-out forms mean;
# - the EXAMPLES of the manual and README's tour, run in bash with the
#   shell function on a repository made of the paths they show, land
#   where they say and print what they show;
# - on a terminal, mcd index ends with the line the manual quotes.
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
MAN=$top/man/mcd.1 README=$top/README.md
set -f # forms are split on blanks, never globbed

# ---- reading the documents ----------------------------------------------------
# roff_lines SECTION: the lines of the manual's SECTION as a reader sees
# them, one output line per input line: font requests resolved, italic
# words in braces ("{dir}"), escapes turned into their characters; other
# requests give "." and their name (".br", ".EX").
roff_lines() {
    awk -v want="$1" '
    function esc(code) {
        if (code == "ti") return "~"
        if (code == "dq" || code == "lq" || code == "rq") return "\""
        if (code == "ha") return "^"
        if (code == "em") return "--"
        return ""
    }
    # S in FONT, escapes resolved, italic runs in braces
    function conv(s, font,    out, i, n, c, cur, nxt) {
        out = ""; cur = font
        if (cur == "I") out = "{"
        n = length(s)
        for (i = 1; i <= n; i++) {
            c = substr(s, i, 1)
            if (c != "\\") { out = out c; continue }
            c = substr(s, ++i, 1)
            if (c == "f") {
                nxt = substr(s, ++i, 1)
                if (nxt == "P") nxt = font
                if (nxt != cur) {
                    if (cur == "I") out = out "}"
                    if (nxt == "I") out = out "{"
                    cur = nxt
                }
            } else if (c == "(") { out = out esc(substr(s, i + 1, 2)); i += 2 }
            else if (c == "-") out = out "-"
            else if (c == "e") out = out "\\"
            else if (c == " ") out = out " "
            else if (c != "&") out = out c
        }
        if (cur == "I") out = out "}"
        return out
    }
    # split the arguments of a request, quotes honoured, into A
    function split_args(s, a,    n, i, c, inq, cur, has) {
        n = 0; cur = ""; inq = 0; has = 0
        for (i = 1; i <= length(s); i++) {
            c = substr(s, i, 1)
            if (c == "\"") { inq = !inq; has = 1; continue }
            if (c == " " && !inq) { if (has) a[++n] = cur; cur = ""; has = 0; continue }
            cur = cur c; has = 1
        }
        if (has) a[++n] = cur
        return n
    }
    function render(line,    req, rest, a, n, i, out, f) {
        if (line !~ /^\./) return conv(line, "R")
        req = line; sub(/^\./, "", req); sub(/ .*/, "", req)
        rest = line; if (!sub(/^\.[A-Za-z]+ /, "", rest)) rest = ""
        n = split_args(rest, a)
        out = ""
        if (req ~ /^[BIR]$/) {
            for (i = 1; i <= n; i++) out = out (i > 1 ? " " : "") conv(a[i], req)
            return out
        }
        if (req ~ /^(BR|RB|BI|IB|IR|RI)$/) {
            for (i = 1; i <= n; i++) {
                f = substr(req, (i - 1) % 2 + 1, 1)
                out = out conv(a[i], f)
            }
            return out
        }
        return "." req
    }
    /^\.SH/ { on = index($0, want) > 0; next }
    on && !/^\.\\"/ { print render($0) }
    ' "$MAN"
}

# synopsis_forms: each form of the SYNOPSIS on a line, its pieces joined
# as a reader reads them: "mcd query [-l] ... [-n {n}] [--] {keyword}..."
synopsis_forms() {
    roff_lines SYNOPSIS | awk '
        /^\.(br|PP)$/ { if (f != "") print f; f = ""; next }
        /^\./ { next }
        { f = f (f == "" ? "" : " ") $0 }
        END { if (f != "") print f }'
}

# readme_block HEADING: the lines of the first fenced block after the
# README heading HEADING ("## Commands")
readme_block() {
    awk -v h="$1" '
        $0 == h { found = 1; next }
        found && /^```/ { if (inside) exit; inside = 1; next }
        inside { print }' "$README"
}

# readme_forms: each command form of README's list of commands: the part
# before the description (two blanks or more), split at " / " (each form
# after the first without "mcd ") and at " | " before an option ("[DIR] |
# --all": two forms); placeholders (NAME, DIR...) in braces as the
# manual's italics are
readme_forms() {
    readme_block "## Commands" | sed -E 's/   +.*//; s/ *$//' | while IFS= read -r line; do
        [[ -n $line ]] || continue
        local first=${line%% *} rest form
        IFS=$'\x1f' read -ra forms <<<"${line// \/ /$'\x1f'}"
        for form in "${forms[@]}"; do
            [[ $form == "$first "* ]] || form="$first $form"
            if [[ $form == *"] | -"* ]]; then
                rest=${form#*"] | "}
                printf '%s]\n%s %s\n' "${form%%"] | "*}" "$(cut -d' ' -f1-2 <<<"$form")" "$rest"
            else
                printf '%s\n' "$form"
            fi
        done
    done | sed -E 's/\b([A-Z]+)\b/{\L\1}/g'
}

# ---- the fixture: a repository, a history, a zoxide that prints one -------
export HOME MCD_DATA_DIR=$T/data
REPO=$HOME/src/acme
HIST=$T/history.tsv
mkdir -p "$REPO/services/billing" "$REPO/libs" "$T/bin"
git -C "$REPO" init -q || bail "cannot make a repository"
printf '3\t1700000000\t%s\n' "$REPO/services/billing" >"$HIST"
# zoxide's database is binary: mcd asks zoxide itself for its list
printf '#!/bin/sh\nprintf "%%6.1f %%s\\n" 8 "%s"\n' "$REPO/services/billing" >"$T/bin/zoxide"
chmod +x "$T/bin/zoxide"
# the examples call mcd by name: the binary under test, not one installed
ln -s -- "$MCD" "$T/bin/mcd"
export PATH=$T/bin:$PATH

# what a placeholder of the documents stands for
sample() {
    case $1 in
        keyword) printf '%s' billing ;;
        dir | directory) printf '%s' "$REPO/services" ;;
        file) printf '%s' "$HIST" ;;
        n) printf '%s' 2 ;;
        name) printf '%s' j ;;
        command) printf '%s' query ;;
        word) printf '%s' bil ;;
        chars) printf '%s' ' ' ;;
        text) printf '%s' 'mcd bil' ;;
        *) return 1 ;;
    esac
}

# ---- forms ---------------------------------------------------------------------
# parse_form FORM: read FORM into PARTS (each part's alternatives, separated
# by \x1f, placeholders filled) and GROUP (0: required, else the number of
# its optional group). Returns 1 for a placeholder sample() does not know.
PARTS=() GROUP=() NGROUPS=0
parse_form() {
    local w group=0 alts a out
    PARTS=() GROUP=() NGROUPS=0
    for w in $1; do
        if [[ $w == '['* ]]; then
            NGROUPS=$((NGROUPS + 1)) group=$NGROUPS
            w=${w#[}
        fi
        local closes=0
        [[ $w == *']' || $w == *']...' ]] && closes=1
        w=${w%...} w=${w%]} w=${w%...}
        if [[ -n $w ]]; then
            IFS='|' read -ra alts <<<"$w"
            out=""
            for a in "${alts[@]}"; do
                if [[ $a == '{'*'}' ]]; then
                    a=${a#\{} a=${a%\}}
                    a=$(sample "$a") || { UNKNOWN=$w; return 1; }
                fi
                out+=${out:+$'\x1f'}$a
            done
            PARTS+=("$out") GROUP+=("$group")
        fi
        ((closes)) && group=0
    done
    return 0
}

# argv_of WITH CHOICE...: the words of the form with the optional groups
# listed in WITH (" 1 3 ") and alternative CHOICE[i] of each part i, into ARGV
ARGV=()
argv_of() {
    local with=$1 i alts
    shift
    ARGV=()
    for i in "${!PARTS[@]}"; do
        [[ ${GROUP[i]} == 0 || $with == *" ${GROUP[i]} "* ]] || continue
        IFS=$'\x1f' read -ra alts <<<"${PARTS[i]}"
        ARGV+=("${alts[${1:-0} % ${#alts[@]}]}")
        shift
    done
}

# is_binary_form: is the form run by the binary itself (its second word a
# command of the binary, or a program option: what 'mcd help' knows, or
# --help) rather than by the jump function?
BINARY_COMMANDS=" $("$MCD" complete --shell bash --binary --line 'mcd ' | tail -n +2 | tr '\n' ' ') "
is_binary_form() {
    local second=${PARTS[1]-}
    second=${second%%$'\x1f'*}
    [[ ${GROUP[1]-1} == 0 && $second != -- ]] || return 1
    [[ $second == --* ]] || "$MCD" help -- "$second" >/dev/null 2>&1
}

# run_form: run ARGV, by the binary or in bash through the jump function,
# in the repository with a fresh data folder; sets RC and ERR
run_form() {
    local data=$T/run.$RANDOM
    if [[ ${ARGV[1]-} == -i ]]; then
        # the picker, in a session without a terminal: its words are taken
        # when it gets as far as looking for one (test_complete.sh drives
        # it on a terminal)
        (cd "$REPO/libs" && MCD_DATA_DIR=$data setsid -w "$MCD" "${ARGV[@]:1}") </dev/null >"$T/out" 2>"$T/err"
        RC=$?
        [[ $RC == 2 && $(<"$T/err") == *'no terminal'* ]] && RC=0
    elif is_binary_form; then
        (cd "$REPO/libs" && MCD_DATA_DIR=$data "$MCD" "${ARGV[@]:1}") </dev/null >"$T/out" 2>"$T/err"
        RC=$?
    else
        MCD_DATA_DIR=$data in_shell bash "$REPO/libs" 'eval "$("$MCD" init bash)"; cd ..; cd libs' \
            "$(printf '%q ' "${ARGV[@]}")"
    fi
    ERR=$(<"$T/err")
    rm -rf "$data"
}

# accepted WITH: is some choice of alternatives, with the optional groups
# WITH, not a usage error? Tries the first alternative of every part, then
# each alternative of each part in turn.
accepted() {
    local with=$1 i k n choice
    argv_of "$with"
    run_form
    ((RC != 2)) && return 0
    for i in "${!PARTS[@]}"; do
        IFS=$'\x1f' read -ra n <<<"${PARTS[i]}"
        for ((k = 1; k < ${#n[@]}; k++)); do
            choice=()
            local j
            for j in "${!PARTS[@]}"; do choice+=($((j == i ? k : 0))); done
            argv_of "$with" "${choice[@]}"
            run_form
            ((RC != 2)) && return 0
        done
    done
    return 1
}

# check_form WHERE FORM: each alternative and each optional group of FORM
# is taken by mcd (in some documented combination with the others)
check_form() {
    local where=$1 form=$2 g h i k alts bad=() choice
    if ! parse_form "$form"; then
        not_ok "$where: '$form': the test knows no sample for '$UNKNOWN'"
        return
    fi
    argv_of " "
    run_form
    ((RC != 2)) || bad+=("$(printf '%q ' "${ARGV[@]}")-> $RC: $ERR")
    for ((g = 1; g <= NGROUPS; g++)); do
        if ! accepted " $g "; then
            local ok=0
            for ((h = 1; h <= NGROUPS && !ok; h++)); do
                ((h != g)) && accepted " $g $h " && ok=1
            done
            ((ok)) || bad+=("$(printf '%q ' "${ARGV[@]}")-> $RC: $ERR")
        fi
    done
    for i in "${!PARTS[@]}"; do
        IFS=$'\x1f' read -ra alts <<<"${PARTS[i]}"
        for ((k = 1; k < ${#alts[@]}; k++)); do
            choice=()
            local j
            for j in "${!PARTS[@]}"; do choice+=($((j == i ? k : 0))); done
            local with=" "
            ((GROUP[i])) && with=" ${GROUP[i]} "
            argv_of "$with" "${choice[@]}"
            run_form
            if ((RC == 2)); then
                local ok=0
                for ((h = 1; h <= NGROUPS && !ok; h++)); do
                    argv_of "$with$h " "${choice[@]}"
                    run_form
                    ((RC != 2)) && ok=1
                done
                ((ok)) || bad+=("$(printf '%q ' "${ARGV[@]}")-> $RC: $ERR")
            fi
        done
    done
    ((${#bad[@]} == 0))
    report "$?" "$where: mcd takes '$form'" "${bad[@]}"
}

mapfile -t man_forms < <(synopsis_forms)
((${#man_forms[@]} >= 15))
report "$?" "the SYNOPSIS of man/mcd.1 reads as forms" "${man_forms[@]}"
for form in "${man_forms[@]}"; do
    check_form "man SYNOPSIS" "$form"
done

mapfile -t readme_cmds < <(readme_forms)
((${#readme_cmds[@]} >= 10))
report "$?" "README's list of commands reads as forms" "${readme_cmds[@]}"
for form in "${readme_cmds[@]}"; do
    check_form "README" "$form"
done

# ---- README's options are the table's -------------------------------------------
# The table of commands, as the binary prints it: each command's usage.
usage_of() { "$MCD" help "$1" | sed -n 's/^\(usage\|   or\): mcd //p'; }
options_in() { grep -oE -- '(^|[ [|])--?[a-z0-9][a-z0-9-]*' | sed -E 's/^[ [|]//' | grep -vx -- '--\?' | sort -u; }
for cmd in $BINARY_COMMANDS; do
    want=$(usage_of "$cmd" | options_in)
    got=$(printf '%s\n' "${readme_cmds[@]}" | grep -E "^mcd $cmd( |$)" | options_in)
    missing=$(comm -23 <(printf '%s\n' "$want") <(printf '%s\n' "$got") | tr '\n' ' ')
    extra=$(comm -13 <(printf '%s\n' "$want") <(printf '%s\n' "$got") | tr '\n' ' ')
    printf '%s\n' "${readme_cmds[@]}" | grep -qE "^mcd $cmd( |$)" && [[ -z ${missing// /} && -z ${extra// /} ]]
    report "$?" "README lists 'mcd $cmd' with the options of the table" \
        "table: $(usage_of "$cmd" | tr '\n' ';')" "README lacks: $missing" "README has, the table not: $extra"
done

# ---- the conventions of options ---------------------------------------------------
# The bold examples of the paragraph that states them: "-ls", "-n5",
# "-n 5", "--cmd=j", "--cmd j". Each glued or bundled one means what it
# means spelled out: the same output.
mapfile -t conventions < <(roff_lines COMMANDS | awk '/^Options follow the usual conventions/ { on = 1 }
    on && /^\.TP$/ { exit } on' | grep -oE '^\(?-[^ ,;)]*( [^ ,;).]+)?' | sed 's/^(//')
((${#conventions[@]} >= 4))
report "$?" "the manual shows how options are written" "${conventions[*]}"
for conv in "${conventions[@]}"; do
    case $conv in
        --*=*) name=${conv%%=*} spelled=("$name" "${conv#*=}") ;;
        --*) continue ;;
        -?) continue ;;
        *) spelled=() ;;
    esac
    if [[ $conv != --* ]]; then
        # -ls: -l -s; -n5: -n 5 (a letter the form gives a value)
        word=${conv#-}
        [[ $word == *' '* ]] && continue # "-n 5" is the spelled-out form
        spelled=()
        while [[ -n $word ]]; do
            letter=${word:0:1} word=${word:1}
            if [[ -n $word && $word =~ ^[0-9] ]]; then spelled+=("-$letter" "$word") word=; else spelled+=("-$letter"); fi
        done
        name=${spelled[0]}
    fi
    # the first form of the SYNOPSIS that has the option, with its samples
    found=
    for form in "${man_forms[@]}"; do
        [[ " $form " == *"[$name "* || " $form " == *"[$name]"* || " $form " == *" $name "* ]] || continue
        [[ ${#spelled[@]} -gt 1 && ${spelled[1]} == -* && " $form " != *"${spelled[1]}"* ]] && continue
        found=$form
        break
    done
    if [[ -z $found ]] || ! parse_form "$found"; then
        not_ok "the manual's '$conv': no form of the SYNOPSIS has $name"
        continue
    fi
    # its required words, the spelled-out option, then the glued one
    argv_of " "
    base=("${ARGV[@]:1}")
    out1=$(cd "$REPO" && "$MCD" "${base[@]:0:1}" "${spelled[@]}" "${base[@]:1}" 2>&1); rc1=$?
    # shellcheck disable=SC2206 # the form is split as the manual writes it
    glued=($conv)
    out2=$(cd "$REPO" && "$MCD" "${base[@]:0:1}" "${glued[@]}" "${base[@]:1}" 2>&1); rc2=$?
    [[ $rc1 == "$rc2" && $out1 == "$out2" && $rc1 != 2 ]]
    report "$?" "the manual's '$conv' means '${spelled[*]}' (mcd ${base[0]})" "rc $rc1 / $rc2" "$out1" "---" "$out2"
done

# ---- examples ------------------------------------------------------------------------
# A repository made of the paths the examples show: each folder a line
# lands in, the folder the example starts in, and a package.json for a
# declared name ("mcd @acme/ui  # -> ~/src/acme/libs/ui (a declared name)").
# The repository is the folder every one of them is in.
fixture_from() { # FILE of "$ cmd  # -> path (...)" lines, tilde for HOME
    local root="" p line
    rm -rf "$HOME/src"
    while IFS= read -r line; do
        p=
        [[ $line == '$ cd '* ]] && p=${line#'$ cd '}
        [[ $line == *'# -> '* ]] && p=${line##*'# -> '} p=${p%% (*}
        [[ -n $p ]] || continue
        p=${p/#\~/$HOME}
        [[ $p == "$HOME"/* ]] || continue # no path: the check below says so
        mkdir -p "$p"
        if [[ $line =~ ^\$\ mcd\ (@[^ ]+) && $line == *'declared name'* ]]; then
            printf '{"name": "%s"}\n' "${BASH_REMATCH[1]}" >"$p/package.json"
        fi
        if [[ -z $root ]]; then root=$p; fi
        while [[ $p != "$root" && $p/ != "$root"/* ]]; do root=${root%/*}; done
    done <"$1"
    git -C "$root" init -q
    printf '%s' "$root"
}

roff_lines EXAMPLES | awk -v dir="$T" '/^\.EX$/ { on = 1; n++; next } /^\.EE$/ { on = 0 } on { print > (dir "/ex" n) }'
mapfile -t examples < <(find "$T" -maxdepth 1 -name 'ex*' | sort)
((${#examples[@]} >= 3))
report "$?" "the manual has EXAMPLES" "${examples[@]}"
for ex in "${examples[@]}"; do
    if grep -q '# -> ' "$ex"; then
        # jumps: each lands where its comment says
        fixture_from "$ex" >/dev/null
        code=$(while IFS= read -r line; do
            cmd=${line#'$ '} cmd=${cmd%%  #*} cmd=${cmd%"${cmd##*[! ]}"}
            printf '%s\n' "$cmd"
            if [[ $line == *'# -> '* ]]; then
                want=${line##*'# -> '} want=${want%% (*}
                printf 'p "%s => $PWD"\n' "$(printf '%s' "$cmd" | sed 's/["$`\\]/\\&/g')"
            fi
        done <"$ex")
        MCD_DATA_DIR=$T/data.ex in_shell bash "$HOME" "$CHILD_bash" 'eval "$("$MCD" init bash)"' "$code"
        want=$(while IFS= read -r line; do
            [[ $line == *'# -> '* ]] || continue
            c=${line#'$ '} c=${c%%  #*} c=${c%"${c##*[! ]}"}
            p=${line##*'# -> '} p=${p%% (*}
            printf '%s => %s\n' "$c" "${p/#\~/$HOME}"
        done <"$ex")
        [[ $OUT == "$want" ]]
        report "$?" "man EXAMPLES: every jump lands where it says ($(grep -c '# -> ' "$ex") jumps)" \
            "want:" "$want" "got:" "$OUT" "$ERR"
        rm -rf "$T/data.ex"
    else
        # the other examples run, in order, and succeed; "# on another
        # machine" starts another data folder, which ends with the same
        # history as the first
        data=$T/data.ex1 failed=()
        while IFS= read -r line; do
            cmd=${line#'$ '} comment=
            [[ $cmd == *'#'* ]] && comment=${cmd#*#} cmd=${cmd%%#*}
            [[ $comment == *'another machine'* ]] && data=$T/data.ex2
            MCD_DATA_DIR=$data in_shell bash "$REPO" "$CHILD_bash" "$cmd"
            ((RC == 0)) || failed+=("$cmd -> $RC: $ERR")
            if [[ $cmd =~ init\ bash\ .*--cmd\ ([a-z_]+) ]]; then
                MCD_DATA_DIR=$data in_shell bash "$REPO" "$cmd; type -t ${BASH_REMATCH[1]}"
                [[ $OUT == function ]] || failed+=("$cmd: defines no function ${BASH_REMATCH[1]}")
            fi
        done <"$ex"
        if [[ -d $T/data.ex2 ]]; then
            a=$(MCD_DATA_DIR=$T/data.ex1 "$MCD" export) b=$(MCD_DATA_DIR=$T/data.ex2 "$MCD" export)
            [[ -n $a && $a == "$b" ]] || failed+=("another machine has another history: '$a' / '$b'")
        fi
        ((${#failed[@]} == 0))
        report "$?" "man EXAMPLES: '$(head -n 1 "$ex")' and the rest run" "${failed[@]}"
        rm -rf "$T/data.ex1" "$T/data.ex2"
    fi
done

# README's tour: what each command prints, in bash, HOME written "~".
# The sizes and ages of mcd roots vary; everything else is as shown.
readme_block "## A 30-second tour" >"$T/tour"
grep -q '^\$ ' "$T/tour"
report "$?" "README has a tour"
# its repository: the paths it shows; the root is where bare mcd goes; a
# go.mod for each name in parentheses after a path, a package.json for
# each @name it jumps to, and an ignored node_modules, as its text says
rm -rf "$HOME/src"
# shellcheck disable=SC2088 # a pattern, not a path
grep -oE '~/[^ ]+' "$T/tour" | sort -u | while IFS= read -r p; do mkdir -p "${p/#\~/$HOME}"; done
root=$(grep -A1 -xF '$ mcd; pwd' "$T/tour" | tail -n 1)
root=${root/#\~/$HOME}
git -C "$root" init -q
sed -nE 's/.* (~\/[^ ]+) \(([^)]+)\)$/\1 \2/p' "$T/tour" | while read -r p name; do
    printf 'module %s\n' "$name" >"${p/#\~/$HOME}/go.mod"
done
sed -n 's/^\$ mcd \(@[^;]*\);.*/\1/p' "$T/tour" | while read -r name; do
    p=$(grep -A1 -F "\$ mcd $name;" "$T/tour" | tail -n 1)
    printf '{"name": "%s"}\n' "$name" >"${p/#\~/$HOME}/package.json"
done
if grep -q 'ignored `node_modules`' "$README"; then
    mkdir -p "$root/node_modules/billing"
    printf 'node_modules/\n' >"$root/.gitignore"
fi
# each line in the shell itself (a pipe would run it in a subshell)
code='eval "$("$MCD" init bash)"'$'\n'
while IFS= read -r line; do
    [[ $line == '$ '* ]] || continue
    code+="{ ${line#'$ '}"$'\n''} >>"$T/tour.out" 2>&1'$'\n'
done <"$T/tour"
: >"$T/tour.out"
MCD_DATA_DIR=$T/data.tour in_shell bash "$HOME" "$code"
normal() { sed -E "s|$HOME|~|g; s/[0-9.]+[BKMGT]( |\$)/SIZE\\1/g; s/[0-9]+ s ago/AGE/g"; }
want=$(grep -v '^\$ ' "$T/tour" | normal)
got=$(normal <"$T/tour.out")
[[ $got == "$want" ]]
report "$?" "README's tour prints what it shows" "$(diff <(printf '%s\n' "$want") <(printf '%s\n' "$got"))" "$ERR"

# ---- zsh's compinit -------------------------------------------------------------------
# Completion works whether compinit runs before or after the init line
# (test_complete.sh runs both): every place that names compinit says so.
# each mention with the words around it, each document's lines joined
said=$( (tr '\n' ' ' <"$README"; echo; roff_lines "SHELL INTEGRATION" | tr '\n' ' '; echo
    "$MCD" help init | tr '\n' ' ') | grep -oE '.{0,40}compinit.{0,40}')
wrong=$(grep -v 'before or after' <<<"$said")
[[ -n $said && -z $wrong ]]
report "$?" "README, the manual and mcd help init agree: compinit before or after" "$wrong"

# ---- mcd index on a terminal ---------------------------------------------------------
# The manual quotes its last line: mcd: indexed {n} folders in '{root}'.
quoted=$(roff_lines COMMANDS | grep -o '"mcd: indexed[^"]*"' | head -n 1 | tr -d '"')
if [[ -z $quoted ]]; then
    not_ok "the manual quotes what mcd index prints on a terminal"
elif command -v script >/dev/null 2>&1; then
    pattern=$(sed -E 's/[.[*^$]/\\&/g; s/\{n\}/[0-9]+/; s/\{root\}/.+/' <<<"$quoted")
    out=$(cd "$REPO" && MCD_DATA_DIR=$T/data.tty script -qec "$(printf '%q' "$MCD") index" /dev/null 2>&1 | tr -d '\r')
    grep -qxE "$pattern" <<<"$out"
    report "$?" "on a terminal mcd index ends with the line the manual quotes" "quoted: $quoted" "printed: $out"
else
    skip "mcd index on a terminal: script(1) is not installed"
fi

finish
