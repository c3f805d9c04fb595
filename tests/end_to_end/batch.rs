//! How `extract` (and the other writers) treat the file system around the documents: special
//! output targets survive, every file is accounted for, outputs are checked before the work,
//! a closed stdout ends quietly, and no input tree or single input makes a batch hang.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed set-up step is a failed test

use std::io::Read;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::{root, run, run_with_input};
use serde_json::Value;

/// How long a run may take before it counts as a hang: far past what any of these runs needs
/// on a loaded machine, so no test hinges on the machine's speed.
const LIMIT: Duration = Duration::from_secs(600);

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn corpus(name: &str) -> PathBuf {
    root().join("corpus").join(name)
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

fn error_codes(errors_file: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(errors_file)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (v["path"].as_str().unwrap().to_string(), v["code"].as_str().unwrap().to_string())
        })
        .collect()
}

#[test]
fn special_output_targets_survive_and_receive_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let docx = corpus("orel-2022-order-226.docx");

    // a named pipe: written in place, read by whoever holds it open
    let fifo = dir.path().join("fifo");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            std::fs::File::open(&fifo).unwrap().read_to_string(&mut text).unwrap();
            text
        })
    };
    let (code, _, stderr, _) = run(&["extract", s(&docx), "--jsonl", s(&fifo)], LIMIT);
    assert_eq!(code, 0, "{stderr}");
    let received = reader.join().unwrap();
    assert_eq!(received.lines().count(), 1);
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the pipe is still a pipe");

    // a symbolic link: its target is written, the link stays
    let target = dir.path().join("target.jsonl");
    let link = dir.path().join("link.jsonl");
    std::os::unix::fs::symlink("target.jsonl", &link).unwrap();
    let (code, _, stderr, _) = run(&["extract", s(&docx), "--jsonl", s(&link)], LIMIT);
    assert_eq!(code, 0, "{stderr}");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link is still a link");
    assert_eq!(std::fs::read_to_string(&target).unwrap().lines().count(), 1);

    // compare -o through a link, and /dev/null as a device
    let md_target = dir.path().join("table.md");
    let md_link = dir.path().join("table-link.md");
    std::os::unix::fs::symlink(&md_target, &md_link).unwrap();
    let (code, _, stderr, _) = run(&["compare", s(&docx), "-o", s(&md_link)], LIMIT);
    assert_eq!(code, 0, "{stderr}");
    assert!(std::fs::symlink_metadata(&md_link).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(&md_target).unwrap().contains("Орлов"));
    let (code, _, stderr, _) = run(&["extract", s(&docx), "--jsonl", "/dev/null"], LIMIT);
    assert_eq!(code, 0, "{stderr}");
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device(), "/dev/null is still a device");

    // a device node of our own, when the tests may make one
    let node = dir.path().join("null");
    let made = Command::new("mknod").arg(&node).args(["c", "1", "3"]).stderr(Stdio::null()).status().is_ok_and(|s| s.success());
    if made {
        let (code, _, stderr, _) = run(&["extract", s(&docx), "--jsonl", s(&node)], LIMIT);
        assert_eq!(code, 0, "{stderr}");
        assert!(std::fs::metadata(&node).unwrap().file_type().is_char_device(), "the device node survives");
    }
}

