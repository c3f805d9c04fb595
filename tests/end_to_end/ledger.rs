//! Re-runs into an output folder (`extract -o DIR` and its ledger): an unchanged file is not
//! read again, a renamed or copied one gets its content's output without being read, a changed
//! one is read, a removed one is reported and with `--prune` its output removed, a failure is
//! kept until its file changes (or `--retry-failed`), `--force` and other options read
//! everything; a run killed at random points and resumed gives the same bytes as one run
//! that was never interrupted, and so does a folder left in each state an interruption can
//! leave it in; with `--isolate` (documents read in worker processes) all holds the same.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{edit_docx, roadmap, root};

fn s(p: &Path) -> String {
    p.to_str().unwrap().to_string()
}

/// Every file below `dir` but the ledger, by its path below `dir`, with its bytes.
fn outputs(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                stack.push(path);
            } else if entry.file_name() != "_ledger.jsonl" {
                found.insert(path.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&path).unwrap());
            }
        }
    }
    found
}

/// Identity and time stamp of a file: what changes when it is written again.
fn written(path: &Path) -> (u64, i64, i64) {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).unwrap();
    (m.ino(), m.mtime(), m.mtime_nsec())
}

/// Run `extract IN -o OUT ARGS`: exit code and stderr.
fn extract(input: &Path, out: &Path, args: &[&str]) -> (i32, String) {
    let (i, o) = (s(input), s(out));
    let mut all = vec!["extract", i.as_str(), "-o", o.as_str()];
    all.extend(args);
    let (code, _, err) = roadmap(&all);
    (code, err)
}

fn summary(err: &str) -> &str {
    err.lines().last().unwrap_or("")
}

