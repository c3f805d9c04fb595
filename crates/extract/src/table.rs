//! Roadmap tables: which tables are roadmaps, their column map, and their rows turned into
//! raw actions (sections, repeated headers, column-number rows and page-split rows handled).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;
use roadmap_layout::{join_broken_line, Document, PageBox, Row, Table};
use roadmap_model::Warning;

use crate::header::{classify, fold, Field};
use crate::re;

/// A column of a roadmap table.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub index: usize,
    pub header: String,
    pub field: Option<Field>,
    /// Grid columns its header cell covers from `index`; 0 for a grid column under the header
    /// cell of a column before it.
    pub span: usize,
}

/// A source row that is an action, before deadlines and metadata are applied.
#[derive(Debug, Clone, Default)]
pub struct RawAction {
    pub number: Option<String>,
    pub section: Option<(Option<String>, String)>,
    pub cells: HashMap<Field, String>,
    pub extra: BTreeMap<String, String>,
    pub links: Vec<String>,
    pub page: Option<u32>,
    /// 1-based table index among the document's tables.
    pub table: usize,
    /// 1-based row index in the table.
    pub row: usize,
    /// Cells whose source put a space after the last word, so that text continued on the next
    /// page starts a new word.
    pub spaced_ends: HashSet<Slot>,
    /// The numbered sub-actions of the action cell when they could not be made actions of
    /// their own (their deadline and responsible lines do not line up).
    pub items: Vec<String>,
    /// Warnings about this action (code, message), given its `seq` when it gets one.
    pub notes: Vec<(roadmap_codes::Code, String)>,
    /// The month the plan's layout puts the row in: its table's caption («План на сентябрь»)
    /// or its section heading («Октябрь»).
    pub month: Option<u32>,
    /// The day the plan's layout puts the row on: its section heading («23 марта», «24.03»).
    pub day: Option<roadmap_dates::SectionDay>,
    /// For text recognized from a scan: the lowest confidence (0–100) of the row's words.
    pub confidence: Option<u8>,
    /// Where each cell whose text the action holds was read, in the order read.
    pub places: Vec<CellPlace>,
    /// For a workbook: the sheet the table was read from.
    pub sheet: Option<String>,
}

/// Where one cell of an action was read.
#[derive(Debug, Clone, PartialEq)]
pub struct CellPlace {
    pub slot: Slot,
    /// 0-based row of the table (a vertically merged cell's first row) and grid column.
    pub row: usize,
    pub column: usize,
    /// The cell's box on its page (PDF).
    pub area: Option<PageBox>,
    /// For a workbook: the sheet's rows and columns the cell covers (first row, first
    /// column, last row, last column; 0-based).
    pub range: Option<(u32, u32, u32, u32)>,
}

/// Everything the roadmap tables of a document yield.
#[derive(Debug, Default)]
pub struct Extracted {
    pub columns: Vec<Column>,
    pub actions: Vec<RawAction>,
    /// Index in `Document::blocks` of the first roadmap table.
    pub first_block: Option<usize>,
    /// Warnings about rows that are not actions, and tables that are not plans.
    pub warnings: Vec<Warning>,
    /// Every table that could have been a plan, with the decision on it.
    pub tables: Vec<TableDecision>,
}

/// The decision on one table: [`crate::judge::Judgement`] and the actions it gave.
#[derive(Debug, Clone)]
pub struct TableDecision {
    /// 1-based among the document's tables.
    pub table: usize,
    pub judgement: crate::judge::Judgement,
    pub actions: usize,
}

/// «1. Организационные мероприятия», «Задача 2. …», «II. …», «Раздел 3 …».
static SECTION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?is)^(?:(?:раздел|задача|блок|направление|этап|модуль|глава)\s*(?:№\s*)?)?(?P<num>[0-9]{1,2}(?:\.[0-9]{1,2})*|[IVXLC]{1,6})(?:[.)]|\s*[.)]?\s+)\s*(?P<title>\S.*)$",
    )
});
static NUMBER_LIKE: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:[0-9]{1,3}(?:\.[0-9]{1,3})*|[IVXLC]{1,6})\.?$"));

/// A table's header: its row, where the data starts, the column map, and the strength of the
/// name of the action column (2 «Мероприятие», 1 «Задачи»).
struct Header {
    row: usize,
    data_start: usize,
    columns: Vec<Column>,
    action_strength: u8,
}

/// The header of a table that could be a roadmap: a row naming the action and its deadline,
/// responsible or result.
fn header_of(table: &Table) -> Option<Header> {
    for r in 0..table.rows.len().min(6) {
        let row = &table.rows[r];
        let fields: Vec<Field> = row.filled().filter_map(|c| classify(&c.text)).map(|(f, _)| f).collect();
        let has_action = fields.contains(&Field::Action);
        let others =
            [Field::Deadline, Field::Responsible, Field::Result, Field::DeadlineStart].iter().filter(|f| fields.contains(f)).count();
        if !has_action || others == 0 {
            continue;
        }
        let sub = table.rows.get(r + 1).filter(|next| is_sub_header(row, next));
        let mut columns: Vec<Column> = Vec::with_capacity(table.columns);
        let mut strength: HashMap<Field, (u8, usize)> = HashMap::new();
        // every column whose header names the action, with its strength
        let mut action_columns: Vec<(usize, u8)> = Vec::new();
        // grid columns past the header row's last cell, which other rows' cell edges made, are
        // under the header's last column, not columns of their own
        let header_end = row.cells.iter().map(|c| c.col + c.col_span.max(1)).max().unwrap_or(0);
        for col in 0..table.columns {
            let parent = row.cell_at(col).filter(|c| !c.merged_above);
            let child = sub.and_then(|s| s.cell_at(col)).filter(|c| !c.merged_above && !c.text.is_empty());
            let parent_text = parent.filter(|p| p.col == col || child.is_some()).map(|p| p.text.clone()).unwrap_or_default();
            let span = match (child, parent) {
                (Some(ch), _) => usize::from(ch.col == col) * ch.col_span.max(1),
                (None, Some(p)) => usize::from(p.col == col) * p.col_span.max(1),
                (None, None) => usize::from(col < header_end || col == 0),
            };
            let (header, classified) = match child {
                Some(ch) => {
                    let header = format!("{} {}", parent_text, ch.text).trim().to_string();
                    let field = classify(&ch.text).or_else(|| classify(&parent_text));
                    (header, field)
                }
                None => {
                    let field = classify(&parent_text);
                    (parent_text, field)
                }
            };
            let mut field = classified.map(|(f, _)| f);
            if let Some((Field::Action, s)) = classified {
                action_columns.push((columns.len(), s));
            }
            if let Some((f, s)) = classified {
                match strength.get(&f) {
                    Some(&(best, _)) if best >= s => field = None,
                    Some(&(_, loser)) => {
                        if let Some(c) = columns.get_mut(loser) {
                            c.field = None;
                        }
                        strength.insert(f, (s, columns.len()));
                    }
                    None => {
                        strength.insert(f, (s, columns.len()));
                    }
                }
            }
            columns.push(Column { index: col, header, field, span });
        }
        let data_start = r + 1 + usize::from(sub.is_some());
        choose_action_column(table, data_start, &mut columns, &action_columns);
        number_column_by_content(table, data_start, &mut columns);
        let action_strength = action_columns.iter().map(|&(_, s)| s).max().unwrap_or(0);
        return Some(Header { row: r, data_start, columns, action_strength });
    }
    None
}

/// A header that names no number column, over a column before the action's with no name (or
/// a few characters no word could be, a scan's «№» misread) whose filled cells are mostly
/// numbers («1», «2.», «1.1»): that column is the number (a plan whose `№` the author left out
/// of the header row), though only some rows are numbered (the rows of one part of the
/// table), when at least three are.
fn number_column_by_content(table: &Table, data_start: usize, columns: &mut [Column]) {
    if columns.iter().any(|c| c.field == Some(Field::Number)) {
        return;
    }
    let Some(action) = columns.iter().position(|c| c.field == Some(Field::Action)) else { return };
    // no name, or none a word could be (a scan's «№» read as «Non», «Ne»)
    let nameless = |header: &str| {
        let mut run = 0;
        !header.chars().any(|c| {
            run = if matches!(c, 'А'..='я' | 'Ё' | 'ё') { run + 1 } else { 0 };
            run >= 4
        }) && header.chars().filter(|c| c.is_alphanumeric()).count() <= 4
    };
    let Some(candidate) = columns[..action].iter().position(|c| c.field.is_none() && (is_blank(&c.header) || nameless(&c.header))) else {
        return;
    };
    let index = columns[candidate].index;
    let rows: Vec<&Row> = table.rows.iter().skip(data_start).filter(|r| r.filled().count() >= 2).take(60).collect();
    let cells: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.cells.iter().find(|c| c.col == index && !c.merged_above))
        .map(|c| c.text.trim())
        .filter(|t| !is_blank(t))
        .collect();
    let numbers = cells.iter().filter(|t| NUMBER_LIKE.is_match(t)).count();
    if (cells.len() >= 3 || cells.len() * 2 >= rows.len()) && numbers * 10 >= cells.len() * 8 && !cells.is_empty() {
        columns[candidate].field = Some(Field::Number);
    }
}

/// The columns of a table without a header (or whose header row is blank), by what their
/// cells say: the action where the cells read as actions, the deadline where they read as
/// time, the responsible where they name parties, the number where they are numbers; a table
/// is a candidate when it has an action column and a deadline column.
fn columns_by_content(table: &Table) -> Option<Header> {
    let rows: Vec<&Row> = table.rows.iter().filter(|r| r.filled().count() >= 2).take(60).collect();
    if rows.len() < 2 {
        return None;
    }
    struct Stats {
        filled: usize,
        actions: f32,
        times: usize,
        parties: usize,
        numbers: usize,
        words: usize,
    }
    let stats: Vec<Stats> = (0..table.columns)
        .map(|col| {
            let cells: Vec<&str> = rows
                .iter()
                .filter_map(|r| r.cells.iter().find(|c| c.col == col && !c.merged_above))
                .map(|c| c.text.trim())
                .filter(|t| !is_blank(t))
                .collect();
            Stats {
                filled: cells.len(),
                actions: cells.iter().map(|t| crate::judge::sense(t).weight()).sum(),
                times: cells.iter().filter(|t| crate::judge::reads_as_time(t)).count(),
                parties: cells.iter().filter(|t| crate::parties::names_a_party(t) || crate::parties::is_person(t)).count(),
                numbers: cells.iter().filter(|t| NUMBER_LIKE.is_match(t)).count(),
                words: cells.iter().map(|t| t.split_whitespace().count()).sum(),
            }
        })
        .collect();
    let most = |col: usize, count: f32| stats[col].filled * 2 >= rows.len() && count >= 0.5 * stats[col].filled as f32;
    let action = (0..table.columns)
        .filter(|&c| most(c, stats[c].actions) && stats[c].actions >= 0.5 * stats[c].filled as f32)
        .max_by_key(|&c| ((stats[c].actions * 10.0 / stats[c].filled as f32) as usize, stats[c].words / stats[c].filled.max(1)))?;
    let best = |count: &dyn Fn(&Stats) -> usize, least: f32, taken: &[usize]| {
        (0..table.columns)
            .filter(|c| !taken.contains(c) && stats[*c].filled > 0 && count(&stats[*c]) as f32 >= least * stats[*c].filled as f32)
            .filter(|&c| stats[c].filled * 2 >= rows.len())
            .max_by_key(|&c| count(&stats[c]) * 100 / stats[c].filled)
    };
    // without a header, the deadline column is what shows a plan
    let deadline = best(&|s| s.times, 0.6, &[action])?;
    let responsible = best(&|s| s.parties, 0.5, &[action, deadline]);
    let number = (0..action).find(|&c| stats[c].filled > 0 && stats[c].numbers as f32 >= 0.7 * stats[c].filled as f32);
    let columns = (0..table.columns)
        .map(|col| {
            let field = match col {
                c if c == action => Some(Field::Action),
                c if c == deadline => Some(Field::Deadline),
                c if Some(c) == responsible => Some(Field::Responsible),
                c if Some(c) == number => Some(Field::Number),
                _ => None,
            };
            Column { index: col, header: String::new(), field, span: 1 }
        })
        .collect();
    Some(Header { row: usize::MAX, data_start: 0, columns, action_strength: 0 })
}

