//! Pages → one document: text assigned to cells, page headers and footers dropped, tables
//! continued across pages, paragraphs in reading order.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use roadmap_layout::{Block, Cell, Document, PageBox, Paragraph, Place, Row, Table};

use crate::columns;
use crate::content::{Char, PageContent};
use crate::grid::{grids, Grid};
use crate::lines::{join, join_with_starts, lines, Frame, Line, Vocabulary};

/// The part of a page a viewer shows, in the page's displayed space (origin at the bottom
/// left, `y` up, where the reader places text): boxes are measured from its top-left corner,
/// `y` down, as [`PageBox`] says.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PageFrame {
    left: f32,
    top: f32,
}

impl PageFrame {
    /// The frame of a crop box (in user space) on a page whose user space `transform` turns
    /// into its displayed orientation.
    pub fn of_crop_box([l, b, r, t]: [f32; 4], transform: [f32; 6]) -> PageFrame {
        let [a, bb, c, d, e, f] = transform;
        let corners = [(l, b), (l, t), (r, b), (r, t)].map(|(x, y)| (a * x + c * y + e, bb * x + d * y + f));
        PageFrame { left: corners.iter().map(|p| p.0).fold(f32::MAX, f32::min), top: corners.iter().map(|p| p.1).fold(f32::MIN, f32::max) }
    }

    /// The box from `x0` to `x1` and from `bottom` up to `top` of displayed space, to a tenth
    /// of a point.
    fn page_box(self, page: u32, x0: f32, bottom: f32, x1: f32, top: f32) -> PageBox {
        let tenth = |v: f32| (v * 10.0).round() / 10.0;
        PageBox { page, x0: tenth(x0 - self.left), top: tenth(self.top - top), x1: tenth(x1 - self.left), bottom: tenth(self.top - bottom) }
    }

    /// The box of lines of text: from their descenders to their ascenders.
    fn lines_box(self, page: u32, lines: &[&Line]) -> Option<PageBox> {
        let x0 = lines.iter().map(|l| l.x0).reduce(f32::min)?;
        let x1 = lines.iter().map(|l| l.x1).fold(f32::MIN, f32::max);
        let bottom = lines.iter().map(|l| l.y - 0.25 * l.size).fold(f32::MAX, f32::min);
        let top = lines.iter().map(|l| l.y + 0.85 * l.size).fold(f32::MIN, f32::max);
        Some(self.page_box(page, x0, bottom, x1, top))
    }
}

/// A table on one page, its cells' lines not yet joined.
struct PageTable {
    grid: Grid,
    cell_lines: Vec<Vec<Line>>,
    /// The lowest confidence of each cell's recognized words (scanned pages).
    cell_confidence: Vec<Option<u8>>,
}

enum Item {
    Lines(Vec<Line>),
    Table(PageTable),
}

impl Item {
    fn top(&self) -> f32 {
        match self {
            Item::Lines(lines) => lines.first().map_or(0.0, |l| l.y + l.size),
            Item::Table(t) => t.grid.top(),
        }
    }
}

/// A page split into body lines and tables.
struct Laid {
    body: Vec<Line>,
    tables: Vec<PageTable>,
    /// Read from a scan.
    scanned: bool,
}

fn lay_out(page: &PageContent) -> Laid {
    let mut found = grids(&page.segments);
    let scanned = page.chars.iter().any(|c| c.confidence.is_some()) || page.ruled_by_image;
    if scanned {
        for grid in &mut found {
            split_lost_separators(grid, &page.chars);
        }
    }
    let mut cell_chars: Vec<Vec<Vec<&Char>>> = found.iter().map(|g| vec![Vec::new(); g.cells.len()]).collect();
    let mut body_chars: Vec<&Char> = Vec::new();
    for c in &page.chars {
        let (x, y) = ((c.x0 + c.x1) / 2.0, c.y + 0.3 * c.size);
        let placed = found.iter().enumerate().find_map(|(g, grid)| grid.cell_at(x, y).map(|cell| (g, cell)));
        match placed {
            Some((g, cell)) => cell_chars[g][cell].push(c),
            None => body_chars.push(c),
        }
    }
    // rulings that enclose no text (a dashed separator, the frame of a signature) leave the
    // page to the borderless reading, as a page without rulings
    if cell_chars.iter().all(|cells| cells.iter().all(Vec::is_empty)) {
        found.clear();
        cell_chars.clear();
    }
    if found.is_empty() {
        if let Some(grid) = columns::borderless(&body_chars) {
            let mut cells = vec![Vec::new(); grid.cells.len()];
            body_chars.retain(|c| match grid.cell_at((c.x0 + c.x1) / 2.0, c.y + 0.3 * c.size) {
                Some(cell) => {
                    cells[cell].push(*c);
                    false
                }
                None => true,
            });
            found.push(grid);
            cell_chars.push(cells);
        }
    }
    let tables: Vec<PageTable> = found
        .into_iter()
        .zip(cell_chars)
        .map(|(grid, chars)| PageTable {
            cell_lines: chars.iter().map(|c| lines(c)).collect(),
            cell_confidence: chars.iter().map(|c| c.iter().filter_map(|c| c.confidence).min()).collect(),
            grid,
        })
        // A grid without any text (a drawn frame, a signature box) is not a table.
        .filter(|t| t.cell_lines.iter().any(|l| !l.is_empty()))
        .collect();
    Laid { body: lines(&body_chars), tables, scanned }
}

