//! `roadmap._roadmap`: the compiled core of the Python package `roadmap`.
//!
//! In: paths, bytes, deadline texts and canonical JSON from Python. Out: canonical JSON text
//! (the Python side turns it into dicts), error codes and messages as `_errors.jsonl` gives
//! them, warehouse tables, Parquet files, and the command line's exit status. Everything runs
//! with the GIL released; the work is the command line's own ([`roadmap::read`],
//! [`roadmap::ordered`], [`roadmap::run`]), so Python and the CLI give the same bytes. The
//! Python-facing API, its exceptions and its documentation are in `python/roadmap/`.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Mutex;
use std::time::Duration;

use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use roadmap::inputs::{walk, WalkRules, DOCUMENT_EXTENSIONS};
use roadmap::read::{extract_bytes as extract_from_bytes, extract_file, isolated, FileError, Limits, DEFAULT_OCR_LANGUAGES};

/// One input's outcome as Python receives it: `(path, json, None, None)` for a document,
/// `(path, None, code, message)` for a failure.
type Outcome = (String, Option<String>, Option<&'static str>, Option<String>);

/// An input that gave no document: path, code, message.
type Failure = (String, &'static str, String);

fn limits(timeout: Option<f64>, ocr: &str, ocr_lang: &str) -> PyResult<Limits> {
    let timeout = match timeout {
        Some(t) if !t.is_finite() || t < 0.0 => return Err(PyValueError::new_err(format!("timeout {t}: give seconds, or None"))),
        Some(t) if t > 0.0 => Some(Duration::from_secs_f64(t)),
        _ => None,
    };
    let mode = match ocr {
        "auto" => roadmap_pdf::OcrMode::Auto,
        "always" => roadmap_pdf::OcrMode::Always,
        "never" => roadmap_pdf::OcrMode::Never,
        other => return Err(PyValueError::new_err(format!("ocr={other:?}: give auto, always or never"))),
    };
    Ok(Limits { timeout, ocr: roadmap::read::ocr(mode, ocr_lang), ..Limits::default() })
}

fn outcome(shown: String, result: Result<roadmap::read::Extracted, FileError>) -> Outcome {
    let json = result.and_then(|e| {
        serde_json::to_string(&roadmap_model::ConsumingRoadmap::new(e.roadmap)).map_err(|e| FileError::Io(std::io::Error::other(e)))
    });
    match json {
        Ok(json) => (shown, Some(json), None, None),
        Err(e) => (shown, None, Some(e.code().as_str()), Some(e.to_string())),
    }
}

/// Extract one file; `shown` is written to `source.path`.
#[pyfunction]
#[pyo3(signature = (path, shown, timeout=None, ocr="auto", ocr_lang=DEFAULT_OCR_LANGUAGES))]
fn extract_path(py: Python<'_>, path: PathBuf, shown: String, timeout: Option<f64>, ocr: &str, ocr_lang: &str) -> PyResult<Outcome> {
    let limits = limits(timeout, ocr, ocr_lang)?;
    Ok(py.detach(|| {
        let result = isolated(|| extract_file(&path, &shown, &limits));
        outcome(shown, result)
    }))
}

/// Extract a document's bytes; `name` is written to `source.path`, its extension a hint.
#[pyfunction]
#[pyo3(signature = (data, name, timeout=None, ocr="auto", ocr_lang=DEFAULT_OCR_LANGUAGES))]
fn extract_bytes(py: Python<'_>, data: Vec<u8>, name: String, timeout: Option<f64>, ocr: &str, ocr_lang: &str) -> PyResult<Outcome> {
    let limits = limits(timeout, ocr, ocr_lang)?;
    Ok(py.detach(|| {
        let result = isolated(|| extract_from_bytes(&data, Path::new(&name), &name, &limits));
        outcome(name, result)
    }))
}

/// The outcomes of many inputs, in input order, worked on by a pool of threads that runs at
/// most a small window ahead of the consumer. Dropping it stops the work.
#[pyclass(module = "roadmap._roadmap")]
struct ExtractMany {
    results: Mutex<Receiver<Outcome>>,
}

#[pymethods]
impl ExtractMany {
    /// Files and folders (walked for documents as `roadmap extract` walks them).
    #[new]
    #[pyo3(signature = (paths, jobs=None, timeout=None, ocr="auto", ocr_lang=DEFAULT_OCR_LANGUAGES))]
    fn new(paths: Vec<PathBuf>, jobs: Option<usize>, timeout: Option<f64>, ocr: &str, ocr_lang: &str) -> PyResult<Self> {
        let limits = limits(timeout, ocr, ocr_lang)?;
        let walked = walk_documents(&paths)?;
        let jobs = roadmap::ordered::workers(jobs);
        let (send, results) = sync_channel::<Outcome>(jobs);
        std::thread::spawn(move || {
            for problem in walked.problems {
                let e = problem.error;
                if send.send((problem.path.display().to_string(), None, Some(e.code().as_str()), Some(e.to_string()))).is_err() {
                    return;
                }
            }
            let inputs = walked.inputs;
            roadmap::ordered::run(
                inputs.len(),
                jobs,
                |index| {
                    let shown = inputs[index].shown();
                    let result = isolated(|| extract_file(&inputs[index].path, &shown, &limits));
                    outcome(shown, result)
                },
                |_, outcome| if send.send(outcome).is_ok() { ControlFlow::Continue(()) } else { ControlFlow::Break(()) },
            );
        });
        Ok(ExtractMany { results: Mutex::new(results) })
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> Option<Outcome> {
        py.detach(|| self.results.lock().ok()?.recv().ok())
    }
}

fn walk_documents(paths: &[PathBuf]) -> PyResult<roadmap::inputs::Walked> {
    let rules = WalkRules { extensions: DOCUMENT_EXTENSIONS.to_vec(), documents: true, ..WalkRules::default() };
    walk(paths, &rules).map_err(PyOSError::new_err)
}

/// The documents under files and folders as `roadmap extract` finds them: the files to read,
/// and `(path, code, message)` for each path that cannot be read.
#[pyfunction]
fn documents_under(paths: Vec<PathBuf>) -> PyResult<(Vec<PathBuf>, Vec<Failure>)> {
    let walked = walk_documents(&paths)?;
    let problems = walked.problems.iter().map(|p| (p.path.display().to_string(), p.error.code().as_str(), p.error.to_string())).collect();
    Ok((walked.inputs.into_iter().map(|i| i.path).collect(), problems))
}

/// One deadline cell normalized, as `roadmap dates` prints it (JSON text).
#[pyfunction]
#[pyo3(signature = (text, year=None, document_date=None, month=None, day=None, opens_school_year=false))]
fn normalize_deadline(
    text: &str,
    year: Option<&str>,
    document_date: Option<&str>,
    month: Option<u32>,
    day: Option<&str>,
    opens_school_year: bool,
) -> PyResult<String> {
    let period = year.map(roadmap::plan_period).transpose().map_err(PyValueError::new_err)?;
    let document_date = document_date
        .map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d"))
        .transpose()
        .map_err(|e| PyValueError::new_err(format!("document_date: {e} (give YYYY-MM-DD)")))?;
    if month.is_some_and(|m| !(1..=12).contains(&m)) {
        return Err(PyValueError::new_err("month: give 1 to 12"));
    }
    let day = day.map(roadmap::section_day).transpose().map_err(|e| PyValueError::new_err(format!("day: {e}")))?;
    let context = roadmap_dates::Context { period, document_date, month, day, opens_school_year };
    let report = roadmap::normalize_deadline(text, &context);
    serde_json::to_string(&report).map_err(|e| PyValueError::new_err(e.to_string()))
}

fn roadmaps(documents: &[String]) -> PyResult<Vec<roadmap_model::Roadmap>> {
    documents
        .iter()
        .enumerate()
        .map(|(i, d)| serde_json::from_str(d).map_err(|e| PyValueError::new_err(format!("document {i}: not a canonical roadmap: {e}"))))
        .collect()
}

fn export_options(all_renditions: bool, every_file: bool) -> roadmap_export::Options {
    roadmap_export::Options { all_renditions, every_file }
}

/// The warehouse tables of canonical documents (JSON texts) as JSON text:
/// `{table: {"columns": [[name, kind], …], "rows": [[value, …], …]}}`, dates as ISO text.
#[pyfunction]
#[pyo3(signature = (documents, all_renditions=false, every_file=false))]
fn tables(py: Python<'_>, documents: Vec<String>, all_renditions: bool, every_file: bool) -> PyResult<String> {
    py.detach(|| {
        let tables = roadmap_export::tables(&roadmaps(&documents)?, export_options(all_renditions, every_file));
        let mut out = serde_json::Map::new();
        for table in tables.all() {
            let columns: Vec<serde_json::Value> = table.columns.iter().map(|c| serde_json::json!([c.name, c.kind.name()])).collect();
            let rows: Vec<serde_json::Value> = table.rows.iter().map(|row| row.iter().map(json_value).collect()).collect();
            out.insert(table.name.to_string(), serde_json::json!({ "columns": columns, "rows": rows }));
        }
        serde_json::to_string(&out).map_err(|e| PyValueError::new_err(e.to_string()))
    })
}

fn json_value(value: &roadmap_export::Value) -> serde_json::Value {
    use roadmap_export::Value;
    match value {
        Value::Text(t) => t.clone().into(),
        Value::Integer(n) => (*n).into(),
        Value::Date(d) => d.map(|d| d.format("%Y-%m-%d").to_string()).into(),
        Value::List(items) => items.clone().into(),
    }
}

/// Write the tables of canonical documents (JSON texts) as Parquet into `directory`:
/// `acts.parquet`, `documents.parquet`, `actions.parquet`; or, for one `part` of a run split
/// into parts, `documents/<part>.parquet`, `actions/<part>.parquet` and
/// `errors/<part>.parquet` (path, code, message of the failed inputs). Each file is written
/// atomically: a part written twice (a task run again) is replaced, never doubled.
#[pyfunction]
#[pyo3(signature = (documents, directory, part=None, errors=Vec::new(), all_renditions=false))]
fn write_parquet(
    py: Python<'_>,
    documents: Vec<String>,
    directory: PathBuf,
    part: Option<String>,
    errors: Vec<(String, String, String)>,
    all_renditions: bool,
) -> PyResult<Vec<PathBuf>> {
    py.detach(|| {
        let tables = roadmap_export::tables(&roadmaps(&documents)?, export_options(all_renditions, part.is_some()));
        let mut files = Vec::new();
        match &part {
            None => {
                for table in tables.all() {
                    files.push((directory.join(format!("{}.parquet", table.name)), table.clone()));
                }
            }
            Some(part) => {
                let failures = roadmap_export::errors_table(&errors);
                for table in [&tables.documents, &tables.actions, &failures] {
                    files.push((directory.join(table.name).join(format!("{part}.parquet")), table.clone()));
                }
            }
        }
        let mut written = Vec::new();
        for (path, table) in files {
            let bytes = table.to_parquet().map_err(|e| PyValueError::new_err(e.to_string()))?;
            roadmap::output::write(&path, &bytes).map_err(|e| PyOSError::new_err(format!("{}: {e}", path.display())))?;
            written.push(path);
        }
        Ok(written)
    })
}

/// Run the command line (`args` without the program's name) and give its exit status.
#[pyfunction]
fn run_cli(py: Python<'_>, args: Vec<String>) -> u8 {
    py.detach(|| roadmap::run(std::iter::once("roadmap".to_string()).chain(args)))
}

/// The JSON Schema of the canonical output (JSON text).
#[pyfunction]
fn schema() -> PyResult<String> {
    serde_json::to_string_pretty(&roadmap_model::json_schema()).map_err(|e| PyValueError::new_err(e.to_string()))
}

#[pymodule]
fn _roadmap(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("SCHEMA_VERSION", roadmap_model::SCHEMA_VERSION)?;
    m.add("DEFAULT_OCR_LANGUAGES", DEFAULT_OCR_LANGUAGES)?;
    m.add_function(wrap_pyfunction!(extract_path, m)?)?;
    m.add_function(wrap_pyfunction!(extract_bytes, m)?)?;
    m.add_class::<ExtractMany>()?;
    m.add_function(wrap_pyfunction!(documents_under, m)?)?;
    m.add_function(wrap_pyfunction!(normalize_deadline, m)?)?;
    m.add_function(wrap_pyfunction!(tables, m)?)?;
    m.add_function(wrap_pyfunction!(write_parquet, m)?)?;
    m.add_function(wrap_pyfunction!(run_cli, m)?)?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    Ok(())
}