/// Of several columns whose headers could name the action («Наименование» and «Вид работы»),
/// the action is the strongest header; between equals, the column whose cells read as actions
/// ([`crate::judge::sense`]) in more of the rows, then the one whose cells hold more words (text
/// of several words beats short names); the others go to `extra`.
fn choose_action_column(table: &Table, data_start: usize, columns: &mut [Column], candidates: &[(usize, u8)]) {
    if candidates.len() < 2 {
        return;
    }
    let cells = |index: usize| -> Vec<&str> {
        let col = columns[index].index;
        table
            .rows
            .iter()
            .skip(data_start)
            .filter(|r| r.filled().count() >= 2)
            .map(|r| r.cell_at(col).filter(|c| c.col == col && !c.merged_above).map_or("", |c| c.text.as_str()))
            .collect()
    };
    // (share of the rows whose cell reads as an action, in tenths; mean words per filled cell,
    // in tenths)
    let content = |index: usize| -> (usize, usize) {
        let cells = cells(index);
        let actions = cells.iter().filter(|t| !t.is_empty() && crate::judge::sense(t) == crate::judge::Sense::Action).count();
        let filled: Vec<usize> = cells.iter().filter(|t| !t.is_empty()).map(|t| t.split_whitespace().count()).collect();
        (actions * 10 / cells.len().max(1), filled.iter().sum::<usize>() * 10 / filled.len().max(1))
    };
    let Some(&(best, _)) = candidates.iter().max_by_key(|&&(index, strength)| (strength, content(index), std::cmp::Reverse(index))) else {
        return;
    };
    for &(index, _) in candidates {
        columns[index].field = if index == best { Some(Field::Action) } else { None };
    }
}

/// The row under a header that only names the parts of merged header cells («начало | окончание»).
fn is_sub_header(header: &Row, next: &Row) -> bool {
    let filled: Vec<_> = next.filled().collect();
    !filled.is_empty()
        && filled.len() < header.cells.len() + filled.len()
        && filled.iter().all(|c| {
            // a part of a merged header cell lies under it and is narrower than it
            let under = |p: &roadmap_layout::Cell| p.col_span > c.col_span.max(1) && c.col + c.col_span.max(1) <= p.col + p.col_span;
            c.text.chars().count() <= 40 && header.cell_at(c.col).is_some_and(under)
        })
}

/// A row whose filled cells read, folded, as the header row's (`header_texts`, already folded).
fn repeats_header(row: &Row, header_texts: &[String]) -> bool {
    row.filled().count() == header_texts.len() && row.filled().zip(header_texts).all(|(cell, header)| fold(&cell.text) == *header)
}

/// «1 2 3 4 5»: a row that numbers the columns.
fn is_column_number_row(row: &Row) -> bool {
    let numbers: Vec<u32> = row.filled().filter_map(|c| c.text.trim().trim_end_matches('.').parse().ok()).collect();
    numbers.len() >= 2 && numbers.len() == row.filled().count() && numbers.windows(2).all(|w| w[1] == w[0] + 1)
}

/// Number as printed without the trailing dot: «1.2.» → «1.2».
pub fn normalize_number(text: &str) -> Option<String> {
    // a full stop read as a comma on a scan («22,»)
    let t = text.trim().trim_end_matches(['.', ')', ',']).trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Split a section text into its number and title.
pub fn parse_section(text: &str) -> (Option<String>, String) {
    let one_line = text.replace('\n', " ");
    // a date row («23 марта», «24.03») is a title whole: its day is not a section number
    if roadmap_dates::day_heading(&one_line).is_some() {
        return (None, one_line.trim().trim_end_matches([':', ';']).to_string());
    }
    match SECTION.captures(&one_line) {
        Some(c) => (
            c.name("num").map(|m| m.as_str().to_string()),
            c.name("title").map_or(String::new(), |m| m.as_str().trim().trim_end_matches([':', ';']).trim().to_string()),
        ),
        None => (None, one_line.trim().trim_end_matches([':', ';']).to_string()),
    }
}

struct RowView<'a> {
    cells: HashMap<Field, String>,
    extra: BTreeMap<String, String>,
    links: Vec<String>,
    spaced_ends: HashSet<Slot>,
    places: Vec<CellPlace>,
    row: &'a Row,
}

/// The rows a word processor's row packs: its number cell lists several numbers, one a line,
/// lined up with their actions, deadlines and parties by empty paragraphs in each cell («1.»,
/// «», «», «2.»). Each number is an action: its action lines are those from its own start to
/// the next one's. The actions start where the action cell's runs of lines start, when it has
/// one run for each number and none reaches the next number's line; else where the numbers
/// stand. A cell's lines stand a little off their action's where long lines wrap, so each run
/// of lines of the other cells goes to the action nearest to it: an action spans the lines
/// from its number's to its start (either first), and of two as near the later one takes it.
/// `None` for a row that packs nothing.
fn unpacked(row: &Row, columns: &[Column]) -> Option<Vec<Row>> {
    let cell_of = |field: Field| {
        let index = columns.iter().find(|c| c.field == Some(field))?.index;
        row.cells.iter().find(|c| c.col == index && !c.merged_above)
    };
    let (number, action) = (cell_of(Field::Number)?, cell_of(Field::Action)?);
    let numbers: Vec<&str> = number.text.lines().map(str::trim).collect();
    let (number_places, action_places) = (number.line_places.as_deref()?, action.line_places.as_deref()?);
    if numbers.len() < 2 || numbers.len() != number_places.len() || !numbers.iter().all(|n| NUMBER_LIKE.is_match(n)) {
        return None;
    }
    // runs of lines with no empty paragraph between them: (first line, last line) by place
    let runs = |places: &[u16]| -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = Vec::new();
        for (i, place) in places.iter().enumerate() {
            match out.last_mut() {
                Some(run) if places[run.1].checked_add(1) == Some(*place) => run.1 = i,
                _ => out.push((i, i)),
            }
        }
        out
    };
    let action_runs = runs(action_places);
    let runs_are_items = action_runs.len() == numbers.len()
        && action_runs.iter().zip(number_places.iter().skip(1)).all(|(run, next_number)| action_places[run.1] < *next_number);
    let starts: Vec<u16> =
        if runs_are_items { action_runs.iter().map(|run| action_places[run.0]).collect() } else { number_places.to_vec() };
    // the item a line at `place` falls in (from its start to the next), and the one nearest a
    // run of lines from `first` to `last`
    let within = |place: u16| starts.iter().rposition(|s| *s <= place).unwrap_or(0);
    let spans: Vec<(u16, u16)> = starts.iter().zip(number_places).map(|(s, n)| (*s.min(n), *s.max(n))).collect();
    let nearest = |first: u16, last: u16| {
        let distance = |(low, high): (u16, u16)| low.saturating_sub(last).max(first.saturating_sub(high));
        (0..spans.len()).min_by_key(|&i| (distance(spans[i]), std::cmp::Reverse(i))).unwrap_or(0)
    };
    let mut items: Vec<Row> = (0..numbers.len()).map(|_| Row { cells: Vec::new(), repeat_header: false, page: row.page }).collect();
    for cell in &row.cells {
        let lines: Vec<&str> = cell.text.lines().collect();
        let mut texts: Vec<Vec<&str>> = vec![Vec::new(); items.len()];
        if std::ptr::eq(cell, number) {
            texts.iter_mut().zip(&numbers).for_each(|(text, n)| text.push(n));
        } else if let Some(places) = cell.line_places.as_deref().filter(|p| p.len() == lines.len() && !cell.merged_above) {
            if std::ptr::eq(cell, action) {
                places.iter().zip(&lines).for_each(|(place, line)| texts[within(*place)].push(line));
            } else {
                for (first, last) in runs(places) {
                    texts[nearest(places[first], places[last])].extend(&lines[first..=last]);
                }
            }
        } else if !cell.merged_above {
            texts[0].extend(&lines);
        }
        for (item, text) in items.iter_mut().zip(texts) {
            let mut part = cell.clone();
            if !cell.merged_above {
                part.text = text.join("\n");
            }
            part.line_places = None;
            item.cells.push(part);
        }
    }
    Some(items)
}

/// The text of a vertically merged cell for the rows under its first one, and where it stands.
struct Merged<'a> {
    text: &'a str,
    row: usize,
    cell: &'a roadmap_layout::Cell,
}

/// Where a cell's text goes in a [`RawAction`]: a known field, or an extra column by header.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Slot {
    Field(Field),
    Extra(String),
}

/// Text continued on the next page appended to the same cell of the action it continues.
fn carry_on(before: Option<&String>, before_ends_with_space: bool, next: &str) -> String {
    match before {
        Some(b) if before_ends_with_space => format!("{} {}", b.trim_end(), next.trim_start()),
        Some(b) => join_broken_line(b, next),
        None => next.to_string(),
    }
}

