#!/bin/sh
# The CPU time (user + system, the recognizers included) and the wall time of reading scans with
# `roadmap extract`, beside those of Tesseract alone on the same page images (pdfimages -png,
# then `tesseract IMAGE - -l rus+eng`, one thread each, as many pages at once as there are
# cores), medians of RUNS runs taken in turn, with the CPU model: the committed scans, then any
# SCAN given (a multi-page scan at under 100 dpi, one stored as JPEG 2000 …).
#   scripts/ocr-speed.sh [RUNS [SCAN.pdf ...]]
# (needs poppler-utils, GNU time and Tesseract: with-tesseract.sh)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
[ $# -gt 0 ] && shift
[ -x /usr/bin/time ] || { echo "ocr-speed.sh needs GNU time: apt-get install time" >&2; exit 1; }
bin="$root/target/release/roadmap"
[ -x "$bin" ] || cargo build --release --locked --manifest-path "$root/Cargo.toml" >&2
cores=$(nproc)
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $cores cores; median of $runs runs"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# "CPU WALL" of a command: its and its children's user + system seconds, and the seconds it took
measure() { /usr/bin/time -f '%U %S %e' -o "$work/time" "$@" >/dev/null 2>&1; awk '{print $1 + $2, $3}' "$work/time"; }
column() { cut -d' ' -f"$1" | median; }
printf '%-52s %5s %5s %5s %9s %9s %6s %9s %9s %6s\n' scan codec dpi pages "CPU ours" tesseract ratio "wall ours" tesseract ratio
for scan in "$root"/corpus/scans/saratov-krasnoarmeysky-2022-roadmap.150dpi.pdf \
            "$root"/corpus/scans/municipal-2022-order-27.200dpi.pdf \
            "$root"/corpus/scans/primorye-2021-order-210a.300dpi-bw.pdf "$@"; do
    name=$(basename "$scan")
    dpi=$(pdfimages -list "$scan" | awk 'NR==3 {print $13}')
    codec=$(pdfimages -list "$scan" | awk 'NR==3 {print $9}')
    rm -rf "$work/images" && mkdir "$work/images"
    pdfimages -png "$scan" "$work/images/p"
    pages=$(ls "$work/images" | wc -l)
    : > "$work/ours"; : > "$work/alone"
    for _ in $(seq "$runs"); do
        measure "$bin" extract "$scan" >> "$work/ours"
        measure sh -c "ls '$work'/images/* | OMP_THREAD_LIMIT=1 xargs -P $cores -I{} tesseract {} - -l rus+eng" >> "$work/alone"
    done
    cpu=$(column 1 < "$work/ours"); cpu_alone=$(column 1 < "$work/alone")
    wall=$(column 2 < "$work/ours"); wall_alone=$(column 2 < "$work/alone")
    printf '%-52s %5s %5s %5s %8.2fs %8.2fs %5.2fx %8.2fs %8.2fs %5.2fx\n' "$name" "$codec" "$dpi" "$pages" \
        "$cpu" "$cpu_alone" "$(echo "$cpu / $cpu_alone" | bc -l)" "$wall" "$wall_alone" "$(echo "$wall / $wall_alone" | bc -l)"
done
