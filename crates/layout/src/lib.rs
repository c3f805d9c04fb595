//! The intermediate document model every reader produces, and the text rules they share.
//!
//! In: nothing — readers (`roadmap-docx`, `roadmap-xlsx`, `roadmap-pdf`) build a [`Document`].
//! Out: a [`Document`] is an ordered list of [`Block`]s: paragraphs and tables. A [`Table`] is
//! a list of [`Row`]s of [`Cell`]s placed on a column grid, with column and row spans, page
//! numbers where the format knows them, and the repeat-header flag.
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

pub use text::{cannot_start_a_word, join_broken_line, normalize_text};

/// A whole document, in reading order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// Number of pages, where the format has pages (PDF) or states it.
    pub pages: Option<u32>,
    /// Recoverable problems met while reading (damaged parts skipped, limits reached).
    pub diagnostics: Vec<Diagnostic>,
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
    /// Stable dotted code, e.g. `docx.nesting_limit`.
    pub code: &'static str,
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
}

/// A table on a column grid. Every row lists the cells that start in it; a cell covered by a
/// vertical merge from above appears as a [`Cell`] with `merged_above` set and empty text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub rows: Vec<Row>,
    /// Number of grid columns (the widest row).
    pub columns: usize,
}

impl Table {
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
}

impl Cell {
    /// A one-column, one-row cell at `col` holding `text` (normalized).
    pub fn new(col: usize, text: &str) -> Self {
        Cell { col, col_span: 1, row_span: 1, merged_above: false, text: normalize_text(text), links: Vec::new(), ends_with_space: false }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_at_respects_spans() {
        let mut wide = Cell::new(1, "b");
        wide.col_span = 2;
        let row = Row { cells: vec![Cell::new(0, "a"), wide, Cell::new(3, "d")], ..Row::default() };
        assert_eq!(row.cell_at(2).map(|c| c.text.as_str()), Some("b"));
        assert_eq!(row.cell_at(3).map(|c| c.text.as_str()), Some("d"));
        assert!(row.cell_at(4).is_none());
        let mut t = Table { rows: vec![row], columns: 0 };
        t.update_columns();
        assert_eq!(t.columns, 4);
    }
}
