#!/bin/sh
# The time of reading scans with `roadmap extract`, beside the time Tesseract alone takes on the
# same page images (pdfimages -png, then `tesseract IMAGE - -l rus+eng`, one thread each, as many
# pages at once as there are cores), median of RUNS runs, with the CPU model: the committed scans,
# then any SCAN given (a multi-page scan at under 100 dpi, one stored as JPEG 2000 …).
#   scripts/ocr-speed.sh [RUNS [SCAN.pdf ...]]   (needs poppler-utils and Tesseract: with-tesseract.sh)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
[ $# -gt 0 ] && shift
bin="$root/target/release/roadmap"
[ -x "$bin" ] || cargo build --release --locked --manifest-path "$root/Cargo.toml" >&2
cores=$(nproc)
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $cores cores; median of $runs runs"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
seconds() { # the wall time of a command, in seconds
    start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); echo "$end - $start" | bc -l
}
# s/page: seconds of one core per page (the pages of a document are read in parallel)
printf '%-52s %5s %5s %5s %10s %10s %8s %9s\n' scan codec dpi pages roadmap tesseract ratio "s/page"
for scan in "$root"/corpus/scans/saratov-krasnoarmeysky-2022-roadmap.150dpi.pdf \
            "$root"/corpus/scans/municipal-2022-order-27.200dpi.pdf \
            "$root"/corpus/scans/primorye-2021-order-210a.300dpi-bw.pdf "$@"; do
    name=$(basename "$scan")
    dpi=$(pdfimages -list "$scan" | awk 'NR==3 {print $13}')
    codec=$(pdfimages -list "$scan" | awk 'NR==3 {print $9}')
    rm -rf "$work/images" && mkdir "$work/images"
    pdfimages -png "$scan" "$work/images/p"
    pages=$(ls "$work/images" | wc -l)
    ours=$(for _ in $(seq "$runs"); do seconds "$bin" extract "$scan"; done | median)
    alone=$(for _ in $(seq "$runs"); do
        seconds sh -c "ls '$work'/images/* | OMP_THREAD_LIMIT=1 xargs -P $cores -I{} tesseract {} - -l rus+eng"
    done | median)
    printf '%-52s %5s %5s %5s %9.2fs %9.2fs %7.2fx %8.2fs\n' "$name" "$codec" "$dpi" "$pages" "$ours" "$alone" \
        "$(echo "$ours / $alone" | bc -l)" "$(echo "$ours * $(( cores < pages ? cores : pages )) / $pages" | bc -l)"
done
