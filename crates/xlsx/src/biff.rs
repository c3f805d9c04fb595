//! Excel 2.x–4.0 worksheets (BIFF2, BIFF3, BIFF4): the record stream saved without an OLE
//! container, which calamine does not read.
//!
//! In: the bytes of the file. Out: each worksheet's name and its filled cells,
//! for the same sheet reading as every other workbook. Read: text (`LABEL`, in the code page
//! the `CODEPAGE` record names), numbers (`NUMBER`, `INTEGER`, `RK`), booleans, and the cached
//! results of formulas (text from the `STRING` record after them); numbers whose format (by
//! the cell's `XF` record, or a BIFF2 cell's own attributes) shows a day, month or year are
//! dates, in the epoch `DATEMODE` names. A BIFF4 workbook (`BOF` of type workbook, its sheets
//! following) gives every sheet, named by its `BOUNDSHEET` records.

use calamine::{Data, ExcelDateTime, ExcelDateTimeType};

/// Rows and columns a BIFF2–4 sheet can have: more is damage.
const MAX_ROWS: u32 = 16_384;
const MAX_COLUMNS: u32 = 256;

/// The BIFF version (2, 3 or 4) of a stream that opens with that version's `BOF` record, of
/// a plausible length, naming a worksheet, chart, macro sheet or workbook.
pub fn version(bytes: &[u8]) -> Option<u8> {
    let version = match u16_at(bytes, 0)? {
        0x0009 => 2,
        0x0209 => 3,
        0x0409 => 4,
        _ => return None,
    };
    let length = u16_at(bytes, 2)?;
    let kind = u16_at(bytes, 6)?;
    ((4..=16).contains(&length) && matches!(kind, 0x0010 | 0x0020 | 0x0040 | 0x0100)).then_some(version)
}

/// The records of a BIFF stream (any version): the offset of each one's data, its type and its
/// data; a record cut short ends the walk. The one record walk of BIFF2–4 sheets and of the
/// BIFF8 workbooks [`crate::compact`] renumbers.
pub(crate) fn records(bytes: &[u8]) -> impl Iterator<Item = (usize, u16, &[u8])> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let header = bytes.get(at..at + 4)?;
        let kind = u16::from_le_bytes([header[0], header[1]]);
        let len = usize::from(u16::from_le_bytes([header[2], header[3]]));
        let data = bytes.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((at - len, kind, data))
    })
}

/// Whether the workbook globals of a BIFF5/BIFF8 workbook stream carry a FILEPASS record
/// (0x002F): the workbook is encrypted with a password (RC4 or XOR obfuscation).
pub fn is_encrypted_workbook(stream: &[u8]) -> bool {
    records(stream)
        .take(256)
        // the globals end at their EOF, before the first sheet's BOF
        .take_while(|(_, kind, _)| *kind != 0x000A)
        .any(|(_, kind, _)| kind == 0x002F)
}

/// The little-endian 16-bit number at `at`.
pub(crate) fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes([*data.get(at)?, *data.get(at + 1)?]))
}

fn f64_at(data: &[u8], at: usize) -> Option<f64> {
    Some(f64::from_le_bytes(data.get(at..at + 8)?.try_into().ok()?))
}

/// A BIFF `RK` number: a 30-bit integer or the high bits of a double, optionally divided by 100.
fn rk(value: u32) -> f64 {
    let number = if value & 2 != 0 { f64::from((value as i32) >> 2) } else { f64::from_bits(u64::from(value & 0xFFFF_FFFC) << 32) };
    if value & 1 != 0 {
        number / 100.0
    } else {
        number
    }
}

/// Whether a number format shows a date: a day, month or year code outside quoted text and
/// bracketed sections (`DD.MM.YYYY`, `d-mmm-yy`; not `0.00`, `"m"0`, `[Red]0`).
fn is_date_format(format: &str) -> bool {
    let (mut quoted, mut bracketed, mut escaped) = (false, false, false);
    for c in format.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracketed = true,
            ']' if !quoted => bracketed = false,
            'd' | 'D' | 'm' | 'M' | 'y' | 'Y' if !quoted && !bracketed => return true,
            _ => {}
        }
    }
    false
}

