//! Spreadsheets (XLSX, XLSM, XLSB, XLS, ODS) → [`roadmap_layout::Document`], through `calamine`;
//! Excel 2.x–4.0 worksheets (BIFF2–4, which calamine does not read) through its own record reader (`biff`), whose record
//! walk also tells the sniffer whether a workbook stream is encrypted ([`is_encrypted_workbook`]).
//!
//! In: the bytes of a workbook. Out: for every sheet, its title rows as paragraphs and the rest
//! of its used range as one table:
//! - a leading row with at most one filled cell (a title, often merged across the sheet) is a
//!   paragraph; the table starts at the first row with two or more filled cells;
//! - merged regions (ECMA-376 §18.3.1.55 `mergeCell`) become column and row spans; the rows a
//!   vertical merge covers get a `merged_above` cell;
//! - date cells are rendered `DD.MM.YYYY` through calamine's date conversion, which honours the
//!   workbook's 1904 epoch (§18.2.28 `date1904`); never from the raw serial number;
//! - whole numbers have no `.0`; empty rows are dropped.
//!
//! Refuses ([`XlsxError`]): not a workbook, a zip part that inflates like a zip bomb (the rule
//! of `roadmap-package`, checked over every part before calamine opens the package:
//! [`Options::package`]). A sheet longer than [`Options::max_rows`] is cut,
//! with a diagnostic.
//!
//! ```
//! let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/kaluga-2021-order-779.xlsx")).unwrap();
//! let doc = roadmap_xlsx::read(&bytes).unwrap();
//! let table = doc.tables().next().unwrap();
//! assert_eq!(table.rows[2].cells[2].text, "18.01.2021");
//! ```

mod biff;
mod compact;
mod merges;

pub use biff::{is_encrypted_workbook, version as early_excel_version};

use std::borrow::Cow;
use std::io::Cursor;
use std::sync::LazyLock;

use calamine::{open_workbook_auto_from_rs, Data, Dimensions, Ods, Reader, Sheets, Xls, Xlsb, Xlsx};
use regex::Regex;
use roadmap_layout::{normalize_text, Block, Cell, Diagnostic, Document, Paragraph, Place, Row, SheetGrid, Table};

