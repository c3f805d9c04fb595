//! The Python package (`crates/python`): its pytest suite, run with Tesseract on the machine
//! (`scripts/with-tesseract.sh`) in the virtual environment `scripts/with-python.sh` makes (the package built as a wheel by maturin and installed, with
//! pandas, pyarrow, DuckDB and Dask from the registry), against this build's `roadmap` binary:
//! every corpus file's JSON equal to the command line's, `extract_many` on a folder with a bad
//! file, bytes and file objects, the pandas frames and Parquet files against the CSV export, a
//! fresh environment installing the wheel, and a local Dask cluster of worker processes.

use std::process::Command;

use crate::common::root;

#[test]
fn python_package_suite_passes() {
    let out = Command::new(root().join("scripts/with-tesseract.sh"))
        .current_dir(root())
        .env("ROADMAP_BIN", env!("CARGO_BIN_EXE_roadmap"))
        .arg(root().join("scripts/with-python.sh"))
        .args(["python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "crates/python/tests"])
        .output()
        .expect("run scripts/with-python.sh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "the Python suite failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains(" passed"), "{stdout}");
    assert!(!stdout.contains("skipped"), "no Python test may be skipped here: {stdout}");
}