/// Read a data row through the column map; vertically merged cells take their origin's text.
/// Each cell goes to the column it lines up with ([`align`]), so a row whose cell edges do
/// not fall on the header's (a table drawn by hand, edges a little off) reads as the header says.
fn view<'a>(table: &'a Table, r: usize, row: &'a Row, columns: &[Column], merged_text: &HashMap<usize, Merged>) -> RowView<'a> {
    let table_width = table.columns;
    let mut cells: HashMap<Field, String> = HashMap::new();
    let mut extra = BTreeMap::new();
    let mut links = Vec::new();
    let mut spaced_ends = HashSet::new();
    let mut places = Vec::new();
    let assigned = align(row, columns, table_width);
    // the column with no header right before the action column: in a meeting plan, the
    // meeting's theme before its agenda
    let action_at = columns.iter().position(|c| c.field == Some(Field::Action));
    let before_action = action_at.and_then(|a| (0..a).rev().find(|&k| columns[k].span > 0));
    for (cell, column) in row.cells.iter().zip(assigned) {
        let merged = if cell.merged_above { merged_text.get(&cell.col) } else { None };
        let text = match merged {
            Some(m) => m.text.to_string(),
            None if cell.merged_above => String::new(),
            None => cell.text.clone(),
        };
        let (source_row, source_cell) = merged.map_or((r, cell), |m| (m.row, m.cell));
        let place = |slot: Slot| CellPlace {
            slot,
            row: source_row,
            column: source_cell.col,
            area: source_cell.area.as_deref().copied(),
            range: table.sheet.as_deref().and_then(|grid| grid.cell_range(source_row, source_cell)),
        };
        links.extend(cell.links.iter().cloned());
        let Some(k) = column else { continue };
        let Some(column) = columns.get(k) else { continue };
        if is_blank(&text) {
            continue;
        }
        let leads_the_action = Some(k) == before_action
            && column.field.is_none()
            && column.header.is_empty()
            && !cell.merged_above
            && cell.row_span <= 1
            && !matches!(crate::judge::sense(&text), crate::judge::Sense::Figure);
        let field = if leads_the_action { Some(Field::Action) } else { column.field };
        match field {
            Some(f) => {
                let slot = cells.entry(f).or_default();
                if !slot.is_empty() {
                    slot.push('\n');
                }
                slot.push_str(&text);
                mark_end(&mut spaced_ends, Slot::Field(f), cell.ends_with_space);
                places.push(place(Slot::Field(f)));
            }
            None if !column.header.is_empty() => {
                let slot = extra.entry(column.header.clone()).or_insert_with(String::new);
                if !slot.is_empty() {
                    slot.push('\n');
                }
                slot.push_str(&text);
                mark_end(&mut spaced_ends, Slot::Extra(column.header.clone()), cell.ends_with_space);
                places.push(place(Slot::Extra(column.header.clone())));
            }
            None => {}
        }
    }
    RowView { cells, extra, links, spaced_ends, places, row }
}

/// The column (index into `columns`) each cell of `row` belongs to. A column covers the grid
/// from its header cell to the next column's. The row's cells are the header's columns drawn
/// with their edges a little off, so they go to the columns in order, one cell a column as far
/// as the row has cells for it (a row with more cells than the header has columns puts the
/// fewest cells together), and among such assignments the one whose cells overlap their
/// columns most: a dynamic programme over cells × columns, both in order.
pub(crate) fn align(row: &Row, columns: &[Column], table_width: usize) -> Vec<Option<usize>> {
    // the columns that start a header cell, each to where the next one starts
    let starts: Vec<usize> = (0..columns.len()).filter(|&k| columns[k].span > 0).collect();
    let extents: Vec<(usize, usize)> = starts
        .iter()
        .enumerate()
        .map(|(j, &k)| {
            let start = columns[k].index;
            (start, starts.get(j + 1).map_or(table_width.max(start + 1), |&n| columns[n].index.max(start + 1)))
        })
        .collect();
    let cells = &row.cells;
    let (n, m) = (cells.len(), extents.len());
    if m == 0 {
        return vec![None; n];
    }
    let overlap = |i: usize, k: usize| -> i64 {
        let (start, end) = (cells[i].col, cells[i].col + cells[i].col_span.max(1));
        let (a, b) = extents[k];
        end.min(b).saturating_sub(start.max(a)) as i64
    };
    // every cell where a column starts: nothing to decide
    if cells.iter().all(|c| starts.iter().any(|&k| columns[k].index == c.col)) {
        return cells.iter().map(|c| starts.iter().copied().find(|&k| columns[k].index == c.col)).collect();
    }
    // best[i][k]: the best score of cells i.. with cell i on a column ≥ k; a column taken by
    // two cells costs more than any overlap can gain
    let shared_cost = table_width as i64 * 4 + 4;
    let mut best = vec![vec![i64::MIN / 4; m + 1]; n + 1];
    let mut choice = vec![vec![(usize::MAX, false); m + 1]; n + 1];
    best[n].fill(0);
    for i in (0..n).rev() {
        for k in (0..m).rev() {
            // cell i on column k, the next cell on column k too (shared) or after it
            let here = overlap(i, k) * 4;
            let next_after = best[i + 1][k + 1];
            let next_shared = if i + 1 < n { best[i + 1][k] - shared_cost } else { i64::MIN / 4 };
            let (with_k, shared) = if next_shared > next_after { (here + next_shared, true) } else { (here + next_after, false) };
            let skip = best[i][k + 1];
            if with_k >= skip {
                best[i][k] = with_k;
                choice[i][k] = (k, shared);
            } else {
                best[i][k] = skip;
                choice[i][k] = choice[i][k + 1];
            }
        }
        best[i][m] = i64::MIN / 4;
    }
    let mut out = Vec::with_capacity(n);
    let mut k = 0;
    for (i, choices) in choice.iter().take(n).enumerate() {
        let (column, shared) = choices[k.min(m)];
        if column == usize::MAX {
            out.push(None);
            continue;
        }
        out.push((overlap(i, column) > 0).then(|| starts[column]));
        k = if shared { column } else { column + 1 };
    }
    out
}

/// An empty cell, or one holding only a dash («—», «-»): the form's way of saying "nothing".
fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || roadmap_dates::is_dash(c))
}

/// Record whether the last text put into a cell ended with a space.
fn mark_end(spaced_ends: &mut HashSet<Slot>, key: Slot, ends_with_space: bool) {
    if ends_with_space {
        spaced_ends.insert(key);
    } else {
        spaced_ends.remove(&key);
    }
}

/// The first row under the header holding one short text, its other cells the header's own
/// cells running on down (merged from above): the title of the rows that follow, written in
/// the header's second row («Организационная работа» under «Содержание деятельности», beside
/// «№», «Сроки», «Ответств.» merged over both rows).
fn titles_under_the_header(row: &Row) -> bool {
    let mut filled = row.filled();
    let (Some(only), None) = (filled.next(), filled.next()) else { return false };
    let text = only.text.trim();
    row.cells.iter().any(|c| c.merged_above) && text.chars().count() <= 80 && !NUMBER_LIKE.is_match(text) && classify(text).is_none()
}

fn is_section(view: &RowView, next: Option<&RowView>) -> bool {
    let texts: Vec<&str> = view.row.filled().map(|c| c.text.as_str()).collect();
    let distinct: std::collections::BTreeSet<&str> = texts.iter().copied().collect();
    let substantive = [Field::Deadline, Field::DeadlineStart, Field::DeadlineEnd, Field::Responsible, Field::Result]
        .iter()
        .any(|f| view.cells.contains_key(f));
    if distinct.len() == 1 {
        let merged = view.row.filled().any(|c| c.col_span > 1);
        let text = texts[0];
        if merged || (!substantive && SECTION.is_match(text) && !NUMBER_LIKE.is_match(text)) {
            return true;
        }
        // a month alone in its row, whichever column holds it («| СЕНТЯБРЬ | | |»)
        if !substantive && month_alone(text) {
            return true;
        }
    }
    // «| Работа с педагогическими кадрами. | | |» alone in its row, the numbering starting
    // again under it
    let next_number = next.and_then(|n| n.cells.get(&Field::Number)).and_then(|n| normalize_number(n));
    if !substantive
        && texts.len() == 1
        && !view.cells.contains_key(&Field::Number)
        && view.cells.contains_key(&Field::Action)
        && next_number.as_deref() == Some("1")
    {
        return true;
    }
    // «1. | Организационные мероприятия | | |» followed by «1.1 …»
    if !substantive && view.cells.contains_key(&Field::Action) {
        if let (Some(num), Some(next_num)) = (
            view.cells.get(&Field::Number).and_then(|n| normalize_number(n)),
            next.and_then(|n| n.cells.get(&Field::Number)).and_then(|n| normalize_number(n)),
        ) {
            return next_num.starts_with(&format!("{num}.")) && !num.contains('.');
        }
    }
    false
}

/// The words that may caption the table at `block_index`: the paragraphs right above it (up to
/// the table before), and, when they say nothing of a plan, the document's opening lines.
fn caption_of(doc: &Document, block_index: usize) -> String {
    let above: Vec<&str> = doc.blocks[..block_index]
        .iter()
        .rev()
        .map_while(|b| match b {
            roadmap_layout::Block::Paragraph(p) => Some(p.text.as_str()),
            roadmap_layout::Block::Table(_) => None,
        })
        .take(4)
        .collect();
    let mut caption: String = above.into_iter().rev().collect::<Vec<_>>().join("\n");
    if crate::judge::caption_sense(&caption) == 0 {
        let opening = doc.blocks.iter().take(block_index).filter_map(|b| match b {
            roadmap_layout::Block::Paragraph(p) => Some(p.text.as_str()),
            roadmap_layout::Block::Table(_) => None,
        });
        for line in opening.take(15) {
            if crate::judge::caption_sense(line) == 1 {
                caption.push('\n');
                caption.push_str(line);
                break;
            }
        }
    }
    caption
}

/// A heading alone, a few words at most, not a caption («План на сентябрь»).
fn alone(text: &str) -> bool {
    text.split_whitespace().count() <= 4
}

/// A month alone: «Январь», «ФЕВРАЛЬ 2016 г.», «Ноябрь месяц».
fn month_alone(text: &str) -> bool {
    alone(text) && roadmap_dates::month_heading(text).is_some()
}

/// The paragraph right above the table at `block_index` when it is a section heading of a plan
/// laid out by months or days: a month ([`month_alone`]) or a day («23 марта») alone.
fn heading_above(doc: &Document, block_index: usize) -> Option<String> {
    let roadmap_layout::Block::Paragraph(p) = doc.blocks[..block_index].last()? else { return None };
    let text = p.text.trim();
    (month_alone(text) || (alone(text) && roadmap_dates::day_heading(text).is_some())).then(|| text.to_string())
}