/// Limits that keep hostile files from exhausting memory or time.
#[derive(Debug, Clone)]
pub struct Options {
    /// What a zip-based workbook may inflate to (zip bombs).
    pub package: roadmap_package::Limits,
    /// Rows read per sheet; the rest is cut with a diagnostic.
    pub max_rows: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { package: roadmap_package::Limits::default(), max_rows: 1_000_000 }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum XlsxError {
    #[error("not a readable workbook: {0}")]
    NotWorkbook(String),
    #[error("not a readable workbook ({0})")]
    Package(#[from] roadmap_package::PackageError),
    #[error(transparent)]
    TimedOut(#[from] roadmap_layout::deadline::TimedOut),
}

/// Open the workbook with the reader its container calls for — an OLE file as XLS; a zip as
/// ODS (`content.xml`), XLSB (`xl/workbook.bin`) or XLSX — so that reader's own error is
/// reported (calamine's guessing hides it behind «Cannot detect file format»); anything else
/// by calamine's guess. An XLSX that calamine refuses for sheets it cannot read (Excel 4.0
/// macro sheets, dialog sheets, a sheet whose relationship is missing) is opened without
/// them, and one whose package relationships are damaged with them rebuilt; what was left
/// out or rebuilt comes back to be reported.
/// An opened workbook and what was left out of it or rebuilt to open it.
type Opened<'a> = (Sheets<Cursor<Cow<'a, [u8]>>>, Vec<Diagnostic>);

/// A package rewritten for calamine, and what was left out or rebuilt.
type Rewritten = (Vec<u8>, Vec<Diagnostic>);

/// White space alone between two tags.
static BETWEEN_ELEMENTS: LazyLock<Regex> = LazyLock::new(|| re(r">\s+<"));

fn open<'a>(bytes: &'a [u8], package: Option<&mut roadmap_package::Package<'_>>) -> Result<Opened<'a>, XlsxError> {
    let failed = |e: &dyn std::fmt::Display| XlsxError::NotWorkbook(e.to_string());
    let cursor = Cursor::new(Cow::Borrowed(bytes));
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        // sheets whose cells stand far apart brought together first: calamine would build
        // each sheet's whole used range
        let cursor = compact::compacted(bytes).map_or(cursor, |compacted| Cursor::new(Cow::Owned(compacted)));
        return Xls::new(cursor).map(|x| (Sheets::Xls(x), Vec::new())).map_err(|e| failed(&e));
    }
    let Some(package) = package else {
        return open_workbook_auto_from_rs(cursor).map(|w| (w, Vec::new())).map_err(|e| failed(&e));
    };
    let names: Vec<String> = package.names().iter().map(|n| n.replace('\\', "/").to_ascii_lowercase()).collect();
    let has = |name: &str| names.iter().any(|n| n == name);
    if has("content.xml") && !has("xl/workbook.xml") {
        return match Ods::new(cursor) {
            Ok(o) => Ok((Sheets::Ods(o), Vec::new())),
            // white space between the elements of rows (KSpread writes it), which calamine
            // takes for content: the document without it, as ODF's white-space rules read it
            Err(e) => {
                let Some(content) = package.text_part("content.xml")? else { return Err(failed(&e)) };
                let compact = BETWEEN_ELEMENTS.replace_all(&content, "><");
                if compact.len() == content.len() {
                    return Err(failed(&e));
                }
                let rewritten = rewritten_package(package, &[("content.xml", compact.into_owned())])?;
                Ods::new(Cursor::new(Cow::Owned(rewritten))).map(|o| (Sheets::Ods(o), Vec::new())).map_err(|e| failed(&e))
            }
        };
    }
    if has("xl/workbook.bin") {
        return Xlsb::new(cursor).map(|x| (Sheets::Xlsb(x), Vec::new())).map_err(|e| failed(&e));
    }
    match Xlsx::new(cursor) {
        Ok(x) => Ok((Sheets::Xlsx(x), Vec::new())),
        Err(e) => {
            let Some((readable, notes)) = readable_package(package)? else { return Err(failed(&e)) };
            let x = Xlsx::new(Cursor::new(Cow::Owned(readable))).map_err(|e| failed(&e))?;
            Ok((Sheets::Xlsx(x), notes))
        }
    }
}

/// The package rewritten so that calamine opens it, and what was changed; `None` when nothing
/// would change: the sheets calamine cannot open (macro and dialog sheets, sheets whose
/// relationship is missing) left out, and a package relationships part (`_rels/.rels`) that is
/// not a whole relationships list rebuilt to point at `xl/workbook.xml`.
fn readable_package(package: &mut roadmap_package::Package<'_>) -> Result<Option<Rewritten>, XlsxError> {
    static RELATIONSHIP: LazyLock<Regex> = LazyLock::new(|| re(r"<(?:\w+:)?Relationship\b[^>]*>"));
    static SHEET: LazyLock<Regex> = LazyLock::new(|| re(r"<(?:\w+:)?sheet\b[^>]*>"));
    // an attribute by its local name, whatever its prefix
    static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| re(r#"\s(?:\w+:)?(\w+)\s*=\s*"([^"]*)""#));
    const ROOT_RELATIONSHIPS: &str = concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
    );
    let attribute = |element: &str, name: &str| -> Option<String> {
        ATTRIBUTE.captures_iter(element).find(|c| &c[1] == name).map(|c| c[2].to_string())
    };
    let (Some(workbook), Some(rels)) = (package.text_part("xl/workbook.xml")?, package.text_part("xl/_rels/workbook.xml.rels")?) else {
        return Ok(None);
    };
    let mut notes = Vec::new();
    let mut replaced: Vec<(&str, String)> = Vec::new();
    let root = package.text_part("_rels/.rels")?.unwrap_or_default();
    let whole_list = |xml: &str| xml.contains("</Relationships>") || xml.contains(":Relationships>");
    if !whole_list(&root) || !root.contains("/officeDocument\"") {
        replaced.push(("_rels/.rels", ROOT_RELATIONSHIPS.to_string()));
        notes.push(Diagnostic {
            code: roadmap_codes::XLSX_PACKAGE_REPAIRED,
            message: "the package's relationships part (_rels/.rels) is damaged: read as pointing at xl/workbook.xml".into(),
        });
    }
    let relationships: Vec<(String, String)> = RELATIONSHIP
        .find_iter(&rels)
        .filter_map(|m| Some((attribute(m.as_str(), "Id")?, attribute(m.as_str(), "Type").unwrap_or_default())))
        .collect();
    let unreadable_type = |t: &str| t.ends_with("/macrosheet") || t.ends_with("/dialogsheet") || t.ends_with("/xlMacrosheet");
    let mut dropped_ids = Vec::new();
    let workbook = SHEET.replace_all(&workbook, |c: &regex::Captures<'_>| {
        let element = &c[0];
        let id = attribute(element, "id").unwrap_or_default();
        let readable = relationships.iter().any(|(i, t)| *i == id && !unreadable_type(t));
        if readable {
            element.to_string()
        } else {
            let name = attribute(element, "name").unwrap_or_default();
            notes.push(Diagnostic {
                code: roadmap_codes::XLSX_SHEET_UNREADABLE,
                message: format!("sheet «{name}» skipped: a macro or dialog sheet, or a sheet the workbook does not link"),
            });
            dropped_ids.push(id);
            String::new()
        }
    });
    if !dropped_ids.is_empty() {
        let rels = RELATIONSHIP.replace_all(&rels, |c: &regex::Captures<'_>| {
            let id = attribute(&c[0], "Id").unwrap_or_default();
            if dropped_ids.contains(&id) {
                String::new()
            } else {
                c[0].to_string()
            }
        });
        replaced.push(("xl/workbook.xml", workbook.into_owned()));
        replaced.push(("xl/_rels/workbook.xml.rels", rels.into_owned()));
    }
    if replaced.is_empty() {
        return Ok(None);
    }
    Ok(Some((rewritten_package(package, &replaced)?, notes)))
}

