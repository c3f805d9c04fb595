//! Fonts: character codes to Unicode text and glyph advances.
//!
//! Simple fonts: a code is decoded through the font's `ToUnicode` CMap first (read leniently by
//! [`crate::cmap`]), then its encoding (`WinAnsi`, `MacRoman`, `Standard`, `/Differences` over a
//! base, glyph names read by [`glyph_name_text`]), then the encoding built into its embedded
//! program (a bare CFF font's, a Type 1 program's `dup … put` entries); a font without a usable
//! encoding whose map gives nothing reads its codes as standard Latin. Type 3 fonts advance and
//! size text in their own glyph space (`/FontMatrix`).
//!
//! Composite (Type0) fonts: codes are two bytes (`Identity-H`/`-V`), or as long as an embedded
//! encoding CMap's code space says, or as a predefined CJK CMap reads them
//! ([`crate::predefined`]); each code stands for a CID. Text comes from the `ToUnicode` map by
//! the code, else from the embedded program by the CID (through `/CIDToGIDMap`, identity by
//! default, to a glyph, then the program's Unicode `cmap` table or its glyph names:
//! `ttf-parser`, for TrueType, OpenType and bare CFF programs), else from the Unicode map of
//! the CJK collection the font names; a font with none of these has its CIDs taken as Unicode
//! code points, as poppler and pdf.js do for the Identity ordering. Advances come from
//! `/Widths` (`/FirstChar`, `/MissingWidth`) or, for composite fonts, the descendant's `/W` and
//! `/DW`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object};

use crate::cmap::{CodeSpace, ToUnicode};
use crate::content::number;

