//! The README and the guide (`docs/`, an mdBook) held to the program:
//! - the reference pages under `docs/src/reference/` are generated from the program itself —
//!   the command line's help from clap, the codes from `roadmap-codes`, the fields and the JSON
//!   Schema from `roadmap-model`, the dates from the normalizer's own `cases.tsv` — and must
//!   equal what is committed (`UPDATE_FIXTURES=1` rewrites them);
//! - every `console` block runs: each `$ command` in a sandbox holding the checkout's corpus,
//!   with this build's `roadmap` first on PATH, and its output (stdout and stderr) must be the
//!   one shown; a line `...` stands for any lines, `[..]` for any text within a line
//!   (`UPDATE_FIXTURES=1` writes the outputs that differ back into the pages);
//! - every option written after `roadmap COMMAND`, and every option named alone, is one the
//!   program has; every dotted name in code that looks like a warning code or a field
//!   (`ocr.low_confidence`, `source.ocr`, `deadline.end`) is a code of `roadmap-codes` or a
//!   path of the JSON Schema;
//! - the guide builds (mdBook, into `target/guide`) with nothing loaded from the network; the
//!   README stays a front door (at most 250 lines); `.ci/run` runs the README's test command;
//!   the README's main command runs through `scripts/with-tesseract.sh`; what the examples
//!   write is ignored by git; `scripts/install.sh` puts the manual page and the completions in
//!   place.
//!
//! Python examples run as scripts in the Python suite (`crates/python/tests/test_docs.py`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::common::root;

const UPDATE: &str = "UPDATE_FIXTURES";

fn updating() -> bool {
    std::env::var_os(UPDATE).is_some()
}

/// README.md and every page of the guide, as paths relative to the root.
fn pages() -> Vec<PathBuf> {
    let mut pages = vec![PathBuf::from("README.md")];
    let mut stack = vec![root().join("docs/src")];
    let mut found = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                found.push(path.strip_prefix(root()).unwrap().to_path_buf());
            }
        }
    }
    found.sort();
    pages.extend(found);
    pages
}

/// A fenced code block of a page.
struct Block {
    /// The info string: `console`, `sh`, `python`, `json` …
    info: String,
    /// 1-based line of the opening fence.
    line: usize,
    /// Byte range of the body (between the fences) in the page.
    body: std::ops::Range<usize>,
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<(String, usize, usize)> = None;
    let mut at = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        if let Some(info) = trimmed.strip_prefix("```") {
            match open.take() {
                None => open = Some((info.trim().to_string(), n + 1, at + line.len())),
                Some((info, first, start)) => out.push(Block { info, line: first, body: start..at }),
            }
        }
        at += line.len();
    }
    out
}

/// Inline code spans outside code blocks.
fn inline_code(text: &str) -> Vec<String> {
    let mut spans = Vec::new();
    let mut in_block = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_block = !in_block;
            continue;
        }
        if in_block {
            continue;
        }
        let mut rest = line;
        while let Some(start) = rest.find('`') {
            let after = &rest[start + 1..];
            let Some(end) = after.find('`') else { break };
            spans.push(after[..end].to_string());
            rest = &after[end + 1..];
        }
    }
    spans
}

// ---------------------------------------------------------------- generated reference

/// The command line's help, each command's as `--help` prints it.
fn cli_reference() -> String {
    let mut cmd = roadmap::command().term_width(100);
    cmd.build();
    let mut page = String::from(
        "# Command-line reference\n\n<!-- Generated from the program's own definition of its command line (clap) by\n\
         tests/end_to_end/docs.rs: do not edit; `UPDATE_FIXTURES=1 cargo test -p roadmap --test end_to_end docs::`\n\
         rewrites it. -->\n\nThe same text is `roadmap help COMMAND`, `roadmap COMMAND --help` and the manual page (`roadmap man`).\n\n",
    );
    page.push_str(&format!("## roadmap\n\n```text\n{}```\n", cmd.render_long_help()));
    for sub in cmd.get_subcommands_mut() {
        let name = sub.get_name().to_string();
        page.push_str(&format!("\n## roadmap {name}\n\n```text\n{}```\n", sub.render_long_help()));
    }
    page
}

