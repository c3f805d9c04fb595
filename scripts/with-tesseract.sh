#!/bin/sh
# Run COMMAND... with Tesseract 5 and its Russian and English data on the machine: installs
# Debian's tesseract-ocr and tesseract-ocr-rus when missing (needs root or sudo), as the
# PostgreSQL test installs its server.
#   scripts/with-tesseract.sh roadmap extract corpus/scans -o out
set -eu
ready() { command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx rus; }
if ! ready; then
    echo "with-tesseract.sh: installing Tesseract from Debian's packages" >&2
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    # one installer at a time, whoever else runs this script now
    exec 9>"${TMPDIR:-/tmp}/roadmap-with-tesseract.lock"
    flock 9
    if ! ready; then
        $sudo apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq tesseract-ocr tesseract-ocr-rus tesseract-ocr-eng >&2
    fi
    flock -u 9
fi
exec "$@"
