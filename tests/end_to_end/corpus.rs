//! End to end over `corpus/`: every document's canonical JSON against its blessed fixture in
//! `fixtures/` (re-bless with `UPDATE_FIXTURES=1`), every fixture against the reference
//! annotations in `fixtures/reference/`, and every output against the JSON Schema.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed set-up step is a failed test

use serde_json::Value;

use crate::common::{roadmap, root};

/// Corpus documents in the formats this build reads.
fn corpus() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join("corpus"))
        .expect("corpus/")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| [".docx", ".doc", ".rtf", ".odt", ".xlsx", ".pdf"].iter().any(|ext| n.ends_with(ext)))
        .collect();
    files.sort();
    assert!(files.len() >= 15, "corpus/ should hold the DOCX, PDF and XLSX documents");
    files
}

pub(crate) fn extract(name: &str) -> String {
    let (code, stdout, stderr) = roadmap(&["extract", &format!("corpus/{name}")]);
    assert_eq!(code, 0, "roadmap extract corpus/{name} failed: {stderr}");
    stdout
}

/// The failure message for a fixture that differs: `roadmap diff`'s report (actions by number
/// and text, changes by field), or a line diff when only the layout of the JSON differs.
fn diff(expected: &str, actual: &str) -> String {
    if let (Ok(a), Ok(b)) = (serde_json::from_str::<Value>(expected), serde_json::from_str::<Value>(actual)) {
        let report = roadmap_diff::diff(&a, &b);
        if !report.is_empty() {
            return report.render(false);
        }
    }
    similar::TextDiff::from_lines(expected, actual).unified_diff().context_radius(3).header("fixture", "actual").to_string()
}

#[test]
fn outputs_match_fixtures() {
    check_fixtures(&corpus(), "fixtures");
}

