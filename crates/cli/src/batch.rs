//! `roadmap extract`: one input to stdout, or a parallel batch into a folder or a JSON-lines
//! stream.
//!
//! In: paths (walked by [`crate::inputs`]) and the options. Out: canonical JSON through
//! [`crate::output`], a line on stderr for every failure and warning, a summary that accounts
//! for every file, and the exit code. One bad input never stops the batch; the outputs are
//! checked before any work; results come out in input order through a bounded window, so
//! memory stays flat however many files there are.
//!
//! Into a folder, the folder's [`crate::ledger`] decides what is read: a file whose content and
//! settings an earlier run read is not read again (its output, or its failure, holds), a file
//! renamed or copied gets the output of its content without being read, and the files an
//! earlier run read that are not among the inputs are reported (and with `--prune` their
//! outputs removed). An interrupted run is resumed by running it again.
//!
//! The ledger knows a file by its bytes' SHA-256, so this process reads each input and hashes
//! it before anything else, with `--isolate` too: the worker process is sent the bytes read
//! here (never the path), and the `source.sha256` it writes is the hash of those same bytes.

use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use roadmap_model::Roadmap;
use serde::Serialize;

use roadmap_workers::{OcrMode, Pool, TaskOptions};

use crate::corrections::Corrections;
use crate::inputs::{walk, Input, WalkRules, Walked, DOCUMENT_EXTENSIONS};
use crate::isolate;
use crate::ledger::{self, Earlier, Entry, Journal, Previous, Settings, Stat};
use crate::output::{self, Output};
use crate::read::{extract_bytes, extract_file, extract_hashed, format_of_extension, read_input, sha256, Extracted, FileError, Limits};
use crate::render::{render, Failed, Notes, Rendered};

/// The failures of a batch written into a folder.
pub const ERRORS: &str = "_errors.jsonl";

#[derive(clap::Args)]
pub struct ExtractArgs {
    /// Files and folders (folders are walked for .docx .docm .doc .dot .rtf .odt .ott .fodt
    /// .pdf .xlsx .xlsm .xls .ods, and files without an extension whose content is a
    /// document); `-` reads standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Write one DIR/<file name>.json per document, and DIR/_errors.jsonl.
    #[arg(short = 'o', long = "out", value_name = "DIR", conflicts_with = "jsonl")]
    out: Option<PathBuf>,
    /// Write one JSON document per line to FILE (`-` for stdout), in input order.
    #[arg(long, value_name = "FILE")]
    jsonl: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// An absolute cap, in MiB, on the decompressed size of one part of a DOCX/XLSX/ODS
    /// package and of one PDF stream (by default a part is refused only when it inflates like a
    /// zip bomb, and a PDF stream past 64 MiB).
    #[arg(long, value_name = "MIB")]
    max_part_mib: Option<u64>,
    /// Largest input read, in MiB (also for pipes and devices, whatever size they report).
    #[arg(long, default_value_t = 512)]
    max_file_mib: u64,
    /// Seconds one document may take to read and extract; 0 for no limit.
    #[arg(long, value_name = "SECONDS", default_value_t = 120.0)]
    timeout: f64,
    /// Follow links to folders while walking (a link back to a folder above is reported once
    /// as a loop and not followed).
    #[arg(long)]
    follow: bool,
    /// Read only the files under the folders whose path (below the folder) matches GLOB.
    #[arg(long, value_name = "GLOB")]
    include: Vec<String>,
    /// Pass over the files under the folders whose path (below the folder) matches GLOB.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// List the files passed over, with the reason.
    #[arg(long, short = 'v')]
    verbose: bool,
    /// Recognize scanned PDF pages with Tesseract: `auto`, the pages without a text layer
    /// (page by page, so a signed scan of the last page is read too); `always`, every page that
    /// paints an image; `never`, scans fail with no_text_layer.
    #[arg(long, value_enum, default_value_t = OcrChoice::Auto)]
    ocr: OcrChoice,
    /// Languages of the scans, as Tesseract names them.
    #[arg(long, value_name = "LANGS", default_value = crate::read::DEFAULT_OCR_LANGUAGES)]
    ocr_lang: String,
    /// Apply the reviewers' corrections of this file (JSON lines, as the review report saves
    /// them); a correction whose row no longer matches is reported and not applied.
    #[arg(long, value_name = "FILE")]
    corrections: Option<PathBuf>,
    /// Read each document in a worker process (the same program) under a memory cap and the
    /// time limit, both enforced by killing the worker: a document that crashes its reader,
    /// exhausts the memory or hangs fails alone (`internal`, `memory_limit`, `timeout`).
    #[arg(long)]
    isolate: bool,
    #[command(flatten)]
    workers: isolate::WorkerLimits,
    /// With -o DIR: read every file again, whatever DIR's ledger says (and record them anew).
    #[arg(long, requires = "out", conflicts_with = "jsonl")]
    force: bool,
    /// With -o DIR: remove the outputs of the files an earlier run read that are not among the
    /// inputs now (they are reported either way).
    #[arg(long, requires = "out", conflicts_with = "jsonl")]
    prune: bool,
    /// With -o DIR: read again the files that failed in an earlier run (by default a failure is
    /// kept until the file or the settings change, except io, not_found and ocr_unavailable).
    #[arg(long, requires = "out", conflicts_with = "jsonl")]
    retry_failed: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum OcrChoice {
    Auto,
    Always,
    Never,
}

impl ExtractArgs {
    /// The options that change what comes out of a file, for the ledger (the corrections
    /// applied among them).
    fn settings(&self, corrections: Option<&Corrections>) -> Settings {
        let ocr = match self.ocr {
            OcrChoice::Auto => "auto",
            OcrChoice::Always => "always",
            OcrChoice::Never => "never",
        };
        Settings::new(ocr, &self.ocr_lang, self.timeout, self.max_file_mib, self.max_part_mib, corrections.map(Corrections::fingerprint))
    }