#[test]
fn reruns_read_only_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    std::fs::create_dir_all(input.join("sub")).unwrap();
    for name in ["orel-2022-order-226.docx", "kaluga-2021-order-779.docx", "saratov-krasnoarmeysky-2022-roadmap.xlsx"] {
        std::fs::copy(root().join("corpus").join(name), input.join(name)).unwrap();
    }
    std::fs::copy(root().join("corpus/orel-2022-order-226.rtf"), input.join("orel.rtf")).unwrap();
    std::fs::copy(root().join("corpus/leningrad-2021-directive-832r.docx"), input.join("sub/leningrad.docx")).unwrap();
    std::fs::write(input.join("broken.docx"), b"PK\x03\x04 cut short").unwrap();
    // files changed in the last two seconds before a run are hashed whatever their time
    // stamps say (the file system's time resolution); these are to be judged by their stamps
    std::thread::sleep(ledger_racy_wait());

    let (code, err) = extract(&input, &out, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(summary(&err).starts_with("5 documents, ") && !err.contains("unchanged"), "{err}");
    let first = outputs(&out);
    let orel_written = written(&out.join("orel-2022-order-226.docx.json"));

    // nothing changed: nothing read, nothing written, the failure kept and reported again
    let (code, err) = extract(&input, &out, &[]);
    assert_eq!(code, 1, "the failure is still a failure: {err}");
    assert!(summary(&err).contains(", 6 unchanged"), "{err}");
    assert!(err.contains("broken.docx: ") && err.contains("--retry-failed reads them again"), "{err}");
    assert_eq!(outputs(&out), first);
    assert_eq!(written(&out.join("orel-2022-order-226.docx.json")), orel_written, "an unchanged output is not written again");

    // renamed, copied, changed, removed
    std::fs::rename(input.join("orel-2022-order-226.docx"), input.join("orel-renamed.docx")).unwrap();
    std::fs::copy(input.join("kaluga-2021-order-779.docx"), input.join("sub/kaluga-copy.docx")).unwrap();
    edit_docx(&input.join("sub/leningrad.docx"), "Формирование списка школ-участниц", "Формирование перечня школ-участниц");
    std::fs::remove_file(input.join("saratov-krasnoarmeysky-2022-roadmap.xlsx")).unwrap();
    let (_, err) = extract(&input, &out, &[]);
    let line = summary(&err);
    assert!(line.starts_with("5 documents, ") && line.contains(", 3 unchanged, 2 renamed or copied"), "{err}");
    assert!(line.contains(", 2 gone from the inputs"), "the removed file and the renamed file's old name: {err}");
    assert!(err.contains("gone: ") && err.contains("orel-2022-order-226.docx: not among the inputs"), "{err}");
    let now = outputs(&out);
    let text = |files: &BTreeMap<PathBuf, Vec<u8>>, name: &str| String::from_utf8(files[Path::new(name)].clone()).unwrap();
    let path_of = |name: &str| s(&input.join(name));
    assert_eq!(
        text(&now, "orel-renamed.docx.json"),
        text(&first, "orel-2022-order-226.docx.json").replace(&path_of("orel-2022-order-226.docx"), &path_of("orel-renamed.docx"))
    );
    assert_eq!(
        text(&now, "sub/kaluga-copy.docx.json"),
        text(&first, "kaluga-2021-order-779.docx.json").replace(&path_of("kaluga-2021-order-779.docx"), &path_of("sub/kaluga-copy.docx"))
    );
    assert!(text(&now, "sub/leningrad.docx.json").contains("перечня школ"), "the changed file is read");
    assert!(now.contains_key(Path::new("orel-2022-order-226.docx.json")), "without --prune an output is kept");

    // --prune removes the outputs of the files gone, and forgets them
    let (_, err) = extract(&input, &out, &["--prune"]);
    assert!(summary(&err).contains(", 6 unchanged, 2 pruned"), "{err}");
    let pruned = outputs(&out);
    assert!(!pruned.contains_key(Path::new("orel-2022-order-226.docx.json")));
    assert!(!pruned.contains_key(Path::new("saratov-krasnoarmeysky-2022-roadmap.xlsx.json")));
    let (_, err) = extract(&input, &out, &[]);
    assert!(!err.contains("gone"), "{err}");

    // a file rewritten in place, its size and modification time as they were (as `cp -p`
    // over it leaves them): its status change time tells, and it is read again
    let rtf = input.join("orel.rtf");
    let stamp = dir.path().join("stamp");
    std::fs::write(&stamp, b"").unwrap();
    assert!(Command::new("touch").arg("-r").arg(&rtf).arg(&stamp).status().unwrap().success());
    let bytes = std::fs::read(&rtf).unwrap();
    let edited = String::from_utf8_lossy(&bytes).replace("16.12. 2021", "20.12. 2021");
    assert_eq!(edited.len(), bytes.len());
    std::fs::write(&rtf, edited).unwrap();
    assert!(Command::new("touch").arg("-r").arg(&stamp).arg(&rtf).status().unwrap().success());
    let (_, err) = extract(&input, &out, &[]);
    assert!(summary(&err).contains(", 5 unchanged"), "{err}");
    assert!(text(&outputs(&out), "orel.rtf.json").contains("20.12. 2021"), "{err}");

    // an output removed by hand is made again, the same
    std::fs::remove_file(out.join("orel-renamed.docx.json")).unwrap();
    let (_, err) = extract(&input, &out, &[]);
    assert_eq!(text(&outputs(&out), "orel-renamed.docx.json"), text(&now, "orel-renamed.docx.json"), "{err}");

    // --retry-failed, --force and another option read again what they concern
    let (_, err) = extract(&input, &out, &["--retry-failed"]);
    assert!(summary(&err).contains(", 5 unchanged") && !err.contains("--retry-failed reads"), "{err}");
    let (_, err) = extract(&input, &out, &["--force"]);
    assert!(!summary(&err).contains("unchanged"), "{err}");
    let (_, err) = extract(&input, &out, &["--ocr", "never"]);
    assert!(!summary(&err).contains("unchanged"), "other settings read everything again: {err}");
    let (_, err) = extract(&input, &out, &["--ocr", "never"]);
    assert!(summary(&err).contains(", 6 unchanged"), "{err}");

    // the ledger's options need a folder
    let (code, _, err) = roadmap(&["extract", &s(&input), "--jsonl", "-", "--force"]);
    assert_eq!(code, 2, "{err}");
}

/// Longer than the ledger's guard against changes within the file system's time resolution.
fn ledger_racy_wait() -> Duration {
    Duration::from_millis(2500)
}

/// The inputs of the interruption tests: the corpus's documents twice (two folders) and a
/// file that fails.
fn interrupted_inputs(input: &Path) {
    for copy in ["a", "b"] {
        std::fs::create_dir_all(input.join(copy)).unwrap();
        for entry in std::fs::read_dir(root().join("corpus")).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.file_type().unwrap().is_file() && !name.ends_with(".md") {
                std::fs::copy(entry.path(), input.join(copy).join(&name)).unwrap();
            }
        }
    }
    std::fs::write(input.join("a/empty.docx"), b"").unwrap();
}

