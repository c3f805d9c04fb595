//! What the readers of word-processor formats share while they build a [`Document`]: the text
//! of the cell being read, the blocks in reading order with tables nested in cells, and list
//! numbers in the formats documents use.
//!
//! ```
//! use roadmap_layout::build::{format_number, Blocks, CellText, Nesting, NumberFormat};
//! use roadmap_layout::{Cell, Row, Table};
//! let mut blocks = Blocks::default();
//! blocks.paragraph("ПРИКАЗ".into(), Vec::new());
//! let mut outer_cell = CellText::default();
//! let inner = Table { rows: vec![Row { cells: vec![Cell::new(0, "внутри")], ..Row::default() }], columns: 1, sheet: None };
//! blocks.table(inner, Nesting::InCell(Some(&mut outer_cell)));
//! assert_eq!(outer_cell.paragraphs, ["внутри"]);
//! blocks.table(Table::default(), Nesting::TopLevel);
//! assert_eq!(blocks.finish().len(), 3, "the paragraph, the outer table, then the nested one");
//! assert_eq!(format_number(14, NumberFormat::UpperRoman), "XIV");
//! assert_eq!(format_number(3, NumberFormat::RussianLower), "в");
//! // a cell whose items empty paragraphs line up keeps where each line stands
//! let mut cell = CellText::default();
//! for paragraph in ["1.", "", "", "2. Беседа\nс родителями"] {
//!     cell.push(paragraph.into(), Vec::new());
//! }
//! assert_eq!(cell.into_cell(0, 1, 1).line_places.as_deref(), Some(&[0, 3, 4][..]));
//! ```

use std::collections::BTreeMap;

use crate::{Block, Cell, Document, Paragraph, Table};

/// The text of a table cell being read: its paragraphs and the links in them, and where each
/// paragraph stands among all of the cell's, empty ones counted.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct CellText {
    pub paragraphs: Vec<String>,
    pub links: Vec<String>,
    /// The place of each of `paragraphs` among the cell's paragraphs, empty ones counted.
    pub places: Vec<u16>,
    /// The cell's paragraphs so far, empty ones counted.
    pub seen: u16,
}

impl CellText {
    /// A paragraph of the cell (an empty one adds nothing but its links, and its place).
    pub fn push(&mut self, text: String, links: Vec<String>) {
        if !text.trim().is_empty() {
            self.paragraphs.push(text);
            self.places.push(self.seen);
        }
        self.seen = self.seen.saturating_add(1);
        for link in links {
            if !self.links.contains(&link) {
                self.links.push(link);
            }
        }
    }

    /// The cell at grid column `col` spanning `col_span` columns and `row_span` rows with this
    /// text (its paragraphs joined by line breaks), links and, when empty paragraphs stand
    /// between its lines, where each line stands.
    pub fn into_cell(self, col: usize, col_span: usize, row_span: usize) -> crate::Cell {
        let mut cell = crate::Cell::new(col, &self.paragraphs.join("\n"));
        cell.col_span = col_span;
        cell.row_span = row_span;
        cell.line_places = line_places(&self.paragraphs, &self.places, &cell.text);
        cell.links = self.links;
        cell
    }
}

/// The place of each line of a cell's `text` made of `paragraphs` at `places` (a paragraph of
/// several lines takes the places below its first), when there is a gap between two of them;
/// `None` without a gap, or when the places do not account for the text's lines.
fn line_places(paragraphs: &[String], places: &[u16], text: &str) -> Option<Box<[u16]>> {
    if places.len() != paragraphs.len() || places.iter().enumerate().all(|(i, p)| usize::from(*p) == i) {
        return None;
    }
    let mut out = Vec::new();
    let mut shift = 0u16;
    for (paragraph, place) in paragraphs.iter().zip(places) {
        let lines = crate::normalize_text(paragraph).lines().count() as u16;
        out.extend((0..lines).map(|line| place.saturating_add(shift).saturating_add(line)));
        shift = shift.saturating_add(lines.saturating_sub(1));
    }
    (out.len() == text.lines().count()).then(|| out.into_boxed_slice())
}

