//! A table whose «№» cells are numbered by a list, not typed (`tests/data/numbered-cells.doc`,
//! made by `scripts/make-doc-test-files.py`): the numbers Word shows are the cells' text.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use roadmap_layout::Block;

#[test]
fn automatically_numbered_cells_show_their_numbers() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/numbered-cells.doc")).expect("test file");
    let doc = roadmap_doc::read(&bytes).expect("a Word document");
    let table = doc.blocks.iter().find_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).expect("a table");
    let column =
        |col: usize| -> Vec<String> { table.rows.iter().map(|r| r.cell_at(col).map(|c| c.text.clone()).unwrap_or_default()).collect() };
    assert_eq!(column(0), ["№", "1.", "2.", "3."]);
    assert_eq!(column(1), ["Мероприятие", "Совещание", "Методическая работа\na) Семинар\nb) Вебинар", "Отчёт"]);
}
