//! XLS (BIFF8) sheets whose cells stand far apart, brought together before calamine reads them.
//!
//! calamine's XLS reader builds a dense grid of every sheet's used range when it opens the
//! workbook, so a 41 KB file with cells at A1 and IV65536 takes a gigabyte. In: the bytes of an
//! XLS file. Out: when a worksheet's cells fill less than 1/64 of a used range of more than a
//! million cells, the same workbook with that sheet's rows and columns renumbered in order, runs
//! of empty rows and columns narrowed to [`MAX_GAP`] (the rule the sheet layout applies to
//! columns anyway); `None` when no sheet is so sparse. Records keep their lengths, so the
//! workbook's offsets to its sheets stay true.

use std::io::{Cursor, Read, Write};

use crate::biff::{records, u16_at};

/// Empty rows or columns kept between filled ones; wider runs are narrowed to this many.
pub(crate) const MAX_GAP: u32 = 8;
/// A used range at most this large is read as it is.
const DENSE_ENOUGH: u64 = 1 << 20;

/// The records that place a cell by (row, column) in their first four bytes.
const CELL_RECORDS: [u16; 8] = [0x0006, 0x00D6, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E];
/// MULRK and MULBLANK: a row, a first column, values, and the last column in the last two bytes.
const MULTIPLE_CELL_RECORDS: [u16; 2] = [0x00BD, 0x00BE];
const MERGED_CELLS: u16 = 0x00E5;
const DIMENSIONS: u16 = 0x0200;
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;

fn put_u16(data: &mut [u8], at: usize, value: u16) {
    if let Some(slot) = data.get_mut(at..at + 2) {
        slot.copy_from_slice(&value.to_le_bytes());
    }
}

/// Rows or columns in use, renumbered in order with runs of empty ones between them narrowed
/// to [`MAX_GAP`]: the one rule for XLS sheets renumbered here and for the columns of every
/// sheet laid out as a table.
pub(crate) struct Renumbering(Vec<(u32, u32)>);

impl Renumbering {
    pub(crate) fn new(mut used: Vec<u32>) -> Renumbering {
        used.sort_unstable();
        used.dedup();
        let mut map: Vec<(u32, u32)> = Vec::with_capacity(used.len());
        for (i, value) in used.iter().enumerate() {
            let new = match i.checked_sub(1) {
                Some(p) => map[p].1 + (value - used[p]).min(MAX_GAP + 1),
                None => 0,
            };
            map.push((*value, new));
        }
        Renumbering(map)
    }

    /// The new number of a value in use.
    pub(crate) fn get(&self, value: u32) -> Option<u32> {
        self.0.binary_search_by_key(&value, |(old, _)| *old).ok().map(|i| self.0[i].1)
    }

    /// The value a new number stands for: a value in use, or one of the empty values after
    /// it that a narrowed run keeps.
    pub(crate) fn original(&self, new: u32) -> u32 {
        let at = self.0.partition_point(|(_, n)| *n <= new);
        match at.checked_sub(1).map(|i| self.0[i]) {
            Some((old, n)) => old + (new - n),
            None => new,
        }
    }

    /// The new number of the last value in use.
    pub(crate) fn last(&self) -> Option<u32> {
        self.0.last().map(|(_, new)| *new)
    }

    /// A BIFF8 row or column: its new number (the value itself when not in use).
    fn get_u16(&self, value: u16) -> u16 {
        self.get(u32::from(value)).and_then(|v| u16::try_from(v).ok()).unwrap_or(value)
    }
}

/// One worksheet substream: its records, and the rows and columns its cells and merged
/// regions use.
struct Sheet {
    records: Vec<(usize, u16, usize)>,
    rows: Vec<u16>,
    columns: Vec<u16>,
    cells: u64,
}

impl Sheet {
    fn is_sparse(&self) -> bool {
        let span = |v: &[u16]| v.iter().max().zip(v.iter().min()).map_or(0, |(max, min)| u64::from(max - min) + 1);
        let area = span(&self.rows) * span(&self.columns);
        area > DENSE_ENOUGH && area > 64 * self.cells.max(1)
    }
}

