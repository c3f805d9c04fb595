//! The ruling lines of a table on a binary page image, found and taken out before recognition.
//!
//! In: a straightened binary image and its resolution. Out: horizontal and vertical lines in
//! pixels (long thin runs of ink, short breaks bridged, adjacent rows of one thick line
//! merged), and the image with those lines painted over so the recognizer sees only text.
//! (The cells they enclose are the PDF reader's to find: `roadmap_pdf::ruled_cells`.)

use crate::image::Gray;

/// A line in pixels: horizontal (`y0 == y1`) or vertical (`x0 == x1`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    /// Pixels across.
    pub thickness: usize,
}

/// A run of ink along one row (or column): where, from, to.
#[derive(Debug, Clone, Copy)]
struct Run {
    across: usize,
    from: usize,
    to: usize,
}

/// Runs of ink along each row (`horizontal`) or column at least `min_length` long, breaks of
/// up to `gap` pixels bridged.
fn runs(image: &Gray, horizontal: bool, min_length: usize, gap: usize) -> Vec<Run> {
    let (along, across) = if horizontal { (image.width, image.height) } else { (image.height, image.width) };
    let ink = |a: usize, c: usize| if horizontal { image.pixels[c * image.width + a] == 0 } else { image.pixels[a * image.width + c] == 0 };
    let mut out = Vec::new();
    for c in 0..across {
        let (mut start, mut last) = (None, 0);
        for a in 0..along {
            if ink(a, c) {
                match start {
                    Some(_) if a - last <= gap + 1 => {}
                    Some(s) => {
                        if last + 1 - s >= min_length {
                            out.push(Run { across: c, from: s, to: last + 1 });
                        }
                        start = Some(a);
                    }
                    None => start = Some(a),
                }
                last = a;
            }
        }
        if let Some(s) = start {
            if last + 1 - s >= min_length {
                out.push(Run { across: c, from: s, to: last + 1 });
            }
        }
    }
    out
}

/// Runs on neighbouring rows that overlap, merged into lines whose cross-section — their ink
/// over their length — is at most `max_thickness`, and whose rows (the band a line a little
/// off straight steps across) are at most `max_band`.
fn merge(mut runs: Vec<Run>, horizontal: bool, max_thickness: usize, max_band: usize) -> Vec<Line> {
    runs.sort_by_key(|r| (r.across, r.from));
    // open groups: last row, from, to, first row, ink
    let mut groups: Vec<Group> = Vec::new();
    let mut lines = Vec::new();
    let close = |g: Group, lines: &mut Vec<Line>| {
        let band = g.last - g.first + 1;
        let across = g.ink.div_ceil((g.to - g.from).max(1));
        if across <= max_thickness && band <= max_band {
            let middle = (g.first + g.last) as f32 / 2.0 + 0.5;
            lines.push(if horizontal {
                Line { x0: g.from as f32, x1: g.to as f32, y0: middle, y1: middle, thickness: band }
            } else {
                Line { x0: middle, x1: middle, y0: g.from as f32, y1: g.to as f32, thickness: band }
            });
        }
    };
    for run in runs {
        let mut kept = Vec::with_capacity(groups.len());
        let mut joined = false;
        for g in groups.drain(..) {
            if g.last + 1 < run.across {
                close(g, &mut lines);
            } else if !joined && run.from < g.to && g.from < run.to && g.last + 1 == run.across {
                kept.push(Group {
                    last: run.across,
                    from: g.from.min(run.from),
                    to: g.to.max(run.to),
                    first: g.first,
                    ink: g.ink + run.to - run.from,
                });
                joined = true;
            } else {
                kept.push(g);
            }
        }
        if !joined {
            kept.push(Group { last: run.across, from: run.from, to: run.to, first: run.across, ink: run.to - run.from });
        }
        groups = kept;
    }
    for g in groups {
        close(g, &mut lines);
    }
    lines
}

/// Runs being merged into a line: the rows they stand on, their extent, their ink.
#[derive(Debug, Clone, Copy)]
struct Group {
    first: usize,
    last: usize,
    from: usize,
    to: usize,
    ink: usize,
}

