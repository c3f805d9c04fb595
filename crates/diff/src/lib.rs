//! Two canonical roadmaps (expected, actual) → their differences, for reviewers and machines.
//!
//! In: two documents as JSON values (any schema version: unknown fields are compared too).
//! Out: a [`Report`]: document-level changes by field path (`document.region.iso`), and
//! action changes. Actions are matched by number and text, not by position: the sequences of
//! (number, action text) keys are aligned (Patience diff), so a row inserted in the middle is
//! one insertion and the rows after it are still compared with their counterparts. Within a
//! stretch that does not align, an expected action is paired with an actual one that has the
//! same number or a similar text (and reported as changed, field by field); the rest are
//! removed or added. The position fields `seq` and the places of `provenance` (`row`,
//! `boxes`, `cells`, `range`) are not compared for matched actions: an insertion shifts them
//! all; nor the action's `key`, which follows from the act and the text; nor the places the
//! document's fields were read (`document.provenance`, `plan.provenance`).
//!
//! [`Report::render`] writes the report for a terminal (colour optional); the report is
//! `Serialize` for `--format json`.
//!
//! ```
//! use serde_json::json;
//! let a = json!({"document": {"date": "2021-06-10"}, "actions": [{"seq": 1, "number": "1", "action": "Отбор школ"}]});
//! let b = json!({"document": {"date": "2021-06-11"}, "actions": [
//!     {"seq": 1, "number": "0", "action": "Приказ"}, {"seq": 2, "number": "1", "action": "Отбор школ"}]});
//! let report = roadmap_diff::diff(&a, &b);
//! assert_eq!(report.document.len(), 1);
//! assert_eq!(report.actions.len(), 1); // one insertion; action 1 still matches
//! ```

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::{Map, Value};
use similar::{Algorithm, ChangeTag, DiffOp, TextDiff};

/// One changed value: where, what was expected, what came out (`null` when absent).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub path: String,
    pub expected: Value,
    pub actual: Value,
}

/// How an action differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum ActionChange {
    /// Expected, but not in the actual output.
    Removed { number: Option<String>, action: String, expected_seq: Option<u64> },
    /// In the actual output, not expected.
    Added { number: Option<String>, action: String, actual_seq: Option<u64> },
    /// Matched, with differing fields (paths relative to the action).
    Changed { number: Option<String>, action: String, expected_seq: Option<u64>, actual_seq: Option<u64>, fields: Vec<FieldChange> },
}

/// Everything that differs between two documents.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Report {
    /// Changes outside `actions`, by path.
    pub document: Vec<FieldChange>,
    pub actions: Vec<ActionChange>,
}

impl Report {
    pub fn is_empty(&self) -> bool {
        self.document.is_empty() && self.actions.is_empty()
    }

    /// Number of reported differences (each field change and each added/removed action).
    pub fn count(&self) -> usize {
        self.document.len()
            + self
                .actions
                .iter()
                .map(|a| match a {
                    ActionChange::Changed { fields, .. } => fields.len(),
                    _ => 1,
                })
                .sum::<usize>()
    }

    /// The report as text for a person; `colour` adds ANSI colours (red expected, green actual).
    pub fn render(&self, colour: bool) -> String {
        let paint = Paint { on: colour };
        let mut out = String::new();
        for change in &self.document {
            render_field(&mut out, "", change, paint);
        }
        for change in &self.actions {
            match change {
                ActionChange::Removed { number, action, .. } => {
                    let _ = writeln!(out, "{}", paint.red(&format!("- action {}: removed", label(number, action))));
                }
                ActionChange::Added { number, action, .. } => {
                    let _ = writeln!(out, "{}", paint.green(&format!("+ action {}: added", label(number, action))));
                }
                ActionChange::Changed { number, action, fields, .. } => {
                    let _ = writeln!(out, "{}", paint.bold(&format!("~ action {}:", label(number, action))));
                    for f in fields {
                        render_field(&mut out, "    ", f, paint);
                    }
                }
            }
        }
        out
    }
}

