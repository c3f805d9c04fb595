//! The intermediate document model every reader produces, and the text rules they share.
//!
//! In: nothing — readers (`roadmap-docx`, `roadmap-xlsx`, `roadmap-pdf`) build a [`Document`].
//! Out: a [`Document`] is an ordered list of [`Block`]s: paragraphs and tables. A [`Table`] is
//! a list of [`Row`]s of [`Cell`]s placed on a column grid, with column and row spans, page
//! numbers where the format knows them, and the repeat-header flag.
//!
//! Where each piece of text stands in its file goes with it, as far as the format tells more than
//! the order of blocks (tables, rows and grid columns are places in every format): a box on its
//! page ([`PageBox`]) for the cells and paragraphs of a PDF, the sheet and its rows and columns
//! ([`SheetGrid`], [`Place::Sheet`]) for the tables and title lines of a workbook.
//!
//! The model knows nothing about roadmaps and has no serde: `roadmap-extract` interprets it
//! and `roadmap-model` owns the wire format.
//!
//! ```
//! use roadmap_layout::{normalize_text, Cell, Document, Row, Table, Block};
//! let mut table = Table::default();
//! table.rows.push(Row { cells: vec![Cell::new(0, "№"), Cell::new(1, "Мероприятие")], ..Row::default() });
//! let doc = Document { blocks: vec![Block::Table(table)], ..Document::default() };
//! assert_eq!(doc.tables().count(), 1);
//! assert_eq!(normalize_text("  Сроки\u{ad}  реализации \t"), "Сроки реализации");
//! ```

pub mod build;
pub mod deadline;
mod text;

pub use text::{cannot_start_a_word, is_capital, is_letter, join_broken_line, lower_at_once, lowercase, normalize_text};

/// A whole document, in reading order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// Number of pages, where the format has pages (PDF) or states it.
    pub pages: Option<u32>,
    /// Recoverable problems met while reading (damaged parts skipped, limits reached).
    pub diagnostics: Vec<Diagnostic>,
    /// What the file says about itself, apart from its text.
    pub properties: Properties,
    /// Pages read by optical character recognition, if any.
    pub ocr: Option<Recognition>,
    /// Pictures of pages of paper in a word-processor document (a scan pasted in a page at a
    /// time), which the reader has no text for: for a recognizer to read (see [`Picture`]).
    pub pictures: Vec<Picture>,
}

/// A picture of a page of paper in a word-processor document: the picture file as the document
/// holds it and where it stands. Readers keep only pictures displayed at least as large as
/// half a page ([`Picture::shows_a_page`]): a logo, a signature or a chart is not a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    /// The index in [`Document::blocks`] it stands before.
    pub at: usize,
    /// The picture file: JPEG, PNG, BMP, a bare DIB, or another kind the recognizer may refuse.
    pub data: Vec<u8>,
    /// Its displayed size, in points.
    pub width: f32,
    pub height: f32,
}

impl Picture {
    /// Most pictures of pages a document keeps (as many as the pages a PDF is read for).
    pub const MOST: usize = 2_000;

    /// Whether a picture displayed `width` × `height` points shows a page of paper: 4 inches
    /// or more on each side, and at least half an A4 page's area (a title page pasted across
    /// the width of the page is about that; a chart or a photograph beside the text is less).
    pub fn shows_a_page(width: f32, height: f32) -> bool {
        const INCH: f32 = 72.0;
        width.min(height) >= 4.0 * INCH && width * height >= 595.0 * 842.0 / 2.0
    }
}

/// How the pages without a text layer were recognized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recognition {
    /// The engine and its version («tesseract», «5.3.0»).
    pub engine: String,
    pub version: String,
    /// The languages recognized («rus+eng»).
    pub languages: String,
    /// Pages recognized.
    pub pages: u32,
    /// The mean confidence (0–100) of the words recognized.
    pub mean_confidence: u8,
}

/// The document properties a file records beside its text (OOXML core properties, ODF
/// `meta.xml`, the RTF `\info` group, OLE summary information, the PDF Info dictionary).
/// Editors fill them from templates and user profiles, so they are reported, never trusted
/// over the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Properties {
    pub title: Option<String>,
    pub author: Option<String>,
    /// When the file was created: ISO 8601 (`2021-03-31T07:12:00`, with `Z` or an offset
    /// where the file states one).
    pub created: Option<String>,
    /// When the file was last saved, in the same form.
    pub modified: Option<String>,
}

impl Properties {
    /// No property is set.
    pub fn is_empty(&self) -> bool {
        self.title.is_none() && self.author.is_none() && self.created.is_none() && self.modified.is_none()
    }

