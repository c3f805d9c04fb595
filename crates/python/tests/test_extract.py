"""``roadmap.extract``, ``extract_many``, ``normalize_deadline`` and ``python -m roadmap`` give
what the command line gives."""

import ast
import datetime
import io
import json
import shutil
import subprocess
import sys
import zipfile

import pytest

import roadmap
from conftest import CORPUS, ROOT, cli


def test_every_corpus_file_gives_the_command_lines_bytes(corpus, tmp_path):
    code, _, err = cli("extract", CORPUS, "-o", tmp_path / "out")
    assert code == 0, err
    for path in corpus:
        doc = roadmap.extract(str(path))
        assert doc["schema_version"] == roadmap.SCHEMA_VERSION
        written = (tmp_path / "out" / (path.name + ".json")).read_text(encoding="utf-8")
        # the CLI names the file as found under the folder given; the path is the only difference
        doc["source"]["path"] = json.loads(written)["source"]["path"]
        assert roadmap.dumps(doc) == written, path.name
        assert doc["actions"], path.name


def test_a_file_on_stdout_is_the_same_as_from_python():
    path = CORPUS / "orel-2022-order-226.docx"
    code, out, err = cli("extract", path)
    assert code == 0, err
    assert out.decode("utf-8") == roadmap.dumps(roadmap.extract(path)) + "\n"


def test_bytes_and_file_objects_read_as_the_path_does():
    path = CORPUS / "kaluga-2021-order-779.pdf"
    by_path = roadmap.extract(path)
    by_bytes = roadmap.extract(path.read_bytes(), name="order.pdf")
    assert by_bytes["source"]["path"] == "order.pdf"
    assert roadmap.extract(bytearray(path.read_bytes()))["source"]["path"] == "<bytes>"
    with open(path, "rb") as f:
        by_file = roadmap.extract(f)
    assert by_file["source"]["path"] == str(path)
    for doc in (by_bytes, by_file):
        doc["source"]["path"] = by_path["source"]["path"]
        assert doc == by_path
    assert roadmap.extract(io.BytesIO(path.read_bytes()))["actions"] == by_path["actions"]
    with pytest.raises(TypeError, match="binary mode"):
        roadmap.extract(io.StringIO("text"))
    with pytest.raises(TypeError):
        roadmap.extract(42)


def encrypted_ods():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", '<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry>')
        z.writestr("content.xml", b"\x01\x02")
    return buffer.getvalue()


