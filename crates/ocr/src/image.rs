//! The image of a scanned page, decoded to 8-bit gray in the page's orientation.
//!
//! In: a PDF page's placed image XObjects (lopdf), or a word-processor document's picture of a
//! page. Out: a [`Gray`] image whose rows run top to bottom and columns left to right on the
//! displayed page, and the box it covers in page space. Decoders for what scanners write: DCT
//! (zune-jpeg), JPEG 2000 (hayro-jpeg2000, as ABBYY FineReader stores pages), JBIG2 with its
//! globals (hayro-jbig2, as Acrobat's Paper Capture stores them), Flate and LZW with predictors
//! (lopdf), CCITT G3/G4 (fax), raw samples; 1, 2, 4, 8 and 16 bits; DeviceGray, DeviceRGB,
//! DeviceCMYK, ICC-based and calibrated spaces by their component count, Indexed; `/Decode`
//! inversion and image masks. Pictures as Word keeps them: JPEG, PNG (zune-png), BMP and bare
//! DIBs (zune-bmp). A decoder that panics on hostile data is an error, as any other damage.

use lopdf::{Document, Object, Stream};
use roadmap_pdf::{PageImage, Scan, ScannedPage};

/// Limits on page images.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Pixels of one image (width × height).
    pub max_pixels: u64,
    /// Bytes of one image's encoded or decoded stream.
    pub max_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        // an A3 page at 600 dpi is 70 million pixels
        Limits { max_pixels: 100_000_000, max_bytes: 256 * 1024 * 1024 }
    }
}

/// An 8-bit gray image, rows top to bottom (0 black, 255 white).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gray {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

impl Gray {
    pub fn new(width: usize, height: usize, value: u8) -> Gray {
        Gray { width, height, pixels: vec![value; width * height] }
    }

    pub fn get(&self, x: usize, y: usize) -> u8 {
        self.pixels.get(y * self.width + x).copied().unwrap_or(255)
    }

    /// The image turned a quarter to the right (`turns` times) and mirrored if asked.
    fn oriented(self, turns: u8, mirror_x: bool, mirror_y: bool) -> Gray {
        let mut image = self;
        if mirror_x || mirror_y {
            let (w, h) = (image.width, image.height);
            let mut out = vec![0; w * h];
            for y in 0..h {
                for x in 0..w {
                    let (sx, sy) = (if mirror_x { w - 1 - x } else { x }, if mirror_y { h - 1 - y } else { y });
                    out[y * w + x] = image.pixels[sy * w + sx];
                }
            }
            image.pixels = out;
        }
        for _ in 0..turns % 4 {
            let (w, h) = (image.width, image.height);
            let mut out = vec![0; w * h];
            for y in 0..h {
                for x in 0..w {
                    // (x, y) → (h - 1 - y, x) in an image h wide
                    out[x * h + (h - 1 - y)] = image.pixels[y * w + x];
                }
            }
            image = Gray { width: h, height: w, pixels: out };
        }
        image
    }
}

