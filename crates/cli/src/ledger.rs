//! The ledger of an output folder (`DIR/_ledger.jsonl`): for every input `extract -o DIR` has
//! read, what it was (its content's SHA-256, its size and time stamps), the settings it was
//! read with (the tool's version and build, and every option that changes what comes out),
//! and what came out (the output's name and time stamps, or the failure).
//!
//! In: the output folder and this run's [`Settings`]. Out: for each input, whether what an
//! earlier run made of it still holds ([`Previous::unchanged`]: the same path, size, time
//! stamps, inode and settings, the output as it was written; else [`Previous::same_content`]:
//! a file of the same content, also under another name, and its output or failure); the
//! record of each input done ([`Journal::record`]); at the end, the inputs gone since, and the
//! ledger rewritten whole ([`finish`]). The folder is locked for the run ([`open`]).
//!
//! The file is JSON lines, each `{"settings": …}` (what a settings key stands for) or
//! `{"entry": …}` (one input); a later entry for a path replaces an earlier one. A run appends
//! an entry as each output is committed (one write each, after the output's own atomic
//! write), and at its end rewrites the file atomically with one entry per path. So at any
//! interruption the file is the last whole ledger and the entries of the outputs finished
//! since; a line cut short, or an entry whose output did not reach the disk, costs that file a
//! reading, never a wrong output: an entry holds only while its output's size, time stamp and
//! inode are those recorded.
//!
//! Time stamps are trusted only when the file was last changed more than [`RACY`] before it was
//! looked at: a change within the file system's time resolution of the look could leave them
//! as they were, so such a file is hashed again (and found unchanged if it is).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The ledger's file in the output folder.
pub const FILE: &str = "_ledger.jsonl";

/// How long before it is looked at a file must have been last changed for its time stamps to
/// tell that it did not change since (file systems stamp times in ticks of up to 2 s).
pub const RACY: Duration = Duration::from_secs(2);

/// What an input was when it was looked at: enough to tell, without reading it, that it has
/// not changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stat {
    pub bytes: u64,
    /// Modification and status change times, in nanoseconds since 1970.
    pub modified: i64,
    pub changed: i64,
    pub inode: u64,
    pub device: u64,
}

impl Stat {
    pub fn of(meta: &Metadata) -> Stat {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ns = |s: i64, n: i64| s.saturating_mul(1_000_000_000).saturating_add(n);
            Stat {
                bytes: meta.len(),
                modified: ns(meta.mtime(), meta.mtime_nsec()),
                changed: ns(meta.ctime(), meta.ctime_nsec()),
                inode: meta.ino(),
                device: meta.dev(),
            }
        }
        #[cfg(not(unix))]
        {
            let modified = meta.modified().map_or(0, nanoseconds);
            Stat { bytes: meta.len(), modified, changed: modified, inode: 0, device: 0 }
        }
    }

    /// The same file, unchanged: every field equal. (An output is compared without its
    /// status change time, which its own rename into place moves.)
    fn same_output(&self, other: &Stat) -> bool {
        (self.bytes, self.modified, self.inode, self.device) == (other.bytes, other.modified, other.inode, other.device)
    }
}

fn nanoseconds(t: SystemTime) -> i64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

/// Now, in nanoseconds since 1970.
pub fn now() -> i64 {
    nanoseconds(SystemTime::now())
}

/// The settings of a run that change what comes out of a file. Two runs with the same key read
/// every file alike; a file recorded under another key is read again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// A hash of the fields below.
    pub key: String,
    /// The tool's version and the fingerprint of its build (see `build.rs`).
    pub version: String,
    pub build: String,
    pub ocr: String,
    pub ocr_lang: String,
    pub timeout_seconds: f64,
    pub max_file_mib: u64,
    pub max_part_mib: Option<u64>,
    /// The fingerprint of the corrections file applied (`--corrections`), if one is: new
    /// corrections make the outputs again.
    #[serde(default)]
    pub corrections: Option<String>,
}

