//! The commands that consume canonical JSON: `diff`, `compare` and `export`, run as a user
//! runs them, on the blessed fixtures and on documents edited at test time.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed set-up step is a failed test

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn roadmap(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_roadmap")).args(args).current_dir(root()).output().expect("run roadmap");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn fixture(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("fixtures").join(name)).unwrap()).unwrap()
}

fn write(dir: &Path, name: &str, v: &Value) -> String {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_string_pretty(v).unwrap()).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn diff_of_identical_files_is_empty() {
    let f = "fixtures/orel-2022-order-226.docx.json";
    let (code, out, _) = roadmap(&["diff", f, f]);
    assert_eq!(code, 0);
    assert!(out.ends_with("no differences\n"), "{out}");
}

#[test]
fn diff_reports_an_inserted_row_once_and_changed_fields() {
    let dir = tempfile::tempdir().unwrap();
    let expected = fixture("orel-2022-order-226.docx.json");
    let mut actual = expected.clone();
    let actions = actual["actions"].as_array_mut().unwrap();
    let mut inserted = actions[3].clone();
    inserted["number"] = "3a".into();
    inserted["action"] = "Совещание с муниципальными координаторами".into();
    actions.insert(4, inserted);
    actions[10]["deadline"]["end"] = "2022-03-02".into();
    for (i, a) in actions.iter_mut().enumerate() {
        a["seq"] = (i + 1).into();
    }
    let a = write(dir.path(), "expected.json", &expected);
    let b = write(dir.path(), "actual.json", &actual);

    let (code, out, err) = roadmap(&["diff", &a, &b]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("+ action 3a «Совещание с муниципальными координаторами»: added"), "{out}");
    assert!(out.contains("deadline.end: \"2022-03-01\" → \"2022-03-02\""), "{out}");
    assert!(out.ends_with("2 differences\n"), "{out}");
    assert!(!out.contains('\x1b'), "no colour when stdout is not a terminal");

    let (code, out, _) = roadmap(&["diff", &a, &b, "--format", "json"]);
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["differences"], 2);
    let changes = report["documents"][0]["actions"].as_array().unwrap();
    assert_eq!(changes[0]["change"], "added");
    assert_eq!(changes[1]["change"], "changed");
    assert_eq!(changes[1]["fields"][0]["path"], "deadline.end");
}

#[test]
fn diff_pairs_folders_by_file_name() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let doc = fixture("saratov-krasnoarmeysky-2022-roadmap.xlsx.json");
    write(a.path(), "one.json", &doc);
    write(b.path(), "one.json", &doc);
    write(b.path(), "two.json", &doc);
    let (code, out, _) = roadmap(&["diff", &a.path().to_string_lossy(), &b.path().to_string_lossy()]);
    assert_eq!(code, 1);
    assert!(out.contains("two.json: only actual"), "{out}");
    assert!(out.ends_with("1 difference\n"), "{out}");
}

#[test]
fn diff_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{not json").unwrap();
    let f = "fixtures/orel-2022-order-226.docx.json";
    let (code, _, err) = roadmap(&["diff", f, &bad.to_string_lossy()]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: ") && err.contains("not JSON"), "{err}");
    assert_eq!(roadmap(&["diff", f, "no/such.json"]).0, 2);
    assert_eq!(roadmap(&["diff", f, "fixtures"]).0, 2);
}