/// A page's image and the box it covers in page space (points, y up).
#[derive(Debug, Clone, PartialEq)]
pub struct PageScan {
    pub image: Gray,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

/// The page's scan: the image covering most of the page (a signature or a stamp painted
/// over it is left out), decoded and turned to the page's orientation.
pub fn page_scan(page: &ScannedPage<'_>, limits: &Limits) -> Result<PageScan, String> {
    let (pdf, images) = match page.scan {
        Scan::Painted { pdf, images } => (pdf, images),
        Scan::Picture(data) => {
            let image = picture(data, limits)?;
            return Ok(PageScan { image, x0: 0.0, y0: 0.0, x1: page.width, y1: page.height });
        }
    };
    let area = |m: &[f32; 6]| (m[0] * m[3] - m[1] * m[2]).abs();
    let largest = images.iter().max_by(|a, b| area(&a.matrix).total_cmp(&area(&b.matrix))).ok_or("the page paints no image")?;
    let image = decode(pdf, largest, limits)?;
    let m = largest.matrix;
    // the unit square's corners in page space: the image's top row is v = 1
    let corner = |u: f32, v: f32| (m[0] * u + m[2] * v + m[4], m[1] * u + m[3] * v + m[5]);
    let corners = [corner(0.0, 0.0), corner(1.0, 0.0), corner(0.0, 1.0), corner(1.0, 1.0)];
    let (x0, x1) = corners.iter().fold((f32::MAX, f32::MIN), |(a, b), c| (a.min(c.0), b.max(c.0)));
    let (y0, y1) = corners.iter().fold((f32::MAX, f32::MIN), |(a, b), c| (a.min(c.1), b.max(c.1)));
    // where the image's first column (u axis) and its top row point on the page
    let (turns, mirror_x, mirror_y) = if m[0].abs() >= m[1].abs() {
        // u runs along x: upright (v up) or upside down
        match (m[0] >= 0.0, m[3] >= 0.0) {
            (true, true) => (0, false, false),
            (false, false) => (2, false, false),
            (true, false) => (0, false, true),
            (false, true) => (0, true, false),
        }
    } else {
        // u runs along y: a quarter turn
        match (m[1] >= 0.0, m[2] >= 0.0) {
            (true, false) => (3, false, false),
            (false, true) => (1, false, false),
            (true, true) => (1, true, false),
            (false, false) => (3, true, false),
        }
    };
    let image = image.oriented(turns, mirror_x, mirror_y);
    Ok(PageScan { image, x0, y0, x1, y1 })
}

fn number(object: &Object) -> Option<i64> {
    match object {
        Object::Integer(i) => Some(*i),
        Object::Real(r) => Some(*r as i64),
        _ => None,
    }
}

fn resolve<'a>(pdf: &'a Document, object: &'a Object) -> &'a Object {
    pdf.dereference(object).map(|(_, o)| o).unwrap_or(object)
}

/// Decode one image XObject to gray.
fn decode(pdf: &Document, placed: &PageImage, limits: &Limits) -> Result<Gray, String> {
    let stream = pdf.get_object(placed.object).and_then(Object::as_stream).map_err(|e| format!("image object: {e}"))?;
    let dict = &stream.dict;
    let get = |key: &[u8]| dict.get(key).ok().map(|o| resolve(pdf, o));
    let width = get(b"Width").and_then(number).unwrap_or(0);
    let height = get(b"Height").and_then(number).unwrap_or(0);
    if width <= 0 || height <= 0 {
        return Err(format!("an image of {width} × {height} pixels"));
    }
    let (width, height) = (width as u64, height as u64);
    if width * height > limits.max_pixels {
        return Err(format!("an image of {width} × {height} pixels, past the limit of {} million pixels", limits.max_pixels / 1_000_000));
    }
    let (width, height) = (width as usize, height as usize);
    let mask = matches!(get(b"ImageMask"), Some(Object::Boolean(true)));
    let bits = if mask { 1 } else { get(b"BitsPerComponent").and_then(number).unwrap_or(8) as usize };
    let filters: Vec<Vec<u8>> = match get(b"Filter") {
        Some(Object::Name(n)) => vec![n.clone()],
        Some(Object::Array(a)) => a.iter().filter_map(|o| resolve(pdf, o).as_name().ok().map(<[u8]>::to_vec)).collect(),
        _ => Vec::new(),
    };
    let last = filters.last().map(Vec::as_slice);
    let params = |index: usize| -> Option<&lopdf::Dictionary> {
        match get(b"DecodeParms")? {
            Object::Dictionary(d) => Some(d),
            Object::Array(a) => a.get(index).map(|o| resolve(pdf, o)).and_then(|o| o.as_dict().ok()),
            _ => None,
        }
    };
    let image_filter = matches!(last, Some(b"DCTDecode" | b"CCITTFaxDecode" | b"JPXDecode" | b"JBIG2Decode"));
    // the filters before an image codec (rare: ASCII or Flate around a JPEG) decoded by lopdf
    let encoded = if image_filter && filters.len() > 1 {
        let mut outer = Stream::new(dict.clone(), stream.content.clone());
        outer.dict.set("Filter", Object::Array(filters[..filters.len() - 1].iter().map(|n| Object::Name(n.clone())).collect()));
        outer.dict.remove(b"DecodeParms");
        outer.decompressed_content_with_limit(limits.max_bytes).map_err(|e| format!("image stream: {e}"))?
    } else if image_filter {
        stream.content.clone()
    } else {
        stream.decompressed_content_with_limit(limits.max_bytes).map_err(|e| format!("image stream: {e}"))?
    };
    let decode_inverted = match get(b"Decode") {
        Some(Object::Array(a)) => {
            a.first().and_then(|o| match o {
                Object::Integer(i) => Some(*i as f32),
                Object::Real(r) => Some(*r),
                _ => None,
            }) == Some(1.0)
        }
        _ => false,
    };
    let gray = match last {
        Some(b"DCTDecode") => jpeg(&encoded, width, height)?,
        Some(b"CCITTFaxDecode") => ccitt(&encoded, width, height, params(filters.len() - 1))?,
        Some(b"JPXDecode") => jpeg2000(&encoded, limits)?,
        Some(b"JBIG2Decode") => {
            let globals = params(filters.len() - 1)
                .and_then(|p| p.get(b"JBIG2Globals").ok())
                .map(|g| resolve(pdf, g))
                .and_then(|g| g.as_stream().ok())
                .map(|g| g.decompressed_content_with_limit(limits.max_bytes).map_err(|e| format!("JBIG2 globals: {e}")))
                .transpose()?;
            jbig2(&encoded, globals.as_deref(), limits)?
        }
        _ => {
            let space = if mask { Space::Gray } else { color_space(pdf, get(b"ColorSpace"))? };
            samples(&encoded, width, height, bits, &space)?
        }
    };
    // an image mask paints its 0 samples (ink, as gray 0 is); `/Decode [1 0]` inverts the samples
    let invert = decode_inverted;
    Ok(if invert { Gray { pixels: gray.pixels.iter().map(|p| 255 - p).collect(), ..gray } } else { gray })
}

/// How samples become gray.
enum Space {
    Gray,
    Rgb,
    Cmyk,
    /// Components of an unknown space: the first is read as gray.
    Other(usize),
    /// A palette of gray values.
    Indexed(Vec<u8>),
}

impl Space {
    fn components(&self) -> usize {
        match self {
            Space::Gray | Space::Indexed(_) => 1,
            Space::Rgb => 3,
            Space::Cmyk => 4,
            Space::Other(n) => *n,
        }
    }
}

fn color_space(pdf: &Document, object: Option<&Object>) -> Result<Space, String> {
    let Some(object) = object else { return Ok(Space::Gray) };
    let (name, rest): (&[u8], &[Object]) = match object {
        Object::Name(n) => (n, &[]),
        Object::Array(a) => match a.split_first() {
            Some((first, rest)) => (resolve(pdf, first).as_name().map_err(|_| "a colour space without a name")?, rest),
            None => return Ok(Space::Gray),
        },
        _ => return Ok(Space::Gray),
    };
    Ok(match name {
        b"DeviceGray" | b"CalGray" | b"G" => Space::Gray,
        b"DeviceRGB" | b"CalRGB" | b"RGB" => Space::Rgb,
        b"DeviceCMYK" | b"CMYK" => Space::Cmyk,
        b"ICCBased" => {
            let n =
                rest.first().map(|o| resolve(pdf, o)).and_then(|o| o.as_stream().ok()).and_then(|s| s.dict.get(b"N").ok().and_then(number));
            match n {
                Some(1) => Space::Gray,
                Some(4) => Space::Cmyk,
                _ => Space::Rgb,
            }
        }
        b"Indexed" | b"I" => {
            let base = color_space(pdf, rest.first().map(|o| resolve(pdf, o)))?;
            let table: Vec<u8> = match rest.get(2).map(|o| resolve(pdf, o)) {
                Some(Object::String(bytes, _)) => bytes.clone(),
                Some(Object::Stream(s)) => s.decompressed_content().unwrap_or_default(),
                _ => Vec::new(),
            };
            let n = base.components();
            Space::Indexed(table.chunks(n).map(|c| to_gray(c, &base)).collect())
        }
        b"Separation" | b"DeviceN" => Space::Other(1),
        _ => Space::Rgb,
    })
}

fn to_gray(c: &[u8], space: &Space) -> u8 {
    match (space, c) {
        (Space::Rgb, [r, g, b, ..]) => ((u32::from(*r) * 299 + u32::from(*g) * 587 + u32::from(*b) * 114) / 1000) as u8,
        (Space::Cmyk, [cy, m, y, k, ..]) => {
            let ink = (u32::from(*cy) * 299 + u32::from(*m) * 587 + u32::from(*y) * 114) / 1000 + u32::from(*k);
            255 - ink.min(255) as u8
        }
        (_, [v, ..]) => *v,
        _ => 255,
    }
}

/// Raw samples of `bits` per component, rows padded to whole bytes.
fn samples(data: &[u8], width: usize, height: usize, bits: usize, space: &Space) -> Result<Gray, String> {
    if !matches!(bits, 1 | 2 | 4 | 8 | 16) {
        return Err(format!("{bits} bits per component"));
    }
    let n = space.components();
    let row_bytes = (width * n * bits).div_ceil(8);
    if data.len() < row_bytes * height {
        return Err(format!("image data cut short ({} of {} bytes)", data.len(), row_bytes * height));
    }
    let max = (1u32 << bits.min(8)) - 1;
    let mut out = Gray::new(width, height, 255);
    let mut components = vec![0u8; n];
    for y in 0..height {
        let row = &data[y * row_bytes..(y + 1) * row_bytes];
        for x in 0..width {
            for (i, component) in components.iter_mut().enumerate() {
                let index = x * n + i;
                let raw = match bits {
                    8 => u32::from(row[index]),
                    16 => u32::from(row[index * 2]),
                    _ => {
                        let bit = index * bits;
                        (u32::from(row[bit / 8]) >> (8 - bits - bit % 8)) & max
                    }
                };
                *component = match (space, bits) {
                    (Space::Indexed(_), _) => raw as u8,
                    (_, 8 | 16) => raw as u8,
                    _ => (raw * 255 / max) as u8,
                };
            }
            out.pixels[y * width + x] = match space {
                Space::Indexed(palette) => palette.get(usize::from(components[0])).copied().unwrap_or(255),
                other => to_gray(&components, other),
            };
        }
    }
    Ok(out)
}

fn jpeg(data: &[u8], width: usize, height: usize) -> Result<Gray, String> {
    // a stream cut short (no end-of-image marker) would decode to part of a page
    let end = data.len().saturating_sub(32);
    if !data[end..].windows(2).any(|w| w == [0xFF, 0xD9]) {
        return Err("JPEG image cut short (no end-of-image marker)".into());
    }
    use zune_core::colorspace::ColorSpace;
    use zune_core::options::DecoderOptions;
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::Luma)
        .set_max_width(width.max(1) * 2)
        .set_max_height(height.max(1) * 2)
        .set_strict_mode(false);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(std::io::Cursor::new(data), options);
    let pixels = decoder.decode().map_err(|e| format!("JPEG image: {e:?}"))?;
    let (w, h) = decoder.dimensions().ok_or("JPEG image without dimensions")?;
    let components = pixels.len() / (w * h).max(1);
    let pixels = match components {
        1 => pixels,
        n if n > 1 => pixels.chunks(n).map(|c| to_gray(c, if n == 4 { &Space::Cmyk } else { &Space::Rgb })).collect(),
        _ => return Err("JPEG image without pixels".into()),
    };
    Ok(Gray { width: w, height: h, pixels })
}

