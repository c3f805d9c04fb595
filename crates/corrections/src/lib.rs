//! Reviewers' corrections of extracted actions, kept in a file and applied over extraction.
//!
//! In: the text of a corrections file — JSON lines, one [`Correction`] a line, as the review
//! page saves them (and the service will) — and canonical roadmaps. Out: each roadmap with the
//! corrections made on its rows applied ([`apply`]): the field's value replaced, the value as
//! read kept in the action's `corrections`, `corrected` set, a verdict on the row in `verdict`;
//! and for each correction that was not applied, why ([`NotApplied`]).
//!
//! A correction names its row by the document's SHA-256, the action's `seq` and the SHA-256 of
//! the action's text as read. When the document, or the tool that reads it, has changed so
//! that the row no longer matches — another text at that `seq`, or the corrected field now
//! reading otherwise than it did when the reviewer saw it — the correction is not applied:
//! it is reported, and a reviewer looks again.
//!
//! ```
//! let line = r#"{"document":"abc","seq":1,"action_sha256":"x","field":"result","value":"Протокол"}"#;
//! let corrections = roadmap_corrections::parse(line).unwrap();
//! assert_eq!(corrections[0].field, "result");
//! ```

use std::collections::BTreeMap;

use roadmap_model::{Action, AppliedCorrection, Roadmap, Verdict};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// One correction of one field of one action, as a line of the corrections file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// The document's SHA-256 (`source.sha256`).
    pub document: String,
    /// The action's `seq` in the document.
    pub seq: usize,
    /// The SHA-256 (lowercase hex) of the action's text as read ([`text_sha256`]): the row
    /// the correction was made on.
    pub action_sha256: String,
    /// `number`, `action`, `deadline` (the cell's text, read again in the plan's period),
    /// `deadline.start`, `deadline.end` (ISO dates), `responsible` (the cell's text, its
    /// parties read again), `result`, `info`, or `row` (`right` or `wrong`).
    pub field: String,
    /// The new value; `null` clears the field.
    pub value: Option<String>,
    /// The field's value when the reviewer saw it: when the field reads otherwise now, the
    /// correction is not applied. Optional.
    #[serde(default)]
    pub original: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// Who corrected, and when (ISO 8601). Optional.
    #[serde(default)]
    pub by: Option<String>,
    #[serde(default)]
    pub at: Option<String>,
}

/// The fields a correction may change.
pub const FIELDS: &[&str] = &["number", "action", "deadline", "deadline.start", "deadline.end", "responsible", "result", "info", "row"];

#[derive(Debug, thiserror::Error)]
pub enum CorrectionsError {
    #[error("line {line}: not a correction ({why})")]
    Line { line: usize, why: String },
}

/// The corrections of a file's text (JSON lines; blank lines are skipped).
pub fn parse(text: &str) -> Result<Vec<Correction>, CorrectionsError> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| CorrectionsError::Line { line: i + 1, why: e.to_string() }))
        .collect()
}

/// The SHA-256 (lowercase hex) of an action's text: what names the row in a correction.
pub fn text_sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The action's text as read from the document, before any correction of it.
pub fn text_as_read(action: &Action) -> &str {
    action.corrections.iter().find(|c| c.field == "action").and_then(|c| c.original.as_deref()).unwrap_or(&action.action)
}

/// Why a correction was not applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotApplied {
    #[error("no document with this SHA-256 among the inputs")]
    NoDocument,
    #[error("the document has no action {0}")]
    NoAction(usize),
    #[error("action {0} reads another text than the row corrected (the document or the tool changed): look at it again")]
    RowChanged(usize),
    #[error("action {seq}'s {field} now reads {now:?}, not {then:?} as when it was corrected: look at it again")]
    FieldChanged { seq: usize, field: String, now: Option<String>, then: Option<String> },
    #[error("{0:?} is not a field a correction may change (one of number, action, deadline, deadline.start, deadline.end, responsible, result, info, row)")]
    UnknownField(String),
    #[error("{field}: {value:?} is not {wanted}")]
    BadValue { field: String, value: Option<String>, wanted: &'static str },
}

/// A correction that was not applied, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// 1-based index of the correction in the file.
    pub index: usize,
    pub correction: Correction,
    pub why: NotApplied,
}

/// Apply the corrections of `roadmap`'s document (by `source.sha256`) in their order; the
/// reports of those that were not, numbered by their place in the file.
pub fn apply(roadmap: &mut Roadmap, corrections: &[Correction]) -> Vec<Report> {
    let mut reports = Vec::new();
    let document = roadmap.source.sha256.clone();
    for (i, correction) in corrections.iter().enumerate().filter(|(_, c)| c.document == document) {
        if let Err(why) = apply_one(roadmap, correction) {
            reports.push(Report { index: i + 1, correction: correction.clone(), why });
        }
    }
    reports
}

impl Report {
    /// What a reader is told of it: «FILE line 3: result of action 3 not applied: why»,
    /// `file` naming where the corrections came from.
    pub fn say(&self, file: &str) -> String {
        format!("{file} line {}: {} of action {} not applied: {}", self.index, self.correction.field, self.correction.seq, self.why)
    }
}

