//! OpenDocument text (ODF 1.2/1.3: `.odt`, `.ott`, and flat `.fodt`) → [`roadmap_layout::Document`].
//!
//! In: the bytes of an OpenDocument text package (a zip, read through `roadmap-package` and
//! its zip-bomb rule) or of a flat XML document. Out: the body's paragraphs and tables in
//! document order, as the DOCX reader gives them, so everything downstream works unchanged:
//! - `text:p` and `text:h` are paragraphs; `text:span` and `text:a` are transparent (a link's
//!   `xlink:href` is kept); `text:s` is its count of spaces, `text:tab` a tab,
//!   `text:line-break` a line break; `text:soft-page-break` is nothing; footnotes, endnotes
//!   and annotations are not body text;
//! - list items show their numbers as the document's list styles format them
//!   (`text:list-level-style-number`: format, prefix, suffix, start value, levels shown;
//!   numbering continues across lists with `text:continue-numbering` or `text:continue-list`),
//!   or the number LibreOffice saved in `text:number`;
//! - `table:table` is a table on its grid: every cell or `table:covered-table-cell` takes a
//!   column, `table:number-columns-spanned`/`-rows-spanned` are spans (the rows a vertical span
//!   covers get a `merged_above` cell), `table:number-columns-repeated` repeats empty cells
//!   without building them, rows inside `table:table-header-rows` repeat on every page;
//! - a table nested in a cell is emitted after its outermost table, its text also kept in the
//!   cell; nesting deeper than [`Options::max_table_depth`] is read as cell text.
//!
//! Refuses ([`OdtError`]): not a zip or flat document, no `content.xml`, a part that inflates
//! like a zip bomb, content that is not UTF-8 XML from the start. XML damaged after some content
//! keeps what was read, with a diagnostic.

use roadmap_package::attribute;
use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use roadmap_layout::build::{
    format_number, labelled, Blocks, CellBeingRead, CellText, NumberFormat, OpenTables, RowBeingRead, VerticalSpans,
};
use roadmap_layout::{Cell, Diagnostic, Document, Row, Table};

/// Limits that keep hostile files from exhausting memory or time.
pub use roadmap_package::ReaderOptions as Options;

