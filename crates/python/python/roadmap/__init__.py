"""Russian regional roadmap orders (DOCX, DOC, RTF, ODT, PDF, XLSX, XLS, ODS) as canonical JSON.

The same extraction as the ``roadmap`` command line, from Python:

>>> import roadmap
>>> doc = roadmap.extract("order.docx")                    # doctest: +SKIP
>>> doc["actions"][0]["deadline"]["end"]                   # doctest: +SKIP
'2021-12-31'
>>> for doc in roadmap.extract_many(["orders/"], jobs=4):  # doctest: +SKIP
...     print(doc.get("code") or len(doc["actions"]))
>>> roadmap.normalize_deadline("Сентябрь-декабрь 2021")["end"]
'2021-12-31'

A document is a ``dict`` that is exactly the canonical JSON (``schema_version``
``SCHEMA_VERSION``); ``roadmap.dumps(doc)`` gives the bytes ``roadmap extract -o DIR`` writes.
Failures raise a :class:`RoadmapError` subclass named by the failure's code, or, in
``extract_many``, come as ``{"path", "code", "message"}`` dicts, the lines of ``_errors.jsonl``.
``to_pandas`` and ``write_parquet`` give the warehouse tables of ``roadmap export``;
``roadmap.cluster`` runs extraction on a Dask cluster.
"""

from __future__ import annotations

import datetime as _datetime
import json as _json
import os as _os
import sys as _sys
from pathlib import Path
from typing import IO, Any, Dict, Iterable, Iterator, List, Optional, Tuple, Union

from . import _roadmap as _core

__version__: str = _core.__version__
SCHEMA_VERSION: str = _core.SCHEMA_VERSION

Source = Union[str, "_os.PathLike[str]", bytes, bytearray, memoryview, IO[bytes]]
PathLike = Union[str, "_os.PathLike[str]"]

__all__ = [
    "SCHEMA_VERSION",
    "DamagedDocument",
    "DocumentNotFound",
    "EmptyDocument",
    "Encrypted",
    "InternalError",
    "NoTextLayer",
    "OcrUnavailable",
    "RoadmapError",
    "TimedOut",
    "TooLarge",
    "UnknownFormat",
    "UnreadableDocument",
    "UnsupportedFormat",
    "ZipBomb",
    "dumps",
    "extract",
    "extract_many",
    "main",
    "normalize_deadline",
    "schema",
    "to_pandas",
    "write_parquet",
]


