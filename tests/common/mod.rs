//! What the end-to-end tests share: the checkout's root and a way to run the binary there.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The root of the checkout (where `corpus/` and `fixtures/` are).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Run `roadmap ARGS` in the root: exit code, stdout, stderr.
#[allow(dead_code)] // the hostile-input test drives the binary itself
pub fn roadmap(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_roadmap")).args(args).current_dir(root()).output().expect("run roadmap");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}