/// Each of `names` (paths under `corpus/`) extracted and compared with `<fixtures>/<file
/// name>.json`; `UPDATE_FIXTURES=1` writes the fixtures instead.
pub(crate) fn check_fixtures(names: &[String], fixtures: &str) {
    let update = std::env::var_os("UPDATE_FIXTURES").is_some_and(|v| v == "1");
    let mut failures = Vec::new();
    for name in names {
        let actual = extract(name);
        let file = name.rsplit('/').next().unwrap_or(name);
        let fixture = root().join(fixtures).join(format!("{file}.json"));
        if update {
            std::fs::write(&fixture, &actual).expect("write fixture");
            continue;
        }
        let expected = std::fs::read_to_string(&fixture).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "{name}: output differs from {} (UPDATE_FIXTURES=1 re-blesses)\n{}",
                fixture.display(),
                diff(&expected, &actual)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

pub(crate) fn norm(v: Option<&Value>) -> String {
    let s = match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    s.replace('\u{ad}', "").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A difference found: (file, row, field) and the message that shows it.
pub(crate) type Found = ((String, String, String), String);

/// A reference annotation of `fixtures/reference/<set>/<stem>.json`.
pub(crate) fn reference(set: &str, stem: &str) -> Value {
    let path = root().join(format!("fixtures/reference/{set}/{stem}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("reference")).expect("reference JSON")
}

/// Where the output holds a document field a reference's `meta` names.
pub(crate) fn meta_pointer(key: &str) -> String {
    match key {
        "region" => "/document/region/iso".into(),
        "signatory" => "/document/signatory/name".into(),
        "position" => "/document/signatory/position".into(),
        "plan_period" => "/plan/period/label".into(),
        "plan_year" => "/plan/year".into(),
        other => format!("/document/{other}"),
    }
}

/// Records a disagreement of `file` (`row`, `what`) when `want` and `got` differ.
pub(crate) fn record(found: &mut Vec<Found>, file: &str, row: &str, what: &str, want: String, got: String) {
    if want != got {
        found.push((
            (file.to_string(), row.to_string(), what.to_string()),
            format!("{file} {row}: {what}\n  reference: {want}\n  output:    {got}"),
        ));
    }
}

/// Disagreements the reader cannot avoid, each with its reason, from a TSV under `fixtures/`
/// (`file`, `row`, `field`, `reason`).
fn known_differences(tsv: &str) -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(root().join("fixtures").join(tsv)).expect("known-differences.tsv");
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert!(cols.len() == 4 && !cols[3].trim().is_empty(), "{tsv}: file, row, field and a reason: {l}");
            (cols[0].to_string(), cols[1].to_string(), cols[2].to_string())
        })
        .collect()
}

/// The messages of `found` that `fixtures/<tsv>` does not list for one of `files`, and one
/// for each listed difference that no longer occurs, so the list stays true.
pub(crate) fn without_known(found: Vec<Found>, files: &[&str], tsv: &str) -> Vec<String> {
    let known: Vec<(String, String, String)> = known_differences(tsv).into_iter().filter(|k| files.contains(&k.0.as_str())).collect();
    let mut failures: Vec<String> = found.iter().filter(|(key, _)| !known.contains(key)).map(|(_, message)| message.clone()).collect();
    for k in &known {
        if !found.iter().any(|(key, _)| key == k) {
            failures.push(format!("fixtures/{tsv} lists {} {} {}, but it no longer differs: remove the line", k.0, k.1, k.2));
        }
    }
    failures
}

/// Every blessed fixture agrees with the reference annotations: every row, every cell text,
/// section, number, raw and normalized deadline, and the document fields.
#[test]
fn fixtures_agree_with_reference_annotations() {
    let mut failures = Vec::new();
    let mut row_failures: Vec<Found> = Vec::new();
    for name in corpus() {
        let (stem, ext) = name.rsplit_once('.').expect("extension");
        let fixture: Value = serde_json::from_str(&std::fs::read_to_string(root().join(format!("fixtures/{name}.json"))).expect("fixture"))
            .expect("fixture JSON");
        let reference: Value =
            serde_json::from_str(&std::fs::read_to_string(root().join(format!("fixtures/reference/{stem}.json"))).expect("reference"))
                .expect("reference JSON");
        let rows = reference["rows"].as_array().expect("rows");
        let actions = fixture["actions"].as_array().expect("actions");
        if rows.len() != actions.len() {
            failures.push(format!("{name}: {} actions, reference has {} rows", actions.len(), rows.len()));
            continue;
        }
        let has_start_column = reference["columns"].as_array().is_some_and(|c| c.iter().any(|c| c == "deadline_start"));
        for (i, (row, action)) in rows.iter().zip(actions).enumerate() {
            let mut check = |what: &str, want: String, got: String| {
                if want != got {
                    let message = format!("{name} row {}: {what}\n  reference: {want}\n  fixture:   {got}", i + 1);
                    row_failures.push(((name.clone(), (i + 1).to_string(), what.to_string()), message));
                }
            };
            check("action", norm(row.get("action")), norm(action.get("action")));
            check("number", norm(row.get("number")), norm(action.get("number")));
            check("section", norm(row.pointer("/section/title")), norm(action.pointer("/section/title")));
            check("result", norm(row.get("result")), norm(action.get("result")));
            if row.get("responsible").is_some() {
                check("responsible", norm(row.get("responsible")), norm(action.pointer("/responsible/raw")));
            }
            if row.get("info").is_some() {
                check("info", norm(row.get("info")), norm(action.get("info")));
            }
            if !has_start_column {
                check("deadline raw", norm(row.pointer("/deadline/raw")), norm(action.pointer("/deadline/raw")));
            }
            let expected = &row["deadline"]["expected"];
            if expected.get("lenient").is_none() {
                for key in ["kind", "start", "end"] {
                    check(&format!("deadline {key}"), norm(expected.get(key)), norm(action.pointer(&format!("/deadline/{key}"))));
                }
            }
        }
        let meta = if ext == "xlsx" { &reference["xlsx_meta"] } else { &reference["meta"] };
        for (key, want) in meta.as_object().expect("meta") {
            let got = match key.as_str() {
                "kind" => fixture.pointer("/document/kind"),
                "region" => fixture.pointer("/document/region/iso"),
                "date" => fixture.pointer("/document/date"),
                "number" => fixture.pointer("/document/number"),
                "plan_year" => fixture.pointer("/plan/year"),
                "signatory" => fixture.pointer("/document/signatory/name"),
                "authority" => fixture.pointer("/document/authority"),
                "amends" => {
                    let refs = fixture.pointer("/document/references").and_then(Value::as_array).cloned().unwrap_or_default();
                    let found =
                        refs.iter().any(|r| r["relation"] == "amends" && r["date"] == want["date"] && r["number"] == want["number"]);
                    if !found {
                        failures.push(format!("{name}: no amends reference {want}"));
                    }
                    continue;
                }
                _ => None,
            };
            let squash = |v: Option<&Value>| norm(v).replace(' ', "").to_lowercase();
            if squash(Some(want)) != squash(got) {
                failures.push(format!("{name}: document {key}: reference {want}, fixture {}", got.cloned().unwrap_or(Value::Null)));
            }
        }
    }
    let names = corpus();
    let files: Vec<&str> = names.iter().map(String::as_str).collect();
    failures.extend(without_known(row_failures, &files, "known-differences.tsv"));
    assert!(failures.is_empty(), "{} disagreements:\n{}", failures.len(), failures.join("\n"));
}

/// Collapse whitespace in every string and drop `provenance`: what differs between formats
/// by nature (a PDF has no paragraph marks, only line ends).
fn comparable(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(s.split_whitespace().collect::<Vec<_>>().join(" ")),
        Value::Array(items) => Value::Array(items.iter().map(comparable).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().filter(|(k, _)| *k != "provenance").map(|(k, v)| (k.clone(), comparable(v))).collect())
        }
        other => other.clone(),
    }
}

