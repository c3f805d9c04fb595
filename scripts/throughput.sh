#!/usr/bin/env bash
# Throughput on the corpus replicated N times (default 40: 600 files): documents per second
# and peak memory of one `roadmap extract DIR -o OUT` run.
#   scripts/throughput.sh [N] [JOBS]
set -euo pipefail
cd "$(dirname "$0")/.."
copies="${1:-40}"
jobs="${2:-$(nproc)}"
cargo build --release --locked --quiet
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
for i in $(seq 1 "$copies"); do
  for f in corpus/*.docx corpus/*.pdf corpus/*.xlsx; do
    cp "$f" "$work/in/$i-$(basename "$f")"
  done
done
files=$(ls "$work/in" | wc -l)
/usr/bin/time -f "%e s elapsed, %M KiB peak memory" \
  target/release/roadmap extract "$work/in" -o "$work/out" --jobs "$jobs" 2>&1 | tail -2
echo "$files files, $jobs jobs"
