//! Loads that are idempotent: the corpus extracted into a folder and exported, then one order
//! replaced by a new version (one deadline changed), extracted again (only it is read) and
//! exported again. In a throwaway PostgreSQL (`scripts/with-postgres.sh`), `merge.sql` of the
//! first export loaded twice changes no row (not even a row's `xmin`), and the second export
//! changes exactly the rows of the act that changed; in DuckDB over the Hive-style Parquet
//! partitions, exporting again rewrites no file, and the new version rewrites only its act's
//! partitions and changes exactly its rows.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{edit_docx, roadmap, root};

/// The corpus's documents in every format (the renditions of five acts).
fn copy_corpus(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(root().join("corpus")).unwrap().flatten() {
        if entry.file_type().unwrap().is_file() && entry.path().extension().is_some_and(|e| e != "md") {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

fn run_ok(args: &[&str]) -> String {
    let (code, _, err) = roadmap(args);
    assert_eq!(code, 0, "roadmap {args:?}: {err}");
    err
}

/// Each row of a snapshot (`table|key|act_key|xmin`) by table and key.
fn rows(snapshot: &str) -> BTreeMap<(String, String), (String, String)> {
    snapshot
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('|').collect();
            ((f[0].to_string(), f[1].to_string()), (f[2].to_string(), f[3].to_string()))
        })
        .collect()
}

/// The rows that differ between two snapshots (added, removed, or written again), with the
/// act each belongs to.
fn changed_rows(before: &str, after: &str) -> Vec<(String, String, String)> {
    let (a, b) = (rows(before), rows(after));
    let keys: BTreeSet<&(String, String)> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| (k.0.clone(), k.1.clone(), a.get(k).or(b.get(k)).map(|v| v.0.clone()).unwrap_or_default()))
        .collect()
}

const OREL_DEADLINE: &str = "До 16.12. 2021 г.";
const OREL_NEW_DEADLINE: &str = "До 20.12. 2021 г.";

struct Exports {
    _dir: tempfile::TempDir,
    root: PathBuf,
    orel_act: String,
    orel_actions: usize,
}

/// The corpus extracted and exported (CSV `csv1`, partitions `parquet`, kept as
/// `parquet-before`), then the Orel order's new version extracted and exported again (`csv2`,
/// `parquet`).
fn exports() -> Exports {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let (input, out) = (root.join("in"), root.join("out"));
    copy_corpus(&input);
    let s = |p: &Path| p.to_str().unwrap().to_string();
    run_ok(&["extract", &s(&input), "-o", &s(&out)]);
    run_ok(&["export", &s(&out), "--to", &s(&root.join("csv1"))]);
    run_ok(&["export", &s(&out), "--format", "parquet", "--partitioned", "--to", &s(&root.join("parquet"))]);
    let again = run_ok(&["export", &s(&out), "--format", "parquet", "--partitioned", "--to", &s(&root.join("parquet"))]);
    assert!(again.contains("(0 of "), "exporting the same again rewrites no partition: {again}");
    copy_tree(&root.join("parquet"), &root.join("parquet-before"));

    let orel: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("orel-2022-order-226.docx.json")).unwrap()).unwrap();
    let orel_act = orel["document"]["act_key"].as_str().unwrap().to_string();
    let orel_actions = orel["actions"].as_array().unwrap().len();
    edit_docx(&input.join("orel-2022-order-226.docx"), OREL_DEADLINE, OREL_NEW_DEADLINE);
    let err = run_ok(&["extract", &s(&input), "-o", &s(&out)]);
    assert!(err.contains(", 29 unchanged"), "only the new version is read: {err}");
    run_ok(&["export", &s(&out), "--to", &s(&root.join("csv2"))]);
    let err = run_ok(&["export", &s(&out), "--format", "parquet", "--partitioned", "--to", &s(&root.join("parquet"))]);
    assert!(err.contains("(3 of "), "the act's partition of each table is written again: {err}");
    Exports { _dir: dir, root, orel_act, orel_actions }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir(from) {
        let target = to.join(entry.strip_prefix(from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &target).unwrap();
    }
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        if entry.file_type().unwrap().is_dir() {
            files.extend(walkdir(&entry.path()));
        } else {
            files.push(entry.path());
        }
    }
    files.sort();
    files
}

