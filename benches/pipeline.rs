//! Throughput per reader and for the whole pipeline (reader + extraction + JSON) on every
//! corpus document. `cargo bench -p roadmap`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};

/// The allocator of the `roadmap` binary, so that the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn corpus(ext: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == ext))
                .filter_map(|p| Some((p.file_name()?.to_string_lossy().into_owned(), std::fs::read(&p).ok()?)))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn source() -> roadmap_model::Source {
    roadmap_model::Source {
        path: String::new(),
        format: roadmap_model::Format::Docx,
        sha256: String::new(),
        bytes: 0,
        pages: None,
        properties: None,
        ocr: None,
    }
}

fn readers(c: &mut Criterion) {
    for (name, bytes) in corpus("docx") {
        c.bench_function(&format!("read docx {name}"), |b| b.iter(|| roadmap_docx::read(&bytes)));
    }
    for (name, bytes) in corpus("doc") {
        c.bench_function(&format!("read doc {name}"), |b| b.iter(|| roadmap_doc::read(&bytes)));
    }
    for (name, bytes) in corpus("rtf") {
        c.bench_function(&format!("read rtf {name}"), |b| b.iter(|| roadmap_rtf::read(&bytes)));
    }
    for (name, bytes) in corpus("odt") {
        c.bench_function(&format!("read odt {name}"), |b| b.iter(|| roadmap_odt::read(&bytes)));
    }
    for (name, bytes) in corpus("xlsx") {
        c.bench_function(&format!("read xlsx {name}"), |b| b.iter(|| roadmap_xlsx::read(&bytes)));
    }
    for (name, bytes) in corpus("pdf") {
        c.bench_function(&format!("read pdf {name}"), |b| b.iter(|| roadmap_pdf::read(&bytes)));
    }
}

fn read(name: &str, bytes: &[u8]) -> Option<roadmap_layout::Document> {
    match name.rsplit('.').next() {
        Some("docx") => roadmap_docx::read(bytes).ok(),
        Some("xlsx") => roadmap_xlsx::read(bytes).ok(),
        Some("odt") => roadmap_odt::read(bytes).ok(),
        Some("doc") => roadmap_doc::read(bytes).ok(),
        Some("rtf") => roadmap_rtf::read(bytes).ok(),
        _ => roadmap_pdf::read(bytes).ok(),
    }
}

fn pipeline(c: &mut Criterion) {
    let docs: Vec<_> = corpus("docx")
        .into_iter()
        .chain(corpus("doc"))
        .chain(corpus("rtf"))
        .chain(corpus("odt"))
        .chain(corpus("xlsx"))
        .chain(corpus("pdf"))
        .collect();
    c.bench_function(&format!("pipeline corpus ({} documents)", docs.len()), |b| {
        b.iter(|| {
            for (name, bytes) in &docs {
                if let Some(doc) = read(name, bytes) {
                    let roadmap = roadmap_extract::extract(doc, source());
                    std::hint::black_box(serde_json::to_vec(&roadmap).ok());
                }
            }
        })
    });
    let dates: Vec<&str> = include_str!("../crates/dates/tests/cases.tsv").lines().skip(1).filter_map(|l| l.split('\t').next()).collect();
    c.bench_function("dates cases.tsv", |b| {
        b.iter(|| {
            for text in &dates {
                std::hint::black_box(roadmap_dates::normalize(text, Some(2022)));
            }
        })
    });
}

criterion_group!(benches, readers, pipeline);
criterion_main!(benches);