#[derive(Debug, thiserror::Error)]
pub enum OdtError {
    #[error("not an OpenDocument text ({0})")]
    Package(#[from] roadmap_package::PackageError),
    #[error("not an OpenDocument text (no content.xml)")]
    NoContent,
    #[error("damaged OpenDocument content: {0}")]
    Damaged(String),
    #[error(transparent)]
    TimedOut(#[from] roadmap_layout::deadline::TimedOut),
}

/// Read an OpenDocument text with the default [`Options`].
pub fn read(bytes: &[u8]) -> Result<Document, OdtError> {
    read_with(bytes, &Options::default())
}

/// Read an OpenDocument text (package or flat XML) with explicit limits.
pub fn read_with(bytes: &[u8], options: &Options) -> Result<Document, OdtError> {
    if !bytes.starts_with(b"PK") {
        let xml = std::str::from_utf8(bytes).map_err(|e| OdtError::Damaged(format!("a flat document that is not UTF-8: {e}")))?;
        let styles = ListStyles::parse(xml);
        let mut document = walk(xml, styles, options)?;
        // a flat document holds its properties in `office:meta`, before the body
        let meta_end = xml.find("</office:meta>").unwrap_or(0);
        document.properties = roadmap_package::dublin_core(&xml.as_bytes()[..meta_end]);
        return Ok(document);
    }
    let mut package = roadmap_package::Package::open(bytes, options.package)?;
    let content = package.text_part("content.xml")?.ok_or(OdtError::NoContent)?;
    let mut styles = ListStyles::parse(package.text_part("styles.xml")?.as_deref().unwrap_or(""));
    styles.extend(ListStyles::parse(&content));
    let mut document = walk(&content, styles, options)?;
    document.properties = package.properties()?;
    Ok(document)
}

fn count(e: &BytesStart, name: &str, max: usize) -> usize {
    attribute(e, name).and_then(|v| v.parse::<usize>().ok()).unwrap_or(1).clamp(1, max)
}

/// How one level of a numbered list shows its number.
#[derive(Debug, Clone, Default, PartialEq)]
struct LevelStyle {
    format: String,
    prefix: String,
    suffix: String,
    start: usize,
    /// Levels shown: 2 gives «1.3.».
    display: usize,
}

/// The numbered list styles of a document: style name → level (1-based) → format.
#[derive(Debug, Default)]
struct ListStyles(HashMap<String, HashMap<usize, LevelStyle>>);

impl ListStyles {
    fn parse(xml: &str) -> ListStyles {
        let mut styles = ListStyles::default();
        let mut reader = Reader::from_str(xml);
        let mut current: Option<String> = None;
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) if e.local_name().as_ref() == "list-style" => current = attribute(&e, "name"),
                Ok(Event::End(e)) if e.local_name().as_ref() == "list-style" => current = None,
                Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "list-level-style-number" => {
                    if let Some(name) = &current {
                        let level = count(&e, "level", 10);
                        let style = LevelStyle {
                            format: attribute(&e, "num-format").unwrap_or_default(),
                            prefix: attribute(&e, "num-prefix").unwrap_or_default(),
                            suffix: attribute(&e, "num-suffix").unwrap_or_default(),
                            start: attribute(&e, "start-value").and_then(|v| v.parse().ok()).unwrap_or(1),
                            display: count(&e, "display-levels", 10),
                        };
                        styles.0.entry(name.clone()).or_default().insert(level, style);
                    }
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
        styles
    }

    fn extend(&mut self, other: ListStyles) {
        self.0.extend(other.0);
    }
}

/// A number in a list style's `style:num-format` (`1`, `a`, `A`, `i`, `I`, `а`, `А`); none
/// for an empty or unknown format.
fn formatted(n: usize, format: &str) -> String {
    let format = match format {
        "1" => NumberFormat::Decimal,
        "a" => NumberFormat::LowerLetter,
        "A" => NumberFormat::UpperLetter,
        "i" => NumberFormat::LowerRoman,
        "I" => NumberFormat::UpperRoman,
        "а" => NumberFormat::RussianLower,
        "А" => NumberFormat::RussianUpper,
        _ => return String::new(),
    };
    format_number(u32::try_from(n).unwrap_or(u32::MAX), format)
}

/// An open `text:list`: its style and whether it continues the numbering before it.
#[derive(Debug)]
struct OpenList {
    style: Option<String>,
}

#[derive(Debug, Default)]
struct CellBuilder {
    col: usize,
    col_span: usize,
    row_span: usize,
    text: CellText,
}

#[derive(Debug, Default)]
struct RowBuilder {
    cells: Vec<CellBuilder>,
    /// Next grid column.
    col: usize,
    header: bool,
}

impl CellBeingRead for CellBuilder {
    fn text(&mut self) -> &mut CellText {
        &mut self.text
    }
}

impl RowBeingRead<CellBuilder> for RowBuilder {
    fn push(&mut self, cell: CellBuilder) {
        self.cells.push(cell);
    }
}

#[derive(Debug, Default)]
struct ParagraphBuilder {
    text: String,
    links: Vec<String>,
    label: Option<String>,
}

struct Walker {
    styles: ListStyles,
    max_depth: usize,
    blocks: Blocks,
    tables: OpenTables<RowBuilder, CellBuilder>,
    depth: usize,
    paragraph: Option<ParagraphBuilder>,
    inner_paragraphs: usize,
    lists: Vec<OpenList>,
    /// Counters per list style and level.
    counters: HashMap<(String, usize), usize>,
    /// The label of the list item whose first paragraph has not started yet.
    pending_label: Option<String>,
    /// Inside an element whose text is not body text (footnotes, annotations, `text:number`).
    skipping: usize,
    saved_number: Option<String>,
    in_number: bool,
    depth_limit_reported: bool,
    /// The depth of the table whose `table:table-header-rows` are being read.
    header_rows_at: Option<usize>,
    diagnostics: Vec<Diagnostic>,
}

fn walk(xml: &str, styles: ListStyles, options: &Options) -> Result<Document, OdtError> {
    let mut w = Walker {
        styles,
        max_depth: options.max_table_depth.max(1),
        blocks: Blocks::default(),
        tables: OpenTables::default(),
        depth: 0,
        paragraph: None,
        inner_paragraphs: 0,
        lists: Vec::new(),
        counters: HashMap::new(),
        pending_label: None,
        skipping: 0,
        saved_number: None,
        in_number: false,
        depth_limit_reported: false,
        header_rows_at: None,
        diagnostics: Vec::new(),
    };
    let mut reader = Reader::from_str(xml);
    let mut in_body = false;
    let mut events = 0u32;
    loop {
        events = events.wrapping_add(1);
        if events.is_multiple_of(4096) {
            roadmap_layout::deadline::check()?;
        }
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let name = e.local_name();
                if name.as_ref() == "text" && e.name().as_ref() == "office:text" {
                    in_body = true;
                } else if in_body {
                    w.start(&e, false);
                }
            }
            Ok(Event::Empty(e)) if in_body => w.start(&e, true),
            Ok(Event::End(e)) => {
                if e.name().as_ref() == "office:text" {
                    in_body = false;
                } else if in_body {
                    w.end(e.local_name().as_ref());
                }
            }
            Ok(Event::Text(t)) if in_body => {
                // white space in the XML is a space; breaks and tabs are elements (§6.1.2)
                w.text(&t.xml10_content().replace(['\n', '\r', '\t'], " "));
            }
            Ok(Event::GeneralRef(r)) if in_body => {
                // a character or predefined entity reference inside text
                let resolved = roadmap_package::reference_text(&r);
                if let Some(s) = resolved {
                    w.text(&s);
                }
            }
            Ok(Event::CData(t)) if in_body => w.text(&t.xml10_content()),
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(err) => {
                if w.blocks.is_empty() && w.tables.is_empty() {
                    return Err(OdtError::Damaged(err.to_string()));
                }
                w.diagnostics.push(Diagnostic {
                    code: roadmap_codes::ODT_DAMAGED_XML,
                    message: format!("content.xml is damaged, reading stopped there: {err}"),
                });
                break;
            }
        }
    }
    Ok(w.finish())
}

