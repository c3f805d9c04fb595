#!/usr/bin/env bash
# Run a command with Debian's chromium on the machine.
#   scripts/with-chromium.sh chromium --headless --dump-dom https://…
# Installs the package when `chromium` is missing (needs root or sudo); two callers at once
# install it once (a lock in the temporary folder). Then runs the command in this process.
set -euo pipefail
if ! command -v chromium >/dev/null; then
  exec 9>"${TMPDIR:-/tmp}/roadmap-chromium-install.lock"
  flock 9
  if ! command -v chromium >/dev/null; then
    echo "with-chromium: installing chromium from Debian's packages" >&2
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >&2
  fi
  exec 9>&-
fi
exec "$@"
