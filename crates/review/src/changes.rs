//! The page of `roadmap diff --html`: each changed row of two versions of a document shown with
//! its source before and after — the crop of its PDF page with its boxes, or its table drawn
//! with the row marked — beside the fields that changed.

use std::fmt::Write as _;

use crate::source::Source;
use crate::{html, page_head, Reviewed};

/// A changed value: where, before, after (as text).
pub struct FieldChange {
    pub path: String,
    pub before: String,
    pub after: String,
}

/// A row added, removed or changed: its seq on each side it is on.
pub struct RowChange {
    /// «~ action 3 «Отбор школ…»», as the text report names it.
    pub label: String,
    pub before: Option<u64>,
    pub after: Option<u64>,
    pub fields: Vec<FieldChange>,
}

/// Two versions of a document and what changed between them.
pub struct ChangedDocument<'a> {
    pub before: Reviewed<'a>,
    pub after: Reviewed<'a>,
    /// The document's fields that changed.
    pub fields: Vec<FieldChange>,
    pub rows: Vec<RowChange>,
}

fn fields_table(out: &mut String, fields: &[FieldChange]) {
    if fields.is_empty() {
        return;
    }
    out.push_str("<table class=\"meta changes\"><tr><th>поле</th><th>было</th><th>стало</th></tr>\n");
    for f in fields {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"before\">{}</td><td class=\"after\">{}</td></tr>",
            html(&f.path),
            html(&f.before),
            html(&f.after)
        );
    }
    out.push_str("</table>\n");
}

/// One side of a row: its source, or why there is none.
fn side(out: &mut String, doc: &Reviewed, source: &Source, seq: Option<u64>, heading: &str) {
    let _ = write!(out, "<div class=\"side\"><h4>{}</h4>", html(heading));
    match seq.and_then(|s| doc.roadmap.actions.iter().find(|a| a.seq as u64 == s)) {
        Some(action) => source.row(out, action),
        None => out.push_str("<p class=\"muted\">нет такой строки</p>"),
    }
    out.push_str("</div>");
}

/// The page: a section per document, its changed fields, then each changed row with its
/// source before and after. Self-contained but for the pictures of PDF pages, which the caller
/// writes beside it as [`Reviewed::pages`] names them.
pub fn changes_page(documents: &[ChangedDocument]) -> String {
    let mut body = String::new();
    for d in documents {
        let (before, after) = (Source::new(&d.before), Source::new(&d.after));
        let _ = writeln!(
            body,
            "<section class=\"pair\"><h2>--- {}<br>+++ {}</h2>",
            html(&d.before.roadmap.source.path),
            html(&d.after.roadmap.source.path)
        );
        for note in d.before.notes.iter().chain(&d.after.notes) {
            let _ = writeln!(body, "<p class=\"muted\">{}</p>", html(note));
        }
        fields_table(&mut body, &d.fields);
        for row in &d.rows {
            let _ = writeln!(body, "<section class=\"change\"><h3>{}</h3>", html(&row.label));
            fields_table(&mut body, &row.fields);
            body.push_str("<div class=\"sides\">");
            side(&mut body, &d.before, &before, row.before, "было");
            side(&mut body, &d.after, &after, row.after, "стало");
            body.push_str("</div></section>\n");
        }
        body.push_str("</section>\n");
    }
    let rows: usize = documents.iter().map(|d| d.rows.len()).sum();
    let head = page_head(
        &format!("Изменения: {rows} строк"),
        "\n.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; }\n\
         .change { background: #fff; border: 1px solid #ddd; padding: .5em 1em; margin: 1em 0; }\n\
         td.before { color: #b00020; } td.after { color: #1b5e20; }",
    );
    format!(
        r#"{head}
<body>
<header class="bar"><b>Изменения</b> <span>{count} документов, {rows} строк</span></header>
<main>
{body}</main>
</body>
</html>
"#,
        count = documents.len(),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_changed_row_stands_with_its_fields_and_both_sources() {
        let before = crate::tests::fixture("orel-2022-order-226.docx");
        let mut after = before.clone();
        after.actions[0].deadline.raw = "До 20.12.2021 г.".into();
        let reviewed = |r| Reviewed { roadmap: r, layout: None, pages: Default::default(), notes: Vec::new() };
        let page = changes_page(&[ChangedDocument {
            before: reviewed(&before),
            after: reviewed(&after),
            fields: Vec::new(),
            rows: vec![RowChange {
                label: "~ action 1".into(),
                before: Some(1),
                after: Some(1),
                fields: vec![FieldChange {
                    path: "deadline.raw".into(),
                    before: "До 16.12. 2021 г.".into(),
                    after: "До 20.12.2021 г.".into(),
                }],
            }],
        }]);
        assert_eq!(page.matches("<section class=\"change\">").count(), 1);
        assert_eq!(page.matches("<div class=\"side\">").count(), 2, "before and after");
        assert!(page.contains("<td class=\"after\">До 20.12.2021 г.</td>"));
    }
}
