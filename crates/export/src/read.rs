//! An export folder read back into [`Tables`]: each of `acts`, `documents` and `actions` from
//! its CSV file (`acts.csv`), its Parquet file (`acts.parquet`) or its Hive-style partitions
//! (`acts/region_iso=RU-ORL/plan_year=2022/part-0.parquet`, the partition columns taken from
//! the folder names), whichever the folder holds. Values are typed by the table's columns: a
//! CSV field empty is absent, a list is read from its PostgreSQL array literal; a column the
//! file lacks is absent (an error when the column may not be), a column the table does not
//! know is passed over. What [`crate::tables`] wrote, read back, is what it was, row for row
//! (partitions in their path order).

use std::fs::File;
use std::path::{Path, PathBuf};

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Int32Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use arrow_schema::DataType;
use chrono::NaiveDate;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::{Column, Kind, Table, Tables, Value, ACTION_COLUMNS, ACT_COLUMNS, DOCUMENT_COLUMNS, PARTITION_FILE};

/// Why an export folder could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{}: {message}", path.display())]
pub struct ReadError {
    pub path: PathBuf,
    pub message: String,
}

fn failed(path: &Path, message: impl std::fmt::Display) -> ReadError {
    ReadError { path: path.to_path_buf(), message: message.to_string() }
}

/// Whether `dir` holds an export: an `acts` table as CSV, Parquet or partitions.
pub fn is_export(dir: &Path) -> bool {
    dir.join("acts.csv").is_file() || dir.join("acts.parquet").is_file() || dir.join("acts").is_dir()
}

/// The three tables of the export in `dir`.
pub fn read_tables(dir: &Path) -> Result<Tables, ReadError> {
    Ok(Tables {
        acts: read_table(dir, "acts", &ACT_COLUMNS)?,
        documents: read_table(dir, "documents", &DOCUMENT_COLUMNS)?,
        actions: read_table(dir, "actions", &ACTION_COLUMNS)?,
    })
}

fn read_table(dir: &Path, name: &'static str, columns: &'static [Column]) -> Result<Table, ReadError> {
    let mut table = Table::new(name, columns);
    let (csv, parquet, partitions) = (dir.join(format!("{name}.csv")), dir.join(format!("{name}.parquet")), dir.join(name));
    if csv.is_file() {
        table.rows = read_csv(&csv, columns)?;
    } else if parquet.is_file() {
        table.rows = read_parquet(&parquet, columns, &[])?;
    } else if partitions.is_dir() {
        for (file, keys) in partition_files(&partitions)? {
            table.rows.extend(read_parquet(&file, columns, &keys)?);
        }
    } else {
        return Err(failed(dir, format!("no {name} table ({name}.csv, {name}.parquet or a {name} folder of partitions)")));
    }
    Ok(table)
}

/// A row of `columns`, each value given by `value` (by column), checked for the columns that
/// may not be absent.
fn row(
    path: &Path,
    columns: &[Column],
    mut value: impl FnMut(usize, &Column) -> Result<Value, ReadError>,
) -> Result<Vec<Value>, ReadError> {
    columns
        .iter()
        .enumerate()
        .map(|(index, c)| {
            let v = value(index, c)?;
            let absent = matches!(v, Value::Text(None) | Value::Integer(None) | Value::Date(None));
            if absent && !c.nullable {
                return Err(failed(path, format!("column {} is empty or missing", c.name)));
            }
            Ok(v)
        })
        .collect()
}

fn absent(kind: Kind) -> Value {
    match kind {
        Kind::Text => Value::Text(None),
        Kind::Integer | Kind::BigInteger => Value::Integer(None),
        Kind::Date => Value::Date(None),
        Kind::TextList | Kind::NameList => Value::List(Vec::new()),
    }
}

/// A value of `kind` from its text (a CSV field, a partition folder's value); empty is absent.
fn parse(text: &str, kind: Kind) -> Result<Value, String> {
    if text.is_empty() {
        return Ok(absent(kind));
    }
    match kind {
        Kind::Text => Ok(Value::Text(Some(text.to_string()))),
        Kind::Integer | Kind::BigInteger => text.parse().map(|n| Value::Integer(Some(n))).map_err(|_| format!("not an integer: {text:?}")),
        Kind::Date => {
            NaiveDate::parse_from_str(text, "%Y-%m-%d").map(|d| Value::Date(Some(d))).map_err(|_| format!("not a date: {text:?}"))
        }
        Kind::TextList | Kind::NameList => array_literal(text).map(Value::List),
    }
}

