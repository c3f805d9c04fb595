//! Merged regions of XLSX sheets, read from the end of each sheet's part.
//!
//! In: the package of a workbook. Out: for a sheet named in the workbook, the regions of its
//! `mergeCells` element (ECMA-376 §18.3.1.55), as calamine's `merge_cells_by_sheet_name` gives
//! them — or `None` when this reading cannot tell (the caller then asks calamine).
//!
//! calamine finds the merged regions by parsing the whole sheet part again after its cells. The
//! schema puts `mergeCells` after `sheetData` (§18.3.1.99, CT_Worksheet), so only what follows
//! the end of `sheetData` is parsed here; the sheet's part is found from the workbook
//! (`sheet` elements, §18.2.19) and its relationships (Open Packaging Conventions).

use calamine::Dimensions;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use roadmap_package::{attribute, Package};

/// The sheets of the package's workbook: each one's name and the path of its part.
pub(crate) fn sheet_parts(package: &mut Package<'_>) -> Vec<(String, String)> {
    let (Ok(Some(workbook)), Ok(Some(relationships))) = (package.part("xl/workbook.xml"), package.part("xl/_rels/workbook.xml.rels"))
    else {
        return Vec::new();
    };
    let targets: Vec<(String, String)> =
        elements(&relationships, "Relationship").filter_map(|e| Some((attribute(&e, "Id")?, attribute(&e, "Target")?))).collect();
    elements(&workbook, "sheet")
        .filter_map(|e| {
            let name = attribute(&e, "name")?;
            let id = attribute(&e, "id")?;
            let target = targets.iter().find(|(i, _)| *i == id)?;
            Some((name, part_path(&target.1)))
        })
        .collect()
}

/// The merged regions of a sheet part; `None` when the part has no end of `sheetData`, or the
/// list of regions is damaged or has a reference that cannot be read. (Damaged XML before the
/// list gives no regions, as calamine gives none for it.)
pub(crate) fn regions(sheet: &[u8]) -> Option<Vec<Dimensions>> {
    const END_OF_CELLS: &[u8] = b"sheetData";
    let end = sheet.windows(END_OF_CELLS.len()).rposition(|w| w == END_OF_CELLS)?;
    let mut reader = Reader::from_reader(sheet.get(end + END_OF_CELLS.len()..)?);
    reader.config_mut().check_end_names = false;
    let mut out = Vec::new();
    let mut inside = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "mergeCells" => inside = true,
            Ok(Event::Start(e) | Event::Empty(e)) if inside && e.local_name().as_ref() == "mergeCell" => {
                if let Some(reference) = attribute(&e, "ref") {
                    out.push(dimensions(&reference)?);
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "mergeCells" => break,
            Ok(Event::Eof) => break,
            // the worksheet's own end tag, unmatched here, ends the part; an error inside the
            // list of regions leaves it unread
            Err(_) if !inside => break,
            Err(_) => return None,
            Ok(_) => {}
        }
    }
    Some(out)
}

/// The elements with this local name, wherever they stand.
fn elements<'a>(xml: &'a [u8], local: &'a str) -> impl Iterator<Item = BytesStart<'a>> + 'a {
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().check_end_names = false;
    std::iter::from_fn(move || loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == local => return Some(e),
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => {}
        }
    })
}

/// The package path of a workbook relationship's target: absolute («/xl/worksheets/sheet1.xml»)
/// or relative to `xl/`.
fn part_path(target: &str) -> String {
    let target = target.replace('\\', "/");
    if let Some(absolute) = target.strip_prefix('/') {
        return absolute.to_string();
    }
    let mut segments = vec!["xl"];
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            segment => segments.push(segment),
        }
    }
    segments.join("/")
}

/// A region from its reference: «B2:D4», or one cell «B2».
fn dimensions(reference: &str) -> Option<Dimensions> {
    let mut corners = reference.split(':').map(cell);
    let start = corners.next()??;
    let end = corners.next().unwrap_or(Some(start))?;
    corners.next().is_none().then_some(Dimensions { start, end })
}

