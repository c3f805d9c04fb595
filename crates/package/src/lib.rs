//! Zip packages (DOCX, XLSX, ODF) read within limits: the rule every package reader shares
//! for telling a zip bomb from a large legitimate document.
//!
//! In: the bytes of a zip archive and [`Limits`]. Out: the decompressed bytes of named parts,
//! or a check of every part, or a [`PackageError`].
//!
//! A bomb is told by what it does, not by the size of one part alone: a part is refused once
//! it has inflated past [`Limits::ratio_after`] bytes *and* past [`Limits::max_ratio`] times its
//! compressed size (real office XML compresses 5–30 times; bombs hundreds or thousands of
//! times), and a package is refused once all it has inflated passes
//! [`Limits::max_total_bytes`]. [`Limits::max_part_bytes`] is an absolute cap per part for users
//! who want one. Sizes are counted as bytes come out of the decompressor, never taken from the
//! zip headers, which a hostile file can fill with anything.
//!
//! ```
//! use std::io::Write;
//! let mut bytes = std::io::Cursor::new(Vec::new());
//! let mut zip = zip::ZipWriter::new(&mut bytes);
//! zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
//! zip.write_all(b"<w:document/>").unwrap();
//! zip.finish().unwrap();
//! let bytes = bytes.into_inner();
//! let mut package = roadmap_package::Package::open(&bytes, roadmap_package::Limits::default()).unwrap();
//! assert_eq!(package.part("word/document.xml").unwrap().as_deref(), Some(&b"<w:document/>"[..]));
//! assert_eq!(package.part("missing.xml").unwrap(), None);
//! ```

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use roadmap_layout::Properties;

/// The limits of a reader of word-processor packages (DOCX, ODT) against hostile files.
#[derive(Debug, Clone)]
pub struct ReaderOptions {
    /// What the package may inflate to (zip bombs).
    pub package: Limits,
    /// Tables nested deeper than this are read as text of the enclosing cell.
    pub max_table_depth: usize,
}

impl Default for ReaderOptions {
    fn default() -> Self {
        ReaderOptions { package: Limits::default(), max_table_depth: 16 }
    }
}

/// What a package may inflate to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// An absolute cap on one part's decompressed size, when the user sets one.
    pub max_part_bytes: Option<u64>,
    /// Largest decompressed-to-compressed ratio of a part past [`Limits::ratio_after`].
    pub max_ratio: u64,
    /// Decompressed size from which the ratio counts: small parts may compress very well.
    pub ratio_after: u64,
    /// Largest decompressed size of all the parts read, together.
    pub max_total_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_part_bytes: None, max_ratio: 100, ratio_after: 8 * 1024 * 1024, max_total_bytes: 2 * 1024 * 1024 * 1024 }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    #[error("not a readable zip archive: {0}")]
    NotZip(String),
    #[error("part {part} {why} (a zip bomb?)")]
    Bomb { part: String, why: String },
    #[error("damaged part {part}: {message}")]
    Damaged { part: String, message: String },
}

/// An open zip package and what has been inflated from it so far.
pub struct Package<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    archive_len: u64,
    limits: Limits,
    inflated: u64,
}

/// Bytes inflated between checks of the limits.
const CHUNK: usize = 64 * 1024;

/// The most deflate inflates one compressed byte to: a 258-byte match coded in two bits.
const DEFLATE_MOST: u64 = 1032;

/// The most room reserved for a part before reading it, whatever its header says.
const RESERVE_MOST: u64 = 16 * 1024 * 1024;

