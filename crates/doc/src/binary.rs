//! The structures of the Word 97-2003 binary file that the readers of this crate's own share
//! (`lists`, `drawing`): its streams, the FIB's fields, the piece table that maps the main
//! text's characters to the file, the property lists (sprms) and the paragraph property pages.
//! Every read is bounded by the stream it reads from: a damaged file gives `None`.

use std::io::Read;

/// The streams of a Word 97 or later file (not encrypted).
pub(crate) struct File {
    /// `WordDocument`: the FIB, the text, the property pages, pictures kept outside the
    /// drawing layer's own records.
    pub word: Vec<u8>,
    /// `0Table` or `1Table`, as the FIB says.
    pub table: Vec<u8>,
}

impl File {
    pub fn open(bytes: &[u8]) -> Option<File> {
        let mut file = cfb::CompoundFile::open(std::io::Cursor::new(bytes)).ok()?;
        let mut read = |name: &str| -> Option<Vec<u8>> {
            let mut stream = file.open_stream(name).ok()?;
            let mut out = Vec::new();
            stream.by_ref().take(512 * 1024 * 1024).read_to_end(&mut out).ok()?;
            Some(out)
        };
        let word = read("WordDocument")?;
        if u16_at(&word, 0)? != 0xA5EC {
            return None; // Word 97 and later only
        }
        let flags = u16_at(&word, 0x0A)?;
        if flags & 0x0100 != 0 {
            return None; // encrypted
        }
        let table = read(if flags & 0x0200 != 0 { "1Table" } else { "0Table" })?;
        Some(File { word, table })
    }

    /// The `index`th offset and length pair of the FIB's FibRgFcLcb97 ([MS-DOC] §2.5.6).
    pub fn fc_lcb(&self, index: usize) -> Option<(u32, u32)> {
        let at = 0x9A + index * 8;
        Some((u32_at(&self.word, at)?, u32_at(&self.word, at + 4)?))
    }

    /// Characters of the main text (`ccpText`).
    pub fn text_length(&self) -> Option<u32> {
        u32_at(&self.word, 0x4C)
    }
}

pub(crate) fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

pub(crate) fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// A slice of `data` at an offset and length the file gives.
pub(crate) fn part(data: &[u8], offset: u32, length: u32) -> Option<&[u8]> {
    let start = usize::try_from(offset).ok()?;
    data.get(start..start.checked_add(usize::try_from(length).ok()?)?)
}

/// A run of the main text: characters `cp..cp_end` stored from file offset `fc`, one byte
/// (cp1252) or two (UTF-16) each.
pub(crate) struct Piece {
    pub cp: u32,
    pub cp_end: u32,
    pub fc: u32,
    pub compressed: bool,
}

pub(crate) fn pieces(clx: &[u8]) -> Option<Vec<Piece>> {
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
pub(crate) struct ParagraphProperties {
    pub ilfo: i16,
    pub ilvl: u8,
    pub in_table: bool,
    pub row_end: bool,
    pub depth: i32,
    pub inner_cell: bool,
    pub inner_row_end: bool,
}

/// The sprms of a property list: each opcode with its operand (its size from the opcode, or
/// given before it).
pub(crate) fn sprms(grpprl: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let opcode = u16_at(grpprl, at)?;
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
        at += size;
        Some((opcode, operand))
    })
}

fn read_sprms(grpprl: &[u8]) -> ParagraphProperties {
    let mut p = ParagraphProperties::default();
    for (opcode, operand) in sprms(grpprl) {
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
    }
    p
}

/// Paragraph ends (file offsets, exclusive) and their properties, from the PAPX pages.
pub(crate) fn paragraph_properties(word: &[u8], table: &[u8], fc: u32, lcb: u32) -> Option<Vec<(u32, u32, ParagraphProperties)>> {
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
