//! End to end over `corpus/genre/`: acts outside the «500+» template (a school's order with its
//! plan for a school year laid out by months, a municipal office's order with its plan, a
//! federal agency's order without a table), made by `scripts/make-genre-documents.py`. Every
//! rendition's output against its blessed fixture in `fixtures/genre/` (`UPDATE_FIXTURES=1`
//! re-blesses), and against the reference annotations in `fixtures/reference/genre/`: the
//! document's fields, and every row's number, action, normalized deadline and responsible
//! parties with their kinds, matched by number; warnings by code. What a rendition cannot
//! carry is listed, with its reason, in `fixtures/genre/known-differences.tsv`.

use serde_json::Value;

use crate::common::root;
use crate::corpus::{check_fixtures, extract, meta_pointer, norm, record, reference, without_known, Found};

fn genre_files() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join("corpus/genre"))
        .expect("corpus/genre/")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".docx") || n.ends_with(".pdf"))
        .map(|n| format!("genre/{n}"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "corpus/genre/ should hold the school, municipal and federal documents");
    files
}

#[test]
fn genre_outputs_match_fixtures() {
    check_fixtures(&genre_files(), "fixtures/genre");
}

#[test]
fn genre_outputs_agree_with_reference_annotations() {
    let mut found: Vec<Found> = Vec::new();
    for name in genre_files() {
        let file = name.trim_start_matches("genre/").to_string();
        let stem = file.rsplit_once('.').map_or(file.as_str(), |(s, _)| s);
        let output: Value = serde_json::from_str(&extract(&name)).expect("JSON");
        let reference = reference("genre", stem);
        let mut check = |row: &str, what: &str, want: String, got: String| record(&mut found, &file, row, what, want, got);
        for (key, want) in reference["meta"].as_object().expect("meta") {
            check("document", key, norm(Some(want)), norm(output.pointer(&meta_pointer(key))));
        }
        let actions = output["actions"].as_array().expect("actions");
        let rows = reference["rows"].as_array().expect("rows");
        for (i, row) in rows.iter().enumerate() {
            // rows are matched by number, or by position in a table without numbers
            let number = norm(row.get("number"));
            let (row_name, action) = if number.is_empty() {
                (format!("row #{}", i + 1), actions.get(i))
            } else {
                (format!("row {number}"), actions.iter().find(|a| norm(a.get("number")) == number))
            };
            let Some(action) = action else {
                check(&row_name, "present", "yes".into(), "no".into());
                continue;
            };
            check(&row_name, "action", norm(row.get("action")), norm(action.get("action")));
            for key in ["raw", "kind", "start", "end"] {
                let want = if key == "raw" { row.pointer("/deadline/raw") } else { row.pointer(&format!("/deadline/expected/{key}")) };
                check(&row_name, &format!("deadline {key}"), norm(want), norm(action.pointer(&format!("/deadline/{key}"))));
            }
            if let Some(parties) = row.get("parties") {
                let got: Vec<Value> = action["responsible"]["parties"]
                    .as_array()
                    .expect("parties")
                    .iter()
                    .zip(action["responsible"]["kinds"].as_array().expect("kinds"))
                    .map(|(p, k)| Value::Array(vec![p.clone(), k.clone()]))
                    .collect();
                check(&row_name, "parties", parties.to_string(), Value::Array(got).to_string());
            }
        }
        if actions.len() != rows.len() {
            check("document", "actions", rows.len().to_string(), actions.len().to_string());
        }
        let mut codes: Vec<String> = output["warnings"].as_array().expect("warnings").iter().map(|w| norm(w.get("code"))).collect();
        codes.sort();
        codes.dedup();
        let mut want: Vec<String> = reference["warnings"].as_array().expect("warnings").iter().map(|w| norm(Some(w))).collect();
        want.sort();
        check("document", "warnings", want.join(", "), codes.join(", "));
    }
    let files: Vec<String> = genre_files().iter().map(|n| n.trim_start_matches("genre/").to_string()).collect();
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    let failures = without_known(found, &files, "genre/known-differences.tsv");
    assert!(failures.is_empty(), "{} disagreements:\n{}", failures.len(), failures.join("\n"));
}