#[test]
fn every_file_in_a_folder_is_read_or_counted_as_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join(".hidden")).unwrap();
    std::fs::copy(corpus("orel-2022-order-226.docx"), input.join(".hidden/orel.docx")).unwrap();
    std::fs::copy(corpus("kaluga-2021-order-779.pdf"), input.join("kaluga")).unwrap(); // no extension
    std::fs::copy(corpus("saratov-krasnoarmeysky-2022-roadmap.xlsx"), input.join("saratov.xlsm")).unwrap();
    std::fs::write(input.join("notes.txt"), "not a document").unwrap();
    std::fs::write(input.join("README"), "plain text").unwrap();
    // a PowerPoint presentation: recognised, not read
    let mut ole = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    ole.create_stream("/PowerPoint Document").unwrap();
    ole.flush().unwrap();
    std::fs::write(input.join("slides.ppt"), ole.into_inner().into_inner()).unwrap();
    // a Word 97-2003 document saved by LibreOffice, named .docx
    std::fs::copy(corpus("primorye-2021-order-210a.doc"), input.join("primorye.docx")).unwrap();
    let out = dir.path().join("out");
    let (code, _, stderr, _) = run(&["extract", s(&input), "-o", s(&out), "--verbose"], LIMIT);
    assert_eq!(code, 1, "the .ppt is a failure, not a skip: {stderr}");
    assert!(out.join("primorye.docx.json").is_file() && stderr.contains("named as DOCX, read as DOC"), "{stderr}");
    assert!(out.join(".hidden/orel.docx.json").is_file(), "hidden folders are read: {stderr}");
    assert!(out.join("kaluga.json").is_file(), "a file without an extension is read by its content: {stderr}");
    assert!(out.join("saratov.xlsm.json").is_file(), ".xlsm is read from folders: {stderr}");
    let codes = error_codes(&out.join("_errors.jsonl"));
    assert_eq!(codes.len(), 1);
    assert!(codes[0].0.ends_with("slides.ppt") && codes[0].1 == "unsupported_format", "{codes:?}");
    assert!(stderr.contains("a legacy PowerPoint presentation (.ppt)"), "{stderr}");
    assert!(stderr.contains("4 documents, ") && stderr.contains(", 1 failed, 2 skipped (not documents)"), "{stderr}");
    assert!(stderr.contains("skipped: ") && stderr.contains("notes.txt: not a document (.txt)"), "{stderr}");
    assert!(stderr.contains("README: not a document"), "{stderr}");
}

#[test]
fn outputs_are_checked_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("existing.txt");
    std::fs::write(&file, "x").unwrap();
    for args in [
        vec!["extract", "corpus", "-o", s(&file)],
        vec!["extract", "corpus", "-o", &format!("{}/sub", s(&file))],
        vec!["extract", "corpus", "--jsonl", &format!("{}/sub/x.jsonl", s(&file))],
        vec!["export", "corpus", "--to", s(&file)],
        vec!["compare", "corpus", "-o", &format!("{}/x.md", s(&file))],
    ] {
        let (code, _, stderr, _) = run(&args, LIMIT);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        // one line and no summary: no document was read first
        assert_eq!(stderr.lines().count(), 1, "one line naming the output: {stderr}");
        assert!(stderr.contains(s(&file)) && stderr.contains("cannot write"), "{stderr}");
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
}

#[test]
fn missing_paths_and_empty_folders() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let missing = dir.path().join("missing.pdf");
    let docx = corpus("orel-2022-order-226.docx");
    // one missing path among several: reported, the rest is written, exit 1
    let (code, _, stderr, _) = run(&["extract", s(&missing), s(&docx), "-o", s(&out)], LIMIT);
    assert_eq!(code, 1, "{stderr}");
    assert!(out.join("orel-2022-order-226.docx.json").is_file());
    assert_eq!(error_codes(&out.join("_errors.jsonl")), [(s(&missing).to_string(), "not_found".to_string())]);
    // nothing given exists: a usage error
    let (code, _, stderr, _) = run(&["extract", s(&missing), "-o", s(&out)], LIMIT);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("missing.pdf: no such file or folder"), "{stderr}");
    // a folder with no documents: the same rule for extract and compare
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::write(empty.join("notes.txt"), "x").unwrap();
    for args in [vec!["extract", s(&empty), "-o", s(&out)], vec!["compare", s(&empty)], vec!["export", s(&empty), "--to", s(&out)]] {
        let (code, _, stderr, _) = run(&args, LIMIT);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains(&format!("{}: no documents found", s(&empty))), "{args:?}: {stderr}");
    }
    // --verbose lists what was passed over, as the message says, and no output folder is left
    let fresh = dir.path().join("fresh");
    for args in [vec!["extract", s(&empty), "-o", s(&fresh), "--verbose"], vec!["export", s(&empty), "--to", s(&fresh)]] {
        let (code, _, stderr, _) = run(&args, LIMIT);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(!fresh.exists(), "{args:?} left an empty output folder");
    }
    let (_, _, stderr, _) = run(&["extract", s(&empty), "-o", s(&fresh)], LIMIT);
    assert!(stderr.contains("(1 other file passed over; --verbose lists it)"), "{stderr}");
    let (_, _, stderr, _) = run(&["extract", s(&empty), "-o", s(&fresh), "--verbose"], LIMIT);
    assert!(stderr.contains(&format!("skipped: {}: not a document (.txt)", s(&empty.join("notes.txt")))), "{stderr}");
}