/// «1.2 «Отбор школ для участия …»»: an action's number and the start of its text.
fn label(number: &Option<String>, action: &str) -> String {
    const WIDTH: usize = 60;
    let mut short: String = action.chars().take(WIDTH).collect();
    if action.chars().count() > WIDTH {
        short.push('…');
    }
    let short = short.replace('\n', " ");
    match number {
        Some(n) => format!("{n} «{short}»"),
        None => format!("«{short}»"),
    }
}

#[derive(Clone, Copy)]
struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn red(self, text: &str) -> String {
        self.wrap("31", text)
    }
    fn green(self, text: &str) -> String {
        self.wrap("32", text)
    }
    fn bold(self, text: &str) -> String {
        self.wrap("1", text)
    }
}

fn render_field(out: &mut String, indent: &str, change: &FieldChange, paint: Paint) {
    match (&change.expected, &change.actual) {
        // Long texts of several words: a word diff, [-removed-]{+added+}.
        (Value::String(a), Value::String(b)) if a.chars().count() + b.chars().count() > 60 && a.contains(' ') && b.contains(' ') => {
            let mut inline = String::new();
            for c in TextDiff::from_words(a.as_str(), b.as_str()).iter_all_changes() {
                let v = c.value();
                match c.tag() {
                    ChangeTag::Equal => inline.push_str(v),
                    ChangeTag::Delete => inline.push_str(&paint.red(&format!("[-{v}-]"))),
                    ChangeTag::Insert => inline.push_str(&paint.green(&format!("{{+{v}+}}"))),
                }
            }
            let _ = writeln!(out, "{indent}{}: {inline}", change.path);
        }
        (expected, actual) => {
            let _ = writeln!(out, "{indent}{}: {} → {}", change.path, paint.red(&compact(expected)), paint.green(&compact(actual)));
        }
    }
}

fn compact(v: &Value) -> String {
    if v.is_null() {
        "(none)".to_string()
    } else {
        v.to_string()
    }
}

/// The differences between an expected and an actual document.
pub fn diff(expected: &Value, actual: &Value) -> Report {
    let mut report = Report::default();
    let empty = Map::new();
    let a = expected.as_object().unwrap_or(&empty);
    let b = actual.as_object().unwrap_or(&empty);
    let mut outside_actions_a = a.clone();
    let mut outside_actions_b = b.clone();
    let actions_a = outside_actions_a.remove("actions").unwrap_or(Value::Array(Vec::new()));
    let actions_b = outside_actions_b.remove("actions").unwrap_or(Value::Array(Vec::new()));
    // where the fields were read: places in the file, which move whenever text is added
    for part in ["document", "plan"] {
        for outside in [&mut outside_actions_a, &mut outside_actions_b] {
            if let Some(o) = outside.get_mut(part).and_then(Value::as_object_mut) {
                o.remove("provenance");
            }
        }
    }
    compare(&mut report.document, "", &Value::Object(outside_actions_a), &Value::Object(outside_actions_b));
    let empty_list = Vec::new();
    report.actions = diff_actions(actions_a.as_array().unwrap_or(&empty_list), actions_b.as_array().unwrap_or(&empty_list));
    report
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Field-by-field comparison: objects by key; arrays as wholes when they only reorder, else
/// by the elements removed and added.
fn compare(out: &mut Vec<FieldChange>, path: &str, a: &Value, b: &Value) {
    if a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                compare(out, &join(path, k), va, y.get(k).unwrap_or(&Value::Null));
            }
            for (k, vb) in y.iter().filter(|(k, _)| !x.contains_key(*k)) {
                compare(out, &join(path, k), &Value::Null, vb);
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            let removed: Vec<&Value> = x.iter().filter(|v| !y.contains(v)).collect();
            let added: Vec<&Value> = y.iter().filter(|v| !x.contains(v)).collect();
            if removed.is_empty() && added.is_empty() {
                out.push(FieldChange { path: path.to_string(), expected: a.clone(), actual: b.clone() });
            }
            for v in removed {
                out.push(FieldChange { path: format!("{path}[]"), expected: v.clone(), actual: Value::Null });
            }
            for v in added {
                out.push(FieldChange { path: format!("{path}[]"), expected: Value::Null, actual: v.clone() });
            }
        }
        _ => out.push(FieldChange { path: path.to_string(), expected: a.clone(), actual: b.clone() }),
    }
}

