//! Canonical roadmaps → flat tables for a warehouse: acts, documents and actions, written as
//! CSV (with the PostgreSQL `schema.sql` they load into) or as Parquet.
//!
//! In: roadmaps. Out: [`Tables`], typed rows (text, integers, dates, lists of text) in one row
//! per act, one row per document — a rendition of an act —, one row per action (document
//! key, region, year, number, section, action, deadline kind, start and end, responsible,
//! result, milestones); then [`Table::to_csv`] (UTF-8, RFC 4180 quoting, an absent value an
//! empty field, NULL in PostgreSQL, lists as PostgreSQL array literals) or
//! [`Table::to_parquet`] (DATE, INT32/INT64, list<string>, zstd), or [`Table::to_partitions`]
//! (Hive-style partitions by region and plan year). The keys: a document is keyed by its
//! source's SHA-256 (`document_key`), so the same file given twice is exported once; an act by
//! `act_key`, which its renditions share; an action by `action_key` (see
//! `roadmap_model::action_keys`). An act's actions are exported once, from its best rendition
//! (the fewest warnings; DOCX, then the other word-processor formats, then XLSX, then PDF when
//! equal), unless [`Options::all_renditions`] asks for every rendition's. [`merge_sql`] is the
//! psql script that merges the CSV files into PostgreSQL by these keys, so that loading an
//! export twice changes no row. [`read_tables`] reads an export folder back (CSV, Parquet or
//! partitions), for `roadmap changes` between two exports.
//!
//! ```
//! let tables = roadmap_export::tables(&[], roadmap_export::Options::default());
//! assert!(tables.actions.to_csv().unwrap().starts_with("document_key,seq,region_iso,"));
//! assert!(roadmap_export::SCHEMA_SQL.contains("CREATE TABLE IF NOT EXISTS actions"));
//! ```

mod merge;
mod parquet;
mod read;

pub use merge::merge_sql;
pub use read::{is_export, read_tables, ReadError};

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use roadmap_model::Roadmap;
use serde::Serialize;

/// The PostgreSQL tables the CSV files load into.
pub const SCHEMA_SQL: &str = include_str!("../schema.sql");

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// A 32-bit integer (counts, years, sequence numbers).
    Integer,
    /// A 64-bit integer (sizes in bytes).
    BigInteger,
    Date,
    /// Text items (parties, milestones, formats); quoted in a CSV array literal.
    TextList,
    /// Names of an enumeration, some unknown (`NULL`); unquoted in a CSV array literal.
    NameList,
}

impl Kind {
    /// The kind's name as other front ends see it («text», «date», «textlist» …).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Integer => "integer",
            Kind::BigInteger => "biginteger",
            Kind::Date => "date",
            Kind::TextList => "textlist",
            Kind::NameList => "namelist",
        }
    }

    /// The column's type in `schema.sql`.
    pub fn sql(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Integer => "integer",
            Kind::BigInteger => "bigint",
            Kind::Date => "date",
            Kind::TextList | Kind::NameList => "text[]",
        }
    }
}

/// A column of a table: its name, what it holds, and whether it may be empty.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    pub nullable: bool,
}

const fn column(name: &'static str, kind: Kind, nullable: bool) -> Column {
    Column { name, kind, nullable }
}

use Kind::{BigInteger, Date, Integer, NameList, Text, TextList};

/// The columns of `acts`.
pub const ACT_COLUMNS: [Column; 11] = [
    column("act_key", Text, false),
    column("kind", Text, false),
    column("region_iso", Text, true),
    column("region", Text, true),
    column("number", Text, true),
    column("date", Date, true),
    column("plan_title", Text, true),
    column("plan_year", Integer, true),
    column("renditions", Integer, false),
    column("formats", TextList, false),
    column("document_key", Text, false),
];