    /// `text` normalized, or `None` when it holds nothing.
    pub fn value(text: &str) -> Option<String> {
        let text = normalize_text(text);
        (!text.is_empty()).then_some(text)
    }

    /// An ISO 8601 timestamp from its parts, or `None` for an impossible or unset date
    /// (editors write zeros for «never printed»). `offset` is `Z`, `+03:00` or empty.
    pub fn timestamp(year: u32, month: u32, day: u32, hour: u32, minute: u32, second: u32, offset: &str) -> Option<String> {
        let valid = (1900..=2200).contains(&year)
            && (1..=12).contains(&month)
            && (1..=31).contains(&day)
            && hour < 24
            && minute < 60
            && second < 61;
        valid.then(|| format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{offset}"))
    }

    /// A W3C date-time as OOXML and ODF write it (`2013-12-23T23:15:00Z`,
    /// `2013-12-23T23:15:00.123456789`, `2013-12-23`), normalized by [`Properties::timestamp`]
    /// with the fraction of a second dropped.
    pub fn w3c_timestamp(text: &str) -> Option<String> {
        let text = text.trim();
        let (date, time) = text.split_once('T').unwrap_or((text, ""));
        let mut date = date.split('-').map(|p| p.parse::<u32>().ok());
        let (year, month, day) = (date.next()??, date.next()??, date.next()??);
        let offset_at = time.find(['Z', '+', '-']).unwrap_or(time.len());
        let (clock, offset) = time.split_at(offset_at);
        let mut clock = clock.split('.').next().unwrap_or("").split(':').map(|p| p.parse::<u32>().ok());
        let hour = clock.next().flatten().unwrap_or(0);
        let minute = clock.next().flatten().unwrap_or(0);
        let second = clock.next().flatten().unwrap_or(0);
        let offset_is_valid = offset.is_empty() || offset == "Z" || (offset.len() == 6 && offset.as_bytes()[3] == b':');
        Self::timestamp(year, month, day, hour, minute, second, if offset_is_valid { offset } else { "" })
    }
}

impl Document {
    /// The tables of the document in order, without nested ones.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Paragraph(_) => None,
        })
    }
}

/// A recoverable problem: the document was read, but something in it was skipped or cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable dotted code from the one list of codes, e.g. `docx.nesting_limit`.
    pub code: roadmap_codes::Code,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

/// A paragraph outside tables: normalized text (lines joined by `\n`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paragraph {
    pub text: String,
    pub page: Option<u32>,
    /// Hyperlink targets inside the paragraph.
    pub links: Vec<String>,
    /// Where the paragraph stands, where the format tells more than its order.
    pub place: Place,
}

/// A box on a page in PDF points (1/72 inch), measured from the top-left corner of the page
/// as a viewer shows it (its crop box, turned by `/Rotate`), `y` growing downwards.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageBox {
    /// 1-based page.
    pub page: u32,
    pub x0: f32,
    pub top: f32,
    pub x1: f32,
    pub bottom: f32,
}

impl PageBox {
    /// The smallest box that holds both, when they are on the same page.
    pub fn union(self, other: PageBox) -> Option<PageBox> {
        (self.page == other.page).then(|| PageBox {
            page: self.page,
            x0: self.x0.min(other.x0),
            top: self.top.min(other.top),
            x1: self.x1.max(other.x1),
            bottom: self.bottom.max(other.bottom),
        })
    }
}

/// Where a paragraph stands in its file beyond its order among the blocks.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Place {
    /// The format tells nothing more (a word processor's paragraphs are counted in order).
    #[default]
    Unknown,
    /// On a page (PDF, scans).
    Page(PageBox),
    /// A workbook's cell: its sheet, and its 0-based row and column there.
    Sheet { sheet: String, row: u32, column: u32 },
}

/// Where a workbook's table stands: its sheet, and for each of its rows and grid columns the
/// 0-based row and column of the sheet (the reader skips empty rows and narrows runs of empty
/// columns, so the table's places are not the sheet's).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetGrid {
    pub sheet: String,
    pub rows: Vec<u32>,
    pub columns: Vec<u32>,
}

impl SheetGrid {
    /// The sheet's rows and columns a cell at table row `row` covers: (first row, first
    /// column, last row, last column), 0-based.
    pub fn cell_range(&self, row: usize, cell: &Cell) -> Option<(u32, u32, u32, u32)> {
        let last_row = row + cell.row_span.max(1) - 1;
        let last_column = cell.col + cell.col_span.max(1) - 1;
        Some((*self.rows.get(row)?, *self.columns.get(cell.col)?, *self.rows.get(last_row)?, *self.columns.get(last_column)?))
    }
}

