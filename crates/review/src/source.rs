//! Where the rows came from, drawn: crops of PDF pages with the row's and its cells' boxes and
//! the whole pages with every row's boxes; for other formats the row in its table as read,
//! its cells marked by field.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use roadmap_layout::{Block, Table};
use roadmap_model::{Action, Location};

use crate::document::{field_class, where_label};
use crate::{html, PageImage, Reviewed};

/// The margin around a crop, in points.
const MARGIN: f32 = 8.0;
/// The widest a row's crop is shown, in CSS pixels, and the most pixels a point takes.
const CROP_WIDTH: f32 = 560.0;
const CROP_SCALE: f32 = 1.3;
/// Tables longer than this are drawn row by row only, not whole.
const WHOLE_TABLE_ROWS: usize = 1_500;

pub(crate) struct Source<'a> {
    doc: &'a Reviewed<'a>,
    /// The document's tables as read, in order (`provenance.table` is 1-based among them).
    tables: Vec<&'a Table>,
}

/// A length in CSS pixels, to a tenth.
fn px(v: f32) -> String {
    format!("{:.1}px", v)
}

fn percent(part: f32, whole: f32) -> String {
    format!("{:.3}%", 100.0 * part / whole.max(1.0))
}

/// Spreadsheet letters of a 0-based column.
fn letters(column: u32) -> String {
    roadmap_model::A1Range { first_row: 0, first_column: column, last_row: 0, last_column: column }
        .to_string()
        .trim_end_matches('1')
        .to_string()
}