impl Walker {
    fn building(&self) -> bool {
        self.depth <= self.max_depth
    }

    fn start(&mut self, e: &BytesStart, empty: bool) {
        let local = e.local_name();
        let name = local.as_ref();
        if self.skipping > 0 {
            if !empty && matches!(name, "note" | "annotation" | "tracked-changes" | "note-citation") {
                self.skipping += 1;
            }
            return;
        }
        match name {
            "note" | "annotation" | "tracked-changes" if !empty => self.skipping = 1,
            "number" if !empty && e.name().as_ref() == "text:number" => {
                self.in_number = true;
                self.saved_number = Some(String::new());
            }
            "table" if !empty => {
                self.depth += 1;
                if self.building() {
                    self.tables.open();
                } else if !self.depth_limit_reported {
                    self.depth_limit_reported = true;
                    self.diagnostics.push(Diagnostic {
                        code: roadmap_codes::ODT_NESTING_LIMIT,
                        message: format!("tables nested deeper than {} levels are read as cell text", self.max_depth),
                    });
                }
            }
            "table-header-rows" if !empty && self.building() => self.header_rows_at = Some(self.depth),
            "table-row" if self.building() => {
                let header = self.header_rows_at == Some(self.depth);
                if let Some(t) = self.tables.innermost() {
                    t.row = Some(RowBuilder { header, ..RowBuilder::default() });
                }
                if empty {
                    self.finish_row();
                }
            }
            "table-cell" | "covered-table-cell" if self.building() => {
                let covered = name == "covered-table-cell";
                let repeated = count(e, "number-columns-repeated", 16_384);
                if let Some(row) = self.tables.innermost().and_then(|t| t.row.as_mut()) {
                    if covered || empty {
                        // a covered or empty cell takes its columns and holds nothing
                        row.col = row.col.saturating_add(repeated).min(16_384);
                        return;
                    }
                    let cell = CellBuilder {
                        col: row.col,
                        col_span: count(e, "number-columns-spanned", 1024),
                        row_span: count(e, "number-rows-spanned", 65_536),
                        ..CellBuilder::default()
                    };
                    row.col = row.col.saturating_add(repeated).min(16_384);
                    if let Some(t) = self.tables.innermost() {
                        t.cell = Some(cell);
                    }
                }
            }
            "p" | "h" if empty => {
                // an empty paragraph of a list item still uses its number; in a cell it keeps
                // its place among the cell's lines
                self.pending_label = None;
                self.tables.paragraph(&mut self.blocks, String::new(), Vec::new());
            }
            "p" | "h" => {
                if self.paragraph.is_some() {
                    self.inner_paragraphs += 1;
                    self.text("\n");
                } else {
                    let label = self.pending_label.take();
                    self.paragraph = Some(ParagraphBuilder { label, ..ParagraphBuilder::default() });
                }
            }
            "s" => {
                let n = count(e, "c", 1000);
                self.text(&" ".repeat(n));
            }
            "tab" => self.text("\t"),
            "line-break" => self.text("\n"),
            "a" => {
                if let Some(href) = attribute(e, "href") {
                    if let Some(p) = self.paragraph.as_mut() {
                        if !p.links.contains(&href) {
                            p.links.push(href);
                        }
                    }
                }
            }
            "list" if !empty => {
                let style = attribute(e, "style-name").or_else(|| self.lists.last().and_then(|l| l.style.clone()));
                let continues = attribute(e, "continue-numbering").as_deref() == Some("true") || attribute(e, "continue-list").is_some();
                if self.lists.is_empty() && !continues {
                    if let Some(s) = &style {
                        self.counters.retain(|(name, _), _| name != s);
                    }
                }
                self.lists.push(OpenList { style });
            }
            "list-item" if !empty => self.pending_label = self.next_label(e),
            "list-header" if !empty => self.pending_label = None,
            _ => {}
        }
    }

