//! The numbers Word shows before list paragraphs inside table cells («1.», «2.» of a `№`
//! column numbered automatically), read from the binary format itself: `office_oxide`'s
//! document model carries list numbers for paragraphs outside tables only.
//!
//! In: the bytes of a Word 97-2003 file. Out: for every cell of the outermost tables, in
//! document order, its paragraphs as (text is empty, the number shown before it), or `None`
//! when the file's structures cannot be read (the cells then keep their text as it is).
//!
//! What is read ([MS-DOC], through `binary`): the FIB (which table stream, the piece table, the
//! paragraph property pages, the list tables); the piece table, to walk the main text in
//! character order; the paragraph properties (`sprmPIlfo`, `sprmPIlvl`, `sprmPFInTable`, `sprmPFTtp`,
//! `sprmPItap`) of each paragraph; the list definitions (start, number format, number text
//! per level) and the list format overrides that point at them. Numbers count per list and
//! level through the document, as Word counts them; a level restarts under a higher one.
//! Every read is bounded by the stream it reads from: a damaged file gives `None`.

use std::collections::HashMap;

use roadmap_layout::build::{format_number, NumberFormat};

use crate::binary::{paragraph_properties, part, pieces, u16_at, u32_at, File};

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
pub(crate) fn cell_paragraphs(file: &File) -> Option<Vec<Vec<Vec<CellParagraph>>>> {
    let text_length = file.text_length()?;
    // FibRgFcLcb97's pairs: the piece table, the paragraph property pages, the list tables
    let (clx, papx, lists, lfos) = (file.fc_lcb(33)?, file.fc_lcb(13)?, file.fc_lcb(73)?, file.fc_lcb(74)?);
    let File { word, table, .. } = file;
    let pieces = pieces(part(table, clx.0, clx.1)?)?;
    let paragraphs = paragraph_properties(word, table, papx.0, papx.1)?;
    let lists = list_levels(table, lists.0, lists.1).unwrap_or_default();
    let lfos = overrides(table, lfos.0, lfos.1).unwrap_or_default();

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
