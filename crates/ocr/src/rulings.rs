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

/// Runs on neighbouring rows that overlap, merged into lines no thicker than `max_thickness`.
fn merge(mut runs: Vec<Run>, horizontal: bool, max_thickness: usize) -> Vec<Line> {
    runs.sort_by_key(|r| (r.across, r.from));
    // open groups: (last row, from, to, first row)
    let mut groups: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut lines = Vec::new();
    let close = |g: (usize, usize, usize, usize), lines: &mut Vec<Line>| {
        let (last, from, to, first) = g;
        let thickness = last - first + 1;
        if thickness <= max_thickness {
            let middle = (first + last) as f32 / 2.0 + 0.5;
            lines.push(if horizontal {
                Line { x0: from as f32, x1: to as f32, y0: middle, y1: middle, thickness }
            } else {
                Line { x0: middle, x1: middle, y0: from as f32, y1: to as f32, thickness }
            });
        }
    };
    for run in runs {
        let mut kept = Vec::with_capacity(groups.len());
        let mut joined = false;
        for g in groups.drain(..) {
            if g.0 + 1 < run.across {
                close(g, &mut lines);
            } else if !joined && run.from < g.2 && g.1 < run.to && g.0 + 1 == run.across {
                kept.push((run.across, g.1.min(run.from), g.2.max(run.to), g.3));
                joined = true;
            } else {
                kept.push(g);
            }
        }
        if !joined {
            kept.push((run.across, run.from, run.to, run.across));
        }
        groups = kept;
    }
    for g in groups {
        close(g, &mut lines);
    }
    lines
}

/// The ruling lines of a page at `dpi`.
pub fn find(image: &Gray, dpi: f32) -> Vec<Line> {
    let inch = |f: f32| (dpi * f).round().max(1.0) as usize;
    // a line is longer than any letter is tall and thinner than any stroke of a heading
    let max_thickness = inch(0.04);
    let mut lines = merge(runs(image, true, inch(0.3), inch(0.01)), true, max_thickness);
    lines.extend(merge(runs(image, false, inch(0.2), inch(0.01)), false, max_thickness));
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
}