/// The (row, column) of a cell reference, both from 0: «AB12» is (11, 27).
fn cell(reference: &str) -> Option<(u32, u32)> {
    let digits = reference.find(|c: char| c.is_ascii_digit())?;
    let (letters, row) = reference.split_at(digits);
    if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let column = letters.bytes().try_fold(0u32, |n, b| n.checked_mul(26)?.checked_add(u32::from(b.to_ascii_uppercase() - b'A') + 1))?;
    let row: u32 = row.parse().ok()?;
    Some((row.checked_sub(1)?, column - 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::Reader as _;

    /// Each sheet's regions as (start, end) pairs: read here, and by calamine.
    type Read = Vec<(String, Vec<((u32, u32), (u32, u32))>)>;

    /// The regions of every sheet of a workbook, read here and by calamine.
    fn both(bytes: &[u8]) -> (Read, Read) {
        let pairs = |d: Vec<Dimensions>| d.iter().map(|d| (d.start, d.end)).collect::<Vec<_>>();
        let mut package = Package::open(bytes, roadmap_package::Limits::default()).unwrap_or_else(|e| panic!("{e}"));
        let parts = sheet_parts(&mut package);
        let mut workbook = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        for name in workbook.sheet_names() {
            let part = parts.iter().find(|(n, _)| *n == name).map(|(_, p)| p.clone()).unwrap_or_default();
            let xml = package.part(&part).ok().flatten().unwrap_or_default();
            ours.push((name.clone(), pairs(regions(&xml).unwrap_or_default())));
            theirs.push((name.clone(), pairs(workbook.merge_cells_by_sheet_name(&name).unwrap_or_default())));
        }
        (ours, theirs)
    }

    #[test]
    fn regions_as_calamine_reads_them() {
        let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");
        let mut merged = 0;
        for entry in std::fs::read_dir(corpus).unwrap_or_else(|e| panic!("{e}")).flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "xlsx") {
                let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
                let (ours, theirs) = both(&bytes);
                assert_eq!(ours, theirs, "{}", path.display());
                merged += ours.iter().map(|(_, r)| r.len()).sum::<usize>();
            }
        }
        assert!(merged > 0, "the corpus workbooks have merged regions");
    }

    #[test]
    fn references() {
        assert_eq!(cell("A1"), Some((0, 0)));
        assert_eq!(cell("AB12"), Some((11, 27)));
        assert_eq!(cell("xfd1048576"), Some((1_048_575, 16_383)));
        assert_eq!(cell("A0"), None);
        assert_eq!(cell("12"), None);
        assert_eq!(cell("A1B"), None);
        assert_eq!(dimensions("B2").map(|d| (d.start, d.end)), Some(((1, 1), (1, 1))));
        assert_eq!(dimensions("B2:D4").map(|d| (d.start, d.end)), Some(((1, 1), (3, 3))));
        assert!(dimensions("B2:D4:E5").is_none());
    }

    #[test]
    fn targets() {
        assert_eq!(part_path("worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(part_path("/xl/worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(part_path("./worksheets/../worksheets/sheet2.xml"), "xl/worksheets/sheet2.xml");
    }

    #[test]
    fn regions_after_the_cells_only() {
        // a «mergeCell» written inside a cell's text is text, not a region
        let sheet = br#"<x:worksheet xmlns:x="s"><x:sheetData><x:row><x:c t="inlineStr"><x:is><x:t>&lt;mergeCell ref="A1:B1"/&gt;</x:t></x:is></x:c></x:row></x:sheetData><x:mergeCells count="2"><x:mergeCell ref="A2:C2"/><x:mergeCell ref="D5"></x:mergeCell></x:mergeCells></x:worksheet>"#;
        let found: Vec<_> = regions(sheet).unwrap_or_default().iter().map(|d| (d.start, d.end)).collect();
        assert_eq!(found, vec![((1, 0), (1, 2)), ((4, 3), (4, 3))]);
        assert_eq!(regions(b"<worksheet><sheetData/></worksheet>").map(|r| r.len()), Some(0));
        assert_eq!(regions(b"<worksheet><sheetData></sheetData><pageMargins/></worksheet>").map(|r| r.len()), Some(0));
        assert!(regions(b"<worksheet><sheetData/><mergeCells><mergeCell ref=\"A1:$B$2\"/></mergeCells></worksheet>").is_none());
        assert!(regions(b"<worksheet/>").is_none());
    }
}