/// A cell a reader is building: its own properties, and its text.
pub trait CellBeingRead {
    fn text(&mut self) -> &mut CellText;
}

/// A row a reader is building: it takes the cells as they finish.
pub trait RowBeingRead<C> {
    fn push(&mut self, cell: C);
}

/// A table being read: its finished rows, and the row and the cell being read.
#[derive(Debug)]
pub struct OpenTable<R, C> {
    pub rows: Vec<R>,
    pub row: Option<R>,
    pub cell: Option<C>,
}

/// The tables open while a document is read, innermost last, for readers that meet tables
/// as nested elements (DOCX, ODT). The reader's own row and cell types carry what its format
/// says about spans; this keeps the stack and moves cells into rows and rows into tables.
#[derive(Debug)]
pub struct OpenTables<R, C> {
    open: Vec<OpenTable<R, C>>,
}

impl<R, C> Default for OpenTables<R, C> {
    fn default() -> Self {
        OpenTables { open: Vec::new() }
    }
}

impl<R: RowBeingRead<C>, C: CellBeingRead> OpenTables<R, C> {
    /// A table starts inside whatever is open.
    pub fn open(&mut self) {
        self.open.push(OpenTable { rows: Vec::new(), row: None, cell: None });
    }

    pub fn is_empty(&self) -> bool {
        self.open.is_empty()
    }

    /// The innermost open table.
    pub fn innermost(&mut self) -> Option<&mut OpenTable<R, C>> {
        self.open.last_mut()
    }

    /// The text of the cell being read in the innermost table.
    pub fn cell_text(&mut self) -> Option<&mut CellText> {
        self.open.last_mut().and_then(|t| t.cell.as_mut()).map(CellBeingRead::text)
    }

    /// The cell being read goes into its row.
    pub fn finish_cell(&mut self) {
        if let Some(t) = self.open.last_mut() {
            if let (Some(cell), Some(row)) = (t.cell.take(), t.row.as_mut()) {
                row.push(cell);
            }
        }
    }

    /// The row being read goes into its table (its open cell first).
    pub fn finish_row(&mut self) {
        self.finish_cell();
        if let Some(t) = self.open.last_mut() {
            if let Some(row) = t.row.take() {
                t.rows.push(row);
            }
        }
    }

    /// Close the innermost table: its rows, with the row being read.
    pub fn close(&mut self) -> Option<Vec<R>> {
        self.finish_row();
        self.open.pop().map(|t| t.rows)
    }

    /// Where a table just closed stands: at the top, or in the cell being read around it.
    pub fn nesting(&mut self) -> Nesting<'_> {
        if self.open.is_empty() {
            Nesting::TopLevel
        } else {
            Nesting::InCell(self.cell_text())
        }
    }

    /// A finished paragraph: into the cell being read, or a block when no table is open (a
    /// paragraph in a table but outside any cell is not text of the document).
    pub fn paragraph(&mut self, blocks: &mut Blocks, text: String, links: Vec<String>) {
        if let Some(cell) = self.cell_text() {
            cell.push(text, links);
        } else if self.open.is_empty() {
            blocks.paragraph(text, links);
        }
    }

    /// Close the innermost table, built from its rows by the reader's `build`, into `blocks`.
    pub fn close_into(&mut self, blocks: &mut Blocks, build: impl FnOnce(Vec<R>) -> Table) {
        if let Some(rows) = self.close() {
            let table = build(rows);
            blocks.table(table, self.nesting());
        }
    }
}

/// The vertical spans still open while a table's rows are placed, for readers that know each
/// cell's row span at its origin (ODT, DOC): the rows below get a `merged_above` cell where a
/// span covers them, as every reader gives them.
#[derive(Debug, Default)]
pub struct VerticalSpans {
    /// Column → (rows left to cover, columns spanned).
    open: BTreeMap<usize, (usize, usize)>,
}