/// A picture file as a word-processor document keeps a picture of a page (JPEG, PNG, BMP, or a
/// bare DIB: a BMP without its file header) to gray; other kinds (metafiles, TIFF, GIF) are
/// refused by name.
pub fn picture(data: &[u8], limits: &Limits) -> Result<Gray, String> {
    match data {
        [0xFF, 0xD8, 0xFF, ..] => {
            let mut decoder = zune_jpeg::JpegDecoder::new(std::io::Cursor::new(data));
            guarded("JPEG", || decoder.decode_headers().map_err(|e| format!("JPEG image: {e:?}")))?;
            let (width, height) = decoder.dimensions().ok_or("JPEG image without dimensions")?;
            within(width, height, limits)?;
            guarded("JPEG", || jpeg(data, width, height))
        }
        [0x89, b'P', b'N', b'G', ..] => png(data, limits),
        [b'B', b'M', ..] => bmp(data, limits),
        // a DIB: its header's size first (BITMAPINFOHEADER and its later versions)
        [40 | 52 | 56 | 108 | 124, 0, 0, 0, ..] => bmp(&with_file_header(data), limits),
        _ => Err("a picture of a kind this version does not read (not JPEG, PNG or BMP)".into()),
    }
}

/// Whether an image of `width` × `height` pixels is within the limits.
fn within(width: usize, height: usize, limits: &Limits) -> Result<(), String> {
    if width == 0 || height == 0 || (width as u64) * (height as u64) > limits.max_pixels {
        return Err(format!("an image of {width} × {height} pixels"));
    }
    Ok(())
}

