#!/usr/bin/env bash
# What drawing the pages of a review report costs, beside the extraction, on one core, in one
# sitting (median of RUNS runs each, taken in turns): `roadmap extract` and `roadmap review`
# (which extracts too, then draws every PDF page with a row on it at DPI) over the corpus's
# text PDFs, both pinned to one core with taskset; the drawing's cost is the difference, per
# page drawn.
#   scripts/review-speed.sh [DPI=150] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
dpi="${1:-150}"
runs="${2:-3}"
cargo build --release --locked --quiet
bin="$PWD/target/release/roadmap"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
cp corpus/*.pdf "$work/in/"
seconds() { # seconds COMMAND...: wall time of the command, its output to $work/said
  local start
  start=$(date +%s.%N)
  "$@" >"$work/said" 2>&1
  echo "$(date +%s.%N) - $start" | bc
}
: > "$work/extract"
: > "$work/review"
for _ in $(seq 1 "$runs"); do
  rm -rf "$work/out" "$work/report"
  seconds taskset -c 0 "$bin" extract "$work/in" -o "$work/out" --jobs 1 >> "$work/extract"
  seconds taskset -c 0 "$bin" review "$work/in" -o "$work/report" --dpi "$dpi" >> "$work/review"
  pages=$(grep -o '[0-9]* pages drawn' "$work/said" | cut -d' ' -f1)
done
median() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
extract=$(median "$work/extract")
review=$(median "$work/review")
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "CPU: $cpu; one core; $(ls "$work/in" | wc -l) PDFs; $pages pages drawn at $dpi dpi; median of $runs runs"
echo "roadmap extract:  ${extract} s"
echo "roadmap review:   ${review} s"
echo "drawing: $(echo "scale=3; ($review - $extract) / $pages" | bc) s a page ($(echo "scale=3; $review / $pages" | bc) s a page for the whole report)"
