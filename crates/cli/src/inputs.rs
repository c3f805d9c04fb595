//! What a command reads: the paths given on the command line, with folders walked.
//!
//! In: paths (files, folders, `-` for standard input, pipes and devices named on purpose) and
//! the walking rules. Out: the inputs to read in order, the files passed over with the reason,
//! and the paths that could not be walked (reported as failures, the rest goes on).
//!
//! Folders are walked with `walkdir`, sorted by name: hidden files and folders are read; links
//! to folders are not followed unless asked (`--follow`), and then a link back to a folder
//! above is reported once as a loop and passed over; only regular files are read from folders
//! (pipes, sockets and devices found there are passed over, never opened); `--include` and
//! `--exclude` globs match the path below the folder given.

use std::fs::FileType;
use std::io::Read;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use walkdir::WalkDir;

use crate::read::FileError;

/// Extensions of the documents read, by the reader that reads them.
pub const DOCUMENT_EXTENSIONS: &[&str] = &["docx", "docm", "doc", "dot", "rtf", "odt", "ott", "fodt", "pdf", "xlsx", "xlsm", "xls", "ods"];

/// Extensions of document formats that are recognised but not read: such files are failures
/// with `unsupported_format`, never passed over in silence.
pub const RECOGNISED_EXTENSIONS: &[&str] = &["odp", "ppt", "pptx"];

/// One thing to read.
#[derive(Debug, Clone)]
pub struct Input {
    /// Where to read it; `-` is standard input.
    pub path: PathBuf,
    /// Output name relative to the output folder (mirrors sub-folders).
    pub relative: PathBuf,
}

impl Input {
    /// The name shown in messages and written to `source.path`.
    pub fn shown(&self) -> String {
        if self.is_stdin() {
            "stdin".to_string()
        } else {
            self.path.display().to_string()
        }
    }

    pub fn is_stdin(&self) -> bool {
        self.path.as_os_str() == "-"
    }
}

/// A file in a folder that is not read, and why.
#[derive(Debug, Clone)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
    /// Left out by `--include`/`--exclude` rather than for not being a document.
    pub excluded: bool,
}

/// A path that could not be walked or does not exist.
#[derive(Debug)]
pub struct Problem {
    pub path: PathBuf,
    pub error: FileError,
}

/// How folders are walked.
#[derive(Debug, Default, Clone)]
pub struct WalkRules {
    /// Extensions read from folders (lowercase, without the dot).
    pub extensions: Vec<&'static str>,
    /// Also take source documents: the recognised formats that are not read (to report
    /// them) and files without an extension whose content is a document.
    pub documents: bool,
    /// Follow links to folders, with loop detection.
    pub follow: bool,
    /// When not empty, only paths matching one of these are read.
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    /// Folders never walked into: the output folder, when it lies inside an input folder.
    pub outputs: Vec<PathBuf>,
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walked {
    pub inputs: Vec<Input>,
    pub skipped: Vec<Skipped>,
    pub problems: Vec<Problem>,
    /// Links that lead back to a folder above them (with `--follow`), each reported once.
    pub loops: Vec<PathBuf>,
}

impl Walked {
    pub fn not_documents(&self) -> usize {
        self.skipped.iter().filter(|s| !s.excluded).count()
    }

    pub fn excluded(&self) -> usize {
        self.skipped.iter().filter(|s| s.excluded).count()
    }
}

fn globs(patterns: &[String]) -> Result<Option<GlobSet>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut set = GlobSetBuilder::new();
    for p in patterns {
        set.add(Glob::new(p).map_err(|e| format!("--include/--exclude {p:?}: {e}"))?);
    }
    set.build().map(Some).map_err(|e| e.to_string())
}

