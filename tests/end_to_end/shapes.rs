//! End to end over `corpus/shapes/` (made by `scripts/make-shapes.py`): plans unlike the
//! «500+» template and tables that are not plans. Every output against its blessed fixture in
//! `fixtures/shapes/` (`UPDATE_FIXTURES=1` re-blesses), and against the references in
//! `fixtures/reference/shapes/`, written from the same data as the documents: every row's
//! number, section, action, raw and normalized deadline, responsible and result; the document
//! fields the reference names; no action at all from a document whose reference has no rows,
//! and the table judged `not_a_plan` or no table found. What a rendition cannot carry is listed
//! with its reason in `fixtures/shapes/known-differences.tsv`.
//!
//! When `../shared/real` is present, the hand-made references of `fixtures/reference/real/`
//! say which of those documents hold no plan: none may give an action.

use serde_json::Value;

use crate::common::root;
use crate::corpus::{check_fixtures, extract, meta_pointer, norm, record, reference, without_known, Found};

fn shape_files() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join("corpus/shapes"))
        .expect("corpus/shapes/")
        .flatten()
        .map(|e| format!("shapes/{}", e.file_name().to_string_lossy()))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "corpus/shapes/ should hold the plans and the tables that are not plans");
    files
}

#[test]
fn shapes_outputs_match_fixtures() {
    check_fixtures(&shape_files(), "fixtures/shapes");
}

/// Whether a normalized deadline is what the reference expects: the kind and both ends, or,
/// for a reference marked lenient (a cell that honestly reads two ways), any kind of span.
fn deadline_agrees(expected: &Value, got: &Value) -> bool {
    if expected.get("lenient").and_then(Value::as_bool) == Some(true) {
        return ["throughout", "period", "by_schedule", "multiple", "recurring"].contains(&norm(got.get("kind")).as_str());
    }
    ["kind", "start", "end"].iter().all(|k| norm(expected.get(*k)) == norm(got.get(*k)))
}

#[test]
fn shapes_agree_with_their_references() {
    let mut found: Vec<Found> = Vec::new();
    let files = shape_files();
    for name in &files {
        let file = name.trim_start_matches("shapes/").to_string();
        let (stem, extension) = file.rsplit_once('.').expect("extension");
        let output: Value = serde_json::from_str(&extract(name)).expect("JSON");
        let reference = reference("shapes", stem);
        let mut check = |row: &str, what: &str, want: String, got: String| record(&mut found, &file, row, what, want, got);
        let meta = if extension == "xlsx" { &reference["xlsx_meta"] } else { &reference["meta"] };
        for (key, want) in meta.as_object().expect("meta") {
            check("document", key, norm(Some(want)), norm(output.pointer(&meta_pointer(key))));
        }
        let actions = output["actions"].as_array().expect("actions");
        let rows = reference["rows"].as_array().expect("rows");
        if rows.is_empty() {
            let codes: Vec<String> = output["warnings"].as_array().expect("warnings").iter().map(|w| norm(w.get("code"))).collect();
            let judged = codes.iter().any(|c| c == "table.not_a_plan" || c == "document.no_roadmap_table");
            check("document", "actions", "0".into(), actions.len().to_string());
            check("document", "not a plan", "said".into(), if judged { "said" } else { "not said" }.into());
            continue;
        }
        if actions.len() != rows.len() {
            check("document", "actions", rows.len().to_string(), actions.len().to_string());
        }
        for (i, row) in rows.iter().enumerate() {
            let row_name = format!("row {}", i + 1);
            // rows are matched by their action text
            let Some(action) = actions.iter().find(|a| norm(a.get("action")) == norm(row.get("action"))) else {
                check(&row_name, "present", norm(row.get("action")), "(none)".into());
                continue;
            };
            check(&row_name, "number", norm(row.get("number")), norm(action.get("number")));
            check(&row_name, "section", norm(row.pointer("/section/title")), norm(action.pointer("/section/title")));
            check(&row_name, "deadline raw", norm(row.pointer("/deadline/raw")), norm(action.pointer("/deadline/raw")));
            let (expected, got) = (&row["deadline"]["expected"], &action["deadline"]);
            if !deadline_agrees(expected, got) {
                let show = |v: &Value| format!("{} {}..{}", norm(v.get("kind")), norm(v.get("start")), norm(v.get("end")));
                check(&row_name, "deadline", show(expected), show(got));
            }
            check(&row_name, "responsible", norm(row.get("responsible")), norm(action.pointer("/responsible/raw")));
            check(&row_name, "result", norm(row.get("result")), norm(action.get("result")));
        }
    }
    let names: Vec<String> = files.iter().map(|n| n.trim_start_matches("shapes/").to_string()).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let failures = without_known(found, &names, "shapes/known-differences.tsv");
    assert!(failures.is_empty(), "{} disagreements:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn real_documents_without_a_plan_give_no_action() {
    let real = root().join("../shared/real");
    if !real.is_dir() {
        eprintln!("skipped: ../shared/real is not here (the real documents are not part of the project)");
        return;
    }
    let mut failures = Vec::new();
    let mut references: Vec<_> =
        std::fs::read_dir(root().join("fixtures/reference/real")).expect("references").flatten().map(|e| e.path()).collect();
    references.sort();
    for path in references.iter().filter(|p| p.extension().is_some_and(|e| e == "json")) {
        let reference: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("reference")).expect("reference JSON");
        if !reference["rows"].as_array().is_some_and(Vec::is_empty) {
            continue;
        }
        let stem = reference["name"].as_str().expect("name");
        let Some(document) =
            std::fs::read_dir(&real).expect("real").flatten().map(|e| e.path()).find(|p| p.file_stem().is_some_and(|s| s == stem))
        else {
            failures.push(format!("{stem}: not in ../shared/real"));
            continue;
        };
        let (code, stdout, stderr) = crate::common::roadmap(&["extract", document.to_str().expect("path")]);
        if code == 0 {
            let output: Value = serde_json::from_str(&stdout).expect("JSON");
            let actions = output["actions"].as_array().map_or(0, Vec::len);
            if actions > 0 {
                failures.push(format!("{stem}: {actions} actions from a document without a plan"));
            }
        } else if !stderr.contains("ocr_unavailable") && !stderr.contains("no OCR engine") {
            failures.push(format!("{stem}: exit {code}: {stderr}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