/// Extract the raw actions of every roadmap table of the document: each table that could be a
/// plan (a header naming its columns, or no header and the columns of the plan table before)
/// is judged ([`crate::judge`]) before its rows are read.
pub fn extract_tables(doc: &Document) -> Extracted {
    let mut out = Extracted::default();
    let mut table_index = 0;
    // Column map of the last roadmap table, for a table that continues it without a header.
    let mut current: Option<(usize, Vec<Column>, Vec<String>, u8)> = None;
    let mut section: Option<(Option<String>, String)> = None;
    for (block_index, block) in doc.blocks.iter().enumerate() {
        let roadmap_layout::Block::Table(table) = block else { continue };
        table_index += 1;
        let (header, continued) = match header_of(table) {
            Some(h) => (h, false),
            None => match &current {
                Some((cols, columns, _, strength)) if *cols == table.columns => {
                    (Header { row: usize::MAX, data_start: 0, columns: columns.clone(), action_strength: *strength }, true)
                }
                _ => match columns_by_content(table) {
                    Some(h) => (h, false),
                    None => continue,
                },
            },
        };
        let Header { row: header_row, data_start, columns, action_strength } = header;
        let header_texts: Vec<String> = match table.rows.get(header_row) {
            Some(row) => row.filled().map(|c| fold(&c.text)).collect(),
            None if continued => current.as_ref().map(|c| c.2.clone()).unwrap_or_default(),
            None => Vec::new(),
        };
        let caption = caption_of(doc, block_index);
        let evidence = crate::judge::evidence(table, data_start, &columns, action_strength, &caption);
        let judgement = crate::judge::judge(&evidence);
        let mut decision = TableDecision { table: table_index, judgement: judgement.clone(), actions: 0 };
        if !judgement.plan {
            out.warnings.push(Warning {
                code: roadmap_codes::TABLE_NOT_A_PLAN.into(),
                seq: None,
                message: format!(
                    "table {table_index} is not a plan (confidence {:.2}): {}; no actions taken from it",
                    judgement.confidence, judgement.reason
                ),
            });
            out.tables.push(decision);
            continue;
        }
        if out.first_block.is_none() {
            out.first_block = Some(block_index);
            out.columns = columns.clone();
        }
        // a table with a header of its own starts afresh; one that continues the table before
        // carries its section on, or takes the month or day heading right above it (a plan laid
        // out by months whose month row a page break left outside the table): its first row then
        // starts an action of its own
        let heading = if continued { heading_above(doc, block_index) } else { None };
        if !continued {
            section = None;
        }
        let carries_on = continued && heading.is_none();
        if let Some(heading) = heading {
            section = Some((None, heading));
        }
        current = Some((table.columns, columns.clone(), header_texts.clone(), action_strength));
        let table_rows = Rows { table, index: table_index, data_start, columns: &columns, header_texts: &header_texts, carries_on };
        let first_action = out.actions.len();
        read_rows(&table_rows, &mut section, &mut out.actions, &mut out.warnings);
        decision.actions = out.actions.len() - first_action;
        out.tables.push(decision);
        // each row's section's month, else the caption's («План работы на сентябрь»)
        let caption = doc.blocks[..block_index].iter().rev().take(3).map_while(|b| match b {
            roadmap_layout::Block::Paragraph(p) => Some(p.text.as_str()),
            roadmap_layout::Block::Table(_) => None,
        });
        let caption_month = caption.into_iter().find_map(roadmap_dates::month_heading);
        // each section title read once, not once per row under it
        let mut section_times: HashMap<String, (Option<u32>, Option<roadmap_dates::SectionDay>)> = HashMap::new();
        for action in &mut out.actions[first_action..] {
            let (month, day) = match action.section.as_ref() {
                Some((_, title)) => *section_times
                    .entry(title.clone())
                    .or_insert_with(|| (roadmap_dates::month_heading(title), roadmap_dates::day_heading(title))),
                None => (None, None),
            };
            action.month = month.or(caption_month);
            action.day = day;
        }
    }
    out.actions = split_numbered_items(out.actions);
    misread_numbers(&mut out.actions);
    for action in &mut out.actions {
        unpack_parties_and_deadline(&mut action.cells);
        // a field split off another's cell was read where that cell was: the deadline and the
        // responsible packed in one cell, a number typed in the action cell or given to the
        // numbered items of one
        for (field, other) in [(Field::Deadline, Field::Responsible), (Field::Responsible, Field::Deadline), (Field::Number, Field::Action)]
        {
            let placed = |f: Field| action.places.iter().any(|p| p.slot == Slot::Field(f));
            let present = if field == Field::Number { action.number.is_some() } else { action.cells.contains_key(&field) };
            if present && !placed(field) {
                let split: Vec<CellPlace> = action
                    .places
                    .iter()
                    .filter(|p| p.slot == Slot::Field(other))
                    .map(|p| CellPlace { slot: Slot::Field(field), ..p.clone() })
                    .collect();
                action.places.extend(split);
            }
        }
    }
    out
}

/// The numbers a scan misread («И» or «|» for «11» or «1»: at most three characters, not a
/// number) in a row recognized from an image: between rows numbered `n` and `n + 2` of its
/// table and section it is `n + 1`; the first of its section, before a row numbered 2, is 1.
fn misread_numbers(actions: &mut [RawAction]) {
    let whole = |a: &RawAction| a.number.as_deref().and_then(|n| n.parse::<u32>().ok());
    for i in 0..actions.len() {
        let misread = actions[i].number.as_deref().is_some_and(|n| n.chars().count() <= 3 && !NUMBER_LIKE.is_match(n));
        if !misread || actions[i].confidence.is_none() {
            continue;
        }
        let beside = |j: usize| actions[j].table == actions[i].table && actions[j].section == actions[i].section;
        let previous = i.checked_sub(1).filter(|&j| beside(j)).and_then(|j| whole(&actions[j]));
        let next = actions.get(i + 1).filter(|_| beside(i + 1)).and_then(whole);
        let number = match (previous, next) {
            (Some(p), Some(q)) if q == p + 2 => p + 1,
            (None, Some(2)) => 1,
            _ => continue,
        };
        actions[i].number = Some(number.to_string());
    }
}

/// A cell that packs the responsible and the deadline («Директор, 2014 год», «Администрация,
/// преподаватели, в течение учебного года», «сентябрь, зам. директора») where the row has no
/// cell of the other: split at the comma, semicolon or line end where one side reads as time
/// and the other does not, each part the raw text of its field.
fn unpack_parties_and_deadline(cells: &mut HashMap<Field, String>) {
    let time = |t: &str| !t.is_empty() && crate::judge::reads_as_time(t);
    let split_at = |text: &str, last: bool| -> Option<(String, String)> {
        let cut = if last { text.rfind([',', ';', '\n']) } else { text.find([',', ';', '\n']) }?;
        let (head, tail) = (text[..cut].trim(), text[cut + 1..].trim());
        (!head.is_empty() && !tail.is_empty()).then(|| (head.to_string(), tail.to_string()))
    };
    match (cells.get(&Field::Responsible), cells.get(&Field::Deadline)) {
        // the responsible cell ends with the deadline
        (Some(text), None) => {
            if let Some((parties, deadline)) = split_at(text, true).filter(|(p, d)| time(d) && !time(p)) {
                cells.insert(Field::Responsible, parties);
                cells.insert(Field::Deadline, deadline);
            }
        }
        // the deadline cell: the parties first or last, a short name or a post
        (None, Some(text)) => {
            let party = |p: &str| {
                !time(p)
                    && p.split_whitespace().count() <= 8
                    && (crate::parties::names_a_party(p) || p.starts_with(|c: char| roadmap_layout::is_capital(c)))
            };
            let parties_first = split_at(text, true).filter(|(p, d)| time(d) && party(p));
            let deadline_first = split_at(text, false).filter(|(d, p)| time(d) && party(p)).map(|(d, p)| (p, d));
            if let Some((parties, deadline)) = parties_first.or(deadline_first) {
                cells.insert(Field::Responsible, parties);
                cells.insert(Field::Deadline, deadline);
            }
        }
        _ => {}
    }
}

/// A table being read as a roadmap: its rows from `data_start` through its column map.
struct Rows<'a> {
    table: &'a Table,
    /// 1-based among the document's tables.
    index: usize,
    data_start: usize,
    columns: &'a [Column],
    header_texts: &'a [String],
    /// The table carries on the one before it (no header of its own, the same columns): its
    /// first row may carry on the last action, as a row at the top of a page does.
    carries_on: bool,
}

/// Rows that hold a number and nothing else (a template's rows never filled in), as runs.
#[derive(Default)]
struct EmptyRows {
    /// First and last row (1-based) of the run, and how many.
    run: Option<(usize, usize, usize)>,
}

impl EmptyRows {
    fn add(&mut self, row: usize) {
        self.run = Some(match self.run {
            Some((first, _, n)) => (first, row, n + 1),
            None => (row, row, 1),
        });
    }

    /// The run so far as one warning.
    fn flush(&mut self, table: usize, warnings: &mut Vec<Warning>) {
        let Some((first, last, n)) = self.run.take() else { return };
        let rows = if n == 1 { format!("row {first}") } else { format!("{n} rows ({first}–{last})") };
        warnings.push(Warning {
            code: roadmap_codes::ACTION_EMPTY_ROW.into(),
            seq: None,
            message: format!("{rows} of table {table} hold only a number (a template row never filled in): not an action"),
        });
    }
}