fn text_of<'v>(action: &'v Value, key: &str) -> Option<&'v str> {
    action.get(key).and_then(Value::as_str)
}

fn key(action: &Value) -> (Option<&str>, &str) {
    (text_of(action, "number"), text_of(action, "action").unwrap_or(""))
}

fn seq(action: &Value) -> Option<u64> {
    action.get("seq").and_then(Value::as_u64)
}

/// An action without its position fields (its sequence number and its places in the file:
/// row, boxes, cells, range, which an inserted row moves) and its key (which follows from the
/// act and the action's text, whose changes are reported themselves).
fn positionless(action: &Value) -> Value {
    let mut v = action.clone();
    if let Some(o) = v.as_object_mut() {
        o.remove("seq");
        o.remove("key");
        if let Some(p) = o.get_mut("provenance").and_then(Value::as_object_mut) {
            for position in ["row", "boxes", "cells", "range"] {
                p.remove(position);
            }
        }
    }
    v
}

fn changed(a: &Value, b: &Value) -> Option<ActionChange> {
    let mut fields = Vec::new();
    compare(&mut fields, "", &positionless(a), &positionless(b));
    (!fields.is_empty()).then(|| ActionChange::Changed {
        number: text_of(a, "number").map(String::from),
        action: text_of(a, "action").unwrap_or("").to_string(),
        expected_seq: seq(a),
        actual_seq: seq(b),
        fields,
    })
}

fn removed(a: &Value) -> ActionChange {
    ActionChange::Removed {
        number: text_of(a, "number").map(String::from),
        action: text_of(a, "action").unwrap_or("").to_string(),
        expected_seq: seq(a),
    }
}

fn added(b: &Value) -> ActionChange {
    ActionChange::Added {
        number: text_of(b, "number").map(String::from),
        action: text_of(b, "action").unwrap_or("").to_string(),
        actual_seq: seq(b),
    }
}

/// Two actions are the same row changed: the same number, or (neither numbered alike) texts
/// that are mostly the same.
fn same_row(a: &Value, b: &Value) -> bool {
    let (na, ta) = key(a);
    let (nb, tb) = key(b);
    if na.is_some() && na == nb {
        return true;
    }
    TextDiff::configure().algorithm(Algorithm::Patience).diff_chars(ta, tb).ratio() >= 0.6
}

fn diff_actions(a: &[Value], b: &[Value]) -> Vec<ActionChange> {
    let keys_a: Vec<_> = a.iter().map(key).collect();
    let keys_b: Vec<_> = b.iter().map(key).collect();
    let mut out = Vec::new();
    for op in similar::capture_diff_slices(Algorithm::Patience, &keys_a, &keys_b) {
        match op {
            DiffOp::Equal { old_index, new_index, len } => {
                out.extend((0..len).filter_map(|i| changed(&a[old_index + i], &b[new_index + i])));
            }
            DiffOp::Delete { old_index, old_len, .. } => out.extend(a[old_index..old_index + old_len].iter().map(removed)),
            DiffOp::Insert { new_index, new_len, .. } => out.extend(b[new_index..new_index + new_len].iter().map(added)),
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                pair_up(&a[old_index..old_index + old_len], &b[new_index..new_index + new_len], &mut out);
            }
        }
    }
    out
}