/// The columns of `documents`.
pub const DOCUMENT_COLUMNS: [Column; 22] = [
    column("document_key", Text, false),
    column("path", Text, false),
    column("format", Text, false),
    column("sha256", Text, false),
    column("bytes", BigInteger, false),
    column("pages", Integer, true),
    column("kind", Text, false),
    column("authority", Text, true),
    column("region", Text, true),
    column("region_iso", Text, true),
    column("number", Text, true),
    column("date", Date, true),
    column("place", Text, true),
    column("title", Text, true),
    column("signatory", Text, true),
    column("plan_title", Text, true),
    column("plan_year", Integer, true),
    column("actions", Integer, false),
    column("plan_period", Text, true),
    column("plan_start", Date, true),
    column("plan_end", Date, true),
    column("act_key", Text, true),
];

/// The columns of `actions`.
pub const ACTION_COLUMNS: [Column; 22] = [
    column("document_key", Text, false),
    column("seq", Integer, false),
    column("region_iso", Text, true),
    column("region", Text, true),
    column("year", Integer, true),
    column("number", Text, true),
    column("section_number", Text, true),
    column("section_title", Text, true),
    column("action", Text, false),
    column("deadline_raw", Text, true),
    column("deadline_kind", Text, false),
    column("deadline_start", Date, true),
    column("deadline_end", Date, true),
    column("responsible", Text, true),
    column("parties", TextList, false),
    column("result", Text, true),
    column("milestones", TextList, false),
    column("party_kinds", NameList, false),
    column("act_key", Text, true),
    column("action_key", Text, false),
    column("corrected", TextList, false),
    column("verdict", Text, true),
];

/// The columns of `errors`: the inputs of a run that gave no document.
pub const ERROR_COLUMNS: [Column; 3] = [column("path", Text, false), column("code", Text, false), column("message", Text, false)];

/// The `errors` table of failed inputs: (path, code, message) as `_errors.jsonl` gives them.
pub fn errors_table(errors: &[(String, String, String)]) -> Table {
    let rows = errors
        .iter()
        .map(|(path, code, message)| {
            vec![Value::Text(Some(path.clone())), Value::Text(Some(code.clone())), Value::Text(Some(message.clone()))]
        })
        .collect();
    Table { name: "errors", columns: &ERROR_COLUMNS, rows }
}

/// One value of a row, of its column's [`Kind`].
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(Option<String>),
    Integer(Option<i64>),
    Date(Option<NaiveDate>),
    List(Vec<Option<String>>),
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot write Parquet: {0}")]
    Parquet(String),
}

/// What to export.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Export the actions of every rendition of an act, not only of its best one.
    pub all_renditions: bool,
    /// One document row per roadmap given, even when two come from the same file, and the
    /// actions of every one: for a run split into parts that cannot see each other (each
    /// part's tables are then a slice of the whole, and `document_key` may repeat across
    /// rows when the same file was given twice).
    pub every_file: bool,
}

/// A table: its name, its columns and its rows.
#[derive(Debug, Clone)]
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [Column],
    pub rows: Vec<Vec<Value>>,
}

/// The exported tables.
#[derive(Debug, Clone)]
pub struct Tables {
    pub acts: Table,
    pub documents: Table,
    pub actions: Table,
}

impl Tables {
    /// The three tables, in the order they load (an action's document and act first).
    pub fn all(&self) -> [&Table; 3] {
        [&self.acts, &self.documents, &self.actions]
    }
}

impl Table {
    fn new(name: &'static str, columns: &'static [Column]) -> Table {
        Table { name, columns, rows: Vec::new() }
    }

    /// The table as CSV: a header of the column names, then one line per row.
    pub fn to_csv(&self) -> Result<String, ExportError> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(self.columns.iter().map(|c| c.name))?;
        for row in &self.rows {
            writer.write_record(row.iter().zip(self.columns).map(|(value, column)| csv_field(value, column.kind)))?;
        }
        let bytes = writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// The table as a Parquet file (one row group per 64 Ki rows, zstd).
    pub fn to_parquet(&self) -> Result<Vec<u8>, ExportError> {
        parquet::write(self.columns, &self.rows)
    }

    /// The columns the table is partitioned by: its region and plan year.
    pub fn partition_columns(&self) -> [&'static str; 2] {
        match self.name {
            "actions" => ["region_iso", "year"],
            _ => ["region_iso", "plan_year"],
        }
    }

