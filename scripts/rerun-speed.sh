#!/usr/bin/env bash
# What a re-run costs: `roadmap extract DIR -o OUT` over the corpus copied N times (N × 30
# files), first into an empty folder, then again over the same, unchanged inputs (the ledger
# tells every file unchanged), then once more after one file of each copy was given new bytes.
# Every figure from one sitting on this machine, printed with the CPU model.
#   scripts/rerun-speed.sh [N=200] [JOBS=nproc]
# ROADMAP_BIN=PATH measures that binary instead of building this checkout's release build.
set -euo pipefail
cd "$(dirname "$0")/.."
copies="${1:-200}"
jobs="${2:-$(nproc)}"
bin="${ROADMAP_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --release --locked --quiet -p roadmap
  bin="$PWD/target/release/roadmap"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for i in $(seq 1 "$copies"); do
  mkdir -p "$work/in/$i"
  for f in corpus/*.docx corpus/*.doc corpus/*.rtf corpus/*.odt corpus/*.pdf corpus/*.xlsx; do
    cp "$f" "$work/in/$i/"
  done
done
files=$(find "$work/in" -type f | wc -l)
# the ledger hashes again a file changed within 2 s of being looked at
sleep 3
seconds() { # seconds CMD...: wall-clock time of CMD, its output dropped
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>"$work/stderr" || true
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
first=$(seconds "$bin" extract "$work/in" -o "$work/out" --jobs "$jobs")
tail -n 1 "$work/stderr"
again=$(seconds "$bin" extract "$work/in" -o "$work/out" --jobs "$jobs")
tail -n 1 "$work/stderr"
for i in $(seq 1 "$copies"); do printf ' ' >> "$work/in/$i/orel-2022-order-226.rtf"; done
sleep 3
changed=$(seconds "$bin" extract "$work/in" -o "$work/out" --jobs "$jobs")
tail -n 1 "$work/stderr"
echo
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores; $files files, --jobs $jobs"
printf '| run | seconds | of the first run |\n|---|---|---|\n'
printf '| first, into an empty folder | %.2f | 100%% |\n' "$first"
printf '| again, nothing changed | %.3f | %.2f%% |\n' "$again" "$(echo "100 * $again / $first" | bc -l)"
printf '| again, one file in 30 changed | %.2f | %.1f%% |\n' "$changed" "$(echo "100 * $changed / $first" | bc -l)"
