# bench/tab_e2e.zsh MCD DIR WORD RUNS: run by bench/tab_e2e in zsh -f (WORD
# --floor: time the completer's capture of /bin/true instead)
mcd=$1 dir=$2 word=$3 runs=$4
zmodload zsh/datetime
typeset -ga __bench_got
compadd() { local a; for a; do [[ $a == -- ]] && { __bench_got+=(x); break; }; done; return 0 }
compdef() { : }
_path_files() { return 1 }
eval "$("$mcd" init zsh)" || exit 1
cd "$dir" || exit 1
words=(mcd "$word") CURRENT=2
typeset -a times
if [[ $word == --floor ]]; then
  # the least a completer that runs a program costs: the same capture
  # as __mcd_complete's, of /bin/true
  for ((i = 0; i < runs; i++)); do
    t0=$EPOCHREALTIME
    __bench_raw="$(/bin/true 2>/dev/null)"
    t1=$EPOCHREALTIME
    times+=($(( t1 - t0 )))
  done
else
  for ((i = 0; i < runs; i++)); do
    t0=$EPOCHREALTIME
    __mcd_complete
    t1=$EPOCHREALTIME
    times+=($(( t1 - t0 )))
  done
  (( ${#__bench_got} )) || { print -u2 "bench/tab_e2e: zsh offered nothing for '$word'"; exit 1; }
fi
print -l ${(n)times} | awk '{ v[NR] = $1 } END { printf "%.6f\n", v[int((NR + 1) / 2)] }'
