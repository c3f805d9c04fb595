"""Every Python example of the README and the guide (docs/src) runs as a script, from a folder
holding the checkout's corpus, and prints what the ```text block right after it shows (a line
``...`` stands for any lines, ``[..]`` for any text within a line). A changed output fails here
until the docs follow."""

import os
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)


def pages():
    yield ROOT / "README.md"
    yield from sorted((ROOT / "docs" / "src").rglob("*.md"))


def examples():
    for page in pages():
        text = page.read_text(encoding="utf-8")
        blocks = list(FENCE.finditer(text))
        for i, block in enumerate(blocks):
            if block.group(1) != "python":
                continue
            shown = None
            after = blocks[i + 1] if i + 1 < len(blocks) else None
            if after is not None and after.group(1) == "text" and not text[block.end() : after.start()].strip():
                shown = after.group(2).rstrip("\n").split("\n")
            line = text[: block.start()].count("\n") + 1
            yield pytest.param(block.group(2), shown, id=f"{page.relative_to(ROOT)}:{line}")


def line_matches(pattern, line):
    parts = [re.escape(p) for p in pattern.split("[..]")]
    return re.fullmatch(".*".join(parts), line, re.S) is not None


def output_matches(shown, lines):
    if not shown:
        return not lines
    if shown[0] == "...":
        return any(output_matches(shown[1:], lines[skip:]) for skip in range(len(lines) + 1))
    return bool(lines) and line_matches(shown[0], lines[0]) and output_matches(shown[1:], lines[1:])


@pytest.mark.parametrize("code, shown", list(examples()))
def test_example_runs_as_shown(code, shown, tmp_path):
    (tmp_path / "corpus").symlink_to(ROOT / "corpus")
    script = tmp_path / "example.py"
    script.write_text(code, encoding="utf-8")
    run = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=3600,
                         env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert run.returncode == 0, f"the example failed:\n{code}\n{run.stderr}"
    if shown is not None:
        printed = run.stdout.rstrip("\n").split("\n") if run.stdout.strip() else []
        assert output_matches(shown, printed), f"shown:\n" + "\n".join(shown) + "\nprinted:\n" + run.stdout


def test_the_wildcards():
    assert output_matches(["a", "...", "z"], ["a", "b", "c", "z"])
    assert line_matches("{'parts': [..], 'errors': 0}", "{'parts': 3, 'errors': 0}")
    assert not line_matches("a[..]b", "a c")
