//! The floor under extraction, for `scripts/throughput.sh`: read every file under the folders
//! given and inflate what a reader must inflate before it can look at the content (every part
//! of a zip package, every stream of a PDF), on one thread, and print the files per second.
//! Then read the same files into the layout model with the DOCX, XLSX and PDF readers (no
//! extraction) and print that rate on a second line: what reading alone costs above the floor.
//!
//! ```sh
//! cargo run --release --example inflate -- DIR
//! ```

use std::time::Instant;

/// The allocator of the `roadmap` binary, so that the figures compare with its own.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

#[allow(clippy::print_stdout)] // the report is the example's output
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut paths = Vec::new();
    for dir in std::env::args_os().skip(1) {
        files(std::path::Path::new(&dir), &mut paths)?;
    }
    let started = Instant::now();
    let mut inflated = 0usize;
    for path in &paths {
        let bytes = std::fs::read(path)?;
        if bytes.starts_with(b"PK") {
            let mut package = roadmap_package::Package::open(&bytes, roadmap_package::Limits::default())?;
            for name in package.names() {
                inflated += package.part(&name)?.map_or(0, |p| p.len());
            }
        } else if bytes.starts_with(b"%PDF") {
            let mut pdf = lopdf::Document::load_mem(&bytes)?;
            pdf.decompress();
            inflated += pdf.objects.len();
        } else {
            inflated += bytes.len();
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!("{:.0} files/s ({} files in {seconds:.2} s, {inflated} units inflated)", paths.len() as f64 / seconds, paths.len());
    let started = Instant::now();
    let mut blocks = 0usize;
    for path in &paths {
        let bytes = std::fs::read(path)?;
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
        let doc = match extension.as_str() {
            "docx" => roadmap_docx::read(&bytes)?,
            "xlsx" => roadmap_xlsx::read(&bytes)?,
            "pdf" => roadmap_pdf::read(&bytes)?,
            _ => continue,
        };
        blocks += doc.blocks.len();
    }
    let seconds = started.elapsed().as_secs_f64();
    println!("{:.0} files/s read into the layout model ({blocks} blocks in {seconds:.2} s)", paths.len() as f64 / seconds);
    Ok(())
}
