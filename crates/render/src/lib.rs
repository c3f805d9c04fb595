//! PDF pages → PNG pictures, drawn in Rust by hayro (no system library).
//!
//! In: a PDF's bytes, the pages wanted (1-based) and a resolution in dots per inch. Out: for each
//! page its [`Picture`]: PNG bytes (grey when the page has no colour, else RGB), its size in
//! pixels, and its scale in pixels per PDF point. The picture shows what a viewer shows: the
//! page's crop box, turned by `/Rotate`, on white; so a box measured in points from its top-left
//! corner (as `roadmap-model`'s `bbox` is) lands on the picture at `scale ×` its corners. A scan's
//! page is its page image, drawn at the same scale.
//!
//! A page the renderer cannot draw (a damaged stream, a panic inside the renderer) is that
//! page's [`RenderError`]; the other pages are drawn.
//!
//! ```
//! let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/orel-2022-order-226.pdf")).unwrap();
//! let pictures = roadmap_render::render(&bytes, &[1], 72.0).unwrap();
//! let page = pictures[0].as_ref().unwrap();
//! // A4 is 595.3 × 841.9 points: at 72 dpi, about a pixel a point
//! assert!(page.width == 595 && (841..=842).contains(&page.height), "{} × {}", page.width, page.height);
//! assert!(page.png.starts_with(b"\x89PNG"));
//! ```

use std::panic::{catch_unwind, AssertUnwindSafe};

use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings};

/// The longest side a picture may have, in pixels: a page of unusual size is drawn smaller.
const MAX_SIDE: f32 = 8_000.0;

/// One page drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// Pixels per PDF point (`dpi / 72`, less for a page too large to draw at `dpi`).
    pub scale: f32,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("the PDF cannot be opened for drawing ({0})")]
    Unreadable(String),
    #[error("page {0} is not in the document")]
    NoSuchPage(u32),
    #[error("page {page} could not be drawn: {why}")]
    Failed { page: u32, why: String },
}

/// Draw `pages` (1-based) of the PDF at `dpi`; the whole call fails only when the file cannot
/// be opened.
pub fn render(bytes: &[u8], pages: &[u32], dpi: f32) -> Result<Vec<Result<Picture, RenderError>>, RenderError> {
    let pdf = open(bytes)?;
    let cache = RenderCache::new();
    let settings = InterpreterSettings::default();
    let all = pdf.pages();
    Ok(pages
        .iter()
        .map(|&number| {
            let page = page_of(all, number)?;
            let failed = |why: String| RenderError::Failed { page: number, why };
            let (_, _, scale) = size_of(page, dpi);
            let pixmap_settings = PixmapSettings { x_scale: scale, y_scale: scale, bg_color: WHITE };
            let pixmap =
                catch_unwind(AssertUnwindSafe(|| hayro::render(page, &cache, &settings, &RenderSettings::default(), &pixmap_settings)))
                    .map_err(|_| failed("the renderer failed".into()))?;
            let (w, h) = (u32::from(pixmap.width()), u32::from(pixmap.height()));
            let png = encode(pixmap.data_as_u8_slice(), w, h).map_err(|e| failed(e.to_string()))?;
            Ok(Picture { png, width: w, height: h, scale })
        })
        .collect())
}

/// A picture's width and height in pixels, and its pixels per PDF point.
pub type Size = (u32, u32, f32);

/// The sizes [`render`] would draw `pages` at (width and height in pixels, pixels per point),
/// without drawing them: for a page that links its pictures before they are drawn.
pub fn sizes(bytes: &[u8], pages: &[u32], dpi: f32) -> Result<Vec<Result<Size, RenderError>>, RenderError> {
    let pdf = open(bytes)?;
    let all = pdf.pages();
    Ok(pages.iter().map(|&number| page_of(all, number).map(|page| size_of(page, dpi))).collect())
}

