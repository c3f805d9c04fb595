//! Spot-checking: where every action and field was read (provenance, over every blessed
//! fixture), reviewers' corrections applied by `extract` (`--isolate` too), `export` and
//! `compare` (`--corrections`), a correction whose row no longer matches reported and not
//! applied, and the `roadmap review` report written for documents of every kind of source.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed set-up step is a failed test

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

use crate::common::{roadmap, root};

/// The blessed outputs of corpus/, corpus/genre and corpus/shapes.
fn fixtures() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["fixtures", "fixtures/genre", "fixtures/shapes"] {
        let found = std::fs::read_dir(root().join(dir)).unwrap().flatten().map(|e| e.path());
        files.extend(found.filter(|p| p.extension().is_some_and(|e| e == "json")));
    }
    files.sort();
    assert!(files.len() >= 50, "{} fixtures", files.len());
    files
}

fn is_empty(v: &Value) -> bool {
    v.is_null() || v.as_str() == Some("") || v.as_array().is_some_and(Vec::is_empty)
}

/// Every action of every fixture says where each of its fields was read, as its source's
/// format can say it (a PDF's page and box, a workbook's sheet and range, a table's row and
/// column everywhere), and every field of the document with a value has the lines that say it.
#[test]
fn every_action_and_document_field_says_where_it_was_read() {
    let mut missing = Vec::new();
    let mut actions_seen = 0;
    for path in fixtures() {
        let name = path.strip_prefix(root()).unwrap().display().to_string();
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let format = v["source"]["format"].as_str().unwrap();
        let document = &v["document"];
        let at = &document["provenance"];
        for field in ["authority", "region", "number", "date", "place", "title", "signatory"] {
            if !is_empty(&document[field]) && is_empty(&at[field]) {
                missing.push(format!("{name}: document.{field}"));
            }
        }
        if document["kind"] != "unknown" && is_empty(&at["kind"]) {
            missing.push(format!("{name}: document.kind"));
        }
        for (i, _) in document["references"].as_array().unwrap().iter().enumerate() {
            if is_empty(&at["references"][i]) {
                missing.push(format!("{name}: document.references[{i}]"));
            }
        }
        if !is_empty(&v["plan"]["title"]) && is_empty(&v["plan"]["provenance"]["title"]) {
            missing.push(format!("{name}: plan.title"));
        }
        for a in v["actions"].as_array().unwrap() {
            actions_seen += 1;
            let seq = &a["seq"];
            let p = &a["provenance"];
            let cells = p["cells"].as_array().unwrap();
            let read = |field: &str| cells.iter().any(|c| c["field"] == field);
            let mut wanted = vec!["action"];
            if !is_empty(&a["number"]) {
                wanted.push("number");
            }
            if !is_empty(&a["responsible"]["raw"]) {
                wanted.push("responsible");
            }
            for field in ["result", "info"] {
                if !is_empty(&a[field]) {
                    wanted.push(field);
                }
            }
            for field in wanted.into_iter().filter(|f| !read(f)) {
                missing.push(format!("{name}: action {seq}: no cell for {field}"));
            }
            if !is_empty(&a["deadline"]["raw"]) && !["deadline", "deadline_start", "deadline_end"].iter().any(|f| read(f)) {
                missing.push(format!("{name}: action {seq}: no cell for deadline"));
            }
            for c in cells {
                assert!(c["row"].as_u64().is_some_and(|r| r >= 1) && c["column"].as_u64().is_some_and(|c| c >= 1), "{name}: {c}");
            }
            let workbook = ["xlsx", "xls", "ods"].contains(&format);
            if workbook && (!p["sheet"].is_string() || !p["range"].is_string() || cells.iter().any(|c| !c["range"].is_string())) {
                missing.push(format!("{name}: action {seq}: a workbook row without its sheet and cells"));
            }
            if format == "pdf" {
                let boxes = p["boxes"].as_array().unwrap();
                let boxed = !boxes.is_empty() && cells.iter().all(|c| c["page"].is_u64() && c["bbox"].is_array());
                if !boxed {
                    missing.push(format!("{name}: action {seq}: a PDF row without its boxes"));
                }
                for b in boxes.iter().map(|b| &b["bbox"]).chain(cells.iter().map(|c| &c["bbox"])) {
                    let [x0, top, x1, bottom] = [0, 1, 2, 3].map(|i| b[i].as_f64().unwrap());
                    assert!(0.0 <= x0 && x0 < x1 && 0.0 <= top && top < bottom && x1 <= 1_200.0 && bottom <= 1_200.0, "{name}: {b}");
                }
            }
        }
    }
    assert!(actions_seen > 500, "{actions_seen} actions");
    assert!(missing.is_empty(), "{} without provenance:\n{}", missing.len(), missing.join("\n"));
}