    /// The options of one document, as a worker process is given them too.
    fn task_options(&self) -> Result<TaskOptions, String> {
        if !self.timeout.is_finite() || self.timeout < 0.0 {
            return Err(format!("--timeout {}: give a number of seconds, 0 for no limit", self.timeout));
        }
        Ok(TaskOptions {
            timeout_secs: (self.timeout > 0.0).then_some(self.timeout),
            max_part_bytes: self.max_part_mib.map(|m| m.saturating_mul(1024 * 1024)),
            max_file_bytes: self.max_file_mib.saturating_mul(1024 * 1024),
            ocr: match self.ocr {
                OcrChoice::Auto => OcrMode::Auto,
                OcrChoice::Always => OcrMode::Always,
                OcrChoice::Never => OcrMode::Never,
            },
            ocr_lang: self.ocr_lang.clone(),
            pretty: self.out.is_some() || self.jsonl.is_none(),
        })
    }
}

#[derive(Serialize)]
struct ErrorLine<'a> {
    path: &'a str,
    code: &'a str,
    message: &'a str,
}

/// A document extracted and serialized by a worker, ready to be written.
struct Done {
    rendered: Rendered,
    relative: PathBuf,
    /// What the input was, for the ledger (a regular file written into a folder).
    facts: Option<Facts>,
    /// Taken from an earlier output of the same content (a file renamed or copied), not read.
    copied: bool,
}

/// What an input was when it was read: the ledger's entry but for the outcome.
struct Facts {
    sha256: String,
    named: Option<String>,
    file: Stat,
    seen: i64,
}

impl Facts {
    fn entry(self, path: String, settings: &str, outcome: ledger::Outcome) -> Entry {
        Entry { path, settings: settings.to_string(), sha256: self.sha256, named: self.named, file: self.file, seen: self.seen, outcome }
    }
}

/// What a worker made of an input.
enum Outcome {
    Done(Done),
    Failed(Failed, Option<Facts>),
    /// What an earlier run made of it holds (its output or its failure): nothing is written.
    /// `record`: the entry is new (the file's time stamps moved, or another file of the same
    /// content failed so) and is recorded.
    Kept {
        entry: Entry,
        record: bool,
        copied: bool,
    },
}

impl From<FileError> for Outcome {
    fn from(e: FileError) -> Self {
        Outcome::Failed(Failed::of(&e), None)
    }
}

/// What the workers need of the ledger.
#[derive(Clone, Copy)]
struct Incremental<'a> {
    previous: &'a Previous,
    settings: &'a str,
    force: bool,
    retry_failed: bool,
}

fn usage_error(message: &str) -> u8 {
    eprintln!("error: {message}");
    2
}