/// The codes of `roadmap-codes`, errors and warnings.
fn codes_reference() -> String {
    let mut page = String::from(
        "# Error and warning codes\n\n<!-- Generated from roadmap-codes (crates/codes/src/lib.rs), the list the program reports codes from, by\n\
         tests/end_to_end/docs.rs: do not edit here. -->\n\n",
    );
    for (kind, title, intro) in [
        (
            roadmap_codes::Kind::Error,
            "Errors",
            "A file that was not read: one line `error: FILE: message` on stderr and one line `{\"path\", \"code\", \"message\"}` in `_errors.jsonl`; the batch goes on and exits 1. Python raises the exception of the code (see [Python](../python.md)).",
        ),
        (
            roadmap_codes::Kind::Warning,
            "Warnings",
            "A file that was read, with something worth a look: an entry `{\"code\", \"seq\", \"message\"}` of the document's `warnings` (`seq`: the action concerned, if any).",
        ),
    ] {
        page.push_str(&format!("## {title}\n\n{intro}\n\n| code | means | what to do |\n|---|---|---|\n"));
        for e in roadmap_codes::ALL.iter().filter(|e| e.kind == kind) {
            page.push_str(&format!("| `{}` | {} | {} |\n", e.code, e.means.replace('|', "\\|"), e.todo.replace('|', "\\|")));
        }
        page.push('\n');
    }
    page.pop();
    page
}

/// A schema's type in words.
fn type_of(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or(r);
        return format!("[{name}](#{})", name.to_lowercase());
    }
    if let Some(options) = schema.get("anyOf").or_else(|| schema.get("oneOf")).and_then(Value::as_array) {
        let kinds: Vec<String> = options.iter().map(type_of).collect();
        return kinds.join(" or ");
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ");
    }
    if let Some(value) = schema.get("const") {
        return format!("`{value}`");
    }
    let kinds: Vec<String> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).map(String::from).collect(),
        _ => Vec::new(),
    };
    let words: Vec<String> = kinds
        .iter()
        .map(|t| match t.as_str() {
            "array" => format!("list of {}", schema.get("items").map_or("values".to_string(), type_of)),
            "object" if schema.get("additionalProperties").is_some_and(Value::is_object) => {
                format!("map of {}", type_of(&schema["additionalProperties"]))
            }
            other => other.to_string(),
        })
        .collect();
    if words.is_empty() {
        "any".to_string()
    } else {
        words.join(" or ")
    }
}

fn cell(text: &str) -> String {
    text.replace('\n', " ").replace('|', "\\|")
}

