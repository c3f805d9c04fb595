//! Throughput per reader and for the whole pipeline (reader + extraction + JSON) on every
//! corpus document. `cargo bench -p roadmap`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};

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
    roadmap_model::Source { path: String::new(), format: roadmap_model::Format::Docx, sha256: String::new(), bytes: 0, pages: None }
}

fn readers(c: &mut Criterion) {
    for (name, bytes) in corpus("docx") {
        c.bench_function(&format!("read docx {name}"), |b| b.iter(|| roadmap_docx::read(&bytes)));
    }
    for (name, bytes) in corpus("xlsx") {
        c.bench_function(&format!("read xlsx {name}"), |b| b.iter(|| roadmap_xlsx::read(&bytes)));
    }
}

fn pipeline(c: &mut Criterion) {
    let docs: Vec<_> = corpus("docx").into_iter().chain(corpus("xlsx")).collect();
    c.bench_function("pipeline docx+xlsx corpus", |b| {
        b.iter(|| {
            for (name, bytes) in &docs {
                let doc = if name.ends_with(".docx") { roadmap_docx::read(bytes).ok() } else { roadmap_xlsx::read(bytes).ok() };
                if let Some(doc) = doc {
                    let roadmap = roadmap_extract::extract(&doc, source());
                    std::hint::black_box(serde_json::to_vec(&roadmap).ok());
                }
            }
        })
    });
    let dates: Vec<&str> = include_str!("../crates/dates/tests/cases.tsv").lines().skip(1).filter_map(|l| l.split('\t').next()).collect();
    c.bench_function("dates cases.tsv", |b| b.iter(|| dates.iter().map(|t| roadmap_dates::normalize(t, Some(2022))).count()));
}

criterion_group!(benches, readers, pipeline);
criterion_main!(benches);