    /// The table as Hive-style partitions by region and plan year, each a Parquet file named
    /// by its path below the export folder, in path order:
    /// `actions/region_iso=RU-ORL/year=2022/part-0.parquet`. The partition columns are in the
    /// path, not in the file (as Hive, Spark, DuckDB and pyarrow write and read them); an absent
    /// value is `__HIVE_DEFAULT_PARTITION__`, which they read as null. Each partition holds the
    /// rows in the table's order, so the same rows give the same bytes.
    pub fn to_partitions(&self) -> Result<Vec<(String, Vec<u8>)>, ExportError> {
        let keys = self.partition_columns();
        let at = |name: &str| self.columns.iter().position(|c| c.name == name);
        let indexes: Vec<usize> = keys.iter().filter_map(|k| at(k)).collect();
        let kept: Vec<Column> = self.columns.iter().enumerate().filter(|(i, _)| !indexes.contains(i)).map(|(_, c)| *c).collect();
        let mut partitions: BTreeMap<String, Vec<Vec<Value>>> = BTreeMap::new();
        for row in &self.rows {
            let path: Vec<String> = indexes.iter().map(|&i| format!("{}={}", self.columns[i].name, partition_value(&row[i]))).collect();
            let rest = row.iter().enumerate().filter(|(i, _)| !indexes.contains(i)).map(|(_, v)| v.clone()).collect();
            partitions.entry(path.join("/")).or_default().push(rest);
        }
        partitions
            .into_iter()
            .map(|(path, rows)| Ok((format!("{}/{path}/{PARTITION_FILE}", self.name), parquet::write(&kept, &rows)?)))
            .collect()
    }
}

/// The file each partition's rows are in.
pub const PARTITION_FILE: &str = "part-0.parquet";

/// What a partition folder is named for a value: letters, digits, `-`, `_` and `.` as they
/// are, any other byte as `%XX` (region codes and years need none), `__HIVE_DEFAULT_PARTITION__`
/// for none.
fn partition_value(value: &Value) -> String {
    let text = match value {
        Value::Text(Some(t)) => t.clone(),
        Value::Integer(Some(n)) => n.to_string(),
        Value::Date(Some(d)) => d.format("%Y-%m-%d").to_string(),
        _ => return "__HIVE_DEFAULT_PARTITION__".to_string(),
    };
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') { char::from(b).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// A value as a CSV field: empty when absent, a PostgreSQL array literal for a list.
fn csv_field(value: &Value, kind: Kind) -> String {
    match value {
        Value::Text(t) => t.clone().unwrap_or_default(),
        Value::Integer(n) => n.map(|n| n.to_string()).unwrap_or_default(),
        Value::Date(d) => d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
        Value::List(items) => {
            let items: Vec<String> = items
                .iter()
                .map(|i| match i {
                    None => "NULL".to_string(),
                    Some(name) if kind == Kind::NameList => name.clone(),
                    Some(text) => format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"")),
                })
                .collect();
            format!("{{{}}}", items.join(","))
        }
    }
}

/// How good a rendition is to export an act's actions from, lower is better: fewer warnings
/// first, then the format (DOCX, the other word-processor formats, workbooks, PDF), then the
/// path. `roadmap changes` compares an act's best renditions by the same rule.
pub fn rendition_rank(r: &Roadmap) -> (usize, u8, &str) {
    (r.warnings.len(), r.source.format.rendition_rank(), r.source.path.as_str())
}

/// An enum's name in the canonical JSON («order», «by_schedule»).
fn name_of<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
}

fn text(value: Option<&String>) -> Value {
    Value::Text(value.cloned())
}

fn integer<T: TryInto<i64>>(value: Option<T>) -> Value {
    Value::Integer(value.and_then(|v| v.try_into().ok()))
}

fn date(value: Option<&String>) -> Value {
    Value::Date(value.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()))
}

fn list(items: &[String]) -> Value {
    Value::List(items.iter().cloned().map(Some).collect())
}

