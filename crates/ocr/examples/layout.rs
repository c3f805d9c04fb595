//! The layout the PDF reader makes of a document, scans recognized with Tesseract: each table's
//! rows with their page and cells (column, spans, text), and the paragraphs, as plain text. For
//! judging by eye what a scan's grid, words in cells and rows come to.
//!
//!     cargo run --release -p roadmap-ocr --example layout -- FILE.pdf [auto|always]

use std::sync::Arc;

use roadmap_layout::Block;
use roadmap_pdf::{Ocr, OcrMode, Options};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: layout FILE.pdf [auto|always]")?;
    let mode = if args.next().as_deref() == Some("always") { OcrMode::Always } else { OcrMode::Auto };
    let bytes = std::fs::read(&path)?;
    let ocr = Ocr { mode, recognizer: Some(Arc::new(roadmap_ocr::Tesseract::new("rus+eng"))), jobs: 0 };
    let document = roadmap_pdf::read_with(&bytes, &Options { ocr, ..Options::default() })?;
    let mut out = String::new();
    for block in &document.blocks {
        match block {
            Block::Paragraph(p) => out += &format!("¶ p{} {}\n", p.page.unwrap_or(0), p.text.replace('\n', " ⏎ ")),
            Block::Table(t) => {
                out += &format!("▦ table of {} columns, {} rows\n", t.columns, t.rows.len());
                for (i, row) in t.rows.iter().enumerate() {
                    let header = if row.repeat_header { " (repeated header)" } else { "" };
                    out += &format!("  row {i} p{}{header}\n", row.page.unwrap_or(0));
                    for c in row.cells.iter().filter(|c| !c.merged_above) {
                        let span =
                            if c.col_span > 1 || c.row_span > 1 { format!(" {}×{}", c.col_span, c.row_span) } else { String::new() };
                        out += &format!("    [{}{span}] {}\n", c.col, c.text.replace('\n', " ⏎ "));
                    }
                }
            }
        }
    }
    for d in &document.diagnostics {
        out += &format!("! {}: {}\n", d.code, d.message);
    }
    std::io::Write::write_all(&mut std::io::stdout(), out.as_bytes())?;
    Ok(())
}
