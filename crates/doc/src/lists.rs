//! The numbers Word shows before list paragraphs inside table cells («1.», «2.» of a `№`
//! column numbered automatically), read from the binary format itself: `office_oxide`'s
//! document model carries list numbers for paragraphs outside tables only.
//!
//! In: the bytes of a Word 97-2003 file. Out: for every cell of the outermost tables, in
//! document order, its paragraphs as (text is empty, the number shown before it), or `None`
//! when the file's structures cannot be read (the cells then keep their text as it is).
//!
//! What is read ([MS-DOC]): the FIB (which table stream, the piece table, the paragraph
//! property pages, the list tables); the piece table, to walk the main text in character
//! order; the paragraph properties (`sprmPIlfo`, `sprmPIlvl`, `sprmPFInTable`, `sprmPFTtp`,
//! `sprmPItap`) of each paragraph; the list definitions (start, number format, number text
//! per level) and the list format overrides that point at them. Numbers count per list and
//! level through the document, as Word counts them; a level restarts under a higher one.
//! Every read is bounded by the stream it reads from: a damaged file gives `None`.

use std::collections::HashMap;
use std::io::Read;

use roadmap_layout::build::{format_number, NumberFormat};

/// A paragraph of a cell as the file holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CellParagraph {
    /// Its text as the file's code units (read into letters only when a cell is numbered).
    pub units: Vec<u16>,
    /// The number shown before it, when it is a numbered list item.
    pub label: Option<String>,
}

/// The letters and digits of a text, lowercased: what a paragraph is compared by.
pub(crate) fn letters(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// A slice of `data` at an offset and length the file gives.
fn part(data: &[u8], offset: u32, length: u32) -> Option<&[u8]> {
    let start = usize::try_from(offset).ok()?;
    data.get(start..start.checked_add(usize::try_from(length).ok()?)?)
}

/// A run of the main text: characters `cp..cp_end` stored from file offset `fc`, one byte
/// (cp1252) or two (UTF-16) each.
struct Piece {
    cp: u32,
    cp_end: u32,
    fc: u32,
    compressed: bool,
}

fn pieces(clx: &[u8]) -> Option<Vec<Piece>> {
    let mut at = 0usize;
    // skip the Prc entries (property modifiers) before the piece table
    while clx.get(at) == Some(&1) {
        let size = usize::from(u16_at(clx, at + 1)?);
        at = at.checked_add(3 + size)?;
    }
    if clx.get(at) != Some(&2) {
        return None;
    }
    let length = usize::try_from(u32_at(clx, at + 1)?).ok()?;
    let plc = clx.get(at + 5..at + 5 + length)?;
    let n = length.checked_sub(4)? / 12;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let (cp, cp_end) = (u32_at(plc, i * 4)?, u32_at(plc, (i + 1) * 4)?);
        let pcd = (n + 1) * 4 + i * 8;
        let raw = u32_at(plc, pcd + 2)?;
        let compressed = raw & 0x4000_0000 != 0;
        let fc = if compressed { (raw & !0x4000_0000) / 2 } else { raw };
        if cp_end > cp {
            out.push(Piece { cp, cp_end, fc, compressed });
        }
    }
    Some(out)
}

/// The paragraph properties this needs, from a PAPX's sprms.
#[derive(Debug, Clone, Copy, Default)]
struct ParagraphProperties {
    ilfo: i16,
    ilvl: u8,
    in_table: bool,
    row_end: bool,
    depth: i32,
    inner_cell: bool,
    inner_row_end: bool,
}

fn read_sprms(grpprl: &[u8]) -> ParagraphProperties {
    let mut p = ParagraphProperties::default();
    let mut at = 0usize;
    while at + 2 <= grpprl.len() {
        let Some(opcode) = u16_at(grpprl, at) else { break };
        at += 2;
        let size = match opcode >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => match opcode {
                // sprmTDefTable and sprmPChgTabs carry a two-byte or special size
                0xD608 => usize::from(u16_at(grpprl, at).unwrap_or(0)) + 1,
                _ => usize::from(grpprl.get(at).copied().unwrap_or(0)) + 1,
            },
        };
        let operand = grpprl.get(at..(at + size).min(grpprl.len())).unwrap_or(&[]);
        let byte = operand.first().copied().unwrap_or(0);
        match opcode {
            0x460B => p.ilfo = u16_at(operand, 0).map_or(0, |v| v as i16),
            0x260A => p.ilvl = byte,
            0x2416 => p.in_table = byte != 0,
            0x2417 => p.row_end = byte != 0,
            0x6649 => p.depth = u32_at(operand, 0).map_or(0, |v| v as i32),
            0x244B => p.inner_cell = byte != 0,
            0x244C => p.inner_row_end = byte != 0,
            _ => {}
        }
        at += size;
    }
    p
}