def test_failures_raise_typed_errors_with_the_command_lines_codes(tmp_path):
    with pytest.raises(roadmap.Encrypted) as e:
        roadmap.extract(encrypted_ods(), name="plan.ods")
    assert isinstance(e.value, roadmap.UnreadableDocument) and isinstance(e.value, roadmap.RoadmapError)
    assert (e.value.code, e.value.path) == ("encrypted", "plan.ods")
    with pytest.raises(roadmap.EmptyDocument):
        roadmap.extract(b"")
    with pytest.raises(roadmap.UnknownFormat):
        roadmap.extract(b"just some text, not a document")
    with pytest.raises(roadmap.DamagedDocument) as e:
        roadmap.extract(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF")
    assert e.value.code == "pdf_unreadable"
    with pytest.raises(roadmap.DocumentNotFound):
        roadmap.extract(tmp_path / "missing.docx")
    with pytest.raises(ValueError):
        roadmap.extract(CORPUS / "orel-2022-order-226.pdf", ocr="sometimes")
    assert roadmap.extract(CORPUS / "orel-2022-order-226.pdf", ocr="never")["actions"]


def test_scans_are_read_or_refused_as_ocr_says(monkeypatch):
    scan = CORPUS / "scans" / "municipal-2022-order-27.200dpi.pdf"
    with pytest.raises(roadmap.NoTextLayer):
        roadmap.extract(scan, ocr="never")
    monkeypatch.setenv("ROADMAP_TESSERACT", "/nonexistent/tesseract")
    with pytest.raises(roadmap.OcrUnavailable) as e:
        roadmap.extract(scan)
    assert e.value.code == "ocr_unavailable" and "tesseract-ocr-rus" in e.value.message
    monkeypatch.delenv("ROADMAP_TESSERACT")
    # the suite runs under scripts/with-tesseract.sh
    doc = roadmap.extract(scan)
    assert doc["source"]["ocr"]["engine"] == "tesseract" and len(doc["actions"]) == 5


def folder_with_a_bad_file(tmp_path):
    folder = tmp_path / "orders"
    folder.mkdir()
    for name in ["kaluga-2021-order-779.docx", "orel-2022-order-226.pdf", "saratov-krasnoarmeysky-2022-roadmap.xlsx"]:
        shutil.copy(CORPUS / name, folder / name)
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 cut short")
    (folder / "notes.txt").write_text("not a document")
    return folder


def test_extract_many_yields_every_file_in_order_and_errors_as_errors_jsonl(tmp_path):
    folder = folder_with_a_bad_file(tmp_path)
    results = list(roadmap.extract_many([folder], jobs=2))
    names = [r["source"]["path"] if "source" in r else r["path"] for r in results]
    assert [n.rsplit("/", 1)[-1] for n in names] == [
        "broken.docx",
        "kaluga-2021-order-779.docx",
        "orel-2022-order-226.pdf",
        "saratov-krasnoarmeysky-2022-roadmap.xlsx",
    ]
    code, _, err = cli("extract", folder, "-o", tmp_path / "out")
    assert code == 1, err
    errors = [json.loads(line) for line in (tmp_path / "out" / "_errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r for r in results if "code" in r] == errors
    assert errors[0]["code"] == "docx_unreadable"
    for r in results[1:]:
        written = (tmp_path / "out" / (r["source"]["path"].rsplit("/", 1)[-1] + ".json")).read_text(encoding="utf-8")
        assert roadmap.dumps(r) == written
    with pytest.raises(roadmap.DamagedDocument):
        list(roadmap.extract_many([folder], raise_errors=True))
    missing = list(roadmap.extract_many([tmp_path / "nowhere.pdf"]))
    assert [m["code"] for m in missing] == ["not_found"]


def test_extract_many_keeps_input_order_and_can_stop_early(corpus):
    paths = corpus * 4
    results = roadmap.extract_many(paths, jobs=3)
    assert [r["source"]["path"] for r in results] == [str(p) for p in paths]
    first = next(roadmap.extract_many(paths, jobs=2))
    assert first["source"]["path"] == str(paths[0])


def test_normalize_deadline_is_roadmap_dates():
    d = roadmap.normalize_deadline("Сентябрь-декабрь 2021")
    assert (d["kind"], d["start"], d["end"], d["warnings"]) == ("period", "2021-09-01", "2021-12-31", [])
    assert roadmap.normalize_deadline("до 20 мая", 2022)["end"] == "2022-05-20"
    assert roadmap.normalize_deadline("октябрь", "2021/2022")["start"] == "2021-10-01"
    assert roadmap.normalize_deadline("май", "2021/2022")["start"] == "2022-05-01"
    relative = roadmap.normalize_deadline("в течение 10 дней со дня подписания", document_date=datetime.date(2022, 2, 28))
    assert relative["end"] == "2022-03-10"
    code, out, err = cli("dates", "Еженедельно по четвергам С 10.02.2022 По 23.06.2022")
    assert code == 0, err
    assert json.loads(out) == roadmap.normalize_deadline("Еженедельно по четвергам С 10.02.2022 По 23.06.2022")
    with pytest.raises(ValueError):
        roadmap.normalize_deadline("май", 3000)
    with pytest.raises(ValueError):
        roadmap.normalize_deadline("май", month=13)
    # the day of a date row, the August that opens a school year, a programme's years
    assert roadmap.normalize_deadline("10.00-11.00", 2019, day="23 марта")["start"] == "2019-03-23"
    assert roadmap.normalize_deadline("10.00-11.00", day=datetime.date(2019, 3, 23))["end"] == "2019-03-23"
    assert roadmap.normalize_deadline("август", "2019/2020", opens_school_year=True)["start"] == "2019-08-01"
    assert roadmap.normalize_deadline("ежегодно", "2013-2018")["end"] == "2018-12-31"
    with pytest.raises(ValueError):
        roadmap.normalize_deadline("10.00", day="31.04")


def test_python_m_roadmap_is_the_command_line(tmp_path):
    run = lambda *args: subprocess.run([sys.executable, "-m", "roadmap", *map(str, args)], capture_output=True, timeout=300)
    version = run("--version")
    assert version.returncode == 0 and version.stdout.decode().startswith("roadmap ")
    path = CORPUS / "primorye-2021-order-210a.xlsx"
    done = run("extract", path)
    assert done.returncode == 0
    assert done.stdout == cli("extract", path)[1]
    for args in (["extract", tmp_path / "missing.pdf"], ["extract", CORPUS / "README.md"], ["no-such-command"]):
        assert run(*args).returncode == cli(*args)[0] != 0, args
    assert run("schema").stdout.decode() == json.dumps(roadmap.schema(), ensure_ascii=False, indent=2) + "\n"


def test_the_wheel_installs_and_imports_in_a_fresh_environment(tmp_path):
    import os

    wheel = os.environ.get("ROADMAP_WHEEL")
    if not wheel:
        pytest.skip("ROADMAP_WHEEL is set by scripts/with-python.sh")
    subprocess.run([sys.executable, "-m", "venv", tmp_path / "venv"], check=True)
    python = tmp_path / "venv" / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-index", wheel], check=True)
    script = "; ".join(
        [
            "import pathlib, roadmap",
            f"d = roadmap.extract({str(CORPUS / 'orel-2022-order-226.docx')!r})",
            "package = pathlib.Path(roadmap.__file__).parent",
            "print(len(d['actions']), roadmap.__version__, *sorted(p.name for p in package.iterdir() if p.suffix in ('.pyi', '.typed')))",
        ]
    )
    done = subprocess.run([python, "-c", script], capture_output=True, text=True, check=True, cwd=tmp_path)
    actions = len(roadmap.extract(CORPUS / "orel-2022-order-226.docx")["actions"])
    assert done.stdout.split() == [str(actions), roadmap.__version__, "_roadmap.pyi", "py.typed"]


def test_the_stub_names_what_the_compiled_module_has():
    from roadmap import _roadmap

    stub = (ROOT / "crates" / "python" / "python" / "roadmap" / "_roadmap.pyi").read_text(encoding="utf-8")
    declared = set()
    for node in ast.parse(stub).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            declared.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            declared.add(node.target.id)
    public = {name for name in dir(_roadmap) if not name.startswith("_") or name == "__version__"}
    assert declared == public