/// Walk `paths` by `rules`. `Err` is a usage error (a bad glob).
pub fn walk(paths: &[PathBuf], rules: &WalkRules) -> Result<Walked, String> {
    let include = globs(&rules.include)?;
    let exclude = globs(&rules.exclude)?;
    let mut walked = Walked::default();
    for path in paths {
        if path.as_os_str() == "-" {
            walked.inputs.push(Input { path: path.clone(), relative: PathBuf::from("stdin") });
            continue;
        }
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => walk_folder(path, rules, include.as_ref(), exclude.as_ref(), &mut walked),
            // a file, pipe or device named on purpose is read, whatever its name
            Ok(_) => {
                let relative = PathBuf::from(path.file_name().unwrap_or(path.as_os_str()));
                walked.inputs.push(Input { path: path.clone(), relative });
            }
            Err(error) => walked.problems.push(Problem { path: path.clone(), error: error.into() }),
        }
    }
    Ok(walked)
}

fn walk_folder(root: &Path, rules: &WalkRules, include: Option<&GlobSet>, exclude: Option<&GlobSet>, walked: &mut Walked) {
    let outputs: Vec<PathBuf> = rules.outputs.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let is_output = |e: &walkdir::DirEntry| {
        e.depth() > 0 && e.file_type().is_dir() && !outputs.is_empty() && e.path().canonicalize().is_ok_and(|p| outputs.contains(&p))
    };
    for entry in WalkDir::new(root).follow_links(rules.follow).sort_by_file_name().into_iter().filter_entry(|e| !is_output(e)) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map_or_else(|| root.to_path_buf(), Path::to_path_buf);
                if e.loop_ancestor().is_some() {
                    walked.loops.push(path);
                } else if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) && !path.exists() {
                    walked.skipped.push(skip(&path, "a broken link"));
                } else {
                    let error = e.into_io_error().unwrap_or_else(|| std::io::Error::other("cannot walk the folder"));
                    walked.problems.push(Problem { path, error: error.into() });
                }
                continue;
            }
        };
        let path = entry.path();
        let relative = path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf());
        let mut file_type = entry.file_type();
        if file_type.is_symlink() {
            // not following: a link to a file is read, a link to a folder is passed over
            match std::fs::metadata(path) {
                Ok(m) if m.is_dir() => {
                    walked.skipped.push(skip(path, "a link to a folder (not followed; --follow follows links)"));
                    continue;
                }
                Ok(m) => file_type = m.file_type(),
                Err(_) => {
                    walked.skipped.push(skip(path, "a broken link"));
                    continue;
                }
            }
        }
        if file_type.is_dir() {
            continue;
        }
        if !file_type.is_file() {
            walked.skipped.push(skip(path, special_file(file_type)));
            continue;
        }
        if exclude.is_some_and(|g| g.is_match(&relative)) {
            walked.skipped.push(Skipped { path: path.to_path_buf(), reason: "matches --exclude".into(), excluded: true });
            continue;
        }
        if include.is_some_and(|g| !g.is_match(&relative)) {
            walked.skipped.push(Skipped { path: path.to_path_buf(), reason: "does not match --include".into(), excluded: true });
            continue;
        }
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase) {
            Some(ext) if rules.extensions.contains(&ext.as_str()) || (rules.documents && RECOGNISED_EXTENSIONS.contains(&ext.as_str())) => {
                walked.inputs.push(Input { path: path.to_path_buf(), relative });
            }
            Some(ext) => walked.skipped.push(skip(path, &format!("not a document (.{ext})"))),
            None if rules.documents && looks_like_a_document(path) => walked.inputs.push(Input { path: path.to_path_buf(), relative }),
            None => walked.skipped.push(skip(path, "not a document (no extension, and the content is not a known format)")),
        }
    }
}

fn skip(path: &Path, reason: &str) -> Skipped {
    Skipped { path: path.to_path_buf(), reason: reason.to_string(), excluded: false }
}

#[cfg(unix)]
fn special_file(t: FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a named pipe (only regular files are read from folders)"
    } else if t.is_socket() {
        "a socket (only regular files are read from folders)"
    } else if t.is_block_device() || t.is_char_device() {
        "a device (only regular files are read from folders)"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn special_file(_: FileType) -> &'static str {
    "not a regular file"
}