/// A table on a column grid. Every row lists the cells that start in it; a cell covered by a
/// vertical merge from above appears as a [`Cell`] with `merged_above` set and empty text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub rows: Vec<Row>,
    /// Number of grid columns (the widest row).
    pub columns: usize,
    /// For a workbook's table: its sheet, rows and columns there.
    pub sheet: Option<Box<SheetGrid>>,
}

impl Table {
    /// A table of these rows, its `columns` counted from them.
    pub fn from_rows(rows: Vec<Row>) -> Table {
        let mut table = Table { rows, columns: 0, sheet: None };
        table.update_columns();
        table
    }

    /// Recompute `columns` from the rows.
    pub fn update_columns(&mut self) {
        self.columns = self.rows.iter().flat_map(|r| r.cells.iter().map(|c| c.col + c.col_span.max(1))).max().unwrap_or(0);
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// The row is marked to repeat as a header on every page (ECMA-376 §17.4.49 `w:tblHeader`).
    pub repeat_header: bool,
    /// Page the row starts on, where known.
    pub page: Option<u32>,
}

impl Row {
    /// The cell that covers grid column `col`, if any.
    pub fn cell_at(&self, col: usize) -> Option<&Cell> {
        self.cells.iter().find(|c| c.col <= col && col < c.col + c.col_span.max(1))
    }

    /// The non-empty cells of the row (vertical-merge continuations excluded).
    pub fn filled(&self) -> impl Iterator<Item = &Cell> {
        self.cells.iter().filter(|c| !c.merged_above && !c.text.is_empty())
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    /// First grid column the cell covers (0-based).
    pub col: usize,
    /// Grid columns covered (≥ 1).
    pub col_span: usize,
    /// Rows covered by a vertical merge that starts here (≥ 1).
    pub row_span: usize,
    /// The cell continues a vertical merge from the row above; its text is empty.
    pub merged_above: bool,
    /// Normalized text; paragraphs joined by `\n`.
    pub text: String,
    /// Hyperlink targets inside the cell.
    pub links: Vec<String>,
    /// The source put a space after the last word (only position-based readers know): text
    /// that carries on past a page break starts a new word, whatever the last character is.
    pub ends_with_space: bool,
    /// For text recognized from an image: the lowest confidence (0–100) of its words.
    pub confidence: Option<u8>,
    /// The cell's box on its page, where the format has pages (boxed: most formats have none,
    /// and a sheet of a million cells pays a pointer for each, not a box).
    pub area: Option<Box<PageBox>>,
    /// Where each line of `text` stands down the cell, counted in paragraphs with the empty
    /// ones the text leaves out (a word processor's cell that lines up several items with
    /// empty paragraphs: «1.», «», «», «2.»), when the cell has such gaps; `None` otherwise.
    pub line_places: Option<Box<[u16]>>,
}

impl Cell {
    /// A one-column, one-row cell at `col` holding `text` (normalized).
    pub fn new(col: usize, text: &str) -> Self {
        Cell {
            col,
            col_span: 1,
            row_span: 1,
            merged_above: false,
            text: normalize_text(text),
            links: Vec::new(),
            ends_with_space: false,
            confidence: None,
            area: None,
            line_places: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn w3c_timestamps_are_normalized_and_impossible_ones_dropped() {
        assert_eq!(Properties::w3c_timestamp("2013-12-23T23:15:00Z").as_deref(), Some("2013-12-23T23:15:00Z"));
        assert_eq!(Properties::w3c_timestamp("2013-12-23T23:15:00.123456789").as_deref(), Some("2013-12-23T23:15:00"));
        assert_eq!(Properties::w3c_timestamp("2021-03-31T07:12:00+03:00").as_deref(), Some("2021-03-31T07:12:00+03:00"));
        assert_eq!(Properties::w3c_timestamp("2021-03-31").as_deref(), Some("2021-03-31T00:00:00"));
        assert_eq!(Properties::w3c_timestamp("1601-01-01T00:00:00Z"), None);
        assert_eq!(Properties::w3c_timestamp("2021-13-01T00:00:00Z"), None);
        assert_eq!(Properties::w3c_timestamp("yesterday"), None);
    }

    #[test]
    fn cell_at_respects_spans() {
        let mut wide = Cell::new(1, "b");
        wide.col_span = 2;
        let row = Row { cells: vec![Cell::new(0, "a"), wide, Cell::new(3, "d")], ..Row::default() };
        assert_eq!(row.cell_at(2).map(|c| c.text.as_str()), Some("b"));
        assert_eq!(row.cell_at(3).map(|c| c.text.as_str()), Some("d"));
        assert!(row.cell_at(4).is_none());
        let mut t = Table { rows: vec![row], columns: 0, sheet: None };
        t.update_columns();
        assert_eq!(t.columns, 4);
    }
}