/// The package with the parts named in `replaced` replaced (or added), stored uncompressed.
fn rewritten_package(package: &mut roadmap_package::Package<'_>, replaced: &[(&str, String)]) -> Result<Vec<u8>, XlsxError> {
    let mut out = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let written = |e: zip::result::ZipError| XlsxError::NotWorkbook(format!("cannot rewrite the package: {e}"));
    let mut names = package.names();
    for (part, _) in replaced {
        if !names.iter().any(|n| n.replace('\\', "/") == *part) {
            names.push((*part).to_string());
        }
    }
    for name in names {
        let normalized = name.replace('\\', "/");
        let data = match replaced.iter().find(|(part, _)| *part == normalized) {
            Some((_, text)) => text.as_bytes().to_vec(),
            None => package.part(&name)?.unwrap_or_default(),
        };
        zip.start_file(name.as_str(), stored).map_err(written)?;
        std::io::Write::write_all(&mut zip, &data).map_err(|e| written(e.into()))?;
    }
    zip.finish().map_err(written)?;
    Ok(out.into_inner())
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| unreachable!("workbook pattern: {e}"))
}

/// Read a workbook with the default [`Options`].
pub fn read(bytes: &[u8]) -> Result<Document, XlsxError> {
    read_with(bytes, &Options::default())
}