/// How each document is read: in this process, or in worker processes.
enum Reading {
    InProcess(Limits),
    Isolated { pool: Box<Pool>, options: TaskOptions, limits: Limits },
}

impl Reading {
    /// The limits an input is read within (in this process either way).
    fn limits(&self) -> &Limits {
        match self {
            Reading::InProcess(limits) | Reading::Isolated { limits, .. } => limits,
        }
    }
}

pub fn run(args: ExtractArgs) -> u8 {
    let options = match args.task_options() {
        Ok(o) => o,
        Err(e) => return usage_error(&e),
    };
    let corrections = match Corrections::load_optional(args.corrections.as_deref()) {
        Ok(c) => c,
        Err(e) => return usage_error(&e),
    };
    let limits = Limits::of(&options);
    let reading = if args.isolate {
        match args.workers.pool(crate::ordered::workers(args.jobs.map(usize::from))) {
            Ok(pool) => Reading::Isolated { pool: Box::new(pool), options, limits },
            Err(e) => return usage_error(&e),
        }
    } else {
        Reading::InProcess(limits)
    };
    let code = extract_paths(&args, &reading, corrections.as_ref());
    if let Some(c) = &corrections {
        c.finish();
    }
    code
}

fn extract_paths(args: &ExtractArgs, reading: &Reading, corrections: Option<&Corrections>) -> u8 {
    let rules = WalkRules {
        extensions: DOCUMENT_EXTENSIONS.to_vec(),
        documents: true,
        follow: args.follow,
        include: args.include.clone(),
        exclude: args.exclude.clone(),
        outputs: args.out.iter().cloned().collect(),
    };
    if args.out.is_none() && args.jsonl.is_none() {
        return single(args, reading, &rules, corrections);
    }
    let walked = match walk(&args.paths, &rules) {
        Ok(w) => w,
        Err(e) => return usage_error(&e),
    };
    if let Some(code) = nothing_to_read(&args.paths, &walked, args.verbose) {
        return code;
    }
    // the outputs before any document is read: a batch never does its work to find it cannot
    // write the result (and paths that hold nothing to read leave no output folder behind)
    let mut errors_file = None;
    let mut ledger = None;
    if let Some(dir) = &args.out {
        if let Err(e) = output::check_folder(dir) {
            return usage_error(&format!("{}: cannot write the output folder: {e}", dir.display()));
        }
        match ledger::open(dir, args.settings(corrections)) {
            Ok(opened) => ledger = Some(opened),
            Err(e) => return usage_error(&format!("{}: {e}", dir.display())),
        }
        // checked here, written at the end: a file that would not change is left as it is
        if let Err(e) = Output::create(&dir.join(ERRORS)) {
            return usage_error(&format!("{}: cannot write the output folder: {e}", dir.display()));
        }
        errors_file = Some(Vec::new());
    }
    let mut jsonl = None;
    if let Some(target) = &args.jsonl {
        match Output::create(target) {
            Ok(o) => jsonl = Some(o),
            Err(e) => return usage_error(&format!("{}: cannot write the output: {e}", target.display())),
        }
    }
    let (previous, journal) = ledger.unzip();
    let settings = journal.as_ref().map(|j| j.settings().key.clone()).unwrap_or_default();
    let mut batch = Batch {
        args,
        errors_file,
        jsonl,
        journal,
        summary: Summary::default(),
        stop: false,
        write_failed: false,
        started: Instant::now(),
        consumed: 0,
        corrections,
    };
    batch.report_walk(&walked);
    let incremental =
        previous.as_ref().map(|previous| Incremental { previous, settings: &settings, force: args.force, retry_failed: args.retry_failed });
    batch.extract_all(&walked.inputs, reading, incremental);
    batch.finish(&walked, previous)
}

/// The exit code when the paths hold nothing to read: a usage error naming them (and, with
/// `verbose`, each file passed over).
fn nothing_to_read(paths: &[PathBuf], walked: &Walked, verbose: bool) -> Option<u8> {
    if !walked.inputs.is_empty() {
        return None;
    }
    if verbose {
        report_skipped(walked);
    }
    for p in &walked.problems {
        eprintln!("error: {}: {}", p.path.display(), p.error);
    }
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let skipped = walked.skipped.len();
    let note = match skipped {
        0 => String::new(),
        1 if verbose => " (1 other file passed over, listed above)".to_string(),
        _ if verbose => format!(" ({skipped} other files passed over, listed above)"),
        1 => " (1 other file passed over; --verbose lists it)".to_string(),
        _ => format!(" ({skipped} other files passed over; --verbose lists them)"),
    };
    if walked.problems.len() < paths.len() {
        eprintln!("error: {}: no documents found{note}", shown.join(", "));
    }
    Some(2)
}