/// [`apply`], each correction not applied also recorded in the document as the warning
/// `correction.not_applied` (what [`Report::say`] says, `file` naming the corrections); the
/// messages, for the caller to show.
pub fn apply_noting(roadmap: &mut Roadmap, corrections: &[Correction], file: &str) -> Vec<String> {
    let mut said = Vec::new();
    for report in apply(roadmap, corrections) {
        let message = report.say(file);
        roadmap.warnings.push(roadmap_model::Warning {
            code: roadmap_codes::CORRECTION_NOT_APPLIED.into(),
            seq: Some(report.correction.seq),
            message: message.clone(),
        });
        said.push(message);
    }
    said
}

/// The indexes (1-based) of the corrections whose document is none of `documents` (SHA-256).
pub fn without_document<'a>(corrections: &[Correction], documents: impl IntoIterator<Item = &'a str>) -> Vec<Report> {
    let known: std::collections::HashSet<&str> = documents.into_iter().collect();
    corrections
        .iter()
        .enumerate()
        .filter(|(_, c)| !known.contains(c.document.as_str()))
        .map(|(i, c)| Report { index: i + 1, correction: c.clone(), why: NotApplied::NoDocument })
        .collect()
}

/// The value of a correctable field as the action holds it now.
fn current(action: &Action, field: &str) -> Option<String> {
    match field {
        "number" => action.number.clone(),
        "action" => Some(action.action.clone()),
        "deadline" => Some(action.deadline.raw.clone()).filter(|r| !r.is_empty()),
        "deadline.start" => action.deadline.start.clone(),
        "deadline.end" => action.deadline.end.clone(),
        "responsible" => action.responsible.raw.clone(),
        "result" => action.result.clone(),
        "info" => action.info.clone(),
        _ => None,
    }
}

fn apply_one(roadmap: &mut Roadmap, correction: &Correction) -> Result<(), NotApplied> {
    let Correction { seq, field, value, .. } = correction;
    if !FIELDS.contains(&field.as_str()) {
        return Err(NotApplied::UnknownField(field.clone()));
    }
    let context = context(roadmap);
    let abbreviations = roadmap.abbreviations.clone();
    let action = roadmap.actions.iter_mut().find(|a| a.seq == *seq).ok_or(NotApplied::NoAction(*seq))?;
    if text_sha256(text_as_read(action)) != correction.action_sha256 {
        return Err(NotApplied::RowChanged(*seq));
    }
    let bad = |wanted| NotApplied::BadValue { field: field.clone(), value: value.clone(), wanted };
    if field == "row" {
        action.verdict = Some(match value.as_deref() {
            Some("right") => Verdict::Right,
            Some("wrong") => Verdict::Wrong,
            _ => return Err(bad("right or wrong")),
        });
        action.corrections.push(applied(correction, None));
        return Ok(());
    }
    // the value as read: from the first correction of the field, else the field itself
    let read = action.corrections.iter().find(|c| &c.field == field).map_or_else(|| current(action, field), |c| c.original.clone());
    if let Some(then) = &correction.original {
        if read.as_deref().map(str::trim) != Some(then.trim()) {
            return Err(NotApplied::FieldChanged { seq: *seq, field: field.clone(), now: read, then: Some(then.clone()) });
        }
    }
    let value = value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(String::from);
    match field.as_str() {
        "number" => action.number = value.clone(),
        "action" => {
            action.action = value.clone().unwrap_or_default();
            action.milestones = roadmap_milestones::Vocabulary::builtin().classify(&action.action).into_iter().map(String::from).collect();
        }
        "deadline" => {
            let text = value.clone().unwrap_or_default();
            action.deadline = roadmap_extract::deadline_to_model(&text, &roadmap_dates::normalize_in(&text, &context));
        }
        "deadline.start" | "deadline.end" => {
            if value.as_deref().is_some_and(|v| v.parse::<chrono::NaiveDate>().is_err()) {
                return Err(bad("a date (YYYY-MM-DD)"));
            }
            if field == "deadline.start" {
                action.deadline.start = value.clone();
            } else {
                action.deadline.end = value.clone();
            }
        }
        "responsible" => action.responsible = roadmap_extract::responsible(value.clone(), &abbreviations),
        "result" => {
            action.targets = value.as_deref().map(roadmap_extract::cells::targets).unwrap_or_default();
            action.result = value.clone();
        }
        _ => action.info = value.clone(),
    }
    action.corrected = true;
    action.corrections.push(applied(correction, read));
    Ok(())
}

fn applied(correction: &Correction, original: Option<String>) -> AppliedCorrection {
    AppliedCorrection {
        field: correction.field.clone(),
        original,
        value: correction.value.clone(),
        note: correction.note.clone(),
        by: correction.by.clone(),
        at: correction.at.clone(),
    }
}

/// What a deadline cell of the document is read against: the plan's period and the order's
/// date, as extraction read them.
fn context(roadmap: &Roadmap) -> roadmap_dates::Context {
    roadmap_dates::Context {
        period: roadmap.plan.period.as_ref().and_then(|p| roadmap_dates::PlanPeriod::parse(&p.label)),
        document_date: roadmap.document.date.as_deref().and_then(|d| d.parse().ok()),
        ..roadmap_dates::Context::default()
    }
}