/// A font ready to decode strings of a content stream.
#[derive(Debug, Default)]
pub(crate) struct Font {
    /// Composite font: codes are two bytes, or as long as `code_space` says.
    two_byte: bool,
    /// A composite font whose `/Encoding` is an embedded CMap: its codes' lengths and CIDs.
    code_space: Option<CodeSpace>,
    /// A composite font whose `/Encoding` names a predefined CJK CMap, by name.
    predefined_encoding: Option<Vec<u8>>,
    /// Text of each single-byte code (simple fonts).
    simple_text: Vec<Option<Rc<str>>>,
    /// The `ToUnicode` map of a composite font.
    cmap: Option<ToUnicode>,
    /// The characters of a composite font's CIDs, read from its embedded font program.
    embedded: HashMap<u32, Rc<str>>,
    /// The predefined CID → Unicode map of the CJK collection a composite font names, by name.
    collection: Option<Vec<u8>>,
    /// A composite font with neither a `ToUnicode` map nor a readable program nor a known
    /// collection: its CIDs are taken as Unicode.
    cids_as_unicode: bool,
    /// Codes of a composite font already looked up in `cmap`.
    cmap_cache: RefCell<HashMap<u64, Option<Rc<str>>>>,
    widths: Widths,
    /// Glyph space to text space for advances (1/1000 except for Type 3 fonts).
    width_scale: f32,
    /// The height of the font's em in text space per unit of font size: 1, except for Type 3
    /// fonts, whose glyph space is their own.
    pub em: f32,
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

/// The `ToUnicode` map of `font`, when it has one that maps anything.
fn to_unicode(font: &Dictionary, doc: &Document, limit: usize) -> Option<ToUnicode> {
    let stream = deref(doc, font.get(b"ToUnicode").ok()?).as_stream().ok()?;
    let map = ToUnicode::parse(&stream_bytes(stream, limit)?);
    (!map.is_empty()).then_some(map)
}

/// Look a code of `len` bytes up in a `ToUnicode` map.
fn mapped(cmap: Option<&ToUnicode>, code: u32, len: u8) -> Option<String> {
    cmap?.get(code, len).filter(|t| !t.contains('\u{fffd}'))
}

impl Font {
    /// Build a font from its dictionary. `limit` bounds each decompressed font stream.
    pub fn load(dict: &Dictionary, doc: &Document, limit: usize) -> Font {
        let subtype = dict.get(b"Subtype").and_then(Object::as_name).unwrap_or(b"");
        let cmap = to_unicode(dict, doc, limit);
        if subtype == b"Type0" {
            return Font::composite(dict, doc, limit, cmap);
        }
        let encoding = dict.get_font_encoding_with_limit(doc, limit).ok();
        let mut simple_text: Vec<Option<Rc<str>>> = (0u32..256)
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
        // glyph names outside the Adobe glyph list, as Type3 and subset fonts name them
        let differences = differences(dict, doc);
        for (code, name) in &differences {
            if let (Some(slot @ None), Some(text)) = (simple_text.get_mut(*code), glyph_name_text(name)) {
                *slot = Some(Rc::from(text.as_str()));
            }
        }
        // a font whose encoding builds on the one built into its program (no /Encoding, an
        // unknown name, or differences without a base encoding, ISO 32000 §9.6.5): the codes its
        // ToUnicode map and differences leave to that base, read from the embedded program
        let encoding_entry = dict.get(b"Encoding").map(|e| deref(doc, e));
        let builds_on_builtin = match encoding_entry {
            Err(_) => true,
            Ok(Object::Name(name)) => !KNOWN_ENCODINGS.contains(&name.as_slice()),
            Ok(Object::Dictionary(differences)) => differences.get(b"BaseEncoding").is_err(),
            Ok(_) => false,
        };
        if builds_on_builtin {
            for (code, name) in builtin_encoding(dict, doc, limit).iter().enumerate() {
                let left_to_base = mapped(cmap.as_ref(), code as u32, 1).is_none() && !differences.iter().any(|(c, _)| *c == code);
                if let (true, Some(text)) = (left_to_base, name.as_deref().and_then(|n| glyph_name_text(n.as_bytes()))) {
                    simple_text[code] = Some(Rc::from(text.as_str()));
                }
            }
        }
        // a font without an /Encoding (or one named by no encoding there is) whose ToUnicode
        // map gives nothing (an empty map hides the standard encoding from lopdf): its codes in
        // the standard Latin encoding, as poppler reads them
        let named_encoding = match encoding_entry {
            Ok(Object::Name(name)) => KNOWN_ENCODINGS.contains(&name.as_slice()),
            Ok(_) => true,
            Err(_) => false,
        };
        if !named_encoding && simple_text[0x21..0x7F].iter().all(Option::is_none) {
            let standard = lopdf::Encoding::SimpleEncoding(b"WinAnsiEncoding");
            for (code, slot) in simple_text.iter_mut().enumerate().skip(0x20) {
                *slot = standard
                    .bytes_to_string(&[code as u8])
                    .ok()
                    .filter(|t| !t.is_empty() && !t.contains('\u{fffd}'))
                    .map(|t| Rc::from(t.as_str()));
            }
        }
        let widths = simple_widths(dict, doc);
        let (width_scale, em) = if subtype == b"Type3" { type3_scales(dict, doc, &widths) } else { (0.001, 1.0) };
        Font { simple_text, widths, width_scale, em, ..Font::default() }
    }

    /// A composite (Type0) font, its `ToUnicode` map `cmap` already read.
    fn composite(dict: &Dictionary, doc: &Document, limit: usize, cmap: Option<ToUnicode>) -> Font {
        let descendant = dict
            .get(b"DescendantFonts")
            .ok()
            .and_then(|o| deref(doc, o).as_array().ok())
            .and_then(|a| a.first())
            .and_then(|o| dict_of(doc, o));
        let widths = descendant.map(|d| cid_widths(d, doc)).unwrap_or(Widths { default: 1000.0, ..Widths::default() });
        let embedded = descendant.map(|d| embedded_text(d, doc, limit)).unwrap_or_default();
        let collection = descendant.and_then(|d| d.get(b"CIDSystemInfo").ok()).and_then(|i| dict_of(doc, i)).and_then(|info| {
            let field = |key: &[u8]| match info.get(key).map(|v| deref(doc, v)) {
                Ok(Object::String(s, _)) => Some(s.clone()),
                Ok(Object::Name(n)) => Some(n.clone()),
                _ => None,
            };
            crate::predefined::unicode_map_of(&field(b"Registry")?, &field(b"Ordering")?)
        });
        let cids_as_unicode = cmap.is_none() && embedded.is_empty() && collection.is_none();
        let code_space = dict
            .get(b"Encoding")
            .ok()
            .and_then(|e| deref(doc, e).as_stream().ok())
            .and_then(|s| stream_bytes(s, limit))
            .and_then(|data| CodeSpace::parse(&data));
        let predefined_encoding = match dict.get(b"Encoding").map(|e| deref(doc, e)) {
            Ok(Object::Name(name)) if crate::predefined::is_predefined(name) => Some(name.clone()),
            _ => None,
        };
        Font {
            two_byte: true,
            code_space,
            predefined_encoding,
            cmap,
            embedded,
            collection,
            cids_as_unicode,
            widths,
            width_scale: 0.001,
            em: 1.0,
            ..Font::default()
        }
    }