#[test]
fn options_are_read_as_people_write_them() {
    // a date written the Russian way, a month by its name
    let (code, out, stderr, _) = run(&["dates", "в течение 10 дней со дня подписания", "--document-date", "15.03.2023"], LIMIT);
    assert_eq!(code, 0, "{stderr}");
    assert!(out.contains(r#""end": "2023-03-25""#), "{out}");
    for month in ["январь", "Январь 2022", "1"] {
        let (code, out, stderr, _) = run(&["dates", "в течение месяца", "--year", "2022", "--month", month], LIMIT);
        assert_eq!(code, 0, "{month}: {stderr}");
        assert!(out.contains(r#""end": "2022-01-31""#), "{month}: {out}");
    }
    let (code, _, stderr, _) = run(&["dates", "май", "--month", "13"], LIMIT);
    assert_eq!(code, 2);
    assert!(stderr.contains("give 1–12 or its name"), "{stderr}");
    // no workers at all is refused, not taken silently
    let (code, _, stderr, _) = run(&["extract", "corpus", "--jsonl", "/dev/null", "--jobs", "0"], LIMIT);
    assert_eq!(code, 2);
    assert!(stderr.contains("--jobs"), "{stderr}");
}

#[test]
fn a_document_without_a_roadmap_table_is_a_warning_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>ПРИКАЗ</w:t></w:r></w:p><w:p><w:r><w:t>О проведении совещания</w:t></w:r></w:p></w:body></w:document>"#;
    let mut bytes = std::io::Cursor::new(Vec::new());
    {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(&mut bytes);
        zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
        zip.finish().unwrap();
    }
    let path = dir.path().join("letter.docx");
    std::fs::write(&path, bytes.into_inner()).unwrap();
    let (code, _, stderr, _) = run(&["extract", s(&path)], LIMIT);
    assert_eq!(code, 0);
    assert!(stderr.contains(&format!("warning: {}: no roadmap table found", s(&path))), "{stderr}");
    let (code, _, stderr, _) = run(&["extract", s(&path), s(&corpus("orel-2022-order-226.docx")), "--jsonl", "/dev/null"], LIMIT);
    assert_eq!(code, 0);
    assert!(stderr.contains("2 documents, 32 actions, 0 failed, 0 skipped (not documents), 1 without a roadmap table"), "{stderr}");
}

/// Run with stdout read for `bytes` bytes and then closed, as `| head -c` does.
fn run_closing_stdout(args: &[&str], bytes: usize) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_roadmap"))
        .args(args)
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut head = vec![0; bytes];
    stdout.read_exact(&mut head).unwrap();
    drop(stdout);
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    (child.wait().unwrap().code().unwrap_or(-1), stderr)
}

#[test]
fn a_closed_stdout_ends_quietly_with_the_exit_code_of_the_work() {
    let (code, stderr) = run_closing_stdout(&["extract", "corpus", "--jsonl", "-"], 100);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("Broken pipe") && !stderr.contains("error"), "{stderr}");
    let (code, stderr) = run_closing_stdout(&["extract", "corpus/orel-2022-order-226.docx"], 100);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
    // two different documents: diff's exit code 1 survives a closed stdout
    let (code, stderr) = run_closing_stdout(
        &["diff", "fixtures/orel-2022-order-226.docx.json", "fixtures/kaluga-2021-order-779.docx.json", "--format", "json"],
        10,
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
}

#[test]
fn messages_are_for_people() {
    let (code, _, stderr, _) = run(&["dates", "май", "--year", "22"], LIMIT);
    assert_eq!(code, 2);
    assert!(stderr.contains("1990") && stderr.contains("2100"), "{stderr}");
    let (code, out, _, _) = run(&["dates", "31.02.2022"], LIMIT);
    assert_eq!(code, 0);
    assert!(!out.contains("Day {") && !out.contains("month:"), "no debug text: {out}");
    let (code, _, stderr, _) = run(&["diff", "corpus/orel-2022-order-226.docx", "fixtures/orel-2022-order-226.docx.json"], LIMIT);
    assert_eq!(code, 2);
    assert!(stderr.contains("not a canonical roadmap") && stderr.contains("roadmap extract"), "{stderr}");
}

#[test]
fn no_input_makes_a_batch_hang() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("a")).unwrap();
    std::os::unix::fs::symlink("..", input.join("a/up")).unwrap(); // a loop
    mkfifo(&input.join("pipe.docx")); // nobody writes to it
    std::fs::copy(corpus("orel-2022-order-226.docx"), input.join("a/orel.docx")).unwrap();
    std::fs::copy(corpus("kaluga-2021-order-779.pdf"), input.join("kaluga.pdf")).unwrap();
    let out = dir.path().join("out");
    for follow in [false, true] {
        let mut args = vec!["extract", s(&input), "-o", s(&out)];
        if follow {
            args.push("--follow");
        }
        let (code, _, stderr, _) = run(&args, LIMIT);
        assert_eq!(code, 0, "{stderr}");
        assert!(out.join("a/orel.docx.json").is_file() && out.join("kaluga.pdf.json").is_file(), "{stderr}");
        assert!(stderr.contains("2 documents, ") && stderr.contains("skipped (not documents)"), "{stderr}");
        assert_eq!(stderr.contains("a loop"), follow, "{stderr}");
    }
    // a device that never ends is read up to the size limit, then refused
    let (code, _, stderr, _) = run(&["extract", "/dev/zero"], LIMIT);
    assert_eq!(code, 1);
    assert!(stderr.contains("larger than 512 MiB"), "{stderr}");
    let (code, _, stderr, _) = run(&["extract", "/dev/zero", "--max-file-mib", "1", "--jsonl", "/dev/null"], LIMIT);
    assert_eq!(code, 1);
    assert!(stderr.contains("larger than 1 MiB"), "{stderr}");
    // a named pipe given on purpose that nobody writes to: the time limit ends the wait
    let lonely = dir.path().join("lonely.docx");
    mkfifo(&lonely);
    let (code, _, stderr, _) = run(&["extract", s(&lonely), "--timeout", "1"], LIMIT);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("time limit of 1 s"), "{stderr}");
    // standard input, the format found by content
    let docx = std::fs::read(corpus("orel-2022-order-226.docx")).unwrap();
    let (code, stdout, stderr, _) = run_with_input(&["extract", "-"], &docx, LIMIT);
    assert_eq!(code, 0, "{stderr}");
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["source"]["path"], "stdin");
    assert_eq!(doc["actions"].as_array().map(Vec::len), Some(32));
}