impl<'a> Package<'a> {
    pub fn open(bytes: &'a [u8], limits: Limits) -> Result<Self, PackageError> {
        let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| PackageError::NotZip(e.to_string()))?;
        Ok(Package { archive, archive_len: bytes.len() as u64, limits, inflated: 0 })
    }

    /// The names of the parts, as the archive spells them.
    pub fn names(&self) -> Vec<String> {
        self.archive.file_names().filter_map(|n| n.ok().map(|n| n.into_owned())).collect()
    }

    /// The decompressed bytes of a part, `None` when the package has no such part.
    pub fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, PackageError> {
        let Some(index) = self.archive.index_for_name(name) else {
            return Ok(None);
        };
        let mut out = Vec::new();
        self.inflate(index, name, Some(&mut out))?;
        Ok(Some(out))
    }

    /// [`Package::part`] as UTF-8 text.
    pub fn text_part(&mut self, name: &str) -> Result<Option<String>, PackageError> {
        match self.part(name)? {
            None => Ok(None),
            Some(bytes) => String::from_utf8(bytes)
                .map(Some)
                .map_err(|e| PackageError::Damaged { part: name.to_string(), message: format!("not UTF-8: {e}") }),
        }
    }

    /// The document properties: OOXML `docProps/core.xml` or ODF `meta.xml`, whichever the
    /// package has. Both are Dublin Core; a damaged or missing part gives no properties
    /// rather than an error, as the text can still be read. A part over the limits is an error.
    pub fn properties(&mut self) -> Result<Properties, PackageError> {
        let part = match self.part("docProps/core.xml")? {
            Some(part) => part,
            None => self.part("meta.xml")?.unwrap_or_default(),
        };
        Ok(dublin_core(&part))
    }

    /// Inflate every part once, without keeping it, to refuse a bomb before another library
    /// opens the package. Parts that cannot be read are left to that library to report.
    ///
    /// A part that cannot inflate to where a limit applies is not inflated: stored, or
    /// deflated (which inflates at most [`DEFLATE_MOST`] times), its largest size under the
    /// size from which the ratio counts and under the user's cap, and all the parts' largest
    /// sizes together under the package's limit.
    pub fn check_all(&mut self) -> Result<(), PackageError> {
        let most: Vec<u64> = (0..self.archive.len()).map(|index| self.most_inflated(index)).collect();
        let total_within = most.iter().fold(self.inflated, |sum, m| sum.saturating_add(*m)) <= self.limits.max_total_bytes;
        for (index, most) in most.into_iter().enumerate() {
            let within = most <= self.limits.ratio_after && self.limits.max_part_bytes.is_none_or(|max| most <= max);
            if total_within && within {
                continue;
            }
            let name = self.archive.name_for_index(index).and_then(Result::ok).map(|n| n.into_owned()).unwrap_or_default();
            match self.inflate(index, &name, None) {
                Err(PackageError::Damaged { .. }) | Ok(()) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// The most a part can inflate to: its size when stored, [`DEFLATE_MOST`] times its
    /// compressed size when deflated; unbounded for any other method or a part that cannot be
    /// read.
    fn most_inflated(&mut self, index: usize) -> u64 {
        let archive_len = self.archive_len;
        match self.archive.by_index_raw(index) {
            // the compressed bytes cannot be more than the archive holds, whatever the header says
            Ok(file) => match file.compression() {
                zip::CompressionMethod::Stored => file.compressed_size().min(archive_len),
                zip::CompressionMethod::Deflated => file.compressed_size().min(archive_len).saturating_mul(DEFLATE_MOST),
                _ => u64::MAX,
            },
            Err(_) => u64::MAX,
        }
    }

    fn inflate(&mut self, index: usize, name: &str, mut out: Option<&mut Vec<u8>>) -> Result<(), PackageError> {
        let damaged = |e: &dyn std::fmt::Display| PackageError::Damaged { part: name.to_string(), message: e.to_string() };
        let mut file = self.archive.by_index(index).map_err(|e| damaged(&e))?;
        // the compressed bytes cannot be more than the archive holds, whatever the header says
        let compressed = file.compressed_size().clamp(1, self.archive_len.max(1));
        // what the part says it holds, within what it could inflate to and what a read keeps
        // before the limits are checked again
        let expected = file.size().min(compressed.saturating_mul(DEFLATE_MOST)).min(RESERVE_MOST);
        if let Some(out) = out.as_deref_mut() {
            out.reserve(usize::try_from(expected).unwrap_or(0));
        }
        let mut buf = vec![0u8; CHUNK.min(usize::try_from(expected).unwrap_or(CHUNK).max(512))];
        let mut part_bytes = 0u64;
        loop {
            let n = file.read(&mut buf).map_err(|e| damaged(&e))?;
            if n == 0 {
                return Ok(());
            }
            part_bytes += n as u64;
            self.inflated += n as u64;
            if let Some(why) = bomb(&self.limits, part_bytes, compressed, self.inflated) {
                return Err(PackageError::Bomb { part: name.to_string(), why });
            }
            if let Some(out) = out.as_deref_mut() {
                out.extend_from_slice(&buf[..n]);
            }
        }
    }
}

/// Why inflating `part_bytes` of a part compressed to `compressed` bytes, and `total` in all,
/// is a bomb by `limits`; `None` when it is not.
fn bomb(limits: &Limits, part_bytes: u64, compressed: u64, total: u64) -> Option<String> {
    const MIB: u64 = 1024 * 1024;
    if let Some(max) = limits.max_part_bytes.filter(|&max| part_bytes > max) {
        return Some(format!("is larger than {} MiB when decompressed (--max-part-mib)", max.div_ceil(MIB)));
    }
    if part_bytes > limits.ratio_after && part_bytes > compressed.saturating_mul(limits.max_ratio) {
        return Some(format!("decompresses to more than {} times its compressed size", limits.max_ratio));
    }
    if total > limits.max_total_bytes {
        return Some(format!("takes the package past {} MiB decompressed", limits.max_total_bytes / MIB));
    }
    None
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::io::Write;

    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        for (name, data) in parts {
            zip.start_file(*name, zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated)).unwrap();
            zip.write_all(data).unwrap();
        }
        zip.finish().unwrap();
        out.into_inner()
    }

    /// Sheet-like XML that compresses about as well as real office XML.
    fn realistic_xml(bytes: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(bytes + 200);
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut row = 0u64;
        while out.len() < bytes {
            row += 1;
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            out.extend_from_slice(
                format!(
                    "<row r=\"{row}\"><c r=\"A{row}\"><v>{}</v></c><c r=\"B{row}\" t=\"s\"><v>{}</v></c></row>",
                    seed % 100_000,
                    seed >> 40
                )
                .as_bytes(),
            );
        }
        out
    }

    #[test]
    fn parts_that_cannot_reach_a_limit_are_judged_without_inflating() {
        let small = zip_of(&[("a.xml", b"<a/>"), ("b.xml", &[b'x'; 4096])]);
        let mut package = Package::open(&small, Limits::default()).unwrap();
        package.check_all().unwrap();
        assert_eq!(package.inflated, 0);
        // a cap below what a part could inflate to: that part is inflated to be judged
        let capped = Limits { max_part_bytes: Some(1024), ..Limits::default() };
        let mut package = Package::open(&small, capped).unwrap();
        assert!(matches!(package.check_all(), Err(PackageError::Bomb { .. })));
        // a total limit that the parts could pass together: each is inflated
        let tight = Limits { max_total_bytes: 8192, ..Limits::default() };
        let mut package = Package::open(&small, tight).unwrap();
        package.check_all().unwrap();
        assert_eq!(package.inflated, 4 + 4096);
    }

    #[test]
    fn a_large_part_that_compresses_like_office_xml_is_read() {
        let xml = realistic_xml(20 * 1024 * 1024);
        let bytes = zip_of(&[("xl/worksheets/sheet1.xml", &xml)]);
        assert!(xml.len() / bytes.len() < 100, "the test part compresses like real XML");
        let mut package = Package::open(&bytes, Limits::default()).unwrap();
        package.check_all().unwrap();
        assert_eq!(package.part("xl/worksheets/sheet1.xml").unwrap().map(|p| p.len()), Some(xml.len()));
    }

    #[test]
    fn a_part_that_inflates_a_hundredfold_past_the_threshold_is_a_bomb() {
        let zeros = vec![b'0'; 16 * 1024 * 1024];
        let bytes = zip_of(&[("word/document.xml", &zeros)]);
        let mut package = Package::open(&bytes, Limits::default()).unwrap();
        let err = package.part("word/document.xml").unwrap_err();
        assert!(matches!(err, PackageError::Bomb { .. }), "{err}");
        assert!(err.to_string().contains("100 times"), "{err}");
        // small parts may compress very well
        let small = zip_of(&[("word/styles.xml", &zeros[..1024 * 1024])]);
        assert!(Package::open(&small, Limits::default()).unwrap().check_all().is_ok());
    }

    #[test]
    fn the_total_and_the_user_cap_hold() {
        let xml = realistic_xml(3 * 1024 * 1024);
        let bytes = zip_of(&[("a.xml", &xml), ("b.xml", &xml)]);
        let total = Limits { max_total_bytes: 5 * 1024 * 1024, ..Limits::default() };
        assert!(matches!(Package::open(&bytes, total).unwrap().check_all(), Err(PackageError::Bomb { .. })));
        let capped = Limits { max_part_bytes: Some(1024 * 1024), ..Limits::default() };
        let err = Package::open(&bytes, capped).unwrap().part("a.xml").unwrap_err();
        assert!(err.to_string().contains("--max-part-mib"), "{err}");
        assert!(matches!(Package::open(b"not a zip", Limits::default()), Err(PackageError::NotZip(_))));
    }
}

