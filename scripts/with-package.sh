#!/usr/bin/env bash
# Run a command with a program from one of Debian's packages on the machine.
#   scripts/with-package.sh PROGRAM PACKAGE COMMAND [ARGS...]
# Installs PACKAGE when PROGRAM is missing (needs root or sudo); two callers at once install it
# once (a lock in the temporary folder). Then runs the command in this process.
set -euo pipefail
program="$1" package="$2"
shift 2
if ! command -v "$program" >/dev/null; then
  exec 9>"${TMPDIR:-/tmp}/roadmap-install-$package.lock"
  flock 9
  if ! command -v "$program" >/dev/null; then
    echo "with-package: installing $package from Debian's packages" >&2
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$package" >&2
  fi
  exec 9>&-
fi
exec "$@"