/// The ruling lines of a page at `dpi`.
pub fn find(image: &Gray, dpi: f32) -> Vec<Line> {
    let inch = |f: f32| (dpi * f).round().max(1.0) as usize;
    // a line is longer than any letter is tall and thinner than any stroke of a heading; one
    // a little off straight (half a degree over a page) steps across a band of rows
    let (max_thickness, max_band) = (inch(0.04), inch(0.1));
    let mut lines = merge(runs(image, true, inch(0.3), inch(0.01)), true, max_thickness, max_band);
    lines.extend(merge(runs(image, false, inch(0.2), inch(0.01)), false, max_thickness, max_band));
    lines
}

/// `lines` (found on the text's ink) carried on along `faint` ink, through the gaps and past
/// the ends where a light or thin line breaks up under the text's threshold: from each end,
/// as long as the line's band (its thickness and a pixel or two either side) holds faint ink
/// with breaks of at most `inch(0.02)`. A line of a low-resolution scan, found in pieces,
/// comes out whole, and the pieces meet where the grid joins them.
pub fn extend(lines: &mut [Line], faint: &Gray, dpi: f32) {
    let max_gap = (dpi * 0.02).round().max(1.0) as usize;
    for line in lines.iter_mut() {
        let horizontal = line.y0 == line.y1;
        let (length, across) = if horizontal { (faint.width, faint.height) } else { (faint.height, faint.width) };
        let middle = if horizontal { line.y0 } else { line.x0 } as usize;
        let half = line.thickness / 2 + 2;
        let band = middle.saturating_sub(half)..(middle + half + 1).min(across);
        let inked = |at: usize| {
            band.clone().any(|c| if horizontal { faint.pixels[c * faint.width + at] == 0 } else { faint.pixels[at * faint.width + c] == 0 })
        };
        let walk = |from: usize, forward: bool| -> usize {
            let (mut last, mut at, mut gap) = (from, from, 0);
            loop {
                let next = if forward { at + 1 } else { at.wrapping_sub(1) };
                if next >= length {
                    return last;
                }
                at = next;
                if inked(at) {
                    last = at;
                    gap = 0;
                } else {
                    gap += 1;
                    if gap > max_gap {
                        return last;
                    }
                }
            }
        };
        let (from, to) = if horizontal { (line.x0, line.x1) } else { (line.y0, line.y1) };
        let start = walk((from as usize).min(length.saturating_sub(1)), false);
        let end = walk((to as usize).saturating_sub(1).min(length.saturating_sub(1)), true) + 1;
        if horizontal {
            (line.x0, line.x1) = (start as f32, end as f32);
        } else {
            (line.y0, line.y1) = (start as f32, end as f32);
        }
    }
}

/// `lines` with those that coincide — found twice, as pieces of one line a little off straight
/// are, then carried on to the same ends — made one: lines of one direction whose middles are
/// within their bands and which overlap along most of the shorter one.
pub fn one_each(mut lines: Vec<Line>) -> Vec<Line> {
    let horizontal = |l: &Line| l.y0 == l.y1;
    let (middle, from, to) = (
        |l: &Line| if l.y0 == l.y1 { l.y0 } else { l.x0 },
        |l: &Line| if l.y0 == l.y1 { l.x0 } else { l.y0 },
        |l: &Line| if l.y0 == l.y1 { l.x1 } else { l.y1 },
    );
    lines.sort_by(|a, b| horizontal(b).cmp(&horizontal(a)).then(middle(a).total_cmp(&middle(b))));
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    for line in lines {
        let same = out.iter_mut().rev().take_while(|o| horizontal(o) == horizontal(&line)).find(|o| {
            let near = (middle(o) - middle(&line)).abs() <= (o.thickness.max(line.thickness) / 2 + 1) as f32;
            let overlap = to(o).min(to(&line)) - from(o).max(from(&line));
            near && overlap >= 0.5 * (to(o) - from(o)).min(to(&line) - from(&line))
        });
        match same {
            Some(o) => {
                let (low, high) = (from(o).min(from(&line)), to(o).max(to(&line)));
                let band_low = (middle(o) - (o.thickness / 2) as f32).min(middle(&line) - (line.thickness / 2) as f32);
                let band_high = (middle(o) + (o.thickness / 2) as f32).max(middle(&line) + (line.thickness / 2) as f32);
                let (centre, thickness) = ((band_low + band_high) / 2.0, (band_high - band_low) as usize + 1);
                *o = if horizontal(o) {
                    Line { x0: low, x1: high, y0: centre, y1: centre, thickness }
                } else {
                    Line { x0: centre, x1: centre, y0: low, y1: high, thickness }
                };
            }
            None => out.push(line),
        }
    }
    out
}