/// The corrections of a file grouped by document (SHA-256), each with its index in the file.
pub fn by_document(corrections: &[Correction]) -> BTreeMap<&str, Vec<(usize, &Correction)>> {
    let mut out: BTreeMap<&str, Vec<(usize, &Correction)>> = BTreeMap::new();
    for (i, c) in corrections.iter().enumerate() {
        out.entry(c.document.as_str()).or_default().push((i + 1, c));
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn fixture() -> Roadmap {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/orel-2022-order-226.docx.json")).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    fn correction(roadmap: &Roadmap, seq: usize, field: &str, value: Option<&str>) -> Correction {
        let action = roadmap.actions.iter().find(|a| a.seq == seq).unwrap();
        Correction {
            document: roadmap.source.sha256.clone(),
            seq,
            action_sha256: text_sha256(&action.action),
            field: field.into(),
            value: value.map(String::from),
            original: None,
            note: Some("checked against the PDF".into()),
            by: None,
            at: None,
        }
    }

    #[test]
    fn a_correction_replaces_the_field_and_keeps_what_was_read() {
        let mut roadmap = fixture();
        let before = roadmap.actions[0].clone();
        let fix = correction(&roadmap, 1, "deadline", Some("20.12.2021 г."));
        assert!(apply(&mut roadmap, &[fix]).is_empty());
        let after = &roadmap.actions[0];
        assert!(after.corrected);
        assert_eq!(after.deadline.end.as_deref(), Some("2021-12-20"));
        assert_eq!(after.corrections[0].original.as_deref(), Some(before.deadline.raw.as_str()));
        assert_eq!(after.corrections[0].note.as_deref(), Some("checked against the PDF"));
        // a second correction of the row is still matched by the text as read
        let mut again = correction(&roadmap, 1, "action", Some("Совещание"));
        again.action_sha256 = text_sha256(&before.action);
        assert!(apply(&mut roadmap, &[again.clone()]).is_empty());
        assert_eq!(roadmap.actions[0].action, "Совещание");
        assert!(apply(&mut roadmap, &[again]).is_empty(), "the row is still named by its text as read");
        assert_eq!(text_as_read(&roadmap.actions[0]), before.action);
    }

    #[test]
    fn a_correction_whose_row_no_longer_matches_is_reported_and_not_applied() {
        let mut roadmap = fixture();
        let mut moved = correction(&roadmap, 2, "result", Some("Протокол"));
        moved.seq = 3;
        let mut changed = correction(&roadmap, 4, "deadline.end", Some("2022-03-01"));
        changed.original = Some("1999-01-01".into());
        let wrong_date = correction(&roadmap, 5, "deadline.end", Some("1 марта"));
        let unknown = correction(&roadmap, 5, "colour", Some("red"));
        let missing = correction(&roadmap, 1, "info", None);
        let mut missing_row = missing.clone();
        missing_row.seq = 10_000;
        let before = roadmap.clone();
        let reports = apply(&mut roadmap, &[moved, changed, wrong_date, unknown, missing_row]);
        let why: Vec<&NotApplied> = reports.iter().map(|r| &r.why).collect();
        assert!(matches!(why[0], NotApplied::RowChanged(3)), "{why:?}");
        assert!(matches!(why[1], NotApplied::FieldChanged { seq: 4, .. }), "{why:?}");
        assert!(matches!(why[2], NotApplied::BadValue { .. }), "{why:?}");
        assert!(matches!(why[3], NotApplied::UnknownField(_)), "{why:?}");
        assert!(matches!(why[4], NotApplied::NoAction(10_000)), "{why:?}");
        assert_eq!(roadmap, before, "nothing applied");
        let elsewhere = Correction { document: "0".repeat(64), ..missing };
        assert_eq!(without_document(&[elsewhere], [roadmap.source.sha256.as_str()]).len(), 1);
    }

    #[test]
    fn a_verdict_marks_the_row_and_clearing_a_field_is_a_correction() {
        let mut roadmap = fixture();
        let wrong = correction(&roadmap, 2, "row", Some("wrong"));
        let cleared = correction(&roadmap, 3, "info", None);
        let nonsense = correction(&roadmap, 4, "row", Some("maybe"));
        let reports = apply(&mut roadmap, &[wrong, cleared, nonsense]);
        assert_eq!(reports.len(), 1);
        assert_eq!(roadmap.actions[1].verdict, Some(Verdict::Wrong));
        assert!(!roadmap.actions[1].corrected, "a verdict changes no field");
        assert_eq!(roadmap.actions[2].info, None);
        assert!(roadmap.actions[2].corrected);
    }

    #[test]
    fn a_bad_line_is_named() {
        let text = "\n{\"document\":\"a\",\"seq\":1,\"action_sha256\":\"b\",\"field\":\"row\",\"value\":\"right\"}\n{\"seq\": \"x\"}\n";
        let e = parse(text).unwrap_err();
        assert!(e.to_string().starts_with("line 3:"), "{e}");
    }
}
