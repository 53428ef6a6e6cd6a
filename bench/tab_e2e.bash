# bench/tab_e2e.bash MCD DIR WORD RUNS: run by bench/tab_e2e in bash (WORD
# --floor: time the completion function's capture of /bin/true instead)
mcd=$1 dir=$2 word=$3 runs=$4
eval "$("$mcd" init bash)" || exit 1
cd "$dir" || exit 1
COMP_WORDS=(mcd "$word") COMP_CWORD=1 COMP_LINE="mcd $word" COMP_POINT=${#COMP_LINE}
times=()
if [[ $word == --floor ]]; then
  # the least a completion function that runs a program costs: the
  # same capture as __mcd_complete's, of /bin/true
  for ((i = 0; i < runs; i++)); do
    t0=${EPOCHREALTIME/./}
    out="$(exec /bin/true 2>/dev/null)"
    t1=${EPOCHREALTIME/./}
    times+=($((t1 - t0)))
  done
else
  for ((i = 0; i < runs; i++)); do
    t0=${EPOCHREALTIME/./}
    __mcd_complete mcd "$word" mcd
    t1=${EPOCHREALTIME/./}
    times+=($((t1 - t0)))
  done
  ((${#COMPREPLY[@]})) || { echo "bench/tab_e2e: bash offered nothing for '$word'" >&2; exit 1; }
fi
printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "%.6f\n", v[int((NR + 1) / 2)] / 1e6 }'