/// A table the scan cut at the image's edge closed there: where two or more lines of one
/// direction that a line across meets (lines of a grid, not the dark border of a scan) run out
/// within `inch(0.03)` of an edge of a `width` × `height` image, and no line across them stands
/// there, a line across them is added along their ends (from the first to the last of them).
/// The cells the cut left open then hold their text.
pub fn close_at_edges(lines: &mut Vec<Line>, width: usize, height: usize, dpi: f32) {
    let near = (dpi * 0.03).max(2.0);
    let mut added = Vec::new();
    for horizontal in [true, false] {
        let size = if horizontal { width } else { height } as f32;
        for at_end in [false, true] {
            let end = |l: &Line| match (horizontal, at_end) {
                (true, false) => l.x0,
                (true, true) => l.x1,
                (false, false) => l.y0,
                (false, true) => l.y1,
            };
            let cut: Vec<&Line> = lines
                .iter()
                .filter(|l| (l.y0 == l.y1) == horizontal)
                .filter(|l| if at_end { end(l) >= size - near } else { end(l) <= near })
                .filter(|l| lines.iter().any(|m| meet(l, m, near)))
                .collect();
            if cut.len() < 2 {
                continue;
            }
            let across = |l: &Line| if horizontal { l.y0 } else { l.x0 };
            let first = cut.iter().map(|l| across(l)).fold(f32::MAX, f32::min);
            let last = cut.iter().map(|l| across(l)).fold(f32::MIN, f32::max);
            let edge = cut.iter().map(|l| end(l)).sum::<f32>() / cut.len() as f32;
            let closed = lines.iter().any(|l| {
                (l.y0 == l.y1) != horizontal && {
                    let (at, from, to) = if horizontal { (l.x0, l.y0, l.y1) } else { (l.y0, l.x0, l.x1) };
                    (at - edge).abs() <= 2.0 * near && from <= first + near && to >= last - near
                }
            });
            if !closed {
                let edge = edge.clamp(0.0, size - 1.0);
                added.push(if horizontal {
                    Line { x0: edge, x1: edge, y0: first, y1: last, thickness: 1 }
                } else {
                    Line { x0: first, x1: last, y0: edge, y1: edge, thickness: 1 }
                });
            }
        }
    }
    lines.extend(added);
}

/// A table's row that a page break left open closed there: where three or more vertical lines
/// of a grid (each meeting a line across) run out together (within `inch(0.1)`) at least
/// `inch(0.15)` past the last line across them, in the lower half of a page `height` tall (or
/// start together before the first, in the upper half, for a row carried over), and no line
/// across them stands there, a line across them is added along their ends. The words of the
/// row split by the page break then stand in cells of their own.
pub fn close_at_page_break(lines: &mut Vec<Line>, height: usize, dpi: f32) {
    let (near, together, open) = ((dpi * 0.03).max(2.0), dpi * 0.1, dpi * 0.15);
    let height = height as f32;
    let verticals: Vec<&Line> = lines.iter().filter(|l| l.x0 == l.x1 && lines.iter().any(|m| m.y0 == m.y1 && meet(l, m, near))).collect();
    let mut added = Vec::new();
    for at_bottom in [true, false] {
        let end = |l: &Line| if at_bottom { l.y1 } else { -l.y0 };
        let Some(outermost) = verticals.iter().map(|l| end(l)).reduce(f32::max) else { continue };
        let group: Vec<&&Line> = verticals.iter().filter(|l| end(l) >= outermost - together).collect();
        let y = group.iter().map(|l| if at_bottom { l.y1 } else { l.y0 }).sum::<f32>() / group.len().max(1) as f32;
        let (first, last) = group.iter().fold((f32::MAX, f32::MIN), |(a, b), l| (a.min(l.x0), b.max(l.x0)));
        let in_its_half = if at_bottom { y >= height / 2.0 } else { y <= height / 2.0 };
        if group.len() < 3 || !in_its_half {
            continue;
        }
        // the line across the group (meeting two of its lines at least) nearest its ends
        let across = lines.iter().filter(|h| h.y0 == h.y1 && group.iter().filter(|v| meet(v, h, near)).count() >= 2).map(|h| h.y0);
        let nearest = if at_bottom { across.reduce(f32::max) } else { across.reduce(f32::min) };
        let left_open = nearest.is_some_and(|h| (y - h).abs() >= open);
        if left_open {
            added.push(Line { x0: first, x1: last, y0: y, y1: y, thickness: 1 });
        }
    }
    lines.extend(added);
}

