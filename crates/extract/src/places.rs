//! Where the document's fields were read: the lines that say each value.
//!
//! In: the document, the block of its roadmap table, and the fields [`crate::meta`] read. Out:
//! [`DocumentProvenance`] and the plan title's lines. The fields are found again by what they
//! say — the line that names the kind, the number or the date, the run of lines a title or an
//! authority was joined from, the words that name the region — so the rules that read them
//! stay where they are, in one place, and this module only points at their text. Lines are the
//! document's paragraphs and the cells of its tables laid out as blocks (not the roadmap table
//! or other tables of records), as the metadata reader sees them.

use roadmap_layout::{Block, Document, Place, Table};
use roadmap_model::{DocumentKind, DocumentMeta, DocumentProvenance, Location};

use crate::meta::{date_on, is_data_table, kind_of, number_on};

/// One line of text and where it stands.
struct Line {
    /// Lowercase, white space collapsed.
    folded: String,
    text: String,
    at: Location,
}

/// Lowercase with white space collapsed: how lines and values are held against each other.
fn fold(text: &str) -> String {
    roadmap_layout::lowercase(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn line(text: &str, at: &Location) -> Line {
    Line { folded: fold(text), text: text.to_string(), at: at.clone() }
}

/// The lines of the document's paragraphs and layout tables, in reading order.
fn lines(doc: &Document, roadmap_block: Option<usize>) -> Vec<Line> {
    let mut out = Vec::new();
    let (mut paragraphs, mut tables) = (0u32, 0u32);
    for (i, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Paragraph(p) => {
                paragraphs += 1;
                let mut at = Location { paragraph: Some(paragraphs), ..Location::default() };
                match &p.place {
                    Place::Page(b) => {
                        at.page = Some(b.page);
                        at.bbox = Some(crate::bbox(*b));
                    }
                    Place::Sheet { sheet, row, column } => {
                        at.sheet = Some(sheet.clone());
                        at.range = Some(crate::a1((*row, *column, *row, *column)));
                    }
                    Place::Unknown => at.page = p.page,
                }
                out.extend(p.text.lines().filter(|l| !l.trim().is_empty()).map(|l| line(l, &at)));
            }
            Block::Table(t) => {
                tables += 1;
                if Some(i) == roadmap_block || is_data_table(t) {
                    continue;
                }
                for (r, row) in t.rows.iter().enumerate().take(12) {
                    for cell in row.filled() {
                        let at = cell_location(t, tables, r, cell);
                        out.extend(cell.text.lines().filter(|l| !l.trim().is_empty()).map(|l| line(l, &at)));
                    }
                }
            }
        }
    }
    out
}

/// Where a cell of table `t` (the document's `table`th, 1-based) at row `r` stands.
fn cell_location(t: &Table, table: u32, r: usize, cell: &roadmap_layout::Cell) -> Location {
    let mut at = Location {
        table: Some(table),
        row: Some(r as u32 + 1),
        column: Some(cell.col as u32 + 1),
        page: t.rows.get(r).and_then(|row| row.page),
        ..Location::default()
    };
    if let Some(area) = cell.area.as_deref() {
        at.page = Some(area.page);
        at.bbox = Some(crate::bbox(*area));
    }
    if let Some(grid) = t.sheet.as_deref() {
        at.sheet = Some(grid.sheet.clone());
        at.range = grid.cell_range(r, cell).map(crate::a1);
    }
    at
}

/// The first cell of any table, the roadmap table and tables of records included, whose text
/// `says` finds: for a value read from the whole text (a region the plan's rows name).
fn first_cell(doc: &Document, says: impl Fn(&str) -> bool) -> Option<Location> {
    let tables = doc.blocks.iter().filter_map(|b| match b {
        Block::Table(t) => Some(t),
        Block::Paragraph(_) => None,
    });
    for (i, t) in tables.enumerate() {
        for (r, row) in t.rows.iter().enumerate() {
            if let Some(cell) = row.filled().find(|c| says(&c.text)) {
                return Some(cell_location(t, i as u32 + 1, r, cell));
            }
        }
    }
    None
}

/// The run of consecutive lines `text` was joined from (with spaces, or across line ends).
fn run(lines: &[Line], text: &str) -> Vec<Location> {
    let target = fold(text);
    if target.is_empty() {
        return Vec::new();
    }
    for start in 0..lines.len() {
        let mut joined = lines[start].folded.clone();
        if !target.starts_with(&joined) {
            continue;
        }
        let mut end = start;
        while joined.len() < target.len() && end + 1 < lines.len() {
            end += 1;
            joined.push(' ');
            joined.push_str(&lines[end].folded);
            if !target.starts_with(&joined) {
                break;
            }
        }
        if joined == target {
            return lines[start..=end].iter().map(|l| l.at.clone()).collect();
        }
    }
    // a value made of part of a line, or of lines set apart (a post over two lines with a
    // signature line between): the lines that are part of it
    let first = lines.iter().position(|l| l.folded.len() >= 4 && (target.contains(&l.folded) || l.folded.contains(&target)));
    first.map_or_else(Vec::new, |first| {
        lines[first..].iter().take_while(|l| target.contains(&l.folded) || l.folded.contains(&target)).map(|l| l.at.clone()).collect()
    })
}

/// The first line that says what `says` finds.
fn first(lines: &[Line], says: impl Fn(&Line) -> bool) -> Vec<Location> {
    lines.iter().find(|l| says(l)).map(|l| vec![l.at.clone()]).unwrap_or_default()
}

/// Where each field of `document` and the plan title were read.
pub fn locate(
    doc: &Document,
    roadmap_block: Option<usize>,
    document: &DocumentMeta,
    plan_title: Option<&str>,
) -> (DocumentProvenance, Vec<Location>) {
    let lines = lines(doc, roadmap_block);
    let mut at = DocumentProvenance::default();
    let plan_title_at = plan_title.map(|t| run(&lines, t)).unwrap_or_default();
    at.kind = match document.kind {
        DocumentKind::Unknown => Vec::new(),
        DocumentKind::Plan => plan_title_at.clone(),
        kind => {
            let heading = first(&lines, |l| kind_of(&l.text) == Some(kind));
            // the kind an appendix heading names («Приложение к приказу …»)
            if heading.is_empty() {
                first(&lines, |l| l.folded.starts_with("приложени"))
            } else {
                heading
            }
        }
    };
    if at.kind.is_empty() && document.kind != DocumentKind::Unknown {
        // a kind the title names rather than a heading («Программа развития …», «Отчёт о …»)
        at.kind = document.title.as_deref().map(|t| run(&lines, t)).unwrap_or_default();
    }
    if at.kind.is_empty() && document.kind == DocumentKind::Plan {
        // a plan without a title: its table
        let table = doc.blocks.iter().take(roadmap_block.map_or(0, |b| b + 1)).filter(|b| matches!(b, Block::Table(_))).count();
        if table > 0 {
            at.kind = vec![Location { table: Some(table as u32), row: Some(1), column: Some(1), ..Location::default() }];
        }
    }
    if let Some(authority) = &document.authority {
        at.authority = run(&lines, authority);
    }
    if let Some(number) = &document.number {
        at.number = first(&lines, |l| number_on(&l.text).as_ref() == Some(number));
    }
    if let Some(date) = &document.date {
        at.date = first(&lines, |l| l.text.bytes().any(|b| b.is_ascii_digit()) && date_on(&l.text).as_ref() == Some(date));
    }
    if let Some(place) = &document.place {
        let place = fold(place);
        at.place = first(&lines, |l| l.folded.contains(&place));
    }
    if let Some(title) = &document.title {
        at.title = run(&lines, title);
    }
    if let Some(signatory) = &document.signatory {
        let name = fold(&signatory.name);
        at.signatory = signatory.position.as_deref().map(|p| run(&lines, p)).unwrap_or_default();
        if let Some(l) = lines.iter().rev().find(|l| l.folded.contains(&name)) {
            if !at.signatory.contains(&l.at) {
                at.signatory.push(l.at.clone());
            }
        }
    }
    if let Some(region) = &document.region {
        // where the authority or a title names it, else the first line that does, else the
        // first cell of a table (the plan's rows) that does; by its name or an abbreviation
        // («РБ») read as the document's text reads it
        let context: String = lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n");
        let names = |text: &str| {
            crate::regions::mentions(text).iter().any(|m| m.subject.iso == region.iso)
                || crate::regions::most_named_in(text, &context).is_some_and(|s| s.iso == region.iso)
        };
        let titled: Vec<&Location> = at.authority.iter().chain(&at.title).chain(&plan_title_at).collect();
        at.region = lines.iter().find(|l| titled.contains(&&l.at) && names(&l.text)).map(|l| vec![l.at.clone()]).unwrap_or_default();
        if at.region.is_empty() {
            at.region = first(&lines, |l| names(&l.text));
        }
        if at.region.is_empty() {
            at.region = first_cell(doc, names).into_iter().collect();
        }
    }
    at.references = document
        .references
        .iter()
        .map(|reference| {
            let whole = fold(&reference.text);
            let opening: String = whole.chars().take(40).collect();
            match lines.iter().position(|l| l.folded.contains(&opening)) {
                Some(start) => {
                    let rest = lines[start + 1..].iter().take_while(|l| !l.folded.is_empty() && whole.contains(&l.folded));
                    std::iter::once(&lines[start]).chain(rest).map(|l| l.at.clone()).collect()
                }
                None => run(&lines, &reference.text),
            }
        })
        .collect();
    (at, plan_title_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::paragraphs_of as doc;

    fn paragraphs(at: &[Location]) -> Vec<u32> {
        at.iter().filter_map(|l| l.paragraph).collect()
    }

    #[test]
    fn each_field_points_at_the_lines_that_say_it() {
        let d = doc(&[
            "КОМИТЕТ ОБЩЕГО И ПРОФЕССИОНАЛЬНОГО",
            "ОБРАЗОВАНИЯ ЛЕНИНГРАДСКОЙ ОБЛАСТИ",
            "РАСПОРЯЖЕНИЕ",
            "«31» марта 2021 года № 832-р",
            "Об утверждении плана-графика",
            "реализации проекта",
            "В соответствии с приказом Министерства просвещения от 01.02.2021 № 45 «О проекте»",
            "Председатель комитета",
            "С.В. Тарасов",
        ]);
        let meta = crate::meta::read(&d, None, false).document;
        let (at, _) = locate(&d, None, &meta, None);
        assert_eq!(paragraphs(&at.kind), [3]);
        assert_eq!(paragraphs(&at.authority), [1, 2], "{:?}", meta.authority);
        assert_eq!(paragraphs(&at.number), [4]);
        assert_eq!(paragraphs(&at.date), [4]);
        assert_eq!(paragraphs(&at.title), [5, 6], "{:?}", meta.title);
        assert_eq!(paragraphs(&at.region), [2]);
        assert_eq!(paragraphs(&at.signatory), [8, 9], "{:?}", meta.signatory);
        assert_eq!(at.references.iter().map(|r| paragraphs(r)).collect::<Vec<_>>(), [vec![7]], "{:?}", meta.references);
    }

    #[test]
    fn a_region_named_only_by_an_abbreviation_or_in_the_plans_rows_is_found_there() {
        let region = |iso: &str| Some(roadmap_model::Region { name: String::new(), iso: iso.into() });
        let d = doc(&["ПРИКАЗ", "МБОУ СОШ с. Кировское Учалинский район РБ"]);
        let meta = DocumentMeta { region: region("RU-BA"), ..DocumentMeta::default() };
        assert_eq!(paragraphs(&locate(&d, None, &meta, None).0.region), [2]);

        let mut d = doc(&["ПРИКАЗ"]);
        let rows = ["Мероприятие", "Совещание", "Семинар в Саратовской области", "Отчёт", "Приказ"]
            .iter()
            .map(|a| roadmap_layout::Row {
                cells: vec![roadmap_layout::Cell::new(0, "1"), roadmap_layout::Cell::new(1, a)],
                ..Default::default()
            })
            .collect();
        d.blocks.push(Block::Table(Table::from_rows(rows)));
        let meta = DocumentMeta { region: region("RU-SAR"), ..DocumentMeta::default() };
        let at = locate(&d, Some(1), &meta, None).0.region;
        assert_eq!(at.len(), 1);
        assert_eq!((at[0].table, at[0].row, at[0].column), (Some(1), Some(3), Some(2)));
    }

    #[test]
    fn a_line_on_a_page_has_its_box_and_a_sheets_its_cell() {
        let mut d = doc(&["ПРИКАЗ", "от 10.06.2021 № 779"]);
        if let Block::Paragraph(p) = &mut d.blocks[1] {
            p.place = Place::Page(roadmap_layout::PageBox { page: 1, x0: 56.0, top: 100.5, x1: 300.0, bottom: 112.0 });
        }
        if let Block::Paragraph(p) = &mut d.blocks[0] {
            p.place = Place::Sheet { sheet: "План".into(), row: 0, column: 1 };
        }
        let meta = crate::meta::read(&d, None, false).document;
        let (at, _) = locate(&d, None, &meta, None);
        assert_eq!(at.number[0].bbox, Some([56.0, 100.5, 300.0, 112.0]));
        assert_eq!(at.number[0].page, Some(1));
        assert_eq!(at.kind[0].sheet.as_deref(), Some("План"));
        assert_eq!(at.kind[0].range.map(|r| r.to_string()).as_deref(), Some("B1"));
    }
}
