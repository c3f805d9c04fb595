"""``to_pandas`` and the Parquet files hold the tables of ``roadmap export``: the same columns,
rows and values as the CSV, with proper types."""

import csv
import datetime
import io

import pyarrow as pa
import pyarrow.parquet as pq

import roadmap
from conftest import cli


def exported_csv(tmp_path, name):
    return list(csv.DictReader(io.StringIO((tmp_path / "csv" / f"{name}.csv").read_text(encoding="utf-8"))))


def pg_array(text):
    """A PostgreSQL array literal of the export, as a list (NULL as None)."""
    inner = text[1:-1]
    if not inner:
        return []
    items, current, quoted, escaped, was_quoted = [], "", False, False, False
    for ch in inner:
        if escaped:
            current, escaped = current + ch, False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            quoted, was_quoted = not quoted, True
        elif ch == "," and not quoted:
            items.append(current if was_quoted or current != "NULL" else None)
            current, was_quoted = "", False
        else:
            current += ch
    items.append(current if was_quoted or current != "NULL" else None)
    return items


def as_csv_text(value):
    if value is None or value is pd_na():
        return ""
    if isinstance(value, list):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def pd_na():
    import pandas as pd

    return pd.NA


def test_to_pandas_gives_the_csv_tables_typed(corpus, tmp_path):
    code, _, err = cli("export", *corpus, "--to", tmp_path / "csv")
    assert code == 0, err
    docs = list(roadmap.extract_many(corpus))
    documents, actions = roadmap.to_pandas(docs + [{"path": "x.pdf", "code": "empty", "message": "empty file"}])
    for frame, name in ((documents, "documents"), (actions, "actions")):
        rows = exported_csv(tmp_path, name)
        assert list(frame.columns) == list(rows[0].keys())
        assert len(frame) == len(rows)
        for row, (_, record) in zip(rows, frame.iterrows()):
            for column, text in row.items():
                value = as_csv_text(record[column])
                expected = pg_array(text) if isinstance(value, list) else text
                assert value == expected, (name, column)
    assert len(actions) == 53 + 64 + 32 + 28 + 24
    assert str(actions["seq"].dtype) == "Int32" and str(documents["bytes"].dtype) == "Int64"
    assert all(isinstance(d, datetime.date) for d in actions["deadline_end"].dropna())
    assert actions["deadline_end"].dropna().size > 100
    assert all(isinstance(p, list) for p in actions["parties"])
    assert any("curator_visits" in m for m in actions["milestones"])
    every = roadmap.to_pandas(docs, all_renditions=True)[1]
    assert len(every) == sum(len(d["actions"]) for d in docs)


def test_parquet_export_has_the_csv_rows_and_logical_types(corpus, tmp_path):
    assert cli("export", *corpus, "--to", tmp_path / "csv")[0] == 0
    code, _, err = cli("export", *corpus, "--to", tmp_path / "parquet", "--format", "parquet")
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "parquet").iterdir()) == ["actions.parquet", "acts.parquet", "documents.parquet"]
    actions = pq.read_table(tmp_path / "parquet" / "actions.parquet")
    schema = actions.schema
    assert schema.field("deadline_end").type == pa.date32()
    assert schema.field("seq").type == pa.int32() and not schema.field("seq").nullable
    assert schema.field("year").type == pa.int32()
    assert schema.field("parties").type == pa.list_(pa.string())
    assert schema.field("milestones").type == pa.list_(pa.string())
    assert pq.read_table(tmp_path / "parquet" / "documents.parquet").schema.field("bytes").type == pa.int64()
    metadata = pq.ParquetFile(tmp_path / "parquet" / "actions.parquet").metadata
    assert metadata.row_group(0).column(0).compression == "ZSTD"
    for name in ("acts", "documents", "actions"):
        table = pq.read_table(tmp_path / "parquet" / f"{name}.parquet").to_pylist()
        rows = exported_csv(tmp_path, name)
        assert [list(r.keys()) for r in table[:1]] == [list(r.keys()) for r in rows[:1]]
        for record, row in zip(table, rows):
            for column, text in row.items():
                value = as_csv_text(record[column])
                assert value == (pg_array(text) if isinstance(value, list) else text), (name, column)
        assert len(table) == len(rows)
    # the Python writer writes the same files
    written = roadmap.write_parquet(roadmap.extract_many(corpus), tmp_path / "py")
    assert sorted(p.name for p in written) == ["actions.parquet", "acts.parquet", "documents.parquet"]
    for name in ("acts", "documents", "actions"):
        from_python = pq.read_table(tmp_path / "py" / f"{name}.parquet")
        from_cli = pq.read_table(tmp_path / "parquet" / f"{name}.parquet")
        assert from_python.equals(from_cli), name
