//! The build's fingerprint, `ROADMAP_BUILD`: a hash (FNV-1a, 64 bits) of what makes the
//! extraction — the sources, build scripts and manifests of every crate but the Python
//! package, `Cargo.lock`, the milestone vocabulary and the dictionaries — and of the compiler's
//! version. The ledger of an output folder records it beside the version number, so a build
//! that may read documents otherwise, a development build included, reads every file again.
//! Where the sources are not beside the crate (a packaged crate), the fingerprint is the
//! version's alone.

use std::path::{Path, PathBuf};

fn files_under(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_file() {
        out.push(path.to_path_buf());
    } else if let Ok(entries) = std::fs::read_dir(path) {
        for entry in entries.flatten() {
            files_under(&entry.path(), out);
        }
    }
}

fn fnv1a(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut watched = vec![root.join("Cargo.lock"), root.join("vocabulary"), root.join("dictionaries")];
    let mut crates: Vec<PathBuf> = std::fs::read_dir(root.join("crates")).into_iter().flatten().flatten().map(|e| e.path()).collect();
    crates.sort();
    for dir in crates.iter().filter(|d| d.file_name().is_some_and(|n| n != "python")) {
        watched.extend(["src", "build.rs", "Cargo.toml"].map(|part| dir.join(part)));
    }
    let mut files = Vec::new();
    for path in watched.iter().filter(|p| p.exists()) {
        println!("cargo:rerun-if-changed={}", path.display());
        files_under(path, &mut files);
    }
    files.sort();
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for file in &files {
        let name = file.strip_prefix(&root).unwrap_or(file);
        hash = fnv1a(hash, name.to_string_lossy().as_bytes());
        hash = fnv1a(hash, &std::fs::read(file).unwrap_or_default());
    }
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let version = std::process::Command::new(rustc).arg("-V").output().map(|o| o.stdout).unwrap_or_default();
    hash = fnv1a(hash, &version);
    let fingerprint = if files.is_empty() { String::from("release") } else { format!("{hash:016x}") };
    println!("cargo:rustc-env=ROADMAP_BUILD={fingerprint}");
}