impl Settings {
    /// This build's settings for the options given; `key` is computed.
    pub fn new(
        ocr: &str,
        ocr_lang: &str,
        timeout_seconds: f64,
        max_file_mib: u64,
        max_part_mib: Option<u64>,
        corrections: Option<&str>,
    ) -> Settings {
        let mut settings = Settings {
            key: String::new(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            build: env!("ROADMAP_BUILD").to_string(),
            ocr: ocr.to_string(),
            ocr_lang: ocr_lang.to_string(),
            timeout_seconds,
            max_file_mib,
            max_part_mib,
            corrections: corrections.map(str::to_string),
        };
        let described = serde_json::to_vec(&settings).unwrap_or_default();
        settings.key = format!("{:x}", Sha256::digest(&described))[..16].to_string();
        settings
    }
}

/// What came of an input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Its canonical JSON, `name` below the output folder, as written.
    Output { name: String, file: Stat, actions: usize, no_table: bool },
    /// The failure, as `_errors.jsonl` has it.
    Failed { code: String, message: String },
}

/// One input's record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The input as shown (its `source.path`).
    pub path: String,
    /// The key of the settings it was read with.
    pub settings: String,
    pub sha256: String,
    /// The format its name claims (`docx` …), which a reading depends on: a damaged package is
    /// read as what its name says, a file named for another format is warned about.
    pub named: Option<String>,
    /// The input when it was looked at, and when that was (nanoseconds since 1970).
    pub file: Stat,
    pub seen: i64,
    pub outcome: Outcome,
}

impl Entry {
    /// Whether the time stamps recorded can tell a change: the file had not been changed for
    /// [`RACY`] when it was looked at.
    fn settled(&self) -> bool {
        let last = self.file.modified.max(self.file.changed);
        self.seen.saturating_sub(last) > i64::try_from(RACY.as_nanos()).unwrap_or(i64::MAX)
    }
}

/// Failures that say something about the machine or the moment, not the file: read again on
/// every run.
pub fn transient(code: &str) -> bool {
    // a code this build does not know (a ledger of another version) is not trusted either
    roadmap_codes::Entry::of(code)
        .is_none_or(|e| [roadmap_codes::IO, roadmap_codes::NOT_FOUND, roadmap_codes::OCR_UNAVAILABLE].contains(&e.code))
}

/// One line of the ledger file.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Line {
    Settings(Settings),
    Entry(Entry),
}

/// What the ledger held when the run started; shared with the workers, never changed.
#[derive(Default)]
pub struct Previous {
    dir: PathBuf,
    entries: HashMap<String, Entry>,
    /// Paths by (content, the format the name claims, settings).
    by_content: HashMap<(String, Option<String>, String), Vec<String>>,
    settings: BTreeMap<String, Settings>,
    /// Lines that could not be read (cut short by an interruption, or of another version).
    pub unreadable: usize,
}

/// What an earlier run made of a file of the same content.
pub enum Earlier {
    /// This input's own output, still as written: nothing to do.
    Same(Entry),
    /// The output of another input of the same content, read from the file the ledger
    /// recorded (it is not written again while this run reads it: outputs are replaced, never
    /// rewritten in place).
    Output(Vec<u8>),
    /// The failure another input (or this one) of the same content met.
    Failed(Entry),
}

impl Previous {
    /// The entry of `path` when it still holds: the file, its settings and (for an output)
    /// the output file are as recorded, and a failure is not to be tried again.
    pub fn unchanged(&self, path: &str, file: &Stat, settings: &str, output: &str, retry_failed: bool) -> Option<&Entry> {
        let entry = self.entries.get(path)?;
        if entry.settings != settings || entry.file != *file || !entry.settled() {
            return None;
        }
        match &entry.outcome {
            Outcome::Output { name, file: written, .. } => {
                (name == output && self.output_stat(name).is_some_and(|s| s.same_output(written))).then_some(entry)
            }
            Outcome::Failed { code, .. } => (!retry_failed && !transient(code)).then_some(entry),
        }
    }

