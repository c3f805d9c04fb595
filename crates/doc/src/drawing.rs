//! The pictures that float over a Word 97-2003 document's pages, in the order their anchors
//! stand in the text: a scan kept as a Word file is often a picture a page, each anchored to
//! its own paragraph, while the pictures' data lie in the file in the order they were added.
//!
//! In: the file's streams ([`File`]). Out: each anchored shape's picture (a JPEG or PNG
//! file's bytes), in the order of the anchors' character positions; `None` when the drawing
//! records cannot be read (the caller then keeps the pictures in the order the file holds
//! them).
//!
//! What is read ([MS-DOC], [MS-ODRAW]): the main text's shape anchors (`PlcSpaMom`: character
//! positions and shape ids), the drawing records (`DggInfo`: the picture store's entries, and
//! each shape's id and the store entry it shows, property `pib`), and each entry's picture
//! record, kept in the entry or in the `WordDocument` stream at its `foDelay`. Every read is
//! bounded by the stream it reads from.

use std::collections::HashMap;

use crate::binary::{part, u16_at, u32_at, File};

/// FibRgFcLcb97's pairs for the main text's shape anchors and the drawing records.
const PLC_SPA_MOM: usize = 40;
const DGG_INFO: usize = 50;

/// Record types of the drawing layer ([MS-ODRAW] 2.2).
const BSTORE_CONTAINER: u16 = 0xF001;
const STORE_ENTRY: u16 = 0xF007;
const SHAPE_CONTAINER: u16 = 0xF004;
const SHAPE: u16 = 0xF00A;
const PROPERTIES: u16 = 0xF00B;
/// The property «the store entry the shape shows» (1-based).
const PIB: u16 = 0x0104;

/// A record of the drawing layer: its type, instance, and body.
struct Record<'a> {
    kind: u16,
    instance: u16,
    body: &'a [u8],
    /// Whether it holds other records (version 0xF).
    container: bool,
}

/// The records laid one after another in `data`.
fn records(data: &[u8]) -> impl Iterator<Item = Record<'_>> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let head = u16_at(data, at)?;
        let kind = u16_at(data, at + 2)?;
        let length = u32_at(data, at + 4)?;
        let body = part(data, u32::try_from(at + 8).ok()?, length)?;
        at += 8 + body.len();
        Some(Record { kind, instance: head >> 4, body, container: head & 0xF == 0xF })
    })
}

/// The floating pictures of the main text in the order of their anchors.
pub(crate) fn anchored_pictures(file: &File) -> Option<Vec<Vec<u8>>> {
    let (fc, lcb) = file.fc_lcb(PLC_SPA_MOM)?;
    let anchors = part(&file.table, fc, lcb)?;
    // a PLC: n + 1 character positions, then n SPA structures of 26 bytes (the shape id first)
    let count = anchors.len().checked_sub(4)? / 30;
    let mut shapes: Vec<(u32, u32)> =
        (0..count).filter_map(|i| Some((u32_at(anchors, i * 4)?, u32_at(anchors, (count + 1) * 4 + i * 26)?))).collect();
    shapes.sort_by_key(|&(cp, _)| cp);

    let (fc, lcb) = file.fc_lcb(DGG_INFO)?;
    let drawing = part(&file.table, fc, lcb)?;
    let mut store: Vec<Record> = Vec::new();
    let mut shown: HashMap<u32, u16> = HashMap::new();
    walk(drawing, &mut store, &mut shown, 0);
    let pictures: Vec<Vec<u8>> = shapes
        .iter()
        .filter_map(|(_, id)| shown.get(id))
        .filter_map(|&pib| store.get(usize::from(pib).checked_sub(1)?))
        .filter_map(|entry| picture_of_entry(entry, &file.word))
        .collect();
    (!pictures.is_empty()).then_some(pictures)
}

/// Containers deeper than this are not opened (a drawing's shapes are four deep, groups of
/// groups a few more): a damaged or hostile file cannot nest its way to a stack overflow.
const MAX_DEPTH: usize = 16;

