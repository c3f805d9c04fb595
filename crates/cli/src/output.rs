//! Every file the tool writes goes through here: canonical documents, `_errors.jsonl`, the
//! `--jsonl` stream, `compare -o`, `export --to`.
//!
//! In: a path given by the user. Out: a writer that, once committed, has put the bytes where
//! the user meant, without destroying anything on the way:
//! - `-` is standard output;
//! - a regular file, or a path that does not exist yet, is written atomically: a temporary
//!   file in the same folder, synced, then renamed over the target (keeping the permissions of
//!   the file it replaces), so a reader sees the old file or the new one, never half of one;
//! - a symbolic link is followed (also a dangling one) and its target written atomically, so
//!   the link stays a link;
//! - anything else (a character device such as `/dev/null`, a named pipe, `/dev/stdout`,
//!   `/dev/fd/N`) is opened and written in place, never replaced.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Links followed before a path is taken to be a loop.
const MAX_LINKS: usize = 40;

/// An output being written; [`Output::commit`] makes it visible. Dropped without a commit, an
/// atomic output leaves the target as it was.
pub struct Output {
    sink: Sink,
}

enum Sink {
    Stdout(io::StdoutLock<'static>),
    InPlace(BufWriter<File>),
    Atomic { file: BufWriter<tempfile::NamedTempFile>, target: PathBuf, permissions: Option<std::fs::Permissions> },
}

impl Output {
    /// Open `path` for writing by the rules above. Nothing at `path` changes before
    /// [`Output::commit`], except for the in-place targets, which are written as they go.
    pub fn create(path: &Path) -> io::Result<Output> {
        if path.as_os_str() == "-" {
            return Ok(Output { sink: Sink::Stdout(io::stdout().lock()) });
        }
        if writes_in_place(path)? {
            let file = OpenOptions::new().append(true).open(path)?;
            return Ok(Output { sink: Sink::InPlace(BufWriter::new(file)) });
        }
        let target = resolve_links(path)?;
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&dir)?;
        let permissions = std::fs::metadata(&target).ok().map(|m| m.permissions());
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // as `File::create` would: 0666 less the umask (the temporary-file default is 0600)
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let file = builder.tempfile_in(&dir)?;
        Ok(Output { sink: Sink::Atomic { file: BufWriter::with_capacity(64 * 1024, file), target, permissions } })
    }

    /// Finish the output: flush it, and for an atomic output sync it and rename it over the
    /// target.
    pub fn commit(self) -> io::Result<()> {
        match self.sink {
            Sink::Stdout(mut out) => out.flush(),
            Sink::InPlace(mut file) => file.flush(),
            Sink::Atomic { file, target, permissions } => {
                let file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
                if let Some(p) = permissions {
                    file.as_file().set_permissions(p)?;
                }
                file.as_file().sync_all()?;
                file.persist(&target).map_err(|e| e.error)?;
                Ok(())
            }
        }
    }
}

impl Output {
    fn writer(&mut self) -> &mut dyn Write {
        match &mut self.sink {
            Sink::Stdout(out) => out,
            Sink::InPlace(file) => file,
            Sink::Atomic { file, .. } => file,
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer().write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.writer().write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer().flush()
    }
}

/// Write `data` to `path` by the rules of [`Output`].
pub fn write(path: &Path, data: &[u8]) -> io::Result<()> {
    let mut out = Output::create(path)?;
    out.write_all(data)?;
    out.commit()
}

/// Write `data` to `path` by the rules of [`Output`] unless a regular file there already holds
/// exactly these bytes (then nothing is written and its time stamps stay); whether it wrote.
pub fn write_if_changed(path: &Path, data: &[u8]) -> io::Result<bool> {
    let same = std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == data.len() as u64)
        && std::fs::read(path).is_ok_and(|old| old == data);
    if same {
        return Ok(false);
    }
    write(path, data)?;
    Ok(true)
}

/// Check before any work that files can be written into `dir` (creating it if needed).
pub fn check_folder(dir: &Path) -> io::Result<()> {
    if dir.exists() && !dir.is_dir() {
        return Err(io::Error::new(io::ErrorKind::AlreadyExists, "exists and is not a folder"));
    }
    std::fs::create_dir_all(dir)?;
    tempfile::Builder::new().prefix(".roadmap-check.").tempfile_in(dir).map(drop)
}

/// Whether `path` names something that must be written in place: an existing target (after
/// links) that is neither a regular file nor a folder, or a path through `/dev` or `/proc`
/// (`/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`), whose links name open descriptors.
fn writes_in_place(path: &Path) -> io::Result<bool> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Err(io::Error::new(io::ErrorKind::IsADirectory, "is a folder")),
        Ok(m) if !m.is_file() => Ok(true),
        Ok(_) => Ok(path.starts_with("/dev") || path.starts_with("/proc")),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// The path a chain of symbolic links ends at (the path itself when it is not a link), also
/// when the last link dangles.
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn replaces_a_regular_file_atomically_and_keeps_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        std::fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        let mut out = Output::create(&path).unwrap();
        out.write_all(b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old", "nothing changes before the commit");
        out.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file is left");
    }

    #[test]
    fn an_uncommitted_output_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/b.json");
        let mut out = Output::create(&path).unwrap();
        out.write_all(b"half").unwrap();
        drop(out);
        assert!(!path.exists());
        assert_eq!(std::fs::read_dir(dir.path().join("sub")).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_stays_a_link_and_its_target_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.json");
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("target.json", &link).unwrap();
        write(&link, b"through the link").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "through the link");
        write(&link, b"again").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "again");
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_written_in_place() {
        write(Path::new("/dev/null"), b"nothing").unwrap();
        assert!(!std::fs::metadata("/dev/null").unwrap().is_file());
    }

    #[test]
    fn the_same_bytes_are_not_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        assert!(write_if_changed(&path, b"a,b").unwrap());
        let before = std::fs::metadata(&path).unwrap();
        assert!(!write_if_changed(&path, b"a,b").unwrap());
        let after = std::fs::metadata(&path).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            assert_eq!((before.ino(), before.mtime_nsec()), (after.ino(), after.mtime_nsec()), "the file is not replaced");
        }
        assert!(write_if_changed(&path, b"a,c").unwrap());
        assert_eq!(std::fs::read(&path).unwrap(), b"a,c");
    }

    #[test]
    fn a_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write(dir.path(), b"x").is_err());
        assert!(check_folder(&dir.path().join("new/deeper")).is_ok());
        let file = dir.path().join("file");
        std::fs::write(&file, "x").unwrap();
        assert!(check_folder(&file).is_err());
    }
}
