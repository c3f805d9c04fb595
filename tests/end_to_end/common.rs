//! What the end-to-end tests share: the checkout's root and a way to run the binary there.

#![allow(dead_code)] // not every helper is used by every module

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The root of the checkout (where `corpus/` and `fixtures/` are).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Run `roadmap ARGS` in the root: exit code, stdout, stderr.
pub fn roadmap(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_roadmap")).args(args).current_dir(root()).output().expect("run roadmap");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Run the binary in the root with a time limit, feeding `stdin` to it; exit code, stdout,
/// stderr and peak memory (KiB). A run past the limit is killed and fails the test.
pub fn run_with_input(args: &[&str], stdin: &[u8], limit: Duration) -> (i32, String, String, u64) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_roadmap"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start roadmap");
    fn drain(mut pipe: impl std::io::Read + Send + 'static) -> std::thread::JoinHandle<String> {
        std::thread::spawn(move || {
            let mut text = String::new();
            pipe.read_to_string(&mut text).ok();
            text
        })
    }
    let mut input = child.stdin.take().expect("stdin");
    let stdin = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        input.write_all(&stdin).ok();
    });
    let readers = [drain(child.stdout.take().expect("stdout")), drain(child.stderr.take().expect("stderr"))];
    let started = Instant::now();
    let mut peak_kib = 0;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        let status_file = std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap_or_default();
        if let Some(kib) =
            status_file.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        {
            peak_kib = kib;
        }
        if started.elapsed() > limit {
            child.kill().ok();
            panic!("roadmap {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    feeder.join().ok();
    let [out, err] = readers.map(|r| r.join().expect("reader"));
    (status.code().unwrap_or(-1), out, err, peak_kib)
}

/// [`run_with_input`] with nothing on standard input.
pub fn run(args: &[&str], limit: Duration) -> (i32, String, String, u64) {
    run_with_input(args, b"", limit)
}

/// A DOCX with `from` replaced by `to` in its main part: a new version of the order.
pub fn edit_docx(path: &Path, from: &str, to: &str) {
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut replaced = false;
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        let mut data = Vec::new();
        part.read_to_end(&mut data).unwrap();
        if name == "word/document.xml" {
            let text = String::from_utf8(data).unwrap();
            replaced = text.contains(from);
            data = text.replace(from, to).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&data).unwrap();
    }
    assert!(replaced, "{from:?} is not in {}", path.display());
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}