/// Paragraph ends (file offsets, exclusive) and their properties, from the PAPX pages.
fn paragraph_properties(word: &[u8], table: &[u8], fc: u32, lcb: u32) -> Option<Vec<(u32, u32, ParagraphProperties)>> {
    let plc = part(table, fc, lcb)?;
    let n = plc.len().checked_sub(4)? / 8;
    let mut out = Vec::new();
    for i in 0..n.min(100_000) {
        let pn = u32_at(plc, (n + 1) * 4 + i * 4)? & 0x3F_FFFF;
        let page = word.get(usize::try_from(pn).ok()?.checked_mul(512)?..)?.get(..512)?;
        let runs = usize::from(page[511]);
        for r in 0..runs {
            let (start, end) = (u32_at(page, r * 4)?, u32_at(page, (r + 1) * 4)?);
            let offset = usize::from(*page.get((runs + 1) * 4 + r * 13)?) * 2;
            let props = if offset == 0 {
                ParagraphProperties::default()
            } else {
                let cb = usize::from(*page.get(offset)?);
                let (length, from) = if cb == 0 { (usize::from(*page.get(offset + 1)?) * 2, offset + 2) } else { (cb * 2 - 1, offset + 1) };
                // istd (two bytes), then the sprms
                let papx = page.get(from..(from + length).min(511))?;
                read_sprms(papx.get(2..).unwrap_or(&[]))
            };
            out.push((start, end, props));
        }
    }
    out.sort_by_key(|p| p.0);
    Some(out)
}

/// One level of a list: where it starts, how it shows numbers, and its number text (level
/// placeholders 0–8 for the numbers of that level and the ones above).
#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    nfc: u8,
    text: Vec<u16>,
}

/// The lists' levels. The level structures follow the list table the FIB points at, past its
/// stated length, so they are read to the end of the stream.
fn list_levels(table: &[u8], fc: u32, lcb: u32) -> Option<HashMap<i32, Vec<Level>>> {
    part(table, fc, lcb)?;
    let data = table.get(usize::try_from(fc).ok()?..)?;
    let count = usize::from(u16_at(data, 0)?);
    let mut at = 2usize;
    let mut heads = Vec::new();
    for _ in 0..count.min(4096) {
        let id = u32_at(data, at)? as i32;
        // lsid, tplc, nine style indices, then the flags
        let simple = data.get(at + 26)? & 1 != 0;
        heads.push((id, if simple { 1 } else { 9 }));
        at += 28;
    }
    let mut lists = HashMap::new();
    for (id, levels) in heads {
        let mut out = Vec::with_capacity(levels);
        for _ in 0..levels {
            let start = u32_at(data, at)?;
            let nfc = *data.get(at + 4)?;
            let chpx = usize::from(*data.get(at + 24)?);
            let papx = usize::from(*data.get(at + 25)?);
            at = at.checked_add(28 + chpx + papx)?;
            let cch = usize::from(u16_at(data, at)?);
            let text = (0..cch).filter_map(|i| u16_at(data, at + 2 + i * 2)).collect();
            at = at.checked_add(2 + cch * 2)?;
            out.push(Level { start, nfc, text });
        }
        lists.insert(id, out);
    }
    Some(lists)
}

/// The list each list format override (1-based `ilfo`) stands for.
fn overrides(table: &[u8], fc: u32, lcb: u32) -> Option<Vec<i32>> {
    let data = part(table, fc, lcb.max(4))?;
    let count = usize::try_from(u32_at(data, 0)?).ok()?;
    (0..count.min(4096)).map(|i| u32_at(data, 4 + i * 16).map(|id| id as i32)).collect()
}

fn format_level(n: u32, nfc: u8) -> String {
    match nfc {
        1 => format_number(n, NumberFormat::UpperRoman),
        2 => format_number(n, NumberFormat::LowerRoman),
        3 => format_number(n, NumberFormat::UpperLetter),
        4 => format_number(n, NumberFormat::LowerLetter),
        22 => format!("{n:02}"),
        // Russian letters, upper and lower
        0x2E | 0x2F => {
            let lower = format_number(n, NumberFormat::RussianLower);
            if nfc == 0x2E {
                lower.to_uppercase()
            } else {
                lower
            }
        }
        23 | 255 => String::new(),
        _ => n.to_string(),
    }
}

/// Numbers per list and level, as Word counts them through a document.
#[derive(Default)]
struct Counters {
    by_list: HashMap<i32, [u32; 9]>,
}

impl Counters {
    fn label(&mut self, list: i32, levels: &[Level], level: usize) -> Option<String> {
        let spec = levels.get(level)?;
        if matches!(spec.nfc, 23 | 255) {
            return None; // a bullet or no number
        }
        let counts = self.by_list.entry(list).or_insert([0; 9]);
        // a level starts at its start value (a start of 0 shows 1, as Word shows it)
        counts[level] = if counts[level] == 0 { spec.start.max(1) } else { counts[level].saturating_add(1) };
        for deeper in counts.iter_mut().skip(level + 1) {
            *deeper = 0;
        }
        let mut out = String::new();
        for unit in &spec.text {
            match usize::from(*unit) {
                l @ 0..=8 => {
                    let nfc = levels.get(l).map_or(0, |s| s.nfc);
                    let n = if counts[l] == 0 { levels.get(l).map_or(1, |s| s.start.max(1)) } else { counts[l] };
                    out.push_str(&format_level(n, nfc));
                }
                _ => out.push(char::from_u32(u32::from(*unit)).unwrap_or(' ')),
            }
        }
        let out = out.trim().to_string();
        (!out.is_empty()).then_some(out)
    }
}