/// The value of an element's attribute with this local name, whatever its prefix («w:val»,
/// «r:id», «table:number-columns-spanned»), with references resolved; `None` when it has none.
pub fn attribute(element: &quick_xml::events::BytesStart<'_>, local: &str) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

/// The text an XML reference inside text stands for: a character reference (`&#1075;`) or
/// one of the five predefined entities; `None` for anything else (a DTD entity).
pub fn reference_text(reference: &quick_xml::events::BytesRef) -> Option<String> {
    match reference.resolve_char_ref() {
        Ok(Some(c)) => Some(c.to_string()),
        _ => quick_xml::escape::resolve_predefined_entity(&reference.xml10_content()).map(str::to_string),
    }
}

/// Title, author and dates from a Dublin Core properties part (OOXML core properties or ODF
/// `meta.xml`); the elements are told by their local names, whatever the prefixes.
pub fn dublin_core(xml: &[u8]) -> Properties {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut properties = Properties::default();
    let mut field: Option<Vec<u8>> = None;
    let mut text = String::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                field = Some(e.local_name().as_ref().as_bytes().to_vec());
                text.clear();
            }
            Ok(Event::Text(t)) if field.is_some() => text.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) if field.is_some() => text.push_str(&reference_text(&r).unwrap_or_default()),
            Ok(Event::End(_)) => {
                let slot = match field.take().as_deref() {
                    Some(b"title") => Some((&mut properties.title, false)),
                    Some(b"creator" | b"initial-creator") => Some((&mut properties.author, false)),
                    Some(b"created" | b"creation-date") => Some((&mut properties.created, true)),
                    Some(b"modified" | b"date") => Some((&mut properties.modified, true)),
                    _ => None,
                };
                if let Some((slot, is_date)) = slot {
                    let value = if is_date { Properties::w3c_timestamp(&text) } else { Properties::value(&text) };
                    if slot.is_none() {
                        *slot = value;
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    properties
}

#[cfg(test)]
mod properties_tests {
    use super::*;

    #[test]
    fn ooxml_core_properties_and_odf_meta_give_the_same_fields() {
        let core = r#"<cp:coreProperties xmlns:cp="c" xmlns:dc="d" xmlns:dcterms="t"><dc:title>План &amp; &#1075;</dc:title><dc:creator>Иванова</dc:creator><dcterms:created>2021-03-31T07:12:00Z</dcterms:created><dcterms:modified>2021-04-01T08:00:00Z</dcterms:modified></cp:coreProperties>"#;
        let p = dublin_core(core.as_bytes());
        assert_eq!(p.title.as_deref(), Some("План & г"));
        assert_eq!(p.author.as_deref(), Some("Иванова"));
        assert_eq!(p.created.as_deref(), Some("2021-03-31T07:12:00Z"));
        assert_eq!(p.modified.as_deref(), Some("2021-04-01T08:00:00Z"));
        let meta = "<office:document-meta xmlns:office=\"o\" xmlns:meta=\"m\" xmlns:dc=\"d\"><office:meta><meta:initial-creator>Иванова</meta:initial-creator><meta:creation-date>2021-03-31T07:12:00.5</meta:creation-date><dc:date>2021-04-01T08:00:00</dc:date><dc:title></dc:title></office:meta></office:document-meta>";
        let p = dublin_core(meta.as_bytes());
        assert_eq!(
            (p.title, p.author.as_deref(), p.created.as_deref(), p.modified.as_deref()),
            (None, Some("Иванова"), Some("2021-03-31T07:12:00"), Some("2021-04-01T08:00:00"))
        );
        assert!(dublin_core(b"<not xml").is_empty());
    }
}