fn read_rows(rows: &Rows, section: &mut Option<(Option<String>, String)>, actions: &mut Vec<RawAction>, warnings: &mut Vec<Warning>) {
    let Rows { table, index: table_index, data_start, columns, header_texts, carries_on } = *rows;
    let mut empty_rows = EmptyRows::default();
    let has_number_column = columns.iter().any(|c| c.field == Some(Field::Number));
    let key_field = if has_number_column { Field::Number } else { columns.iter().find_map(|c| c.field).unwrap_or(Field::Action) };
    let mut merged_text: HashMap<usize, Merged> = HashMap::new();
    // rows that pack several numbered actions, each taken apart into the rows it packs
    let packed: HashMap<usize, Vec<Row>> =
        table.rows.iter().enumerate().skip(data_start).filter_map(|(r, row)| Some((r, unpacked(row, columns)?))).collect();
    let mut views: Vec<(usize, RowView)> = Vec::new();
    for (r, row) in table.rows.iter().enumerate().skip(data_start) {
        for cell in row.cells.iter().filter(|c| !c.merged_above) {
            if cell.row_span > 1 {
                merged_text.insert(cell.col, Merged { text: &cell.text, row: r, cell });
            } else {
                merged_text.remove(&cell.col);
            }
        }
        // A word processor flags the rows it repeats on every page; only a flagged row that
        // says what the header says is one (editors flag data rows too). Position-based readers
        // flag the header rows they found repeated at the top of a page.
        let repeated = (row.repeat_header && row.page.is_some()) || repeats_header(row, header_texts);
        if row.filled().count() == 0 || repeated || is_column_number_row(row) {
            continue;
        }
        match packed.get(&r) {
            Some(items) => views.extend(items.iter().map(|item| (r, view(table, r, item, columns, &merged_text)))),
            None => views.push((r, view(table, r, row, columns, &merged_text))),
        }
    }
    let mut last_was_action = carries_on && !actions.is_empty();
    let mut last_page: Option<u32> = None;
    let mut first = true;
    // the views are consumed as they become actions: their cells move, never copied
    let mut views = views.into_iter().peekable();
    while let Some((r, v)) = views.next() {
        let first_of_continued_table = std::mem::take(&mut first) && carries_on;
        let next = views.peek().map(|(_, n)| n);
        if is_section(&v, next) || (r == data_start && titles_under_the_header(v.row)) {
            let text = v.row.filled().next().map(|c| c.text.clone()).unwrap_or_default();
            let joined = match (v.cells.get(&Field::Number), v.cells.get(&Field::Action)) {
                (Some(n), Some(a)) if v.row.filled().count() == 2 => format!("{n} {a}"),
                _ => text,
            };
            *section = Some(parse_section(&joined));
            last_was_action = false;
            continue;
        }
        // a totals row, whichever cell holds its label
        if v.row.filled().next().is_some_and(|c| is_total(&c.text)) || v.cells.get(&Field::Action).is_some_and(|a| is_total(a)) {
            last_was_action = false;
            continue;
        }
        let starts_new_page = first_of_continued_table || matches!((v.row.page, last_page), (Some(p), Some(q)) if p > q);
        // a number typed at the start of the action cell, where the number cell is empty
        let typed_number =
            if v.cells.contains_key(&Field::Number) { None } else { v.cells.get(&Field::Action).and_then(|a| typed_number(a)) };
        let key_empty = !v.cells.contains_key(&key_field) && typed_number.is_none();
        if has_number_column && v.extra.is_empty() && v.cells.keys().all(|f| *f == Field::Number) {
            empty_rows.add(r + 1);
            last_was_action = false;
            continue;
        }
        empty_rows.flush(table_index, warnings);
        // A row at the top of a page carries on the row before it when its key cell is empty,
        // or, without a number, when its action text starts mid-sentence (lower case,
        // punctuation) after an action that did not end a sentence.
        let carries_on_text = || {
            let number_empty = !has_number_column || !v.cells.contains_key(&Field::Number);
            let action = v.cells.get(&Field::Action).map(|t| t.trim_start());
            let mid_sentence =
                action.is_some_and(|t| t.starts_with(|c: char| c.is_lowercase() || matches!(c, ',' | ';' | ':' | ')' | '»')));
            let before = actions.last().and_then(|a| a.cells.get(&Field::Action));
            let before_open = before.is_some_and(|t| !t.trim_end().ends_with(['.', '!', '?']));
            // the next item of the numbered list the action before began («2. …» then «3. …»)
            let list_goes_on = match (before.and_then(|t| last_item_number(t)), action.and_then(first_item_number)) {
                (Some(last), Some(first)) => first == last + 1,
                _ => false,
            };
            number_empty && ((mid_sentence && before_open) || list_goes_on)
        };
        if starts_new_page && last_was_action && (key_empty || carries_on_text()) {
            if let Some(prev) = actions.last_mut() {
                for (field, text) in &v.cells {
                    let key = Slot::Field(*field);
                    let joined = carry_on(prev.cells.get(field), prev.spaced_ends.contains(&key), text);
                    prev.cells.insert(*field, joined);
                    let spaced = v.spaced_ends.contains(&key);
                    mark_end(&mut prev.spaced_ends, key, spaced);
                }
                for (k, text) in &v.extra {
                    let key = Slot::Extra(k.clone());
                    let joined = carry_on(prev.extra.get(k), prev.spaced_ends.contains(&key), text);
                    prev.extra.insert(k.clone(), joined);
                    let spaced = v.spaced_ends.contains(&key);
                    mark_end(&mut prev.spaced_ends, key, spaced);
                }
                prev.links.extend(v.links.iter().cloned());
                prev.places.extend(v.places);
                prev.confidence = lowest(prev.confidence, row_confidence(v.row));
                last_page = v.row.page;
                continue;
            }
        }
        last_page = v.row.page.or(last_page);
        last_was_action = true;
        let mut cells = v.cells;
        let number = match typed_number {
            Some((number, rest)) => {
                cells.insert(Field::Action, rest);
                Some(number)
            }
            None => cells.get(&Field::Number).and_then(|n| normalize_number(n)),
        };
        actions.push(RawAction {
            number,
            section: section.clone(),
            cells,
            extra: v.extra,
            links: v.links,
            page: v.row.page,
            table: table_index,
            row: r + 1,
            spaced_ends: v.spaced_ends,
            items: Vec::new(),
            notes: Vec::new(),
            month: None,
            day: None,
            confidence: row_confidence(v.row),
            places: v.places,
            sheet: table.sheet.as_ref().map(|grid| grid.sheet.clone()),
        });
    }
    empty_rows.flush(table_index, warnings);
}

/// A totals row: «Итого», «ИТОГО ЗА 1 ПОЛУГОДИЕ:», «Всего:».
pub(crate) fn is_total(action: &str) -> bool {
    static TOTAL: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*(?:итого|всего|итог\s*:)(?:\s|:|$)"));
    TOTAL.is_match(&roadmap_layout::lowercase(action))
}

/// «1.Совершенствование …», «2. Проведение …»: the row's number typed at the start of its action
/// cell, and the action after it — unless the cell is a list of numbered lines (an agenda,
/// perhaps carried on from the page before), whose first number is the first item's.
fn typed_number(action: &str) -> Option<(String, String)> {
    static TYPED: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*([0-9]{1,3}(?:\.[0-9]{1,3})*)\s*[.)]\s*(\S[\s\S]*)$"));
    let c = TYPED.captures(action)?;
    let rest = c[2].trim();
    // the action starts with a capital or a quote, not «раз в месяц» after «1.»
    static ANOTHER: LazyLock<Regex> = LazyLock::new(|| re(r"\n\s*[0-9]{1,2}\s*[.)]\s*\S"));
    if !rest.starts_with(|ch: char| roadmap_layout::is_capital(ch) || matches!(ch, '«' | '"' | '“')) || ANOTHER.is_match(action) {
        return None;
    }
    Some((c[1].to_string(), rest.to_string()))
}

/// The number of a cell's first line when it starts a numbered item («3. …»).
fn first_item_number(text: &str) -> Option<u32> {
    static ITEM: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*([0-9]{1,2})\s*[.)]\s*\S"));
    ITEM.captures(text).and_then(|c| c[1].parse().ok())
}

/// The number of the last line of a cell that starts a numbered item, when the cell has at
/// least two such lines.
fn last_item_number(text: &str) -> Option<u32> {
    let numbers: Vec<u32> = text.lines().filter_map(first_item_number).collect();
    (numbers.len() >= 2).then(|| numbers.last().copied()).flatten()
}

/// The lowest confidence of a row's recognized words (`None` for a text layer).
fn row_confidence(row: &Row) -> Option<u8> {
    row.cells.iter().filter_map(|c| c.confidence).min()
}

fn lowest(a: Option<u8>, b: Option<u8>) -> Option<u8> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// «1. … 2. … 3. …»: the text before the first numbered line of a cell, and its numbered
/// items (lines that follow an item carry it on), when it holds two or more numbered from 1.
fn numbered_items(text: &str) -> Option<(String, Vec<String>)> {
    static ITEM: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*([0-9]{1,2})\s*[.)]\s*(\S.*)$"));
    let mut head = String::new();
    let mut items: Vec<String> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match ITEM.captures(line) {
            Some(c) if c[1].parse::<usize>().ok() == Some(items.len() + 1) => items.push(c[2].trim().to_string()),
            _ => match items.last_mut() {
                Some(item) => *item = join_broken_line(item, line),
                None => head = join_broken_line(&head, line),
            },
        }
    }
    (items.len() >= 2).then_some((head, items))
}