/// The items of a PostgreSQL array literal as `csv_field` writes it: `{"a","b \"c\""}`,
/// `{name,NULL}`, `{}`.
fn array_literal(text: &str) -> Result<Vec<Option<String>>, String> {
    let inner = text.strip_prefix('{').and_then(|t| t.strip_suffix('}')).ok_or_else(|| format!("not an array literal: {text:?}"))?;
    let mut items = Vec::new();
    let mut chars = inner.chars().peekable();
    while chars.peek().is_some() {
        if chars.peek() == Some(&'"') {
            chars.next();
            let mut item = String::new();
            loop {
                match chars.next() {
                    Some('\\') => item.extend(chars.next()),
                    Some('"') => break,
                    Some(c) => item.push(c),
                    None => return Err(format!("an unclosed quote in {text:?}")),
                }
            }
            items.push(Some(item));
        } else {
            let item: String = chars.by_ref().take_while(|&c| c != ',').collect();
            items.push((item != "NULL").then_some(item));
            continue;
        }
        match chars.next() {
            None | Some(',') => {}
            Some(c) => return Err(format!("{c:?} after an item in {text:?}")),
        }
    }
    Ok(items)
}

fn read_csv(path: &Path, columns: &[Column]) -> Result<Vec<Vec<Value>>, ReadError> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| failed(path, e))?;
    let headers = reader.headers().map_err(|e| failed(path, e))?.clone();
    let at: Vec<Option<usize>> = columns.iter().map(|c| headers.iter().position(|h| h == c.name)).collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| failed(path, e))?;
        rows.push(row(path, columns, |index, c| {
            let field = at[index].and_then(|i| record.get(i)).unwrap_or_default();
            parse(field, c.kind).map_err(|e| failed(path, format!("column {}: {e}", c.name)))
        })?);
    }
    Ok(rows)
}

/// The (column, value text) pairs a partition's folders name.
type PartitionKeys = Vec<(String, String)>;