/// What the workbook says about reading cells: code page, formats, epoch.
struct Globals {
    encoding: &'static encoding_rs::Encoding,
    formats: Vec<String>,
    /// The number format of each `XF` record.
    xf_formats: Vec<u8>,
    is_1904: bool,
}

impl Globals {
    fn text(&self, bytes: &[u8]) -> String {
        self.encoding.decode_without_bom_handling(bytes).0.into_owned()
    }

    fn number(&self, value: f64, format: Option<u8>) -> Data {
        let date = format.and_then(|f| self.formats.get(usize::from(f))).is_some_and(|f| is_date_format(f));
        if date {
            Data::DateTime(ExcelDateTime::new(value, ExcelDateTimeType::DateTime, self.is_1904))
        } else {
            Data::Float(value)
        }
    }
}

/// The Windows code page a `CODEPAGE` record names, as an encoding (Windows-1252 when unknown).
fn code_page(number: u16) -> &'static encoding_rs::Encoding {
    match number {
        1251 => encoding_rs::WINDOWS_1251,
        1250 => encoding_rs::WINDOWS_1250,
        866 => encoding_rs::IBM866,
        10000 | 0x8000 => encoding_rs::MACINTOSH,
        10007 => encoding_rs::X_MAC_CYRILLIC,
        _ => encoding_rs::WINDOWS_1252,
    }
}

