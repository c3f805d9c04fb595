#!/usr/bin/env bash
# Throughput as users measure it, every figure from one sitting on this machine, printed side by
# side with the CPU model:
# - the floor: reading the files and inflating what a reader must inflate (one thread), and
#   reading them into the layout model without extraction;
# - `roadmap extract` with 1 job and with JOBS jobs, into a folder (-o) and as JSON lines
#   (--jsonl), whole processes on the corpus replicated N times (median of RUNS runs, the page
#   cache dropped before each run when the user may drop it);
# - peak memory of each, and of a batch ten times larger (memory must not grow with the batch).
#   scripts/throughput.sh [N=40] [JOBS=nproc] [RUNS=5]
set -euo pipefail
cd "$(dirname "$0")/.."
copies="${1:-40}"
jobs="${2:-$(nproc)}"
runs="${3:-5}"
cargo build --release --locked --quiet
cargo build --release --locked --quiet --example inflate
bin=target/release/roadmap
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
replicate() { # replicate COPIES DIR
  mkdir -p "$2"
  for i in $(seq 1 "$1"); do
    for f in corpus/*.docx corpus/*.pdf corpus/*.xlsx; do
      ln "$f" "$2/$i-$(basename "$f")" 2>/dev/null || cp "$f" "$2/$i-$(basename "$f")"
    done
  done
}
replicate "$copies" "$work/in"
files=$(find "$work/in" -type f | wc -l)
cold() { sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# one run: prints "DOCS_PER_SECOND PEAK_KIB"
run() { # run JOBS MODE
  local out="$work/out" rate peak
  rm -rf "$out" "$work/out.jsonl"
  cold
  if [ "$2" = dir ]; then
    /usr/bin/time -f "%e %M" -o "$work/time" "$bin" extract "$work/in" -o "$out" --jobs "$1" 2>/dev/null
  else
    /usr/bin/time -f "%e %M" -o "$work/time" "$bin" extract "$work/in" --jsonl "$work/out.jsonl" --jobs "$1" 2>/dev/null
  fi
  read -r seconds peak < "$work/time"
  rate=$(awk -v n="$files" -v s="$seconds" 'BEGIN {printf "%.0f", n / s}')
  echo "$rate $peak"
}
measure() { # measure JOBS MODE -> "MEDIAN_RATE PEAK_KIB"
  local rates="" peak=0 r p
  for _ in $(seq 1 "$runs"); do
    read -r r p < <(run "$1" "$2")
    rates="$rates $r"
    [ "$p" -gt "$peak" ] && peak=$p
  done
  echo "$(echo $rates | tr ' ' '\n' | median) $peak"
}

cold
target/release/examples/inflate "$work/in" > "$work/floor"
floor=$(awk 'NR == 1 {print $1}' "$work/floor")
read_only=$(awk 'NR == 2 {print $1}' "$work/floor")
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
echo "$files files (corpus x $copies), median of $runs runs, page cache dropped before each run"
echo "read and inflate only, 1 thread: $floor files/s"
echo "read into the layout model only (no extraction), 1 thread: $read_only files/s"
printf "%-8s %-6s %10s %10s %12s\n" mode jobs "docs/s" "peak MiB" "vs 1 job"
for mode in dir jsonl; do
  read -r one one_peak < <(measure 1 "$mode")
  read -r many many_peak < <(measure "$jobs" "$mode")
  printf "%-8s %-6s %10s %10s %12s\n" "$mode" 1 "$one" "$((one_peak / 1024))" "1.00"
  printf "%-8s %-6s %10s %10s %12s\n" "$mode" "$jobs" "$many" "$((many_peak / 1024))" \
    "$(awk -v a="$many" -v b="$one" -v j="$jobs" 'BEGIN {printf "%.2f (%.0f%% of %dx)", a / b, 100 * a / (b * j), j}')"
done
echo "1 job, --jsonl: $(awk -v f="$floor" -v r="$one" 'BEGIN {printf "%.1f", f / r}')x the read-and-inflate time; reading alone: $(awk -v f="$floor" -v r="$read_only" 'BEGIN {printf "%.1f", f / r}')x"
# memory against the size of the batch: ten times the files, the same peak
replicate "$((copies * 10))" "$work/big"
cold
/usr/bin/time -f "%M" -o "$work/time" "$bin" extract "$work/big" --jsonl /dev/null --jobs "$jobs" 2>/dev/null
echo "peak memory, --jsonl, $files files: $((many_peak / 1024)) MiB; $((files * 10)) files: $(($(cat "$work/time") / 1024)) MiB"