/// `--verbose`: every file passed over, with the reason.
fn report_skipped(walked: &Walked) {
    for s in &walked.skipped {
        eprintln!("skipped: {}: {}", s.path.display(), s.reason);
    }
}

/// `roadmap extract FILE`: the document on stdout.
fn single(args: &ExtractArgs, reading: &Reading, rules: &WalkRules, corrections: Option<&Corrections>) -> u8 {
    let [path] = args.paths.as_slice() else {
        return usage_error("several inputs need -o DIR or --jsonl FILE");
    };
    if path.is_dir() {
        return usage_error(&format!("{}: a folder needs -o DIR or --jsonl FILE", path.display()));
    }
    let walked = match walk(std::slice::from_ref(path), rules) {
        Ok(w) => w,
        Err(e) => return usage_error(&e),
    };
    let Some(input) = walked.inputs.first() else {
        return usage_error(&format!("{}: no such file or folder", path.display()));
    };
    let shown = input.shown();
    match reading {
        // written as it is serialized: a document of hundreds of thousands of actions never
        // has all its JSON in memory
        Reading::InProcess(limits) => match extract_file(&input.path, &shown, limits) {
            Ok(_) | Err(_) if roadmap_layout::deadline::interrupted() => not_written(&shown),
            Ok(mut extracted) => {
                if let Some(c) = corrections {
                    c.apply(&mut extracted.roadmap);
                }
                report_notes(&shown, &Notes::of(&extracted), args.verbose);
                crate::print_json(&roadmap_model::ConsumingRoadmap::new(extracted.roadmap))
            }
            Err(e) => {
                eprintln!("error: {shown}: {e}");
                1
            }
        },
        Reading::Isolated { pool, options, limits } => match isolate::read(&input.path, &shown, pool, options, limits)
            .and_then(|rendered| corrected(rendered, corrections, options.pretty))
        {
            Ok(_) | Err(_) if roadmap_layout::deadline::interrupted() => not_written(&shown),
            Ok(rendered) => {
                report_notes(&shown, &rendered.notes, args.verbose);
                let mut out = std::io::stdout().lock();
                match rendered.json.write_to(&mut out).and_then(|()| writeln!(out)) {
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                        eprintln!("error: cannot write the output: {e}");
                        2
                    }
                    _ => 0,
                }
            }
            Err(failed) => {
                eprintln!("error: {shown}: {}", failed.message);
                1
            }
        },
    }
}

/// The lines on stderr about a document read: its name claims another format, it has no
/// roadmap table, and (`--verbose`) why each table was not a plan. Returns whether it has
/// no roadmap table.
fn report_notes(shown: &str, notes: &Notes, verbose: bool) -> bool {
    if let Some(w) = &notes.mislabelled {
        eprintln!("warning: {shown}: {w}");
    }
    if notes.no_table {
        eprintln!("warning: {shown}: no roadmap table found");
    }
    if verbose {
        for message in &notes.not_plans {
            eprintln!("note: {shown}: {message}");
        }
    }
    notes.no_table
}

/// An interrupted `extract FILE`: nothing is printed.
fn not_written(shown: &str) -> u8 {
    eprintln!("interrupted: {shown} not read, nothing written");
    INTERRUPTED
}

/// The exit code of a run stopped by Ctrl-C (SIGINT) or SIGTERM, as shells report a program
/// killed by SIGINT.
pub const INTERRUPTED: u8 = 130;

/// How fast the batch went: documents a second, or seconds a document when each took more
/// than one (scans), so a slow batch never reads «0 docs/s».
fn rate(read: usize, seconds: f64) -> String {
    if read == 0 || seconds <= 0.0 {
        return "0 docs/s".to_string();
    }
    let per_second = read as f64 / seconds;
    if per_second >= 10.0 {
        format!("{per_second:.0} docs/s")
    } else if per_second >= 1.0 {
        format!("{per_second:.1} docs/s")
    } else {
        format!("{:.1} s/doc", seconds / read as f64)
    }
}

