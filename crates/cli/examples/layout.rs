//! The layout a reader makes of a document of any format the tool takes, as `extract` reads it
//! (scans and page pictures recognized with Tesseract): each table's rows with their page and
//! cells (column, spans, where its lines stand when empty paragraphs part them, text), and the
//! paragraphs, as plain text. For judging by eye what a
//! reader, a scan's grid or the words in cells come to before extraction.
//!
//!     cargo run --release --example layout -- FILE [auto|always]

use std::path::Path;

use roadmap::read::{read_document, Limits};
use roadmap_layout::Block;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: layout FILE [auto|always]")?;
    let mode = if args.next().as_deref() == Some("always") { roadmap_pdf::OcrMode::Always } else { roadmap_pdf::OcrMode::Auto };
    let bytes = std::fs::read(&path)?;
    let mut limits = Limits::default();
    limits.ocr.mode = mode;
    let document = read_document(&bytes, Path::new(&path), &limits)?.doc;
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
                        let places = c.line_places.as_ref().map(|p| format!(" (lines at {p:?})")).unwrap_or_default();
                        out += &format!("    [{}{span}]{places} {}\n", c.col, c.text.replace('\n', " ⏎ "));
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