/// The worksheet substreams of a workbook stream (chart and other substreams nested in them
/// are left alone).
fn sheets(stream: &[u8]) -> Vec<Sheet> {
    let mut out = Vec::new();
    let mut current: Option<Sheet> = None;
    let mut depth = 0usize;
    for (at, kind, data) in records(stream) {
        let len = data.len();
        if kind == BOF {
            if current.is_some() {
                depth += 1;
            } else if u16_at(data, 2) == Some(0x0010) {
                current = Some(Sheet { records: Vec::new(), rows: Vec::new(), columns: Vec::new(), cells: 0 });
            }
            continue;
        }
        let Some(sheet) = current.as_mut() else { continue };
        if kind == EOF {
            if depth == 0 {
                out.extend(current.take());
            } else {
                depth -= 1;
            }
            continue;
        }
        if depth > 0 {
            continue;
        }
        let (row, column) = (u16_at(data, 0), u16_at(data, 2));
        if CELL_RECORDS.contains(&kind) {
            if let (Some(row), Some(column)) = (row, column) {
                sheet.rows.push(row);
                sheet.columns.push(column);
                sheet.cells += 1;
            }
        } else if MULTIPLE_CELL_RECORDS.contains(&kind) {
            if let (Some(row), Some(first), Some(last)) = (row, column, len.checked_sub(2).and_then(|l| u16_at(data, l))) {
                sheet.rows.push(row);
                sheet.columns.extend((first..=last.max(first)).take(256));
                sheet.cells += u64::from(last.saturating_sub(first)) + 1;
            }
        } else if kind == MERGED_CELLS {
            let count = usize::from(u16_at(data, 0).unwrap_or(0));
            for region in data.get(2..).unwrap_or_default().chunks_exact(8).take(count) {
                let field = |i: usize| u16::from_le_bytes([region[i], region[i + 1]]);
                sheet.rows.extend([field(0), field(2)]);
                sheet.columns.extend([field(4), field(6)]);
            }
        }
        sheet.records.push((at, kind, len));
    }
    out
}