/// On a scan, a cell across two or more columns whose words each stand inside one column, in
/// two or more columns, is a row whose short separators were lost (a header row, ruled only
/// by bars between its words; a faint line the scan lost): one cell per column. A section row
/// («Сентябрь»), its words in one column or running on across the columns, stays one cell.
fn split_lost_separators(grid: &mut Grid, chars: &[Char]) {
    let mut index = 0;
    while index < grid.cells.len() {
        let cell = grid.cells[index].clone();
        if cell.col_span >= 2 {
            let inside: Vec<&Char> = chars
                .iter()
                .filter(|c| !c.is_space())
                .filter(|c| {
                    let (x, y) = ((c.x0 + c.x1) / 2.0, c.y + 0.3 * c.size);
                    x >= cell.x0 && x <= cell.x1 && y >= cell.y0 && y <= cell.y1
                })
                .collect();
            let column_of =
                |c: &Char| (cell.col..cell.col + cell.col_span).find(|&k| c.x0 >= grid.xs[k] - 2.0 && c.x1 <= grid.xs[k + 1] + 2.0);
            let columns: Option<Vec<usize>> = inside.iter().map(|c| column_of(c)).collect();
            // words that run on across a column's edge at a word's spacing are one text (a
            // section title across the table), whatever columns they fall in
            let runs_on = inside.iter().any(|a| {
                inside.iter().any(|b| {
                    (a.y - b.y).abs() < 0.3 * a.size
                        && b.x0 > a.x1
                        && b.x0 - a.x1 < 1.5 * a.size.max(b.size)
                        && column_of(a) != column_of(b)
                })
            });
            if let Some(mut columns) = columns.filter(|_| !runs_on) {
                columns.sort_unstable();
                columns.dedup();
                if columns.len() >= 2 {
                    grid.split_columns(index);
                    index += cell.col_span;
                    continue;
                }
            }
        }
        index += 1;
    }
}

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:[-–—]\s*)?(?:(?:стр\.?|страница|page)\s*)?([0-9]{1,4})(?:\s*(?:из|/|of)\s*[0-9]{1,4})?(?:\s*[-–—])?$")
        .unwrap_or_else(|e| unreachable!("page number pattern: {e}"))
});

/// Lines that are page furniture: page numbers at the top or bottom of a page, and lines that
/// repeat at the top or bottom of at least half of the pages (digits ignored).
fn furniture(pages: &[Laid]) -> Vec<Vec<bool>> {
    let page_count = pages.len();
    let edge_lines = |laid: &Laid| -> Vec<usize> {
        let table_top = laid.tables.iter().map(|t| t.grid.top()).fold(f32::MIN, f32::max);
        let table_bottom = laid.tables.iter().map(|t| t.grid.bottom()).fold(f32::MAX, f32::min);
        let mut edges = Vec::new();
        if laid.body.first().is_some_and(|l| l.y > table_top) {
            edges.push(0);
        }
        if laid.body.last().is_some_and(|l| l.y < table_bottom) && !edges.contains(&(laid.body.len() - 1)) {
            edges.push(laid.body.len() - 1);
        }
        edges
    };
    let shape = |text: &str| text.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect::<String>();
    let edges: Vec<Vec<usize>> = pages.iter().map(edge_lines).collect();
    let mut repeats: HashMap<String, usize> = HashMap::new();
    for (laid, edge) in pages.iter().zip(&edges) {
        for i in edge {
            *repeats.entry(shape(&laid.body[*i].text)).or_default() += 1;
        }
    }
    pages
        .iter()
        .zip(&edges)
        .map(|(laid, edge)| {
            let mut drop = vec![false; laid.body.len()];
            for &i in edge {
                let text = &laid.body[i].text;
                let numbered = PAGE_NUMBER
                    .captures(text)
                    .and_then(|c| c.get(1))
                    .and_then(|n| n.as_str().parse::<usize>().ok())
                    .is_some_and(|n| n <= page_count + 1);
                let repeated = page_count >= 3 && repeats.get(&shape(text)).is_some_and(|n| *n * 2 >= page_count);
                drop[i] = numbered || repeated;
            }
            drop
        })
        .collect()
}

