//! The commands that consume canonical JSON: `diff`, `compare` and `export`, run as a user
//! runs them, on the blessed fixtures and on documents edited at test time.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed set-up step is a failed test

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::{roadmap, root};

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

/// The canonical fixtures of the corpus (30 documents: five acts in six formats).
fn fixture_files() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join("fixtures"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), 30);
    files
}

#[test]
fn compare_shows_every_corpus_region_with_its_milestones() {
    let (code, out, err) = roadmap(&["compare", "corpus"]);
    assert_eq!(code, 0, "{err}");
    for region in ["Калужская область", "Ленинградская область", "Орловская область", "Приморский край", "Саратовская область"]
    {
        let row = out.lines().find(|l| l.starts_with(&format!("| {region} | "))).unwrap_or_else(|| panic!("{region} missing:\n{out}"));
        assert!(row.contains(" (") && row.matches(" — |").count() < 13, "{row}");
    }
    assert!(
        out.contains("| Калужская область | 2021 | приказ № 779 от 2021-06-10 | 13/13 (100%) | 2021-01-18 – 2021-01-27 (4) |"),
        "{out}"
    );
    assert!(
        out.contains("| Ленинградская область | 2021 | распоряжение № 832-р от 2021-03-31 | 8/13 (62%) |"),
        "rounded to the nearest: {out}"
    );
    assert!(out.contains("| Приморский край | 2021 | Назначение региональных и муниципальных координаторов;"), "{out}");
    // a region's plans of different years are rows of their own (the school's 2021/2022
    // plan and the municipal office's 2022 plan in corpus/genre), each with its act
    assert!(out.contains("| Республика Башкортостан | 2021 | приказ № 45-од от 2021-08-30 |"), "{out}");
    assert!(out.contains("| Республика Башкортостан | 2022 | приказ № 01-03/27-пр от 2022-02-14 |"), "{out}");
    // the source files are linked
    assert!(out.contains("[kaluga-2021-order-779.docx](<corpus/kaluga-2021-order-779.docx>)"), "{out}");
    // --year keeps one year's plans
    let (code, only_2022, _) = roadmap(&["compare", "corpus", "--year", "2022"]);
    assert_eq!(code, 0);
    assert!(only_2022.contains("| Орловская область | 2022 |") && !only_2022.contains("| Калужская область |"), "{only_2022}");

    // The same table from the canonical files, in every format.
    let files = fixture_files();
    let mut args: Vec<&str> = vec!["compare", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let (code, json, _) = roadmap(&args);
    assert_eq!(code, 0);
    let c: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(c["regions"].as_array().unwrap().len(), 5);
    assert_eq!(c["regions"][0]["actions"], 53, "six renditions of one act count once");
    assert_eq!(c["regions"][0]["documents"].as_array().unwrap().len(), 6);

    args[2] = "csv";
    let (_, csv, _) = roadmap(&args);
    assert_eq!(csv.lines().count(), 6);
    assert!(csv.lines().nth(1).unwrap().starts_with("Калужская область,RU-KLU,"));
    assert!(csv.lines().nth(1).unwrap().ends_with(",2021,приказ № 779 от 2021-06-10"), "year and act come last");
    assert_eq!(c["regions"][0]["year"], 2021);
    assert_eq!(c["regions"][0]["acts"][0]["number"], "779");

    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("compare.html");
    let (code, _, _) = roadmap(&["compare", "corpus", "--format", "html", "-o", &page.to_string_lossy()]);
    assert_eq!(code, 0);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<th scope=\"row\" data-sort=\"Приморский край\">"));
    assert!(html.contains("<a href=\"corpus/primorye-2021-order-210a.docx\">"), "links to the sources");
}

#[test]
fn compare_reports_bad_files_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.json"), "{}").unwrap();
    std::fs::copy(root().join("fixtures/orel-2022-order-226.pdf.json"), dir.path().join("orel.json")).unwrap();
    let (code, out, err) = roadmap(&["compare", &dir.path().to_string_lossy()]);
    assert_eq!(code, 1);
    assert!(err.contains("broken.json: not a canonical roadmap"), "{err}");
    assert!(out.contains("| Орловская область | 2022 | приказ № 226 от 2022-02-28 | 12/13 (92%) |"), "{out}");
    assert_eq!(roadmap(&["compare", "no/such/folder"]).0, 2);
}