/// Samples of `space` (8 bits, alpha last where there is one) to gray, paper under what is
/// transparent.
fn samples_to_gray(samples: &[u8], width: usize, height: usize, space: zune_core::colorspace::ColorSpace) -> Result<Gray, String> {
    let n = space.num_components();
    if n == 0 || samples.len() < width * height * n {
        return Err("image data cut short".into());
    }
    let colour = if n >= 3 { Space::Rgb } else { Space::Gray };
    let pixels = samples
        .chunks_exact(n)
        .take(width * height)
        .map(|c| {
            let gray = to_gray(c, &colour);
            if space.has_alpha() {
                let alpha = u32::from(c[n - 1]);
                (255 - (alpha * (255 - u32::from(gray))) / 255) as u8
            } else {
                gray
            }
        })
        .collect();
    Ok(Gray { width, height, pixels })
}

fn png(data: &[u8], limits: &Limits) -> Result<Gray, String> {
    guarded("PNG", || {
        let options = zune_core::options::DecoderOptions::default().png_set_strip_to_8bit(true);
        let mut decoder = zune_png::PngDecoder::new_with_options(std::io::Cursor::new(data), options);
        decoder.decode_headers().map_err(|e| format!("PNG image: {e:?}"))?;
        let (width, height) = decoder.dimensions().ok_or("PNG image without dimensions")?;
        within(width, height, limits)?;
        let space = decoder.colorspace().ok_or("PNG image without a colour space")?;
        let samples = decoder.decode_raw().map_err(|e| format!("PNG image: {e:?}"))?;
        samples_to_gray(&samples, width, height, space)
    })
}