    /// Count a list item at the current level and format its label.
    fn next_label(&mut self, e: &BytesStart) -> Option<String> {
        let level = self.lists.len();
        let style_name = self.lists.last()?.style.clone()?;
        let levels = self.styles.0.get(&style_name)?;
        let style = levels.get(&level)?.clone();
        let start = attribute(e, "start-value").and_then(|v| v.parse::<usize>().ok());
        let key = (style_name.clone(), level);
        let n = match start {
            Some(s) => s,
            None => self.counters.get(&key).map_or(style.start, |n| n + 1),
        };
        self.counters.insert(key, n);
        // deeper levels restart under a new item
        self.counters.retain(|(name, l), _| name != &style_name || *l <= level);
        if style.format.is_empty() {
            return None;
        }
        let first_shown = level + 1 - style.display.min(level);
        let parts: Vec<String> = (first_shown..=level)
            .map(|l| {
                let format = levels.get(&l).map_or("1", |s| s.format.as_str());
                let value = if l == level { n } else { self.counters.get(&(style_name.clone(), l)).copied().unwrap_or(1) };
                formatted(value, format)
            })
            .collect();
        Some(format!("{}{}{}", style.prefix, parts.join("."), style.suffix))
    }

    fn end(&mut self, name: &str) {
        if self.skipping > 0 {
            if matches!(name, "note" | "annotation" | "tracked-changes" | "note-citation") {
                self.skipping -= 1;
            }
            return;
        }
        match name {
            "number" if self.in_number => {
                self.in_number = false;
                // the number LibreOffice saved overrides the one counted
                if let Some(n) = self.saved_number.take().filter(|n| !n.trim().is_empty()) {
                    self.pending_label = Some(n.trim().to_string());
                }
            }
            "p" | "h" => {
                if self.inner_paragraphs > 0 {
                    self.inner_paragraphs -= 1;
                } else {
                    self.finish_paragraph();
                }
            }
            "list" => {
                self.lists.pop();
            }
            "list-item" => self.pending_label = None,
            "table-header-rows" if self.building() => self.header_rows_at = None,
            "table-cell" if self.building() => self.finish_cell(),
            "table-row" if self.building() => self.finish_row(),
            "table" => {
                if self.building() {
                    self.finish_table();
                }
                self.depth = self.depth.saturating_sub(1);
            }
            _ => {}
        }
    }

