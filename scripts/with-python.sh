#!/bin/sh
# Run COMMAND... in a Python virtual environment (target/python/venv) with the package `roadmap`
# built from this checkout and the test tools of crates/python/requirements-test.txt installed.
# The environment is made once and remade when the requirements change; the wheel is rebuilt
# (incrementally) every time, in a cargo target folder of its own, and its path is given to
# COMMAND as ROADMAP_WHEEL (a debug build; ROADMAP_PROFILE=release for an optimized one). With
# --tools-only first, only the tools (no wheel).
#   scripts/with-python.sh python -m pytest crates/python/tests
#   scripts/with-python.sh --tools-only python -c 'import duckdb'
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/target/python"
venv="$work/venv"
requirements="$root/crates/python/requirements-test.txt"
python=${PYTHON:-python3}
usable() { "$python" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; }
if ! usable && command -v apt-get >/dev/null; then
    echo "with-python.sh: installing Python from Debian's packages" >&2
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3 python3-venv python3-pip >&2
    python=python3
fi
if ! usable; then
    echo "with-python.sh: needs Python 3.9 or newer with the venv module ($python)" >&2
    exit 1
fi
tools_only=false
if [ "${1:-}" = --tools-only ]; then
    tools_only=true
    shift
fi
# one environment at a time, whoever else runs this script now
mkdir -p "$work"
exec 8>"$work/venv.lock"
flock 8
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$requirements" "$venv/requirements-test.txt"; then
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$venv/requirements-test.txt"
fi
flock -u 8
export PATH="$venv/bin:$PATH"
if $tools_only; then
    exec "$@"
fi
# the wheel is held installed until COMMAND ends: another run waits to rebuild it
exec 9>"$work/wheel.lock"
flock 9
rm -rf "$work/wheels"
CARGO_TARGET_DIR="$work/cargo" "$venv/bin/maturin" build --quiet --locked \
    --manifest-path "$root/crates/python/Cargo.toml" --out "$work/wheels" --compatibility linux \
    --profile "${ROADMAP_PROFILE:-dev}" >&2
wheel=$(ls "$work"/wheels/roadmap-*.whl)
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"
export ROADMAP_WHEEL="$wheel"
exec "$@"