fn bmp(data: &[u8], limits: &Limits) -> Result<Gray, String> {
    guarded("BMP", || {
        let mut decoder = zune_bmp::BmpDecoder::new(std::io::Cursor::new(data));
        decoder.decode_headers().map_err(|e| format!("BMP image: {e:?}"))?;
        let (width, height) = decoder.dimensions().ok_or("BMP image without dimensions")?;
        within(width, height, limits)?;
        let space = decoder.colorspace().ok_or("BMP image without a colour space")?;
        let samples = decoder.decode().map_err(|e| format!("BMP image: {e:?}"))?;
        samples_to_gray(&samples, width, height, space)
    })
}

/// A bare DIB with the 14-byte file header a BMP file starts with: the offset of its pixels
/// after the header and the palette its bit count and colour count give.
fn with_file_header(dib: &[u8]) -> Vec<u8> {
    let u32_at = |at: usize| dib.get(at..at + 4).map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let header = u32_at(0);
    let bits = dib.get(14..16).map_or(0, |b| u16::from_le_bytes([b[0], b[1]]));
    let compression = u32_at(16);
    let used = u32_at(32);
    let palette = if bits <= 8 {
        if used > 0 {
            used.min(256)
        } else {
            1 << bits
        }
    } else {
        0
    };
    // BI_BITFIELDS masks follow a 40-byte header
    let masks = if header == 40 && compression == 3 { 12 } else { 0 };
    let offset = 14 + header + masks + 4 * palette;
    let mut file = Vec::with_capacity(dib.len() + 14);
    file.extend_from_slice(b"BM");
    file.extend_from_slice(&((dib.len() + 14) as u32).to_le_bytes());
    file.extend_from_slice(&[0; 4]);
    file.extend_from_slice(&offset.to_le_bytes());
    file.extend_from_slice(dib);
    file
}