/// Flatten `roadmaps` into the tables.
pub fn tables(roadmaps: &[Roadmap], options: Options) -> Tables {
    let mut acts = Table::new("acts", &ACT_COLUMNS);
    let mut documents = Table::new("documents", &DOCUMENT_COLUMNS);
    let mut actions = Table::new("actions", &ACTION_COLUMNS);
    // each file once (unless every roadmap is wanted); the renditions of each act, best first
    let mut seen = HashSet::new();
    let unique: Vec<&Roadmap> = roadmaps.iter().filter(|r| options.every_file || seen.insert(r.source.sha256.clone())).collect();
    let mut by_act: BTreeMap<String, Vec<&Roadmap>> = BTreeMap::new();
    for r in &unique {
        by_act.entry(r.act()).or_default().push(r);
    }
    let mut best: HashSet<&str> = HashSet::new();
    for (act_key, renditions) in &mut by_act {
        renditions.sort_by(|a, b| rendition_rank(a).cmp(&rendition_rank(b)));
        let Some(first) = renditions.first() else { continue };
        best.insert(first.source.sha256.as_str());
        // the act's fields from the rendition that states them
        let stated = |f: &dyn Fn(&Roadmap) -> Option<String>| renditions.iter().find_map(|r| f(r));
        let mut formats: Vec<String> = renditions.iter().map(|r| name_of(&r.source.format)).collect();
        formats.dedup();
        let kind = renditions
            .iter()
            .map(|r| r.document.kind)
            .find(|k| !matches!(k, roadmap_model::DocumentKind::Plan | roadmap_model::DocumentKind::Unknown));
        acts.rows.push(vec![
            Value::Text(Some(act_key.clone())),
            Value::Text(Some(name_of(&kind.unwrap_or(first.document.kind)))),
            text(stated(&|r| r.document.region.as_ref().map(|g| g.iso.clone())).as_ref()),
            text(stated(&|r| r.document.region.as_ref().map(|g| g.name.clone())).as_ref()),
            text(stated(&|r| r.document.number.clone()).as_ref()),
            date(stated(&|r| r.document.date.clone()).as_ref()),
            text(stated(&|r| r.plan.title.clone()).as_ref()),
            integer(renditions.iter().find_map(|r| r.plan.year)),
            integer(Some(renditions.len())),
            list(&formats),
            Value::Text(Some(first.source.sha256.clone())),
        ]);
    }
    for r in unique {
        let key = &r.source.sha256;
        let act_key = r.act();
        let d = &r.document;
        let signatory = d.signatory.as_ref().map(|s| match &s.position {
            Some(p) => format!("{p} {}", s.name),
            None => s.name.clone(),
        });
        documents.rows.push(vec![
            Value::Text(Some(key.clone())),
            Value::Text(Some(r.source.path.clone())),
            Value::Text(Some(name_of(&r.source.format))),
            Value::Text(Some(r.source.sha256.clone())),
            integer(Some(r.source.bytes)),
            integer(r.source.pages),
            Value::Text(Some(name_of(&d.kind))),
            text(d.authority.as_ref()),
            text(d.region.as_ref().map(|g| &g.name)),
            text(d.region.as_ref().map(|g| &g.iso)),
            text(d.number.as_ref()),
            date(d.date.as_ref()),
            text(d.place.as_ref()),
            text(d.title.as_ref()),
            text(signatory.as_ref()),
            text(r.plan.title.as_ref()),
            integer(r.plan.year),
            integer(Some(r.actions.len())),
            text(r.plan.period.as_ref().map(|p| &p.label)),
            date(r.plan.period.as_ref().map(|p| &p.start)),
            date(r.plan.period.as_ref().map(|p| &p.end)),
            Value::Text(Some(act_key.clone())),
        ]);
        if !options.all_renditions && !options.every_file && !best.contains(key.as_str()) {
            continue;
        }
        for (a, action_key) in r.actions.iter().zip(r.action_keys()) {
            actions.rows.push(vec![
                Value::Text(Some(key.clone())),
                integer(Some(a.seq)),
                text(d.region.as_ref().map(|g| &g.iso)),
                text(d.region.as_ref().map(|g| &g.name)),
                integer(r.plan.year),
                text(a.number.as_ref()),
                text(a.section.as_ref().and_then(|s| s.number.as_ref())),
                text(a.section.as_ref().map(|s| &s.title)),
                Value::Text(Some(a.action.clone())),
                // a row without a deadline cell: absent, in the CSV (where PostgreSQL reads an
                // empty field as NULL) as in Parquet
                text(Some(&a.deadline.raw).filter(|raw| !raw.is_empty())),
                Value::Text(Some(name_of(&a.deadline.kind))),
                date(a.deadline.start.as_ref()),
                date(a.deadline.end.as_ref()),
                text(a.responsible.raw.as_ref()),
                list(&a.responsible.parties),
                text(a.result.as_ref()),
                list(&a.milestones),
                Value::List(a.responsible.kinds.iter().map(|k| k.as_ref().map(name_of)).collect()),
                Value::Text(Some(act_key.clone())),
                Value::Text(Some(action_key)),
                list(&corrected_fields(a)),
                Value::Text(a.verdict.as_ref().map(name_of)),
            ]);
        }
    }
    Tables { acts, documents, actions }
}

