//! DOCX (ECMA-376 WordprocessingML) → [`roadmap_layout::Document`].
//!
//! In: the bytes of a `.docx` file. Out: the body's paragraphs and tables in document order.
//! - runs are joined (producers split runs mid-word), `w:tab` and `w:br` become space and
//!   line break, soft hyphens vanish, fields show their result text (`w:instrText` is not text);
//! - table cells are placed on the table grid: `w:gridBefore`, `w:gridSpan` give columns and
//!   spans, `w:vMerge` restart/continue gives row spans (§17.4.84/§17.4.85), `w:tblHeader`
//!   marks repeated header rows (§17.4.49);
//! - a table nested in a cell is emitted as its own table after its outermost table, and its
//!   text also stays in the cell; nesting deeper than [`Options::max_table_depth`] is read as
//!   plain cell text, so hostile nesting cannot exhaust the stack or the time;
//! - automatic numbering (`w:numPr`, directly or through the paragraph style) is rendered from
//!   `numbering.xml`, so a «№» column that relies on it is not empty;
//! - hyperlink targets (relationships and `HYPERLINK` fields) are kept per paragraph and cell;
//! - headers, footers and footnotes live in other parts and are not read: page numbers never
//!   reach the body; `mc:Fallback` duplicates of `mc:Choice` content are skipped.
//!
//! Refuses ([`DocxError`]): not a zip, no `word/document.xml`, a part that inflates like a zip
//! bomb (the rule of `roadmap-package`: [`Options::package`]), a main part that is not UTF-8.
//! XML damaged after some content keeps what was read, with a diagnostic.
//!
//! ```
//! let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/orel-2022-order-226.docx")).unwrap();
//! let doc = roadmap_docx::read(&bytes).unwrap();
//! assert!(doc.tables().any(|t| t.rows.len() > 30));
//! ```

mod body;
mod numbering;
mod parts;

use roadmap_layout::Document;

/// Limits that keep hostile files from exhausting memory or time.
pub use roadmap_package::ReaderOptions as Options;

#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error("not a DOCX package ({0})")]
    Package(#[from] roadmap_package::PackageError),
    #[error("not a DOCX package (no word/document.xml)")]
    NoDocumentPart,
    #[error("damaged part {part}: {message}")]
    Damaged { part: String, message: String },
    #[error(transparent)]
    TimedOut(#[from] roadmap_layout::deadline::TimedOut),
}

/// Read a DOCX with the default [`Options`].
pub fn read(bytes: &[u8]) -> Result<Document, DocxError> {
    read_with(bytes, &Options::default())
}

/// Read a DOCX with explicit limits.
pub fn read_with(bytes: &[u8], options: &Options) -> Result<Document, DocxError> {
    let mut package = roadmap_package::Package::open(bytes, options.package)?;
    // the main part is where the package's relationships say (Word Online writes
    // word/document2.xml), else where Word puts it
    let main = package
        .text_part("_rels/.rels")?
        .and_then(|rels| parts::target_of(&rels, "officeDocument", ""))
        .filter(|name| package.names().contains(name))
        .unwrap_or_else(|| "word/document.xml".to_string());
    let document_xml = package.text_part(&main)?.ok_or(DocxError::NoDocumentPart)?;
    let (folder, file) = main.rsplit_once('/').map_or(("", main.as_str()), |(d, f)| (d, f));
    let base = if folder.is_empty() { String::new() } else { format!("{folder}/") };
    let main_rels = package.text_part(&format!("{base}_rels/{file}.rels"))?.unwrap_or_default();
    let relationships = parts::relationships(&main_rels);
    let part_of = |kind: &str, usual: &str| parts::target_of(&main_rels, kind, &base).unwrap_or_else(|| usual.to_string());
    let (styles_part, numbering_part) = (part_of("styles", "word/styles.xml"), part_of("numbering", "word/numbering.xml"));
    let styles = package.text_part(&styles_part)?;
    let numbering_xml = package.text_part(&numbering_part)?;
    let numbering = numbering::Numbering::parse(numbering_xml.as_deref(), styles.as_deref());
    let mut document = body::parse(&document_xml, &relationships, numbering, options)?;
    document.properties = package.properties()?;
    Ok(document)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::io::Write;

    fn package(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        for (name, data) in parts {
            zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            zip.write_all(data.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn the_main_part_is_found_through_the_package_relationships() {
        // as Word Online writes it: word/document2.xml, its relationships beside it
        let bytes = package(&[
            (
                "_rels/.rels",
                r#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>"#,
            ),
            (
                "word/_rels/document2.xml.rels",
                r#"<Relationships><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.ru" TargetMode="External"/></Relationships>"#,
            ),
            (
                "word/document2.xml",
                r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body><w:p><w:hyperlink r:id="rId9"><w:r><w:t>План</w:t></w:r></w:hyperlink></w:p></w:body></w:document>"#,
            ),
        ]);
        let doc = read(&bytes).unwrap();
        let Some(roadmap_layout::Block::Paragraph(p)) = doc.blocks.first() else { panic!("{doc:?}") };
        assert_eq!(p.text, "План");
        assert_eq!(p.links, ["https://example.ru"]);
        // without relationships, where Word puts it
        let plain = package(&[(
            "word/document.xml",
            r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Текст</w:t></w:r></w:p></w:body></w:document>"#,
        )]);
        assert_eq!(read(&plain).unwrap().blocks.len(), 1);
        assert!(matches!(read(&package(&[("other.xml", "<x/>")])), Err(DocxError::NoDocumentPart)));
    }
}