/// A decoder of another crate run so that a panic on hostile data is an error like any other.
fn guarded<T>(codec: &str, decode: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(decode)).unwrap_or_else(|_| Err(format!("{codec} image: damaged data")))
}

/// A JPEG 2000 image (a JP2 file or a bare codestream) to gray, the colour space its own
/// header gives (the PDF's `/ColorSpace`, when there is one, names the same components).
fn jpeg2000(data: &[u8], limits: &Limits) -> Result<Gray, String> {
    use hayro_jpeg2000::{ColorSpace, DecodeSettings, DecoderContext, Image};
    guarded("JPEG 2000", || {
        let image = Image::new(data, &DecodeSettings::default()).map_err(|e| format!("JPEG 2000 image: {e}"))?;
        let (width, height) = (image.width() as usize, image.height() as usize);
        if width == 0 || height == 0 || (width as u64) * (height as u64) > limits.max_pixels {
            return Err(format!("a JPEG 2000 image of {width} × {height} pixels"));
        }
        let space = match image.color_space() {
            ColorSpace::Gray => Space::Gray,
            ColorSpace::RGB => Space::Rgb,
            ColorSpace::CMYK => Space::Cmyk,
            other => match other.num_channels() {
                1 => Space::Gray,
                3 => Space::Rgb,
                4 => Space::Cmyk,
                n => Space::Other(usize::from(n)),
            },
        };
        let channels = usize::from(image.color_space().num_channels()) + usize::from(image.has_alpha());
        let mut context = DecoderContext::default();
        let decoded = image.decode(&mut context).map_err(|e| format!("JPEG 2000 image: {e}"))?;
        let samples = decoded.data_u8();
        if channels == 0 || samples.len() != width * height * channels {
            return Err("JPEG 2000 image: components of unequal size".into());
        }
        let pixels = if channels == 1 { samples } else { samples.chunks_exact(channels).map(|c| to_gray(c, &space)).collect() };
        Ok(Gray { width, height, pixels })
    })
}

/// A JBIG2 page (the embedded organization PDF uses, with the stream of segments it shares
/// with other pages) to gray: the PDF filter gives black as sample 0.
fn jbig2(data: &[u8], globals: Option<&[u8]>, limits: &Limits) -> Result<Gray, String> {
    use hayro_jbig2::{DecodeSettings, Globals, Page};
    /// Pixels written row by row into a gray image.
    struct Rows {
        image: Gray,
        at: usize,
    }
    impl hayro_jbig2::Decoder for Rows {
        fn push_pixel(&mut self, black: bool) {
            if let Some(pixel) = self.image.pixels.get_mut(self.at) {
                *pixel = if black { 0 } else { 255 };
            }
            self.at += 1;
        }
        /// `chunks` runs of 8 pixels.
        fn push_pixel_chunk(&mut self, black: bool, chunks: u32) {
            let end = (self.at + 8 * chunks as usize).min(self.image.pixels.len());
            if black {
                self.image.pixels[self.at.min(end)..end].fill(0);
            }
            self.at = end;
        }
        fn next_line(&mut self) {
            let width = self.image.width.max(1);
            self.at = self.at.div_ceil(width) * width;
        }
    }
    guarded("JBIG2", || {
        let settings = DecodeSettings::default();
        let globals = globals.map(|g| Globals::new(g, &settings)).transpose().map_err(|e| format!("JBIG2 globals: {e}"))?;
        let page = Page::new_embedded(data, globals.as_ref(), &settings).map_err(|e| format!("JBIG2 image: {e}"))?;
        let (width, height) = (page.width() as usize, page.height() as usize);
        if width == 0 || height == 0 || (width as u64) * (height as u64) > limits.max_pixels {
            return Err(format!("a JBIG2 image of {width} × {height} pixels"));
        }
        let mut rows = Rows { image: Gray::new(width, height, 255), at: 0 };
        page.decode(&mut rows).map_err(|e| format!("JBIG2 image: {e}"))?;
        Ok(rows.image)
    })
}

