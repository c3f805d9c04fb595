//! Ruling segments → table grids with merged cells.
//!
//! Collinear pieces are merged; segments that touch form a component; a component with at
//! least two horizontal and two vertical lines is a table. Its grid columns and rows are the
//! distinct x of its verticals and y of its horizontals; two neighbouring grid boxes belong
//! to the same cell when no ruling separates them, so merged cells come out as spans.

use crate::content::Segment;

/// Positions closer than this are one line.
const SNAP: f32 = 2.5;
/// Collinear pieces with a gap up to this are one line.
const JOIN: f32 = 3.0;

/// A cell of a [`Grid`]: grid position, spans and its box in page space.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GridCell {
    pub row: usize,
    pub col: usize,
    pub row_span: usize,
    pub col_span: usize,
    pub x0: f32,
    pub x1: f32,
    /// Bottom and top.
    pub y0: f32,
    pub y1: f32,
}

/// A ruled table on one page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Grid {
    /// Column boundaries, left to right.
    pub xs: Vec<f32>,
    /// Row boundaries, top to bottom.
    pub ys: Vec<f32>,
    /// Cells in reading order (row, then column).
    pub cells: Vec<GridCell>,
    /// For each grid box (row-major), the index of its cell.
    owner: Vec<usize>,
}

impl Grid {
    pub fn rows(&self) -> usize {
        self.ys.len().saturating_sub(1)
    }

    pub fn columns(&self) -> usize {
        self.xs.len().saturating_sub(1)
    }

    pub fn contains(&self, x: f32, y: f32) -> bool {
        let (Some(left), Some(right), Some(top), Some(bottom)) = (self.xs.first(), self.xs.last(), self.ys.first(), self.ys.last()) else {
            return false;
        };
        x >= *left && x <= *right && y <= *top && y >= *bottom
    }

    pub fn top(&self) -> f32 {
        self.ys.first().copied().unwrap_or(0.0)
    }

    pub fn bottom(&self) -> f32 {
        self.ys.last().copied().unwrap_or(0.0)
    }

    /// Cell `index`, spanning several columns, made one cell per column (for a row whose
    /// separators a scan lost, its text standing in the columns). Indices of later cells grow.
    pub fn split_columns(&mut self, index: usize) {
        let Some(cell) = self.cells.get(index).cloned() else { return };
        if cell.col_span < 2 {
            return;
        }
        let parts = (cell.col..cell.col + cell.col_span).map(|col| GridCell {
            col,
            col_span: 1,
            x0: self.xs.get(col).copied().unwrap_or(cell.x0),
            x1: self.xs.get(col + 1).copied().unwrap_or(cell.x1),
            ..cell.clone()
        });
        self.cells.splice(index..=index, parts);
        let cols = self.columns();
        for (i, c) in self.cells.iter().enumerate() {
            for r in c.row..c.row + c.row_span {
                for k in c.col..c.col + c.col_span {
                    if let Some(o) = self.owner.get_mut(r * cols + k) {
                        *o = i;
                    }
                }
            }
        }
    }

    /// The cell under a point inside the grid.
    pub fn cell_at(&self, x: f32, y: f32) -> Option<usize> {
        if !self.contains(x, y) {
            return None;
        }
        let col = self.xs.iter().skip(1).position(|b| x <= *b)?;
        let row = self.ys.iter().skip(1).position(|b| y >= *b)?;
        self.owner.get(row * self.columns() + col).copied()
    }
}

/// Merge collinear, overlapping or nearly touching segments.
fn merge(mut segments: Vec<Segment>, horizontal: bool) -> Vec<Segment> {
    let key = |s: &Segment| if horizontal { s.y0 } else { s.x0 };
    let (start, end) = (|s: &Segment| if horizontal { s.x0 } else { s.y0 }, |s: &Segment| if horizontal { s.x1 } else { s.y1 });
    segments.sort_by(|a, b| key(a).total_cmp(&key(b)).then(start(a).total_cmp(&start(b))));
    let mut lines: Vec<Vec<Segment>> = Vec::new();
    for s in segments {
        match lines.last_mut() {
            Some(line) if line.first().is_some_and(|f| (key(f) - key(&s)).abs() <= SNAP / 2.0) => line.push(s),
            _ => lines.push(vec![s]),
        }
    }
    let mut out = Vec::new();
    for mut line in lines {
        let at = line.iter().map(key).sum::<f32>() / line.len() as f32;
        line.sort_by(|a, b| start(a).total_cmp(&start(b)));
        let mut current: Option<(f32, f32)> = None;
        for s in line {
            current = match current {
                Some((a, b)) if start(&s) <= b + JOIN => Some((a, b.max(end(&s)))),
                Some((a, b)) => {
                    out.push(make(at, a, b, horizontal));
                    Some((start(&s), end(&s)))
                }
                None => Some((start(&s), end(&s))),
            };
        }
        if let Some((a, b)) = current {
            out.push(make(at, a, b, horizontal));
        }
    }
    out
}

