//! The review report: every extracted row beside the place it came from, and the corrections a
//! reviewer makes saved from the page.
//!
//! In: canonical roadmaps, each with what it was read from — the document as read into the
//! layout model (for a word processor's or a workbook's tables) and pictures of its PDF pages
//! (`roadmap-render`) — as [`Reviewed`]. Out: HTML text, for the caller to write beside the
//! pictures: an index ([`index_page`]) that puts first the documents that most need a look
//! ([`Attention`]), and a page per document ([`document_page`], named by [`page_name`]) where
//! each row stands beside its source: for a PDF a crop of the page with the row's and its cells'
//! boxes, and the whole pages with every row's boxes; for other formats the row drawn in its
//! table, its cells marked. Per row: the deadline as read and as normalized, the parties and
//! their kinds, the warnings, the OCR confidence. No script, style or font comes from outside
//! the folder: the pages open from disk, offline.
//!
//! In the page a reviewer marks a row right or wrong, or edits a field; the corrections are
//! kept in the browser's storage (shared by the report's pages) and saved as a corrections file
//! of JSON lines (`roadmap-corrections`), which `extract`, `compare` and `export` apply.
//! Keyboard: `j`/`k` (or ↓/↑) next and previous row, `n`/`p` next and previous document, `r`
//! right, `w` wrong, `e` edit, `s` save.
//!
//! [`changes_page`] shows two versions of documents the same way, for `roadmap diff --html`:
//! each changed row with its source before and after.

mod changes;
mod document;
mod source;

use std::fmt::Write as _;

use roadmap_model::{Roadmap, Verdict};

pub use changes::{changes_page, ChangedDocument, FieldChange, RowChange};
pub use document::document_page;

/// The resolution pages are drawn at for the report unless asked otherwise.
pub const DEFAULT_DPI: f32 = 150.0;

/// A picture of one PDF page, written beside the report's pages.
#[derive(Debug, Clone, PartialEq)]
pub struct PageImage {
    /// Its path from the report's folder.
    pub file: String,
    pub width: u32,
    pub height: u32,
    /// Pixels per PDF point.
    pub scale: f32,
}

impl PageImage {
    /// The page's size in PDF points.
    pub fn points(&self) -> (f32, f32) {
        (self.width as f32 / self.scale, self.height as f32 / self.scale)
    }
}

/// One document of the report and what it was read from.
pub struct Reviewed<'a> {
    pub roadmap: &'a Roadmap,
    /// The document as read (tables of word processors and workbooks are drawn from it);
    /// `None` when the source could not be read again.
    pub layout: Option<&'a roadmap_layout::Document>,
    /// Pictures of the PDF's pages, by page number (1-based).
    pub pages: std::collections::BTreeMap<u32, PageImage>,
    /// Why the source is not drawn (or only in part), for the reviewer.
    pub notes: Vec<String>,
}

/// Where a document's page leads: the pages before and after it in the index's order, the
/// page of all documents, and where its corrections go.
#[derive(Debug, Clone, Default)]
pub struct Neighbours {
    pub previous: Option<String>,
    pub next: Option<String>,
    /// The page of all documents; `None`: the report's `index.html`.
    pub index: Option<String>,
    /// An address that takes the document's corrections (`POST`, a corrections file's lines, as
    /// `roadmap serve` does); `None`: «Сохранить» saves them as a file.
    pub corrections: Option<String>,
}

/// The name of a document's page in the report: by the document's SHA-256, so that links to
/// it (from `compare`'s page) need nothing but the canonical file.
pub fn page_name(sha256: &str) -> String {
    let id: String = sha256.chars().filter(char::is_ascii_hexdigit).take(16).collect();
    format!("doc-{id}.html")
}

/// How much a document needs a look, counted from its extraction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Attention {
    /// Tables judged not a plan (their rows gave no actions).
    pub not_a_plan: usize,
    /// Rows read from a scan under the low-confidence mark.
    pub low_confidence: usize,
    pub warnings: usize,
    /// Rows without a deadline, and without a responsible party.
    pub without_deadline: usize,
    pub without_responsible: usize,
    pub actions: usize,
    /// Rows a reviewer marked, and rows corrected.
    pub checked: usize,
    pub corrected: usize,
}

impl Attention {
    pub fn of(roadmap: &Roadmap) -> Attention {
        let low = |c: Option<u8>| c.is_some_and(|c| c < LOW_CONFIDENCE);
        Attention {
            not_a_plan: roadmap.plan.tables.iter().filter(|t| t.decision == roadmap_model::Decision::NotAPlan).count(),
            low_confidence: roadmap.actions.iter().filter(|a| low(a.provenance.confidence)).count(),
            warnings: roadmap.warnings.len(),
            without_deadline: roadmap.actions.iter().filter(|a| a.deadline.raw.trim().is_empty() && a.deadline.end.is_none()).count(),
            without_responsible: roadmap.actions.iter().filter(|a| a.responsible.parties.is_empty()).count(),
            actions: roadmap.actions.len(),
            checked: roadmap.actions.iter().filter(|a| a.verdict.is_some()).count(),
            corrected: roadmap.actions.iter().filter(|a| a.corrected).count(),
        }
    }

    /// The order of the index: tables judged not a plan first, then rows of low confidence,
    /// then warnings, then rows without a deadline or a responsible party (each descending).
    pub fn key(&self) -> impl Ord {
        std::cmp::Reverse((self.not_a_plan, self.low_confidence, self.warnings, self.without_deadline + self.without_responsible))
    }
}

/// The OCR confidence under which a row is flagged (as extraction flags it).
const LOW_CONFIDENCE: u8 = 60;

