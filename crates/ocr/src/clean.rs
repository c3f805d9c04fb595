//! A scanned page made fit for recognition: gray resampled to a working resolution, made black
//! and white by Sauvola's local threshold (fit for uneven scans), and straightened.
//!
//! In: a [`Gray`] page image and its resolution. Out: a binary image (0 ink, 255 paper) at
//! about 300 dpi, with the skew angle it was turned by.

use crate::image::Gray;

/// The resolution text is recognized at: low-resolution scans are enlarged to it, larger ones
/// reduced.
pub const TARGET_DPI: f32 = 300.0;

/// Skew searched for, in degrees either way.
const MAX_SKEW: f32 = 3.0;

/// `image` resampled by `factor` (bilinear).
pub fn resample(image: &Gray, factor: f32) -> Gray {
    if (factor - 1.0).abs() < 0.05 {
        return image.clone();
    }
    let width = ((image.width as f32 * factor).round() as usize).max(1);
    let height = ((image.height as f32 * factor).round() as usize).max(1);
    let mut out = Gray::new(width, height, 255);
    let (max_x, max_y) = (image.width.saturating_sub(1), image.height.saturating_sub(1));
    for y in 0..height {
        let sy = ((y as f32 + 0.5) / factor - 0.5).clamp(0.0, max_y as f32);
        let (y0, fy) = (sy.floor() as usize, sy.fract());
        let y1 = (y0 + 1).min(max_y);
        for x in 0..width {
            let sx = ((x as f32 + 0.5) / factor - 0.5).clamp(0.0, max_x as f32);
            let (x0, fx) = (sx.floor() as usize, sx.fract());
            let x1 = (x0 + 1).min(max_x);
            let top = f32::from(image.get(x0, y0)) * (1.0 - fx) + f32::from(image.get(x1, y0)) * fx;
            let bottom = f32::from(image.get(x0, y1)) * (1.0 - fx) + f32::from(image.get(x1, y1)) * fx;
            out.pixels[y * width + x] = (top * (1.0 - fy) + bottom * fy).round() as u8;
        }
    }
    out
}

/// Sauvola's threshold: a pixel is ink when darker than `m · (1 + k · (s / 128 − 1))`, with
/// `m` and `s` the mean and deviation of its `window` × `window` neighbourhood (integral
/// images, so the cost does not depend on the window).
pub fn binarize(image: &Gray, window: usize) -> Gray {
    const K: f64 = 0.2;
    let (w, h) = (image.width, image.height);
    let stride = w + 1;
    let mut sum = vec![0u64; stride * (h + 1)];
    let mut squares = vec![0u64; stride * (h + 1)];
    for y in 0..h {
        let (mut row, mut row_squares) = (0u64, 0u64);
        for x in 0..w {
            let v = u64::from(image.pixels[y * w + x]);
            row += v;
            row_squares += v * v;
            sum[(y + 1) * stride + x + 1] = sum[y * stride + x + 1] + row;
            squares[(y + 1) * stride + x + 1] = squares[y * stride + x + 1] + row_squares;
        }
    }
    let half = window / 2;
    let mut out = Gray::new(w, h, 255);
    for y in 0..h {
        let (top, bottom) = (y.saturating_sub(half), (y + half + 1).min(h));
        for x in 0..w {
            let (left, right) = (x.saturating_sub(half), (x + half + 1).min(w));
            let n = ((bottom - top) * (right - left)) as f64;
            let area =
                |t: &[u64]| t[bottom * stride + right] + t[top * stride + left] - t[top * stride + right] - t[bottom * stride + left];
            let mean = area(&sum) as f64 / n;
            let variance = (area(&squares) as f64 / n - mean * mean).max(0.0);
            let threshold = mean * (1.0 + K * (variance.sqrt() / 128.0 - 1.0));
            if f64::from(image.pixels[y * w + x]) < threshold.min(235.0) {
                out.pixels[y * w + x] = 0;
            }
        }
    }
    out
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

/// An image turned by `degrees` about its centre (bilinear, so a thin line stays whole), paper
/// outside.
pub fn rotate(image: &Gray, degrees: f32) -> Gray {
    if degrees.abs() < 0.05 {
        return image.clone();
    }
    let (sin, cos) = degrees.to_radians().sin_cos();
    let (w, h) = (image.width, image.height);
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let mut out = Gray::new(w, h, 255);
    for y in 0..h {
        let dy = y as f32 - cy;
        for x in 0..w {
            let dx = x as f32 - cx;
            // the source of (x, y): turned back
            let sx = cx + dx * cos - dy * sin;
            let sy = cy + dx * sin + dy * cos;
            if sx < 0.0 || sy < 0.0 || sx >= (w - 1) as f32 || sy >= (h - 1) as f32 {
                continue;
            }
            let (x0, y0) = (sx as usize, sy as usize);
            let (fx, fy) = (sx - x0 as f32, sy - y0 as f32);
            let p = |x: usize, y: usize| f32::from(image.pixels[y * w + x]);
            let top = p(x0, y0) * (1.0 - fx) + p(x0 + 1, y0) * fx;
            let bottom = p(x0, y0 + 1) * (1.0 - fx) + p(x0 + 1, y0 + 1) * fx;
            out.pixels[y * w + x] = (top * (1.0 - fy) + bottom * fy).round() as u8;
        }
    }
    out
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
        let binary = binarize(&page, 31);
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
    fn resampling_doubles_the_size() {
        let image = Gray { width: 2, height: 2, pixels: vec![0, 255, 255, 0] };
        let twice = resample(&image, 2.0);
        assert_eq!((twice.width, twice.height), (4, 4));
        assert_eq!(twice.get(0, 0), 0);
    }
}
