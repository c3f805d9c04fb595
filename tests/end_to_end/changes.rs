//! `roadmap changes OLD NEW` over two `extract -o` folders a version apart: one act removed,
//! one added, one changed in one deadline (its DOCX edited), one renamed and otherwise the same;
//! as text, JSON and CSV, and nothing between a folder and itself; the same changes between
//! their exports, as CSV and as partitioned Parquet.

use std::path::Path;

use crate::common::{edit_docx, roadmap, root};

fn s(p: &Path) -> String {
    p.to_str().unwrap().to_string()
}

#[test]
fn acts_added_removed_and_changed_with_their_rows() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = root().join("corpus");
    let (old_in, new_in) = (dir.path().join("old-in"), dir.path().join("new-in"));
    std::fs::create_dir_all(&old_in).unwrap();
    std::fs::create_dir_all(&new_in).unwrap();
    for name in ["orel-2022-order-226.docx", "kaluga-2021-order-779.docx", "primorye-2021-order-210a.docx"] {
        std::fs::copy(corpus.join(name), old_in.join(name)).unwrap();
    }
    std::fs::copy(corpus.join("orel-2022-order-226.docx"), new_in.join("orel-2022-order-226.docx")).unwrap();
    std::fs::copy(corpus.join("leningrad-2021-directive-832r.docx"), new_in.join("leningrad-2021-directive-832r.docx")).unwrap();
    std::fs::copy(corpus.join("primorye-2021-order-210a.docx"), new_in.join("primorye-renamed.docx")).unwrap();
    edit_docx(&new_in.join("orel-2022-order-226.docx"), "До 16.12. 2021 г.", "До 20.12. 2021 г.");
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    for (input, out) in [(&old_in, &old), (&new_in, &new)] {
        let (code, _, err) = roadmap(&["extract", &s(input), "-o", &s(out)]);
        assert_eq!(code, 0, "{err}");
    }
    let act = |file: &Path| -> String {
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        v["document"]["act_key"].as_str().unwrap().to_string()
    };
    let (orel, kaluga, leningrad) = (
        act(&old.join("orel-2022-order-226.docx.json")),
        act(&old.join("kaluga-2021-order-779.docx.json")),
        act(&new.join("leningrad-2021-directive-832r.docx.json")),
    );

    let (code, text, err) = roadmap(&["changes", &s(&old), &s(&new)]);
    assert_eq!(code, 1, "{err}");
    assert!(text.contains(&format!("+ {leningrad}: added (")), "{text}");
    assert!(text.contains(&format!("- {kaluga}: removed (")), "{text}");
    assert!(text.contains(&format!("~ {orel}: changed\n")), "{text}");
    assert!(text.contains("    deadline.raw: \"До 16.12. 2021 г.\" → \"До 20.12. 2021 г.\"\n"), "{text}");
    assert!(text.ends_with("1 acts added, 1 removed, 1 changed, 1 unchanged\n"), "the renamed file is the same act: {text}");

    let (code, json, err) = roadmap(&["changes", &s(&old), &s(&new), "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["added"][0]["act_key"], leningrad.as_str());
    assert_eq!(v["removed"][0]["act_key"], kaluga.as_str());
    assert_eq!(v["unchanged"], 1);
    let changed = v["changed"].as_array().unwrap();
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0]["act_key"], orel.as_str());
    assert_eq!(changed[0]["document"], serde_json::json!([]));
    let rows = changed[0]["actions"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "one row changed: {json}");
    let fields: Vec<&str> = rows[0]["fields"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(fields, ["deadline.end", "deadline.raw"]);

    let (code, csv_text, err) = roadmap(&["changes", &s(&old), &s(&new), "--format", "csv"]);
    assert_eq!(code, 1, "{err}");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(reader.headers().unwrap(), vec!["act_key", "change", "old_path", "new_path", "number", "action", "field", "old", "new"]);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let kinds: Vec<(&str, &str, &str)> = records.iter().map(|r| (&r[0], &r[1], &r[6])).collect();
    assert_eq!(
        kinds,
        [
            (leningrad.as_str(), "act_added", ""),
            (kaluga.as_str(), "act_removed", ""),
            (orel.as_str(), "action_changed", "deadline.end"),
            (orel.as_str(), "action_changed", "deadline.raw"),
        ]
    );
    assert_eq!((&records[3][7], &records[3][8]), ("До 16.12. 2021 г.", "До 20.12. 2021 г."));

    let (code, text, err) = roadmap(&["changes", &s(&old), &s(&old)]);
    assert_eq!((code, text.as_str()), (0, "0 acts added, 0 removed, 0 changed, 3 unchanged\n"), "{err}");

    for format in [&["--format", "csv"][..], &["--format", "parquet", "--partitioned"]] {
        let exported = |folder: &Path| {
            let to = dir.path().join(format!("export-{}", format.len())).join(folder.file_name().unwrap());
            let mut args = vec!["export", folder.to_str().unwrap(), "--to", to.to_str().unwrap()];
            args.extend(format);
            let (code, _, err) = roadmap(&args);
            assert_eq!(code, 0, "{err}");
            to
        };
        let (old_export, new_export) = (exported(&old), exported(&new));
        let (code, text, err) = roadmap(&["changes", &s(&old_export), &s(&new_export)]);
        assert_eq!(code, 1, "{format:?}: {err}");
        assert!(text.contains(&format!("+ {leningrad}: added (")), "{text}");
        assert!(text.contains(&format!("- {kaluga}: removed (")), "{text}");
        assert!(text.contains(&format!("~ {orel}: changed\n")), "{text}");
        assert!(text.contains("    deadline_end: \"2021-12-16\" → \"2021-12-20\"\n"), "{text}");
        assert!(text.contains("    deadline_raw: \"До 16.12. 2021 г.\" → \"До 20.12. 2021 г.\"\n"), "{text}");
        assert!(text.ends_with("1 acts added, 1 removed, 1 changed, 1 unchanged\n"), "{format:?}: {text}");
        let (code, json, err) = roadmap(&["changes", &s(&old_export), &s(&new_export), "--format", "json"]);
        assert_eq!(code, 1, "{err}");
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let rows = v["changed"][0]["actions"].as_array().unwrap();
        assert_eq!(rows.len(), 1, "one row changed, as between the folders: {json}");
        assert_eq!(v["changed"][0]["document"], serde_json::json!([]), "{json}");
        let (code, text, err) = roadmap(&["changes", &s(&new_export), &s(&new_export)]);
        assert_eq!((code, text.as_str()), (0, "0 acts added, 0 removed, 0 changed, 3 unchanged\n"), "{err}");
        let (code, _, err) = roadmap(&["changes", &s(&old), &s(&new_export)]);
        assert_eq!(code, 2, "an export against canonical files: {err}");
        assert!(err.contains("is an export and") && err.contains("is not"), "{err}");
    }
}
