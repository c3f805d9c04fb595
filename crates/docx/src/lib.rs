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
#[derive(Debug, Clone)]
pub struct Options {
    /// What the package may inflate to (zip bombs).
    pub package: roadmap_package::Limits,
    /// Tables nested deeper than this are read as text of the enclosing cell.
    pub max_table_depth: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { package: roadmap_package::Limits::default(), max_table_depth: 16 }
    }
}

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
    let document_xml = package.text_part("word/document.xml")?.ok_or(DocxError::NoDocumentPart)?;
    let relationships = match package.text_part("word/_rels/document.xml.rels")? {
        Some(xml) => parts::relationships(&xml),
        None => Default::default(),
    };
    let styles = package.text_part("word/styles.xml")?;
    let numbering_xml = package.text_part("word/numbering.xml")?;
    let numbering = numbering::Numbering::parse(numbering_xml.as_deref(), styles.as_deref());
    body::parse(&document_xml, &relationships, numbering, options)
}
