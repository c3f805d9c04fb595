"""``roadmap.cluster`` on a local Dask cluster of worker processes: the corpus replicated,
every input arrives exactly once, a bad file and a dying worker lose nothing."""

import collections
import os
import shutil
import threading
import time

import duckdb
import pyarrow.dataset as ds
import pytest
from dask.distributed import Client, LocalCluster

import roadmap
import roadmap.cluster


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=3, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


def replicated(corpus, folder, copies):
    for copy in range(copies):
        (folder / f"copy-{copy}").mkdir(parents=True)
        for path in corpus:
            shutil.copy(path, folder / f"copy-{copy}" / path.name)
    (folder / "copy-0" / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF")
    return sorted(str(p) for p in folder.rglob("*") if p.is_file())


def table(out, name):
    return ds.dataset(str(out / name), format="parquet").to_table()


def check_exactly_once(out, files, expected_actions):
    documents = table(out, "documents").column("path").to_pylist()
    errors = table(out, "errors").to_pylist()
    arrived = collections.Counter(documents + [e["path"] for e in errors])
    assert sorted(arrived) == sorted(files + [str(out.parent / "missing.docx")])
    assert set(arrived.values()) == {1}, [p for p, n in arrived.items() if n > 1]
    assert sorted(e["code"] for e in errors) == ["not_found", "pdf_unreadable"]
    actions = collections.Counter(table(out, "actions").column("document_key").to_pylist())
    assert sum(actions.values()) == expected_actions


def test_every_document_arrives_once_and_failures_lose_nothing(client, corpus, tmp_path):
    files = replicated(corpus, tmp_path / "orders", 3)
    per_file = {p.name: len(roadmap.extract(p)["actions"]) for p in corpus}
    expected_actions = 3 * sum(per_file.values())
    out = tmp_path / "parquet"
    summary = roadmap.cluster.extract_to_parquet([tmp_path / "orders", tmp_path / "missing.docx"], out, files_per_part=8)
    assert summary == {"parts": 13, "documents": 90, "errors": 2}
    check_exactly_once(out, files, expected_actions)
    # the warehouse's view: the parts read as one table
    rows = duckdb.sql(f"SELECT region, count(*) FROM '{out}/actions/*.parquet' GROUP BY region ORDER BY region").fetchall()
    assert sum(n for _, n in rows) == expected_actions and len(rows) == 5

    with pytest.raises(FileExistsError):
        roadmap.cluster.extract_to_parquet([tmp_path / "orders"], out)

    # a worker dies while the parts are worked on: its tasks run again elsewhere, their parts
    # are replaced, not doubled
    result = {}
    run = threading.Thread(
        target=lambda: result.update(
            roadmap.cluster.extract_to_parquet([tmp_path / "orders", tmp_path / "missing.docx"], out, files_per_part=4, overwrite=True)
        )
    )
    run.start()
    deadline = time.monotonic() + 120
    while not list((out / "documents").glob("part-*.parquet")) and time.monotonic() < deadline:
        time.sleep(0.05)
    victim = sorted(client.scheduler_info()["workers"])[0]
    assert run.is_alive(), "the run ended before a worker could be stopped"
    try:
        client.run(os._exit, 1, workers=[victim])
    except Exception:
        pass  # the worker died before answering
    run.join(timeout=300)
    assert not run.is_alive()
    assert result == {"parts": 24, "documents": 90, "errors": 2}
    check_exactly_once(out, files, expected_actions)