/// Within a stretch that did not align: pair each expected action with the first unpaired
/// actual one that is the same row changed (keeping order); the rest are removed or added.
fn pair_up(a: &[Value], b: &[Value], out: &mut Vec<ActionChange>) {
    let mut next_b = 0;
    for x in a {
        match b[next_b..].iter().position(|y| same_row(x, y)) {
            Some(offset) => {
                out.extend(b[next_b..next_b + offset].iter().map(added));
                out.extend(changed(x, &b[next_b + offset]));
                next_b += offset + 1;
            }
            None => out.push(removed(x)),
        }
    }
    out.extend(b[next_b..].iter().map(added));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn action(seq: u64, number: &str, text: &str, end: &str) -> Value {
        json!({"seq": seq, "number": number, "action": text, "deadline": {"end": end}, "provenance": {"page": 1, "row": seq}})
    }

    fn doc(actions: Vec<Value>) -> Value {
        json!({"schema_version": "1", "document": {"region": {"iso": "RU-KLU"}}, "actions": actions})
    }

    #[test]
    fn identical_documents_have_no_differences() {
        let d = doc(vec![action(1, "1", "Отбор школ", "2021-03-01")]);
        assert!(diff(&d, &d).is_empty());
    }

    #[test]
    fn an_inserted_row_is_one_insertion() {
        let a = doc(vec![action(1, "1", "Отбор школ", "2021-03-01"), action(2, "2", "Анкетирование", "2021-04-01")]);
        let b = doc(vec![
            action(1, "1", "Отбор школ", "2021-03-01"),
            action(2, "1a", "Совещание", "2021-03-15"),
            action(3, "2", "Анкетирование", "2021-04-01"),
        ]);
        let r = diff(&a, &b);
        assert_eq!(r.actions, vec![ActionChange::Added { number: Some("1a".into()), action: "Совещание".into(), actual_seq: Some(2) }]);
        assert_eq!(r.count(), 1);
    }

    #[test]
    fn a_changed_row_lists_its_fields() {
        let a = doc(vec![action(1, "1", "Отбор школ для участия в проекте", "2021-03-01")]);
        let b = doc(vec![action(1, "1", "Отбор школ для участия в проекте 500+", "2021-03-31")]);
        let r = diff(&a, &b);
        let ActionChange::Changed { fields, .. } = &r.actions[0] else { panic!("expected a change: {r:?}") };
        let paths: Vec<&str> = fields.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["action", "deadline.end"]);
        assert_eq!(fields[1].actual, json!("2021-03-31"));
    }

    #[test]
    fn document_fields_by_path_and_list_elements() {
        let a = json!({"document": {"region": {"iso": "RU-KLU"}, "references": [{"n": 1}, {"n": 2}]}, "actions": []});
        let b = json!({"document": {"region": {"iso": "RU-ORL"}, "references": [{"n": 2}, {"n": 3}]}, "actions": []});
        let r = diff(&a, &b);
        let got: Vec<(String, Value, Value)> = r.document.iter().map(|f| (f.path.clone(), f.expected.clone(), f.actual.clone())).collect();
        assert_eq!(
            got,
            vec![
                ("document.references[]".into(), json!({"n": 1}), Value::Null),
                ("document.references[]".into(), Value::Null, json!({"n": 3})),
                ("document.region.iso".into(), json!("RU-KLU"), json!("RU-ORL")),
            ]
        );
    }

    #[test]
    fn unrelated_rows_are_removed_and_added() {
        let a = doc(vec![action(1, "1", "Отбор школ", "2021-03-01")]);
        let b = doc(vec![action(1, "2", "Курсы повышения квалификации", "2021-05-01")]);
        let r = diff(&a, &b);
        assert!(matches!(r.actions[0], ActionChange::Removed { .. }));
        assert!(matches!(r.actions[1], ActionChange::Added { .. }));
    }

    #[test]
    fn renders_word_diffs_and_colour_only_when_asked() {
        let a = doc(vec![action(1, "1", "Формирование экспертного сообщества в регионе для оценки работы", "2021-03-01")]);
        let b = doc(vec![action(1, "1", "Формирование профессионального сообщества в регионе для оценки работы", "2021-03-01")]);
        let r = diff(&a, &b);
        let plain = r.render(false);
        assert!(plain.contains("action: Формирование [-экспертного-]{+профессионального+} сообщества"), "{plain}");
        assert!(!plain.contains('\x1b'));
        assert!(r.render(true).contains("\x1b[31m"));
    }
}
