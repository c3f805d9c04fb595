#!/usr/bin/env bash
# Run a command with Debian's chromium on the machine (installed when missing, see
# scripts/with-package.sh).
#   scripts/with-chromium.sh chromium --headless --dump-dom https://…
exec "$(dirname "$0")/with-package.sh" chromium chromium "$@"
