#!/bin/sh
# Encrypted renderings of a corpus PDF that open with the empty user password, for the PDF
# reader's tests (crates/pdf/testdata/): AES-256 (revision 6) and AES-128 (revision 4).
# Needs qpdf (Debian's `qpdf`).
set -eu
cd "$(dirname "$0")/.."
source=corpus/genre/municipal-2022-order-27.pdf
out=crates/pdf/testdata
qpdf --encrypt "" owner-password 256 -- "$source" "$out/aes256-empty-user-password.pdf"
qpdf --encrypt "" owner-password 128 --use-aes=y -- "$source" "$out/aes128-empty-user-password.pdf"