    /// What an earlier run made of a file with this content, named as this one claims, read
    /// with these settings: this input's own output when it is still as written, else another
    /// input's output that still is, else a failure that is not to be tried again.
    pub fn same_content(
        &self,
        sha256: &str,
        named: Option<&str>,
        settings: &str,
        path: &str,
        output: &str,
        retry_failed: bool,
    ) -> Option<Earlier> {
        let key = (sha256.to_string(), named.map(String::from), settings.to_string());
        let paths = self.by_content.get(&key)?;
        // this input's own entry first, then the others in path order
        let mut entries: Vec<&Entry> = paths.iter().filter_map(|p| self.entries.get(p)).collect();
        entries.sort_by_key(|e| (e.path != path, e.path.clone()));
        let mut failed = None;
        for entry in entries {
            match &entry.outcome {
                Outcome::Output { name, file, .. } if entry.path == path && name == output => {
                    if self.output_stat(name).is_some_and(|s| s.same_output(file)) {
                        return Some(Earlier::Same(entry.clone()));
                    }
                }
                Outcome::Output { name, file, .. } => {
                    if let Some(bytes) = self.read_output(name, file) {
                        return Some(Earlier::Output(bytes));
                    }
                }
                Outcome::Failed { code, .. } if !retry_failed && !transient(code) => failed = failed.or(Some(entry)),
                Outcome::Failed { .. } => {}
            }
        }
        failed.map(|e| Earlier::Failed(e.clone()))
    }

    fn output_stat(&self, name: &str) -> Option<Stat> {
        std::fs::metadata(self.dir.join(name)).ok().map(|m| Stat::of(&m))
    }

    /// An output's bytes, when the file is still the one recorded (checked on the open file,
    /// so a replacement made meanwhile is never read for it).
    fn read_output(&self, name: &str, recorded: &Stat) -> Option<Vec<u8>> {
        let mut file = File::open(self.dir.join(name)).ok()?;
        let stat = Stat::of(&file.metadata().ok()?);
        if !stat.same_output(recorded) {
            return None;
        }
        let mut bytes = Vec::with_capacity(usize::try_from(stat.bytes).unwrap_or(0));
        file.read_to_end(&mut bytes).ok()?;
        Some(bytes)
    }
}

/// The entries recorded by this run, appended to the ledger file as they come.
pub struct Journal {
    file: Option<File>,
    recorded: HashMap<String, Entry>,
    settings: Settings,
    settings_written: bool,
    /// The folder, locked against another run writing into it at the same time.
    _lock: Option<File>,
}

impl Journal {
    /// Record what came of an input: appended to the ledger at once (one write), so an
    /// interrupted run keeps it.
    pub fn record(&mut self, entry: Entry) -> io::Result<()> {
        if let Some(file) = &mut self.file {
            let mut text = String::new();
            if !self.settings_written {
                text.push_str(&serde_json::to_string(&Line::Settings(self.settings.clone()))?);
                text.push('\n');
                self.settings_written = true;
            }
            text.push_str(&serde_json::to_string(&Line::Entry(entry.clone()))?);
            text.push('\n');
            file.write_all(text.as_bytes())?;
        }
        self.recorded.insert(entry.path.clone(), entry);
        Ok(())
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }
}

/// Why the ledger could not be used.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("another `roadmap extract` is writing into this folder")]
    Busy,
    #[error("cannot read {FILE}: {0}")]
    Unreadable(io::Error),
    #[error("cannot write {FILE}: {0}")]
    Unwritable(io::Error),
}

/// Lock `dir`, remove the temporary files an interrupted run left in it, and read its ledger:
/// what it held (for the workers) and the journal of this run (held, with the lock, until
/// [`finish`]).
pub fn open(dir: &Path, settings: Settings) -> Result<(Previous, Journal), LedgerError> {
    let lock = lock(dir)?;
    remove_leftovers(dir);
    let path = dir.join(FILE);
    let mut previous = Previous { dir: dir.to_path_buf(), ..Previous::default() };
    let mut file = OpenOptions::new().create(true).read(true).append(true).open(&path).map_err(LedgerError::Unwritable)?;
    let mut text = String::new();
    match file.read_to_string(&mut text) {
        Ok(_) => read_lines(&text, &mut previous),
        // not text: every line unreadable, every file read again
        Err(e) if e.kind() == io::ErrorKind::InvalidData => previous.unreadable += 1,
        Err(e) => return Err(LedgerError::Unreadable(e)),
    }
    // a line an interruption cut short is ended, so the next entry is a line of its own
    if !text.is_empty() && !text.ends_with('\n') {
        file.write_all(b"\n").map_err(LedgerError::Unwritable)?;
    }
    let settings_written = previous.settings.get(&settings.key) == Some(&settings);
    let journal = Journal { file: Some(file), recorded: HashMap::new(), settings, settings_written, _lock: lock };
    Ok((previous, journal))
}