/// Whether a file without an extension starts like a document the tool knows.
fn looks_like_a_document(path: &Path) -> bool {
    let mut head = Vec::with_capacity(1024);
    let read = std::fs::File::open(path).and_then(|f| f.take(1024).read_to_end(&mut head));
    read.is_ok() && crate::read::starts_like_a_document(&head)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn rules() -> WalkRules {
        WalkRules { extensions: DOCUMENT_EXTENSIONS.to_vec(), documents: true, ..WalkRules::default() }
    }

    #[test]
    fn every_file_is_read_or_skipped_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join(".hidden/sub")).unwrap();
        std::fs::write(root.join("a.PDF"), "%PDF-1.4").unwrap();
        std::fs::write(root.join(".hidden/sub/b.docx"), "PK").unwrap();
        std::fs::write(root.join("c.ppt"), "x").unwrap();
        std::fs::write(root.join("notes.txt"), "x").unwrap();
        std::fs::write(root.join("scan"), "%PDF-1.7 no extension").unwrap();
        std::fs::write(root.join("README"), "plain text").unwrap();
        let w = walk(&[root.to_path_buf()], &rules()).unwrap();
        let read: Vec<String> = w.inputs.iter().map(|i| i.relative.display().to_string()).collect();
        assert_eq!(read, [".hidden/sub/b.docx", "a.PDF", "c.ppt", "scan"]);
        let skipped: Vec<String> = w.skipped.iter().map(|s| s.path.file_name().unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(skipped, ["README", "notes.txt"]);
        assert!(w.skipped[1].reason.contains(".txt"));
        assert!(w.problems.is_empty());
    }

    #[test]
    fn globs_filter_the_path_below_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("old")).unwrap();
        std::fs::write(dir.path().join("old/a.pdf"), "x").unwrap();
        std::fs::write(dir.path().join("b.pdf"), "x").unwrap();
        std::fs::write(dir.path().join("c.xlsx"), "x").unwrap();
        let mut r = rules();
        r.exclude = vec!["old/**".into()];
        r.include = vec!["*.pdf".into()];
        let w = walk(&[dir.path().to_path_buf()], &r).unwrap();
        assert_eq!(w.inputs.len(), 1);
        assert_eq!(w.inputs[0].relative, Path::new("b.pdf"));
        assert_eq!(w.excluded(), 2);
        assert_eq!(w.not_documents(), 0);
        r.include = vec!["[".into()];
        assert!(walk(&[dir.path().to_path_buf()], &r).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn links_to_folders_are_followed_only_when_asked_and_loops_end() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        std::fs::create_dir_all(&a).unwrap();
        std::fs::write(a.join("x.pdf"), "x").unwrap();
        std::os::unix::fs::symlink("..", a.join("up")).unwrap();
        let w = walk(&[dir.path().to_path_buf()], &rules()).unwrap();
        assert_eq!(w.inputs.len(), 1);
        assert_eq!(w.not_documents(), 1, "the link is passed over: {:?}", w.skipped);
        let w = walk(&[dir.path().to_path_buf()], &WalkRules { follow: true, ..rules() }).unwrap();
        assert_eq!(w.inputs.len(), 1);
        assert_eq!(w.loops, [a.join("up")]);
        std::os::unix::fs::symlink("missing", a.join("broken.pdf")).unwrap();
        let w = walk(&[dir.path().to_path_buf()], &WalkRules { follow: true, ..rules() }).unwrap();
        assert!(w.problems.is_empty(), "a broken link is passed over, not a failure: {:?}", w.problems);
        assert_eq!(w.not_documents(), 1);
    }

    #[test]
    fn the_output_folder_is_not_walked() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("out")).unwrap();
        std::fs::write(dir.path().join("out/a.pdf.json"), "{}").unwrap();
        std::fs::write(dir.path().join("a.pdf"), "x").unwrap();
        let w = walk(&[dir.path().to_path_buf()], &WalkRules { outputs: vec![dir.path().join("out")], ..rules() }).unwrap();
        assert_eq!(w.inputs.len(), 1);
        assert!(w.skipped.is_empty(), "{:?}", w.skipped);
    }

    #[test]
    fn a_missing_path_is_a_problem_not_the_end() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.pdf"), "x").unwrap();
        let w = walk(&[dir.path().join("missing.pdf"), dir.path().to_path_buf()], &rules()).unwrap();
        assert_eq!(w.problems.len(), 1);
        assert_eq!(w.inputs.len(), 1);
    }
}
