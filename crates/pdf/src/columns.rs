//! Tables without ruling lines: columns read from text alignment.
//!
//! A line whose text stands in pieces separated by wide gaps (much wider than a word space)
//! is a table line. A run of at least three such lines whose pieces start at shared x
//! positions is a table: the shared starts are the column boundaries. A row starts at every
//! line with a piece in the first column (or, when the first column is mostly empty, at every
//! table line); lines with a single piece in between continue the row above.

use crate::content::Char;
use crate::grid::{groups, regular, Grid};
use crate::lines::baselines;

/// Gap (in font sizes) that separates two columns of a line.
const COLUMN_GAP: f32 = 1.5;
/// Column starts closer than this are one column.
const ALIGN: f32 = 4.0;

struct TextLine {
    /// Left ends of the pieces.
    starts: Vec<f32>,
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
}

fn text_line(chars: &[&Char]) -> Option<TextLine> {
    let inked: Vec<&&Char> = chars.iter().filter(|c| !c.is_space()).collect();
    let first = inked.first()?;
    let mut starts = vec![first.x0];
    for pair in inked.windows(2) {
        if pair[1].x0 - pair[0].x1 > COLUMN_GAP * pair[1].size.max(pair[0].size) {
            starts.push(pair[1].x0);
        }
    }
    Some(TextLine {
        starts,
        x0: first.x0,
        x1: inked.iter().map(|c| c.x1).fold(f32::MIN, f32::max),
        y: first.y,
        size: inked.iter().map(|c| c.size).fold(0.0, f32::max),
    })
}

/// The column starts shared by at least three table lines.
fn column_starts(lines: &[&TextLine]) -> Vec<f32> {
    let all: Vec<f32> = lines.iter().flat_map(|l| l.starts.iter().copied()).collect();
    groups(all, ALIGN).into_iter().filter(|g| g.len() >= 3).filter_map(|g| g.first().copied()).collect()
}

/// The grid of the borderless table among these characters, if they hold one.
pub(crate) fn borderless(chars: &[&Char]) -> Option<Grid> {
    let lines: Vec<TextLine> = baselines(chars).iter().filter_map(|g| text_line(g)).collect();
    // The longest run of lines from the first multi-piece line to the last, allowing
    // single-piece continuation lines but not two in a row without a table line after them.
    let multi: Vec<usize> = (0..lines.len()).filter(|i| lines[*i].starts.len() >= 2).collect();
    let mut best: Option<(usize, usize)> = None;
    let mut run_start: Option<usize> = None;
    for (k, &i) in multi.iter().enumerate() {
        let start = *run_start.get_or_insert(i);
        let next = multi.get(k + 1);
        let gap_too_wide = next.is_none_or(|&j| j - i > 4 || lines[i].y - lines[j].y > 6.0 * lines[i].size);
        if gap_too_wide {
            if best.is_none_or(|(a, b)| i - start > b - a) {
                best = Some((start, i));
            }
            run_start = None;
        }
    }
    let (first, last) = best?;
    let table: Vec<&TextLine> = lines[first..=last].iter().collect();
    let multi_lines: Vec<&TextLine> = table.iter().copied().filter(|l| l.starts.len() >= 2).collect();
    if multi_lines.len() < 3 {
        return None;
    }
    let starts = column_starts(&multi_lines);
    if starts.len() < 2 {
        return None;
    }
    let left = table.iter().map(|l| l.x0).fold(f32::MAX, f32::min).min(starts[0]) - 1.0;
    let right = table.iter().map(|l| l.x1).fold(f32::MIN, f32::max) + 1.0;
    let mut xs = vec![left];
    xs.extend(starts.iter().skip(1).map(|s| s - 1.0));
    xs.push(right);
    let in_first_column = |l: &TextLine| l.starts.iter().any(|s| (s - starts[0]).abs() <= ALIGN);
    let first_column_rows = multi_lines.iter().filter(|l| in_first_column(l)).count() * 5 >= multi_lines.len() * 3;
    let starts_row = |l: &TextLine| l.starts.len() >= 2 && (!first_column_rows || in_first_column(l));
    let mut ys = vec![table[0].y + table[0].size];
    for pair in table.windows(2) {
        if starts_row(pair[1]) {
            ys.push((pair[0].y - 0.3 * pair[0].size + pair[1].y + 0.9 * pair[1].size) / 2.0);
        }
    }
    let end = table.last().map_or(0.0, |l| l.y - 0.5 * l.size);
    ys.push(end);
    regular(&xs, &ys)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Characters of `pieces` (x, text) on baseline `y`, 5 units per character, size 10.
    fn chars(pieces: &[(f32, &str)], y: f32) -> Vec<Char> {
        pieces
            .iter()
            .flat_map(|(x, text)| {
                text.chars().enumerate().map(move |(i, ch)| Char {
                    text: ch.to_string().into(),
                    x0: x + 5.0 * i as f32,
                    x1: x + 5.0 * (i + 1) as f32,
                    y,
                    size: 10.0,
                    confidence: None,
                })
            })
            .collect()
    }

    #[test]
    fn aligned_pieces_make_a_grid() {
        let mut all = chars(&[(50.0, "Заголовок документа")], 800.0);
        all.extend(chars(&[(50.0, "№"), (80.0, "Мероприятие"), (300.0, "Срок")], 760.0));
        all.extend(chars(&[(50.0, "1"), (80.0, "Совещание"), (300.0, "Март 2022")], 745.0));
        all.extend(chars(&[(80.0, "директоров")], 733.0));
        all.extend(chars(&[(50.0, "2"), (80.0, "Семинар"), (300.0, "Май 2022")], 718.0));
        all.extend(chars(&[(50.0, "Подпись")], 600.0));
        let refs: Vec<&Char> = all.iter().collect();
        let grid = borderless(&refs).unwrap();
        assert_eq!((grid.rows(), grid.columns()), (3, 3));
        // The continuation line belongs to row 2.
        assert_eq!(grid.cell_at(90.0, 736.0), grid.cell_at(90.0, 748.0));
        assert!(!grid.contains(60.0, 803.0));
        assert!(!grid.contains(60.0, 603.0));
    }

    #[test]
    fn prose_is_not_a_table() {
        let mut all = Vec::new();
        for i in 0..6 {
            all.extend(chars(&[(50.0, "Обычный абзац текста без колонок")], 700.0 - 12.0 * i as f32));
        }
        let refs: Vec<&Char> = all.iter().collect();
        assert!(borderless(&refs).is_none());
    }
}