impl VerticalSpans {
    /// A cell at `col` spanning `row_span` rows and `col_span` columns.
    pub fn open(&mut self, col: usize, row_span: usize, col_span: usize) {
        if row_span > 1 {
            self.open.insert(col, (row_span - 1, col_span));
        }
    }

    /// The covered cell at `col`, if a span covers it in this row (the span then covers one
    /// row fewer).
    fn cover(&mut self, col: usize) -> Option<Cell> {
        let (left, width) = self.open.get_mut(&col)?;
        let width = *width;
        *left -= 1;
        if *left == 0 {
            self.open.remove(&col);
        }
        Some(Cell { col, col_span: width, row_span: 1, merged_above: true, ..Cell::default() })
    }

    /// For a reader that places cells left to right: the covered cells from `col` on, until a
    /// column no span covers; `col` moves past them.
    pub fn cover_at(&mut self, col: &mut usize, cells: &mut Vec<Cell>) {
        while let Some(cell) = self.cover(*col) {
            *col += cell.col_span.max(1);
            cells.push(cell);
        }
    }

    /// Every covered cell of the row from column `from` on, in column order: the spans past
    /// a row's last cell, or all of a row's for a reader whose cells know their columns.
    pub fn cover_from(&mut self, from: usize, cells: &mut Vec<Cell>) {
        let columns: Vec<usize> = self.open.range(from..).map(|(col, _)| *col).collect();
        cells.extend(columns.into_iter().filter_map(|col| self.cover(col)));
    }
}

/// A paragraph's text as shown: normalized, after its list number when it has one.
pub fn labelled(label: Option<String>, text: &str) -> String {
    let body = crate::normalize_text(text);
    match label {
        Some(label) if body.is_empty() => label,
        Some(label) => format!("{label} {body}"),
        None => body,
    }
}

/// Where a finished table stands.
#[derive(Debug)]
pub enum Nesting<'a> {
    /// Not inside another table: it is a block.
    TopLevel,
    /// Inside another table, in this cell when one is open.
    InCell(Option<&'a mut CellText>),
}

/// The blocks of a document in reading order. A table nested in a cell is emitted after its
/// outermost table, and its text also stays in the cell, so that a reader of either finds it.
#[derive(Debug, Default)]
pub struct Blocks {
    blocks: Vec<Block>,
    nested: Vec<Table>,
    pictures: Vec<crate::Picture>,
}

impl Blocks {
    /// A picture displayed `width` × `height` points, where the text has got to (outside
    /// tables), kept when it shows a page of paper ([`crate::Picture::shows_a_page`]).
    pub fn picture(&mut self, data: Vec<u8>, width: f32, height: f32) {
        if crate::Picture::shows_a_page(width, height) && self.pictures.len() < crate::Picture::MOST {
            self.pictures.push(crate::Picture { at: self.blocks.len(), data, width, height });
        }
    }

    /// A paragraph outside tables (an empty one is nothing).
    pub fn paragraph(&mut self, text: String, links: Vec<String>) {
        if !text.is_empty() {
            self.blocks.push(Block::Paragraph(Paragraph { text, page: None, links, ..Paragraph::default() }));
        }
    }

    /// Nothing has been read yet.
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty() && self.nested.is_empty()
    }

    /// A table, finished.
    pub fn table(&mut self, table: Table, nesting: Nesting<'_>) {
        match nesting {
            Nesting::TopLevel => {
                self.blocks.push(Block::Table(table));
                self.blocks.extend(self.nested.drain(..).map(Block::Table));
            }
            Nesting::InCell(cell) => {
                if let Some(cell) = cell {
                    let lines = table.rows.iter().map(|r| r.filled().map(|c| c.text.as_str()).collect::<Vec<_>>().join(" "));
                    cell.paragraphs.extend(lines.filter(|l| !l.is_empty()));
                }
                self.nested.push(table);
            }
        }
    }

    /// The blocks, with nested tables whose outermost table never finished at the end.
    pub fn finish(mut self) -> Vec<Block> {
        self.blocks.extend(self.nested.drain(..).map(Block::Table));
        self.blocks
    }

    /// A document of these blocks and pictures.
    pub fn into_document(mut self, diagnostics: Vec<crate::Diagnostic>) -> Document {
        let pictures = std::mem::take(&mut self.pictures);
        Document { blocks: self.finish(), diagnostics, pictures, ..Document::default() }
    }
}

