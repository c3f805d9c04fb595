"""Extraction on a Dask cluster, written as partitioned Parquet that a warehouse loads.

The files are listed on the client (folders walked as ``roadmap extract`` walks them), split
into parts of ``files_per_part`` files, and each part is one task: a worker extracts its files
and writes ``documents/part-NNNNN.parquet``, ``actions/part-NNNNN.parquet`` and
``errors/part-NNNNN.parquet`` (path, code, message of the files that gave no document) under
the output folder. The columns are those of ``roadmap export`` (``errors`` has its own three).
Each file of a part is written atomically and named by the part alone, so a task that Dask runs
again — its worker died, or was restarted — replaces its part instead of doubling it: every
input arrives exactly once, in ``documents`` or in ``errors``. Parts cannot see each other, so
every file gets a ``documents`` row and every document's actions are written (as
``roadmap export --all-renditions`` does); the same file given twice has two rows with the same
``document_key``, and ``act_key`` picks one rendition per act in SQL.

>>> from dask.distributed import Client, LocalCluster              # doctest: +SKIP
>>> import roadmap.cluster                                         # doctest: +SKIP
>>> with LocalCluster(n_workers=8, threads_per_worker=1) as cluster, Client(cluster):
...     roadmap.cluster.extract_to_parquet(["/data/orders"], "/data/roadmap")
{'parts': 1563, 'documents': 99871, 'errors': 129}

Then, for example in DuckDB: ``SELECT region, count(*) FROM '/data/roadmap/actions/*.parquet'
GROUP BY region``. Needs ``dask[distributed]`` (``pip install "roadmap[cluster]"``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Union

from . import _roadmap as _core

TABLES = ("documents", "actions", "errors")

PathLike = Union[str, "os.PathLike[str]"]


def extract_part(index: int, paths: List[str], directory: str, timeout: Optional[float] = 120.0, jobs: int = 1) -> Dict[str, int]:
    """One task: extract ``paths`` on ``jobs`` threads and write part ``index`` under
    ``directory``; the counts of documents and errors."""
    documents, errors = [], []
    for path, text, code, message in _core.ExtractMany(paths, jobs, timeout):
        if text is None:
            errors.append((path, code or "error", message or ""))
        else:
            documents.append(text)
    _core.write_parquet(documents, directory, part_name(index), errors)
    return {"documents": len(documents), "errors": len(errors)}


def part_name(index: int) -> str:
    return f"part-{index:05d}"


def extract_to_parquet(
    paths: Union[PathLike, Iterable[PathLike]],
    directory: PathLike,
    *,
    files_per_part: int = 64,
    jobs_per_part: int = 1,
    timeout: Optional[float] = 120.0,
    overwrite: bool = False,
) -> Dict[str, int]:
    """Extract every document under ``paths`` on the Dask cluster of the current client (or
    Dask's default scheduler) into ``directory``; the counts of parts, documents and errors.

    ``files_per_part`` files make one task and one Parquet file per table; ``jobs_per_part``
    threads work on a task (keep 1 with one Dask thread per core). Parts already in
    ``directory`` from an earlier run are refused, or removed first with ``overwrite=True``, so
    no stale part is ever read with the new ones.
    """
    import dask

    if files_per_part < 1:
        raise ValueError("files_per_part: give 1 or more")
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files, problems = _core.documents_under([os.fsdecode(os.fspath(p)) for p in paths])
    out = Path(directory)
    stale = sorted(p for table in TABLES for p in (out / table).glob("part-*.parquet"))
    if stale and not overwrite:
        raise FileExistsError(f"{out}: holds parts of an earlier run ({stale[0].name} …); give overwrite=True to replace them")
    for p in stale:
        p.unlink()
    chunks = [files[i : i + files_per_part] for i in range(0, len(files), files_per_part)]
    task = dask.delayed(extract_part, pure=True)
    counts = dask.compute(*[task(index, chunk, str(out), timeout, jobs_per_part) for index, chunk in enumerate(chunks)])
    parts = len(chunks)
    if problems:
        # the paths that could not be listed are a part of their own
        _core.write_parquet([], str(out), part_name(parts), [(p, c, m) for p, c, m in problems])
        parts += 1
    return {
        "parts": parts,
        "documents": sum(c["documents"] for c in counts),
        "errors": sum(c["errors"] for c in counts) + len(problems),
    }