/// Every worksheet of a BIFF2–4 stream: its name and filled cells. Sheets without cells are
/// kept so the names stay in order.
pub(crate) fn sheets(bytes: &[u8]) -> Vec<(String, crate::Cells)> {
    if version(bytes).is_none() {
        return Vec::new();
    }
    let mut globals = Globals { encoding: encoding_rs::WINDOWS_1252, formats: Vec::new(), xf_formats: Vec::new(), is_1904: false };
    let mut names: Vec<String> = Vec::new();
    let mut sheets: Vec<crate::Cells> = Vec::new();
    let mut cells: crate::Cells = Vec::new();
    let mut in_sheet = false;
    // a formula whose text result follows in a STRING record
    let mut pending_text: Option<(u32, u32)> = None;
    for (_, kind, data) in records(bytes) {
        // the same records under their BIFF2 numbers (0x00nn) and BIFF3/4 numbers (0x02nn, 0x04nn)
        let low = kind & 0x00FF;
        let biff2 = kind >> 8 == 0;
        match kind {
            0x0009 | 0x0209 | 0x0409 => {
                let workbook_globals = u16_at(data, 2) == Some(0x0100);
                in_sheet = !workbook_globals;
                cells = Vec::new();
                continue;
            }
            0x000A => {
                if in_sheet {
                    sheets.push(std::mem::take(&mut cells));
                }
                in_sheet = false;
                continue;
            }
            // the text result of the formula before
            0x0007 | 0x0207 => {
                let text = if kind == 0x0007 {
                    data.first().and_then(|len| data.get(1..1 + usize::from(*len)))
                } else {
                    u16_at(data, 0).and_then(|len| data.get(2..2 + usize::from(len)))
                };
                if let (Some((row, column)), Some(text)) = (pending_text.take(), text) {
                    cells.push(((row, column), Data::String(globals.text(text))));
                }
                continue;
            }
            0x0042 => globals.encoding = code_page(u16_at(data, 0).unwrap_or(1252)),
            0x0022 => globals.is_1904 = u16_at(data, 0) == Some(1),
            0x001E | 0x041E => {
                let string = if kind == 0x041E { data.get(2..) } else { Some(data) };
                let text = string.and_then(|s| s.get(1..1 + usize::from(*s.first()?)));
                globals.formats.push(text.map(|t| globals.text(t)).unwrap_or_default());
            }
            0x0043 | 0x0243 | 0x0443 => {
                let format = if kind == 0x0043 { data.get(2).map(|f| f & 0x3F) } else { data.get(1).copied() };
                globals.xf_formats.push(format.unwrap_or(0));
            }
            // BOUNDSHEET of a BIFF4 workbook: offset (4 bytes), visibility, type, name
            0x008F => {
                let name = data.get(6..).and_then(|s| s.get(1..1 + usize::from(*s.first()?)));
                names.push(name.map(|n| globals.text(n)).unwrap_or_default());
            }
            _ => {}
        }
        if !in_sheet {
            continue;
        }
        let (Some(row), Some(column)) = (u16_at(data, 0).map(u32::from), u16_at(data, 2).map(u32::from)) else { continue };
        if row >= MAX_ROWS || column >= MAX_COLUMNS {
            continue;
        }
        // BIFF2 cells carry three attribute bytes (the number format in the second); BIFF3/4
        // cells an XF index
        let (format, payload) = if biff2 {
            (data.get(5).map(|a| a & 0x3F), 7)
        } else {
            let xf = u16_at(data, 4).map(usize::from);
            (xf.and_then(|x| globals.xf_formats.get(x).copied()), 6)
        };
        let value = match (low, biff2) {
            (0x02, true) => u16_at(data, payload).map(|n| globals.number(f64::from(n), format)),
            (0x03, _) => f64_at(data, payload).map(|n| globals.number(n, format)),
            (0x04, true) => data
                .get(payload)
                .and_then(|len| data.get(payload + 1..payload + 1 + usize::from(*len)))
                .map(|t| Data::String(globals.text(t))),
            (0x04, false) => u16_at(data, payload)
                .and_then(|len| data.get(payload + 2..payload + 2 + usize::from(len)))
                .map(|t| Data::String(globals.text(t))),
            (0x7E, false) => {
                data.get(payload..payload + 4).map(|b| globals.number(rk(u32::from_le_bytes([b[0], b[1], b[2], b[3]])), format))
            }
            (0x05, _) => match (data.get(payload), data.get(payload + 1)) {
                (Some(value), Some(0)) => Some(Data::Bool(*value != 0)),
                _ => None,
            },
            (0x06, _) => {
                // the cached result: a double, or (bytes 6–7 all ones) text, a boolean or an error
                let result = data.get(payload..payload + 8);
                match result {
                    Some(r) if r[6] == 0xFF && r[7] == 0xFF => {
                        if r[0] == 0 {
                            pending_text = Some((row, column));
                        }
                        (r[0] == 1).then(|| Data::Bool(r[2] != 0))
                    }
                    Some(_) => f64_at(data, payload).map(|n| globals.number(n, format)),
                    None => None,
                }
            }
            _ => None,
        };
        if let Some(value) = value {
            cells.push(((row, column), value));
        }
    }
    if in_sheet && !cells.is_empty() {
        sheets.push(cells);
    }
    sheets
        .into_iter()
        .enumerate()
        .map(|(i, cells)| {
            let name = names.get(i).cloned().filter(|n| !n.is_empty()).unwrap_or_else(|| format!("Sheet{}", i + 1));
            (name, cells)
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// One BIFF record of `kind` holding `data` (also for the workbooks `compact` tests build).
    pub(crate) fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        [&kind.to_le_bytes()[..], &(data.len() as u16).to_le_bytes(), data].concat()
    }

    fn range_of(cells: &crate::Cells) -> calamine::Range<Data> {
        calamine::Range::from_sparse(cells.iter().map(|(at, v)| calamine::Cell::new(*at, v.clone())).collect())
    }

    fn cell(row: u16, column: u16, xf: u16) -> Vec<u8> {
        [row.to_le_bytes(), column.to_le_bytes(), xf.to_le_bytes()].concat()
    }

    fn label(row: u16, column: u16, text: &[u8]) -> Vec<u8> {
        record(0x0204, &[cell(row, column, 0), (text.len() as u16).to_le_bytes().to_vec(), text.to_vec()].concat())
    }

    #[test]
    fn a_biff4_worksheet_in_its_code_page_with_dates() {
        let stream = [
            record(0x0409, &[0, 0, 0x10, 0, 0, 0]),
            record(0x0042, &1251u16.to_le_bytes()),
            record(0x041E, &[0, 0, 7, b'G', b'e', b'n', b'e', b'r', b'a', b'l']),
            record(0x041E, &[0, 0, 10, b'D', b'D', b'.', b'M', b'M', b'.', b'Y', b'Y', b'Y', b'Y']),
            record(0x0443, &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            record(0x0443, &[0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            // «Срок» in Windows-1251
            label(0, 0, &[0xD1, 0xF0, 0xEE, 0xEA]),
            record(0x0203, &[cell(0, 1, 1), 44214.0f64.to_le_bytes().to_vec()].concat()),
            record(0x027E, &[cell(1, 0, 0), (((7 << 2) | 2) as u32).to_le_bytes().to_vec()].concat()),
            // a formula with a text result, the text in the STRING record after it
            record(0x0406, &[cell(1, 1, 0), vec![0, 0, 0, 0, 0, 0, 0xFF, 0xFF], vec![0; 6]].concat()),
            record(0x0207, &[&3u16.to_le_bytes()[..], b"abc"].concat()),
            record(0x000A, &[]),
        ]
        .concat();
        assert_eq!(version(&stream), Some(4));
        let sheets = sheets(&stream);
        assert_eq!(sheets.len(), 1);
        let (name, cells) = &sheets[0];
        let range = range_of(cells);
        assert_eq!(name, "Sheet1");
        assert_eq!(range.get_value((0, 0)), Some(&Data::String("Срок".into())));
        assert!(matches!(range.get_value((0, 1)), Some(Data::DateTime(_))));
        assert_eq!(range.get_value((1, 0)), Some(&Data::Float(7.0)));
        assert_eq!(range.get_value((1, 1)), Some(&Data::String("abc".into())));
    }

    #[test]
    fn a_biff2_worksheet_and_damage() {
        let stream = [
            record(0x0009, &[2, 0, 0x10, 0]),
            record(0x0004, &[&[0, 0, 0, 0, 0, 0, 0][..], &[4], b"Plan"].concat()),
            record(0x0002, &[0, 0, 1, 0, 0, 0, 0, 12, 0]),
            record(0x0003, &[&[1, 0, 0, 0, 0, 0, 0][..], &2.5f64.to_le_bytes()].concat()),
            // a cell past the grid, and a record cut short
            label(20_000, 0, b"far"),
            vec![0x04, 0x02, 0xFF, 0x00, 1, 2],
        ]
        .concat();
        let sheets = sheets(&stream);
        let (_, cells) = &sheets[0];
        let range = range_of(cells);
        assert_eq!(range.get_value((0, 0)), Some(&Data::String("Plan".into())));
        assert_eq!(range.get_value((0, 1)), Some(&Data::Float(12.0)));
        assert_eq!(range.get_value((1, 0)), Some(&Data::Float(2.5)));
        assert_eq!(range.height(), 2);
        assert!(super::sheets(b"\x09\x04").is_empty());
    }

    #[test]
    fn date_formats() {
        for format in ["DD.MM.YYYY", "d-mmm-yy", "m/d/yy h:mm", "[$-419]D MMMM YYYY"] {
            assert!(is_date_format(format), "{format}");
        }
        for format in ["General", "0.00", "\"m\"0", "[Red]0", "#,##0\\m"] {
            assert!(!is_date_format(format), "{format}");
        }
        assert_eq!(rk((7 << 2) | 2), 7.0);
        assert_eq!(rk((725 << 2) | 3), 7.25);
    }

    proptest::proptest! {
        /// Any records after a worksheet's BOF are read or skipped, never a panic.
        #[test]
        fn any_records_are_read_or_skipped(records in proptest::collection::vec((0u16..0x0500, proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40)), 0..64)) {
            let mut stream = record(0x0409, &[0, 0, 0x10, 0, 0, 0]);
            for (kind, data) in &records {
                stream.extend(record(*kind, data));
            }
            for (_, cells) in sheets(&stream) {
                proptest::prop_assert!(cells.iter().all(|((row, column), _)| *row < MAX_ROWS && *column < MAX_COLUMNS));
            }
        }
    }
}