fn ccitt(data: &[u8], width: usize, height: usize, params: Option<&lopdf::Dictionary>) -> Result<Gray, String> {
    let param = |key: &[u8]| params.and_then(|p| p.get(key).ok()).and_then(number);
    let k = param(b"K").unwrap_or(0);
    let columns = param(b"Columns").map_or(width, |c| c.max(1) as usize);
    let black_is_1 = params.and_then(|p| p.get(b"BlackIs1").ok()).is_some_and(|b| matches!(b, Object::Boolean(true)));
    let mut out = Gray::new(columns, height, 255);
    let mut y = 0;
    let mut line = |transitions: &[u32]| {
        if y < height {
            for (x, color) in fax::decoder::pels(transitions, columns as u32).enumerate() {
                let black = matches!(color, fax::Color::Black);
                out.pixels[y * columns + x] = if black != black_is_1 { 0 } else { 255 };
            }
            // `BlackIs1` false (the default): 0 bits are black, which fax reports as black
            y += 1;
        }
    };
    let decoded = if k < 0 {
        fax::decoder::decode_g4(data.iter().copied(), columns as u32, Some(height as u32), &mut line)
    } else {
        fax::decoder::decode_g3(data.iter().copied(), &mut line)
    };
    if decoded.is_none() && y == 0 {
        return Err("CCITT fax image: damaged data".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_of_each_depth_and_space_become_gray() {
        let one_bit = samples(&[0b1010_0000], 3, 1, 1, &Space::Gray).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(one_bit.pixels, [255, 0, 255]);
        let rgb = samples(&[255, 0, 0, 0, 0, 0], 2, 1, 8, &Space::Rgb).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rgb.pixels, [76, 0]);
        let cmyk = samples(&[0, 0, 0, 255], 1, 1, 8, &Space::Cmyk).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(cmyk.pixels, [0]);
        let indexed = samples(&[1, 0], 2, 1, 8, &Space::Indexed(vec![10, 200])).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(indexed.pixels, [200, 10]);
        assert!(samples(&[0], 4, 4, 8, &Space::Gray).is_err(), "data cut short");
    }

    /// The samples of `scripts/make-codec-samples.py`: 96 × 40, a black bar on rows 10–19,
    /// columns 8–87.
    const JP2_GRAY: &[u8] = include_bytes!("../tests/data/bar-gray.jp2");
    const JP2_RGB: &[u8] = include_bytes!("../tests/data/bar-rgb.jp2");
    const JBIG2: &[u8] = include_bytes!("../tests/data/bar.jb2");
    const JPEG: &[u8] = include_bytes!("../tests/data/bar.jpg");
    const PNG: &[u8] = include_bytes!("../tests/data/bar.png");
    const BMP: &[u8] = include_bytes!("../tests/data/bar.bmp");
    const DIB: &[u8] = include_bytes!("../tests/data/bar.dib");

    fn shows_the_bar(image: &Gray) {
        assert_eq!((image.width, image.height), (96, 40));
        assert!(image.get(40, 15) < 64 && image.get(10, 12) < 64, "the bar is ink");
        assert!(image.get(40, 5) > 192 && image.get(40, 30) > 192 && image.get(2, 15) > 192, "the paper is white");
    }

    #[test]
    fn jpeg_2000_and_jbig2_pages_are_decoded() {
        let limits = Limits::default();
        shows_the_bar(&jpeg2000(JP2_GRAY, &limits).unwrap_or_else(|e| panic!("{e}")));
        shows_the_bar(&jpeg2000(JP2_RGB, &limits).unwrap_or_else(|e| panic!("{e}")));
        shows_the_bar(&jbig2(JBIG2, None, &limits).unwrap_or_else(|e| panic!("{e}")));
        let small = Limits { max_pixels: 1000, ..limits };
        assert!(jpeg2000(JP2_GRAY, &small).is_err_and(|e| e.contains("96 × 40")), "the pixel limit holds");
        assert!(jbig2(JBIG2, None, &small).is_err_and(|e| e.contains("96 × 40")), "the pixel limit holds");
    }

    #[test]
    fn pictures_of_pages_are_decoded() {
        let limits = Limits::default();
        for (kind, data) in [("JPEG", JPEG), ("PNG with the paper transparent", PNG), ("BMP", BMP), ("bare DIB", DIB)] {
            shows_the_bar(&picture(data, &limits).unwrap_or_else(|e| panic!("{kind}: {e}")));
        }
        let small = Limits { max_pixels: 1000, ..limits };
        for data in [JPEG, PNG, BMP, DIB] {
            assert!(picture(data, &small).is_err_and(|e| e.contains("96 × 40")), "the pixel limit holds");
        }
        assert!(picture(b"GIF89a....", &limits).is_err_and(|e| e.contains("not JPEG, PNG or BMP")));
        // a picture covers the whole page it is given as
        let page = ScannedPage { number: 1, width: 600.0, height: 250.0, scan: Scan::Picture(PNG) };
        let scan = page_scan(&page, &limits).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((scan.x0, scan.y0, scan.x1, scan.y1), (0.0, 0.0, 600.0, 250.0));
    }

    /// Every prefix of each sample, and each sample with one byte changed at every place: the
    /// decoders give an image or an error and never panic (the guard is not what holds).
    #[test]
    fn damaged_images_never_panic() {
        let limits = Limits::default();
        type Decoder = fn(&[u8], &Limits) -> Result<Gray, String>;
        let decoders: [(&[u8], Decoder); 7] = [
            (JP2_GRAY, jpeg2000),
            (JP2_RGB, jpeg2000),
            (JBIG2, |d, l| jbig2(d, None, l)),
            (JPEG, picture),
            (PNG, png),
            (BMP, bmp),
            (DIB, picture),
        ];
        let mut panics = Vec::new();
        for (index, (sample, decode)) in decoders.iter().enumerate() {
            let mut damaged: Vec<Vec<u8>> = (0..sample.len()).map(|n| sample[..n].to_vec()).collect();
            for at in 0..sample.len() {
                for value in [0x00, 0xFF, sample[at] ^ 0x55] {
                    let mut copy = sample.to_vec();
                    copy[at] = value;
                    damaged.push(copy);
                }
            }
            for data in damaged {
                if std::panic::catch_unwind(|| decode(&data, &limits)).is_err() {
                    panics.push((index, data.len()));
                }
            }
        }
        assert!(panics.is_empty(), "decoders panicked on {panics:?}");
    }

    #[test]
    fn an_image_mask_paints_its_zero_samples() {
        // a 1-bit mask: sample 0 marks the page (ink), 1 leaves it (paper)
        let mut pdf = Document::with_version("1.5");
        let dict = lopdf::dictionary! { "Subtype" => "Image", "Width" => 8, "Height" => 1, "ImageMask" => true };
        let object = pdf.add_object(Stream::new(dict, vec![0b0000_1111]));
        let placed = PageImage { object, matrix: [8.0, 0.0, 0.0, 1.0, 0.0, 0.0] };
        let gray = decode(&pdf, &placed, &Limits::default()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(gray.pixels, [0, 0, 0, 0, 255, 255, 255, 255]);
    }

    #[test]
    fn orientation_turns_and_mirrors() {
        let image = Gray { width: 2, height: 1, pixels: vec![1, 2] };
        assert_eq!(image.clone().oriented(1, false, false), Gray { width: 1, height: 2, pixels: vec![1, 2] });
        assert_eq!(image.clone().oriented(2, false, false).pixels, [2, 1]);
        assert_eq!(image.oriented(0, true, false).pixels, [2, 1]);
    }
}