/// For each corpus document, its DOC, RTF, ODT, PDF and XLSX yield the same actions as its
/// DOCX, field by field (the action's `key` too), except `provenance` (and `source`, which is not part of an action); its
/// DOC, RTF and ODT, a word processor's renderings like the DOCX, also the same document
/// metadata and the same file properties (author and creation time, to the second).
#[test]
fn every_format_yields_the_same_actions() {
    let names = corpus();
    let mut found: Vec<Found> = Vec::new();
    let mut failures = Vec::new();
    for docx in names.iter().filter(|n| n.ends_with(".docx")) {
        let stem = docx.trim_end_matches(".docx");
        let whole: Value = serde_json::from_str(&extract(docx)).expect("JSON");
        let reference = comparable(&whole["actions"]);
        for ext in ["doc", "rtf", "odt", "pdf", "xlsx"] {
            let other = format!("{stem}.{ext}");
            let rendition: Value = serde_json::from_str(&extract(&other)).expect("JSON");
            let word_processor = matches!(ext, "doc" | "rtf" | "odt");
            if word_processor && comparable(&rendition["document"]) != comparable(&whole["document"]) {
                failures.push(format!(
                    "{other}: document {}
  {docx}: {}",
                    rendition["document"], whole["document"]
                ));
            }
            let properties = |v: &Value| {
                let p = &v["source"]["properties"];
                (p["author"].clone(), p["created"].as_str().map(|c| c.trim_end_matches('Z').to_string()))
            };
            if word_processor && (properties(&rendition) != properties(&whole) || properties(&whole).0.is_null()) {
                failures
                    .push(format!("{other}: properties {} — {docx}: {}", rendition["source"]["properties"], whole["source"]["properties"]));
            }
            let actions = comparable(&rendition["actions"]);
            let (want, got) = (reference.as_array().expect("actions"), actions.as_array().expect("actions"));
            if want.len() != got.len() {
                failures.push(format!("{other}: {} actions, {docx} has {}", got.len(), want.len()));
                continue;
            }
            for (i, (a, b)) in want.iter().zip(got).enumerate() {
                let (a, b) = (a.as_object().expect("action"), b.as_object().expect("action"));
                for key in a.keys().chain(b.keys().filter(|k| !a.contains_key(*k))) {
                    if a.get(key) != b.get(key) {
                        let message = format!(
                            "{other} action {}: {key}\n  {docx}: {}\n  {other}: {}",
                            i + 1,
                            a.get(key).unwrap_or(&Value::Null),
                            b.get(key).unwrap_or(&Value::Null)
                        );
                        found.push(((other.clone(), (i + 1).to_string(), key.clone()), message));
                    }
                }
            }
        }
    }
    let files: Vec<&str> = names.iter().map(String::as_str).collect();
    failures.extend(without_known(found, &files, "known-differences.tsv"));
    assert!(failures.is_empty(), "{} differences:\n{}", failures.len(), failures.join("\n"));
}

/// Every action has a key of its own, under its act's key and plan year.
#[test]
fn action_keys_are_unique_within_each_act() {
    for name in corpus() {
        let doc: Value = serde_json::from_str(&extract(&name)).expect("output JSON");
        let act = doc["document"]["act_key"].as_str().expect("act_key");
        let year = doc["plan"]["year"].as_i64().map_or_else(|| "undated".to_string(), |y| y.to_string());
        let keys: Vec<&str> = doc["actions"].as_array().expect("actions").iter().map(|a| a["key"].as_str().expect("key")).collect();
        let unique: std::collections::HashSet<&&str> = keys.iter().collect();
        assert_eq!(unique.len(), keys.len(), "{name}: keys repeat");
        assert!(keys.iter().all(|k| k.starts_with(&format!("{act}/{year}/"))), "{name}: {keys:?}");
    }
}