/// Read a workbook with explicit limits.
pub fn read_with(bytes: &[u8], options: &Options) -> Result<Document, XlsxError> {
    // zip-based workbooks: refuse a bomb before calamine inflates it (XLS is not a zip)
    let mut doc = Document::default();
    if biff::version(bytes).is_some() {
        for (name, cells) in biff::sheets(bytes) {
            read_sheet(cells, &[], options, &name, &mut doc);
        }
        return Ok(doc);
    }
    let mut package = roadmap_package::Package::open(bytes, options.package).ok();
    if let Some(package) = &mut package {
        package.check_all()?;
        doc.properties = package.properties()?;
    }
    let (mut workbook, notes) = open(bytes, package.as_mut())?;
    doc.diagnostics.extend(notes);
    let sheet_parts = match (&workbook, package.as_mut()) {
        (Sheets::Xlsx(_), Some(package)) => merges::sheet_parts(package),
        _ => Vec::new(),
    };
    for name in workbook.sheet_names() {
        roadmap_layout::deadline::check()?;
        let cells = match filled_cells(&mut workbook, &name) {
            Ok(cells) => cells,
            Err(e) => {
                doc.diagnostics
                    .push(Diagnostic { code: roadmap_codes::XLSX_SHEET_UNREADABLE, message: format!("sheet «{name}» skipped: {e}") });
                continue;
            }
        };
        // the regions read after the sheet's cells; where that cannot tell, calamine's
        let merges = sheet_parts
            .iter()
            .find(|(sheet, _)| *sheet == name)
            .and_then(|(_, part)| package.as_mut()?.part(part).ok().flatten())
            .and_then(|xml| merges::regions(&xml))
            .unwrap_or_else(|| merged_regions(&mut workbook, &name));
        read_sheet(cells, &merges, options, &name, &mut doc);
    }
    roadmap_layout::deadline::check()?;
    Ok(doc)
}

/// A sheet's filled cells at their (row, column), in any order.
type Cells = Vec<((u32, u32), Data)>;

/// The filled cells of a sheet: an XLSX sheet streamed cell by cell (memory follows the cells
/// present, however far apart they stand), other workbooks from the range calamine reads.
fn filled_cells<RS: std::io::Read + std::io::Seek>(workbook: &mut Sheets<RS>, sheet: &str) -> Result<Cells, calamine::Error> {
    if let Sheets::Xlsx(x) = workbook {
        let mut reader = match x.worksheet_cells_reader(sheet) {
            Ok(reader) => reader,
            // a chart sheet: no cells
            Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(Vec::new()),
            Err(e) => return Err(e.into()),
        };
        let mut cells = Vec::new();
        while let Some(cell) = reader.next_cell()? {
            if !matches!(cell.get_value(), calamine::DataRef::Empty) {
                cells.push((cell.get_position(), Data::from(cell.get_value().clone())));
            }
        }
        return Ok(cells);
    }
    let range = workbook.worksheet_range(sheet)?;
    let (row0, col0) = range.start().unwrap_or_default();
    Ok(range.used_cells().map(|(r, c, value)| ((row0 + r as u32, col0 + c as u32), value.clone())).collect())
}

fn merged_regions<RS: std::io::Read + std::io::Seek>(workbook: &mut Sheets<RS>, sheet: &str) -> Vec<Dimensions> {
    match workbook {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        Sheets::Xlsb(_) | Sheets::Ods(_) => Vec::new(),
    }
}

/// The text of one cell value.
fn cell_text(value: &Data) -> String {
    match value {
        Data::Empty => String::new(),
        Data::String(s) => normalize_text(s),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) if dt.is_duration() => match dt.as_duration() {
            Some(d) => format!("{:02}:{:02}", d.num_hours(), d.num_minutes() % 60),
            None => number_text(dt.as_f64()),
        },
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) => date_text(t),
            None => number_text(dt.as_f64()),
        },
        Data::DateTimeIso(s) => s
            .parse::<chrono::NaiveDateTime>()
            .map(date_text)
            .or_else(|_| s.parse::<chrono::NaiveDate>().map(|d| d.format("%d.%m.%Y").to_string()))
            .unwrap_or_else(|_| s.clone()),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

fn date_text(t: chrono::NaiveDateTime) -> String {
    if t.time() == chrono::NaiveTime::MIN {
        t.format("%d.%m.%Y").to_string()
    } else {
        t.format("%d.%m.%Y %H:%M").to_string()
    }
}

fn number_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// One merged region in sheet rows (relative to the first filled row) and table columns.
#[derive(Debug, Clone, Copy)]
struct Merge {
    r0: usize,
    r1: usize,
    c0: usize,
    c1: usize,
}