/// The workbook with its sparse worksheets' cells brought together; `None` when none is sparse
/// (or the file is not an OLE workbook: calamine then reports it).
pub(crate) fn compacted(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    let name = ["/Workbook", "/Book"].into_iter().find(|n| file.is_stream(n))?;
    let mut stream = Vec::new();
    file.open_stream(name).ok()?.read_to_end(&mut stream).ok()?;
    let sparse: Vec<Sheet> = sheets(&stream).into_iter().filter(Sheet::is_sparse).collect();
    if sparse.is_empty() {
        return None;
    }
    for sheet in sparse {
        let numbers = |used: Vec<u16>| Renumbering::new(used.into_iter().map(u32::from).collect());
        let (rows, columns) = (numbers(sheet.rows), numbers(sheet.columns));
        for (at, kind, len) in sheet.records {
            let data = &mut stream[at..at + len];
            if CELL_RECORDS.contains(&kind) || MULTIPLE_CELL_RECORDS.contains(&kind) {
                let (row, column) = (u16_at(data, 0).unwrap_or(0), u16_at(data, 2).unwrap_or(0));
                put_u16(data, 0, rows.get_u16(row));
                put_u16(data, 2, columns.get_u16(column));
                if MULTIPLE_CELL_RECORDS.contains(&kind) {
                    // the run keeps its length: its columns are all in use, so stay adjacent
                    let last = u16_at(data, len - 2).unwrap_or(column);
                    put_u16(data, len - 2, columns.get_u16(last));
                }
            } else if kind == MERGED_CELLS {
                for region in data.get_mut(2..).unwrap_or_default().chunks_exact_mut(8) {
                    for (i, map) in [(0, &rows), (2, &rows), (4, &columns), (6, &columns)] {
                        let value = u16_at(region, i).unwrap_or(0);
                        put_u16(region, i, map.get_u16(value));
                    }
                }
            } else if kind == DIMENSIONS && len >= 12 {
                // first row, last row + 1 (32 bits each), first column, last column + 1
                data[0..4].copy_from_slice(&0u32.to_le_bytes());
                data[4..8].copy_from_slice(&(rows.last().unwrap_or(0) + 1).to_le_bytes());
                put_u16(data, 8, 0);
                put_u16(data, 10, columns.last().and_then(|c| u16::try_from(c + 1).ok()).unwrap_or(u16::MAX));
            }
        }
    }
    let mut out = cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).ok()?;
    out.create_stream("/Workbook").ok()?.write_all(&stream).ok()?;
    out.flush().ok()?;
    Some(out.into_inner().into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::biff::tests::record;

    /// A BIFF8 workbook of one sheet holding `cells` (row, column, number) and `merged` regions.
    fn workbook(cells: &[(u16, u16, f64)], merged: &[[u16; 4]]) -> Vec<u8> {
        let bof = |kind: u16| record(BOF, &[&0x0600u16.to_le_bytes()[..], &kind.to_le_bytes(), &[0; 12]].concat());
        let name = b"Plan";
        // header, sheet offset, state, type, name length and flags, name
        let boundsheet_len = 4 + 4 + 4 + name.len();
        let globals_len = bof(5).len() + boundsheet_len + 4;
        let boundsheet = record(0x0085, &[&(globals_len as u32).to_le_bytes()[..], &[0, 0, name.len() as u8, 0], name].concat());
        let mut stream = [bof(5), boundsheet, record(EOF, &[])].concat();
        assert_eq!(stream.len(), globals_len);
        stream.extend(bof(0x10));
        stream.extend(record(
            DIMENSIONS,
            &[&0u32.to_le_bytes()[..], &65_536u32.to_le_bytes(), &0u16.to_le_bytes(), &256u16.to_le_bytes(), &[0, 0]].concat(),
        ));
        for (row, column, value) in cells {
            stream.extend(record(0x0203, &[&row.to_le_bytes()[..], &column.to_le_bytes(), &[0, 0], &value.to_le_bytes()].concat()));
        }
        let regions: Vec<u8> = merged.iter().flat_map(|r| r.iter().flat_map(|v| v.to_le_bytes())).collect();
        stream.extend(record(MERGED_CELLS, &[&(merged.len() as u16).to_le_bytes()[..], &regions].concat()));
        stream.extend(record(EOF, &[]));
        let mut file = cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).unwrap_or_else(|e| panic!("{e}"));
        file.create_stream("/Workbook").and_then(|mut s| s.write_all(&stream)).unwrap_or_else(|e| panic!("{e}"));
        file.flush().unwrap_or_else(|e| panic!("{e}"));
        file.into_inner().into_inner()
    }

    #[test]
    fn a_sheet_filled_at_its_corners_is_read_without_its_grid() {
        let corners = [(0, 0, 1.0), (0, 255, 2.0), (65_535, 0, 3.0), (65_535, 255, 4.0)];
        let bytes = workbook(&corners, &[[1, 65_534, 1, 254]]);
        let together = compacted(&bytes).unwrap_or_else(|| panic!("not compacted"));
        let stream_of = |bytes: &[u8]| {
            let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
            let mut stream = Vec::new();
            file.open_stream("/Workbook").and_then(|mut s| s.read_to_end(&mut stream)).unwrap_or_else(|e| panic!("{e}"));
            stream
        };
        let sheet = sheets(&stream_of(&together)).into_iter().next().unwrap_or_else(|| panic!("no sheet"));
        // rows 0, 1 (where the merged region starts), 10 (where it ends, eight empty rows kept
        // between) and 11; the columns alike
        assert_eq!((sheet.rows.iter().max(), sheet.columns.iter().max()), (Some(&11), Some(&11)), "{:?}", sheet.rows);
        assert_eq!(sheet.cells, 4);
        let doc = crate::read(&bytes).unwrap_or_else(|e| panic!("{e}"));
        let table = doc.tables().next().unwrap_or_else(|| panic!("no table: {doc:?}"));
        let texts: Vec<&str> = table.rows.iter().flat_map(|r| r.cells.iter().map(|c| c.text.as_str())).collect();
        assert_eq!(texts, ["1", "2", "3", "4"]);
        // a sheet as dense as sheets are is left as it is
        assert!(compacted(&workbook(&[(0, 0, 1.0), (3, 4, 2.0)], &[])).is_none());
    }

    #[test]
    fn renumbering_keeps_order_and_narrows_gaps() {
        let map = Renumbering::new(vec![65_535, 0, 3, 3, 255]);
        assert_eq!([0, 3, 255, 65_535].map(|v| map.get(v)), [0, 3, 12, 21].map(Some));
        assert_eq!(map.last(), Some(21));
    }
}