/// How a list shows its numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberFormat {
    Decimal,
    LowerLetter,
    UpperLetter,
    /// «а, б, в, …» (without ё, й, ъ, ы, ь, as Word counts).
    RussianLower,
    RussianUpper,
    LowerRoman,
    UpperRoman,
}

/// `n` as a list shows it: `14`, `n`, `N`, `о`, `xiv`, `XIV`; letters repeat past the
/// alphabet (`aa`, `bb`), nothing is shown for 0 in letters.
pub fn format_number(n: u32, format: NumberFormat) -> String {
    const RU: [char; 28] = [
        'а', 'б', 'в', 'г', 'д', 'е', 'ж', 'з', 'и', 'к', 'л', 'м', 'н', 'о', 'п', 'р', 'с', 'т', 'у', 'ф', 'х', 'ц', 'ч', 'ш', 'щ', 'э',
        'ю', 'я',
    ];
    const LATIN: [char; 26] =
        ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z'];
    let letter = |alphabet: &[char]| -> String {
        if n == 0 {
            return String::new();
        }
        let idx = ((n - 1) as usize) % alphabet.len();
        let times = ((n - 1) as usize) / alphabet.len() + 1;
        alphabet[idx].to_string().repeat(times)
    };
    match format {
        NumberFormat::Decimal => n.to_string(),
        NumberFormat::LowerLetter => letter(&LATIN),
        NumberFormat::UpperLetter => letter(&LATIN).to_uppercase(),
        NumberFormat::RussianLower => letter(&RU),
        NumberFormat::RussianUpper => letter(&RU).to_uppercase(),
        NumberFormat::LowerRoman => roman(n).to_lowercase(),
        NumberFormat::UpperRoman => roman(n),
    }
}

fn roman(n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n.min(3999);
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn vertical_spans_cover_the_rows_below_once_each() {
        let mut spans = VerticalSpans::default();
        spans.open(0, 3, 1);
        spans.open(1, 2, 2);
        // a reader placing cells left to right: both covered cells, adjacent, then its own
        let (mut col, mut cells) = (0, Vec::new());
        spans.cover_at(&mut col, &mut cells);
        assert_eq!(
            (col, cells.iter().map(|c| (c.col, c.col_span, c.merged_above)).collect::<Vec<_>>()),
            (3, vec![(0, 1, true), (1, 2, true)])
        );
        // the next row: only the three-row span still covers, and only once
        let mut cells = Vec::new();
        spans.cover_from(0, &mut cells);
        spans.cover_from(0, &mut cells);
        assert_eq!(cells.iter().map(|c| c.col).collect::<Vec<_>>(), [0]);
    }

    use super::*;

    #[test]
    fn numbers_in_every_format() {
        assert_eq!(format_number(28, NumberFormat::LowerLetter), "bb");
        assert_eq!(format_number(0, NumberFormat::UpperLetter), "");
        assert_eq!(format_number(29, NumberFormat::RussianUpper), "АА");
        assert_eq!(format_number(1994, NumberFormat::LowerRoman), "mcmxciv");
        assert_eq!(format_number(7, NumberFormat::Decimal), "7");
    }

    #[test]
    fn a_cell_keeps_each_link_once() {
        let mut cell = CellText::default();
        cell.push("a".into(), vec!["x".into()]);
        cell.push(String::new(), vec!["x".into(), "y".into()]);
        assert_eq!(cell.paragraphs, ["a"]);
        assert_eq!(cell.links, ["x", "y"]);
    }
}