    /// Decode a string operand into glyphs.
    pub fn decode<'s>(&'s self, bytes: &'s [u8]) -> impl Iterator<Item = Glyph> + 's {
        let mut rest = bytes;
        std::iter::from_fn(move || {
            if rest.is_empty() {
                return None;
            }
            let (code, len, cid) = match (&self.code_space, &self.predefined_encoding) {
                (Some(space), _) => {
                    let (code, len) = space.next_code(rest);
                    (code, len, space.cid(code, len))
                }
                (None, Some(name)) => crate::predefined::next_code(name, rest),
                (None, None) => {
                    let len = if self.two_byte { rest.len().min(2) } else { 1 };
                    let code = rest[..len].iter().fold(0u32, |acc, b| acc * 256 + u32::from(*b));
                    (code, len as u8, code)
                }
            };
            rest = rest.get(usize::from(len)..).unwrap_or_default();
            let glyph = if self.two_byte {
                Glyph {
                    code,
                    text: self.composite_text(code, len, cid),
                    advance: self.widths.of(cid) * self.width_scale,
                    is_space_code: false,
                }
            } else {
                let text = self.simple_text.get(code as usize).cloned().flatten();
                Glyph { code, text, advance: self.widths.of(code) * self.width_scale, is_space_code: code == 32 }
            };
            Some(glyph)
        })
    }