/// Split body lines into runs separated by wide vertical gaps; a line of tab-separated items
/// is a run of its own.
fn runs(lines: Vec<Line>) -> Vec<Vec<Line>> {
    let mut out: Vec<Vec<Line>> = Vec::new();
    let mut after_tabs = false;
    for line in lines {
        let tabbed = line.text.contains('\t');
        match out.last_mut() {
            Some(run) if !tabbed && !after_tabs && run.last().is_some_and(|prev| prev.y - line.y <= 2.2 * prev.size.max(line.size)) => {
                run.push(line)
            }
            _ => out.push(vec![line]),
        }
        after_tabs = tabbed;
    }
    out
}

fn row_texts(row: &Row) -> Vec<&str> {
    row.cells.iter().map(|c| c.text.as_str()).collect()
}

/// The layout rows of a page table.
fn table_rows(table: &PageTable, page: u32, frame: Option<PageFrame>, vocabulary: &Vocabulary) -> Vec<Row> {
    let grid = &table.grid;
    let mut rows: Vec<Row> = (0..grid.rows()).map(|_| Row { page: Some(page), ..Row::default() }).collect();
    for ((cell, lines), confidence) in grid.cells.iter().zip(&table.cell_lines).zip(&table.cell_confidence) {
        let text = join(lines, Frame { x0: cell.x0, x1: cell.x1, padded: true }, vocabulary);
        let mut layout_cell = Cell::new(cell.col, &text);
        layout_cell.confidence = *confidence;
        layout_cell.col_span = cell.col_span;
        layout_cell.row_span = cell.row_span;
        layout_cell.ends_with_space = lines.last().is_some_and(|l| l.trailing_space);
        layout_cell.area = frame.map(|f| Box::new(f.page_box(page, cell.x0, cell.y0, cell.x1, cell.y1)));
        for covered in rows.iter_mut().skip(cell.row + 1).take(cell.row_span - 1) {
            covered.cells.push(Cell { merged_above: true, text: String::new(), row_span: 1, area: None, ..layout_cell.clone() });
        }
        if let Some(row) = rows.get_mut(cell.row) {
            row.cells.push(layout_cell);
        }
    }
    for row in &mut rows {
        row.cells.sort_by_key(|c| c.col);
    }
    rows
}

/// Two page tables share a column grid. On scanned pages the paper sits a little differently
/// on each page: the grid may move as a whole, and its lines are found less exactly.
fn same_columns(a: &[f32], b: &[f32], scanned: bool) -> bool {
    if a.len() != b.len() {
        return false;
    }
    if !scanned {
        return a.iter().zip(b).all(|(x, y)| (x - y).abs() <= 3.0);
    }
    let (a0, b0) = (a.first().copied().unwrap_or(0.0), b.first().copied().unwrap_or(0.0));
    (a0 - b0).abs() <= 36.0 && a.iter().zip(b).all(|(x, y)| ((x - a0) - (y - b0)).abs() <= 8.0)
}

