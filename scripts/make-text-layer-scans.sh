#!/bin/sh
# Make scans that carry a scanner's recognized text layer, as published scans often do: the page
# image with the recognized words laid over it invisibly (text render mode 3), the table's lines
# only in the image. Tesseract's own PDF output is exactly that. From pages 2–3 of the 150 dpi
# scan of the Saratov roadmap (corpus/scans, made by make-scans.sh):
#   *.text-layer.pdf          the layer recognized in Russian: its words read well, and are kept;
#   *.latin-text-layer.pdf    the layer recognized by an engine without Russian, which spells
#                             Cyrillic with Latin look-alikes («CMETA HA 2019»): read again.
# Needs poppler-utils and Tesseract with its Russian and English data (with-tesseract.sh).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/corpus/scans"
source="$out/saratov-krasnoarmeysky-2022-roadmap.150dpi.pdf"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pdfimages -f 2 -l 3 -j "$source" "$work/page"
for lang in rus eng; do
    for image in "$work"/page-*.jpg; do
        OMP_THREAD_LIMIT=1 tesseract "$image" "${image%.jpg}-$lang" -l "$lang" --dpi 150 pdf 2>/dev/null
    done
done
pdfunite "$work"/page-*-rus.pdf "$out/saratov-krasnoarmeysky-2022-roadmap.150dpi.text-layer.pdf"
pdfunite "$work"/page-*-eng.pdf "$out/saratov-krasnoarmeysky-2022-roadmap.150dpi.latin-text-layer.pdf"
ls -l "$out"/*text-layer.pdf
