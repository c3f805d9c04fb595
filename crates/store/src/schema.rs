//! The store's tables: the export's `acts`, `documents` and `actions` (PostgreSQL: the export's
//! own `schema.sql`; SQLite: the same columns in SQLite's types), and the service's own:
//! `stored` (each document's canonical JSON), `sources` (the bytes it was read from), `jobs`
//! and `job_files`.

use roadmap_export::{Column, Kind, ACTION_COLUMNS, ACT_COLUMNS, DOCUMENT_COLUMNS};

/// The export tables with their keys, in the order they load.
pub const EXPORT_TABLES: [(&str, &[Column], &str); 3] = [
    ("acts", &ACT_COLUMNS, "act_key"),
    ("documents", &DOCUMENT_COLUMNS, "document_key"),
    ("actions", &ACTION_COLUMNS, "document_key, seq"),
];

fn sqlite_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Integer | Kind::BigInteger => "INTEGER",
        // dates as ISO text, lists as JSON arrays
        Kind::Text | Kind::Date | Kind::TextList | Kind::NameList => "TEXT",
    }
}

/// The statement that adds `column` to the SQLite table `table` made by an earlier version
/// (the export's tables grow: new columns are added, none changes): a column that may not be
/// empty gets the empty value of its kind for the rows there are.
pub fn sqlite_add_column(table: &str, column: &Column) -> String {
    let default = match (column.nullable, column.kind) {
        (true, _) => "",
        (false, Kind::Integer | Kind::BigInteger) => " NOT NULL DEFAULT 0",
        (false, Kind::TextList | Kind::NameList) => " NOT NULL DEFAULT '[]'",
        (false, Kind::Text | Kind::Date) => " NOT NULL DEFAULT ''",
    };
    format!("ALTER TABLE {table} ADD COLUMN {} {}{default}", column.name, sqlite_type(column.kind))
}

/// The export tables in SQLite.
fn sqlite_export_tables() -> String {
    let mut sql = String::new();
    for (name, columns, key) in EXPORT_TABLES {
        let columns: Vec<String> =
            columns.iter().map(|c| format!("{} {}{}", c.name, sqlite_type(c.kind), if c.nullable { "" } else { " NOT NULL" })).collect();
        sql.push_str(&format!("CREATE TABLE IF NOT EXISTS {name} (\n    {},\n    PRIMARY KEY ({key})\n);\n", columns.join(",\n    ")));
    }
    sql.push_str("CREATE INDEX IF NOT EXISTS actions_region_iso ON actions (region_iso);\n");
    sql.push_str("CREATE INDEX IF NOT EXISTS documents_act_key ON documents (act_key);\n");
    sql
}

/// The service's own tables; `{blob}` is the dialect's type of bytes.
const SERVICE_TABLES: &str = "
CREATE TABLE IF NOT EXISTS stored (
    document_key text PRIMARY KEY,
    name         text NOT NULL,
    json         {blob} NOT NULL,
    warnings     text NOT NULL,
    stored_at    text NOT NULL
);
CREATE TABLE IF NOT EXISTS sources (
    sha256 text PRIMARY KEY,
    bytes  {blob} NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
    id          text PRIMARY KEY,
    state       text NOT NULL,
    options     text NOT NULL,
    created_at  text NOT NULL,
    finished_at text
);
CREATE TABLE IF NOT EXISTS job_files (
    job_id       text NOT NULL REFERENCES jobs (id),
    seq          bigint NOT NULL,
    name         text NOT NULL,
    sha256       text NOT NULL,
    state        text NOT NULL,
    code         text,
    message      text,
    document_key text,
    PRIMARY KEY (job_id, seq)
);
CREATE INDEX IF NOT EXISTS job_files_state ON job_files (state);
CREATE TABLE IF NOT EXISTS corrections (
    document_key text NOT NULL,
    line         bigint NOT NULL,
    correction   text NOT NULL,
    PRIMARY KEY (document_key, line)
);
";

pub fn sqlite() -> String {
    format!(
        "PRAGMA journal_mode = WAL;\nPRAGMA synchronous = NORMAL;\nPRAGMA foreign_keys = ON;\n{}{}",
        sqlite_export_tables(),
        SERVICE_TABLES.replace("{blob}", "BLOB")
    )
}

pub fn postgres() -> String {
    format!(
        "{}\nCREATE INDEX IF NOT EXISTS documents_act_key ON documents (act_key);\n{}",
        roadmap_export::SCHEMA_SQL,
        SERVICE_TABLES.replace("{blob}", "bytea")
    )
}