#[test]
fn export_writes_csv_that_postgres_loads_and_parquet_that_duckdb_reads_alike() {
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().to_string_lossy().into_owned();
    let files = fixture_files();
    let mut args: Vec<&str> = vec!["export", "--to", &to];
    args.extend(files.iter().map(String::as_str));
    let actions_of =
        |f: &String| serde_json::from_str::<Value>(&std::fs::read_to_string(f).unwrap()).unwrap()["actions"].as_array().unwrap().len();
    // every rendition's actions, with --all-renditions
    let mut all = args.clone();
    all.push("--all-renditions");
    let (code, _, err) = roadmap(&all);
    assert_eq!(code, 0, "{err}");
    let all_actions: usize = files.iter().map(actions_of).sum();
    assert!(err.contains(&format!("5 acts, 30 documents, {all_actions} actions")), "{err}");
    // by default, each act's actions once, from its best rendition (here the DOCX)
    let (code, _, err) = roadmap(&args);
    assert_eq!(code, 0, "{err}");
    let expected_actions: usize = files.iter().filter(|f| f.ends_with(".docx.json")).map(actions_of).sum();
    assert!(err.contains(&format!("5 acts, 30 documents, {expected_actions} actions")), "{err}");

    // RFC 4180: read back with a CSV reader, every action text (commas, quotes, line breaks
    // inside) is what the canonical file holds.
    let mut reader = csv::Reader::from_path(dir.path().join("actions.csv")).unwrap();
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "document_key");
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), expected_actions);
    let kaluga: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("fixtures/kaluga-2021-order-779.docx.json")).unwrap()).unwrap();
    let multiline = kaluga["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["result"].as_str().is_some_and(|r| r.contains('\n') && r.contains(',')))
        .unwrap();
    let exported = rows
        .iter()
        .find(|r| {
            &r[column("document_key")] == kaluga["source"]["sha256"].as_str().unwrap() && r[column("seq")] == *multiline["seq"].to_string()
        })
        .unwrap();
    assert_eq!(&exported[column("result")], multiline["result"].as_str().unwrap());
    assert_eq!(&exported[column("action")], multiline["action"].as_str().unwrap());
    assert_eq!(&exported[column("region")], "Калужская область");

    let queries = [
        "\\copy acts FROM 'acts.csv' WITH (FORMAT csv, HEADER true)",
        "\\copy documents FROM 'documents.csv' WITH (FORMAT csv, HEADER true)",
        "\\copy actions FROM 'actions.csv' WITH (FORMAT csv, HEADER true)",
        "SELECT count(*) FROM documents",
        "SELECT count(*) FROM actions",
        "SELECT count(DISTINCT region_iso) FROM actions",
        "SELECT deadline_kind || ' ' || deadline_end FROM actions a JOIN documents d USING (document_key) WHERE d.path LIKE '%orel-2022-order-226.docx' AND a.number = '1'",
        "SELECT number || ' ' || date || ' ' || plan_year FROM documents WHERE path LIKE '%leningrad%.pdf'",
        "SELECT count(*) FROM actions WHERE 'curator_visits' = ANY (milestones) AND region_iso = 'RU-KLU'",
        "SELECT count(*) FROM actions WHERE deadline_start IS NULL AND deadline_kind = 'deadline'",
        "SELECT count(*) || ' ' || sum(renditions) FROM acts",
        "SELECT string_agg(n::text, '/' ORDER BY region_iso) FROM (SELECT region_iso, count(*) AS n FROM actions GROUP BY region_iso) per_region",
        "SELECT string_agg(n::text, '/' ORDER BY region) FROM (SELECT region, count(*) AS n FROM actions WHERE 'curator_visits' = ANY (milestones) GROUP BY region) visits",
        // deadlines in a year, by year
        "SELECT string_agg(y || ':' || n, ' ' ORDER BY y) FROM (SELECT extract(year FROM deadline_end)::int AS y, count(*) AS n FROM actions WHERE deadline_end IS NOT NULL GROUP BY 1) per_year",
    ];
    let mut command = Command::new(root().join("scripts/with-postgres.sh"));
    command.current_dir(dir.path()).args(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-f", "schema.sql"]);
    for q in queries {
        command.args(["-c", q]);
    }
    let out = command.output().expect("run scripts/with-postgres.sh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "PostgreSQL load failed: {}\n{stdout}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<&str> = stdout.lines().collect();
    // one act per region, its actions once: Kaluga 53, Leningrad 64, Orel 32, Primorye 28, Saratov 24
    assert_eq!(
        lines,
        [
            "30",
            &expected_actions.to_string(),
            "5",
            "deadline 2021-12-16",
            "832-р 2021-03-31 2021",
            "1",
            lines[6],
            "5 30",
            "53/64/32/28/24",
            lines[9],
            lines[10]
        ]
    );
    // Kaluga's, Leningrad's and Primorye's plans are of 2021, Orel's and Saratov's of 2022
    assert!(lines[10].starts_with("2021:") && lines[10].contains(" 2022:"), "deadlines per year: {}", lines[10]);
    assert!(lines[6].parse::<usize>().unwrap() > 0);
    assert!(lines[9].split('/').all(|n| n == "1"), "one curator visit per region: {}", lines[9]);

    // the same queries on the Parquet export, in DuckDB, give PostgreSQL's answers
    let parquet = dir.path().join("parquet");
    let mut args: Vec<&str> = vec!["export", "--format", "parquet", "--to", parquet.to_str().unwrap()];
    args.extend(files.iter().map(String::as_str));
    let (code, _, err) = roadmap(&args);
    assert_eq!(code, 0, "{err}");
    let duckdb = "import duckdb, sys\n\
        con = duckdb.connect()\n\
        for t in ('acts', 'documents', 'actions'):\n    con.execute(f\"CREATE VIEW {t} AS SELECT * FROM '{t}.parquet'\")\n\
        for q in sys.argv[1:]:\n    print(*con.execute(q).fetchone())\n";
    let mut command = Command::new(root().join("scripts/with-python.sh"));
    command.current_dir(&parquet).args(["--tools-only", "python", "-c", duckdb]).args(queries.iter().filter(|q| !q.starts_with('\\')));
    let out = command.output().expect("run scripts/with-python.sh");
    assert!(out.status.success(), "DuckDB failed: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), stdout, "DuckDB on the Parquet export and PostgreSQL on the CSV disagree");
}

/// The comparison page in a real browser: `scripts/check-compare-html.sh` (which installs
/// Debian's chromium when the machine has none, as the PostgreSQL test installs its server)
/// opens the corpus's page and one of 85 synthetic regions at 1 400 × 900 and checks sorting,
/// the filters, the sticky region column, that every milestone column is in view, that no text
/// overflows its cell and that the timeline has an axis per milestone.
#[test]
fn compare_html_reads_with_85_regions_in_a_browser() {
    let shots = tempfile::tempdir().unwrap();
    let out = Command::new(root().join("scripts/check-compare-html.sh"))
        .arg(shots.path())
        .env("ROADMAP_BIN", env!("CARGO_BIN_EXE_roadmap"))
        .current_dir(root())
        .output()
        .expect("run scripts/check-compare-html.sh");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{}\n{stderr}", String::from_utf8_lossy(&out.stdout));
    for shot in ["table.png", "timeline.png"] {
        assert!(std::fs::metadata(shots.path().join(shot)).is_ok_and(|m| m.len() > 10_000), "no screenshot {shot}");
    }
}

/// `diff --pair act` holds every rendition against its act's best one: on the corpus's
/// fixtures, the DOC, RTF, ODT and PDF renditions say what the DOCX says (the source file and
/// the pages and the line ends aside), and the workbooks of the four orders differ only in the
/// order's header they do not carry (the standalone plan's workbook agrees too).
#[test]
fn diff_pairs_the_renditions_of_one_act() {
    let dir = tempfile::tempdir().unwrap();
    for f in fixture_files() {
        let name = Path::new(&f).file_name().unwrap().to_owned();
        std::fs::copy(&f, dir.path().join(name)).unwrap();
    }
    let folder = dir.path().to_string_lossy().into_owned();
    let (code, out, err) = roadmap(&["diff", &folder, &folder, "--pair", "act", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    let differing: Vec<&str> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["differences"].as_u64().unwrap() > 0)
        .map(|d| d["actual"].as_str().unwrap())
        .collect();
    assert_eq!(differing.len(), 4, "{differing:?}");
    assert!(differing.iter().all(|p| p.ends_with(".xlsx.json")), "{differing:?}");
    // each pair holds a rendition against its act's DOCX
    let pairs = report["documents"].as_array().unwrap();
    assert_eq!(pairs.len(), 25, "five acts, five other renditions each");
    assert!(pairs.iter().all(|d| d["expected"].as_str().unwrap().ends_with(".docx.json")));
}