    /// The text of a composite font's code (`len` bytes, standing for `cid`): by the
    /// `ToUnicode` map, else the embedded program, else the CID as Unicode; looked up once.
    fn composite_text(&self, code: u32, len: u8, cid: u32) -> Option<Rc<str>> {
        let mut cache = self.cmap_cache.borrow_mut();
        cache
            .entry((u64::from(len) << 32) | u64::from(code))
            .or_insert_with(|| {
                mapped(self.cmap.as_ref(), code, len)
                    .map(Rc::from)
                    .or_else(|| self.embedded.get(&cid).cloned())
                    .or_else(|| crate::predefined::text(self.collection.as_deref()?, cid).map(Rc::from))
                    .or_else(|| identity_text(cid).filter(|_| self.cids_as_unicode).map(|c| Rc::from(c.to_string().as_str())))
            })
            .clone()
    }
}

/// The encodings a simple font may name.
const KNOWN_ENCODINGS: [&[u8]; 5] = [b"WinAnsiEncoding", b"MacRomanEncoding", b"StandardEncoding", b"MacExpertEncoding", b"PDFDocEncoding"];

/// A Type 3 font's glyph space: the `/FontMatrix` scale of advances, and the em in text space
/// per unit of font size. Type 3 glyph spaces are arbitrary (a matrix of 1 with glyphs 50 units
/// wide is as common as 0.001 with 500), so the em is estimated as twice the mean advance
/// (letters average half an em), else the `/FontBBox` height, through the matrix's vertical scale.
fn type3_scales(dict: &Dictionary, doc: &Document, widths: &Widths) -> (f32, f32) {
    let matrix: Vec<f32> = dict
        .get(b"FontMatrix")
        .ok()
        .and_then(|m| deref(doc, m).as_array().ok())
        .map(|m| m.iter().filter_map(number).collect())
        .unwrap_or_default();
    let (horizontal, vertical) = match matrix[..] {
        [a, _, _, d, ..] if a.is_finite() && d.is_finite() && a != 0.0 && d != 0.0 => (a, d.abs()),
        _ => (0.001, 0.001),
    };
    let advances: Vec<f32> = widths.list.iter().copied().filter(|w| w.is_finite() && *w > 0.0).collect();
    let bbox_height = dict
        .get(b"FontBBox")
        .ok()
        .and_then(|b| deref(doc, b).as_array().ok())
        .and_then(|b| Some((number(b.get(1)?)?, number(b.get(3)?)?)))
        .map(|(y0, y1)| (y1 - y0).abs())
        .filter(|h| h.is_finite() && *h > 0.0);
    let em_units =
        if advances.is_empty() { bbox_height.unwrap_or(1000.0) } else { 2.0 * advances.iter().sum::<f32>() / advances.len() as f32 };
    (horizontal, (em_units * vertical).clamp(1e-4, 1e4))
}

/// The (code, glyph name) pairs of a simple font's `/Encoding /Differences`.
fn differences(dict: &Dictionary, doc: &Document) -> Vec<(usize, Vec<u8>)> {
    let encoding = dict.get(b"Encoding").ok().and_then(|e| dict_of(doc, e));
    let Some(list) = encoding.and_then(|e| e.get(b"Differences").ok()).and_then(|d| deref(doc, d).as_array().ok()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut code = 0usize;
    for item in list.iter().take(4096) {
        match item {
            Object::Integer(n) => code = usize::try_from(*n).unwrap_or(usize::MAX),
            Object::Name(name) => {
                if code < 256 {
                    out.push((code, name.clone()));
                }
                code = code.saturating_add(1);
            }
            _ => {}
        }
    }
    out
}

/// The text a glyph name stands for, by the Adobe Glyph List specification: a name whose
/// suffix after a period is dropped (`a.sc`, `zero.taboldstyle`) and whose parts joined by
/// underscores are ligatures (`f_t`, `T_h`), each part read by the Adobe Glyph List
/// (`afii10017`, `fi`, `quotedblleft`; the list lopdf carries), else by the conventions
/// producers follow (as pdf.js and poppler read them): a one-character name is that character
/// (`/0`, `/A`, `/,`); `uniXXXX` and `uXXXX` are code points; `Cxx`, `cxx`, `Gxx` and `gxx`
/// with two to four hexadecimal digits are character codes. The one reading of glyph names for
/// encodings, CMaps and embedded font programs.
pub(crate) fn glyph_name_text(name: &[u8]) -> Option<String> {
    let part = |part: &[u8]| adobe_glyph_list(part).or_else(|| conventional_glyph_name(part));
    if let Some(c) = part(name) {
        return Some(c.to_string());
    }
    let base = name.split(|b| *b == b'.').next().filter(|b| !b.is_empty())?;
    base.split(|b| *b == b'_').map(part).collect::<Option<String>>().filter(|t| !t.is_empty())
}

/// A name of the Adobe Glyph List, looked up through lopdf's own list: a one-entry
/// `/Differences` over the standard encoding, which leaves code 0 undefined.
fn adobe_glyph_list(name: &[u8]) -> Option<char> {
    let differences = lopdf::dictionary! { "Differences" => vec![0.into(), Object::Name(name.to_vec())] };
    let font = lopdf::dictionary! { "Type" => "Font", "Encoding" => differences };
    let text = font.get_font_encoding(&Document::new()).ok()?.bytes_to_string(&[0]).ok()?;
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_control() && c != '\u{fffd}' => Some(c),
        _ => None,
    }
}

fn conventional_glyph_name(name: &[u8]) -> Option<char> {
    let name = std::str::from_utf8(name).ok()?;
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return (!c.is_control()).then_some(c);
    }
    let hex = name
        .strip_prefix("uni")
        .or_else(|| name.strip_prefix('u').filter(|h| h.len() >= 4))
        .or_else(|| name.strip_prefix(['C', 'c', 'G', 'g']).filter(|h| (2..=4).contains(&h.len())))?;
    let value = u32::from_str_radix(hex.get(..hex.len().min(6))?, 16).ok()?;
    char::from_u32(value).filter(|c| !c.is_control() && !matches!(*c as u32, 0xE000..=0xF8FF))
}

