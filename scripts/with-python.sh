#!/bin/sh
# Run COMMAND... in a Python virtual environment (target/python/venv) with the package `roadmap`
# built from this checkout and the test tools of crates/python/requirements-test.txt installed.
# The environment is made once and remade when the requirements change; the wheel is rebuilt
# (incrementally) every time, in a cargo target folder of its own, and its path is given to
# COMMAND as ROADMAP_WHEEL.
#   scripts/with-python.sh python -m pytest crates/python/tests
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/target/python"
venv="$work/venv"
requirements="$root/crates/python/requirements-test.txt"
python=${PYTHON:-python3}
if ! "$python" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
    echo "with-python.sh: needs Python 3.9 or newer with the venv module ($python)" >&2
    exit 1
fi
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$requirements" "$venv/requirements-test.txt"; then
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$venv/requirements-test.txt"
fi
rm -rf "$work/wheels"
CARGO_TARGET_DIR="$work/cargo" "$venv/bin/maturin" build --quiet --locked \
    --manifest-path "$root/crates/python/Cargo.toml" --out "$work/wheels" --compatibility linux >&2
wheel=$(ls "$work"/wheels/roadmap-*.whl)
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"
export ROADMAP_WHEEL="$wheel"
export PATH="$venv/bin:$PATH"
exec "$@"