/// Collect the store's entries and what each shape shows, through every container. The
/// drawing records are a sequence of containers, the drawings after the group's (each drawing
/// preceded by a byte naming its kind), so a byte that starts no record is stepped over.
fn walk<'a>(data: &'a [u8], store: &mut Vec<Record<'a>>, shown: &mut HashMap<u32, u16>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let mut at = 0usize;
    while at + 8 <= data.len() {
        let Some(record) = records(&data[at..]).next() else {
            at += 1;
            continue;
        };
        if !(0xF000..=0xF1FF).contains(&record.kind) {
            at += 1;
            continue;
        }
        at += 8 + record.body.len();
        match record.kind {
            // every entry counts for `pib`, a picture record kept in the store itself too
            BSTORE_CONTAINER => store.extend(records(record.body)),
            SHAPE_CONTAINER => {
                let inner: Vec<Record> = records(record.body).collect();
                let id = inner.iter().find(|r| r.kind == SHAPE).and_then(|r| u32_at(r.body, 0));
                let pib = inner.iter().find(|r| r.kind == PROPERTIES).and_then(|r| property(r, PIB));
                if let (Some(id), Some(pib)) = (id, pib) {
                    shown.insert(id, u16::try_from(pib).unwrap_or(0));
                }
                // a group's shapes are containers inside it
                for r in inner.iter().filter(|r| r.container) {
                    walk(r.body, store, shown, depth + 1);
                }
            }
            _ if record.container => walk(record.body, store, shown, depth + 1),
            _ => {}
        }
    }
}

/// The value of property `id` in a property table (its instance is the number of properties,
/// 6 bytes each: the id in 14 bits with two flags, then the value).
fn property(record: &Record, id: u16) -> Option<u32> {
    (0..usize::from(record.instance)).find_map(|i| {
        let key = u16_at(record.body, i * 6)?;
        (key & 0x3FFF == id).then(|| u32_at(record.body, i * 6 + 2)).flatten()
    })
}

/// The picture of a store entry: a picture record, or an `OfficeArtFBSE` with its picture
/// record inside it or in `word` at its `foDelay`; a JPEG or a PNG file's bytes.
fn picture_of_entry(entry: &Record, word: &[u8]) -> Option<Vec<u8>> {
    if entry.kind != STORE_ENTRY {
        return picture_of_record(entry);
    }
    let entry = entry.body;
    // btWin32, btMacOS, rgbUid (16), tag (2), size (4), cRef (4), foDelay (4), a byte, cbName,
    // two bytes, the name
    let size = u32_at(entry, 20)?;
    let delay = u32_at(entry, 28)?;
    let name = usize::from(*entry.get(33)?);
    let inside = entry.get(36 + name..).filter(|rest| rest.len() >= 8);
    let record = match inside {
        Some(rest) => records(rest).next()?,
        None => records(part(word, delay, size)?).next()?,
    };
    picture_of_record(&record)
}

