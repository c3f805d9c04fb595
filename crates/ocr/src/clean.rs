//! A scanned page made fit for recognition: gray resampled to a working resolution, made black
//! and white by Sauvola's local threshold (fit for uneven scans), and straightened.
//!
//! In: a [`Gray`] page image and its resolution. Out: a binary image (0 ink, 255 paper) at
//! about 300 dpi, with the skew angle it was turned by.

use crate::image::Gray;

/// Low-resolution scans (150 dpi is common) are enlarged to this resolution before recognition
/// (300 would read no better in the tests and take half as long again).
pub const MIN_DPI: f32 = 225.0;

/// Scans finer than this are reduced to [`REDUCED_DPI`].
pub const MAX_DPI: f32 = 450.0;
pub const REDUCED_DPI: f32 = 300.0;

/// Skew searched for, in degrees either way.
const MAX_SKEW: f32 = 3.0;

/// `image` scaled by `factor` and turned by `degrees` about its centre in one pass
/// (bilinear, so a thin line stays whole), paper where nothing maps.
pub fn warp(image: &Gray, factor: f32, degrees: f32) -> Gray {
    let width = ((image.width as f32 * factor).round() as usize).max(1);
    let height = ((image.height as f32 * factor).round() as usize).max(1);
    let mut out = Gray::new(width, height, 255);
    let (sin, cos) = degrees.to_radians().sin_cos();
    let (src_cx, src_cy) = (image.width as f32 / 2.0, image.height as f32 / 2.0);
    let (dst_cx, dst_cy) = (width as f32 / 2.0, height as f32 / 2.0);
    let (max_x, max_y) = ((image.width - 1) as f32, (image.height - 1) as f32);
    let w = image.width;
    let p = &image.pixels;
    // the source of (x, y): turned back, then scaled back; linear in x along a row
    let (step_x, step_y) = (cos / factor, sin / factor);
    for (y, row) in out.pixels.chunks_mut(width).enumerate() {
        let dy = y as f32 + 0.5 - dst_cy;
        let dx0 = 0.5 - dst_cx;
        let mut sx = src_cx + (dx0 * cos - dy * sin) / factor - 0.5;
        let mut sy = src_cy + (dx0 * sin + dy * cos) / factor - 0.5;
        for pixel in row.iter_mut() {
            if sx >= 0.0 && sy >= 0.0 && sx < max_x && sy < max_y {
                let (x0, y0) = (sx as usize, sy as usize);
                let i = y0 * w + x0;
                let (top_left, top_right, bottom_left, bottom_right) = (p[i], p[i + 1], p[i + w], p[i + w + 1]);
                // between four equal pixels (paper, mostly) the value is theirs
                *pixel = if top_left == top_right && top_left == bottom_left && top_left == bottom_right {
                    top_left
                } else {
                    let (fx, fy) = (sx - x0 as f32, sy - y0 as f32);
                    let top = f32::from(top_left) + (f32::from(top_right) - f32::from(top_left)) * fx;
                    let bottom = f32::from(bottom_left) + (f32::from(bottom_right) - f32::from(bottom_left)) * fx;
                    (top + (bottom - top) * fy + 0.5) as u8
                };
            }
            sx += step_x;
            sy += step_y;
        }
    }
    out
}

/// Black and white images of a page: the text's ink, and the faint ink of ruling lines.
pub struct Binarized {
    /// Sauvola's threshold, made for text.
    pub ink: Gray,
    /// Pixels darker than their neighbourhood's mean by [`FAINT`] of it: a light or thin ruling
    /// line (a low-resolution scan's one-pixel line, enlarged) that Sauvola's threshold breaks
    /// into pieces, for finding lines only.
    pub faint: Gray,
}

/// How much darker than its neighbourhood a pixel of a faint line is, as a share of the mean.
const FAINT: f64 = 0.1;

