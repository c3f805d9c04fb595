//! Hostile input, built at test time: every bad file gets one clean `error: FILE: …` line and
//! its code in `_errors.jsonl`, nothing panics or hangs, and the rest of the batch is written.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed set-up step is a failed test

use std::io::Write;
use std::time::Duration;

use lopdf::{dictionary, Document, Object, Stream};

use crate::common::{root, run};

/// A one-page PDF whose page shows `content` with a Helvetica font named `F1`, and an image
/// `Im1` it may paint.
pub(crate) fn pdf(content: &[u8]) -> Document {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" });
    let image = doc.add_object(Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 2, "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        vec![0, 255, 255, 0],
    ));
    let content = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font }, "XObject" => dictionary! { "Im1" => image } },
    });
    doc.objects.insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc
}

/// A PDF whose page tree names itself as its own kid (a loop), its page object intact.
pub(crate) fn self_referencing_pdf() -> Vec<u8> {
    let mut doc = pdf(b"BT /F1 12 Tf 100 700 Td (Text) Tj ET");
    let pages = doc.catalog().unwrap().get(b"Pages").unwrap().as_reference().unwrap();
    doc.objects.insert(pages, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![pages.into()], "Count" => 1 }));
    save(doc)
}

pub(crate) fn save(mut doc: Document) -> Vec<u8> {
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    for (name, data) in parts {
        zip.start_file(*name, zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated)).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

pub(crate) fn docx_with_body(body: &str) -> Vec<u8> {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    zip_of(&[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", xml.as_bytes())])
}

/// A plan of `rows` rows (the first a header) with varied text in four columns, so that the
/// sheet compresses about as real sheets do (about 20:1).
fn xlsx_with_rows(rows: usize) -> Vec<u8> {
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    let head = ["№", "Мероприятие", "Срок", "Ответственный", "Результат"];
    sheet.push_str(r#"<row r="1">"#);
    for (c, h) in head.iter().enumerate() {
        sheet.push_str(&format!(r#"<c r="{}1" t="inlineStr"><is><t>{h}</t></is></c>"#, char::from(b'A' + c as u8)));
    }
    sheet.push_str("</row>");
    let actions = ["Совещание с руководителями школ", "Мониторинг выполнения плана", "Семинар для учителей", "Анализ результатов"];
    let months = ["января", "марта", "мая", "сентября", "ноября"];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for r in 2..=rows {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let (a, m, d, n) = (seed as usize % 4, (seed >> 8) as usize % 5, 1 + (seed >> 16) % 28, (seed >> 24) % 1000);
        sheet.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}" t="inlineStr"><is><t>{} № {n} по теме {}</t></is></c><c r="C{r}" t="inlineStr"><is><t>до {d} {} 2022 г.</t></is></c><c r="D{r}" t="inlineStr"><is><t>Отдел {} школы № {}</t></is></c><c r="E{r}" t="inlineStr"><is><t>Протокол {}/{}</t></is></c></row>"#,
            actions[a], seed % 9973, months[m], seed % 97, n, seed % 733, r
        ));
    }
    sheet.push_str("</sheetData></worksheet>");
    let workbook = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="План" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    let root_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
    zip_of(&[
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", root_rels.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ])
}

#[test]
fn a_batch_of_hostile_files_reports_each_and_writes_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let mut corpus: Vec<String> = std::fs::read_dir(root().join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| [".docx", ".pdf", ".xlsx"].iter().any(|ext| name.ends_with(ext)))
        .collect();
    corpus.sort();
    assert_eq!(corpus.len(), 15, "the whole corpus joins the batch");
    for name in &corpus {
        std::fs::copy(root().join("corpus").join(name), input.join(name)).unwrap();
    }
    let read = |name: &str| std::fs::read(root().join("corpus").join(name)).unwrap();
    let half = |bytes: Vec<u8>| bytes[..bytes.len() / 2].to_vec();

    let mut encrypted = pdf(b"BT /F1 12 Tf 100 700 Td (Secret) Tj ET");
    let id = Object::String(b"0123456789abcdef".to_vec(), lopdf::StringFormat::Hexadecimal);
    encrypted.trailer.set("ID", vec![id.clone(), id]);
    let state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V2 {
        document: &encrypted,
        owner_password: "owner",
        user_password: "user",
        key_length: 128,
        permissions: lopdf::Permissions::all(),
    })
    .unwrap();
    encrypted.encrypt(&state).unwrap();

    let mut random_pdf = b"%PDF-1.7\n".to_vec();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    random_pdf.extend((0..20_000).map(|_| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 24) as u8
    }));

    let nested =
        format!("{}<w:p><w:r><w:t>x</w:t></w:r></w:p>{}", "<w:tbl><w:tr><w:tc>".repeat(100_000), "</w:tc></w:tr></w:tbl>".repeat(100_000));
    // an OLE header with a WordDocument stream named in it, and noise behind
    let mut random_ole = read("saratov-krasnoarmeysky-2022-roadmap.doc")[..2048].to_vec();
    random_ole.extend(random_pdf[9..].iter().take(30_000));
    // the directory's sector chain points at itself in the FAT
    let mut looping_fat = read("saratov-krasnoarmeysky-2022-roadmap.doc");
    let u32_at = |b: &[u8], at: usize| u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as usize;
    let (first_fat_sector, directory_start) = (u32_at(&looping_fat, 0x4C), u32_at(&looping_fat, 0x30));
    let entry = (first_fat_sector + 1) * 512 + 4 * directory_start;
    looping_fat[entry..entry + 4].copy_from_slice(&(directory_start as u32).to_le_bytes());
    let deep_rtf = format!(r"{{\rtf1\ansi {}x{}\par}}", "{".repeat(100_000), "}".repeat(100_000)).into_bytes();
    let odt_content = |body: &str| {
        format!(
            r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
        )
    };
    let odt_of = |content: String| zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", content.as_bytes())]);
    let odt_bomb = odt_of(odt_content(&format!("<text:p>{}</text:p>", "0".repeat(16 * 1024 * 1024))));
    let odt_nested = odt_of(odt_content(&format!(
        "{}<text:p>x</text:p>{}",
        "<table:table><table:table-row><table:table-cell>".repeat(30_000),
        "</table:table-cell></table:table-row></table:table>".repeat(30_000)
    )));
    let bomb = docx_with_body(&format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", "0".repeat(8 * 1024 * 1024)));

    let hostile: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.docx", Vec::new(), "empty"),
        ("truncated.docx", half(read("saratov-krasnoarmeysky-2022-roadmap.docx")), "docx_unreadable"),
        ("truncated.pdf", half(read("saratov-krasnoarmeysky-2022-roadmap.pdf")), "pdf_unreadable"),
        ("truncated.xlsx", half(read("saratov-krasnoarmeysky-2022-roadmap.xlsx")), "xlsx_unreadable"),
        ("not-a-zip.docx", b"this is plain text, not a package".to_vec(), "unknown_format"),
        ("random.pdf", random_pdf, "pdf_unreadable"),
        // the tree cannot be walked, but its page object is intact: read as other readers do
        ("self-referencing.pdf", self_referencing_pdf(), ""),
        ("encrypted.pdf", save(encrypted), "encrypted"),
        ("scan.pdf", save(pdf(b"q 595 0 0 842 0 0 cm /Im1 Do Q")), "no_text_layer"),
        ("bomb.docx", bomb, "zip_bomb"),
        ("truncated.odt", half(read("saratov-krasnoarmeysky-2022-roadmap.odt")), "odt_unreadable"),
        ("cut-short.doc", half(read("saratov-krasnoarmeysky-2022-roadmap.doc")), "doc_unreadable"),
        ("random.doc", random_ole, "doc_unreadable"),
        ("looping-fat.doc", looping_fat, "doc_unreadable"),
        ("deep.rtf", deep_rtf, ""),
        ("truncated.rtf", half(read("saratov-krasnoarmeysky-2022-roadmap.rtf")), ""),
        ("bomb.odt", odt_bomb, "zip_bomb"),
        ("nested.odt", odt_nested, ""),
        ("nested.docx", docx_with_body(&nested), ""),
    ];
    for (name, bytes, _) in &hostile {
        std::fs::write(input.join(name), bytes).unwrap();
    }
    let out = dir.path().join("out");
    let (code, _, stderr, _) =
        // scans are refused here, whether or not the machine has an OCR engine (ocr.rs reads them)
        run(&["extract", input.to_str().unwrap(), "-o", out.to_str().unwrap(), "--max-part-mib", "4", "--ocr", "never"], Duration::from_secs(1800));
    assert_eq!(code, 1, "some files failed: exit 1\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.join("nested.docx.json").is_file(), "nested.docx was not written\n{stderr}");
    assert!(out.join("nested.odt.json").is_file(), "nested.odt was not written\n{stderr}");
    for name in &corpus {
        let written =
            std::fs::read_to_string(out.join(format!("{name}.json"))).unwrap_or_else(|e| panic!("{name} was not written: {e}\n{stderr}"));
        let written: serde_json::Value = serde_json::from_str(&written).unwrap();
        let fixture: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(root().join("fixtures").join(format!("{name}.json"))).unwrap()).unwrap();
        assert_eq!(written["actions"], fixture["actions"], "{name}: the hostile files around it changed its actions");
    }
    let errors = std::fs::read_to_string(out.join("_errors.jsonl")).unwrap();
    for (name, _, code) in hostile.iter().filter(|h| !h.2.is_empty()) {
        let line = errors
            .lines()
            .find(|l| l.contains(&format!("{name}\"")))
            .unwrap_or_else(|| panic!("{name} missing from _errors.jsonl:\n{errors}"));
        let entry: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(entry["code"], *code, "{name}: {line}");
        let printed: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error: ") && l.contains(name)).collect();
        assert_eq!(printed.len(), 1, "{name}: one clean error line expected:\n{stderr}");
    }
    assert!(stderr.contains("no text layer (a scanned document?)"), "{stderr}");
}

#[test]
fn a_sheet_of_200_000_rows_is_read_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.xlsx");
    let bytes = xlsx_with_rows(200_000);
    assert!(bytes.len() > 3 * 1024 * 1024, "a large legitimate sheet, not a bomb: {} bytes", bytes.len());
    std::fs::write(&path, bytes).unwrap();
    // no time limit: how long the sheet takes is the machine's business (an unoptimized build
    // on a loaded machine took 110–119 s of the default 120); the test holds the count and the
    // memory. The wait is a guard against a hang only.
    let (code, stdout, stderr, peak_kib) = run(&["extract", path.to_str().unwrap(), "--timeout", "0"], Duration::from_secs(3600));
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["actions"].as_array().map(Vec::len), Some(199_999));
    // the bound users get is the release build's; an unoptimized build (the default of
    // `cargo test`) allocates more on the way and gets some room
    let bound_mib = if cfg!(debug_assertions) { 768 } else { 512 };
    assert!(peak_kib < bound_mib * 1024, "peak memory {peak_kib} KiB");
}