/// The canonical JSON field by field, from the JSON Schema the program prints.
fn fields_reference() -> String {
    let schema = serde_json::to_value(roadmap_model::json_schema()).unwrap();
    let mut page = String::from(
        "# The canonical JSON, field by field\n\n<!-- Generated from the JSON Schema (`roadmap schema`, from the types of roadmap-model) by\n\
         tests/end_to_end/docs.rs: do not edit here; a field's text is the doc comment of its type. -->\n\n\
         Every document is one object of the type [Roadmap](#roadmap); `schema_version` is \"1\" and new fields are only ever added. \
         A field marked *required* is always present (`null` where the type allows it); the others may be left out by older files.\n",
    );
    let mut objects = vec![("Roadmap".to_string(), schema.clone())];
    if let Some(defs) = schema.get("$defs").and_then(Value::as_object) {
        objects.extend(defs.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    for (name, def) in objects {
        page.push_str(&format!("\n## {name}\n\n"));
        if let Some(d) = def.get("description").and_then(Value::as_str) {
            page.push_str(&format!("{}\n\n", d.trim()));
        }
        let required: BTreeSet<&str> =
            def.get("required").and_then(Value::as_array).map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
        match def.get("properties").and_then(Value::as_object) {
            Some(props) => {
                page.push_str("| field | type | meaning |\n|---|---|---|\n");
                for (field, p) in props {
                    let req = if required.contains(field.as_str()) { " *required*" } else { "" };
                    let text = p.get("description").and_then(Value::as_str).unwrap_or("");
                    page.push_str(&format!("| `{field}`{req} | {} | {} |\n", cell(&type_of(p)), cell(text)));
                }
            }
            None => {
                let variants = def.get("oneOf").or_else(|| def.get("anyOf")).and_then(Value::as_array);
                match variants {
                    Some(vs) => {
                        page.push_str("| value | meaning |\n|---|---|\n");
                        for v in vs {
                            let value = v.get("const").or_else(|| v.get("enum").and_then(|e| e.get(0))).map(|c| format!("`{c}`"));
                            let text = v.get("description").and_then(Value::as_str).unwrap_or("");
                            page.push_str(&format!("| {} | {} |\n", value.unwrap_or_else(|| cell(&type_of(v))), cell(text)));
                        }
                    }
                    None => page.push_str(&format!("Type: {}.\n", type_of(&def))),
                }
            }
        }
    }
    page
}

fn schema_reference() -> String {
    let schema = serde_json::to_string_pretty(&roadmap_model::json_schema()).unwrap();
    format!(
        "# JSON Schema\n\n<!-- Generated by tests/end_to_end/docs.rs: do not edit here. -->\n\n\
         What `roadmap schema` prints (JSON Schema 2020-12), generated from the types the program writes; every output of the \
         test suite is validated against it. [Field by field](fields.md) reads it in words.\n\n```json\n{schema}\n```\n"
    )
}

/// The normalizer's table of cases, every form it reads with its normalization.
fn dates_reference() -> String {
    let table = std::fs::read_to_string(root().join("crates/dates/tests/cases.tsv")).unwrap();
    let rows: Vec<&str> = table.lines().skip(1).collect();
    let mut page = format!(
        "# Every date form, normalized\n\n<!-- Generated from crates/dates/tests/cases.tsv, the normalizer's own table of cases, by\n\
         tests/end_to_end/docs.rs: do not edit here; add a case to the table. -->\n\n\
         The {} cases `roadmap-dates` is tested against (`crates/dates/tests/cases.tsv`), in its order. *Context* is the plan's \
         period (`--year`: a year or a school year) and, after a `;`, the order's date (`doc=`, `--document-date`) or the \
         section's month (`month=`, `--month`); `start` and `end` are the span the deadline covers, `rrule` the repetition \
         (RFC 5545). `roadmap dates TEXT --year Y` prints the whole object, with its `warnings`.\n\n\
         | text | context | kind | start | end | rrule |\n|---|---|---|---|---|---|\n",
        rows.len()
    );
    for row in rows {
        let cols: Vec<String> = row.split('\t').map(|c| if c.is_empty() { String::new() } else { format!("`{}`", cell(c)) }).collect();
        page.push_str(&format!("| {} |\n", cols.join(" | ")));
    }
    page
}

#[test]
fn the_reference_is_generated_from_the_program() {
    let generated = [
        ("docs/src/reference/cli.md", cli_reference()),
        ("docs/src/reference/codes.md", codes_reference()),
        ("docs/src/reference/fields.md", fields_reference()),
        ("docs/src/reference/schema.md", schema_reference()),
        ("docs/src/reference/dates.md", dates_reference()),
    ];
    let mut stale = Vec::new();
    for (path, text) in generated {
        let file = root().join(path);
        if std::fs::read_to_string(&file).ok().as_deref() != Some(text.as_str()) {
            if updating() {
                std::fs::write(&file, &text).unwrap();
            } else {
                stale.push(path);
            }
        }
    }
    assert!(stale.is_empty(), "the program changed and these pages did not follow: {stale:?}\n(`{UPDATE}=1 cargo test -p roadmap --test end_to_end docs::` rewrites them)");
}

// ---------------------------------------------------------------- examples run as shown

/// One `$ command` of a console block and the output shown under it.
struct Example {
    command: String,
    shown: Vec<String>,
}

fn examples(body: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut continued = false;
    for line in body.lines() {
        if continued {
            let example = out.last_mut().unwrap();
            example.command.push('\n');
            example.command.push_str(line);
            continued = line.ends_with('\\');
        } else if let Some(command) = line.strip_prefix("$ ") {
            out.push(Example { command: command.to_string(), shown: Vec::new() });
            continued = command.ends_with('\\');
        } else if let Some(example) = out.last_mut() {
            example.shown.push(line.to_string());
        }
    }
    for e in &mut out {
        while e.shown.last().is_some_and(|l| l.trim().is_empty()) {
            e.shown.pop();
        }
    }
    out
}

/// Whether `line` matches the shown line `pattern`, where `[..]` stands for any text.
fn line_matches(pattern: &str, line: &str) -> bool {
    let parts: Vec<&str> = pattern.split("[..]").collect();
    if parts.len() == 1 {
        return pattern == line;
    }
    let Some(mut rest) = line.strip_prefix(parts[0]) else { return false };
    for (i, part) in parts.iter().enumerate().skip(1) {
        if i == parts.len() - 1 {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// Whether the output `lines` match the shown ones, where a line `...` stands for any lines.
fn output_matches(shown: &[String], lines: &[&str]) -> bool {
    match shown.split_first() {
        None => lines.is_empty(),
        Some((first, rest)) if first == "..." => (0..=lines.len()).any(|skip| output_matches(rest, &lines[skip..])),
        Some((first, rest)) => lines.split_first().is_some_and(|(line, others)| line_matches(first, line) && output_matches(rest, others)),
    }
}

/// A folder to run examples in: the checkout's corpus, fixtures and scripts, nothing else, and
/// a `bin` folder with this build's `roadmap`.
fn sandbox() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["corpus", "fixtures", "scripts"] {
        std::os::unix::fs::symlink(root().join(name).canonicalize().unwrap(), dir.path().join(name)).unwrap();
    }
    dir
}

/// Run the commands of one block in one shell (so `cd` carries over), each one's stdout and
/// stderr together; the block runs against a throwaway PostgreSQL when it calls `psql`.
fn run_block(examples: &[Example], dir: &Path) -> Vec<String> {
    let mut script = String::from("set +e\n");
    for (i, e) in examples.iter().enumerate() {
        // the README's `cargo run --release --` is this build's binary
        let command = e.command.replace("cargo run --release --", "roadmap");
        script.push_str(&format!("printf '\\n@@example {i}@@\\n'\n{{ {command}\n}} 2>&1\n"));
    }
    let bin = Path::new(env!("CARGO_BIN_EXE_roadmap")).parent().unwrap().to_path_buf();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    // Tesseract for every block, as for the README's main command; a server for `psql`
    let mut cmd = Command::new(root().join("scripts/with-tesseract.sh"));
    if examples.iter().any(|e| e.command.contains("psql")) {
        cmd.arg(root().join("scripts/with-postgres.sh"));
    }
    cmd.args(["bash", "-c", &script]);
    let out = cmd.current_dir(dir).env("PATH", path).env("NO_COLOR", "1").env("COLUMNS", "100").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut outputs = vec![String::new(); examples.len()];
    let mut current = None;
    for line in text.lines() {
        if let Some(i) = line.strip_prefix("@@example ").and_then(|l| l.strip_suffix("@@")).and_then(|n| n.parse::<usize>().ok()) {
            current = Some(i);
            continue;
        }
        if let Some(i) = current {
            outputs[i].push_str(line);
            outputs[i].push('\n');
        }
    }
    // the blank line before each marker is the separator, not output
    outputs
        .into_iter()
        .map(|o| {
            let mut lines: Vec<&str> = o.lines().collect();
            while lines.last().is_some_and(|l| l.trim().is_empty()) {
                lines.pop();
            }
            lines.join("\n")
        })
        .collect()
}

#[test]
fn every_example_runs_as_shown() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for page in pages() {
        let file = root().join(&page);
        let mut text = std::fs::read_to_string(&file).unwrap();
        let mut rewrites = Vec::new();
        for block in blocks(&text).into_iter().filter(|b| b.info == "console") {
            let examples = examples(&text[block.body.clone()]);
            let dir = sandbox();
            let outputs = run_block(&examples, dir.path());
            ran += examples.len();
            let mut blessed = String::new();
            let mut differs = false;
            for (e, got) in examples.iter().zip(&outputs) {
                let lines: Vec<&str> = if got.is_empty() { Vec::new() } else { got.lines().collect() };
                let same = output_matches(&e.shown, &lines);
                blessed.push_str(&format!("$ {}\n", e.command));
                if same {
                    e.shown.iter().for_each(|l| blessed.push_str(&format!("{l}\n")));
                } else {
                    differs = true;
                    if !got.is_empty() {
                        blessed.push_str(got);
                        blessed.push('\n');
                    }
                    failures.push(format!(
                        "{}:{}: $ {}\n--- shown\n{}\n--- printed\n{got}\n",
                        page.display(),
                        block.line,
                        e.command,
                        e.shown.join("\n")
                    ));
                }
            }
            if differs {
                rewrites.push((block.body.clone(), blessed));
            }
        }
        if updating() && !rewrites.is_empty() {
            for (range, blessed) in rewrites.into_iter().rev() {
                text.replace_range(range, &blessed);
            }
            std::fs::write(&file, text).unwrap();
        }
    }
    assert!(ran >= 20, "only {ran} examples found");
    if !updating() {
        assert!(failures.is_empty(), "{} examples no longer print what the docs show:\n\n{}", failures.len(), failures.join("\n"));
    }
}

#[test]
fn wildcards_of_the_examples() {
    // `[..]` is any run of characters, commas and spaces included, or none
    assert!(line_matches("13 documents, [..], [..]s, [..] docs/s", "13 documents, 512 actions, 0.61s, 22 docs/s"));
    assert!(line_matches("13 documents, [..] docs/s", "13 documents, 512 actions, 0.61s, 22 docs/s"));
    assert!(line_matches("[..]", ""));
    assert!(line_matches("a[..]b", "ab"));
    assert!(line_matches("x[..]y[..]y", "x y y y"));
    // and only that: the text around it is literal
    assert!(!line_matches("13 documents, [..], 0.52s, [..] docs/s", "13 documents, 512 actions, 0.61s, 22 docs/s"));
    assert!(!line_matches("a[..]b", "a c"));
    assert!(!line_matches("ab[..]ba", "aba"));
    let shown = ["{".to_string(), "...".to_string(), "}".to_string()];
    assert!(output_matches(&shown, &["{", "  \"a\": 1", "}"]));
    assert!(output_matches(&shown, &["{", "}"]));
    assert!(!output_matches(&shown, &["{", "]"]));
}

// ---------------------------------------------------------------- names held to the program

/// The command lines of a text: inline spans, the commands of console blocks (not their
/// output) and the lines of shell blocks.
fn command_lines(text: &str) -> Vec<String> {
    let mut lines = inline_code(text);
    for block in blocks(text) {
        match block.info.as_str() {
            "console" => {
                lines.extend(examples(&text[block.body]).into_iter().flat_map(|e| e.command.lines().map(String::from).collect::<Vec<_>>()))
            }
            "sh" | "bash" => lines.extend(text[block.body].lines().map(String::from)),
            _ => {}
        }
    }
    lines
}

/// The long options a subcommand (or the root, for `None`) has.
fn options_of(cmd: &clap::Command) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = cmd.get_arguments().filter_map(|a| a.get_long().map(|l| format!("--{l}"))).collect();
    names.extend(["--help".to_string(), "--version".to_string()]);
    names
}

#[test]
fn every_option_and_name_in_the_docs_is_the_programs() {
    let mut cmd = roadmap::command();
    cmd.build();
    let every: BTreeSet<String> = cmd.get_subcommands().flat_map(options_of).chain(options_of(&cmd)).collect();
    let schema = serde_json::to_value(roadmap_model::json_schema()).unwrap();
    let (paths, action_paths) = schema_paths(&schema);
    let codes: BTreeSet<&str> = roadmap_codes::ALL.iter().map(|e| e.code.as_str()).collect();
    let areas: BTreeSet<&str> = codes.iter().filter_map(|c| c.split_once('.').map(|(a, _)| a)).collect();
    let roots: BTreeSet<String> = paths.iter().chain(&action_paths).map(|p| p.split('.').next().unwrap().to_string()).collect();
    // the files `roadmap export` writes (`actions.csv`, `acts.parquet`) are named like fields
    let tables = roadmap_export::tables(&[], roadmap_export::Options::default());
    let exported: BTreeSet<String> = tables.all().iter().flat_map(|t| ["csv", "parquet"].map(|ext| format!("{}.{ext}", t.name))).collect();
    let mut wrong = Vec::new();
    for page in pages() {
        let text = std::fs::read_to_string(root().join(&page)).unwrap();
        for line in command_lines(&text) {
            // `roadmap SUB … --option` (also behind cargo run, a script or a pipe)
            for call in line.split(['|', ';', '&']) {
                let words: Vec<&str> = call.split_whitespace().collect();
                let Some(at) = words.iter().position(|w| *w == "roadmap" || w.ends_with("/roadmap")) else {
                    // an option named alone
                    if words.len() <= 2 && words.first().is_some_and(|w| w.starts_with("--")) {
                        let option = words[0].split('=').next().unwrap();
                        if !every.contains(option) {
                            wrong.push(format!("{}: `{line}`: no command has {option}", page.display()));
                        }
                    }
                    continue;
                };
                let Some(sub) = words.get(at + 1).and_then(|w| cmd.find_subcommand(w)) else { continue };
                let known = options_of(sub);
                for w in &words[at + 2..] {
                    let option = w.split('=').next().unwrap().trim_matches(|c| c == '`' || c == ')' || c == ',');
                    if option.starts_with("--") && option.len() > 2 && !known.contains(option) {
                        wrong.push(format!("{}: `{line}`: roadmap {} has no {option}", page.display(), sub.get_name()));
                    }
                }
            }
        }
        for span in inline_code(&text) {
            let name = span.trim();
            let dotted = name.split('.').count() > 1
                && name.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
            let first = name.split('.').next().unwrap_or("");
            if dotted
                && (areas.contains(first) || roots.contains(first))
                && !codes.contains(name)
                && !paths.contains(name)
                && !action_paths.contains(name)
                && !exported.contains(name)
            {
                wrong.push(format!("{}: `{name}` is neither a code of roadmap-codes nor a field of the JSON Schema", page.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "the docs name what the program does not have:\n{}", wrong.join("\n"));
}

/// Every field path of the schema from the root (`source.ocr.pages`) and from an action
/// (`deadline.end`).
fn schema_paths(schema: &Value) -> (BTreeSet<String>, BTreeSet<String>) {
    fn resolve<'a>(schema: &'a Value, node: &'a Value) -> &'a Value {
        match node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/$defs/")) {
            Some(name) => &schema["$defs"][name],
            None => node,
        }
    }
    fn walk(schema: &Value, node: &Value, prefix: &str, out: &mut BTreeSet<String>, depth: usize) {
        if depth > 8 {
            return;
        }
        let node = resolve(schema, node);
        for key in ["anyOf", "oneOf"] {
            if let Some(options) = node.get(key).and_then(Value::as_array) {
                for o in options {
                    walk(schema, o, prefix, out, depth + 1);
                }
            }
        }
        if let Some(items) = node.get("items") {
            walk(schema, items, prefix, out, depth + 1);
        }
        if let Some(props) = node.get("properties").and_then(Value::as_object) {
            for (k, v) in props {
                let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                out.insert(path.clone());
                walk(schema, v, &path, out, depth + 1);
            }
        }
    }
    let (mut from_root, mut from_action) = (BTreeSet::new(), BTreeSet::new());
    walk(schema, schema, "", &mut from_root, 0);
    walk(schema, &schema["$defs"]["Action"], "", &mut from_action, 0);
    (from_root, from_action)
}

// ---------------------------------------------------------------- the book, the README, the install

#[test]
fn the_guide_builds_with_nothing_from_the_network() {
    let target = root().join("target/guide");
    let mut book = mdbook_driver::MDBook::load(root().join("docs")).unwrap();
    book.config.build.build_dir = target.clone();
    book.build().unwrap_or_else(|e| panic!("the guide does not build: {e:#}"));
    assert!(target.join("index.html").is_file());
    // every page's scripts, styles and fonts are the book's own files
    let mut remote = Vec::new();
    let mut stack = vec![target.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html" || e == "css") {
                let text = std::fs::read_to_string(&path).unwrap();
                for marker in ["src=\"http", "src='http", "href=\"http", "url(http", "@import url(\"http"] {
                    for (at, _) in text.match_indices(marker) {
                        let tail: String = text[at..].chars().take(90).collect();
                        // links a reader follows are fine; what a page loads is not
                        let loads = marker.starts_with("src") || marker.contains("url") || tail.contains(".css") || tail.contains(".woff");
                        if loads {
                            remote.push(format!("{}: {tail}", path.strip_prefix(&target).unwrap().display()));
                        }
                    }
                }
            }
        }
    }
    assert!(remote.is_empty(), "the guide loads from the network:\n{}", remote.join("\n"));
}

#[test]
fn the_readme_is_a_front_door() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let lines = readme.lines().count();
    assert!(lines <= 250, "README.md has {lines} lines: the reference goes in the guide (docs/)");
    // the two commands: CI runs exactly the test command, the main job brings its own OCR engine
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    let test_command = ci.lines().last().unwrap().trim();
    assert!(readme.contains(&format!("```sh\n{test_command}\n```")), "the README's test command is not .ci/run's `{test_command}`");
    assert!(
        readme.contains("```console\n$ scripts/with-tesseract.sh cargo run --release -- extract corpus -o out\n"),
        "the README's main command must bring Tesseract (the corpus holds scans)"
    );
    // what the examples write is not offered to git: the README's output folders, the wheel's
    // `dist` and the built book
    let mut written: Vec<String> = ["dist", "docs/book"].map(String::from).to_vec();
    for block in blocks(&readme).into_iter().filter(|b| b.info == "console") {
        for e in examples(&readme[block.body]) {
            let words: Vec<&str> = e.command.split_whitespace().collect();
            for pair in words.windows(2) {
                if matches!(pair[0], "-o" | "--out" | "--to") {
                    written.push(pair[1].to_string());
                }
            }
        }
    }
    assert!(written.len() > 2, "the README's examples write no output folder");
    let ignored = Command::new("git").arg("check-ignore").args(&written).current_dir(root()).output().unwrap();
    let ignored = String::from_utf8_lossy(&ignored.stdout);
    for name in &written {
        assert!(ignored.lines().any(|l| l == name), "{name}/ is not ignored by git");
    }
}

#[test]
fn the_manual_page_and_completions_install_with_the_binary() {
    let prefix = tempfile::tempdir().unwrap();
    let out = Command::new(root().join("scripts/install.sh"))
        .arg(prefix.path())
        .env("ROADMAP_BIN", env!("CARGO_BIN_EXE_roadmap"))
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let p = prefix.path();
    for file in [
        "bin/roadmap",
        "share/man/man1/roadmap.1",
        "share/bash-completion/completions/roadmap",
        "share/zsh/site-functions/_roadmap",
        "share/fish/vendor_completions.d/roadmap.fish",
    ] {
        assert!(p.join(file).is_file(), "{file} not installed");
    }
    let man = std::fs::read_to_string(p.join("share/man/man1/roadmap.1")).unwrap();
    assert!(man.contains(".TH roadmap 1") && man.contains("extract"), "{man}");
    // the manual page reads in man's own renderer, and the bash completion parses
    if Command::new("man").arg("--version").output().is_ok() {
        let shown = Command::new("man").args(["-P", "cat"]).arg("roadmap").env("MANPATH", p.join("share/man")).output().unwrap();
        let shown = String::from_utf8_lossy(&shown.stdout);
        assert!(shown.contains("roadmap") && shown.contains("extract"), "man roadmap: {shown}");
    }
    let bash = Command::new("bash").arg("-n").arg(p.join("share/bash-completion/completions/roadmap")).status().unwrap();
    assert!(bash.success());
    let completion = std::fs::read_to_string(p.join("share/bash-completion/completions/roadmap")).unwrap();
    assert!(completion.contains("--jsonl") && completion.contains("compare"), "the completion knows the commands and options");
}
