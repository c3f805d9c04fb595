//! Fonts: character codes to Unicode text and glyph advances.
//!
//! A code is decoded through the font's `ToUnicode` CMap first (bfchar and bfrange, ranges to
//! arrays included; parsed by `lopdf`), then through its simple encoding (`WinAnsi`,
//! `MacRoman`, `Standard`, `/Differences` over a base). Composite (Type0) fonts read two-byte
//! codes (`Identity-H`/`-V` and other two-byte CMaps). Advances come from `/Widths`
//! (`/FirstChar`, `/MissingWidth`) or, for composite fonts, the descendant's `/W` and `/DW`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use lopdf::{Dictionary, Document, Encoding, Object};

use crate::content::number;

/// A font ready to decode strings of a content stream.
#[derive(Debug, Default)]
pub(crate) struct Font {
    /// Composite font: codes are two bytes.
    two_byte: bool,
    /// Text of each single-byte code (simple fonts).
    simple_text: Vec<Option<Rc<str>>>,
    /// The `ToUnicode` map of a composite font (always `Encoding::UnicodeMapEncoding`).
    cmap: Option<Encoding<'static>>,
    /// Codes of a composite font already looked up in `cmap`.
    cmap_cache: RefCell<HashMap<u32, Option<Rc<str>>>>,
    widths: Widths,
    /// Glyph space to text space for advances (1/1000 except for Type 3 fonts).
    width_scale: f32,
}

#[derive(Debug, Default)]
struct Widths {
    first_char: u32,
    list: Vec<f32>,
    by_code: HashMap<u32, f32>,
    default: f32,
}

impl Widths {
    fn of(&self, code: u32) -> f32 {
        if let Some(w) = code.checked_sub(self.first_char).and_then(|i| self.list.get(i as usize)) {
            return *w;
        }
        self.by_code.get(&code).copied().unwrap_or(self.default)
    }
}

/// One decoded code of a string.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Glyph {
    pub code: u32,
    /// `None` when the font maps the code to no text.
    pub text: Option<Rc<str>>,
    /// Advance in text-space units per unit of font size.
    pub advance: f32,
    /// A single-byte code 32: word spacing applies.
    pub is_space_code: bool,
}

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    doc.dereference(obj).map(|(_, o)| o).unwrap_or(obj)
}

fn dict_of<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
    deref(doc, obj).as_dict().ok()
}

/// Parse the `ToUnicode` stream of `font` through `lopdf`'s CMap parser.
fn to_unicode(font: &Dictionary, doc: &Document, limit: usize) -> Option<Encoding<'static>> {
    let stream = font.get(b"ToUnicode").ok()?;
    let mut only_cmap = Dictionary::new();
    only_cmap.set("Type", Object::Name(b"Font".to_vec()));
    only_cmap.set("ToUnicode", stream.clone());
    match only_cmap.get_font_encoding_with_limit(doc, limit) {
        Ok(Encoding::UnicodeMapEncoding(cmap)) => Some(Encoding::UnicodeMapEncoding(cmap)),
        _ => None,
    }
}

/// Look a code of `len` bytes up in a `ToUnicode` map.
fn mapped(cmap: Option<&Encoding<'static>>, code: u32, len: u8) -> Option<String> {
    match cmap {
        Some(Encoding::UnicodeMapEncoding(map)) => map.get(code, len).and_then(|units| utf16(&units)),
        _ => None,
    }
}

fn utf16(units: &[u16]) -> Option<String> {
    let text = String::from_utf16_lossy(units);
    (!text.is_empty() && !text.contains('\u{fffd}')).then_some(text)
}