/// Whether a line `a` and a line `b` across it cross or touch (within `near`).
fn meet(a: &Line, b: &Line, near: f32) -> bool {
    let (h, v) = match (a.y0 == a.y1, b.y0 == b.y1) {
        (true, false) => (a, b),
        (false, true) => (b, a),
        _ => return false,
    };
    v.x0 >= h.x0 - near && v.x0 <= h.x1 + near && h.y0 >= v.y0 - near && h.y0 <= v.y1 + near
}

/// `image` with `lines` painted over in paper (a pixel more on each side for the edge).
pub fn erase(image: &mut Gray, lines: &[Line]) {
    for line in lines {
        let half = line.thickness / 2 + 2;
        if line.y0 == line.y1 {
            let y = line.y0 as usize;
            for yy in y.saturating_sub(half)..(y + half).min(image.height) {
                for x in (line.x0 as usize)..(line.x1 as usize).min(image.width) {
                    image.pixels[yy * image.width + x] = 255;
                }
            }
        } else {
            let x = line.x0 as usize;
            for y in (line.y0 as usize)..(line.y1 as usize).min(image.height) {
                for xx in x.saturating_sub(half)..(x + half).min(image.width) {
                    image.pixels[y * image.width + xx] = 255;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_found_in_pieces_is_carried_on_along_its_faint_ink() {
        // a vertical line at x = 50 from y = 10 to 190, dark only on 10..60 and 120..140, faint
        // elsewhere (broken every 3 pixels); a letter's stroke beside it is not taken in
        let mut faint = Gray::new(100, 200, 255);
        for y in 10..190 {
            if y % 3 != 0 {
                faint.pixels[y * 100 + 50] = 0;
            }
        }
        for y in 192..197 {
            faint.pixels[y * 100 + 70] = 0;
        }
        let mut lines = vec![
            Line { x0: 50.5, x1: 50.5, y0: 10.0, y1: 60.0, thickness: 1 },
            Line { x0: 50.5, x1: 50.5, y0: 120.0, y1: 140.0, thickness: 1 },
        ];
        extend(&mut lines, &faint, 100.0);
        for line in &lines {
            // its last ink is on row 188
            assert_eq!((line.y0, line.y1), (10.0, 189.0), "{line:?}");
        }
    }

    #[test]
    fn a_ruled_grid_is_found_and_its_text_kept() {
        // a 2 × 2 grid at 100 dpi, lines 2 px thick with a break of 1 px, a «letter» inside
        let mut page = Gray::new(300, 200, 255);
        for y in [20usize, 100, 180] {
            for x in 20..281 {
                if x != 150 {
                    page.pixels[y * 300 + x] = 0;
                    page.pixels[(y + 1) * 300 + x] = 0;
                }
            }
        }
        for x in [20usize, 150, 280] {
            for y in 20..182 {
                page.pixels[y * 300 + x] = 0;
            }
        }
        for y in 50..60 {
            page.pixels[y * 300 + 60] = 0;
        }
        let lines = find(&page, 100.0);
        let horizontal = lines.iter().filter(|l| l.y0 == l.y1).count();
        let vertical = lines.iter().filter(|l| l.x0 == l.x1).count();
        assert_eq!((horizontal, vertical), (3, 3), "{lines:?}");
        erase(&mut page, &lines);
        assert_eq!(page.get(60, 55), 0, "the letter stays");
        assert_eq!(page.get(100, 20), 255, "the line is gone");
    }

    #[test]
    fn a_thin_line_a_little_off_straight_is_found_once() {
        // a vertical line 2 px thick, 1 700 px long, stepping 9 px across (0.3°), as a page
        // straightened by its text leaves a table's lines; at 225 dpi a line may be 9 px thick
        let mut page = Gray::new(100, 1800, 255);
        for y in 50..1750 {
            let x = 40 + (y - 50) * 9 / 1700;
            page.pixels[y * 100 + x] = 0;
            page.pixels[y * 100 + x + 1] = 0;
        }
        let lines = one_each(find(&page, 225.0));
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].y0 <= 51.0 && lines[0].y1 >= 1749.0, "{lines:?}");
        erase(&mut page, &lines);
        assert!(page.pixels.iter().all(|&p| p == 255), "the whole line is erased");
        // a solid bar as wide is no line
        let mut bar = Gray::new(100, 400, 255);
        for y in 50..350 {
            for x in 40..52 {
                bar.pixels[y * 100 + x] = 0;
            }
        }
        assert!(find(&bar, 225.0).is_empty());
    }

    #[test]
    fn a_table_cut_at_the_edge_of_the_scan_is_closed_there() {
        // a grid whose rows run out at the right edge of a 500 px wide image, and the dark
        // border of the scan down its left edge
        let h = |y: f32| Line { x0: 100.0, x1: 497.0, y0: y, y1: y, thickness: 3 };
        let v = |x: f32, y0: f32, y1: f32| Line { x0: x, x1: x, y0, y1, thickness: 3 };
        let mut lines = vec![h(100.0), h(200.0), h(300.0), v(100.0, 100.0, 300.0), v(250.0, 100.0, 300.0), v(3.0, 0.0, 700.0)];
        close_at_edges(&mut lines, 500, 700, 200.0);
        let added: Vec<&Line> = lines.iter().skip(6).collect();
        assert_eq!(added.len(), 1, "{added:?}");
        assert_eq!((added[0].x0, added[0].y0, added[0].y1), (497.0, 100.0, 300.0));
        // a table closed at the edge gets nothing more
        close_at_edges(&mut lines, 500, 700, 200.0);
        assert_eq!(lines.len(), 7);
    }

    #[test]
    fn a_row_a_page_break_left_open_is_closed_along_the_ends_of_its_lines() {
        // a grid on a 1000 px tall page at 100 dpi whose three columns' lines run on 150 px
        // past its last line across, to 850, where the row goes on to the next page
        let h = |y: f32| Line { x0: 100.0, x1: 700.0, y0: y, y1: y, thickness: 2 };
        let v = |x: f32, y1: f32| Line { x0: x, x1: x, y0: 300.0, y1, thickness: 2 };
        let mut lines = vec![h(300.0), h(500.0), h(700.0), v(100.0, 850.0), v(300.0, 852.0), v(700.0, 848.0)];
        close_at_page_break(&mut lines, 1000, 100.0);
        let added: Vec<(f32, f32, f32)> = lines.iter().skip(6).map(|l| (l.x0, l.x1, l.y0)).collect();
        assert_eq!(added, [(100.0, 700.0, 850.0)]);
        // closed, it gets nothing more; nor does a grid whose lines end on its last line
        close_at_page_break(&mut lines, 1000, 100.0);
        assert_eq!(lines.len(), 7);
        let mut closed = vec![h(300.0), h(500.0), h(700.0), v(100.0, 700.0), v(300.0, 701.0), v(700.0, 700.0)];
        close_at_page_break(&mut closed, 1000, 100.0);
        assert_eq!(closed.len(), 6);
    }
}