/// Sauvola's threshold: a pixel is ink when darker than `m · (1 + k · (s / 128 − 1))`, with
/// `m` and `s` the mean and deviation of its `window` × `window` neighbourhood (and faint ink
/// when darker than `m · (1 − FAINT)`). The statistics are taken over blocks of 4 × 4 pixels
/// (integral images of the block sums), so the cost is a pass over the pixels whatever the
/// window, and the memory a sixteenth of the image's; a pixel's threshold is interpolated
/// between the blocks around it.
pub fn binarize(image: &Gray, window: usize) -> Binarized {
    const K: f64 = 0.2;
    const BLOCK: usize = 4;
    let (w, h) = (image.width, image.height);
    let (bw, bh) = (w.div_ceil(BLOCK), h.div_ceil(BLOCK));
    // sums and squares per block
    let mut sum = vec![0u64; bw * bh];
    let mut squares = vec![0u64; bw * bh];
    let mut count = vec![0u32; bw * bh];
    for y in 0..h {
        let row = &image.pixels[y * w..(y + 1) * w];
        let base = (y / BLOCK) * bw;
        for (b, part) in (base..).zip(row.chunks(BLOCK)) {
            let (s, q) = part.iter().fold((0u32, 0u32), |(s, q), &v| (s + u32::from(v), q + u32::from(v) * u32::from(v)));
            sum[b] += u64::from(s);
            squares[b] += u64::from(q);
            count[b] += part.len() as u32;
        }
    }
    // integral images over blocks
    let stride = bw + 1;
    let mut isum = vec![0u64; stride * (bh + 1)];
    let mut isq = vec![0u64; stride * (bh + 1)];
    let mut icount = vec![0u64; stride * (bh + 1)];
    for by in 0..bh {
        let (mut rs, mut rq, mut rc) = (0u64, 0u64, 0u64);
        for bx in 0..bw {
            let b = by * bw + bx;
            rs += sum[b];
            rq += squares[b];
            rc += u64::from(count[b]);
            let i = (by + 1) * stride + bx + 1;
            isum[i] = isum[i - stride] + rs;
            isq[i] = isq[i - stride] + rq;
            icount[i] = icount[i - stride] + rc;
        }
    }
    let half = (window / BLOCK / 2).max(1);
    let mut thresholds = vec![0u8; bw * bh];
    let mut faint_thresholds = vec![0u8; bw * bh];
    for by in 0..bh {
        let (top, bottom) = (by.saturating_sub(half), (by + half + 1).min(bh));
        for bx in 0..bw {
            let (left, right) = (bx.saturating_sub(half), (bx + half + 1).min(bw));
            let area =
                |t: &[u64]| t[bottom * stride + right] + t[top * stride + left] - t[top * stride + right] - t[bottom * stride + left];
            let n = area(&icount).max(1) as f64;
            let mean = area(&isum) as f64 / n;
            let variance = (area(&isq) as f64 / n - mean * mean).max(0.0);
            let threshold = mean * (1.0 + K * (variance.sqrt() / 128.0 - 1.0));
            thresholds[by * bw + bx] = threshold.clamp(0.0, 235.0) as u8;
            faint_thresholds[by * bw + bx] = (mean * (1.0 - FAINT)).clamp(0.0, 235.0) as u8;
        }
    }
    // each pixel's threshold between those of the four nearest block centres; a pixel at least
    // as light as the highest faint-ink threshold of those four is paper whatever they
    // interpolate to (and so not ink either: ink is asked of faint ink only)
    let mut ink = Gray::new(w, h, 255);
    let mut faint = Gray::new(w, h, 255);
    let at = |t: &[u8], bx: usize, by: usize| f32::from(t[by.min(bh - 1) * bw + bx.min(bw - 1)]);
    let between = |t: &[u8], bx: usize, by: usize, tx: f32, ty: f32| {
        let top = at(t, bx, by) + (at(t, bx + 1, by) - at(t, bx, by)) * tx;
        let bottom = at(t, bx, by + 1) + (at(t, bx + 1, by + 1) - at(t, bx, by + 1)) * tx;
        top + (bottom - top) * ty
    };
    let half_block = BLOCK as f32 / 2.0;
    let place = |v: usize| {
        let f = ((v as f32 + 0.5 - half_block) / BLOCK as f32).max(0.0);
        (f as usize, f.fract())
    };
    let columns: Vec<(usize, f32)> = (0..w).map(place).collect();
    let mut lightest = vec![0u8; bw];
    for y in 0..h {
        let (by, ty) = place(y);
        for (bx, bound) in lightest.iter_mut().enumerate() {
            let corner = |dx: usize, dy: usize| faint_thresholds[(by + dy).min(bh - 1) * bw + (bx + dx).min(bw - 1)];
            *bound = corner(0, 0).max(corner(1, 0)).max(corner(0, 1)).max(corner(1, 1));
        }
        let row = &image.pixels[y * w..(y + 1) * w];
        for (x, (&pixel, &(bx, tx))) in row.iter().zip(&columns).enumerate() {
            if pixel >= lightest[bx] {
                continue;
            }
            let value = f32::from(pixel);
            if value < between(&faint_thresholds, bx, by, tx, ty) {
                faint.pixels[y * w + x] = 0;
                if value < between(&thresholds, bx, by, tx, ty) {
                    ink.pixels[y * w + x] = 0;
                }
            }
        }
    }
    Binarized { ink, faint }
}