impl Font {
    /// Build a font from its dictionary. `limit` bounds each decompressed font stream.
    pub fn load(dict: &Dictionary, doc: &Document, limit: usize) -> Font {
        let subtype = dict.get(b"Subtype").and_then(Object::as_name).unwrap_or(b"");
        let cmap = to_unicode(dict, doc, limit);
        if subtype == b"Type0" {
            let descendant = dict
                .get(b"DescendantFonts")
                .ok()
                .and_then(|o| deref(doc, o).as_array().ok())
                .and_then(|a| a.first())
                .and_then(|o| dict_of(doc, o));
            let widths = descendant.map(|d| cid_widths(d, doc)).unwrap_or(Widths { default: 1000.0, ..Widths::default() });
            return Font { two_byte: true, cmap, widths, width_scale: 0.001, ..Font::default() };
        }
        let encoding = dict.get_font_encoding_with_limit(doc, limit).ok();
        let simple_text = (0u32..256)
            .map(|code| {
                let from_cmap = mapped(cmap.as_ref(), code, 1);
                from_cmap
                    .or_else(|| {
                        let byte = [code as u8];
                        encoding.as_ref().and_then(|e| e.bytes_to_string(&byte).ok()).filter(|t| !t.is_empty() && !t.contains('\u{fffd}'))
                    })
                    .map(Rc::from)
            })
            .collect();
        let width_scale = if subtype == b"Type3" {
            dict.get(b"FontMatrix")
                .ok()
                .and_then(|m| deref(doc, m).as_array().ok())
                .and_then(|m| m.first())
                .and_then(number)
                .unwrap_or(0.001)
        } else {
            0.001
        };
        Font { simple_text, widths: simple_widths(dict, doc), width_scale, ..Font::default() }
    }

    /// Decode a string operand into glyphs.
    pub fn decode<'s>(&'s self, bytes: &'s [u8]) -> impl Iterator<Item = Glyph> + 's {
        bytes.chunks(if self.two_byte { 2 } else { 1 }).map(|chunk| {
            let code = chunk.iter().fold(0u32, |acc, b| acc * 256 + u32::from(*b));
            let text = if self.two_byte { self.composite_text(code) } else { self.simple_text.get(code as usize).cloned().flatten() };
            Glyph { code, text, advance: self.widths.of(code) * self.width_scale, is_space_code: !self.two_byte && code == 32 }
        })
    }

    /// The text of a two-byte code, looked up in the `ToUnicode` map once.
    fn composite_text(&self, code: u32) -> Option<Rc<str>> {
        let mut cache = self.cmap_cache.borrow_mut();
        cache.entry(code).or_insert_with(|| mapped(self.cmap.as_ref(), code, 2).map(Rc::from)).clone()
    }
}

fn simple_widths(dict: &Dictionary, doc: &Document) -> Widths {
    let first_char = dict.get(b"FirstChar").ok().and_then(number).map_or(0, |f| f.max(0.0) as u32);
    let list: Vec<f32> = dict
        .get(b"Widths")
        .ok()
        .and_then(|w| deref(doc, w).as_array().ok())
        .map(|a| a.iter().map(|o| number(deref(doc, o)).unwrap_or(0.0)).collect())
        .unwrap_or_default();
    let missing = dict.get(b"FontDescriptor").ok().and_then(|d| dict_of(doc, d)).and_then(|d| d.get(b"MissingWidth").ok()).and_then(number);
    // The standard 14 fonts may come without widths: an average advance keeps spacing sane.
    let default = missing.filter(|m| *m > 0.0).unwrap_or(if list.is_empty() { 500.0 } else { 0.0 });
    Widths { first_char, list, by_code: HashMap::new(), default }
}

