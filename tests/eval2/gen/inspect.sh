#!/usr/bin/env bash
# inspect.sh MCD CASEFILE LINE: replay CASEFILE up to LINE (index + visits) in /tmp, then show `mcd query -l -s -n ${N:-5}` for the query on LINE.
set -u
mcd=$(realpath "$1"); file=$(realpath "$2"); stop=$3
here=$(cd "$(dirname "$0")/.." && pwd); work=$(mktemp -d /tmp/mcd-inspect.XXXXXX); trap 'rm -rf "$work"' EXIT
export MCD_DATA_DIR=$work/data; mkdir -p "$MCD_DATA_DIR"
n=0
while IFS= read -r line; do
  n=$((n + 1)); read -r -a w <<<"$line"; ((${#w[@]})) || continue
  case ${w[0]} in
    tree) root=$work/trees/${w[1]}; mkdir -p "$root"; src=${EVAL_TREES:-$here/trees}/${w[1]}.tree
      (cd "$root" && git init -q . && awk -F'\t' '$1=="D"{print $2}' "$src" | tr '\n' '\0' | xargs -0 -r mkdir -p &&
        awk -F'\t' '$1=="F"{print}' "$src" | while IFS=$'\t' read -r _ path content; do mkdir -p "$(dirname "$path")"; printf '%b' "$content" >"$path"; done
        "$mcd" index >/dev/null 2>&1) ;;
    visit) rel=${line#visit }; k=1; [[ $rel =~ ^(.*[^[:space:]])[[:space:]]+([0-9]+)$ ]] && { rel=${BASH_REMATCH[1]}; k=${BASH_REMATCH[2]}; }
      for ((i = 0; i < k; i++)); do (cd "$root" && "$mcd" add "$root/$rel" >/dev/null 2>&1); done ;;
    cwd) cwd=$root/${line#cwd } ;;
    query) if ((n == stop)); then kw=${line#query}; kw=${kw%%=>*}; read -r -a kws <<<"$kw"
        echo "== $(basename "$file"):$n  cwd ${cwd#$root/}  $line"; (cd "$cwd" && "$mcd" query -l -s -n ${N:-5} -- "${kws[@]}" 2>&1 | sed "s|$root|ROOT|g"); exit; fi ;;
  esac
done <"$file"