impl CellParagraph {
    /// The letters and digits of its text, lowercased, its fields' instructions left out (a
    /// field is 0x13 instruction 0x14 result 0x15): enough to tell it from another paragraph.
    pub fn letters(&self) -> String {
        paragraph_letters(&self.units)
    }
}

fn paragraph_letters(units: &[u16]) -> String {
    let mut text = String::new();
    // fields open: true while in the instruction, false in the result
    let mut fields: Vec<bool> = Vec::new();
    for &unit in units {
        match unit {
            0x13 => fields.push(true),
            0x14 => {
                if let Some(f) = fields.last_mut() {
                    *f = false;
                }
            }
            0x15 => {
                fields.pop();
            }
            _ if fields.last() == Some(&true) => {}
            _ => {
                if let Some(c) = char::from_u32(u32::from(unit)).filter(|c| c.is_alphanumeric()) {
                    text.extend(c.to_lowercase());
                }
            }
        }
    }
    text
}

/// The rows of the outermost tables in document order, each a list of its cells'
/// paragraphs.
pub(crate) fn cell_paragraphs(bytes: &[u8]) -> Option<Vec<Vec<Vec<CellParagraph>>>> {
    let mut file = cfb::CompoundFile::open(std::io::Cursor::new(bytes)).ok()?;
    let read = |file: &mut cfb::CompoundFile<std::io::Cursor<&[u8]>>, name: &str| -> Option<Vec<u8>> {
        let mut stream = file.open_stream(name).ok()?;
        let mut out = Vec::new();
        stream.by_ref().take(512 * 1024 * 1024).read_to_end(&mut out).ok()?;
        Some(out)
    };
    let word = read(&mut file, "WordDocument")?;
    if u16_at(&word, 0)? != 0xA5EC {
        return None; // Word 97 and later only
    }
    let flags = u16_at(&word, 0x0A)?;
    if flags & 0x0100 != 0 {
        return None; // encrypted
    }
    let table = read(&mut file, if flags & 0x0200 != 0 { "1Table" } else { "0Table" })?;
    let text_length = u32_at(&word, 0x4C)?;
    let pieces = pieces(part(&table, u32_at(&word, 0x1A2)?, u32_at(&word, 0x1A6)?)?)?;
    let paragraphs = paragraph_properties(&word, &table, u32_at(&word, 0x102)?, u32_at(&word, 0x106)?)?;
    let lists = list_levels(&table, u32_at(&word, 0x2E2)?, u32_at(&word, 0x2E6)?).unwrap_or_default();
    let lfos = overrides(&table, u32_at(&word, 0x2EA)?, u32_at(&word, 0x2EE)?).unwrap_or_default();

    let mut counters = Counters::default();
    let mut rows: Vec<Vec<Vec<CellParagraph>>> = Vec::new();
    let mut cells: Vec<Vec<CellParagraph>> = Vec::new();
    let mut cell: Vec<CellParagraph> = Vec::new();
    // the paragraph being read, as the file's code units
    let mut units: Vec<u16> = Vec::new();
    for piece in &pieces {
        let end = piece.cp_end.min(text_length);
        if end <= piece.cp {
            continue;
        }
        let width = if piece.compressed { 1 } else { 2 };
        let from = usize::try_from(piece.fc).ok()?;
        let count = usize::try_from(end - piece.cp).ok()?;
        let stored = word.get(from..from.checked_add(count.checked_mul(width)?)?)?;
        for (i, unit) in
            stored.chunks_exact(width).map(|c| if width == 1 { u16::from(c[0]) } else { u16::from_le_bytes([c[0], c[1]]) }).enumerate()
        {
            if unit != 0x0D && unit != 0x07 {
                units.push(unit);
                continue;
            }
            // a paragraph mark: its properties are those of the PAPX run holding it
            let fc = piece.fc.checked_add(u32::try_from(i * width).ok()?)?;
            let index = paragraphs.partition_point(|p| p.1 <= fc);
            let props = paragraphs.get(index).filter(|p| p.0 <= fc).map(|p| p.2).unwrap_or_default();
            let depth = if props.depth > 0 { props.depth } else { i32::from(props.in_table) };
            let label = usize::try_from(props.ilfo)
                .ok()
                .filter(|i| *i >= 1)
                .and_then(|i| lfos.get(i - 1))
                .and_then(|list| Some((*list, lists.get(list)?)))
                .and_then(|(list, levels)| counters.label(list, levels, usize::from(props.ilvl.min(8))));
            if depth == 1 && !props.row_end {
                cell.push(CellParagraph { units: std::mem::take(&mut units), label });
                if unit == 0x07 {
                    cells.push(std::mem::take(&mut cell));
                }
            } else if depth == 1 {
                cell.clear();
                rows.push(std::mem::take(&mut cells));
            } else if depth == 0 {
                cell.clear();
                cells.clear();
            }
            units.clear();
        }
    }
    Some(rows)
}
