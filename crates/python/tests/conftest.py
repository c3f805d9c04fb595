"""Shared set-up: the corpus, and the command line the package is compared with.

``ROADMAP_BIN`` names the ``roadmap`` binary cargo built (the Rust test that runs this suite
sets it); without it the suite compares with ``python -m roadmap``, the same Rust code.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT / "corpus"


def corpus_files():
    return sorted(p for p in CORPUS.iterdir() if p.is_file() and p.suffix != ".md")


@pytest.fixture(scope="session")
def corpus():
    files = corpus_files()
    assert len(files) >= 30, "the corpus is missing"
    return files


def cli(*args, cwd=None):
    """Run the command line; (exit status, stdout bytes, stderr text)."""
    binary = os.environ.get("ROADMAP_BIN")
    command = [binary] if binary else [sys.executable, "-m", "roadmap"]
    done = subprocess.run(command + [str(a) for a in args], capture_output=True, cwd=cwd, timeout=600)
    return done.returncode, done.stdout, done.stderr.decode("utf-8", "replace")