/// Assemble the pages into one document; `frames` are the pages' frames, in order, where the
/// pages are a PDF's (their text and cells then get their boxes on the page).
pub(crate) fn assemble(pages: Vec<PageContent>, frames: Option<&[PageFrame]>) -> Document {
    let laid: Vec<Laid> = pages.iter().map(lay_out).collect();
    let mut vocabulary = Vocabulary::default();
    for page in &laid {
        for line in page.body.iter().chain(page.tables.iter().flat_map(|t| t.cell_lines.iter().flatten())) {
            vocabulary.add_line(&line.text);
        }
    }
    let furniture = furniture(&laid);
    let mut blocks: Vec<Block> = Vec::new();
    // The open table and its column boundaries, while it may continue on the next page.
    let mut open: Option<(Table, Vec<f32>)> = None;
    let mut previous_scanned = false;
    for (index, (page, drop)) in laid.into_iter().zip(furniture).enumerate() {
        let number = index as u32 + 1;
        let page_frame = frames.and_then(|f| f.get(index).copied());
        let scanned = std::mem::replace(&mut previous_scanned, page.scanned) || page.scanned;
        let body: Vec<Line> = page.body.into_iter().zip(drop).filter(|(_, d)| !d).map(|(l, _)| l).collect();
        let frame = Frame {
            x0: body.iter().map(|l| l.x0).fold(f32::MAX, f32::min),
            x1: body.iter().map(|l| l.x1).fold(f32::MIN, f32::max),
            padded: false,
        };
        let mut items: Vec<Item> = page.tables.into_iter().map(Item::Table).collect();
        items.extend(runs(body).into_iter().map(Item::Lines));
        items.sort_by(|a, b| b.top().total_cmp(&a.top()));
        for (position, item) in items.into_iter().enumerate() {
            match item {
                Item::Lines(run) => {
                    if let Some((table, _)) = open.take() {
                        blocks.push(Block::Table(table));
                    }
                    let (text, starts) = join_with_starts(&run, frame, &vocabulary);
                    let mut at = 0;
                    for piece in text.split(['\n', '\t']) {
                        let (start, end) = (at, at + piece.len());
                        at = end + 1;
                        if piece.trim().is_empty() {
                            continue;
                        }
                        // the lines the paragraph's text came from
                        let from: Vec<&Line> =
                            run.iter().zip(&starts).filter(|(l, s)| **s < end && **s + l.text.len() > start).map(|(l, _)| l).collect();
                        blocks.push(Block::Paragraph(Paragraph {
                            text: roadmap_layout::normalize_text(piece),
                            page: Some(number),
                            links: Vec::new(),
                            place: page_frame.and_then(|f| f.lines_box(number, &from)).map_or(Place::Unknown, Place::Page),
                        }));
                    }
                }
                Item::Table(page_table) => {
                    let mut rows = table_rows(&page_table, number, page_frame, &vocabulary);
                    let xs = page_table.grid.xs.clone();
                    match open.take() {
                        Some((mut table, open_xs)) if position == 0 && same_columns(&open_xs, &xs, scanned) => {
                            mark_repeated_header(&table, &mut rows, scanned);
                            table.rows.extend(rows);
                            open = Some((table, open_xs));
                        }
                        previous => {
                            if let Some((table, _)) = previous {
                                blocks.push(Block::Table(table));
                            }
                            let table = Table::from_rows(rows);
                            open = Some((table, xs));
                        }
                    }
                }
            }
        }
    }
    if let Some((table, _)) = open {
        blocks.push(Block::Table(table));
    }
    Document { blocks, ..Document::default() }
}

/// Rows at the top of a continuation that repeat the table's first rows are its header: the
/// same texts, or on scanned pages nearly the same (recognition varies from page to page).
fn mark_repeated_header(table: &Table, rows: &mut [Row], scanned: bool) {
    let same = |a: &Row, b: &Row| {
        if !scanned {
            return row_texts(a) == row_texts(b);
        }
        let key = |r: &Row| -> String {
            r.cells.iter().flat_map(|c| c.text.chars()).filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
        };
        let (a, b) = (key(a), key(b));
        // short texts only: a header, not a row of the plan
        !a.is_empty() && a.chars().count() <= 400 && strsim::normalized_levenshtein(&a, &b) >= 0.75
    };
    let repeated =
        table.rows.iter().zip(rows.iter()).take(3).take_while(|(a, b)| same(a, b) && a.cells.iter().any(|c| !c.text.is_empty())).count();
    for row in rows.iter_mut().take(repeated) {
        row.repeat_header = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, y: f32) -> Line {
        Line {
            text: text.into(),
            x0: 50.0,
            x1: 50.0 + 5.0 * text.chars().count() as f32,
            y,
            size: 10.0,
            first_word: 20.0,
            trailing_space: false,
        }
    }

    fn laid(body: Vec<Line>) -> Laid {
        Laid { body, tables: Vec::new(), scanned: false }
    }

    #[test]
    fn page_numbers_and_running_headers_are_furniture() {
        let pages: Vec<Laid> = (1..=4)
            .map(|n| laid(vec![line(&n.to_string(), 800.0), line("Текст страницы", 700.0), line(&format!("Приказ № 779, стр. {n}"), 40.0)]))
            .collect();
        let dropped = furniture(&pages);
        assert!(dropped.iter().all(|d| d == &vec![true, false, true]));
    }

    #[test]
    fn a_lone_number_in_the_body_is_not_furniture() {
        let pages = vec![laid(vec![line("Приказ", 800.0), line("2021", 700.0), line("Текст", 600.0)])];
        assert_eq!(furniture(&pages), vec![vec![false, false, false]]);
    }

    #[test]
    fn repeated_header_rows_are_flagged() {
        let header = Row { cells: vec![Cell::new(0, "№"), Cell::new(1, "Мероприятие")], ..Row::default() };
        let data = Row { cells: vec![Cell::new(0, "1"), Cell::new(1, "Совещание")], ..Row::default() };
        let table = Table { rows: vec![header.clone(), data.clone()], columns: 2, sheet: None };
        let mut continuation = vec![header, Row { cells: vec![Cell::new(0, "2"), Cell::new(1, "Семинар")], ..Row::default() }];
        mark_repeated_header(&table, &mut continuation, false);
        assert_eq!(continuation.iter().map(|r| r.repeat_header).collect::<Vec<_>>(), vec![true, false]);
    }
}