class RoadmapError(Exception):
    """A file gave no document. ``code`` is the stable code of ``_errors.jsonl``
    (``encrypted``, ``no_text_layer`` …), ``path`` the input, ``message`` the explanation."""

    code: str = "error"

    def __init__(self, path: str, code: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.code = code
        self.message = message


class DocumentNotFound(RoadmapError):
    """No such file or folder (``not_found``)."""


class TooLarge(RoadmapError):
    """The file is larger than the limit on inputs (``too_large``)."""


class TimedOut(RoadmapError):
    """Reading and extracting took longer than ``timeout`` (``timeout``)."""


class InternalError(RoadmapError):
    """A reader failed unexpectedly on this file (``internal``); please report it with the file."""


class OcrUnavailable(RoadmapError):
    """Recognition of scanned pages was asked for and no OCR engine is available
    (``ocr_unavailable``)."""


class UnreadableDocument(RoadmapError):
    """The file is not a document this tool can read; the subclasses say why."""


class EmptyDocument(UnreadableDocument):
    """The file is empty (``empty``)."""


class UnknownFormat(UnreadableDocument):
    """Not DOCX, DOC, RTF, ODT, PDF, XLSX, XLS or ODS (``unknown_format``)."""


class UnsupportedFormat(UnreadableDocument):
    """A format recognised but not read, such as a presentation (``unsupported_format``)."""


class Encrypted(UnreadableDocument):
    """A password-protected document (``encrypted``)."""


class NoTextLayer(UnreadableDocument):
    """A PDF whose pages are images, with no text to read (``no_text_layer``)."""


class ZipBomb(UnreadableDocument):
    """A package that inflates like a zip bomb (``zip_bomb``)."""


class DamagedDocument(UnreadableDocument):
    """A damaged file of a known format (``pdf_unreadable``, ``docx_unreadable`` …)."""


_ERRORS = {
    "not_found": DocumentNotFound,
    "too_large": TooLarge,
    "timeout": TimedOut,
    "internal": InternalError,
    "ocr_unavailable": OcrUnavailable,
    "empty": EmptyDocument,
    "unknown_format": UnknownFormat,
    "unsupported_format": UnsupportedFormat,
    "encrypted": Encrypted,
    "no_text_layer": NoTextLayer,
    "zip_bomb": ZipBomb,
}


def _error(path: str, code: str, message: str) -> RoadmapError:
    cls = _ERRORS.get(code) or (DamagedDocument if code.endswith("_unreadable") else RoadmapError)
    return cls(path, code, message)


_OCR_MODES = ("auto", "always", "never")


def _check_ocr(ocr: str) -> None:
    if ocr not in _OCR_MODES:
        raise ValueError(f"ocr={ocr!r}: give one of {', '.join(_OCR_MODES)}")


def _result(outcome: Tuple[str, Optional[str], Optional[str], Optional[str]], raise_errors: bool) -> Dict[str, Any]:
    path, text, code, message = outcome
    if text is not None:
        return _json.loads(text)
    if raise_errors:
        raise _error(path, code or "error", message or "")
    return {"path": path, "code": code, "message": message}


def _timeout(timeout: Optional[float]) -> Optional[float]:
    return None if timeout is None else float(timeout)


def extract(
    source: Source,
    *,
    ocr: str = "auto",
    ocr_lang: str = _core.DEFAULT_OCR_LANGUAGES,
    timeout: Optional[float] = 120.0,
    name: Optional[str] = None,
) -> Dict[str, Any]:
    """Extract one document and return its canonical JSON as a dict.

    ``source`` is a path (``str`` or path-like), the document's bytes, or a binary file object.
    ``name`` is written to ``source.path`` (by default the path given, the file object's
    ``name``, or ``"<bytes>"``); its extension is a hint when the content is ambiguous — the
    format is always told by the content. ``timeout`` is in seconds (``None``: no limit).
    ``ocr`` says which PDF pages are recognized by Tesseract: ``"auto"`` the pages without a
    text layer, ``"always"`` every page that paints an image, ``"never"`` none (a scan raises
    :class:`NoTextLayer`); ``ocr_lang`` the languages as Tesseract names them. Without Tesseract
    on the machine a scan raises :class:`OcrUnavailable`.

    Raises a :class:`RoadmapError` subclass when the file gives no document.
    """
    _check_ocr(ocr)
    if isinstance(source, (bytes, bytearray, memoryview)):
        shown = name or "<bytes>"
        return _result(_core.extract_bytes(bytes(source), shown, _timeout(timeout), ocr, ocr_lang), True)
    if hasattr(source, "read"):
        data = source.read()  # type: ignore[union-attr]
        if not isinstance(data, (bytes, bytearray)):
            raise TypeError("a file object must be opened in binary mode ('rb')")
        own = getattr(source, "name", None)
        shown = name or (own if isinstance(own, str) else "<bytes>")
        return _result(_core.extract_bytes(bytes(data), shown, _timeout(timeout), ocr, ocr_lang), True)
    if isinstance(source, (str, _os.PathLike)):
        path = _os.fsdecode(_os.fspath(source))
        return _result(_core.extract_path(path, name or path, _timeout(timeout), ocr, ocr_lang), True)
    raise TypeError(f"source: a path, bytes or a binary file object, not {type(source).__name__}")


def extract_many(
    paths: Union[PathLike, Iterable[PathLike]],
    *,
    jobs: Optional[int] = None,
    ocr: str = "auto",
    ocr_lang: str = _core.DEFAULT_OCR_LANGUAGES,
    timeout: Optional[float] = 120.0,
    raise_errors: bool = False,
) -> Iterator[Dict[str, Any]]:
    """Extract files and folders in parallel, yielding one dict per input in input order.

    Folders are walked for documents as ``roadmap extract`` walks them. The work runs on
    ``jobs`` threads (default: one per core) with the GIL released, never more than a few
    documents ahead of the consumer; ``ocr`` and ``ocr_lang`` as for :func:`extract`. A file
    that gives no document yields
    ``{"path", "code", "message"}`` — the line ``_errors.jsonl`` would hold — or, with
    ``raise_errors=True``, raises its :class:`RoadmapError`. Stopping the iteration early
    stops the work.
    """
    if isinstance(paths, (str, _os.PathLike)):
        paths = [paths]
    listed = [_os.fsdecode(_os.fspath(p)) for p in paths]
    _check_ocr(ocr)
    outcomes = _core.ExtractMany(listed, jobs, _timeout(timeout), ocr, ocr_lang)

    def results() -> Iterator[Dict[str, Any]]:
        for outcome in outcomes:
            yield _result(outcome, raise_errors)

    return results()


def normalize_deadline(
    text: str,
    year: Union[int, str, None] = None,
    *,
    document_date: Union[str, _datetime.date, None] = None,
    month: Optional[int] = None,
    day: Union[str, _datetime.date, None] = None,
    opens_school_year: bool = False,
) -> Dict[str, Any]:
    """Normalize one deadline cell, as ``roadmap dates`` does: the deadline object (``raw``,
    ``kind``, ``start``, ``end`` …) with its ``warnings``.

    ``year`` is the plan's period for text that names none: a year (``2021``), a school year
    (``"2021/2022"``) or several years (``"2013-2018"``); ``document_date`` the order's date, for
    spans counted from it; ``month`` the month (1–12) of the section heading in a plan laid out
    by months; ``day`` the day of the section heading in a plan laid out by date rows
    (``"23.03"``, ``"23 марта"`` or a date), which a clock time or an empty cell is;
    ``opens_school_year`` that the row comes before the other months of its table (an August it
    names opens the school year).
    """
    if isinstance(document_date, _datetime.date):
        document_date = document_date.isoformat()
    if isinstance(day, _datetime.date):
        day = day.strftime("%d.%m.%Y")
    return _json.loads(
        _core.normalize_deadline(text, None if year is None else str(year), document_date, month, day, opens_school_year)
    )


def dumps(document: Dict[str, Any]) -> str:
    """A document as canonical JSON text (a ``str``): encoded as UTF-8, the file
    ``roadmap extract -o DIR`` writes for it."""
    return _json.dumps(document, ensure_ascii=False, indent=2)


def schema() -> Dict[str, Any]:
    """The JSON Schema of the canonical output, as ``roadmap schema`` prints it."""
    return _json.loads(_core.schema())


def _documents_text(documents: Iterable[Dict[str, Any]]) -> List[str]:
    """Canonical documents as JSON text, the error dicts of ``extract_many`` left out."""
    return [_json.dumps(d, ensure_ascii=False) for d in documents if "schema_version" in d]


def to_pandas(documents: Iterable[Dict[str, Any]], *, all_renditions: bool = False) -> Tuple[Any, Any]:
    """The ``documents`` and ``actions`` tables of ``roadmap export`` as pandas DataFrames.

    Same columns as ``documents.csv`` and ``actions.csv``, typed: text as the nullable
    ``string`` dtype, dates as ``datetime.date``, integers as nullable ``Int32``/``Int64``,
    ``parties``, ``milestones`` and ``party_kinds`` as lists of ``str``; an absent value is
    ``<NA>`` (``None`` for a date). As in the export, the same file given
    twice is one document, and an act's actions come from its best rendition unless
    ``all_renditions``. Error dicts from ``extract_many`` are skipped. Needs pandas.
    """
    import pandas as pd

    tables = _json.loads(_core.tables(_documents_text(documents), all_renditions, False))

    def frame(table: Dict[str, Any]) -> Any:
        columns = {}
        for index, (name, kind) in enumerate(table["columns"]):
            values = [row[index] for row in table["rows"]]
            if kind == "date":
                columns[name] = pd.Series([None if v is None else _datetime.date.fromisoformat(v) for v in values], dtype=object)
            elif kind in ("integer", "biginteger"):
                columns[name] = pd.array(values, dtype="Int32" if kind == "integer" else "Int64")
            elif kind in ("textlist", "namelist"):
                columns[name] = pd.Series(values, dtype=object)
            else:
                columns[name] = pd.array(values, dtype="string")
        return pd.DataFrame(columns)

    return frame(tables["documents"]), frame(tables["actions"])


def write_parquet(documents: Iterable[Dict[str, Any]], directory: PathLike, *, all_renditions: bool = False) -> List[Path]:
    """Write ``acts.parquet``, ``documents.parquet`` and ``actions.parquet`` into ``directory``,
    as ``roadmap export --format parquet`` does, and return their paths. Each file is
    written atomically."""
    written = _core.write_parquet(_documents_text(documents), _os.fspath(directory), None, [], all_renditions)
    return [Path(p) for p in written]


def main(argv: Optional[List[str]] = None) -> int:
    """Run the ``roadmap`` command line with ``argv`` (default: ``sys.argv[1:]``) and return its
    exit status; ``python -m roadmap`` is this."""
    args = list(_sys.argv[1:] if argv is None else argv)
    _sys.stdout.flush()
    _sys.stderr.flush()
    return _core.run_cli(args)