/// The fields of an action a reviewer's correction changed, each once, in the order corrected.
fn corrected_fields(action: &roadmap_model::Action) -> Vec<String> {
    let mut fields: Vec<String> = Vec::new();
    for c in action.corrections.iter().filter(|c| c.field != "row") {
        if !fields.contains(&c.field) {
            fields.push(c.field.clone());
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_literals_escape_quotes_and_backslashes() {
        assert_eq!(csv_field(&list(&[]), TextList), "{}");
        let parties = list(&["МОУО".into(), "ГАУ ДПО «ИРО» \"x\\y\"".into()]);
        assert_eq!(csv_field(&parties, TextList), r#"{"МОУО","ГАУ ДПО «ИРО» \"x\\y\""}"#);
        assert_eq!(csv_field(&Value::List(vec![Some("person".into()), None]), NameList), "{person,NULL}");
    }

    #[test]
    fn an_action_without_a_deadline_cell_loads_with_no_deadline_text() {
        let fixture = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/orel-2022-order-226.docx.json"));
        let mut roadmap: Roadmap = serde_json::from_str(fixture).unwrap();
        roadmap.actions[0].deadline.raw.clear();
        let tables = tables(&[roadmap], Options::default());
        let at = ACTION_COLUMNS.iter().position(|c| c.name == "deadline_raw").unwrap();
        assert_eq!(tables.actions.rows[0][at], Value::Text(None));
        assert!(ACTION_COLUMNS[at].nullable, "an empty field is NULL to PostgreSQL: the column must allow it");
    }

    #[test]
    fn schema_columns_match_the_tables() {
        let table = |name: &str| -> Vec<(String, String, bool)> {
            let start = SCHEMA_SQL.find(&format!("CREATE TABLE IF NOT EXISTS {name} (")).unwrap_or(0);
            let body = &SCHEMA_SQL[start..];
            let body = &body[body.find('(').map_or(0, |i| i + 1)..body.find("\n);").unwrap_or(0)];
            body.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with("PRIMARY KEY"))
                .filter_map(|l| {
                    let mut words = l.split_whitespace();
                    Some((
                        words.next()?.to_string(),
                        words.next()?.trim_end_matches(',').to_string(),
                        !l.contains("NOT NULL") && !l.contains("PRIMARY KEY"),
                    ))
                })
                .collect()
        };
        let declared = |columns: &[Column]| -> Vec<(String, String, bool)> {
            columns.iter().map(|c| (c.name.to_string(), c.kind.sql().to_string(), c.nullable)).collect()
        };
        assert_eq!(table("acts"), declared(&ACT_COLUMNS));
        assert_eq!(table("documents"), declared(&DOCUMENT_COLUMNS));
        assert_eq!(table("actions"), declared(&ACTION_COLUMNS));
    }
}