#[test]
fn loads_are_idempotent_and_a_new_version_changes_exactly_its_rows() {
    let e = exports();

    // PostgreSQL: merge.sql of the first export twice, then of the second twice
    let snapshot = "SELECT 'acts|' || act_key || '|' || act_key || '|' || xmin FROM acts \
        UNION ALL SELECT 'documents|' || document_key || '|' || coalesce(act_key, '') || '|' || xmin FROM documents \
        UNION ALL SELECT 'actions|' || document_key || ' ' || action_key || '|' || coalesce(act_key, '') || '|' || xmin FROM actions \
        ORDER BY 1";
    let script = format!(
        "set -e\n\
         merge() {{ (cd \"$1\" && psql -X -q -v ON_ERROR_STOP=1 -f merge.sql); psql -X -At -v ON_ERROR_STOP=1 -c \"{snapshot}\" > \"$2\"; }}\n\
         merge csv1 s1; merge csv1 s2; merge csv2 s3; merge csv2 s4\n\
         psql -X -At -c \"SELECT deadline_raw FROM actions WHERE act_key = '{act}' AND number = '1'\" > deadline\n",
        act = e.orel_act
    );
    let out = Command::new(root().join("scripts/with-postgres.sh"))
        .args(["sh", "-c", &script])
        .current_dir(&e.root)
        .env("PGOPTIONS", "-c client_min_messages=warning")
        .output()
        .unwrap();
    assert!(out.status.success(), "PostgreSQL: {}", String::from_utf8_lossy(&out.stderr));
    let read = |name: &str| std::fs::read_to_string(e.root.join(name)).unwrap();
    let (s1, s2, s3, s4) = (read("s1"), read("s2"), read("s3"), read("s4"));
    assert!(rows(&s1).len() > 200, "{s1}");
    assert_eq!(changed_rows(&s1, &s2), [], "loading the same export again changes no row");
    assert_eq!(changed_rows(&s3, &s4), [], "loading the same export again changes no row");
    let changed = changed_rows(&s1, &s3);
    assert!(changed.iter().all(|(_, _, act)| *act == e.orel_act), "only the new version's act changes: {changed:?}");
    let count = |table: &str| changed.iter().filter(|(t, _, _)| t == table).count();
    // the act's row; its old and new DOCX; the old DOCX's actions and the new one's
    assert_eq!((count("acts"), count("documents"), count("actions")), (1, 2, 2 * e.orel_actions), "{changed:?}");
    assert_eq!(read("deadline").trim(), OREL_NEW_DEADLINE);

    // DuckDB over the partitions: rows that differ before and after the new version
    let files = |dir: &str| -> BTreeMap<PathBuf, Vec<u8>> {
        walkdir(&e.root.join(dir))
            .into_iter()
            .map(|p| (p.strip_prefix(e.root.join(dir)).unwrap().to_path_buf(), std::fs::read(&p).unwrap()))
            .collect()
    };
    let (before, after) = (files("parquet-before"), files("parquet"));
    let rewritten: Vec<&PathBuf> = after.iter().filter(|(p, bytes)| before.get(*p) != Some(bytes)).map(|(p, _)| p).collect();
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
    assert_eq!(
        rewritten,
        [
            Path::new("actions/region_iso=RU-ORL/year=2022/part-0.parquet"),
            Path::new("acts/region_iso=RU-ORL/plan_year=2022/part-0.parquet"),
            Path::new("documents/region_iso=RU-ORL/plan_year=2022/part-0.parquet"),
        ]
    );
    let duckdb = "import duckdb\n\
        con = duckdb.connect()\n\
        for t in ('acts', 'documents', 'actions'):\n\
        \x20   for side in ('parquet-before', 'parquet'):\n\
        \x20       con.execute(f\"CREATE VIEW \\\"{side}/{t}\\\" AS SELECT * FROM read_parquet('{side}/{t}/**/*.parquet', hive_partitioning = true)\")\n\
        \x20   gone = con.execute(f'SELECT act_key FROM (SELECT * FROM \"parquet-before/{t}\" EXCEPT ALL SELECT * FROM \"parquet/{t}\")').fetchall()\n\
        \x20   new = con.execute(f'SELECT act_key FROM (SELECT * FROM \"parquet/{t}\" EXCEPT ALL SELECT * FROM \"parquet-before/{t}\")').fetchall()\n\
        \x20   total = con.execute(f'SELECT count(*) FROM \"parquet/{t}\"').fetchone()[0]\n\
        \x20   print(t, len(gone), len(new), total, ','.join(sorted(set(a for (a,) in gone + new))))\n";
    let out = Command::new(root().join("scripts/with-python.sh"))
        .args(["--tools-only", "python", "-c", duckdb])
        .current_dir(&e.root)
        .output()
        .unwrap();
    assert!(out.status.success(), "DuckDB: {}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    let in_postgres = |table: &str| rows(&s3).keys().filter(|(t, _)| t == table).count();
    assert_eq!(
        lines,
        [
            format!("acts 1 1 {} {}", in_postgres("acts"), e.orel_act),
            format!("documents 1 1 {} {}", in_postgres("documents"), e.orel_act),
            format!("actions {0} {0} {1} {2}", e.orel_actions, in_postgres("actions"), e.orel_act),
        ]
    );
}