    fn text(&mut self, s: &str) {
        if self.skipping > 0 {
            return;
        }
        if self.in_number {
            if let Some(n) = self.saved_number.as_mut() {
                n.push_str(s);
            }
            return;
        }
        if let Some(p) = self.paragraph.as_mut() {
            p.text.push_str(s);
        }
    }

    fn finish_paragraph(&mut self) {
        let Some(p) = self.paragraph.take() else { return };
        let text = labelled(p.label, &p.text);
        self.tables.paragraph(&mut self.blocks, text, p.links);
    }

    fn finish_cell(&mut self) {
        self.finish_paragraph();
        self.tables.finish_cell();
    }

    fn finish_row(&mut self) {
        self.finish_cell();
        self.tables.finish_row();
    }

    fn finish_table(&mut self) {
        self.finish_paragraph();
        self.tables.close_into(&mut self.blocks, build_table);
    }

    fn finish(mut self) -> Document {
        self.finish_paragraph();
        while !self.tables.is_empty() {
            self.finish_table();
        }
        self.blocks.into_document(self.diagnostics)
    }
}

/// Rows of cells on the grid; the rows a vertical span covers get a `merged_above` cell, as
/// the other readers give them.
fn build_table(built: Vec<RowBuilder>) -> Table {
    let mut rows: Vec<Row> = Vec::with_capacity(built.len());
    let mut spans = VerticalSpans::default();
    for rb in built {
        let mut cells: Vec<Cell> = Vec::with_capacity(rb.cells.len());
        spans.cover_from(0, &mut cells);
        for cb in rb.cells {
            spans.open(cb.col, cb.row_span, cb.col_span);
            cells.push(cb.text.into_cell(cb.col, cb.col_span, cb.row_span));
        }
        cells.sort_by_key(|c| c.col);
        rows.push(Row { cells, repeat_header: rb.header, page: None });
    }
    Table::from_rows(rows)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use roadmap_layout::Block;
    use std::io::Write;

    const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:xlink="http://www.w3.org/1999/xlink""#;

    fn content(styles: &str, body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}><office:automatic-styles>{styles}</office:automatic-styles><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
        )
    }

    fn odt(content: &str) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        for (name, data) in [("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", content)] {
            zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            zip.write_all(data.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
        out.into_inner()
    }

    fn texts(doc: &Document) -> Vec<String> {
        doc.blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(p) => p.text.clone(),
                Block::Table(t) => format!("[table {}x{}]", t.rows.len(), t.columns),
            })
            .collect()
    }

    #[test]
    fn paragraphs_spaces_tabs_breaks_links_and_notes() {
        let body = r#"<text:h>ПРИКАЗ</text:h><text:p>от<text:s text:c="3"/>01.02.2022<text:tab/>№ 5<text:line-break/>г. Орёл</text:p>
            <text:p>См. <text:a xlink:href="https://edu.ru">сайт</text:a><text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>сноска</text:p></text:note-body></text:note>.</text:p>
            <text:p><text:soft-page-break/>Конец &amp; всё</text:p>"#;
        let doc = read(&odt(&content("", body))).unwrap();
        assert_eq!(texts(&doc), ["ПРИКАЗ", "от 01.02.2022 № 5\nг. Орёл", "См. сайт.", "Конец & всё"]);
        let Block::Paragraph(p) = &doc.blocks[2] else { panic!() };
        assert_eq!(p.links, ["https://edu.ru"]);
    }

    #[test]
    fn list_numbers_as_the_styles_show_them() {
        let styles = r#"<text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1"/><text:list-level-style-number text:level="2" style:num-suffix="." style:num-format="1" text:display-levels="2"/></text:list-style>"#;
        let body = r#"<text:list text:style-name="L1"><text:list-item><text:p>Первый</text:p><text:list><text:list-item><text:p>вложенный</text:p></text:list-item></text:list></text:list-item><text:list-item><text:p>Второй</text:p><text:p>продолжение</text:p></text:list-item></text:list>
            <text:p>между</text:p><text:list text:style-name="L1" text:continue-numbering="true"><text:list-item><text:p>Третий</text:p></text:list-item></text:list>
            <text:list text:style-name="L1"><text:list-item><text:p>Снова первый</text:p></text:list-item></text:list>"#;
        let doc = read(&odt(&content(styles, body))).unwrap();
        assert_eq!(texts(&doc), ["1. Первый", "1.1. вложенный", "2. Второй", "продолжение", "между", "3. Третий", "1. Снова первый"]);
        assert_eq!(formatted(4, "I"), "IV");
        assert_eq!(formatted(28, "a"), "bb");
        assert_eq!(formatted(2, "а"), "б");
    }

    #[test]
    fn tables_with_spans_covered_cells_header_rows_and_nesting() {
        let body = r#"<table:table><table:table-column table:number-columns-repeated="3"/>
            <table:table-header-rows><table:table-row><table:table-cell><text:p>№</text:p></table:table-cell><table:table-cell><text:p>Мероприятие</text:p></table:table-cell><table:table-cell><text:p>Срок</text:p></table:table-cell></table:table-row></table:table-header-rows>
            <table:table-row><table:table-cell table:number-columns-spanned="3"><text:p>1. Раздел</text:p></table:table-cell><table:covered-table-cell/><table:covered-table-cell/></table:table-row>
            <table:table-row><table:table-cell table:number-rows-spanned="2"><text:p>1.1</text:p></table:table-cell><table:table-cell><text:p>Совещание</text:p><table:table><table:table-row><table:table-cell><text:p>внутри</text:p></table:table-cell></table:table-row></table:table></table:table-cell><table:table-cell><text:p>май</text:p></table:table-cell></table:table-row>
            <table:table-row><table:covered-table-cell/><table:table-cell><text:p>Семинар</text:p></table:table-cell><table:table-cell table:number-columns-repeated="200"/></table:table-row>
            </table:table>"#;
        let doc = read(&odt(&content("", body))).unwrap();
        assert_eq!(texts(&doc), ["[table 4x3]", "[table 1x1]"]);
        let Block::Table(t) = &doc.blocks[0] else { panic!() };
        assert!(t.rows[0].repeat_header && !t.rows[1].repeat_header);
        assert_eq!((t.rows[1].cells[0].text.as_str(), t.rows[1].cells[0].col_span), ("1. Раздел", 3));
        assert_eq!(t.rows[2].cells[0].row_span, 2);
        assert_eq!(t.rows[2].cells[1].text, "Совещание\nвнутри");
        assert!(t.rows[3].cells[0].merged_above && t.rows[3].cells[0].col == 0);
        assert_eq!((t.rows[3].cells[1].col, t.rows[3].cells[1].text.as_str()), (1, "Семинар"));
    }

    #[test]
    fn flat_documents_and_refusals() {
        let flat = format!(
            r#"<?xml version="1.0"?><office:document {NS} office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text><text:p>Плоский</text:p></office:text></office:body></office:document>"#
        );
        assert_eq!(texts(&read(flat.as_bytes()).unwrap()), ["Плоский"]);
        assert!(matches!(read(b"PK\x03\x04 cut"), Err(OdtError::Package(_))));
        let no_content = {
            let mut out = std::io::Cursor::new(Vec::new());
            let mut zip = zip::ZipWriter::new(&mut out);
            zip.start_file("mimetype", zip::write::SimpleFileOptions::default()).unwrap();
            zip.finish().unwrap();
            out.into_inner()
        };
        assert!(matches!(read(&no_content), Err(OdtError::NoContent)));
        assert!(matches!(read(b"\xff\xfe<office:text>"), Err(OdtError::Damaged(_))), "not UTF-8");
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let depth = 10_000;
        let body = format!(
            "{}<text:p>x</text:p>{}",
            "<table:table><table:table-row><table:table-cell>".repeat(depth),
            "</table:table-cell></table:table-row></table:table>".repeat(depth)
        );
        let doc = read(&odt(&content("", &body))).unwrap();
        assert!(!doc.blocks.is_empty());
        assert!(doc.diagnostics.iter().any(|d| d.code == "odt.nesting_limit"));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2000)) {
            let _ = read(&bytes);
            let _ = read(&odt(&String::from_utf8_lossy(&bytes)));
        }
    }
}