/// The skew of a page (gray or binary: pixels darker than the middle are ink) in degrees, as
/// [`rotate`] turns (so `rotate(page, -skew)` straightens it), from the
/// angle at which the rows of ink line up best (the variance of the projection profile).
pub fn skew(binary: &Gray) -> f32 {
    // ink pixels of a reduced page
    let step = (binary.width / 800).max(1);
    let mut ink = Vec::new();
    for y in (0..binary.height).step_by(step) {
        for x in (0..binary.width).step_by(step) {
            if binary.pixels[y * binary.width + x] < 128 {
                ink.push((x as f32, y as f32));
            }
        }
    }
    if ink.len() < 100 {
        return 0.0;
    }
    let score = |degrees: f32| -> f64 {
        let (sin, cos) = degrees.to_radians().sin_cos();
        let rows = binary.height + binary.width;
        let mut histogram = vec![0u32; rows / step + 2];
        for &(x, y) in &ink {
            // the row this ink would fall on once the page is turned by `degrees`
            let row = (y * cos + x * sin) / step as f32 + (binary.width / step) as f32 * sin.abs();
            if let Some(bin) = histogram.get_mut(row.max(0.0) as usize) {
                *bin += 1;
            }
        }
        histogram.iter().map(|&n| f64::from(n) * f64::from(n)).sum()
    };
    let best = |from: f32, to: f32, by: f32| -> f32 {
        let mut angle = from;
        let (mut best, mut best_score) = (0.0, f64::MIN);
        while angle <= to + 1e-4 {
            let s = score(angle);
            if s > best_score {
                (best, best_score) = (angle, s);
            }
            angle += by;
        }
        best
    };
    let coarse = best(-MAX_SKEW, MAX_SKEW, 0.25);
    best(coarse - 0.25, coarse + 0.25, 0.05)
}

/// Specks taken out: groups of touching ink pixels (8-connected) of at most `max_pixels`,
/// such as scanner noise, far smaller than the dot of an «і» or a full stop.
pub fn despeckle(binary: &mut Gray, max_pixels: usize) {
    let (w, h) = (binary.width, binary.height);
    let mut seen = vec![false; w * h];
    let mut stack = Vec::new();
    let mut group = Vec::new();
    for start in 0..w * h {
        if seen[start] || binary.pixels[start] != 0 {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        group.clear();
        while let Some(p) = stack.pop() {
            if group.len() <= max_pixels {
                group.push(p);
            }
            let (x, y) = (p % w, p / w);
            for (dx, dy) in [(-1i64, -1i64), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)] {
                let (nx, ny) = (x as i64 + dx, y as i64 + dy);
                if nx < 0 || ny < 0 || nx >= w as i64 || ny >= h as i64 {
                    continue;
                }
                let n = ny as usize * w + nx as usize;
                if !seen[n] && binary.pixels[n] == 0 {
                    seen[n] = true;
                    stack.push(n);
                }
            }
        }
        if group.len() <= max_pixels {
            for &p in &group {
                binary.pixels[p] = 255;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rotate(image: &Gray, degrees: f32) -> Gray {
        warp(image, 1.0, degrees)
    }

    /// A page of horizontal strokes (lines of «text») turned by `degrees`.
    fn ruled_page(degrees: f32) -> Gray {
        let mut page = Gray::new(800, 600, 255);
        for line in 0..12 {
            let y = 60 + line * 40;
            for x in 100..700 {
                for t in 0..6 {
                    page.pixels[(y + t) * 800 + x] = if x % 9 < 6 { 0 } else { 255 };
                }
            }
        }
        let turned = rotate(&page, degrees);
        Gray { pixels: turned.pixels.iter().map(|&p| if p < 128 { 0 } else { 255 }).collect(), ..turned }
    }

    #[test]
    fn the_skew_of_a_turned_page_is_found_and_undone() {
        for degrees in [-2.0f32, -0.7, 0.0, 1.0, 2.5] {
            let turned = ruled_page(degrees);
            let found = skew(&turned);
            assert!((found - degrees).abs() <= 0.15, "turned by {degrees}°, found {found}°");
            assert!(skew(&rotate(&turned, -found)).abs() <= 0.15);
        }
    }

    #[test]
    fn sauvola_keeps_ink_on_an_uneven_background() {
        // a gradient from white to mid gray with dark strokes on it
        let mut page = Gray::new(200, 50, 255);
        for y in 0..50 {
            for x in 0..200 {
                let background = 255 - (x / 2) as u8;
                page.pixels[y * 200 + x] = if (20..26).contains(&y) && x % 20 < 10 { background / 3 } else { background };
            }
        }
        let binary = binarize(&page, 31).ink;
        let ink = |y: usize| (0..200).filter(|&x| binary.get(x, y) == 0).count();
        assert!(ink(22) >= 80, "strokes kept: {}", ink(22));
        assert!(ink(45) <= 5, "background dropped: {}", ink(45));
    }

    #[test]
    fn specks_go_and_full_stops_stay() {
        let mut page = Gray::new(40, 20, 255);
        page.pixels[5 * 40 + 5] = 0; // a speck
        for y in 10..15 {
            for x in 20..25 {
                page.pixels[y * 40 + x] = 0; // a full stop, 5 × 5
            }
        }
        despeckle(&mut page, 8);
        assert_eq!(page.get(5, 5), 255);
        assert_eq!(page.get(22, 12), 0);
    }

    #[test]
    fn warping_doubles_the_size() {
        // the left half black
        let image = Gray { width: 10, height: 10, pixels: (0..100).map(|i| if i % 10 < 5 { 0 } else { 255 }).collect() };
        let twice = warp(&image, 2.0, 0.0);
        assert_eq!((twice.width, twice.height), (20, 20));
        assert_eq!(twice.get(4, 10), 0);
        assert_eq!(twice.get(15, 10), 255);
    }
}