/// An uninterrupted run's outputs (the reference) and the inputs.
fn reference(dir: &Path) -> (PathBuf, BTreeMap<PathBuf, Vec<u8>>) {
    let input = dir.join("in");
    interrupted_inputs(&input);
    let (code, err) = extract(&input, &dir.join("reference"), &["--jobs", "2"]);
    assert_eq!(code, 1, "{err}");
    (input, outputs(&dir.join("reference")))
}

/// The lines of the ledger in `out` (none before the first run).
fn ledger_lines(out: &Path) -> usize {
    std::fs::read(out.join("_ledger.jsonl")).map_or(0, |b| b.iter().filter(|c| **c == b'\n').count())
}

#[test]
fn a_run_killed_at_random_points_and_resumed_gives_the_same_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let (input, expected) = reference(dir.path());
    let out = dir.path().join("killed");
    // each run is killed once the ledger has grown by a few entries (and a moment more, so
    // the kill falls anywhere: in an extraction, an output's write, an entry's append), and
    // the next resumes what it left: kill points set by the work done, not by the machine's
    // speed, from a fixed sequence
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut kills = 0;
    for _ in 0..8 {
        let (entries, moment) = (ledger_lines(&out) + 1 + (next() % 4) as usize, Duration::from_millis(next() % 20));
        let mut child = Command::new(env!("CARGO_BIN_EXE_roadmap"))
            .args(["extract", &s(&input), "-o", &s(&out), "--jobs", "2"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        while ledger_lines(&out) < entries && child.try_wait().unwrap().is_none() {
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(moment);
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL: no clean-up of any kind
            kills += 1;
        }
        child.wait().unwrap();
    }
    // 61 inputs, at most a few entries a run: the first runs are all cut short
    assert!(kills >= 3, "the runs were to be cut short: {kills} kills");
    let (code, err) = extract(&input, &out, &["--jobs", "2"]);
    assert_eq!(code, 1, "{err}");
    let got = outputs(&out);
    assert_eq!(got.keys().collect::<Vec<_>>(), expected.keys().collect::<Vec<_>>(), "the same files, no temporary file left");
    for (name, bytes) in &expected {
        assert!(got[name] == *bytes, "{}: differs from the uninterrupted run's", name.display());
    }
    // every input is done: the documents and the one failure
    let inputs = expected.keys().filter(|k| *k != Path::new("_errors.jsonl")).count() + 1;
    let (_, err) = extract(&input, &out, &["--jobs", "2"]);
    assert!(summary(&err).contains(&format!(", {inputs} unchanged")), "the resumed folder is complete: {err}");
}

/// What an interruption left in an output folder, made by hand.
type Damage<'a> = &'a dyn Fn(&Path);

#[test]
fn every_state_an_interruption_leaves_resumes_to_the_same_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let (input, expected) = reference(dir.path());
    let ledger = std::fs::read_to_string(dir.path().join("reference/_ledger.jsonl")).unwrap();
    let lines: Vec<&str> = ledger.lines().collect();
    let states: [(&str, Damage); 5] = [
        // outputs written, their entries not yet: they are read again
        ("the ledger's last entries lost", &|out| {
            std::fs::write(out.join("_ledger.jsonl"), lines[..lines.len() / 2].join("\n") + "\n").unwrap()
        }),
        // an entry cut short mid-write
        ("an entry cut short", &|out| {
            let cut = lines[..lines.len() - 3].join("\n") + "\n" + &lines[lines.len() - 3][..40];
            std::fs::write(out.join("_ledger.jsonl"), cut).unwrap();
        }),
        // killed while writing outputs, `_errors.jsonl` and the ledger: their temporary files
        ("temporary files left", &|out| {
            std::fs::write(out.join("a/.orel-2022-order-226.docx.json.Xy12ab.tmp"), b"{\"half").unwrap();
            std::fs::write(out.join("._errors.jsonl.q1W2e3.tmp"), b"").unwrap();
            std::fs::write(out.join("._ledger.jsonl.0a0B0c.tmp"), b"{\"entry").unwrap();
            std::fs::remove_file(out.join("b/kaluga-2021-order-779.pdf.json")).unwrap();
        }),
        // killed before the end: no `_errors.jsonl`, and outputs an entry claims were lost
        ("outputs and _errors.jsonl lost", &|out| {
            std::fs::remove_file(out.join("_errors.jsonl")).unwrap();
            std::fs::remove_file(out.join("a/orel-2022-order-226.pdf.json")).unwrap();
            std::fs::write(out.join("b/orel-2022-order-226.xlsx.json"), b"{}").unwrap();
        }),
        ("no ledger at all", &|out| std::fs::remove_file(out.join("_ledger.jsonl")).unwrap()),
    ];
    for (what, damage) in states {
        let out = dir.path().join("resumed");
        let _ = std::fs::remove_dir_all(&out);
        copy_tree(&dir.path().join("reference"), &out);
        damage(&out);
        let (code, err) = extract(&input, &out, &["--jobs", "2"]);
        assert_eq!(code, 1, "{what}: {err}");
        let got = outputs(&out);
        assert_eq!(got.keys().collect::<Vec<_>>(), expected.keys().collect::<Vec<_>>(), "{what}");
        for (name, bytes) in &expected {
            assert!(got[name] == *bytes, "{what}: {} differs from the uninterrupted run's", name.display());
        }
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::create_dir_all(to).unwrap();
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn a_second_run_into_the_same_folder_is_refused_while_the_first_works() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    std::fs::create_dir_all(&input).unwrap();
    std::fs::copy(root().join("corpus/orel-2022-order-226.docx"), input.join("orel.docx")).unwrap();
    // a pipe nobody writes to holds the first run until its time limit
    let fifo = dir.path().join("pipe.docx");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let mut first = Command::new(env!("CARGO_BIN_EXE_roadmap"))
        .args(["extract", &s(&input), &s(&fifo), "-o", &s(&out), "--timeout", "20"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !out.join("_ledger.jsonl").exists() && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let (code, err) = extract(&input, &out, &[]);
    first.kill().unwrap();
    first.wait().unwrap();
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("another `roadmap extract` is writing into this folder"), "{err}");
}

#[test]
fn the_ledger_holds_with_isolate_as_without() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out, plain) = (dir.path().join("in"), dir.path().join("out"), dir.path().join("plain"));
    std::fs::create_dir_all(&input).unwrap();
    for name in ["orel-2022-order-226.docx", "kaluga-2021-order-779.docx"] {
        std::fs::copy(root().join("corpus").join(name), input.join(name)).unwrap();
    }
    std::fs::write(input.join("broken.docx"), b"PK\x03\x04 cut short").unwrap();
    std::thread::sleep(ledger_racy_wait());

    // read in worker processes: the same outputs, the same failures, the same ledger entries
    // (the batch hashes each file it sends a worker)
    let (code, err) = extract(&input, &out, &["--isolate"]);
    assert_eq!(code, 1, "{err}");
    assert!(summary(&err).starts_with("2 documents, ") && !err.contains("unchanged"), "{err}");
    let (code, err) = extract(&input, &plain, &[]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(outputs(&out), outputs(&plain), "--isolate writes what a reading in this process writes");
    let ledger = |dir: &Path| {
        let text = std::fs::read_to_string(dir.join("_ledger.jsonl")).unwrap();
        let hashes: Vec<String> = text.lines().filter_map(|l| l.split("\"sha256\":\"").nth(1)).map(|h| h[..64].to_string()).collect();
        hashes
    };
    assert_eq!(ledger(&out).len(), 3, "every input recorded");
    assert_eq!(ledger(&out), ledger(&plain));

    // a re-run reads nothing, with --isolate or without, and a copy is taken from its content's
    let (_, err) = extract(&input, &out, &["--isolate"]);
    assert!(summary(&err).contains(", 3 unchanged"), "{err}");
    let (_, err) = extract(&input, &out, &[]);
    assert!(summary(&err).contains(", 3 unchanged"), "--isolate is not a setting of the output: {err}");
    std::fs::copy(input.join("orel-2022-order-226.docx"), input.join("orel-copy.docx")).unwrap();
    let (_, err) = extract(&input, &out, &["--isolate"]);
    assert!(summary(&err).contains(", 3 unchanged, 1 renamed or copied"), "{err}");
    let (_, err) = extract(&input, &plain, &["--force"]);
    assert!(!summary(&err).contains("unchanged"), "{err}");
    assert_eq!(outputs(&out), outputs(&plain));
}
