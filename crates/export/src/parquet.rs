//! A table's rows as a Parquet file through the Arrow writer: text as UTF-8 strings, integers as
//! INT32/INT64, dates as DATE (days since 1970-01-01), lists as list<string>; zstd.

use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{ArrayRef, Date32Array, Int32Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{Field, Schema};
use chrono::Datelike;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;

use crate::{Column, ExportError, Kind, Value};

/// Rows in one row group.
const ROW_GROUP: usize = 64 * 1024;

/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
pub(crate) const UNIX_EPOCH_FROM_CE: i32 = 719_163;

fn error(e: impl std::fmt::Display) -> ExportError {
    ExportError::Parquet(e.to_string())
}

/// The values of column `index` in `rows` as an Arrow array of the column's kind.
fn array(rows: &[Vec<Value>], index: usize, kind: Kind) -> ArrayRef {
    let values = rows.iter().map(|row| row.get(index));
    match kind {
        Kind::Text => Arc::new(
            values
                .map(|v| match v {
                    Some(Value::Text(t)) => t.as_deref(),
                    _ => None,
                })
                .collect::<StringArray>(),
        ),
        Kind::Integer => Arc::new(
            values
                .map(|v| match v {
                    Some(Value::Integer(n)) => n.and_then(|n| i32::try_from(n).ok()),
                    _ => None,
                })
                .collect::<Int32Array>(),
        ),
        Kind::BigInteger => Arc::new(
            values
                .map(|v| match v {
                    Some(Value::Integer(n)) => *n,
                    _ => None,
                })
                .collect::<Int64Array>(),
        ),
        Kind::Date => Arc::new(
            values
                .map(|v| match v {
                    Some(Value::Date(d)) => d.map(|d| d.num_days_from_ce() - UNIX_EPOCH_FROM_CE),
                    _ => None,
                })
                .collect::<Date32Array>(),
        ),
        Kind::TextList | Kind::NameList => {
            let mut builder = ListBuilder::new(StringBuilder::new());
            for v in values {
                if let Some(Value::List(items)) = v {
                    for item in items {
                        builder.values().append_option(item.as_deref());
                    }
                }
                builder.append(true);
            }
            Arc::new(builder.finish())
        }
    }
}

/// Rows of `columns` as a Parquet file.
pub(crate) fn write(columns: &[Column], rows: &[Vec<Value>]) -> Result<Vec<u8>, ExportError> {
    let batch = |rows: &[Vec<Value>]| -> Result<RecordBatch, ExportError> {
        let arrays: Vec<ArrayRef> = columns.iter().enumerate().map(|(i, c)| array(rows, i, c.kind)).collect();
        let fields: Vec<Field> = columns.iter().zip(&arrays).map(|(c, a)| Field::new(c.name, a.data_type().clone(), c.nullable)).collect();
        RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).map_err(error)
    };
    let first = batch(&[])?;
    let properties = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .set_max_row_group_row_count(Some(ROW_GROUP))
        .build();
    let mut out = Vec::new();
    let mut writer = ArrowWriter::try_new(&mut out, first.schema(), Some(properties)).map_err(error)?;
    for rows in rows.chunks(ROW_GROUP) {
        writer.write(&batch(rows)?).map_err(error)?;
    }
    writer.close().map_err(error)?;
    Ok(out)
}