/// `/W` of a CIDFont: `c [w1 w2 …]` and `c_first c_last w` entries; `/DW` otherwise.
fn cid_widths(dict: &Dictionary, doc: &Document) -> Widths {
    let default = dict.get(b"DW").ok().and_then(number).unwrap_or(1000.0);
    let mut by_code = HashMap::new();
    if let Some(w) = dict.get(b"W").ok().and_then(|w| deref(doc, w).as_array().ok()) {
        let mut i = 0;
        while i < w.len() {
            let Some(first) = number(deref(doc, &w[i])) else { break };
            let first = first.max(0.0) as u32;
            match w.get(i + 1).map(|o| deref(doc, o)) {
                Some(Object::Array(list)) => {
                    for (k, o) in list.iter().enumerate().take(65_536) {
                        by_code.insert(first + k as u32, number(o).unwrap_or(default));
                    }
                    i += 2;
                }
                Some(last) => {
                    let (Some(last), Some(width)) = (number(last), w.get(i + 2).and_then(|o| number(deref(doc, o)))) else { break };
                    let last = (last.max(0.0) as u32).min(first.saturating_add(65_535));
                    for code in first..=last {
                        by_code.insert(code, width);
                    }
                    i += 3;
                }
                None => break,
            }
        }
    }
    Widths { first_char: 0, list: Vec::new(), by_code, default }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Stream};

    fn cmap_stream(body: &str) -> Stream {
        let space = if body.contains("<0") && body.split_whitespace().any(|w| w.len() == 6 && w.starts_with('<')) {
            "<0000> <FFFF>"
        } else {
            "<00> <FF>"
        };
        let text = format!(
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /T def /CMapType 2 def\n\
             1 begincodespacerange {space} endcodespacerange\n{body}\nendcmap CMapName currentdict /CMap defineresource pop end end"
        );
        Stream::new(dictionary! {}, text.into_bytes())
    }

    fn decode_all(font: &Font, bytes: &[u8]) -> String {
        font.decode(bytes).filter_map(|g| g.text).map(|t| t.to_string()).collect()
    }

    #[test]
    fn to_unicode_wins_over_differences() {
        let mut doc = Document::with_version("1.5");
        let cmap = doc.add_object(cmap_stream(
            "2 beginbfchar\n<01> <041F>\n<02> <0440>\nendbfchar\n1 beginbfrange\n<03> <05> [<0438> <0432> <0435>]\nendbfrange",
        ));
        let font = dictionary! {
            "Type" => "Font", "Subtype" => "TrueType", "FirstChar" => 1,
            "Widths" => vec![600.into(), 500.into(), 400.into(), 450.into(), 500.into()],
            "Encoding" => dictionary! { "Differences" => vec![1.into(), Object::Name(b"A".to_vec()), Object::Name(b"B".to_vec())] },
            "ToUnicode" => cmap,
        };
        let font = Font::load(&font, &doc, 1 << 20);
        assert_eq!(decode_all(&font, &[1, 2, 3, 4, 5, 3]), "Привеи");
        let glyphs: Vec<Glyph> = font.decode(&[1, 9]).collect();
        assert!((glyphs[0].advance - 0.6).abs() < 1e-6);
        assert_eq!(glyphs[1].advance, 0.0);
    }

    #[test]
    fn bfrange_with_offset_and_simple_encodings() {
        let mut doc = Document::with_version("1.5");
        let cmap = doc.add_object(cmap_stream("1 beginbfrange\n<10> <12> <0430>\nendbfrange"));
        let font = dictionary! { "Type" => "Font", "Subtype" => "Type1", "Encoding" => "WinAnsiEncoding", "ToUnicode" => cmap };
        let font = Font::load(&font, &doc, 1 << 20);
        assert_eq!(decode_all(&font, &[0x10, 0x11, 0x12, b' ', b'A', 0x93]), "абв A\u{201c}");
        assert!(font.decode(b" ").all(|g| g.is_space_code));
        let mac = dictionary! { "Type" => "Font", "Subtype" => "Type1", "Encoding" => "MacRomanEncoding" };
        assert_eq!(decode_all(&Font::load(&mac, &doc, 1 << 20), &[0x8A]), "ä");
    }

    #[test]
    fn type0_identity_h_with_w_array() {
        let mut doc = Document::with_version("1.5");
        let cmap = doc.add_object(cmap_stream(
            "2 beginbfchar\n<0102> <0428>\n<0103> <043A>\nendbfchar\n1 beginbfrange\n<0200> <0201> <0430>\nendbfrange",
        ));
        let cid = dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "DW" => 1000,
            "W" => vec![0x102.into(), vec![700.into(), 520.into()].into(), 0x200.into(), 0x201.into(), 480.into()],
        };
        let cid = doc.add_object(cid);
        let font = dictionary! { "Type" => "Font", "Subtype" => "Type0", "Encoding" => "Identity-H", "DescendantFonts" => vec![cid.into()], "ToUnicode" => cmap };
        let font = Font::load(&font, &doc, 1 << 20);
        let glyphs: Vec<Glyph> = font.decode(&[1, 2, 1, 3, 2, 0, 2, 1, 9, 9]).collect();
        assert_eq!(glyphs.iter().filter_map(|g| g.text.as_deref()).collect::<String>(), "Шкаб");
        let advances: Vec<f32> = glyphs.iter().map(|g| (g.advance * 1000.0).round()).collect();
        assert_eq!(advances, vec![700.0, 520.0, 480.0, 480.0, 1000.0]);
    }
}