/// Lay a sheet out as title paragraphs and one table, from its filled cells and merged regions.
/// Memory and time follow the cells present: rows without cells are skipped, runs of empty
/// columns wider than [`compact::MAX_GAP`] narrowed ([`compact::Renumbering`]), so cells far
/// apart (a sheet filled at its corners) cost no more than near ones.
fn read_sheet(cells: Cells, merges: &[Dimensions], options: &Options, sheet: &str, doc: &mut Document) {
    let mut cells: Vec<((u32, u32), String)> =
        cells.into_iter().map(|(at, value)| (at, cell_text(&value))).filter(|(_, text)| !text.is_empty()).collect();
    if cells.is_empty() {
        return;
    }
    cells.sort_unstable_by_key(|(at, _)| *at);
    let row0 = cells[0].0 .0;
    let col0 = cells.iter().map(|((_, c), _)| *c).min().unwrap_or(0);
    let height = (cells[cells.len() - 1].0 .0 - row0) as usize + 1;
    if height > options.max_rows {
        doc.diagnostics.push(Diagnostic {
            code: roadmap_codes::XLSX_ROWS_CUT,
            message: format!("sheet «{sheet}» has {height} rows; only the first {} are read", options.max_rows),
        });
    }
    // table columns: the filled sheet columns and merged regions' edges, gaps narrowed
    let mut used: Vec<u32> = cells.iter().map(|((_, c), _)| *c).collect();
    used.extend(merges.iter().flat_map(|m| [m.start.1, m.end.1]).filter(|c| *c >= col0));
    let columns = compact::Renumbering::new(used);
    let column_of = |c: u32| columns.get(c).map(|c| c as usize);
    let width = columns.last().map_or(0, |c| c as usize + 1);
    let mut regions: Vec<Merge> = merges
        .iter()
        .filter_map(|m| {
            let (r0, r1) = (m.start.0.checked_sub(row0)? as usize, m.end.0.checked_sub(row0)? as usize);
            let (c0, c1) = (column_of(m.start.1)?, column_of(m.end.1)?);
            (r1 >= r0 && c1 >= c0 && r1 - r0 <= options.max_rows).then_some(Merge { r0, r1, c0, c1 })
        })
        .collect();
    regions.sort_unstable_by_key(|m| m.r0);
    let mut pending = regions.into_iter().peekable();
    let mut active: Vec<Merge> = Vec::new();
    let mut table = Table::default();
    let mut in_table = false;
    let mut rest = &cells[..];
    let mut rows_seen = 0usize;
    // the sheet's row of each table row
    let mut sheet_rows: Vec<u32> = Vec::new();
    while let Some(((row, _), _)) = rest.first() {
        let in_row = rest.iter().take_while(|((r, _), _)| r == row).count();
        let (row_cells, after) = rest.split_at(in_row);
        rest = after;
        let r = (row - row0) as usize;
        if r >= options.max_rows {
            break;
        }
        rows_seen += 1;
        if rows_seen.is_multiple_of(4096) && roadmap_layout::deadline::expired() {
            break; // the caller reports the time limit
        }
        active.retain(|m| m.r1 >= r);
        while let Some(m) = pending.next_if(|m| m.r0 <= r) {
            if m.r1 >= r {
                active.push(m);
            }
        }
        // cells under a region opened in a row above: one marker where the region starts
        let mut out: Vec<Cell> = active
            .iter()
            .filter(|m| m.r0 < r)
            .map(|m| Cell { col: m.c0, col_span: m.c1 - m.c0 + 1, row_span: 1, merged_above: true, ..Cell::default() })
            .collect();
        for ((_, c), text) in row_cells {
            let Some(c) = column_of(*c) else { continue };
            let region = active.iter().find(|m| (m.c0..=m.c1).contains(&c));
            let mut cell = Cell::new(c, text);
            match region {
                Some(m) if (m.r0, m.c0) == (r, c) => {
                    cell.col_span = m.c1 - m.c0 + 1;
                    cell.row_span = m.r1 - m.r0 + 1;
                }
                Some(_) => continue,
                None => {}
            }
            out.push(cell);
        }
        out.sort_by_key(|c| c.col);
        let filled = out.iter().filter(|c| !c.merged_above).count();
        if filled == 0 {
            continue;
        }
        if !in_table && filled < 2 {
            let (column, text) = out.iter().find(|c| !c.merged_above).map(|c| (c.col, c.text.clone())).unwrap_or_default();
            let place = Place::Sheet { sheet: sheet.to_string(), row: *row, column: columns.original(column as u32) };
            doc.blocks.push(Block::Paragraph(Paragraph { text, page: None, links: Vec::new(), place }));
            continue;
        }
        in_table = true;
        table.rows.push(Row { cells: out, repeat_header: false, page: None });
        sheet_rows.push(*row);
    }
    if !table.rows.is_empty() {
        table.columns = width;
        let columns = (0..width as u32).map(|c| columns.original(c)).collect();
        table.sheet = Some(Box::new(SheetGrid { sheet: sheet.to_string(), rows: sheet_rows, columns }));
        doc.blocks.push(Block::Table(table));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        for (name, text) in parts {
            zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap_or_else(|e| panic!("{e}"));
            std::io::Write::write_all(&mut zip, text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        }
        zip.finish().unwrap_or_else(|e| panic!("{e}"));
        out.into_inner()
    }

    const TYPES: &str = r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
    const ROOT_RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

    #[test]
    fn the_sheets_beside_a_macro_sheet_are_read() {
        let workbook = r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="План" sheetId="1" r:id="rId1"/><sheet name="Macro1" sheetId="2" r:id="rId2"/><sheet name="Lost" sheetId="3" r:id="rId7"/></sheets></workbook>"#;
        let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet" Target="macrosheets/sheet1.xml"/></Relationships>"#;
        let sheet = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Мероприятие</t></is></c><c r="B1" t="inlineStr"><is><t>Срок</t></is></c></row></sheetData></worksheet>"#;
        let macro_sheet = r#"<xm:macrosheet xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"/>"#;
        let bytes = zip_of(&[
            ("[Content_Types].xml", TYPES),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", rels),
            ("xl/worksheets/sheet1.xml", sheet),
            ("xl/macrosheets/sheet1.xml", macro_sheet),
        ]);
        let doc = read(&bytes).unwrap_or_else(|e| panic!("{e}"));
        let texts: Vec<&str> = doc.tables().flat_map(|t| t.rows.iter().flat_map(|r| r.cells.iter().map(|c| c.text.as_str()))).collect();
        assert_eq!(texts, ["Мероприятие", "Срок"]);
        let skipped: Vec<&str> = doc.diagnostics.iter().filter(|d| d.code == "xlsx.sheet_unreadable").map(|d| d.message.as_str()).collect();
        assert_eq!(skipped.len(), 2, "{skipped:?}");
        assert!(skipped[0].contains("Macro1") && skipped[1].contains("Lost"));
    }

    #[test]
    fn a_sheet_filled_at_its_corners_costs_what_its_cells_do() {
        // A1, CU1, A1000000, CU1000000 and a region merged over the whole sheet below the first
        // row: no grid of the sheet's size is built (it would need gigabytes)
        let workbook = r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
        let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
        let cell = |at: &str, text: &str| format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#);
        let sheet = format!(
            r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:CU1000000"/><sheetData><row r="1">{}{}</row><row r="1000000">{}{}</row></sheetData><mergeCells count="1"><mergeCell ref="B2:XFD999999"/></mergeCells></worksheet>"#,
            cell("A1", "Мероприятие"),
            cell("CU1", "Срок"),
            cell("A1000000", "Отчёт"),
            cell("CU1000000", "Декабрь"),
        );
        let bytes = zip_of(&[
            ("[Content_Types].xml", TYPES),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", rels),
            ("xl/worksheets/sheet1.xml", &sheet),
        ]);
        let started = std::time::Instant::now();
        let doc = read(&bytes).unwrap_or_else(|e| panic!("{e}"));
        assert!(started.elapsed() < std::time::Duration::from_secs(2), "{:?}", started.elapsed());
        let table = doc.tables().next().unwrap_or_else(|| panic!("no table: {doc:?}"));
        let rows: Vec<Vec<(usize, &str)>> = table.rows.iter().map(|r| r.cells.iter().map(|c| (c.col, c.text.as_str())).collect()).collect();
        // columns A, B (where the merged region starts), eight of the 96 empty ones before CU,
        // CU, eight more and XFD (where the region ends)
        assert_eq!(rows, [vec![(0, "Мероприятие"), (10, "Срок")], vec![(0, "Отчёт"), (10, "Декабрь")]]);
        assert_eq!(table.columns, 20);
        // the places of the sheet: CU is the 99th column, the rows 1 and 1 000 000
        let grid = table.sheet.as_deref().unwrap_or_else(|| panic!("no sheet grid"));
        assert_eq!((grid.sheet.as_str(), grid.rows.as_slice()), ("S", &[0, 999_999][..]));
        assert_eq!((grid.columns[0], grid.columns[1], grid.columns[10], grid.columns[19]), (0, 1, 98, 16_383));
        assert_eq!(grid.cell_range(1, &table.rows[1].cells[1]), Some((999_999, 98, 999_999, 98)));
    }

    #[test]
    fn a_damaged_package_relationships_part_is_rebuilt() {
        let workbook = r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="План" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
        let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
        let sheet = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Мероприятие</t></is></c><c r="B1" t="inlineStr"><is><t>Срок</t></is></c></row></sheetData></worksheet>"#;
        for root in [Some("<?xml version=\"1.0\"?>\nCORRUPTED"), Some(&ROOT_RELS[..60]), None] {
            let mut parts = vec![
                ("[Content_Types].xml", TYPES),
                ("xl/workbook.xml", workbook),
                ("xl/_rels/workbook.xml.rels", rels),
                ("xl/worksheets/sheet1.xml", sheet),
            ];
            parts.extend(root.map(|r| ("_rels/.rels", r)));
            let doc = read(&zip_of(&parts)).unwrap_or_else(|e| panic!("{root:?}: {e}"));
            assert_eq!(doc.tables().count(), 1, "{root:?}");
            assert!(doc.diagnostics.iter().any(|d| d.code == "xlsx.package_repaired"), "{root:?}");
        }
    }

    #[test]
    fn an_ods_with_white_space_between_cells_is_read() {
        let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
 <office:body>
  <office:spreadsheet>
   <table:table table:name="План">
    <table:table-row>
     <table:table-cell office:value-type="string">
      <text:p>Мероприятие</text:p>
     </table:table-cell>
     <table:table-cell office:value-type="string">
      <text:p>Срок</text:p>
     </table:table-cell>
    </table:table-row>
   </table:table>
  </office:spreadsheet>
 </office:body>
</office:document-content>"#;
        let manifest = r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
        let bytes = zip_of(&[
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
            ("META-INF/manifest.xml", manifest),
            ("content.xml", content),
        ]);
        let doc = read(&bytes).unwrap_or_else(|e| panic!("{e}"));
        let texts: Vec<&str> = doc.tables().flat_map(|t| t.rows.iter().flat_map(|r| r.cells.iter().map(|c| c.text.as_str()))).collect();
        assert_eq!(texts, ["Мероприятие", "Срок"]);
    }

    #[test]
    fn a_damaged_workbook_is_reported_by_its_own_reader() {
        // relationships cut short: the XLSX reader's own words, not «Cannot detect file format»
        let bytes = zip_of(&[
            ("[Content_Types].xml", TYPES),
            ("xl/workbook.xml", r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>"#),
            ("xl/_rels/workbook.xml.rels", "<Relationships><Relationship Id="),
        ]);
        let error = read(&bytes).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error.starts_with("not a readable workbook") && !error.contains("Cannot detect"), "{error}");
    }

    #[test]
    fn numbers_render_without_trailing_zero() {
        assert_eq!(number_text(12.0), "12");
        assert_eq!(number_text(0.5), "0.5");
        assert_eq!(cell_text(&Data::Int(7)), "7");
    }

    #[test]
    fn date_cells_honour_the_1904_epoch() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let d1900 = ExcelDateTime::new(44214.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(d1900)), "18.01.2021");
        let d1904 = ExcelDateTime::new(44214.0 - 1462.0, ExcelDateTimeType::DateTime, true);
        assert_eq!(cell_text(&Data::DateTime(d1904)), "18.01.2021");
        assert_eq!(cell_text(&Data::DateTimeIso("2021-09-01".into())), "01.09.2021");
    }

    #[test]
    fn not_a_workbook_is_refused() {
        assert!(matches!(read(b"plain text"), Err(XlsxError::NotWorkbook(_))));
    }
}