fn read_lines(text: &str, previous: &mut Previous) {
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match serde_json::from_str::<Line>(line) {
            Ok(Line::Settings(s)) => {
                previous.settings.insert(s.key.clone(), s);
            }
            Ok(Line::Entry(e)) => {
                previous.entries.insert(e.path.clone(), e);
            }
            Err(_) => previous.unreadable += 1,
        }
    }
    for entry in previous.entries.values() {
        let key = (entry.sha256.clone(), entry.named.clone(), entry.settings.clone());
        previous.by_content.entry(key).or_default().push(entry.path.clone());
    }
}

/// Lock `dir` for this run (an advisory lock on the folder itself, released when the process
/// ends however it ends). A file system that cannot lock is used unlocked.
fn lock(dir: &Path) -> Result<Option<File>, LedgerError> {
    #[cfg(unix)]
    {
        let Ok(folder) = File::open(dir) else { return Ok(None) };
        match rustix::fs::flock(&folder, rustix::fs::FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => Ok(Some(folder)),
            Err(rustix::io::Errno::WOULDBLOCK) => Err(LedgerError::Busy),
            Err(_) => Ok(None),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(None)
    }
}

/// Whether a file name is one of the temporary files this tool writes before renaming them
/// into place (`.<name>.XXXXXX.tmp`, for an output, `_errors.jsonl` or the ledger) or makes to
/// check a folder (`.roadmap-check.XXXXXX`).
fn is_leftover(name: &str) -> bool {
    let random = |part: &str| part.len() == 6 && part.chars().all(|c| c.is_ascii_alphanumeric());
    if let Some(rest) = name.strip_prefix(".roadmap-check.") {
        return random(rest);
    }
    let Some(inner) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else { return false };
    inner.rsplit_once('.').is_some_and(|(target, part)| random(part) && (target.ends_with(".json") || target.ends_with(".jsonl")))
}

/// Remove what an interrupted run left half-written in `dir` (never a finished file).
fn remove_leftovers(dir: &Path) {
    for entry in walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok) {
        if entry.file_type().is_file() && entry.file_name().to_str().is_some_and(is_leftover) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// An input an earlier run read that this run was not given.
pub struct Gone {
    pub path: String,
    /// Its output, below the folder (none for a failure).
    pub output: Option<String>,
}

/// End the run: the entries of the inputs this run was not given are reported (and with
/// `prune`, removed with their outputs, unless an input of this run now owns that output),
/// and the ledger is rewritten whole, atomically, when anything changed.
pub fn finish(previous: Previous, journal: Journal, inputs: &HashSet<String>, prune: bool) -> io::Result<Vec<Gone>> {
    let Journal { file, recorded, settings, _lock, .. } = journal;
    drop(file);
    let Previous { dir, mut entries, settings: mut known, unreadable, .. } = previous;
    let changed = !recorded.is_empty() || unreadable > 0;
    entries.extend(recorded);
    known.insert(settings.key.clone(), settings);
    let mut gone: Vec<Gone> = entries
        .values()
        .filter(|e| !inputs.contains(&e.path))
        .map(|e| Gone {
            path: e.path.clone(),
            output: match &e.outcome {
                Outcome::Output { name, .. } => Some(name.clone()),
                Outcome::Failed { .. } => None,
            },
        })
        .collect();
    gone.sort_by(|a, b| a.path.cmp(&b.path));
    if prune && !gone.is_empty() {
        let owned: HashSet<&str> = entries
            .values()
            .filter(|e| inputs.contains(&e.path))
            .filter_map(|e| match &e.outcome {
                Outcome::Output { name, .. } => Some(name.as_str()),
                Outcome::Failed { .. } => None,
            })
            .collect();
        for g in &gone {
            if let Some(name) = g.output.as_deref().filter(|n| !owned.contains(n)) {
                match std::fs::remove_file(dir.join(name)) {
                    Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                    _ => {}
                }
            }
        }
        for g in &gone {
            entries.remove(&g.path);
        }
    } else if !changed {
        return Ok(gone);
    }
    let mut paths: Vec<&String> = entries.keys().collect();
    paths.sort();
    let used: HashSet<&str> = entries.values().map(|e| e.settings.as_str()).collect();
    let mut text = String::new();
    for s in known.values().filter(|s| used.contains(s.key.as_str())) {
        text.push_str(&serde_json::to_string(&Line::Settings(s.clone()))?);
        text.push('\n');
    }
    for path in paths {
        if let Some(e) = entries.get(path) {
            text.push_str(&serde_json::to_string(&Line::Entry(e.clone()))?);
            text.push('\n');
        }
    }
    crate::output::write(&dir.join(FILE), text.as_bytes())?;
    Ok(gone)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn leftovers_are_only_this_tools_temporary_files() {
        assert!(is_leftover(".orel.docx.json.a1B2c3.tmp"));
        assert!(is_leftover("._errors.jsonl.zzzzzz.tmp"));
        assert!(is_leftover("._ledger.jsonl.000000.tmp"));
        assert!(is_leftover(".roadmap-check.Ab12Cd"));
        assert!(!is_leftover("orel.docx.json"));
        assert!(!is_leftover(".notes.txt.a1B2c3.tmp"), "not an output's");
        assert!(!is_leftover(".orel.docx.json.a1B2.tmp"));
        assert!(!is_leftover(".hidden.json"));
    }

    fn entry(path: &str, sha: &str, seen: i64, outcome: Outcome) -> Entry {
        let file = Stat { bytes: 10, modified: 1_000_000_000, changed: 1_000_000_000, inode: 7, device: 1 };
        Entry { path: path.into(), settings: "s".into(), sha256: sha.into(), named: Some("docx".into()), file, seen, outcome }
    }

    #[test]
    fn time_stamps_close_to_the_look_are_not_trusted() {
        let failed = Outcome::Failed { code: "encrypted".into(), message: "m".into() };
        let settled = entry("a.docx", "x", 10_000_000_000, failed.clone());
        let racy = entry("a.docx", "x", 2_500_000_000, failed);
        assert!(settled.settled());
        assert!(!racy.settled());
        let mut previous = Previous::default();
        previous.entries.insert("a.docx".into(), racy.clone());
        assert!(previous.unchanged("a.docx", &racy.file, "s", "a.docx.json", false).is_none(), "a racy entry is hashed again");
        previous.entries.insert("a.docx".into(), settled.clone());
        assert!(previous.unchanged("a.docx", &settled.file, "s", "a.docx.json", false).is_some());
        assert!(previous.unchanged("a.docx", &settled.file, "other", "a.docx.json", false).is_none(), "other settings");
        assert!(previous.unchanged("a.docx", &settled.file, "s", "a.docx.json", true).is_none(), "--retry-failed");
        let touched = Stat { modified: 2_000_000_000, ..settled.file };
        assert!(previous.unchanged("a.docx", &touched, "s", "a.docx.json", false).is_none());
    }

    #[test]
    fn a_torn_last_line_and_later_entries_are_read_as_a_journal() {
        let failed = |m: &str| Outcome::Failed { code: "encrypted".into(), message: m.into() };
        let line = |e: Entry| serde_json::to_string(&Line::Entry(e)).unwrap();
        let text = format!(
            "{}\n{}\n{}",
            line(entry("a.docx", "x", 1, failed("first"))),
            line(entry("a.docx", "y", 1, failed("second"))),
            &line(entry("b.docx", "z", 1, failed("cut")))[..30]
        );
        let mut previous = Previous::default();
        read_lines(&text, &mut previous);
        assert_eq!(previous.entries.len(), 1);
        assert_eq!(previous.entries["a.docx"].sha256, "y", "the later entry of a path holds");
        assert_eq!(previous.unreadable, 1);
        assert_eq!(previous.by_content.len(), 1);
    }

    #[test]
    fn settings_keys_tell_every_option_apart() {
        let base = Settings::new("auto", "rus+eng", 120.0, 512, None, None);
        assert_eq!(base.key, Settings::new("auto", "rus+eng", 120.0, 512, None, None).key);
        for other in [
            Settings::new("never", "rus+eng", 120.0, 512, None, None),
            Settings::new("auto", "rus", 120.0, 512, None, None),
            Settings::new("auto", "rus+eng", 60.0, 512, None, None),
            Settings::new("auto", "rus+eng", 120.0, 256, None, None),
            Settings::new("auto", "rus+eng", 120.0, 512, Some(64), None),
            Settings::new("auto", "rus+eng", 120.0, 512, None, Some("0123456789abcdef")),
        ] {
            assert_ne!(base.key, other.key, "{other:?}");
        }
    }
}