impl<'a> Source<'a> {
    pub fn new(doc: &'a Reviewed<'a>) -> Self {
        let tables = doc
            .layout
            .map(|d| {
                d.blocks
                    .iter()
                    .filter_map(|b| match b {
                        Block::Table(t) => Some(t),
                        Block::Paragraph(_) => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        Source { doc, tables }
    }

    fn image(&self, page: u32) -> Option<&PageImage> {
        self.doc.pages.get(&page)
    }

    /// Where the row is, in words: «стр. 4–5, табл. 1, строка 9», «лист «План» A5:E5».
    pub fn row_label(&self, action: &Action) -> String {
        let p = &action.provenance;
        if let (Some(sheet), Some(range)) = (&p.sheet, &p.range) {
            return format!("лист «{sheet}» {range}");
        }
        let pages: BTreeSet<u32> = p.boxes.iter().map(|b| b.page).chain(p.page).collect();
        let mut label = match (pages.first(), pages.last()) {
            (Some(a), Some(b)) if a != b => format!("стр. {a}–{b}, "),
            (Some(a), _) => format!("стр. {a}, "),
            _ => String::new(),
        };
        let _ = write!(label, "табл. {}, строка {}", p.table, p.row);
        label
    }

    /// The row's source beside it.
    pub fn row(&self, out: &mut String, action: &Action) {
        let p = &action.provenance;
        if !p.boxes.is_empty() {
            for b in &p.boxes {
                let cells: Vec<(&str, [f32; 4], String)> = p
                    .cells
                    .iter()
                    .filter(|c| c.page == Some(b.page))
                    .filter_map(|c| Some((field_class(c.field), c.bbox?, c.header.clone().unwrap_or_else(|| c.field.as_str().to_string()))))
                    .collect();
                self.crop(out, b.page, b.bbox, &cells, CROP_WIDTH);
            }
            return;
        }
        match self.tables.get(p.table.wrapping_sub(1)) {
            Some(table) => self.excerpt(out, table, action),
            None => out.push_str("<p class=\"muted\">Источник не нарисован: документ не прочитан заново.</p>"),
        }
    }

    /// A crop of `page` around `bbox` with `cells` boxed, at most `width` pixels wide.
    fn crop(&self, out: &mut String, page: u32, bbox: [f32; 4], cells: &[(&str, [f32; 4], String)], width: f32) {
        let Some(image) = self.image(page) else {
            let _ = write!(out, "<p class=\"muted\">стр. {page} не нарисована</p>");
            return;
        };
        let (pw, ph) = image.points();
        let [x0, top, x1, bottom] = bbox;
        let (cx0, cy0) = ((x0 - MARGIN).max(0.0), (top - MARGIN).max(0.0));
        let (cx1, cy1) = ((x1 + MARGIN).min(pw), (bottom + MARGIN).min(ph));
        let k = (width / (cx1 - cx0).max(1.0)).min(CROP_SCALE);
        let _ = write!(
            out,
            "<div class=\"crop\" data-page=\"{page}\" style=\"width:{w};height:{h}\"><img src=\"{src}\" alt=\"стр. {page}\" loading=\"lazy\" style=\"width:{iw};left:{l};top:{t}\">",
            w = px((cx1 - cx0) * k),
            h = px((cy1 - cy0) * k),
            src = html(&image.file),
            iw = px(pw * k),
            l = px(-cx0 * k),
            t = px(-cy0 * k),
        );
        let place = |[a, b, c, d]: [f32; 4]| {
            format!("left:{};top:{};width:{};height:{}", px((a - cx0) * k), px((b - cy0) * k), px((c - a) * k), px((d - b) * k))
        };
        for (class, cell, title) in cells {
            let _ = write!(out, "<div class=\"box {class}\" title=\"{}\" style=\"{}\"></div>", html(title), place(*cell));
        }
        let _ = write!(out, "<div class=\"outline\" style=\"{}\"></div></div>", place(bbox));
    }

    /// Small crops of the places a document field was read, where they are on pages.
    pub fn locations(&self, out: &mut String, at: &[Location]) {
        for l in at {
            if let (Some(page), Some(bbox)) = (l.page, l.bbox) {
                self.crop(out, page, bbox, &[], 320.0);
            }
        }
    }

    /// The rows of `table` an action's cells were read from, with the table's first row above
    /// them, drawn as read; each cell of the action marked by its field.
    fn excerpt(&self, out: &mut String, table: &Table, action: &Action) {
        let p = &action.provenance;
        let mut rows: BTreeSet<usize> = p.cells.iter().map(|c| c.row as usize).collect();
        rows.insert(p.row);
        let marked: BTreeMap<(usize, usize), &str> =
            p.cells.iter().map(|c| ((c.row as usize, c.column as usize), field_class(c.field))).collect();
        out.push_str("<table class=\"excerpt\">");
        self.column_labels(out, table);
        if !rows.contains(&1) {
            self.table_row(out, table, 1, &BTreeMap::new(), "context", "");
        }
        let mut last = 1;
        for r in rows {
            if r > last + 1 {
                let _ = write!(out, "<tr class=\"gap\"><th>⋯</th><td colspan=\"{}\"></td></tr>", table.columns.max(1));
            }
            self.table_row(out, table, r, &marked, "", "");
            last = r;
        }
        out.push_str("</table>");
    }

    fn column_labels(&self, out: &mut String, table: &Table) {
        out.push_str("<tr class=\"columns\"><th></th>");
        for c in 0..table.columns {
            let label = match table.sheet.as_deref() {
                Some(grid) => grid.columns.get(c).map_or_else(|| (c + 1).to_string(), |&col| letters(col)),
                None => (c + 1).to_string(),
            };
            let _ = write!(out, "<th>{label}</th>");
        }
        out.push_str("</tr>");
    }

    /// Row `r` (1-based) of `table`, its cells marked by `marked` (row, column) → class.
    fn table_row(&self, out: &mut String, table: &Table, r: usize, marked: &BTreeMap<(usize, usize), &str>, class: &str, attributes: &str) {
        let Some(row) = table.rows.get(r.wrapping_sub(1)) else { return };
        let label = match table.sheet.as_deref() {
            Some(grid) => grid.rows.get(r - 1).map_or_else(|| r.to_string(), |&sheet_row| (sheet_row + 1).to_string()),
            None => r.to_string(),
        };
        let _ = write!(out, "<tr class=\"{class}\"{attributes}><th>{label}</th>");
        let mut at = 0;
        for cell in &row.cells {
            if cell.col > at {
                let _ = write!(out, "<td colspan=\"{}\"></td>", cell.col - at);
            }
            let span = cell.col_span.max(1);
            let mark = marked.get(&(r, cell.col + 1)).copied().unwrap_or("");
            let text = if cell.merged_above { "↑".to_string() } else { html(&cell.text).replace('\n', "<br>") };
            let _ = write!(out, "<td colspan=\"{span}\" class=\"{mark}\">{text}</td>");
            at = cell.col + span;
        }
        if table.columns > at {
            let _ = write!(out, "<td colspan=\"{}\"></td>", table.columns - at);
        }
        out.push_str("</tr>");
    }

    /// The whole source: every PDF page with a row on it and every row's boxes, or the
    /// tables that gave rows, drawn whole.
    pub fn whole(&self, out: &mut String) {
        let r = self.doc.roadmap;
        if !self.doc.pages.is_empty() {
            out.push_str("<section class=\"pages\"><h2>Страницы</h2>\n");
            for (&page, image) in &self.doc.pages {
                let (pw, ph) = image.points();
                let _ = write!(
                    out,
                    "<figure class=\"page\" id=\"page-{page}\" data-page=\"{page}\" data-width=\"{pw:.2}\" data-height=\"{ph:.2}\"><figcaption>стр. {page}</figcaption><div class=\"sheet\"><img src=\"{src}\" alt=\"стр. {page}\" width=\"{w}\" height=\"{h}\" loading=\"lazy\">",
                    src = html(&image.file),
                    w = image.width,
                    h = image.height,
                );
                let place = |[a, b, c, d]: [f32; 4]| {
                    format!("left:{};top:{};width:{};height:{}", percent(a, pw), percent(b, ph), percent(c - a, pw), percent(d - b, ph))
                };
                for a in &r.actions {
                    for b in a.provenance.boxes.iter().filter(|b| b.page == page) {
                        let _ = write!(
                            out,
                            "<a class=\"rowbox\" href=\"#row-{seq}\" data-seq=\"{seq}\" style=\"{}\"></a>",
                            place(b.bbox),
                            seq = a.seq
                        );
                    }
                    for c in a.provenance.cells.iter().filter(|c| c.page == Some(page)) {
                        let Some(bbox) = c.bbox else { continue };
                        let [x0, top, x1, bottom] = bbox;
                        let _ = write!(
                            out,
                            "<div class=\"box {class}\" data-seq=\"{seq}\" data-field=\"{field}\" data-bbox=\"{x0} {top} {x1} {bottom}\" style=\"{style}\"></div>",
                            class = field_class(c.field),
                            seq = a.seq,
                            field = html(&c.header.clone().unwrap_or_else(|| c.field.as_str().to_string())),
                            style = place(bbox),
                        );
                    }
                }
                let d = &r.document.provenance;
                for l in d.kind.iter().chain(&d.authority).chain(&d.number).chain(&d.date).chain(&d.title).chain(&d.signatory) {
                    if let (Some(p), Some(bbox)) = (l.page, l.bbox) {
                        if p == page {
                            let _ =
                                write!(out, "<div class=\"box meta\" title=\"{}\" style=\"{}\"></div>", html(&where_label(l)), place(bbox));
                        }
                    }
                }
                out.push_str("</div></figure>\n");
            }
            out.push_str("</section>\n");
            return;
        }
        let mut drawn = false;
        for decision in r.plan.tables.iter().filter(|t| t.actions > 0) {
            let Some(table) = self.tables.get(decision.table.wrapping_sub(1)) else { continue };
            if table.rows.len() > WHOLE_TABLE_ROWS {
                continue;
            }
            if !drawn {
                out.push_str("<section class=\"tables-drawn\"><h2>Таблицы</h2>\n");
                drawn = true;
            }
            // which rows each action was read from
            let mut seqs: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
            let mut marked: BTreeMap<(usize, usize), &str> = BTreeMap::new();
            for a in r.actions.iter().filter(|a| a.provenance.table == decision.table) {
                for c in &a.provenance.cells {
                    seqs.entry(c.row as usize).or_default().push(a.seq);
                    marked.insert((c.row as usize, c.column as usize), field_class(c.field));
                }
            }
            let _ = write!(out, "<h3>Таблица {}</h3><table class=\"excerpt whole\">", decision.table);
            self.column_labels(out, table);
            for row in 1..=table.rows.len() {
                let attributes = match seqs.get(&row) {
                    Some(s) => {
                        let mut s = s.clone();
                        s.dedup();
                        format!(
                            " id=\"t{}-r{row}\" data-seqs=\"{}\"",
                            decision.table,
                            s.iter().map(usize::to_string).collect::<Vec<_>>().join(" ")
                        )
                    }
                    None => format!(" id=\"t{}-r{row}\"", decision.table),
                };
                self.table_row(out, table, row, &marked, "", &attributes);
            }
            out.push_str("</table>\n");
        }
        if drawn {
            out.push_str("</section>\n");
        }
    }
}
