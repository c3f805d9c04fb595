//! `merge.sql`: an export merged into the PostgreSQL tables of `schema.sql` so that loading it
//! again changes nothing and a new version of an act replaces exactly its rows.
//!
//! In: the column lists of the three tables. Out: one psql script, run from the export folder
//! (`psql -v ON_ERROR_STOP=1 -f merge.sql`), that in one transaction makes or upgrades the
//! tables (`schema.sql`), copies the CSV files into staging tables, and merges them by the
//! keys: an act by `act_key`, a document by `document_key` (its content's SHA-256), an action by
//! `document_key` and `action_key`. Rows equal to what the export holds are never written, so
//! their `xmin` stays; the acts of the export are made to hold exactly its documents and
//! actions; acts the export does not hold are left alone.

use crate::{Column, ACTION_COLUMNS, ACT_COLUMNS, DOCUMENT_COLUMNS};

fn names(columns: &[Column], prefix: &str) -> String {
    columns.iter().map(|c| format!("{prefix}{}", c.name)).collect::<Vec<_>>().join(", ")
}

/// `INSERT … ON CONFLICT (key) DO UPDATE` of the rows that differ, for a table keyed by one
/// column.
fn upsert(table: &str, columns: &[Column], key: &str) -> String {
    let rest: Vec<Column> = columns.iter().filter(|c| c.name != key).copied().collect();
    let set = rest.iter().map(|c| format!("{0} = EXCLUDED.{0}", c.name)).collect::<Vec<_>>().join(", ");
    format!(
        "INSERT INTO {table} AS t ({all}) SELECT {all} FROM stage_{table}\n\
         ON CONFLICT ({key}) DO UPDATE SET {set}\n\
         WHERE ({old}) IS DISTINCT FROM ({new});\n",
        all = names(columns, ""),
        old = names(&rest, "t."),
        new = names(&rest, "EXCLUDED."),
    )
}

/// The psql script that merges an export's CSV files into the tables (see the module's
/// documentation), written by `roadmap export` as `merge.sql` beside `schema.sql`.
pub fn merge_sql() -> String {
    let copy = |table: &str, columns: &[Column]| {
        format!("\\copy stage_{table} ({}) FROM '{table}.csv' WITH (FORMAT csv, HEADER true)\n", names(columns, ""))
    };
    let mut sql = String::from(
        "-- roadmap export: merge acts.csv, documents.csv and actions.csv into the tables of schema.sql.\n\
         -- Run from the export folder:\n\
         --   psql -v ON_ERROR_STOP=1 -f merge.sql\n\
         --\n\
         -- One transaction: the tables are made (or given the columns added since), the CSV files\n\
         -- copied into staging tables, and merged by their keys: an act by act_key, a document by\n\
         -- document_key (its source's SHA-256), an action by document_key and action_key. A row equal\n\
         -- to the export's is not written again, so loading the same export twice changes no row.\n\
         -- Each act of the export ends up with exactly its documents and actions: a new version of\n\
         -- an order (a new document_key) replaces the act's row, its documents and its actions, and\n\
         -- nothing else. Acts the export does not hold are left as they are (remove one with\n\
         -- DELETE FROM actions WHERE act_key = …; then documents, then acts).\n\
         \\set ON_ERROR_STOP on\n\
         BEGIN;\n\
         \\ir schema.sql\n\
         -- one merge at a time; readers go on reading the tables as they were\n\
         LOCK TABLE acts, documents, actions IN SHARE ROW EXCLUSIVE MODE;\n\
         CREATE TEMP TABLE stage_acts (LIKE acts) ON COMMIT DROP;\n\
         CREATE TEMP TABLE stage_documents (LIKE documents) ON COMMIT DROP;\n\
         CREATE TEMP TABLE stage_actions (LIKE actions) ON COMMIT DROP;\n",
    );
    sql.push_str(&copy("acts", &ACT_COLUMNS));
    sql.push_str(&copy("documents", &DOCUMENT_COLUMNS));
    sql.push_str(&copy("actions", &ACTION_COLUMNS));
    sql.push_str("\n-- acts: new ones added, changed ones updated\n");
    sql.push_str(&upsert("acts", &ACT_COLUMNS, "act_key"));
    sql.push_str(&format!(
        "\n-- actions of the export's acts and documents that it does not hold as they are (a changed\n\
         -- row, the rows of an earlier version or of another rendition than the one exported)\n\
         DELETE FROM actions AS t\n\
         WHERE (t.act_key IN (SELECT act_key FROM stage_acts)\n       \
         OR t.document_key IN (SELECT document_key FROM stage_documents)\n       \
         OR t.document_key IN (SELECT document_key FROM documents WHERE act_key IN (SELECT act_key FROM stage_acts)))\n  \
         AND NOT EXISTS (SELECT 1 FROM stage_actions AS s\n                  \
         WHERE s.document_key = t.document_key AND s.action_key = t.action_key\n                    \
         AND ({new}) IS NOT DISTINCT FROM ({old}));\n",
        new = names(&ACTION_COLUMNS, "s."),
        old = names(&ACTION_COLUMNS, "t."),
    ));
    sql.push_str(
        "\n-- documents of the export's acts that it does not hold (an earlier version of the act)\n\
         DELETE FROM documents AS t\n\
         WHERE t.act_key IN (SELECT act_key FROM stage_acts)\n  \
         AND NOT EXISTS (SELECT 1 FROM stage_documents AS s WHERE s.document_key = t.document_key);\n",
    );
    sql.push_str("\n-- documents: new ones added, changed ones updated\n");
    sql.push_str(&upsert("documents", &DOCUMENT_COLUMNS, "document_key"));
    sql.push_str(&format!(
        "\n-- actions the tables do not hold yet\n\
         INSERT INTO actions ({all}) SELECT {all} FROM stage_actions AS s\n\
         WHERE NOT EXISTS (SELECT 1 FROM actions AS t WHERE t.document_key = s.document_key AND t.action_key = s.action_key);\n\
         COMMIT;\n",
        all = names(&ACTION_COLUMNS, ""),
    ));
    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_is_copied_compared_and_written() {
        let sql = merge_sql();
        for (table, columns) in [("acts", &ACT_COLUMNS[..]), ("documents", &DOCUMENT_COLUMNS[..]), ("actions", &ACTION_COLUMNS[..])] {
            let list = names(columns, "");
            assert!(sql.contains(&format!("\\copy stage_{table} ({list}) FROM '{table}.csv'")), "{table} is staged");
            assert!(sql.contains(&format!("INSERT INTO {table} ")), "{table} is written");
        }
        assert!(sql.contains("WHERE (t.kind, t.region_iso,"), "a changed act is told by every column but its key");
        assert_eq!(sql.matches("BEGIN;").count(), 1);
        assert!(sql.trim_end().ends_with("COMMIT;"));
    }
}
