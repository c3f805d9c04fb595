#!/bin/sh
# Make the scanned renderings in corpus/scans/ from the text PDFs of the corpus, as an office
# scanner would (see scripts/make-scans.py): different resolutions, skews, noise, JPEG or
# black-and-white CCITT pages, and a text PDF whose last page (the signatures) is a scan.
# Needs poppler-utils (pdftoppm, pdfseparate, pdfunite), LibreOffice (soffice) and Python with Pillow:
#   python3 -m venv /tmp/scans && /tmp/scans/bin/pip install pillow
#   PYTHON=/tmp/scans/bin/python scripts/make-scans.sh
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-python3}
out="$root/corpus/scans"
mkdir -p "$out"
make() { "$python" "$root/scripts/make-scans.py" "$@"; }
make "$root/corpus/saratov-krasnoarmeysky-2022-roadmap.pdf" "$out/saratov-krasnoarmeysky-2022-roadmap.150dpi.pdf" \
    --dpi 150 --angle 0.8 --quality 45 --noise 0.001 --seed 1
make "$root/corpus/primorye-2021-order-210a.pdf" "$out/primorye-2021-order-210a.300dpi-bw.pdf" \
    --dpi 300 --angle -0.5 --bilevel --seed 2
make "$root/corpus/genre/municipal-2022-order-27.pdf" "$out/municipal-2022-order-27.200dpi.pdf" \
    --dpi 200 --angle 1.0 --quality 55 --seed 3
# the roadmap scanned and kept as a Word 97-2003 file, a page a picture
make "$root/corpus/saratov-krasnoarmeysky-2022-roadmap.pdf" "$out/saratov-krasnoarmeysky-2022-roadmap.150dpi.pictures.doc" \
    --dpi 150 --angle 0.8 --quality 45 --noise 0.001 --seed 1
# the order as a text PDF with its last page scanned
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source="$root/corpus/orel-2022-order-226.pdf"
pages=$(pdfinfo "$source" | awk '/^Pages:/ {print $2}')
pdfseparate "$source" "$work/page-%02d.pdf"
make "$work/page-$(printf %02d "$pages").pdf" "$work/scanned-last.pdf" --dpi 200 --angle 0.6 --quality 60 --seed 4
rm "$work/page-$(printf %02d "$pages").pdf"
pdfunite "$work"/page-*.pdf "$work/scanned-last.pdf" "$out/orel-2022-order-226.last-page-scanned.pdf"
ls -l "$out"