/// A picture record's file ([MS-ODRAW] 2.2.27–2.2.28): after one or two 16-byte ids (as its
/// instance says) and a tag byte.
fn picture_of_record(record: &Record) -> Option<Vec<u8>> {
    let ids = match (record.kind, record.instance) {
        (0xF01D | 0xF02A, 0x46A | 0x6E2) | (0xF01E, 0x6E0) => 1,
        (0xF01D | 0xF02A, 0x46B | 0x6E3) | (0xF01E, 0x6E1) => 2,
        _ => return None,
    };
    let data = record.body.get(ids * 16 + 1..)?;
    matches!(data, [0xFF, 0xD8, 0xFF, ..] | [0x89, b'P', b'N', b'G', ..]).then(|| data.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(version: u16, instance: u16, kind: u16, body: &[u8]) -> Vec<u8> {
        let mut out = ((instance << 4) | version).to_le_bytes().to_vec();
        out.extend(kind.to_le_bytes());
        out.extend(u32::try_from(body.len()).unwrap_or(0).to_le_bytes());
        out.extend(body);
        out
    }

    /// A JPEG picture record: an id, a tag byte, the file.
    fn jpeg_record(marker: u8) -> Vec<u8> {
        let mut body = vec![0u8; 17];
        body.extend([0xFF, 0xD8, 0xFF, 0xE0, marker]);
        record(0, 0x46A, 0xF01D, &body)
    }

    fn store_entry(size: usize, delay: usize) -> Vec<u8> {
        let mut body = vec![5u8, 5];
        body.extend([0u8; 18]);
        body.extend(u32::try_from(size).unwrap_or(0).to_le_bytes());
        body.extend(1u32.to_le_bytes());
        body.extend(u32::try_from(delay).unwrap_or(0).to_le_bytes());
        body.extend([0u8; 4]);
        record(2, 5, STORE_ENTRY, &body)
    }

    fn shape(id: u32, pib: u32) -> Vec<u8> {
        let mut fsp = id.to_le_bytes().to_vec();
        fsp.extend(0u32.to_le_bytes());
        let mut opt = (PIB | 0x4000).to_le_bytes().to_vec();
        opt.extend(pib.to_le_bytes());
        let inner = [record(2, 0, SHAPE, &fsp), record(3, 1, PROPERTIES, &opt)].concat();
        record(0xF, 0, SHAPE_CONTAINER, &inner)
    }

    fn set_pair(word: &mut [u8], index: usize, fc: usize, lcb: usize) {
        let at = 0x9A + index * 8;
        word[at..at + 4].copy_from_slice(&u32::try_from(fc).unwrap_or(0).to_le_bytes());
        word[at + 4..at + 8].copy_from_slice(&u32::try_from(lcb).unwrap_or(0).to_le_bytes());
    }

    proptest::proptest! {
        /// Whatever the streams hold, the reader answers without a panic.
        #[test]
        fn any_bytes_are_read_or_refused(table in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600), fcs in proptest::collection::vec(0u32..700, 4)) {
            let mut word = vec![0u8; 0x9A + 80 * 8];
            set_pair(&mut word, PLC_SPA_MOM, fcs[0] as usize, fcs[1] as usize);
            set_pair(&mut word, DGG_INFO, fcs[2] as usize, fcs[3] as usize);
            let _ = anchored_pictures(&File { word, table });
        }
    }

    #[test]
    fn floating_pictures_come_in_the_order_of_their_anchors_not_of_the_store() {
        // the pictures' records in the WordDocument stream: the first added, then the second
        let mut word = vec![0u8; 0x9A + 80 * 8];
        let (first, second) = (jpeg_record(1), jpeg_record(2));
        let (at_first, at_second) = (word.len(), word.len() + first.len());
        word.extend(&first);
        word.extend(&second);
        // the store lists them in that order; shape 1025 shows the second, shape 1026 the first
        let store = record(0xF, 2, BSTORE_CONTAINER, &[store_entry(first.len(), at_first), store_entry(second.len(), at_second)].concat());
        let group = record(0xF, 0, 0xF000, &store);
        let shapes = record(0xF, 0, 0xF002, &record(0xF, 0, 0xF003, &[shape(1025, 2), shape(1026, 1)].concat()));
        let drawing = [group, vec![0u8], shapes].concat();
        // the anchors: shape 1026 at character 40, shape 1025 at character 7 (a PLC: positions
        // in order, then the anchors' structures)
        let mut anchors = Vec::new();
        for cp in [7u32, 40, 41] {
            anchors.extend(cp.to_le_bytes());
        }
        for id in [1025u32, 1026] {
            let mut spa = id.to_le_bytes().to_vec();
            spa.extend([0u8; 22]);
            anchors.extend(spa);
        }
        let table = [anchors.clone(), drawing.clone()].concat();
        set_pair(&mut word, PLC_SPA_MOM, 0, anchors.len());
        set_pair(&mut word, DGG_INFO, anchors.len(), drawing.len());
        let file = File { word, table };
        let pictures = anchored_pictures(&file).unwrap_or_default();
        let markers: Vec<u8> = pictures.iter().map(|p| p[4]).collect();
        assert_eq!(markers, vec![2, 1], "the picture anchored first comes first");
        // containers nested past any drawing's depth are not followed (no stack overflow)
        let mut deep = record(0, 0, 0xF011, &[]);
        for _ in 0..20_000 {
            deep = record(0xF, 0, 0xF003, &deep);
        }
        let deep_file = File { word: file.word.clone(), table: [anchors.clone(), deep].concat() };
        let mut word = deep_file.word.clone();
        set_pair(&mut word, DGG_INFO, anchors.len(), deep_file.table.len() - anchors.len());
        assert!(anchored_pictures(&File { word, ..deep_file }).is_none());
        // records cut short give none, not a panic
        let cut = File { word: file.word.clone(), table: file.table[..file.table.len() - 9].to_vec() };
        assert!(anchored_pictures(&cut).is_none_or(|p| p.len() <= 2));
    }
}
