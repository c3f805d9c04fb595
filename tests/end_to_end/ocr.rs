//! Scanned orders, read by OCR: the scans of `corpus/scans/` (made from the corpus's text PDFs
//! by `scripts/make-scans.sh`: 150, 200 and 300 dpi, skewed, noisy, JPEG and black-and-white
//! CCITT pages, a text PDF whose last page is a scan, and a scan kept as a Word 97-2003 file of
//! page pictures) give the text PDF's actions, numbers,
//! normalized deadlines and metadata; hostile page images give one error line each; a machine
//! without Tesseract reports scans as `ocr_unavailable` and goes on. The tests that recognize
//! run under `scripts/with-tesseract.sh`, which installs Debian's Tesseract when it is missing.

use std::path::Path;
use std::process::Command;

use lopdf::{dictionary, Document, Object, Stream};
use serde_json::Value;

use crate::common::root;

/// Run the binary under `scripts/with-tesseract.sh`: exit code, stdout, stderr.
fn with_tesseract(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(root().join("scripts/with-tesseract.sh"))
        .arg(env!("CARGO_BIN_EXE_roadmap"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run scripts/with-tesseract.sh");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

fn text<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    path.iter().fold(v, |v, k| &v[*k]).as_str().unwrap_or("")
}

#[test]
fn scans_give_the_text_pdfs_actions() {
    let out = tempfile::tempdir().unwrap();
    let (code, _, err) = with_tesseract(&["extract", "corpus/scans", "-o", out.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let scans = [
        ("saratov-krasnoarmeysky-2022-roadmap.150dpi.pdf", "fixtures/saratov-krasnoarmeysky-2022-roadmap.pdf.json", 7),
        // the same pages kept as a Word 97-2003 file, a page a picture and no text
        ("saratov-krasnoarmeysky-2022-roadmap.150dpi.pictures.doc", "fixtures/saratov-krasnoarmeysky-2022-roadmap.pdf.json", 7),
        ("primorye-2021-order-210a.300dpi-bw.pdf", "fixtures/primorye-2021-order-210a.pdf.json", 8),
        ("municipal-2022-order-27.200dpi.pdf", "fixtures/genre/municipal-2022-order-27.pdf.json", 1),
        ("orel-2022-order-226.last-page-scanned.pdf", "fixtures/orel-2022-order-226.pdf.json", 1),
    ];
    let (mut actions, mut exact, mut similar) = (0, 0, 0);
    for (scan, text_pdf, pages) in scans {
        let read = json(&out.path().join(format!("{scan}.json")));
        let expected = json(&root().join(text_pdf));
        // the scan is said to be one, with the pages recognized
        let ocr = &read["source"]["ocr"];
        assert_eq!(ocr["engine"], "tesseract", "{scan}");
        assert_eq!(ocr["pages"], pages, "{scan}");
        assert!(ocr["mean_confidence"].as_u64().unwrap() >= 85, "{scan}: {ocr}");
        // metadata as for the text PDF
        for field in ["kind", "number", "date", "region", "place"] {
            assert_eq!(read["document"][field], expected["document"][field], "{scan}: document.{field}");
        }
        let (got, want) = (read["actions"].as_array().unwrap(), expected["actions"].as_array().unwrap());
        assert_eq!(got.len(), want.len(), "{scan}: every action, and no more");
        for (a, b) in got.iter().zip(want) {
            actions += 1;
            assert_eq!(a["number"], b["number"], "{scan}: the numbers");
            let deadline = |d: &Value| (d["kind"].clone(), d["start"].clone(), d["end"].clone());
            exact += usize::from(deadline(&a["deadline"]) == deadline(&b["deadline"]));
            let fields = [&["action"][..], &["responsible", "raw"], &["result"]];
            similar += usize::from(fields.iter().all(|f| strsim::normalized_levenshtein(text(a, f), text(b, f)) >= 0.95));
            assert!(
                strsim::normalized_levenshtein(text(a, &["action"]), text(b, &["action"])) >= 0.8,
                "{scan} {}: {} ≠ {}",
                b["seq"],
                a["action"],
                b["action"]
            );
        }
    }
    // every deadline exact, and nearly every row's text as printed
    assert_eq!(exact, actions, "normalized deadlines");
    assert!(similar * 100 >= actions * 95, "{similar} of {actions} actions have every text field 95% similar");
    // a row of the scanned page carries its confidence; a row of a text page none
    let orel = json(&out.path().join("orel-2022-order-226.last-page-scanned.pdf.json"));
    let rows = orel["actions"].as_array().unwrap();
    assert!(rows.iter().any(|a| a["provenance"]["confidence"].is_u64()), "a scanned row has a confidence");
    assert!(rows.iter().any(|a| a["provenance"]["confidence"].is_null()), "a text row has none");
}

/// A one-page PDF painting `image` over the page.
fn pdf_with_image(image: Stream) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let image = doc.add_object(image);
    let content = doc.add_object(Stream::new(dictionary! {}, b"q 595 0 0 842 0 0 cm /Im1 Do Q".to_vec()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Resources" => dictionary! { "XObject" => dictionary! { "Im1" => image } },
    });
    doc.objects.insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn gray_image(width: i64, height: i64, filter: Option<&str>, data: Vec<u8>) -> Stream {
    let mut dict = dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => width, "Height" => height, "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 };
    if let Some(f) = filter {
        dict.set("Filter", Object::Name(f.as_bytes().to_vec()));
    }
    Stream::new(dict, data).with_compression(false)
}

/// The first image stream (a JPEG) of a scan in the corpus.
fn a_jpeg_page() -> Vec<u8> {
    let scan = Document::load(root().join("corpus/scans/municipal-2022-order-27.200dpi.pdf")).unwrap();
    scan.objects
        .values()
        .find_map(|o| {
            let s = o.as_stream().ok()?;
            (s.dict.get(b"Filter").ok()?.as_name().ok()? == b"DCTDecode").then(|| s.content.clone())
        })
        .unwrap()
}

#[test]
fn hostile_page_images_give_one_error_line_each() {
    let dir = tempfile::tempdir().unwrap();
    let jpeg = a_jpeg_page();
    let files = [
        ("huge.pdf", pdf_with_image(gray_image(30_000, 30_000, None, vec![255; 64])), "30000 × 30000 pixels"),
        ("truncated-jpeg.pdf", pdf_with_image(gray_image(1654, 2339, Some("DCTDecode"), jpeg[..jpeg.len() / 8].to_vec())), "JPEG"),
        ("zero-size.pdf", pdf_with_image(gray_image(0, 0, None, Vec::new())), "0 × 0"),
        ("short-samples.pdf", pdf_with_image(gray_image(1000, 1000, None, vec![0; 100])), "cut short"),
    ];
    for (name, bytes, _) in &files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let out = dir.path().join("out");
    let (code, _, err) = with_tesseract(&["extract", dir.path().to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    let errors: Vec<Value> =
        std::fs::read_to_string(out.join("_errors.jsonl")).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(errors.len(), files.len(), "{err}");
    for (name, _, says) in files {
        let line: Vec<&str> = err.lines().filter(|l| l.contains(name)).collect();
        assert_eq!(line.len(), 1, "one line for {name}: {err}");
        assert!(line[0].contains("scanned page unreadable: page 1:") && line[0].contains(says), "{name}: {}", line[0]);
        let e = errors.iter().find(|e| e["path"].as_str().unwrap().ends_with(name)).unwrap();
        assert_eq!(e["code"], "pdf_unreadable", "{name}");
    }
}

#[test]
fn without_tesseract_a_scan_is_ocr_unavailable_and_the_rest_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["municipal-2022-order-27.200dpi.pdf", "orel-2022-order-226.last-page-scanned.pdf"] {
        std::fs::copy(root().join("corpus/scans").join(name), dir.path().join(name)).unwrap();
    }
    std::fs::copy(root().join("corpus/orel-2022-order-226.docx"), dir.path().join("orel.docx")).unwrap();
    let out = dir.path().join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_roadmap"))
        .args(["extract", dir.path().to_str().unwrap(), "-o", out.to_str().unwrap()])
        .env("ROADMAP_TESSERACT", "/nonexistent/tesseract")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{err}");
    let line: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(line.len(), 1, "{err}");
    assert!(
        line[0].contains("municipal-2022-order-27.200dpi.pdf") && line[0].ends_with("install tesseract-ocr and tesseract-ocr-rus"),
        "{}",
        line[0]
    );
    let errors = std::fs::read_to_string(out.join("_errors.jsonl")).unwrap();
    assert!(errors.contains(r#""code":"ocr_unavailable""#), "{errors}");
    // the order whose last page alone is a scan is read but for that page, and says so
    let orel = json(&out.join("orel-2022-order-226.last-page-scanned.pdf.json"));
    let text_pdf = json(&root().join("fixtures/orel-2022-order-226.pdf.json"));
    let before_last = text_pdf["actions"].as_array().unwrap().iter().filter(|a| a["provenance"]["page"].as_u64() < Some(11)).count();
    assert_eq!(orel["actions"].as_array().unwrap().len(), before_last);
    assert!(orel["warnings"].as_array().unwrap().iter().any(|w| w["code"] == "ocr.unavailable"));
    assert!(out.join("orel.docx.json").exists());
    // --ocr never refuses a scan as having no text layer
    let never = Command::new(env!("CARGO_BIN_EXE_roadmap"))
        .args(["extract", dir.path().join("municipal-2022-order-27.200dpi.pdf").to_str().unwrap(), "--ocr", "never"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&never.stderr).contains("no text layer"), "{}", String::from_utf8_lossy(&never.stderr));
}

/// The scans of `scripts/make-text-layer-scans.sh`: pages 2–3 of the Saratov scan with a
/// recognized text layer laid over the image, the table's lines only in the image. A layer that
/// reads well keeps its words, ruled by the lines found on the image; a layer of Latin
/// look-alikes is recognized again. Either way every row of the pages comes out.
#[test]
fn scans_with_a_recognized_text_layer_give_their_rows() {
    let expected = json(&root().join("fixtures/saratov-krasnoarmeysky-2022-roadmap.pdf.json"));
    let want: Vec<&Value> =
        expected["actions"].as_array().unwrap().iter().filter(|a| matches!(a["provenance"]["page"].as_u64(), Some(2 | 3))).collect();
    assert_eq!(want.len(), 9);
    for (scan, recognized, least_exact) in [
        ("saratov-krasnoarmeysky-2022-roadmap.150dpi.text-layer.pdf", false, 7),
        ("saratov-krasnoarmeysky-2022-roadmap.150dpi.latin-text-layer.pdf", true, 9),
    ] {
        let (code, out, err) = with_tesseract(&["extract", &format!("corpus/scans/{scan}")]);
        assert_eq!(code, 0, "{scan}: {err}");
        let read: Value = serde_json::from_str(&out).unwrap();
        let notes: Vec<&str> = read["warnings"].as_array().unwrap().iter().filter_map(|w| w["message"].as_str()).collect();
        assert_eq!(
            notes.iter().filter(|n| n.contains("text layer read badly")).count(),
            if recognized { 2 } else { 0 },
            "{scan}: {notes:?}"
        );
        assert_eq!(read["source"]["ocr"]["pages"].as_u64(), recognized.then_some(2), "{scan}");
        let got = read["actions"].as_array().unwrap();
        // every row, in its place: the row that continues from page 1 and the nine of pages 2–3
        assert_eq!(got.len(), want.len() + 1, "{scan}: {got:#?}");
        let mut exact = 0;
        for (i, (a, b)) in got[1..].iter().zip(&want).enumerate() {
            exact += usize::from(a["number"] == b["number"]);
            // the last row goes on to page 4, which the two-page scan does not hold: its
            // beginning is compared
            let (read, printed) = (text(a, &["action"]), text(b, &["action"]));
            let printed = if i + 1 == want.len() { printed.chars().take(read.chars().count()).collect() } else { printed.to_string() };
            let similar = strsim::normalized_levenshtein(read, &printed);
            assert!(similar >= 0.8, "{scan}: {read} ≠ {printed}");
        }
        assert!(exact >= least_exact, "{scan}: {exact} numbers as printed");
    }
}

#[test]
fn an_interrupted_batch_keeps_what_it_wrote_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let (temp, out) = (dir.path().join("tmp"), dir.path().join("out"));
    std::fs::create_dir_all(&temp).unwrap();
    // a text document first (written before the scans are reached), then the scans
    let docx = root().join("corpus/orel-2022-order-226.docx");
    let mut child = Command::new(root().join("scripts/with-tesseract.sh"))
        .arg(env!("CARGO_BIN_EXE_roadmap"))
        .args(["extract", docx.to_str().unwrap(), "corpus/scans", "-o", out.to_str().unwrap(), "--jobs", "2"])
        .env("TMPDIR", &temp)
        .current_dir(root())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // interrupted while a page is being recognized (its image lies in the temporary folder)
    // and once the text document is written: with two jobs the two run side by side, and a
    // loaded machine may reach a page before the document is done
    let recognizing = || std::fs::read_dir(&temp).unwrap().flatten().any(|e| e.file_name().to_string_lossy().starts_with("roadmap-page-"));
    let written = || out.join("orel-2022-order-226.docx.json").is_file();
    let waited = std::time::Instant::now();
    while !(written() && recognizing()) {
        assert!(child.try_wait().unwrap().is_none(), "the batch ended before a page was recognized");
        assert!(waited.elapsed() < std::time::Duration::from_secs(1800), "no page was recognized (a hang)");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // the script exec'd the binary: the child's id is the binary's
    let sent = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(sent.success());
    let finished = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&finished.stderr);
    assert_eq!(finished.status.code(), Some(130), "{err}");
    let said = err.lines().find(|l| l.starts_with("interrupted: ")).unwrap_or_else(|| panic!("no word of the interruption: {err}"));
    assert!(said.contains("files not read") && said.contains(out.to_str().unwrap()), "{said}");
    // finished outputs kept, nothing half-written, no page image left behind
    assert!(out.join("orel-2022-order-226.docx.json").is_file(), "{err}");
    for entry in std::fs::read_dir(&out).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(!name.ends_with(".tmp"), "a temporary file left in the output folder: {name}");
        if name.ends_with(".json") {
            json(&entry.path());
        }
    }
    assert!(out.join("_errors.jsonl").is_file(), "the failures so far are kept");
    let left: Vec<String> = std::fs::read_dir(&temp).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}