#[test]
fn every_output_validates_against_the_schema() {
    let (code, schema, _) = roadmap(&["schema"]);
    assert_eq!(code, 0);
    let schema: Value = serde_json::from_str(&schema).expect("schema JSON");
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    for name in corpus() {
        let doc: Value = serde_json::from_str(&extract(&name)).expect("output JSON");
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{name}: {}", errors.join("; "));
        // the schema is not vacuous: a document without actions is rejected
        let mut broken = doc.clone();
        broken.as_object_mut().expect("object").remove("actions");
        assert!(!validator.is_valid(&broken), "schema accepts a document without actions");
    }
}

#[test]
fn dates_command_prints_one_deadline_object() {
    let (code, out, _) = roadmap(&["dates", "Сентябрь 2021-май 2021 (1 раз в месяц)", "--year", "2021"]);
    assert_eq!(code, 0);
    let d: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(d["kind"], "recurring");
    assert_eq!(d["start"], "2021-09-01");
    assert_eq!(d["end"], "2022-05-31");
    assert_eq!(d["rrule"], "FREQ=MONTHLY");
    assert_eq!(d["note"], "1 раз в месяц");
    assert_eq!(d["warnings"][0]["code"], "deadline.end_before_start");
    // the day of a date row, an August that opens a school year, a programme's years
    let read = |args: &[&str]| -> Value {
        let (code, out, err) = roadmap(args);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str(&out).expect("JSON")
    };
    let timed = read(&["dates", "10.00-11.00", "--year", "2019", "--day", "23 марта"]);
    assert_eq!((&timed["kind"], &timed["start"]), (&Value::from("date"), &Value::from("2019-03-23")));
    let august = read(&["dates", "август", "--year", "2019/2020", "--opens-school-year"]);
    assert_eq!(august["start"], "2019-08-01");
    let yearly = read(&["dates", "ежегодно", "--year", "2013-2018"]);
    assert_eq!((&yearly["start"], &yearly["end"]), (&Value::from("2013-01-01"), &Value::from("2018-12-31")));
    let (code, _, err) = roadmap(&["dates", "10.00", "--day", "31.04"]);
    assert_eq!(code, 2, "a day no month has is a usage error: {err}");
}

#[test]
fn batch_writes_every_document_and_reports_bad_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("sub")).expect("mkdir");
    std::fs::copy(root().join("corpus/orel-2022-order-226.docx"), input.join("sub/orel.docx")).expect("copy");
    std::fs::copy(root().join("corpus/kaluga-2021-order-779.xlsx"), input.join("kaluga.xlsx")).expect("copy");
    std::fs::copy(root().join("corpus/primorye-2021-order-210a.pdf"), input.join("primorye.xlsx")).expect("copy");
    std::fs::write(input.join("empty.docx"), b"").expect("write");
    std::fs::write(input.join("noise.xlsx"), b"not a workbook at all").expect("write");
    let out = dir.path().join("out");
    let (code, _, stderr) = roadmap(&["extract", input.to_str().expect("utf-8"), "-o", out.to_str().expect("utf-8")]);
    assert_eq!(code, 1, "some files failed: {stderr}");
    assert!(out.join("sub/orel.docx.json").is_file());
    assert!(out.join("kaluga.xlsx.json").is_file());
    let errors = std::fs::read_to_string(out.join("_errors.jsonl")).expect("_errors.jsonl");
    let codes: Vec<String> =
        errors.lines().map(|l| serde_json::from_str::<Value>(l).expect("line")["code"].as_str().unwrap_or("").to_string()).collect();
    assert_eq!(codes, vec!["empty", "unknown_format"]);
    assert!(stderr.contains("error: ") && !stderr.contains("panicked"));
    let mislabelled: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("primorye.xlsx.json")).expect("written")).expect("json");
    assert_eq!(mislabelled["source"]["format"], "pdf", "read by its content");
    assert_eq!(mislabelled["warnings"][0]["code"], "source.mislabelled");
    assert_eq!(mislabelled["actions"].as_array().map(Vec::len), Some(28));
    assert!(
        stderr.contains("primorye.xlsx") && stderr.contains("named as XLSX, read as PDF"),
        "formats by the names people know: {stderr}"
    );
}