fn fixture(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("fixtures").join(name)).unwrap()).unwrap()
}

/// A line of a corrections file on action `seq` of `document`.
fn correction(document: &Value, seq: usize, field: &str, value: &str) -> Value {
    let action = document["actions"].as_array().unwrap().iter().find(|a| a["seq"] == seq).unwrap();
    json!({
        "document": document["source"]["sha256"],
        "seq": seq,
        "action_sha256": roadmap_corrections::text_sha256(action["action"].as_str().unwrap()),
        "field": field,
        "value": value,
        "note": "checked against the PDF",
        "by": "reviewer",
    })
}

fn write_lines(path: &Path, lines: &[Value]) {
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(path, text).unwrap();
}

/// A deadline corrected, a row marked wrong, and a correction made on a row that now reads
/// otherwise: `extract` records the correction with the value as read kept, `export` writes
/// the corrected deadline and the verdict, `compare` leaves the wrong row out, and all three
/// report the stale correction without applying it.
#[test]
fn corrections_flow_into_extract_export_and_compare_and_stale_ones_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let document = fixture("orel-2022-order-226.docx.json");
    let first_raw = document["actions"][0]["deadline"]["raw"].as_str().unwrap().to_string();
    assert_ne!(document["actions"][0]["deadline"]["end"], "2021-12-20", "the correction changes the deadline");
    let mut stale = correction(&document, 3, "result", "Протокол");
    stale["action_sha256"] = json!(roadmap_corrections::text_sha256("a row the document no longer has"));
    let file = dir.path().join("corrections.jsonl");
    write_lines(&file, &[correction(&document, 1, "deadline", "20.12.2021 г."), correction(&document, 2, "row", "wrong"), stale]);
    let file = file.to_str().unwrap();
    let says_stale = |err: &str| err.contains("line 3: result of action 3 not applied") && err.contains("look at it again");

    // extract: the canonical file records the correction over what was read
    let (code, out, err) = roadmap(&["extract", "corpus/orel-2022-order-226.docx", "--corrections", file]);
    assert_eq!(code, 0, "{err}");
    assert!(says_stale(&err), "{err}");
    let extracted: Value = serde_json::from_str(&out).unwrap();
    let first = &extracted["actions"][0];
    assert_eq!((first["corrected"].as_bool(), first["deadline"]["end"].as_str()), (Some(true), Some("2021-12-20")));
    assert_eq!(first["deadline"]["raw"], "20.12.2021 г.");
    assert_eq!(first["corrections"][0]["original"].as_str(), Some(first_raw.as_str()), "the value as read is kept");
    assert_eq!(first["corrections"][0]["by"], "reviewer");
    assert_eq!(extracted["actions"][1]["verdict"], "wrong");
    assert_eq!(extracted["actions"][1]["corrected"], false, "a verdict changes no field");
    assert_eq!(extracted["actions"][2]["result"], document["actions"][2]["result"], "the stale correction is not applied");
    let warning = extracted["warnings"].as_array().unwrap().iter().find(|w| w["code"] == "correction.not_applied").unwrap();
    assert_eq!(warning["seq"], 3);
    // without the file, nothing is corrected
    let (_, plain, _) = roadmap(&["extract", "corpus/orel-2022-order-226.docx"]);
    let plain: Value = serde_json::from_str(&plain).unwrap();
    assert!(plain["actions"].as_array().unwrap().iter().all(|a| a["corrected"] == false && a["verdict"].is_null()));
    // extract --isolate: a worker process reads, this one corrects; the same document, and the
    // stale correction reported once, for one document on stdout and in a batch
    let (code, isolated, err) = roadmap(&["extract", "--isolate", "corpus/orel-2022-order-226.docx", "--corrections", file]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err.matches("not applied").count(), 1, "{err}");
    assert_eq!(serde_json::from_str::<Value>(&isolated).unwrap(), extracted);
    let jsonl = dir.path().join("isolated.jsonl");
    let (code, _, err) =
        roadmap(&["extract", "--isolate", "--jsonl", jsonl.to_str().unwrap(), "corpus/orel-2022-order-226.docx", "--corrections", file]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err.matches("not applied").count(), 1, "{err}");
    assert_eq!(serde_json::from_str::<Value>(&std::fs::read_to_string(&jsonl).unwrap()).unwrap(), extracted);

    // export: the corrected deadline, the fields corrected and the verdict
    let canonical = dir.path().join("orel.json");
    std::fs::write(&canonical, serde_json::to_string(&document).unwrap()).unwrap();
    let to = dir.path().join("export");
    let (code, _, err) = roadmap(&["export", "--to", to.to_str().unwrap(), "--corrections", file, canonical.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(says_stale(&err), "{err}");
    let mut reader = csv::Reader::from_path(to.join("actions.csv")).unwrap();
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row = |seq: &str| rows.iter().find(|r| &r[column("seq")] == seq).unwrap();
    assert_eq!(&row("1")[column("deadline_end")], "2021-12-20");
    assert_eq!(&row("1")[column("corrected")], "{\"deadline\"}");
    assert_eq!(&row("2")[column("verdict")], "wrong");
    assert_eq!((&row("3")[column("corrected")], &row("3")[column("verdict")]), ("{}", ""));

    // compare: the row marked wrong is not one of the region's actions
    let actions = |args: &[&str]| -> u64 {
        let (code, out, err) = roadmap(args);
        assert_eq!(code, 0, "{err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        v["regions"].as_array().unwrap().iter().map(|r| r["actions"].as_u64().unwrap()).sum()
    };
    let canonical = canonical.to_str().unwrap();
    let before = actions(&["compare", "--format", "json", canonical]);
    let after = actions(&["compare", "--format", "json", "--corrections", file, canonical]);
    assert_eq!(after + 1, before);
}

#[test]
fn a_corrections_file_that_is_not_one_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("corrections.jsonl");
    std::fs::write(&file, "{\"document\": \"x\"}\n").unwrap();
    let (code, _, err) = roadmap(&["extract", "corpus/orel-2022-order-226.docx", "--corrections", file.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("line 1: not a correction"), "{err}");
}

/// The report of a PDF, a DOCX and a workbook: an index, a page per document with every row
/// (an anchor per action for `compare`'s links), the PDF's pages drawn beside it, nothing
/// loaded from elsewhere.
#[test]
fn review_writes_a_page_per_document_with_every_row_and_the_pdf_pages() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let inputs = ["corpus/orel-2022-order-226.pdf", "corpus/orel-2022-order-226.docx", "corpus/saratov-krasnoarmeysky-2022-roadmap.xlsx"];
    let mut args = vec!["review", "-o", out.to_str().unwrap(), "--dpi", "50"];
    args.extend(inputs);
    let (code, _, err) = roadmap(&args);
    assert_eq!(code, 0, "{err}");
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    for input in inputs {
        let (_, extracted, _) = roadmap(&["extract", input]);
        let v: Value = serde_json::from_str(&extracted).unwrap();
        let page_name = roadmap_review::page_name(v["source"]["sha256"].as_str().unwrap());
        assert!(index.contains(&format!("href=\"{page_name}\"")), "{input} not in the index");
        let page = std::fs::read_to_string(out.join(&page_name)).unwrap();
        for a in v["actions"].as_array().unwrap() {
            assert!(page.contains(&format!("id=\"row-{}\"", a["seq"])), "{input}: row {} missing", a["seq"]);
        }
        assert!(!page.contains("src=\"http") && !page.contains("href=\"http") && !page.contains("<link"), "{input}: self-contained");
        if input.ends_with(".pdf") {
            let pictures: Vec<_> = std::fs::read_dir(out.join("pages")).unwrap().flatten().collect();
            assert!(!pictures.is_empty(), "the PDF's pages are drawn");
            assert!(pictures.iter().all(|p| page.contains(&format!("pages/{}", p.file_name().to_string_lossy()))));
        }
    }
}

/// The values of `attribute` in a page Chromium dumped, unescaped.
fn attribute(dom: &str, attribute: &str) -> Option<String> {
    let start = dom.find(&format!("{attribute}=\""))? + attribute.len() + 2;
    let value = &dom[start..start + dom[start..].find('"')?];
    Some(value.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
}

/// A document's page of the report in headless Chromium: `j`/`k` move between rows, `w` marks
/// the row wrong, `e` edits its action; the corrections the page would save, given to
/// `export --corrections`, come out as the reviewer made them. Skipped when the machine has no
/// Chromium (`scripts/check-compare-html.sh` installs Debian's).
#[test]
fn a_correction_made_in_the_review_page_round_trips_into_export() {
    if Command::new("chromium").arg("--version").output().is_err() {
        eprintln!("skipped: no chromium on this machine");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report");
    let (code, out, err) = roadmap(&["extract", "corpus/orel-2022-order-226.pdf"]);
    assert_eq!(code, 0, "{err}");
    let canonical = dir.path().join("orel.pdf.json");
    std::fs::write(&canonical, &out).unwrap();
    let extracted: Value = serde_json::from_str(&out).unwrap();
    let (code, _, err) = roadmap(&["review", "-o", report.to_str().unwrap(), "--dpi", "36", "corpus/orel-2022-order-226.pdf"]);
    assert_eq!(code, 0, "{err}");
    let page = roadmap_review::page_name(extracted["source"]["sha256"].as_str().unwrap());
    // a harness page that loads the report's page in a frame, drives it and answers in its DOM
    let checks = r#"
        var key = function (k, target) { (target || d).dispatchEvent(new w.KeyboardEvent("keydown", { key: k, bubbles: true })); };
        var rows = Array.prototype.slice.call(d.querySelectorAll("section.row"));
        var current = function () { return rows.findIndex(function (r) { return r.classList.contains("current"); }); };
        var moves = [current()];
        key("j"); moves.push(current()); key("j"); moves.push(current()); key("k"); moves.push(current());
        key("w");
        var wrong = rows[current()].dataset.seq;
        key("j");
        key("e");
        var box = rows[current()].querySelector(".edit-box textarea");
        box.value = "Совещание с муниципальными координаторами";
        key("Enter", box);
        return JSON.stringify({ moves: moves, wrong: wrong, edited: rows[current()].dataset.seq, lines: w.roadmapReview.corrections() });
    "#;
    let probe = dir.path().join("probe.html");
    std::fs::write(
        &probe,
        format!(
            "<!DOCTYPE html><meta charset=\"utf-8\"><iframe id=\"f\" src=\"{}\" width=\"1400\" height=\"900\"></iframe>\n<script>\ndocument.getElementById(\"f\").onload = function () {{\n  var d = this.contentDocument, w = this.contentWindow;\n  w.localStorage.clear();\n  var answer = (function (d, w) {{ {checks} }})(d, w);\n  document.body.setAttribute(\"data-answer\", answer);\n}};\n</script>",
            report.join(&page).display()
        ),
    )
    .unwrap();
    let dom = Command::new("chromium")
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"])
        .arg(format!("--user-data-dir={}", dir.path().join("profile").display()))
        .args(["--allow-file-access-from-files", "--virtual-time-budget=5000", "--dump-dom"])
        .arg(format!("file://{}", probe.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    let answer: Value = serde_json::from_str(&attribute(&dom, "data-answer").unwrap_or_else(|| panic!("no answer: {dom}"))).unwrap();
    assert_eq!(answer["moves"], json!([0, 1, 2, 1]), "j and k move between rows");
    let corrections = dir.path().join("corrections.jsonl");
    std::fs::write(&corrections, answer["lines"].as_str().unwrap()).unwrap();
    let (wrong, edited) = (answer["wrong"].as_str().unwrap(), answer["edited"].as_str().unwrap());
    assert_eq!((wrong, edited), ("2", "3"));

    let to = dir.path().join("export");
    let (code, _, err) =
        roadmap(&["export", "--to", to.to_str().unwrap(), "--corrections", corrections.to_str().unwrap(), canonical.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("not applied"), "{err}");
    let mut reader = csv::Reader::from_path(to.join("actions.csv")).unwrap();
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row = |seq: &str| rows.iter().find(|r| &r[column("seq")] == seq).unwrap();
    assert_eq!(&row(wrong)[column("verdict")], "wrong");
    assert_eq!(&row(edited)[column("action")], "Совещание с муниципальными координаторами");
    assert_eq!(&row(edited)[column("corrected")], "{\"action\"}");
    // and into compare: the row marked wrong is not one of the region's actions
    let actions = |extra: &[&str]| -> u64 {
        let mut args = vec!["compare", "--format", "json", canonical.to_str().unwrap()];
        args.extend(extra);
        let (code, out, err) = roadmap(&args);
        assert_eq!(code, 0, "{err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        v["regions"].as_array().unwrap().iter().map(|r| r["actions"].as_u64().unwrap()).sum()
    };
    assert_eq!(actions(&["--corrections", corrections.to_str().unwrap()]) + 1, actions(&[]));
}

/// The ledger of an output folder counts the corrections file among the options: the same
/// file again leaves every output as it is, another one (or none) makes them again.
#[test]
fn new_corrections_make_the_outputs_of_an_output_folder_again() {
    let dir = tempfile::tempdir().unwrap();
    let document = fixture("orel-2022-order-226.docx.json");
    let (first, second) = (dir.path().join("first.jsonl"), dir.path().join("second.jsonl"));
    write_lines(&first, &[correction(&document, 1, "deadline", "20.12.2021 г.")]);
    write_lines(&second, &[correction(&document, 1, "deadline", "21.12.2021 г.")]);
    let out = dir.path().join("out");
    let output = out.join("orel-2022-order-226.docx.json");
    let run = |corrections: Option<&Path>| -> (String, String) {
        let mut args = vec!["extract", "corpus/orel-2022-order-226.docx", "-o", out.to_str().unwrap()];
        if let Some(c) = corrections {
            args.extend(["--corrections", c.to_str().unwrap()]);
        }
        let (code, _, err) = roadmap(&args);
        assert_eq!(code, 0, "{err}");
        let written: Value = serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
        (written["actions"][0]["deadline"]["end"].as_str().unwrap_or_default().to_string(), err)
    };
    assert_eq!(run(Some(&first)).0, "2021-12-20");
    let (end, err) = run(Some(&first));
    assert_eq!(end, "2021-12-20");
    assert!(err.contains(", 1 unchanged"), "the same corrections: nothing read again\n{err}");
    let (end, err) = run(Some(&second));
    assert_eq!(end, "2021-12-21", "other corrections: the output made again\n{err}");
    assert!(!err.contains("unchanged"), "{err}");
    let (end, _) = run(None);
    assert_eq!(end, document["actions"][0]["deadline"]["end"].as_str().unwrap(), "no corrections: the output as read");
}

/// The words `pdftotext -bbox` finds on `page` of `pdf`: (text, [x0, top, x1, bottom]) in PDF
/// points from the page's top-left corner, as provenance boxes are written.
fn pdftotext_words(pdf: &Path, page: u32) -> Vec<(String, [f32; 4])> {
    let out = Command::new(root().join("scripts/with-package.sh"))
        .args(["pdftotext", "poppler-utils", "pdftotext", "-bbox", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let number = |tag: &str, name: &str| -> f32 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
    };
    text.split("<word ")
        .skip(1)
        .filter_map(|w| {
            let (tag, rest) = w.split_once('>')?;
            let word =
                rest.split("</word>").next()?.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"");
            Some((word, [number(tag, "xMin"), number(tag, "yMin"), number(tag, "xMax"), number(tag, "yMax")]))
        })
        .collect()
}

/// Each action cell's box as a browser draws it over its page, taken back to PDF points, has
/// under it the words of its action's text: `pdftotext` (poppler, another reader) finds there
/// what the row says.
#[test]
fn every_action_box_drawn_over_a_page_lies_over_its_rows_text() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = root().join("corpus/orel-2022-order-226.pdf");
    let report = dir.path().join("report");
    let (code, out, err) = roadmap(&["extract", "corpus/orel-2022-order-226.pdf"]);
    assert_eq!(code, 0, "{err}");
    let extracted: Value = serde_json::from_str(&out).unwrap();
    let (code, _, err) = roadmap(&["review", "-o", report.to_str().unwrap(), "--dpi", "36", "corpus/orel-2022-order-226.pdf"]);
    assert_eq!(code, 0, "{err}");
    let page = report.join(roadmap_review::page_name(extracted["source"]["sha256"].as_str().unwrap()));
    let mut browser = crate::browser::Browser::open(&format!("file://{}", page.display()));
    browser.wait_for("document.readyState === 'complete'", "the review page");
    let drawn = browser.evaluate(
        "Array.from(document.querySelectorAll('figure.page')).flatMap((figure) => {
            const sheet = figure.querySelector('.sheet').getBoundingClientRect();
            const [pw, ph] = [+figure.dataset.width, +figure.dataset.height];
            return Array.from(figure.querySelectorAll('.box.f-action[data-seq]')).map((box) => {
                const r = box.getBoundingClientRect();
                const x = (v) => (v - sheet.left) / sheet.width * pw, y = (v) => (v - sheet.top) / sheet.height * ph;
                return { page: +figure.dataset.page, seq: +box.dataset.seq, bbox: [x(r.left), y(r.top), x(r.right), y(r.bottom)] };
            });
        })",
    );
    let drawn = drawn.as_array().unwrap();
    let actions = extracted["actions"].as_array().unwrap();
    let mut under: std::collections::BTreeMap<u64, Vec<String>> = std::collections::BTreeMap::new();
    let mut words_of = std::collections::HashMap::new();
    for b in drawn {
        let page = b["page"].as_u64().unwrap() as u32;
        let words = words_of.entry(page).or_insert_with(|| pdftotext_words(&pdf, page));
        let bbox: Vec<f32> = b["bbox"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap() as f32).collect();
        let inside = |w: &[f32; 4]| {
            let (cx, cy) = ((w[0] + w[2]) / 2.0, (w[1] + w[3]) / 2.0);
            cx >= bbox[0] - 1.0 && cx <= bbox[2] + 1.0 && cy >= bbox[1] - 1.0 && cy <= bbox[3] + 1.0
        };
        under.entry(b["seq"].as_u64().unwrap()).or_default().extend(words.iter().filter(|(_, w)| inside(w)).map(|(t, _)| t.clone()));
    }
    assert_eq!(under.len(), actions.len(), "a box for every action's text");
    let letters = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    for (seq, words) in &under {
        let said = actions[*seq as usize - 1]["action"].as_str().unwrap();
        let similar = strsim::normalized_levenshtein(&letters(&words.join(" ")), &letters(said));
        assert!(similar >= 0.95, "action {seq}: under its box «{}», the row says «{said}»", words.join(" "));
    }
}

/// Not a check: the README's picture of a review page, written to the path in
/// `ROADMAP_SCREENSHOT` (`scripts/make-review-screenshot.sh` runs it).
#[test]
#[ignore = "makes docs/src/images/review.png; run by scripts/make-review-screenshot.sh"]
fn a_screenshot_of_a_review_page() {
    let to = std::env::var("ROADMAP_SCREENSHOT").expect("ROADMAP_SCREENSHOT: where to write the picture");
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report");
    let (code, out, err) = roadmap(&["extract", "corpus/orel-2022-order-226.pdf"]);
    assert_eq!(code, 0, "{err}");
    let sha256 = serde_json::from_str::<Value>(&out).unwrap()["source"]["sha256"].as_str().unwrap().to_string();
    let (code, _, err) = roadmap(&["review", "-o", report.to_str().unwrap(), "corpus/orel-2022-order-226.pdf"]);
    assert_eq!(code, 0, "{err}");
    let page = report.join(roadmap_review::page_name(&sha256));
    let mut browser = crate::browser::Browser::open(&format!("file://{}#row-3", page.display()));
    browser.wait_for(
        "document.readyState === 'complete' && Array.from(document.images).filter((i) => { const r = i.getBoundingClientRect(); \
         return r.bottom > 0 && r.top < innerHeight; }).every((i) => i.complete && i.naturalWidth > 0)",
        "the page and the pictures in view",
    );
    std::fs::write(&to, browser.screenshot(1400, 900)).unwrap();
}

/// `diff --html`: a row changed between two versions of a PDF's reading stands with the crop
/// of its page before and after, the changed fields beside it.
#[test]
fn diff_html_shows_a_changed_row_with_its_source_before_and_after() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = roadmap(&["extract", "corpus/orel-2022-order-226.pdf"]);
    assert_eq!(code, 0, "{err}");
    let before: Value = serde_json::from_str(&out).unwrap();
    let mut after = before.clone();
    after["actions"][1]["deadline"]["raw"] = json!("25.12.2021 г.");
    let (a, b) = (dir.path().join("before.json"), dir.path().join("after.json"));
    std::fs::write(&a, serde_json::to_string(&before).unwrap()).unwrap();
    std::fs::write(&b, serde_json::to_string(&after).unwrap()).unwrap();
    let html = dir.path().join("changes");
    let (code, text, err) = roadmap(&["diff", a.to_str().unwrap(), b.to_str().unwrap(), "--html", html.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(text.contains("deadline.raw"), "{text}");
    let page = std::fs::read_to_string(html.join("index.html")).unwrap();
    assert_eq!(page.matches("<section class=\"change\">").count(), 1, "{page}");
    let change = page.split("<section class=\"change\">").nth(1).unwrap();
    assert!(change.contains("<td class=\"after\">25.12.2021 г.</td>"), "{change}");
    let sides: Vec<&str> = change.split("<div class=\"side\">").skip(1).collect();
    assert_eq!(sides.len(), 2, "{change}");
    assert!(
        sides[0].starts_with("<h4>было</h4><div class=\"crop\"") && sides[1].starts_with("<h4>стало</h4><div class=\"crop\""),
        "{change}"
    );
    let pictures = std::fs::read_dir(html.join("pages")).unwrap().count();
    assert!(pictures > 0, "the pages the crops show are drawn");
    let (code, _, _) = roadmap(&["diff", a.to_str().unwrap(), a.to_str().unwrap(), "--html", html.to_str().unwrap()]);
    assert_eq!(code, 0);
    let page = std::fs::read_to_string(html.join("index.html")).unwrap();
    assert!(!page.contains("<section class=\"change\">"), "nothing changed: no row");
}