/// The partition files under `dir` in path order, each with its keys.
fn partition_files(dir: &Path) -> Result<Vec<(PathBuf, PartitionKeys)>, ReadError> {
    let mut found = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), Vec::new())];
    while let Some((folder, keys)) = stack.pop() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&folder)
            .map_err(|e| failed(&folder, e))?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()
            .map_err(|e| failed(&folder, e))?;
        entries.sort();
        for entry in entries.into_iter().rev() {
            let name = entry.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if entry.is_dir() {
                let (column, value) = name.split_once('=').ok_or_else(|| failed(&entry, "a partition folder not named column=value"))?;
                let mut keys = keys.clone();
                keys.push((column.to_string(), partition_text(value)));
                stack.push((entry, keys));
            } else if name == PARTITION_FILE {
                found.push((entry, keys.clone()));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// A partition folder's value as text: `%XX` decoded, the default partition empty (absent).
fn partition_text(value: &str) -> String {
    if value == "__HIVE_DEFAULT_PARTITION__" {
        return String::new();
    }
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn read_parquet(path: &Path, columns: &[Column], keys: &[(String, String)]) -> Result<Vec<Vec<Value>>, ReadError> {
    let file = File::open(path).map_err(|e| failed(path, e))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file).and_then(|b| b.build()).map_err(|e| failed(path, e))?;
    let mut rows = Vec::new();
    for batch in reader {
        let batch = batch.map_err(|e| failed(path, e))?;
        for i in 0..batch.num_rows() {
            rows.push(row(path, columns, |_, c| match keys.iter().find(|(k, _)| k == c.name) {
                Some((_, text)) => parse(text, c.kind).map_err(|e| failed(path, format!("partition {}: {e}", c.name))),
                None => parquet_value(&batch, c, i).map_err(|e| failed(path, format!("column {}: {e}", c.name))),
            })?);
        }
    }
    Ok(rows)
}

/// Row `i` of column `c` in `batch`, absent when the batch has no such column.
fn parquet_value(batch: &RecordBatch, c: &Column, i: usize) -> Result<Value, String> {
    let Some(array) = batch.column_by_name(c.name) else {
        return Ok(absent(c.kind));
    };
    if array.is_null(i) {
        return Ok(absent(c.kind));
    }
    let value = match (c.kind, array.data_type()) {
        (Kind::Text, DataType::Utf8) => Value::Text(Some(array.as_string::<i32>().value(i).to_string())),
        (Kind::Integer | Kind::BigInteger, DataType::Int32) => Value::Integer(Some(i64::from(array.as_primitive::<Int32Type>().value(i)))),
        (Kind::Integer | Kind::BigInteger, DataType::Int64) => Value::Integer(Some(array.as_primitive::<Int64Type>().value(i))),
        (Kind::Date, DataType::Date32) => {
            let days = array.as_primitive::<Date32Type>().value(i);
            let date = NaiveDate::from_num_days_from_ce_opt(days.saturating_add(crate::parquet::UNIX_EPOCH_FROM_CE));
            Value::Date(Some(date.ok_or_else(|| format!("day {days} is not a date"))?))
        }
        (Kind::TextList | Kind::NameList, DataType::List(_)) => {
            let items = array.as_list::<i32>().value(i);
            let strings = items.as_string_opt::<i32>().ok_or("a list of something other than text")?;
            Value::List(strings.iter().map(|s| s.map(str::to_string)).collect())
        }
        (_, other) => return Err(format!("{other} where {} was written", c.kind.name())),
    };
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_literals_read_back_what_csv_fields_write() {
        for items in [vec![], vec![Some("a".to_string())], vec![Some("Минобр, \"Школа\" \\ 1".to_string()), None, Some(String::new())]]
        {
            let literal = crate::csv_field(&Value::List(items.clone()), Kind::TextList);
            assert_eq!(array_literal(&literal), Ok(items), "{literal}");
        }
        let names = vec![Some("authority".to_string()), None];
        assert_eq!(array_literal(&crate::csv_field(&Value::List(names.clone()), Kind::NameList)), Ok(names));
        assert!(array_literal("{\"open").is_err());
        assert!(array_literal("a,b").is_err());
    }

    /// Every action of a corpus fixture's with empty texts made absent, as CSV reads them.
    fn fixture_tables() -> Tables {
        let fixture = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/orel-2022-order-226.docx.json"));
        let roadmap: roadmap_model::Roadmap = serde_json::from_str(fixture).unwrap();
        let mut tables = crate::tables(&[roadmap], crate::Options::default());
        for table in [&mut tables.acts, &mut tables.documents, &mut tables.actions] {
            for value in table.rows.iter_mut().flatten() {
                if *value == Value::Text(Some(String::new())) {
                    *value = Value::Text(None);
                }
            }
        }
        tables
    }

    fn assert_same(read: &Tables, written: &Tables) {
        for (r, w) in read.all().into_iter().zip(written.all()) {
            assert_eq!(r.rows.len(), w.rows.len(), "{}", w.name);
            for (a, b) in r.rows.iter().zip(&w.rows) {
                assert_eq!(a, b, "{}", w.name);
            }
        }
    }

    #[test]
    fn an_export_reads_back_as_written_from_csv_parquet_and_partitions() {
        let written = fixture_tables();
        assert!(written.actions.rows.len() > 10);
        let dir = tempfile::tempdir().unwrap();
        for (folder, files) in [
            ("csv", written.all().map(|t| vec![(format!("{}.csv", t.name), t.to_csv().unwrap().into_bytes())])),
            ("parquet", written.all().map(|t| vec![(format!("{}.parquet", t.name), t.to_parquet().unwrap())])),
            ("partitions", written.all().map(|t| t.to_partitions().unwrap())),
        ] {
            let at = dir.path().join(folder);
            for (name, bytes) in files.into_iter().flatten() {
                let path = at.join(name);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, bytes).unwrap();
            }
            assert!(is_export(&at), "{folder}");
            assert_same(&read_tables(&at).unwrap(), &written);
        }
        assert!(!is_export(dir.path()));
        let error = read_tables(&dir.path().join("csv").join("..").join("none")).unwrap_err();
        assert!(error.to_string().contains("no acts table"), "{error}");
    }

    #[test]
    fn a_mangled_csv_is_an_error_naming_its_column() {
        let dir = tempfile::tempdir().unwrap();
        let written = fixture_tables();
        for t in written.all() {
            std::fs::write(dir.path().join(format!("{}.csv", t.name)), t.to_csv().unwrap()).unwrap();
        }
        let csv = std::fs::read_to_string(dir.path().join("actions.csv")).unwrap();
        let mangled = csv.replacen(",2022,", ",two thousand,", 1);
        assert_ne!(csv, mangled);
        std::fs::write(dir.path().join("actions.csv"), mangled).unwrap();
        let error = read_tables(dir.path()).unwrap_err();
        assert!(error.to_string().contains("column year: not an integer"), "{error}");
    }

    #[test]
    fn partition_values_decode_as_written() {
        for text in ["RU-ORL", "2022", "Орёл/1 %", ""] {
            let written = crate::partition_value(&Value::Text((!text.is_empty()).then(|| text.to_string())));
            assert_eq!(partition_text(&written), text, "{written}");
        }
    }
}