#[derive(Default)]
struct Summary {
    documents: usize,
    actions: usize,
    failed: usize,
    no_table: usize,
    /// Not read: what an earlier run made of them holds.
    unchanged: usize,
    /// Not read: taken from an earlier output (or failure) of the same content.
    copied: usize,
    /// Failures of an earlier run kept (not tried again).
    kept_failures: usize,
}

/// The consuming side of a batch: everything is written here, in input order.
struct Batch<'a> {
    args: &'a ExtractArgs,
    /// `_errors.jsonl`, written at the end.
    errors_file: Option<Vec<u8>>,
    jsonl: Option<Output>,
    /// The ledger's record of this run (with -o DIR).
    journal: Option<Journal>,
    summary: Summary,
    /// Stop taking results: an output failed, or the reader of stdout went away.
    stop: bool,
    /// An output could not be written (exit 2).
    write_failed: bool,
    started: Instant,
    /// Inputs consumed (written or failed) so far.
    consumed: usize,
    corrections: Option<&'a Corrections>,
}

impl Batch<'_> {
    fn report_walk(&mut self, walked: &Walked) {
        for l in &walked.loops {
            eprintln!("warning: {}: a link back to a folder above it (a loop), not followed", l.display());
        }
        if self.args.verbose {
            report_skipped(walked);
        }
        for p in &walked.problems {
            self.failure(&p.path.display().to_string(), p.error.code().as_str(), &p.error.to_string());
        }
    }

    fn extract_all(&mut self, inputs: &[Input], reading: &Reading, incremental: Option<Incremental>) {
        let jobs = crate::ordered::workers(self.args.jobs.map(usize::from));
        let pretty = self.args.out.is_some();
        let corrections = self.corrections;
        let progress = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(inputs.len() as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} {msg}") {
                bar.set_style(style);
            }
            bar
        });
        let done = AtomicBool::new(false);
        std::thread::scope(|scope| {
            // scanned pages take seconds each: the bar counts them as they are recognized
            if let Some(bar) = &progress {
                let done = &done;
                scope.spawn(move || {
                    while !done.load(Ordering::Relaxed) {
                        let pages = roadmap_ocr::pages_recognized();
                        if pages > 0 {
                            bar.set_message(format!("{pages} scanned pages recognized"));
                            bar.tick();
                        }
                        std::thread::sleep(Duration::from_millis(250));
                    }
                });
            }
            crate::ordered::run(
                inputs.len(),
                jobs,
                |index| work(&inputs[index], reading, pretty, incremental, corrections),
                |index, outcome| {
                    // after Ctrl-C the documents in hand gave up: none of them is written
                    if roadmap_layout::deadline::interrupted() {
                        return ControlFlow::Break(());
                    }
                    self.consume(&inputs[index], outcome);
                    self.consumed += 1;
                    if let Some(bar) = &progress {
                        bar.inc(1);
                    }
                    if self.stop {
                        ControlFlow::Break(())
                    } else {
                        ControlFlow::Continue(())
                    }
                },
            );
            done.store(true, Ordering::Relaxed);
        });
        if let Some(bar) = progress {
            bar.finish_and_clear();
        }
    }

    fn consume(&mut self, input: &Input, outcome: Outcome) {
        let shown = input.shown();
        let done = match outcome {
            Outcome::Done(done) => done,
            Outcome::Failed(failed, facts) => {
                self.failure(&shown, &failed.code, &failed.message);
                if let Some(facts) = facts {
                    let outcome = ledger::Outcome::Failed { code: failed.code, message: failed.message };
                    self.record(|settings| facts.entry(shown.clone(), settings, outcome));
                }
                return;
            }
            Outcome::Kept { entry, record, copied } => return self.keep(&shown, entry, record, copied),
        };
        if report_notes(&shown, &done.rendered.notes, self.args.verbose) {
            self.summary.no_table += 1;
        }
        if let Some(dir) = &self.args.out {
            let name = output_name(&done.relative);
            let path = dir.join(&name);
            let written = Output::create(&path).and_then(|mut out| {
                done.rendered.json.write_to(&mut out)?;
                out.commit()?;
                std::fs::metadata(&path)
            });
            match written {
                Err(e) => return self.failure(&shown, roadmap_codes::IO.as_str(), &format!("cannot write {}: {e}", path.display())),
                Ok(meta) => {
                    if let Some(facts) = done.facts {
                        let (actions, no_table) = (done.rendered.actions, done.rendered.notes.no_table);
                        let outcome = ledger::Outcome::Output { name, file: Stat::of(&meta), actions, no_table };
                        self.record(|settings| facts.entry(shown.clone(), settings, outcome));
                    }
                }
            }
        }
        if done.copied {
            self.summary.copied += 1;
        }
        if let Some(out) = &mut self.jsonl {
            if let Err(e) = done.rendered.json.write_to(out) {
                // a reader that went away (`| head`) ends the batch quietly
                self.stop = true;
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    let target = self.args.jsonl.as_deref().unwrap_or(std::path::Path::new("-"));
                    eprintln!("error: {}: cannot write the output: {e}", target.display());
                    self.jsonl = None; // nothing half-written is committed
                    self.write_failed = true;
                }
                return;
            }
        }
        self.summary.documents += 1;
        self.summary.actions += done.rendered.actions;
    }

    /// An input whose output (or failure) from an earlier run holds: counted as it was, its
    /// failure reported again (`_errors.jsonl` lists every failed input), nothing written.
    fn keep(&mut self, shown: &str, entry: Entry, record: bool, copied: bool) {
        if copied {
            self.summary.copied += 1;
        } else {
            self.summary.unchanged += 1;
        }
        match &entry.outcome {
            ledger::Outcome::Output { actions, no_table, .. } => {
                self.summary.documents += 1;
                self.summary.actions += actions;
                self.summary.no_table += usize::from(*no_table);
            }
            ledger::Outcome::Failed { code, message } => {
                self.summary.kept_failures += 1;
                // a failure is kept only under a code this build knows (`ledger::transient`)
                let code = roadmap_codes::Entry::of(code).map_or(roadmap_codes::INTERNAL, |e| e.code);
                self.failure(shown, code.as_str(), message);
            }
        }
        if record {
            self.record(|_| entry);
        }
    }

    /// Append an entry to the ledger (`make` gets this run's settings key).
    fn record(&mut self, make: impl FnOnce(&str) -> Entry) {
        let Some(journal) = &mut self.journal else { return };
        let entry = make(&journal.settings().key.clone());
        if let Err(e) = journal.record(entry) {
            eprintln!("error: {}: cannot write: {e}", ledger::FILE);
            self.journal = None;
            self.stop = true;
            self.write_failed = true;
        }
    }

    fn failure(&mut self, shown: &str, code: &str, message: &str) {
        self.summary.failed += 1;
        eprintln!("error: {shown}: {message}");
        if let Some(file) = &mut self.errors_file {
            let line = ErrorLine { path: shown, code, message };
            // into memory: cannot fail
            let _ = serde_json::to_writer(&mut *file, &line);
            file.push(b'\n');
        }
    }

    /// What an interrupted batch leaves: the documents finished are written, the rest not read.
    fn say_interrupted(&self, walked: &Walked) {
        let left = walked.inputs.len().saturating_sub(self.consumed);
        let (documents, failed) = (self.summary.documents, self.summary.failed);
        let kept = match (&self.args.out, &self.args.jsonl) {
            (Some(dir), _) => {
                format!("{documents} documents written to {}, {failed} failures to {}", dir.display(), dir.join("_errors.jsonl").display())
            }
            (None, Some(file)) => format!("{documents} documents written to {}", file.display()),
            (None, None) => String::new(),
        };
        eprintln!("interrupted: {left} of {} files not read; {kept}; no temporary file is left", walked.inputs.len());
    }

    fn finish(mut self, walked: &Walked, previous: Option<Previous>) -> u8 {
        let mut write_failed = self.write_failed;
        if let (Some(errors), Some(dir)) = (self.errors_file.take(), &self.args.out) {
            if let Err(e) = output::write_if_changed(&dir.join(ERRORS), &errors) {
                eprintln!("error: {ERRORS}: cannot write: {e}");
                write_failed = true;
            }
        }
        if let Some(out) = self.jsonl.take() {
            match out.commit() {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                Err(e) => {
                    eprintln!("error: the JSON-lines output: cannot write: {e}");
                    write_failed = true;
                }
                Ok(()) => {}
            }
        }
        let mut gone = Vec::new();
        let mut pruned = false;
        if let (Some(previous), Some(journal), Some(dir)) = (previous, self.journal.take(), &self.args.out) {
            let inputs: HashSet<String> = walked.inputs.iter().map(Input::shown).collect();
            // a folder that could not be walked would make its files look gone
            pruned = self.args.prune && walked.problems.is_empty();
            if self.args.prune && !pruned {
                eprintln!("note: nothing pruned: some paths could not be walked, so their files would look gone");
            }
            match ledger::finish(previous, journal, &inputs, pruned) {
                Ok(g) => gone = g,
                Err(e) => {
                    eprintln!("error: {}: cannot write: {e}", ledger::FILE);
                    write_failed = true;
                }
            }
            for g in &gone {
                match &g.output {
                    Some(name) if pruned => eprintln!("pruned: {}: not among the inputs; {} removed", g.path, dir.join(name).display()),
                    Some(name) => {
                        eprintln!("gone: {}: not among the inputs; {} kept (--prune removes it)", g.path, dir.join(name).display())
                    }
                    None => eprintln!("gone: {}: not among the inputs (it had failed)", g.path),
                }
            }
        }
        let s = &self.summary;
        if s.kept_failures > 0 {
            eprintln!("note: {} failures of earlier runs kept, the files unchanged (--retry-failed reads them again)", s.kept_failures);
        }
        let elapsed = self.started.elapsed().as_secs_f64();
        let mut line = format!(
            "{} documents, {} actions, {} failed, {} skipped (not documents)",
            s.documents,
            s.actions,
            s.failed,
            walked.not_documents()
        );
        if walked.excluded() > 0 {
            line.push_str(&format!(", {} excluded", walked.excluded()));
        }
        if s.no_table > 0 {
            line.push_str(&format!(", {} without a roadmap table", s.no_table));
        }
        if s.unchanged > 0 {
            line.push_str(&format!(", {} unchanged", s.unchanged));
        }
        if s.copied > 0 {
            line.push_str(&format!(", {} renamed or copied", s.copied));
        }
        if !gone.is_empty() {
            line.push_str(&format!(", {} {}", gone.len(), if pruned { "pruned" } else { "gone from the inputs" }));
        }
        eprintln!("{line}, {elapsed:.2}s, {}", rate(s.documents + s.failed, elapsed));
        if roadmap_layout::deadline::interrupted() {
            self.say_interrupted(walked);
            return INTERRUPTED;
        }
        if write_failed {
            2
        } else if s.failed > 0 {
            1
        } else {
            0
        }
    }
}