/// A PDF of 400 pages sharing one content stream of `ops` text-showing operations: slow to
/// read on purpose.
fn slow_pdf(ops: usize) -> Vec<u8> {
    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" });
    let content: Vec<u8> = b"BT /F1 1 Tf ".iter().copied().chain(b"(x) Tj ".repeat(ops)).chain(b"ET".iter().copied()).collect();
    let content = doc.add_object(Stream::new(dictionary! {}, content));
    let kids: Vec<Object> = (0..400)
        .map(|_| {
            doc.add_object(dictionary! {
                "Type" => "Page", "Parent" => pages_id, "Contents" => content, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
                "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
            })
            .into()
        })
        .collect();
    doc.objects.insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => 400 }));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn a_document_past_the_time_limit_is_reported_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("a-slow.pdf"), slow_pdf(400_000)).unwrap();
    std::fs::copy(corpus("orel-2022-order-226.docx"), input.join("b-orel.docx")).unwrap();
    std::fs::copy(corpus("kaluga-2021-order-779.xlsx"), input.join("c-kaluga.xlsx")).unwrap();
    let out = dir.path().join("out");
    // 160 million text operations take minutes; the corpus files well under the limit, even
    // in a debug build on a loaded machine (the `timeout` code below says the limit ended it)
    let (code, _, stderr, _) = run(&["extract", s(&input), "-o", s(&out), "--timeout", "15", "--jobs", "1"], LIMIT);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(error_codes(&out.join("_errors.jsonl")), [(s(&input.join("a-slow.pdf")).to_string(), "timeout".to_string())]);
    assert!(stderr.contains("time limit of 15 s"), "{stderr}");
    assert!(out.join("b-orel.docx.json").is_file() && out.join("c-kaluga.xlsx.json").is_file(), "the worker went on: {stderr}");
}