fn open(bytes: &[u8]) -> Result<Pdf, RenderError> {
    catch_unwind(|| Pdf::new(bytes.to_vec()))
        .map_err(|_| RenderError::Unreadable("the renderer failed".into()))?
        .map_err(|e| RenderError::Unreadable(format!("{e:?}")))
}

fn page_of<'a>(all: &'a hayro::hayro_syntax::page::Pages<'a>, number: u32) -> Result<&'a hayro::hayro_syntax::page::Page<'a>, RenderError> {
    number.checked_sub(1).and_then(|i| all.get(i as usize)).ok_or(RenderError::NoSuchPage(number))
}

/// A page's picture size at `dpi` (smaller for a page too large to draw at it), as the renderer
/// makes its pixmap: the page's size in points times the scale, cut to whole pixels.
fn size_of(page: &hayro::hayro_syntax::page::Page<'_>, dpi: f32) -> Size {
    let (width, height) = page.render_dimensions();
    let scale = (dpi / 72.0).min(MAX_SIDE / width.max(height).max(1.0));
    (u32::from((width * scale) as u16), u32::from((height * scale) as u16), scale)
}

/// Opaque RGBA pixels as a PNG: grey when every pixel is, else RGB.
fn encode(rgba: &[u8], width: u32, height: u32) -> Result<Vec<u8>, png::EncodingError> {
    let grey = rgba.chunks_exact(4).all(|p| p[0] == p[1] && p[1] == p[2]);
    let (colour, samples): (png::ColorType, Vec<u8>) = if grey {
        (png::ColorType::Grayscale, rgba.chunks_exact(4).map(|p| p[0]).collect())
    } else {
        (png::ColorType::Rgb, rgba.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect())
    };
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(colour);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.write_header()?.write_image_data(&samples)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_file_that_is_not_a_pdf_is_an_error_and_a_missing_page_is_that_pages() {
        assert!(matches!(render(b"not a pdf", &[1], 72.0), Err(RenderError::Unreadable(_))));
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/saratov-krasnoarmeysky-2022-roadmap.pdf")).unwrap();
        let pictures = render(&bytes, &[0, 1, 999], 36.0).unwrap();
        assert!(matches!(pictures[0], Err(RenderError::NoSuchPage(0))));
        assert!(pictures[1].is_ok());
        assert!(matches!(pictures[2], Err(RenderError::NoSuchPage(999))));
    }

    #[test]
    fn sizes_are_those_of_the_pictures_drawn() {
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/saratov-krasnoarmeysky-2022-roadmap.pdf")).unwrap();
        for dpi in [36.0, 100.0, 150.0] {
            let drawn = render(&bytes, &[1, 2], dpi).unwrap();
            let sized = sizes(&bytes, &[1, 2, 999], dpi).unwrap();
            for (picture, size) in drawn.iter().zip(&sized) {
                let p = picture.as_ref().unwrap();
                assert_eq!(*size.as_ref().unwrap(), (p.width, p.height, p.scale), "at {dpi} dpi");
            }
            assert!(matches!(sized[2], Err(RenderError::NoSuchPage(999))));
        }
        assert!(matches!(sizes(b"not a pdf", &[1], 72.0), Err(RenderError::Unreadable(_))));
    }

    #[test]
    fn text_is_drawn_dark_on_white_where_the_page_has_it() {
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/orel-2022-order-226.pdf")).unwrap();
        let page = render(&bytes, &[1], 72.0).unwrap().remove(0).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(page.png));
        let mut reader = decoder.read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut pixels).unwrap();
        assert_eq!(info.color_type, png::ColorType::Grayscale);
        let dark = |x0: usize, y0: usize, x1: usize, y1: usize| {
            (y0..y1).flat_map(|y| (x0..x1).map(move |x| (x, y))).filter(|&(x, y)| pixels[y * info.width as usize + x] < 128).count()
        };
        // the order's heading («ПРИКАЗ» near the top, centred) is ink; the page's corner is paper
        assert!(dark(200, 40, 400, 140) > 100, "no ink where the heading is");
        assert_eq!(dark(0, 0, 40, 40), 0);
    }
}