fn make(at: f32, from: f32, to: f32, horizontal: bool) -> Segment {
    if horizontal {
        Segment { x0: from, x1: to, y0: at, y1: at }
    } else {
        Segment { x0: at, x1: at, y0: from, y1: to }
    }
}

fn touches(h: &Segment, v: &Segment) -> bool {
    v.x0 >= h.x0 - SNAP && v.x0 <= h.x1 + SNAP && h.y0 >= v.y0 - SNAP && h.y0 <= v.y1 + SNAP
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Group positions in ascending order: a value within `tolerance` of its group's first joins it.
pub(crate) fn groups(mut values: Vec<f32>, tolerance: f32) -> Vec<Vec<f32>> {
    values.sort_by(f32::total_cmp);
    let mut out: Vec<Vec<f32>> = Vec::new();
    for v in values {
        match out.last_mut() {
            Some(g) if g.first().is_some_and(|f| v - f <= tolerance) => g.push(v),
            _ => out.push(vec![v]),
        }
    }
    out
}

/// Positions within [`SNAP`] of each other become their mean.
fn cluster(values: Vec<f32>) -> Vec<f32> {
    groups(values, SNAP).iter().map(|g| g.iter().sum::<f32>() / g.len() as f32).collect()
}

/// Every table the segments of a page draw, top to bottom.
pub(crate) fn grids(segments: &[Segment]) -> Vec<Grid> {
    let horizontal = merge(segments.iter().filter(|s| s.is_horizontal()).copied().collect(), true);
    let vertical = merge(segments.iter().filter(|s| !s.is_horizontal()).copied().collect(), false);
    let n = horizontal.len() + vertical.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for (i, h) in horizontal.iter().enumerate() {
        for (j, v) in vertical.iter().enumerate() {
            if touches(h, v) {
                let (a, b) = (find(&mut parent, i), find(&mut parent, horizontal.len() + j));
                parent[a] = b;
            }
        }
    }
    let mut components: std::collections::BTreeMap<usize, (Vec<Segment>, Vec<Segment>)> = Default::default();
    for i in 0..n {
        let root = find(&mut parent, i);
        let entry = components.entry(root).or_default();
        if i < horizontal.len() {
            entry.0.push(horizontal[i]);
        } else {
            entry.1.push(vertical[i - horizontal.len()]);
        }
    }
    let mut out: Vec<Grid> =
        components.into_values().filter(|(h, v)| h.len() >= 2 && v.len() >= 2).filter_map(|(h, v)| build(&h, &v)).collect();
    out.sort_by(|a, b| b.top().total_cmp(&a.top()));
    out
}

/// A grid whose every box is its own cell, for a table read from text alignment.
pub(crate) fn regular(xs: &[f32], ys: &[f32]) -> Option<Grid> {
    let (left, right, top, bottom) = (*xs.first()?, *xs.last()?, *ys.first()?, *ys.last()?);
    let horizontal: Vec<Segment> = ys.iter().map(|y| Segment { x0: left, x1: right, y0: *y, y1: *y }).collect();
    let vertical: Vec<Segment> = xs.iter().map(|x| Segment { x0: *x, x1: *x, y0: bottom, y1: top }).collect();
    build(&horizontal, &vertical)
}

fn build(horizontal: &[Segment], vertical: &[Segment]) -> Option<Grid> {
    let xs = cluster(vertical.iter().map(|v| v.x0).collect());
    let mut ys = cluster(horizontal.iter().map(|h| h.y0).collect());
    ys.reverse();
    let (rows, cols) = (ys.len().checked_sub(1)?, xs.len().checked_sub(1)?);
    if rows == 0 || cols == 0 || rows * cols == 1 || rows * cols > 250_000 {
        return None;
    }
    // A ruling separates box (r, c) from its right neighbour / from the box below.
    let wall_right = |r: usize, c: usize| {
        let (x, mid) = (xs[c + 1], (ys[r] + ys[r + 1]) / 2.0);
        vertical.iter().any(|v| (v.x0 - x).abs() <= SNAP && v.y0 - SNAP <= mid && mid <= v.y1 + SNAP)
    };
    let wall_below = |r: usize, c: usize| {
        let (y, mid) = (ys[r + 1], (xs[c] + xs[c + 1]) / 2.0);
        horizontal.iter().any(|h| (h.y0 - y).abs() <= SNAP && h.x0 - SNAP <= mid && mid <= h.x1 + SNAP)
    };
    let mut parent: Vec<usize> = (0..rows * cols).collect();
    for r in 0..rows {
        for c in 0..cols {
            let i = r * cols + c;
            if c + 1 < cols && !wall_right(r, c) {
                let (a, b) = (find(&mut parent, i), find(&mut parent, i + 1));
                parent[a.max(b)] = a.min(b);
            }
            if r + 1 < rows && !wall_below(r, c) {
                let (a, b) = (find(&mut parent, i), find(&mut parent, i + cols));
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut cells: Vec<GridCell> = Vec::new();
    let mut cell_of_root: std::collections::HashMap<usize, usize> = Default::default();
    let mut owner = vec![0; rows * cols];
    for r in 0..rows {
        for c in 0..cols {
            let root = find(&mut parent, r * cols + c);
            let index = *cell_of_root.entry(root).or_insert_with(|| {
                cells.push(GridCell { row: r, col: c, row_span: 1, col_span: 1, x0: xs[c], x1: xs[c + 1], y0: ys[r + 1], y1: ys[r] });
                cells.len() - 1
            });
            owner[r * cols + c] = index;
            let cell = &mut cells[index];
            cell.row_span = cell.row_span.max(r + 1 - cell.row);
            // a region that is not a rectangle (walls broken into an L) may reach further left
            // in a lower row than where it was first met: its box takes in both
            let col_end = (cell.col + cell.col_span).max(c + 1);
            cell.col = cell.col.min(c);
            cell.col_span = col_end - cell.col;
            cell.x0 = cell.x0.min(xs[c]);
            cell.x1 = cell.x1.max(xs[c + 1]);
            cell.y0 = cell.y0.min(ys[r + 1]);
        }
    }
    Some(Grid { xs, ys, cells, owner })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(y: f32, x0: f32, x1: f32) -> Segment {
        Segment { x0, x1, y0: y, y1: y }
    }

    fn v(x: f32, y0: f32, y1: f32) -> Segment {
        Segment { x0: x, x1: x, y0, y1 }
    }

    #[test]
    fn merges_collinear_pieces() {
        let merged = merge(vec![h(10.0, 0.0, 50.0), h(10.3, 51.0, 100.0), h(10.0, 200.0, 300.0)], true);
        assert_eq!(merged.len(), 2);
        assert_eq!((merged[0].x0, merged[0].x1), (0.0, 100.0));
    }

    #[test]
    fn grid_with_a_merged_header_and_a_vertical_span() {
        // 3 columns × 3 rows; row 0 spans columns 1–2; column 0 spans rows 1–2.
        let segments = vec![
            h(300.0, 0.0, 300.0),
            h(200.0, 0.0, 300.0),
            h(100.0, 100.0, 300.0),
            h(0.0, 0.0, 300.0),
            v(0.0, 0.0, 300.0),
            v(100.0, 0.0, 300.0),
            v(200.0, 0.0, 200.0),
            v(300.0, 0.0, 300.0),
        ];
        let grids = grids(&segments);
        assert_eq!(grids.len(), 1);
        let g = &grids[0];
        assert_eq!((g.rows(), g.columns()), (3, 3));
        let spans: Vec<_> = g.cells.iter().map(|c| (c.row, c.col, c.row_span, c.col_span)).collect();
        assert_eq!(spans, vec![(0, 0, 1, 1), (0, 1, 1, 2), (1, 0, 2, 1), (1, 1, 1, 1), (1, 2, 1, 1), (2, 1, 1, 1), (2, 2, 1, 1)]);
        assert_eq!(g.cell_at(250.0, 250.0), Some(1));
        assert_eq!(g.cell_at(50.0, 50.0), Some(2));
        assert_eq!(g.cell_at(400.0, 50.0), None);
    }

    #[test]
    fn a_cell_shaped_like_an_l_spans_all_it_reaches() {
        // 4 columns × 2 rows; the top right cell opens down into a bottom row whose cells 1–3
        // have no walls between them: one region, met first at its top right
        let segments = vec![
            h(200.0, 0.0, 400.0),
            h(100.0, 0.0, 300.0),
            h(0.0, 0.0, 400.0),
            v(0.0, 0.0, 200.0),
            v(100.0, 0.0, 200.0),
            v(200.0, 100.0, 200.0),
            v(300.0, 100.0, 200.0),
            v(400.0, 0.0, 200.0),
        ];
        let grids = grids(&segments);
        assert_eq!(grids.len(), 1);
        let l = grids[0].cells.iter().find(|c| c.row_span == 2).expect("the L");
        assert_eq!((l.col, l.col_span, l.x0, l.x1), (1, 3, 100.0, 400.0));
    }

    #[test]
    fn boxes_drawn_with_re_share_edges() {
        // Word-style: every cell its own rectangle, edges drawn twice.
        let mut segments = Vec::new();
        for (x0, x1) in [(0.0, 80.0), (80.0, 200.0)] {
            for (y0, y1) in [(0.0, 20.0), (20.0, 40.0)] {
                segments.extend([h(y0, x0, x1), h(y1, x0, x1), v(x0, y0, y1), v(x1, y0, y1)]);
            }
        }
        let grids = grids(&segments);
        assert_eq!(grids.len(), 1);
        assert_eq!(grids[0].cells.len(), 4);
    }

    #[test]
    fn a_frame_or_stray_lines_are_not_tables() {
        let frame = vec![h(0.0, 0.0, 100.0), h(50.0, 0.0, 100.0), v(0.0, 0.0, 50.0), v(100.0, 0.0, 50.0)];
        assert!(grids(&frame).is_empty());
        assert!(grids(&[h(0.0, 0.0, 100.0), h(20.0, 0.0, 100.0)]).is_empty());
    }
}
