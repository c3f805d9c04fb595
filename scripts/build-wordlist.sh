#!/usr/bin/env bash
# Rebuild dictionaries/ru_RU.fst (the word list the PDF reader looks words up in) from the
# Hunspell dictionary beside it. Needs `unmunch` (Debian's hunspell-tools); installs it when
# missing. Run after changing dictionaries/ru_RU.dic or ru_RU.aff, and commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v unmunch >/dev/null; then
    apt-get update -qq && apt-get install -y -qq hunspell-tools
fi
unmunch dictionaries/ru_RU.dic dictionaries/ru_RU.aff 2>/dev/null \
    | cargo run --quiet --release -p roadmap-pdf --example build_wordlist > dictionaries/ru_RU.fst