/// The output's name below the output folder: the input's relative name and `.json`.
fn output_name(relative: &Path) -> String {
    let mut name = relative.as_os_str().to_os_string();
    name.push(".json");
    PathBuf::from(name).to_string_lossy().into_owned()
}

/// The output of another input of the same content, as this input's: the same bytes an
/// extraction would give (the roadmap read back and written again), with this input's path.
/// `None` when the output is not the canonical roadmap of this content.
fn copied(output: &[u8], input: &Input, sha256: &str, named: Option<roadmap_model::Format>, pretty: bool) -> Option<Rendered> {
    let mut roadmap: Roadmap = serde_json::from_slice(output).ok()?;
    if roadmap.source.sha256 != sha256 {
        return None;
    }
    roadmap.source.path = input.shown();
    let format = roadmap.source.format;
    let mislabelled = named.filter(|n| *n != format).map(|n| (n, format));
    render(Extracted { roadmap, mislabelled }, pretty).ok()
}

/// Extract and serialize the bytes of one input, read already: in this process (a panic in a
/// reader caught as this input's failure, so the batch and the worker go on) or in a worker
/// process; the corrections applied. `sha256`: their hash when the ledger took it already.
fn extract(
    bytes: Vec<u8>,
    sha256: Option<String>,
    input: &Input,
    reading: &Reading,
    pretty: bool,
    corrections: Option<&Corrections>,
) -> Result<Rendered, Failed> {
    let shown = input.shown();
    match reading {
        Reading::InProcess(limits) => crate::read::isolated(|| {
            let mut extracted = match sha256 {
                Some(sha256) => extract_hashed(&bytes, sha256, &input.path, &shown, limits)?,
                None => extract_bytes(&bytes, &input.path, &shown, limits)?,
            };
            if let Some(c) = corrections {
                c.apply(&mut extracted.roadmap);
            }
            Ok(render(extracted, pretty)?)
        })
        .map_err(|e| Failed::of(&e)),
        // a task carries the bytes, not their hash: the worker hashes them again for
        // `source.sha256`, the same hash as the ledger's (a few milliseconds a megabyte)
        Reading::Isolated { pool, options, .. } => {
            let options = TaskOptions { pretty, ..options.clone() };
            isolate::read_bytes(bytes, &input.path, &shown, pool, &options).and_then(|r| corrected(r, corrections, pretty))
        }
    }
}