/// Actions whose action cell lists numbered sub-actions. When the deadline and responsible
/// cells hold one line per item (a responsible cell may also hold one line for all), each item
/// is an action of its own, numbered «N.1», «N.2» …, with its own lines, under the text before
/// the items as its section; otherwise the action keeps its cell and lists the items.
fn split_numbered_items(actions: Vec<RawAction>) -> Vec<RawAction> {
    let mut out = Vec::with_capacity(actions.len());
    for mut action in actions {
        let Some((head, items)) = action.cells.get(&Field::Action).and_then(|t| numbered_items(t)) else {
            out.push(action);
            continue;
        };
        let lines = |field: Field| -> Vec<String> {
            action
                .cells
                .get(&field)
                .map(|t| t.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect())
                .unwrap_or_default()
        };
        let (deadlines, responsible) = (lines(Field::Deadline), lines(Field::Responsible));
        let lined_up = deadlines.len() == items.len() && (responsible.len() == items.len() || responsible.len() <= 1);
        if !lined_up {
            action.notes.push((
                roadmap_codes::ACTION_ITEMS,
                format!(
                    "{} numbered items, {} deadline lines and {} responsible lines do not line up: one action, its items listed",
                    items.len(),
                    deadlines.len(),
                    responsible.len()
                ),
            ));
            action.items = items;
            out.push(action);
            continue;
        }
        let count = items.len();
        let section = if head.is_empty() { action.section.clone() } else { Some((action.number.clone(), head.clone())) };
        for (i, item) in items.into_iter().enumerate() {
            let mut one = action.clone();
            one.number = Some(match &action.number {
                Some(n) => format!("{n}.{}", i + 1),
                None => (i + 1).to_string(),
            });
            one.section = section.clone();
            one.cells.insert(Field::Action, item);
            one.cells.insert(Field::Deadline, deadlines[i].clone());
            if responsible.len() == count {
                one.cells.insert(Field::Responsible, responsible[i].clone());
            }
            // other cells with one line per item give each its line
            for field in [Field::Result, Field::Info] {
                let field_lines = lines(field);
                if field_lines.len() == count {
                    one.cells.insert(field, field_lines[i].clone());
                }
            }
            if i == 0 {
                one.notes.push((
                    roadmap_codes::ACTION_SPLIT_ITEMS,
                    format!(
                        "row {} of table {}: {count} numbered items, each with its own deadline and responsible line, made {count} actions",
                        action.row, action.table
                    ),
                ));
            }
            out.push(one);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use roadmap_layout::{Block, Cell};

    fn row(texts: &[&str]) -> Row {
        Row { cells: texts.iter().enumerate().map(|(i, t)| Cell::new(i, t)).collect(), ..Row::default() }
    }

    fn merged(text: &str, width: usize) -> Row {
        let mut c = Cell::new(0, text);
        c.col_span = width;
        Row { cells: vec![c], ..Row::default() }
    }

    fn doc(rows: Vec<Row>) -> Document {
        let t = Table::from_rows(rows);
        Document { blocks: vec![Block::Table(t)], ..Document::default() }
    }

    #[test]
    fn maps_headers_in_any_order() {
        let d = doc(vec![
            row(&["Период или контрольная точка", "Мероприятие", "Ответственный исполнитель", "Ожидаемый результат", "Примечание"]),
            row(&["Март 2021", "Семинар", "ИРО", "Проведён", "очно"]),
        ]);
        let e = extract_tables(&d);
        let fields: Vec<_> = e.columns.iter().map(|c| c.field).collect();
        assert_eq!(fields, vec![Some(Field::Deadline), Some(Field::Action), Some(Field::Responsible), Some(Field::Result), None]);
        assert_eq!(e.actions[0].extra.get("Примечание").map(String::as_str), Some("очно"));
    }

    #[test]
    fn the_participants_are_responsible_only_when_nobody_else_is_named() {
        let d = doc(vec![
            row(&["№", "Форма мероприятия", "Категория участников", "Ответственный", "Практический выход"]),
            row(&["1.", "Педсовет", "Педагогический коллектив", "Заместитель директора по УВР", "План работы"]),
        ]);
        let e = extract_tables(&d);
        assert_eq!(e.actions[0].cells.get(&Field::Responsible).map(String::as_str), Some("Заместитель директора по УВР"));
        assert_eq!(e.actions[0].extra.get("Категория участников").map(String::as_str), Some("Педагогический коллектив"));
        let d = doc(vec![row(&["№", "Мероприятие", "Участники", "Срок"]), row(&["1.", "Семинар", "Учителя школы", "Март 2021"])]);
        assert_eq!(extract_tables(&d).actions[0].cells.get(&Field::Responsible).map(String::as_str), Some("Учителя школы"));
    }

    #[test]
    fn an_unnamed_column_of_numbers_before_the_action_is_the_number() {
        let d = doc(vec![
            row(&["", "Содержание деятельности", "Сроки", "Ответств."]),
            row(&["1", "Пополнение информационного банка", "сентябрь", "зам. дир. по ВР"]),
            row(&["2", "Проведение родительского собрания", "октябрь", "воспитатели"]),
            row(&["3.", "Оформление стенда", "ноябрь", "воспитатели"]),
        ]);
        let e = extract_tables(&d);
        let numbers: Vec<Option<&str>> = e.actions.iter().map(|a| a.cells.get(&Field::Number).map(String::as_str)).collect();
        assert_eq!(numbers, [Some("1"), Some("2"), Some("3.")]);
        // numbered in one part of the table only
        let mut rows = vec![row(&["", "Содержание", "Сроки", "Исполнитель"])];
        rows.extend((0..5).map(|_| row(&["", "Формирование личных дел", "сентябрь", "соцпедагог"])));
        rows.extend(["1.", "2.", "3."].map(|n| row(&[n, "Тренинг для родителей", "декабрь", "психолог"])));
        let e = extract_tables(&doc(rows));
        let numbers: Vec<Option<&str>> = e.actions.iter().map(|a| a.cells.get(&Field::Number).map(String::as_str)).collect();
        assert_eq!(numbers[4..], [None, Some("1."), Some("2."), Some("3.")]);
        // a scan's «№» misread
        let d = doc(vec![
            row(&["Non", "Мероприятия", "Сроки"]),
            row(&["1", "Распределение обязанностей", "до 5.09.2019"]),
            row(&["2", "Проведение инструктажей", "в течение года"]),
        ]);
        let e = extract_tables(&d);
        let numbers: Vec<Option<&str>> = e.actions.iter().map(|a| a.cells.get(&Field::Number).map(String::as_str)).collect();
        assert_eq!(numbers, [Some("1"), Some("2")]);
        // a column of words there is not
        let d = doc(vec![
            row(&["", "Содержание деятельности", "Сроки"]),
            row(&["Август", "Пополнение информационного банка", "сентябрь"]),
            row(&["Сентябрь", "Проведение родительского собрания", "октябрь"]),
        ]);
        assert!(extract_tables(&d).actions.iter().all(|a| !a.cells.contains_key(&Field::Number)));
    }

    #[test]
    fn a_title_alone_in_its_row_over_numbering_that_starts_again_is_a_section() {
        let d = doc(vec![
            row(&["№", "Содержание деятельности", "Сроки", "Ответственные"]),
            row(&["1", "Пополнение информационного банка", "сентябрь", "зам. дир. по ВР"]),
            row(&["2", "Проведение анализа результатов", "сентябрь", "зам. дир. по ВР"]),
            row(&["", "Работа с педагогическими кадрами.", "", ""]),
            row(&["1", "Консультации для воспитателей", "октябрь", "педагог-психолог"]),
            row(&["2", "Семинар для воспитателей", "ноябрь", "педагог-психолог"]),
        ]);
        let e = extract_tables(&d);
        assert_eq!(e.actions.len(), 4, "the title is not an action");
        let sections: Vec<Option<&str>> = e.actions.iter().map(|a| a.section.as_ref().map(|(_, t)| t.as_str())).collect();
        assert_eq!(sections, [None, None, Some("Работа с педагогическими кадрами."), Some("Работа с педагогическими кадрами.")]);
    }

    #[test]
    fn a_title_in_the_headers_second_row_is_a_section() {
        let header = row(&["", "Содержание деятельности", "Сроки", "Ответств."]);
        let mut second = row(&["", "Организационная работа", "", ""]);
        for col in [0, 2, 3] {
            second.cells[col].merged_above = true;
            second.cells[col].text.clear();
        }
        let d = doc(vec![
            header,
            second,
            row(&["1", "Пополнение информационного банка", "сентябрь", "зам. дир. по ВР"]),
            row(&["2", "Проведение анализа результатов", "сентябрь", "зам. дир. по ВР"]),
        ]);
        let e = extract_tables(&d);
        assert_eq!(e.actions.len(), 2, "the title is not an action");
        let sections: Vec<Option<&str>> = e.actions.iter().map(|a| a.section.as_ref().map(|(_, t)| t.as_str())).collect();
        assert_eq!(sections, [Some("Организационная работа"); 2]);
    }

    #[test]
    fn layout_tables_are_not_roadmaps() {
        let d = doc(vec![row(&["от «10» 06 2021 г.", "№ 779"])]);
        assert!(extract_tables(&d).actions.is_empty());
        let d = doc(vec![row(&["Министр", "А.С. Аникеев"])]);
        assert!(extract_tables(&d).actions.is_empty());
    }

    #[test]
    fn sections_column_numbers_and_repeated_headers() {
        let mut repeated = row(&["№", "Мероприятие", "Срок"]);
        repeated.repeat_header = true;
        let d = doc(vec![
            row(&["№", "Мероприятие", "Срок"]),
            row(&["1", "2", "3"]),
            merged("1. Организационные мероприятия", 3),
            row(&["1.1.", "Совещание", "Март 2021"]),
            repeated,
            row(&["", "Задача 2. Методическое сопровождение", ""]),
            row(&["2.1", "Вебинар", "Апрель 2021"]),
            row(&["II", "Мониторинг", ""]),
            row(&["2.1", "Отчёт", "Май 2021"]),
        ]);
        let e = extract_tables(&d);
        let got: Vec<_> = e.actions.iter().map(|a| (a.number.clone(), a.section.clone().map(|s| s.1))).collect();
        assert_eq!(
            got,
            vec![
                (Some("1.1".into()), Some("Организационные мероприятия".into())),
                (Some("2.1".into()), Some("Методическое сопровождение".into())),
                (Some("II".into()), Some("Методическое сопровождение".into())),
                (Some("2.1".into()), Some("Методическое сопровождение".into())),
            ]
        );
    }

    /// A cell at `col` spanning `span` grid columns.
    fn at(col: usize, span: usize, text: &str) -> Cell {
        let mut c = Cell::new(col, text);
        c.col_span = span;
        c
    }

    #[test]
    fn cells_whose_edges_are_off_the_headers_go_to_the_column_they_line_up_with() {
        // the header's cells start at 0, 1, 2 and 4; the rows' at 0, 1, 3 and 5 (a table drawn
        // by hand): each cell overlaps two columns alike, the row as a whole decides
        let header = Row {
            cells: vec![at(0, 1, "№"), at(1, 1, "Содержание"), at(2, 2, "Ответственный"), at(4, 2, "Сроки")],
            ..Row::default()
        };
        let shifted = |n: &str, what: &str, who: &str, when: &str| Row {
            cells: vec![at(0, 1, n), at(1, 2, what), at(3, 2, who), at(5, 1, when), at(6, 1, "")],
            ..Row::default()
        };
        let d = doc(vec![header, shifted("1", "Организация пропускного режима", "Администрация", "постоянно")]);
        let e = extract_tables(&d);
        let a = &e.actions[0];
        assert_eq!(a.cells[&Field::Action], "Организация пропускного режима");
        assert_eq!(a.cells[&Field::Responsible], "Администрация");
        assert_eq!(a.cells[&Field::Deadline], "постоянно");
        // a wide last column: the responsible cell overlaps the date column more, but the date
        // cell has nowhere else to go
        let header = Row {
            cells: vec![at(0, 1, "Сроки"), at(1, 2, "Мероприятия"), at(3, 1, "Ответственный"), at(4, 4, "Примечание")],
            ..Row::default()
        };
        let row = Row {
            cells: vec![at(0, 2, "октябрь"), at(2, 1, "Семинар"), at(3, 3, "Психолог"), at(6, 2, "очно")], ..Row::default()
        };
        let e = extract_tables(&doc(vec![header, row]));
        let a = &e.actions[0];
        assert_eq!((a.cells[&Field::Deadline].as_str(), a.cells[&Field::Action].as_str()), ("октябрь", "Семинар"));
        assert_eq!(a.cells[&Field::Responsible], "Психолог");
        assert_eq!(a.extra["Примечание"], "очно");
    }

    #[test]
    fn a_section_row_under_a_merged_header_cell_is_not_a_sub_header() {
        let header = Row {
            cells: vec![at(0, 2, "№ п/п"), at(2, 1, "Содержание работы"), at(3, 1, "Сроки"), at(4, 1, "Ответственные")],
            ..Row::default()
        };
        let section = Row { cells: vec![at(0, 5, "Работа с воспитанниками")], ..Row::default() };
        let data = Row {
            cells: vec![at(0, 1, "1"), at(1, 2, "Выявление детей"), at(3, 1, "сентябрь"), at(4, 1, "Соц. педагог")],
            ..Row::default()
        };
        let e = extract_tables(&doc(vec![header, section, data]));
        assert_eq!(e.columns[0].header, "№ п/п");
        assert_eq!(e.actions.len(), 1);
        assert_eq!(e.actions[0].section.as_ref().map(|s| s.1.as_str()), Some("Работа с воспитанниками"));
        assert_eq!(e.actions[0].cells[&Field::Action], "Выявление детей");
    }

    #[test]
    fn totals_rows_are_not_actions() {
        let d = doc(vec![
            row(&["№", "Мероприятие", "Часы", "Сроки", "Ответственный"]),
            row(&["1", "Семинар для учителей", "2", "сентябрь", "Рук. МО"]),
            row(&["", "ИТОГО ЗА 1 ПОЛУГОДИЕ:", "2", "", ""]),
            row(&["", "Всего:", "2", "", ""]),
            // the label in the number column, spanning it and the action's
            Row {
                cells: vec![at(0, 2, "ИТОГО ЗА УЧЕБНЫЙ ГОД:"), at(2, 1, "4"), at(3, 1, ""), at(4, 1, "")], ..Row::default()
            },
            row(&["2", "Итоговое заседание МО", "2", "май", "Рук. МО"]),
        ]);
        let actions = extract_tables(&d).actions;
        assert_eq!(
            actions.iter().map(|a| a.cells[&Field::Action].as_str()).collect::<Vec<_>>(),
            ["Семинар для учителей", "Итоговое заседание МО"]
        );
    }

    #[test]
    fn a_number_typed_at_the_start_of_the_action_cell_is_the_rows() {
        let d = doc(vec![
            row(&["№", "Мероприятие", "Сроки"]),
            row(&["", "1.Совершенствование методики уроков", "сентябрь"]),
            row(&["", "2. Проведение контрольных работ", "октябрь"]),
            // the cell's own numbered list: an agenda, not the row's number
            row(&["", "1. О плане работы\n2. О дежурстве", "август"]),
            // a number cell that is filled keeps the text as it is
            row(&["4", "1. Изучение закона", "ноябрь"]),
        ]);
        let actions = extract_tables(&d).actions;
        // the number was read where it was typed: in the action cell
        let number_at: Vec<(usize, usize)> =
            actions[0].places.iter().filter(|p| p.slot == Slot::Field(Field::Number)).map(|p| (p.row, p.column)).collect();
        assert_eq!(number_at, [(1, 1)]);
        let got: Vec<(Option<String>, String)> = actions.into_iter().map(|a| (a.number, a.cells[&Field::Action].clone())).collect();
        assert_eq!(got[0], (Some("1".into()), "Совершенствование методики уроков".into()));
        assert_eq!(got[1], (Some("2".into()), "Проведение контрольных работ".into()));
        assert_eq!(got[2].0, None);
        assert_eq!(got[3], (Some("4".into()), "1. Изучение закона".into()));
    }

    #[test]
    fn a_cell_packing_the_responsible_and_the_deadline_is_split() {
        let d = doc(vec![
            row(&["№", "Мероприятие", "Ответственные, сроки исполнения"]),
            row(&["1", "Разработка плана", "Директор, 2014 год"]),
            row(&["2", "Правовое просвещение студентов", "Администрация, преподаватели, в течение учебного года"]),
            row(&["3", "Размещение информации на сайте", "Программист, до 01.03.2014"]),
            // a cell of parties alone stays whole
            row(&["4", "Опрос студентов", "Иванова А.А., зам. директора"]),
        ]);
        let got: Vec<(Option<String>, Option<String>)> = extract_tables(&d)
            .actions
            .into_iter()
            .map(|a| (a.cells.get(&Field::Responsible).cloned(), a.cells.get(&Field::Deadline).cloned()))
            .collect();
        assert_eq!(got[0], (Some("Директор".into()), Some("2014 год".into())));
        assert_eq!(got[1], (Some("Администрация, преподаватели".into()), Some("в течение учебного года".into())));
        assert_eq!(got[2], (Some("Программист".into()), Some("до 01.03.2014".into())));
        let whole = &got[3];
        assert!(
            whole.0.as_deref() == Some("Иванова А.А., зам. директора") || whole.1.as_deref() == Some("Иванова А.А., зам. директора"),
            "{whole:?}"
        );
    }

    #[test]
    fn a_meeting_theme_in_a_column_without_a_header_leads_its_agenda() {
        let d = doc(vec![
            row(&["", "Вопросы к обсуждению", "Ответственный", "Сроки"]),
            row(&["Тема: «Итоги года»", "1. Об итогах работы\n2. О планах на лето", "директор", "20 мая"]),
        ]);
        let e = extract_tables(&d);
        assert_eq!(e.actions[0].cells[&Field::Action], "Тема: «Итоги года»\n1. Об итогах работы\n2. О планах на лето");
    }

    #[test]
    fn a_table_carrying_on_a_numbered_list_joins_the_last_action() {
        let header = row(&["", "Вопросы к обсуждению", "Ответственный", "Сроки"]);
        let first = row(&["Тема: «Итоги»", "1. Об итогах работы\n2. О летнем отдыхе", "директор", "20 мая"]);
        let mut d = doc(vec![header, first]);
        // the next page's table: no header, the same columns, the list goes on
        d.blocks.push(Block::Table(Table::from_rows(vec![row(&["", "3. О выпускниках\n4. О решении педсовета", "воспитатели", ""])])));
        let e = extract_tables(&d);
        assert_eq!(e.actions.len(), 1, "{:?}", e.actions.iter().map(|a| &a.cells[&Field::Action]).collect::<Vec<_>>());
        assert!(e.actions[0].cells[&Field::Action].ends_with("4. О решении педсовета"));
        assert_eq!(e.actions[0].number, None, "the agenda's «3.» is not a row number");
    }

    #[test]
    fn a_table_without_a_header_is_read_by_what_its_cells_say() {
        let d = doc(vec![
            row(&["1", "Определение выпускников в учебные заведения", "Август", "Социальный педагог"]),
            row(&["2", "Проведение бесед о планировании бюджета", "Ноябрь", "Воспитатели"]),
            row(&["3", "Организация вечера встречи выпускников", "Февраль", "Зам. директора по ВР"]),
        ]);
        let e = extract_tables(&d);
        let fields: Vec<Option<Field>> = e.columns.iter().map(|c| c.field).collect();
        assert_eq!(fields, [Some(Field::Number), Some(Field::Action), Some(Field::Deadline), Some(Field::Responsible)]);
        assert_eq!(e.actions.len(), 3);
        // a list of people and their phones has no action column
        let d =
            doc(vec![row(&["Директор", "Иванова Анна Петровна", "8(34772)26180"]), row(&["Завхоз", "Петров Иван Ильич", "8(34772)26181"])]);
        assert!(extract_tables(&d).actions.is_empty());
    }

    #[test]
    fn a_checklist_whose_deadline_column_is_empty_is_not_a_plan() {
        let d = doc(vec![
            row(&["Наименование", "Месяцы", "", ""]),
            row(&["Санитарное состояние", "", "-", ""]),
            row(&["Выполнение режима питания", "-", "", ""]),
            row(&["Маркировка посуды и инвентаря", "", "", "-"]),
        ]);
        let e = extract_tables(&d);
        assert!(e.actions.is_empty());
        assert!(e.warnings.iter().any(|w| w.code == "table.not_a_plan" && w.message.contains("form or a checklist")), "{:?}", e.warnings);
    }

    #[test]
    fn a_data_row_a_word_processor_flags_as_repeated_is_read() {
        let mut header = row(&["№", "Мероприятие", "Срок", "Ответственный"]);
        header.repeat_header = true;
        let mut first = row(&["1.", "Неделя правовых знаний", "ноябрь", "Соц. педагог"]);
        first.repeat_header = true;
        let mut again = row(&["№", "Мероприятие", "Срок", "Ответственный"]);
        again.repeat_header = true;
        let e = extract_tables(&doc(vec![header, first, again, row(&["2.", "Беседы", "декабрь", "Воспитатели"])]));
        assert_eq!(e.actions.iter().map(|a| a.number.as_deref().unwrap_or("")).collect::<Vec<_>>(), ["1", "2"]);
    }

    #[test]
    fn numbered_section_rows_without_merge() {
        let d = doc(vec![
            row(&["№", "Мероприятие", "Срок", "Ответственный"]),
            row(&["1.", "Организационные мероприятия", "", ""]),
            row(&["1.1", "Совещание", "Март 2021", "ИРО"]),
        ]);
        let e = extract_tables(&d);
        assert_eq!(e.actions.len(), 1);
        assert_eq!(e.actions[0].section, Some((Some("1".into()), "Организационные мероприятия".into())));
    }

    #[test]
    fn rows_split_by_a_page_break_join() {
        let mut first = row(&["1", "Отбор школ-", "Март 2021"]);
        first.page = Some(1);
        let mut cont = row(&["", "участниц проекта", ""]);
        cont.page = Some(2);
        let mut next = row(&["2", "Семинар", "Май 2021"]);
        next.page = Some(2);
        let mut header = row(&["№", "Мероприятие", "Срок"]);
        header.page = Some(1);
        let d = doc(vec![header, first, cont, next]);
        let e = extract_tables(&d);
        assert_eq!(e.actions.len(), 2);
        assert_eq!(e.actions[0].cells[&Field::Action], "Отбор школ-участниц проекта");
    }

    #[test]
    fn a_space_before_the_page_break_keeps_the_words_apart() {
        let mut header = row(&["№", "Мероприятие", "Срок"]);
        header.page = Some(1);
        let mut first = row(&["1", "Создание профессионально-", "Март 2021"]);
        first.page = Some(1);
        first.cells[1].ends_with_space = true;
        let mut cont = row(&["", "экспертного сообщества", ""]);
        cont.page = Some(2);
        let e = extract_tables(&doc(vec![header, first, cont]));
        assert_eq!(e.actions[0].cells[&Field::Action], "Создание профессионально- экспертного сообщества");
        assert!(e.actions[0].spaced_ends.is_empty(), "the continuation's own end decides the next join");
    }

    #[test]
    fn two_row_header_feeds_one_deadline() {
        let mut sroki = Cell::new(2, "Сроки");
        sroki.col_span = 2;
        let header = Row { cells: vec![Cell::new(0, "№"), Cell::new(1, "Мероприятие"), sroki], ..Row::default() };
        let d = doc(vec![header, row(&["", "", "начало", "окончание"]), row(&["1", "Курсы", "01.02.2022", "15.03.2022"])]);
        let e = extract_tables(&d);
        let fields: Vec<_> = e.columns.iter().map(|c| c.field).collect();
        assert_eq!(fields, vec![Some(Field::Number), Some(Field::Action), Some(Field::DeadlineStart), Some(Field::DeadlineEnd)]);
        assert_eq!(e.actions.len(), 1);
        assert_eq!(e.columns[2].header, "Сроки начало");
    }

    #[test]
    fn a_dash_cell_is_no_value() {
        let d =
            doc(vec![row(&["№", "Мероприятие", "Срок", "Ответственные", "Результат"]), row(&["1", "Вебинар", "март 2022", "—", " - "])]);
        let e = extract_tables(&d);
        assert_eq!(e.actions.len(), 1);
        assert!(!e.actions[0].cells.contains_key(&Field::Responsible));
        assert!(!e.actions[0].cells.contains_key(&Field::Result));
        assert_eq!(e.actions[0].cells.get(&Field::Deadline).map(String::as_str), Some("март 2022"));
        assert!(!is_blank("1-2") && is_blank("–") && is_blank(""));
    }

    #[test]
    fn section_text_forms() {
        assert_eq!(parse_section("Задача 1. Принятие решений"), (Some("1".into()), "Принятие решений".into()));
        assert_eq!(parse_section("II. Мониторинг"), (Some("II".into()), "Мониторинг".into()));
        assert_eq!(parse_section("Организационные мероприятия"), (None, "Организационные мероприятия".into()));
        assert_eq!(normalize_number("1.2."), Some("1.2".into()));
    }

    #[test]
    fn template_rows_with_only_a_number_are_one_warning_per_run() {
        let d = doc(vec![
            row(&["№", "Мероприятие", "Срок", "Ответственный"]),
            row(&["1", "Совещание", "март 2022", "Директор"]),
            row(&["2", "", "", ""]),
            row(&["3", "Семинар", "апрель 2022", "ЗУВР"]),
            row(&["4", "", "", ""]),
            row(&["5", "", "", ""]),
            row(&["6", "", "", ""]),
        ]);
        let t = extract_tables(&d);
        assert_eq!(t.actions.iter().map(|a| a.number.as_deref().unwrap_or("")).collect::<Vec<_>>(), ["1", "3"]);
        let messages: Vec<&str> = t.warnings.iter().filter(|w| w.code == "action.empty_row").map(|w| w.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[1].starts_with("3 rows (5–7)"), "{messages:?}");
    }

    #[test]
    fn a_table_of_figures_is_not_a_plan() {
        let d = doc(vec![
            row(&["№", "Наименование", "Срок", "Ответственный"]),
            row(&["1", "423,67", "2022", "12"]),
            row(&["2", "18", "2022", "4,5"]),
            row(&["3", "Итого", "", ""]),
        ]);
        assert!(extract_tables(&d).actions.is_empty());
    }

    #[test]
    fn of_two_action_columns_the_one_with_sentences_wins() {
        let d = doc(vec![
            row(&["№", "Вид работы", "Содержание работы", "Сроки", "Ответственные"]),
            row(&["1", "Педсовет", "Анализ работы школы за прошлый год и задачи на новый год", "август", "директор"]),
            row(&["2", "Семинар", "Организация работы с одарёнными детьми в урочной деятельности", "октябрь", "ЗУВР"]),
        ]);
        let t = extract_tables(&d);
        let fields: Vec<Option<Field>> = t.columns.iter().map(|c| c.field).collect();
        assert_eq!(fields, [Some(Field::Number), None, Some(Field::Action), Some(Field::Deadline), Some(Field::Responsible)]);
        assert!(t.actions[0].cells[&Field::Action].starts_with("Анализ работы"));
        assert_eq!(t.actions[0].extra["Вид работы"], "Педсовет");
    }

    #[test]
    fn numbered_sub_actions_become_actions_when_their_lines_line_up() {
        let d = doc(vec![
            row(&["№", "Содержание работы", "Сроки", "Ответственные"]),
            row(&[
                "II",
                "Методическая работа\n1. Посещение семинаров\n2. Собеседование с\nпредседателями МО",
                "14.09\nдо 30.09",
                "Директор\nЗУВР",
            ]),
            row(&["III", "Контроль\n1. Проверка журналов\n2. Входной контроль\n3. Посещение уроков", "до 15.09\n01.09", "ЗУВР"]),
        ]);
        let t = extract_tables(&d);
        let got: Vec<(String, String, String)> = t
            .actions
            .iter()
            .map(|a| (a.number.clone().unwrap_or_default(), a.cells[&Field::Action].clone(), a.cells[&Field::Deadline].clone()))
            .collect();
        assert_eq!(
            got[..2],
            [
                ("II.1".into(), "Посещение семинаров".into(), "14.09".into()),
                ("II.2".into(), "Собеседование с председателями МО".into(), "до 30.09".into()),
            ]
        );
        assert_eq!(t.actions[0].section.as_ref().map(|s| s.1.as_str()), Some("Методическая работа"));
        assert_eq!(t.actions[1].cells[&Field::Responsible], "ЗУВР");
        assert_eq!(t.actions[0].notes[0].0, "action.split_items");
        // three items, two deadline lines: one action with its items listed
        assert_eq!(t.actions[2].number.as_deref(), Some("III"));
        assert_eq!(t.actions[2].items, ["Проверка журналов", "Входной контроль", "Посещение уроков"]);
        assert_eq!(t.actions[2].notes[0].0, "action.items");
    }

    #[test]
    fn the_caption_gives_a_plan_laid_out_by_months_its_month() {
        let mut d = doc(vec![row(&["№", "Мероприятие", "Срок"]), row(&["1", "Педсовет", "30.08"])]);
        d.blocks.insert(
            0,
            Block::Paragraph(roadmap_layout::Paragraph {
                text: "План работы школы на сентябрь 2015/2016 учебного года".into(),
                ..Default::default()
            }),
        );
        assert_eq!(extract_tables(&d).actions[0].month, Some(9));
    }

    #[test]
    fn a_row_that_lines_up_numbered_actions_with_empty_paragraphs_is_one_action_a_number() {
        let lined_up = |col: usize, lines: &[(u16, &str)]| {
            let mut cell = Cell::new(col, &lines.iter().map(|(_, t)| *t).collect::<Vec<_>>().join("\n"));
            cell.line_places = Some(lines.iter().map(|(p, _)| *p).collect());
            cell
        };
        let packed = Row {
            cells: vec![
                lined_up(0, &[(0, "1."), (5, "2."), (10, "3.")]),
                // the first action takes two lines; the third wraps and starts a line early
                lined_up(
                    1,
                    &[(0, "Заключение договора"), (1, "«О сотрудничестве»"), (5, "Профилактические беседы"), (9, "Консультации психиатра")],
                ),
                lined_up(2, &[(0, "Сентябрь"), (6, "Постоянно"), (9, "По мере необходимости")]),
                // a run of lines between two actions goes to the nearer
                lined_up(3, &[(0, "Директор"), (5, "Заместитель директора"), (6, "Соцпедагог"), (11, "Психиатр ЦРБ")]),
            ],
            ..Row::default()
        };
        let d = doc(vec![row(&["№", "Мероприятие", "Срок", "Контроль"]), packed]);
        let e = extract_tables(&d);
        let got: Vec<[&str; 4]> = e
            .actions
            .iter()
            .map(|a| {
                [Field::Number, Field::Action, Field::Deadline, Field::Responsible].map(|f| a.cells.get(&f).map_or("", String::as_str))
            })
            .collect();
        assert_eq!(
            got,
            [
                ["1.", "Заключение договора\n«О сотрудничестве»", "Сентябрь", "Директор"],
                ["2.", "Профилактические беседы", "Постоянно", "Заместитель директора\nСоцпедагог"],
                ["3.", "Консультации психиатра", "По мере необходимости", "Психиатр ЦРБ"],
            ]
        );
        // without empty paragraphs between its lines the row is one action
        let d = doc(vec![row(&["№", "Мероприятие", "Срок"]), row(&["1.\n2.", "Беседы\nКонсультации", "Сентябрь"])]);
        assert_eq!(extract_tables(&d).actions.len(), 1);
    }

    #[test]
    fn a_grid_column_past_the_header_row_is_under_its_last_column() {
        let header = vec![at(0, 1, "Сроки"), at(1, 2, "Мероприятия"), at(3, 1, "Ответственный"), at(4, 4, "Дата выполнения")];
        // a cell across the narrow columns of the last one, and another row whose edges make
        // a grid column past the header's last cell
        let row =
            vec![at(0, 1, "В течение года"), at(1, 2, "Подготовка воспитанников"), at(3, 4, "Психолог Шевчук И.В."), at(7, 1, "выполнено")];
        let other = vec![at(0, 1, "Май"), at(1, 2, "Отчёт"), at(3, 2, "Директор"), at(5, 4, "выполнено")];
        let d = doc(vec![
            Row { cells: header, ..Row::default() },
            Row { cells: row, ..Row::default() },
            Row { cells: other, ..Row::default() },
        ]);
        let e = extract_tables(&d);
        assert_eq!(e.actions[0].cells.get(&Field::Responsible).map(String::as_str), Some("Психолог Шевчук И.В."));
    }

    #[test]
    fn a_month_alone_in_its_row_is_a_section_whichever_column_holds_it() {
        let d = doc(vec![
            row(&["Виды деятельности", "Содержание работы", "Сроки"]),
            row(&["СЕНТЯБРЬ", "", ""]),
            row(&["Здоровый образ жизни", "День здоровья", "1 неделя"]),
        ]);
        let e = extract_tables(&d);
        assert_eq!(e.actions.len(), 1);
        assert_eq!(e.actions[0].section.as_ref().map(|(_, t)| t.as_str()), Some("СЕНТЯБРЬ"));
        assert_eq!(e.actions[0].month, Some(9));
    }

    #[test]
    fn a_number_a_scan_misread_is_the_one_between_its_neighbours() {
        let scanned = |texts: &[&str]| {
            let mut r = row(texts);
            r.cells.iter_mut().for_each(|c| c.confidence = Some(90));
            r
        };
        let d = doc(vec![
            scanned(&["№", "Мероприятие", "Срок"]),
            scanned(&["|", "Инструктаж", "сентябрь"]),
            scanned(&["2", "Беседа", "октябрь"]),
            scanned(&["И", "Семинар", "ноябрь"]),
            scanned(&["4", "Конкурс", "декабрь"]),
            scanned(&["И", "Отчёт", "май"]),
        ]);
        let e = extract_tables(&d);
        let numbers: Vec<Option<&str>> = e.actions.iter().map(|a| a.number.as_deref()).collect();
        // the last has no row after it to tell
        assert_eq!(numbers, [Some("1"), Some("2"), Some("3"), Some("4"), Some("И")]);
        // text that was typed is never guessed at
        let d = doc(vec![
            row(&["№", "Мероприятие", "Срок"]),
            row(&["2", "Беседа", "октябрь"]),
            row(&["И", "Семинар", "ноябрь"]),
            row(&["4", "Конкурс", "май"]),
        ]);
        assert_eq!(extract_tables(&d).actions[1].number.as_deref(), Some("И"));
    }

    #[test]
    fn a_month_row_left_above_a_continued_table_is_the_section_of_its_rows() {
        let mut d = doc(vec![
            row(&["№", "Содержание работы", "Сроки", "Ответственные"]),
            merged("Декабрь", 4),
            row(&["1", "Педсовет", "1 неделя", "Директор"]),
        ]);
        let paragraph = |text: &str| Block::Paragraph(roadmap_layout::Paragraph { text: text.into(), ..Default::default() });
        d.blocks.push(paragraph("Январь"));
        let rest = Table::from_rows(vec![
            // its number lost: still not the row above carried on, the month row stands between
            row(&["", "Составление расписания", "2 неделя", "Завуч"]),
            merged("Февраль", 4),
            row(&["1", "Семинар", "3 неделя", "Психолог"]),
        ]);
        d.blocks.push(Block::Table(rest));
        let e = extract_tables(&d);
        let months: Vec<(Option<&str>, Option<u32>)> =
            e.actions.iter().map(|a| (a.section.as_ref().map(|(_, title)| title.as_str()), a.month)).collect();
        assert_eq!(months, [(Some("Декабрь"), Some(12)), (Some("Январь"), Some(1)), (Some("Февраль"), Some(2))]);
    }

    #[test]
    fn a_row_continued_on_the_next_page_joins_without_a_number_column() {
        let on = |page: u32, texts: &[&str]| {
            let mut r = row(texts);
            r.page = Some(page);
            r
        };
        let d = doc(vec![
            on(1, &["Срок", "Мероприятие", "Ответственный"]),
            on(1, &["Март-", "Проведение семинара для школ с", "ЗУВР"]),
            // the deadline goes on too; the action goes on mid-sentence
            on(2, &["апрель 2021", "низкими результатами обучения", "директор"]),
            on(2, &["Май 2021", "Подведение итогов.", "Директор"]),
            // a new row at the top of a page starts with a capital
            on(3, &["Июнь 2021", "Анализ работы", "ЗУВР"]),
        ]);
        let e = extract_tables(&d);
        let texts: Vec<&str> = e.actions.iter().map(|a| a.cells[&Field::Action].as_str()).collect();
        assert_eq!(texts, ["Проведение семинара для школ с низкими результатами обучения", "Подведение итогов.", "Анализ работы"]);
        assert_eq!(e.actions[0].cells[&Field::Deadline], "Март-апрель 2021");
    }
}