/// A document in the index.
pub struct Entry<'a> {
    pub roadmap: &'a Roadmap,
    /// Its page in the report.
    pub page: String,
}

/// A file that could not be read, for the index.
pub struct Failure {
    pub path: String,
    pub message: String,
}

/// The index: failures first, then the documents in the order of [`Attention::key`].
pub fn index_page(entries: &[Entry], failures: &[Failure]) -> String {
    let mut rows = String::new();
    for e in entries {
        let a = Attention::of(e.roadmap);
        let r = e.roadmap;
        let cell = |n: usize, class: &str| {
            if n == 0 {
                "<td class=\"zero\">0</td>".to_string()
            } else {
                format!("<td class=\"{class}\">{n}</td>")
            }
        };
        let _ = writeln!(
            rows,
            "<tr data-page=\"{page}\" data-document=\"{sha}\"><td><a href=\"{page}\">{file}</a><div class=\"sub\">{format} · {what}</div></td><td>{actions}</td>{na}{low}{warn}{dl}{resp}<td class=\"checked\" data-actions=\"{actions}\">{checked}</td></tr>",
            page = html(&e.page),
            sha = html(&r.source.sha256),
            file = html(file_name(&r.source.path)),
            format = r.source.format,
            what = html(&document::act_label(r)),
            actions = a.actions,
            na = cell(a.not_a_plan, "hot"),
            low = cell(a.low_confidence, "hot"),
            warn = cell(a.warnings, "warm"),
            dl = cell(a.without_deadline, "warm"),
            resp = cell(a.without_responsible, "warm"),
            checked = a.checked,
        );
    }
    let mut failed = String::new();
    for f in failures {
        let _ = writeln!(failed, "<li><b>{}</b>: {}</li>", html(&f.path), html(&f.message));
    }
    let failed =
        if failed.is_empty() { String::new() } else { format!("<h2>Не прочитаны</h2>\n<ul class=\"failures\">\n{failed}</ul>") };
    format!(
        r#"{head}
<body class="index" data-ready="no">
<header class="bar"><b>Проверка извлечения</b> <span>{count} документов, {actions} строк</span>
<label>Проверяющий <input id="reviewer" size="16"></label>
<span id="count"></span> <button id="save" title="s">Сохранить исправления</button></header>
<main>
{failed}
<p>Сверху — документы, которые нужнее всего проверить: таблицы, признанные не планом, строки скана с низкой уверенностью, предупреждения, строки без срока или без ответственного. Клавиши на странице документа: <kbd>j</kbd>/<kbd>k</kbd> — следующая и предыдущая строка, <kbd>n</kbd>/<kbd>p</kbd> — следующий и предыдущий документ, <kbd>r</kbd> — верно, <kbd>w</kbd> — неверно, <kbd>e</kbd> — исправить, <kbd>s</kbd> — сохранить исправления.</p>
<table class="documents">
<thead><tr><th>Документ</th><th>Строк</th><th>Таблиц не план</th><th>Низкая уверенность OCR</th><th>Предупреждений</th><th>Без срока</th><th>Без ответственного</th><th>Отмечено</th></tr></thead>
<tbody>
{rows}</tbody>
</table>
</main>
<script>{js}</script>
</body>
</html>
"#,
        head = page_head(&format!("Проверка извлечения: {} документов", entries.len()), ""),
        count = entries.len(),
        actions = entries.iter().map(|e| e.roadmap.actions.len()).sum::<usize>(),
        js = SCRIPT,
    )
}

/// The report's style and script, in every page (the pages open one by one from disk).
pub(crate) const STYLE: &str = include_str!("review.css");

/// The start of every page of the report, to `</head>`: its title (as text) and the report's
/// style with `extra_style` after it.
pub(crate) fn page_head(title: &str, extra_style: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"ru\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}{extra_style}</style>\n</head>",
        html(title)
    )
}
pub(crate) const SCRIPT: &str = include_str!("review.js");

pub(crate) fn html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

pub(crate) fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// A verdict's name in the page's data.
pub(crate) fn verdict_name(v: Option<Verdict>) -> &'static str {
    match v {
        Some(Verdict::Right) => "right",
        Some(Verdict::Wrong) => "wrong",
        None => "",
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    pub(crate) fn fixture(name: &str) -> Roadmap {
        let text = std::fs::read_to_string(format!("{}/../../fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"))).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn the_index_puts_first_what_most_needs_a_look() {
        let calm = fixture("orel-2022-order-226.docx");
        let mut doubtful = fixture("kaluga-2021-order-779.docx");
        doubtful.plan.tables.push(roadmap_model::TableDecision {
            table: 9,
            decision: roadmap_model::Decision::NotAPlan,
            confidence: 0.2,
            reason: "a list of people".into(),
            actions: 0,
        });
        let mut entries = [&calm, &doubtful];
        entries.sort_by_key(|r| Attention::of(r).key());
        assert_eq!(entries[0].source.path, doubtful.source.path);
        let page = index_page(&entries.map(|r| Entry { roadmap: r, page: page_name(&r.source.sha256) }), &[]);
        let first = page.find("kaluga-2021-order-779.docx").unwrap();
        assert!(first < page.find("orel-2022-order-226.docx").unwrap());
        assert!(page.contains("<html lang=\"ru\">") && !page.contains("http"), "self-contained");
    }

    #[test]
    fn a_page_is_named_by_its_document() {
        assert_eq!(page_name("be5ae880ef728be1ea1c18b016dc588abeb7730a28ece14de095ed0abbfcb387"), "doc-be5ae880ef728be1.html");
    }
}
