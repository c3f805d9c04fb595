#!/usr/bin/env bash
# Render each corpus DOCX in the other word-processor formats the tool reads, with LibreOffice
# (Debian's libreoffice-writer-nogui; installed when missing): corpus/<stem>.odt, .doc and .rtf. The tests read
# the committed files and do not need LibreOffice. After running it, re-bless the fixtures:
#   UPDATE_FIXTURES=1 cargo test -p roadmap --test end_to_end corpus::
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v soffice >/dev/null; then
    apt-get update -qq && apt-get install -y -qq libreoffice-writer-nogui
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for docx in corpus/*.docx; do
    for format in odt doc rtf; do
        soffice --headless -env:UserInstallation=file://"$work/profile" --convert-to "$format" --outdir "$work" "$docx" >/dev/null
    done
done
cp "$work"/*.odt "$work"/*.doc "$work"/*.rtf corpus/
ls -l corpus/*.odt corpus/*.doc corpus/*.rtf