/// A CID read as a Unicode code point: a printable character outside the private use areas.
fn identity_text(cid: u32) -> Option<char> {
    let c = char::from_u32(cid)?;
    let private = matches!(cid, 0xE000..=0xF8FF);
    (!c.is_control() && !private && cid >= 0x20).then_some(c)
}

/// Glyphs a font program may hold: more is damage.
const MAX_GLYPHS: usize = 65_536;

/// The decompressed bytes of a stream (`limit` bounds them); a stream without filters as it is.
pub(crate) fn stream_bytes(stream: &lopdf::Stream, limit: usize) -> Option<Vec<u8>> {
    stream
        .decompressed_content_with_limit(limit)
        .or_else(|e| match e {
            lopdf::Error::Decompress(_) => Err(e),
            _ if stream.dict.get(b"Filter").is_err() => Ok(stream.content.clone()),
            _ => Err(e),
        })
        .ok()
}

/// CID → text of a CIDFont whose program is embedded as TrueType or OpenType: the CID's glyph
/// (through `/CIDToGIDMap`) and that glyph's character in the program's Unicode `cmap`, or a
/// `uniXXXX`/`uXXXX` glyph name.
fn embedded_text(cid_font: &Dictionary, doc: &Document, limit: usize) -> HashMap<u32, Rc<str>> {
    let program = cid_font
        .get(b"FontDescriptor")
        .ok()
        .and_then(|d| dict_of(doc, d))
        .and_then(|d| d.get(b"FontFile2").or_else(|_| d.get(b"FontFile3")).ok())
        .and_then(|f| deref(doc, f).as_stream().ok())
        .and_then(|s| stream_bytes(s, limit));
    let Some(program) = program else { return HashMap::new() };
    let Ok(face) = ttf_parser::Face::parse(&program, 0) else { return bare_cff_text(&program) };
    let mut by_glyph: HashMap<u16, char> = HashMap::new();
    if let Some(cmap) = face.tables().cmap {
        for subtable in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
            subtable.codepoints(|cp| {
                if let (Some(glyph), Some(c)) = (subtable.glyph_index(cp), char::from_u32(cp)) {
                    if by_glyph.len() < MAX_GLYPHS && !c.is_control() {
                        by_glyph.entry(glyph.0).or_insert(c);
                    }
                }
            });
        }
    }
    let glyph_text = |glyph: u16| -> Option<String> {
        by_glyph.get(&glyph).map(char::to_string).or_else(|| {
            let name = face.glyph_name(ttf_parser::GlyphId(glyph))?;
            glyph_name_text(name.as_bytes())
        })
    };
    // CID → glyph: identity, or the big-endian glyph ids of a /CIDToGIDMap stream
    let gid_map = cid_font.get(b"CIDToGIDMap").ok().and_then(|m| deref(doc, m).as_stream().ok()).and_then(|s| stream_bytes(s, limit));
    let glyphs: Vec<(u32, u16)> = match gid_map {
        Some(map) => {
            map.chunks_exact(2).take(MAX_GLYPHS).enumerate().map(|(cid, g)| (cid as u32, u16::from_be_bytes([g[0], g[1]]))).collect()
        }
        None => (0..face.number_of_glyphs()).map(|g| (u32::from(g), g)).collect(),
    };
    glyphs.into_iter().filter_map(|(cid, glyph)| glyph_text(glyph).map(|t| (cid, Rc::from(t.as_str())))).collect()
}

/// CID → text of a CIDFont whose program is a bare CFF font (`/FontFile3`, `CIDFontType0C`)
/// with glyph names: CIDs are its glyph ids. A CID-keyed CFF names no glyphs and gives nothing.
fn bare_cff_text(program: &[u8]) -> HashMap<u32, Rc<str>> {
    let Some(cff) = ttf_parser::cff::Table::parse(program) else { return HashMap::new() };
    (0..cff.number_of_glyphs().min(MAX_GLYPHS as u16))
        .map(ttf_parser::GlyphId)
        .filter(|glyph| cff.glyph_cid(*glyph).is_none())
        .filter_map(|glyph| {
            let text = glyph_name_text(cff.glyph_name(glyph)?.as_bytes())?;
            Some((u32::from(glyph.0), Rc::from(text.as_str())))
        })
        .collect()
}