/// A worker's job: read, extract and serialize one input, unless what an earlier run made of
/// it (or of a file of the same content) holds. The input is read and hashed in this process
/// whichever way it is extracted (see the module's documentation).
fn work(input: &Input, reading: &Reading, pretty: bool, incremental: Option<Incremental>, corrections: Option<&Corrections>) -> Outcome {
    let limits = reading.limits();
    let shown = input.shown();
    let done = |rendered, facts, copied| Outcome::Done(Done { rendered, relative: input.relative.clone(), facts, copied });
    // standard input, and pipes and devices named on purpose, have no identity to record
    let regular = match (incremental, input.is_stdin()) {
        (Some(incremental), false) => {
            let seen = ledger::now();
            match std::fs::metadata(&input.path) {
                Ok(meta) if meta.is_file() => Some((incremental, meta, seen)),
                Ok(_) => None,
                Err(e) => return Outcome::from(FileError::from(e)),
            }
        }
        _ => None,
    };
    let Some((incremental, meta, seen)) = regular else {
        return match read_input(&input.path, limits) {
            Ok(bytes) => match extract(bytes, None, input, reading, pretty, corrections) {
                Ok(rendered) => done(rendered, None, false),
                Err(failed) => Outcome::Failed(failed, None),
            },
            Err(e) => Outcome::from(e),
        };
    };
    if meta.len() > limits.max_file_bytes {
        return Outcome::from(FileError::TooLarge { limit: limits.max_file_bytes });
    }
    let Incremental { previous, settings, force, retry_failed } = incremental;
    let output = output_name(&input.relative);
    let file = Stat::of(&meta);
    if !force {
        if let Some(entry) = previous.unchanged(&shown, &file, settings, &output, retry_failed) {
            return Outcome::Kept { entry: entry.clone(), record: false, copied: false };
        }
    }
    let bytes = match read_input(&input.path, limits) {
        Ok(bytes) => bytes,
        Err(e) => return Outcome::from(e),
    };
    let named = format_of_extension(&input.path);
    let facts = Facts { sha256: sha256(&bytes), named: named.map(|f| f.to_string().to_lowercase()), file, seen };
    if !force {
        match previous.same_content(&facts.sha256, facts.named.as_deref(), settings, &shown, &output, retry_failed) {
            // the same file, its time stamps moved (touched, or changed too recently to tell)
            Some(Earlier::Same(entry)) => {
                let entry = Entry { file: facts.file, seen: facts.seen, ..entry };
                return Outcome::Kept { entry, record: true, copied: false };
            }
            Some(Earlier::Output(earlier)) => {
                if let Some(rendered) = copied(&earlier, input, &facts.sha256, named, pretty) {
                    return done(rendered, Some(facts), true);
                }
            }
            Some(Earlier::Failed(entry)) => {
                let copied = entry.path != shown;
                return Outcome::Kept { entry: facts.entry(shown, settings, entry.outcome), record: true, copied };
            }
            None => {}
        }
    }
    match extract(bytes, Some(facts.sha256.clone()), input, reading, pretty, corrections) {
        Ok(rendered) => done(rendered, Some(facts), false),
        Err(failed) => Outcome::Failed(failed, Some(facts)),
    }
}

/// A document a worker process read, with the corrections applied here: the corrections
/// stay with the one process that reports those not applied.
fn corrected(rendered: Rendered, corrections: Option<&Corrections>, pretty: bool) -> Result<Rendered, Failed> {
    match corrections {
        Some(c) => c.apply_to_rendered(rendered, pretty),
        None => Ok(rendered),
    }
}

#[cfg(test)]
mod tests {
    use super::rate;

    #[test]
    fn a_slow_batch_gives_seconds_a_document() {
        assert_eq!(rate(600, 1.05), "571 docs/s");
        assert_eq!(rate(3, 0.9), "3.3 docs/s");
        assert_eq!(rate(3, 25.0), "8.3 s/doc");
        assert_eq!(rate(0, 0.0), "0 docs/s");
    }
}