/// The glyph name of each single-byte code in the encoding built into a simple font's embedded
/// program: a bare CFF font's encoding (`/FontFile3`), or the `dup code /name put` entries of a
/// Type 1 program's clear-text part (`/FontFile`). Empty when there is neither.
fn builtin_encoding(dict: &Dictionary, doc: &Document, limit: usize) -> Vec<Option<String>> {
    let descriptor = dict.get(b"FontDescriptor").ok().and_then(|d| dict_of(doc, d));
    let program = |key: &[u8]| descriptor.and_then(|d| d.get(key).ok()).and_then(|f| deref(doc, f).as_stream().ok());
    if let Some(stream) = program(b"FontFile3") {
        let Some(data) = stream_bytes(stream, limit) else { return Vec::new() };
        let Some(cff) = ttf_parser::cff::Table::parse(&data) else { return Vec::new() };
        return (0..=255u8).map(|code| cff.glyph_index(code).and_then(|g| cff.glyph_name(g)).map(str::to_string)).collect();
    }
    let Some(stream) = program(b"FontFile") else { return Vec::new() };
    let Some(data) = stream_bytes(stream, limit) else { return Vec::new() };
    type1_encoding(&data)
}

/// The `/Encoding` array of a Type 1 program: `dup code /name put` entries in its clear text
/// (before `eexec`).
fn type1_encoding(program: &[u8]) -> Vec<Option<String>> {
    let clear = program.windows(5).position(|w| w == b"eexec").map_or(program, |end| &program[..end]);
    let Some(start) = clear.windows(9).position(|w| w == b"/Encoding") else { return Vec::new() };
    let mut names = vec![None; 256];
    let words: Vec<&[u8]> = clear[start..].split(|b| b.is_ascii_whitespace()).filter(|w| !w.is_empty()).collect();
    for entry in words.windows(4) {
        if let [b"dup", code, name, b"put"] = entry {
            let code = std::str::from_utf8(code).ok().and_then(|c| c.parse::<usize>().ok()).filter(|c| *c < 256);
            if let (Some(code), Some(name)) = (code, name.strip_prefix(b"/")) {
                names[code] = Some(String::from_utf8_lossy(name).into_owned());
            }
        }
        if entry[0] == b"def" && names.iter().any(Option::is_some) {
            break;
        }
    }
    names
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
    fn glyph_names_outside_the_glyph_list() {
        let text = |name: &[u8]| glyph_name_text(name).unwrap_or_default();
        assert_eq!([b"0", b",", b"_"].map(|n| text(n)), ["0", ",", "_"]);
        assert_eq!([&b"C41"[..], b"g2c", b"uni0416", b"u1F600"].map(text), ["A", ",", "Ж", "😀"]);
        // the Adobe Glyph List, with its suffixes and ligatures
        assert_eq!([&b"afii10017"[..], b"quotedblleft", b"fi", b"f_f_i"].map(text), ["А", "\u{201c}", "\u{fb01}", "\u{fb03}"]);
        assert_eq!([&b"a.sc"[..], b"zero.taboldstyle", b"f_t", b"T_h", b"afii10066.ital"].map(text), ["a", "0", "ft", "Th", "б"]);
        for name in [&b"\x0b"[..], b"cid123", b"Cyrillic", b".notdef", b"f_xyz"] {
            assert_eq!(glyph_name_text(name), None, "{}", String::from_utf8_lossy(name));
        }
    }

    #[test]
    fn an_empty_to_unicode_map_does_not_hide_the_standard_encoding() {
        let mut doc = Document::with_version("1.5");
        let cmap = doc.add_object(cmap_stream(""));
        let font = dictionary! { "Type" => "Font", "Subtype" => "TrueType", "ToUnicode" => cmap };
        let font = Font::load(&font, &doc, 1 << 20);
        assert_eq!(decode_all(&font, b"Plan 2021"), "Plan 2021");
        // nor does an encoding named by no encoding there is
        let font = dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "Winng" };
        assert_eq!(decode_all(&Font::load(&font, &doc, 1 << 20), b"Plan"), "Plan");
        // Type3 glyphs named by their codes
        let font = dictionary! {
            "Type" => "Font", "Subtype" => "Type3",
            "Encoding" => dictionary! { "Differences" => vec![65.into(), Object::Name(b"C41".to_vec()), Object::Name(b"C42".to_vec()), 48.into(), Object::Name(b"0".to_vec())] },
        };
        let font = Font::load(&font, &doc, 1 << 20);
        assert_eq!(decode_all(&font, b"AB0"), "AB0");
    }

    #[test]
    fn the_encoding_built_into_an_embedded_type1_program() {
        let mut doc = Document::with_version("1.5");
        let program = b"%!PS-AdobeFont-1.0: Test\n/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\n\
dup 65 /afii10017 put\ndup 66 /afii10066 put\nreadonly def\ncurrentfile eexec\n\x8f\x03 dup 67 /C put";
        let file = doc.add_object(Stream::new(dictionary! { "Length1" => program.len() as i64 }, program.to_vec()));
        let descriptor = doc.add_object(dictionary! { "Type" => "FontDescriptor", "FontFile" => file });
        let font = dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Test", "FontDescriptor" => descriptor };
        // the program's own encoding (what stands after eexec is not read); a code it leaves
        // out keeps the standard encoding
        assert_eq!(decode_all(&Font::load(&font, &doc, 1 << 20), b"ABC"), "АбC");
        // a font whose encoding is a base encoding of its own does not consult the program
        let mut named = font.clone();
        named.set("Encoding", "WinAnsiEncoding");
        assert_eq!(decode_all(&Font::load(&named, &doc, 1 << 20), b"ABC"), "ABC");
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

    /// A Type0 font over a CIDFontType2 without `ToUnicode`, its program `program` if any.
    fn type0_without_to_unicode(doc: &mut Document, program: Option<&[u8]>, cid_to_gid: Option<Vec<u8>>) -> Font {
        let mut cid = dictionary! { "Type" => "Font", "Subtype" => "CIDFontType2", "DW" => 1000 };
        if let Some(p) = program {
            let file = doc.add_object(Stream::new(dictionary! {}, p.to_vec()));
            let descriptor = doc.add_object(dictionary! { "Type" => "FontDescriptor", "FontFile2" => file });
            cid.set("FontDescriptor", descriptor);
        }
        if let Some(map) = cid_to_gid {
            cid.set("CIDToGIDMap", doc.add_object(Stream::new(dictionary! {}, map)));
        }
        let cid = doc.add_object(cid);
        let font =
            dictionary! { "Type" => "Font", "Subtype" => "Type0", "Encoding" => "Identity-H", "DescendantFonts" => vec![cid.into()] };
        Font::load(&font, doc, 1 << 20)
    }

    #[test]
    fn a_composite_font_without_to_unicode_reads_its_embedded_program() {
        // made by scripts/make-test-font.py: glyphs 1-3 are «Шко» by the program's cmap only
        let program = include_bytes!("../testdata/cmap-only.ttf");
        let mut doc = Document::with_version("1.5");
        let font = type0_without_to_unicode(&mut doc, Some(program), None);
        assert_eq!(decode_all(&font, &[0, 1, 0, 2, 0, 3]), "Шко");
        // a /CIDToGIDMap stream sends CIDs 5, 6 to glyphs 3, 1
        let font = type0_without_to_unicode(&mut doc, Some(program), Some(vec![0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 1]));
        assert_eq!(decode_all(&font, &[0, 5, 0, 6]), "оШ");
    }

    #[test]
    fn a_composite_font_with_nothing_else_reads_cids_as_unicode() {
        let mut doc = Document::with_version("1.5");
        let font = type0_without_to_unicode(&mut doc, None, None);
        assert_eq!(decode_all(&font, &[0x04, 0x10, 0x04, 0x31, 0x00, 0x01, 0xE0, 0x00]), "Аб", "controls and private use give nothing");
        // a damaged program is no program
        let font = type0_without_to_unicode(&mut doc, Some(b"not a font"), None);
        assert_eq!(decode_all(&font, &[0x04, 0x10]), "А");
    }
}
