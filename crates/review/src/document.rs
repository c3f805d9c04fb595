//! A document's page of the report: its fields and where they were read, the judge's decision
//! on each table, then every row beside its source.

use std::fmt::Write as _;

use roadmap_model::{Action, CellField, Deadline, DeadlineKind, Location, PartyKind, Roadmap};

use crate::source::Source;
use crate::{file_name, html, page_head, verdict_name, Neighbours, Reviewed, SCRIPT};

/// «приказ № 226 от 2022-02-28», «план», as the index names a document.
pub(crate) fn act_label(r: &Roadmap) -> String {
    let kind = match r.document.kind {
        roadmap_model::DocumentKind::Order => "приказ",
        roadmap_model::DocumentKind::Directive => "распоряжение",
        roadmap_model::DocumentKind::Resolution => "постановление",
        roadmap_model::DocumentKind::Law => "закон",
        roadmap_model::DocumentKind::Decree => "указ",
        roadmap_model::DocumentKind::Decision => "решение",
        roadmap_model::DocumentKind::Plan => "план",
        roadmap_model::DocumentKind::Programme => "программа",
        roadmap_model::DocumentKind::Report => "отчёт",
        roadmap_model::DocumentKind::Unknown => "документ",
    };
    let mut out = kind.to_string();
    if let Some(n) = &r.document.number {
        let _ = write!(out, " № {n}");
    }
    if let Some(d) = &r.document.date {
        let _ = write!(out, " от {d}");
    }
    if let Some(region) = &r.document.region {
        let _ = write!(out, ", {}", region.name);
    }
    out
}

/// Where a location is, in words: «стр. 1», «абзац 4», «табл. 2, стр. 5, кол. 3», «лист «План» B5».
pub(crate) fn where_label(at: &Location) -> String {
    let mut parts = Vec::new();
    if let (Some(sheet), Some(range)) = (&at.sheet, &at.range) {
        parts.push(format!("лист «{sheet}» {range}"));
    } else {
        if let Some(p) = at.page {
            parts.push(format!("стр. {p}"));
        }
        if let Some(p) = at.paragraph {
            parts.push(format!("абзац {p}"));
        }
        if let (Some(t), Some(r)) = (at.table, at.row) {
            parts.push(format!("табл. {t}, строка {r}, кол. {}", at.column.unwrap_or(1)));
        }
    }
    parts.join(", ")
}

fn deadline_kind(kind: DeadlineKind) -> &'static str {
    match kind {
        DeadlineKind::Date => "дата",
        DeadlineKind::Period => "период",
        DeadlineKind::Deadline => "не позднее",
        DeadlineKind::Multiple => "несколько сроков",
        DeadlineKind::Recurring => "регулярно",
        DeadlineKind::Throughout => "весь период",
        DeadlineKind::BySchedule => "по графику",
        DeadlineKind::OnDemand => "по необходимости",
        DeadlineKind::Relative => "от события",
        DeadlineKind::Unknown => "не распознан",
    }
}

fn party_kind(kind: Option<PartyKind>) -> &'static str {
    match kind {
        Some(PartyKind::Person) => "человек",
        Some(PartyKind::Post) => "должность",
        Some(PartyKind::Organization) => "организация",
        Some(PartyKind::Body) => "коллегия",
        None => "?",
    }
}

/// The field's class in the page: the colour its cells are marked with.
pub(crate) fn field_class(field: CellField) -> &'static str {
    match field {
        CellField::Number => "f-number",
        CellField::Action => "f-action",
        CellField::Deadline | CellField::DeadlineStart | CellField::DeadlineEnd => "f-deadline",
        CellField::Responsible => "f-responsible",
        CellField::Result => "f-result",
        CellField::Info => "f-info",
        CellField::Extra => "f-extra",
    }
}

/// The normalized deadline in words: «2021-12-20» for a date, «2021-09-01 – 2021-12-31»,
/// with its kind, precision, rule and note.
fn normalized(d: &Deadline) -> String {
    let span = match (&d.start, &d.end) {
        (Some(s), Some(e)) if s == e => s.clone(),
        (Some(s), Some(e)) => format!("{s} – {e}"),
        (None, Some(e)) => format!("до {e}"),
        (Some(s), None) => format!("с {s}"),
        (None, None) => String::new(),
    };
    let mut out = format!("<b>{}</b>", deadline_kind(d.kind));
    if !span.is_empty() {
        let _ = write!(out, " {}", html(&span));
    }
    if d.year_inferred {
        out.push_str(" <span class=\"tag\">год из периода плана</span>");
    }
    if let Some(r) = &d.rrule {
        let _ = write!(out, " <code>{}</code>", html(r));
    }
    if let Some(n) = &d.note {
        let _ = write!(out, " <i>({})</i>", html(n));
    }
    out
}

/// The field's value as read: the original of its first correction, else the value itself.
fn as_read(action: &Action, field: &str, now: Option<&str>) -> Option<String> {
    match action.corrections.iter().find(|c| c.field == field) {
        Some(c) => c.original.clone(),
        None => now.map(String::from),
    }
}

/// An editable field of a row: its label, its value shown, and what the page edits.
fn field(out: &mut String, action: &Action, field: &str, label: &str, shown: &str, value: Option<&str>) {
    let original = as_read(action, field, value);
    let corrected = action.corrections.iter().any(|c| c.field == field);
    let was = match (&original, corrected) {
        (Some(o), true) => format!("<del>{}</del> ", html(o)),
        (None, true) => "<del>—</del> ".to_string(),
        _ => String::new(),
    };
    let _ = write!(
        out,
        "<div class=\"field{c}\" data-field=\"{field}\" data-original=\"{o}\" data-value=\"{v}\"><span class=\"label\">{label}</span> <span class=\"value\">{was}{shown}</span> <button class=\"edit\" tabindex=\"-1\" title=\"e\">✎</button></div>",
        c = if corrected { " corrected" } else { "" },
        o = html(original.as_deref().unwrap_or("")),
        v = html(value.unwrap_or("")),
    );
}

fn row(out: &mut String, doc: &Reviewed, source: &Source, action: &Action) {
    let r = doc.roadmap;
    let hash = roadmap_corrections::text_sha256(roadmap_corrections::text_as_read(action));
    let low = action.provenance.confidence.is_some_and(|c| c < crate::LOW_CONFIDENCE);
    let _ = write!(
        out,
        "<section class=\"row{low}\" id=\"row-{seq}\" data-seq=\"{seq}\" data-hash=\"{hash}\" data-verdict=\"{verdict}\" tabindex=\"-1\">\n<div class=\"extracted\">",
        low = if low { " low" } else { "" },
        seq = action.seq,
        verdict = verdict_name(action.verdict),
    );
    let _ = write!(
        out,
        "<div class=\"head\"><a class=\"seq\" href=\"#row-{seq}\">#{seq}</a> <span class=\"where\">{place}</span>{conf}<span class=\"marks\"><button class=\"right\" tabindex=\"-1\" title=\"r\">✓ верно</button><button class=\"wrong\" tabindex=\"-1\" title=\"w\">✗ неверно</button></span></div>",
        seq = action.seq,
        place = html(&source.row_label(action)),
        conf = action.provenance.confidence.map_or_else(String::new, |c| format!(" <span class=\"conf{}\">OCR {c}%</span>", if low { " hot" } else { "" })),
    );
    if let Some(s) = &action.section {
        let _ = write!(out, "<div class=\"section\">{} {}</div>", html(s.number.as_deref().unwrap_or("")), html(&s.title));
    }
    field(out, action, "number", "№", &html(action.number.as_deref().unwrap_or("—")), action.number.as_deref());
    field(out, action, "action", "Мероприятие", &html(&action.action), Some(&action.action));
    for item in &action.items {
        let _ = write!(out, "<div class=\"item\">• {}</div>", html(item));
    }
    let d = &action.deadline;
    let raw = if d.raw.is_empty() { "—".to_string() } else { format!("«{}»", html(&d.raw)) };
    field(
        out,
        action,
        "deadline",
        "Срок",
        &format!("{raw} → {}", normalized(d)),
        Some(&d.raw).filter(|r| !r.is_empty()).map(String::as_str),
    );
    let parties: String = action
        .responsible
        .parties
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let kind = party_kind(action.responsible.kinds.get(i).copied().flatten());
            format!("<span class=\"party\">{} <i>{kind}</i></span>", html(p))
        })
        .collect();
    let responsible = if parties.is_empty() { "—".to_string() } else { parties };
    field(out, action, "responsible", "Ответственные", &responsible, action.responsible.raw.as_deref());
    field(out, action, "result", "Результат", &html(action.result.as_deref().unwrap_or("—")), action.result.as_deref());
    if action.info.is_some() {
        field(out, action, "info", "Информация", &html(action.info.as_deref().unwrap_or("—")), action.info.as_deref());
    }
    for (header, text) in &action.extra {
        let _ = write!(out, "<div class=\"extra\"><span class=\"label\">{}</span> {}</div>", html(header), html(text));
    }
    if !action.milestones.is_empty() {
        let _ = write!(out, "<div class=\"milestones\">Этапы: {}</div>", html(&action.milestones.join(", ")));
    }
    for w in r.warnings.iter().filter(|w| w.seq == Some(action.seq)) {
        let _ = write!(out, "<div class=\"warning\"><code>{}</code> {}</div>", html(&w.code), html(&w.message));
    }
    for c in action.corrections.iter().filter(|c| c.note.is_some() || c.by.is_some()) {
        let _ = write!(
            out,
            "<div class=\"note\">{}: {}{}</div>",
            html(&c.field),
            html(c.note.as_deref().unwrap_or("")),
            c.by.as_deref().map_or_else(String::new, |b| format!(" — {}", html(b)))
        );
    }
    out.push_str("</div>\n<div class=\"source\">");
    source.row(out, action);
    out.push_str("</div>\n</section>\n");
}

/// The corrections already applied to the document's rows, as lines of the corrections file:
/// the page keeps them with the ones the reviewer adds.
fn prior_corrections(r: &Roadmap) -> String {
    let mut lines = Vec::new();
    for a in &r.actions {
        let hash = roadmap_corrections::text_sha256(roadmap_corrections::text_as_read(a));
        for c in &a.corrections {
            let line = roadmap_corrections::Correction {
                document: r.source.sha256.clone(),
                seq: a.seq,
                action_sha256: hash.clone(),
                field: c.field.clone(),
                value: c.value.clone(),
                original: c.original.clone(),
                note: c.note.clone(),
                by: c.by.clone(),
                at: c.at.clone(),
            };
            if let Ok(json) = serde_json::to_string(&line) {
                lines.push(json);
            }
        }
    }
    // inside a <script> element: no «</» may end it early
    format!("[{}]", lines.join(",")).replace("</", "<\\/")
}

/// The page of one document.
pub fn document_page(doc: &Reviewed, around: &Neighbours) -> String {
    let r = doc.roadmap;
    let source = Source::new(doc);
    let mut body = String::new();
    // the document's fields and where each was read
    let d = &r.document;
    let p = &d.provenance;
    let mut fields: Vec<(&str, String, &[Location])> = vec![
        ("Вид", d.kind.as_str().to_string(), &p.kind),
        ("Орган", d.authority.clone().unwrap_or_default(), &p.authority),
        ("Регион", d.region.as_ref().map(|g| format!("{} ({})", g.name, g.iso)).unwrap_or_default(), &p.region),
        ("Номер", d.number.clone().unwrap_or_default(), &p.number),
        ("Дата", d.date.clone().unwrap_or_default(), &p.date),
        ("Место", d.place.clone().unwrap_or_default(), &p.place),
        ("Заголовок", d.title.clone().unwrap_or_default(), &p.title),
        (
            "Подписал",
            d.signatory
                .as_ref()
                .map(|s| format!("{} {}", s.position.as_deref().unwrap_or(""), s.name).trim().to_string())
                .unwrap_or_default(),
            &p.signatory,
        ),
        ("План", r.plan.title.clone().unwrap_or_default(), &r.plan.provenance.title),
    ];
    for (i, reference) in d.references.iter().enumerate() {
        fields.push(("Ссылка", reference.text.clone(), p.references.get(i).map_or(&[][..], Vec::as_slice)));
    }
    body.push_str("<table class=\"meta\">\n");
    for (label, value, at) in &fields {
        if value.is_empty() {
            continue;
        }
        let places: Vec<String> = at.iter().map(where_label).collect();
        let _ = write!(
            body,
            "<tr><th>{label}</th><td>{value}</td><td class=\"where\">{places}</td><td class=\"crops\">",
            value = html(value),
            places =
                if places.is_empty() { "<span class=\"hot\">не указано</span>".to_string() } else { html(&places.join("; ")) }
        );
        source.locations(&mut body, at);
        body.push_str("</td></tr>\n");
    }
    body.push_str("</table>\n");
    // the judge's decision on each table
    if !r.plan.tables.is_empty() {
        body.push_str("<details class=\"tables\" open><summary>Таблицы документа</summary><ul>\n");
        for t in &r.plan.tables {
            let not = t.decision == roadmap_model::Decision::NotAPlan;
            let _ = writeln!(
                body,
                "<li class=\"{class}\">таблица {n}: {what} (уверенность {conf:.2}, строк {actions}) — {reason}</li>",
                class = if not { "hot" } else { "" },
                n = t.table,
                what = if not { "не план" } else { "план" },
                conf = t.confidence,
                actions = t.actions,
                reason = html(&t.reason),
            );
        }
        body.push_str("</ul></details>\n");
    }
    let general: Vec<_> = r.warnings.iter().filter(|w| w.seq.is_none()).collect();
    if !general.is_empty() {
        body.push_str("<ul class=\"warnings\">\n");
        for w in general {
            let _ = writeln!(body, "<li><code>{}</code> {}</li>", html(&w.code), html(&w.message));
        }
        body.push_str("</ul>\n");
    }
    for note in &doc.notes {
        let _ = writeln!(body, "<p class=\"hot\">{}</p>", html(note));
    }
    body.push_str("<div class=\"legend\">Ячейки: <span class=\"f-number\">№</span> <span class=\"f-action\">мероприятие</span> <span class=\"f-deadline\">срок</span> <span class=\"f-responsible\">ответственные</span> <span class=\"f-result\">результат</span> <span class=\"f-info\">информация</span> <span class=\"f-extra\">прочее</span></div>\n");
    body.push_str("<div id=\"rows\">\n");
    for action in &r.actions {
        row(&mut body, doc, &source, action);
    }
    body.push_str("</div>\n");
    source.whole(&mut body);
    format!(
        r#"{head}
<body class="document" data-ready="no" data-document="{sha}" data-previous="{previous}" data-next="{next}" data-corrections="{corrections}">
<header class="bar"><a href="{index}">← все документы</a> <b>{file}</b> <span>{format} · {act} · {actions} строк</span>
<span id="count"></span> <button id="save" title="s">Сохранить исправления</button></header>
<main>
{body}</main>
<script id="prior" type="application/json">{prior}</script>
<script>{js}</script>
</body>
</html>
"#,
        head = page_head(file_name(&r.source.path), ""),
        sha = html(&r.source.sha256),
        previous = html(around.previous.as_deref().unwrap_or("")),
        next = html(around.next.as_deref().unwrap_or("")),
        index = html(around.index.as_deref().unwrap_or("index.html")),
        corrections = html(around.corrections.as_deref().unwrap_or("")),
        file = html(&r.source.path),
        format = r.source.format,
        act = html(&act_label(r)),
        actions = r.actions.len(),
        prior = prior_corrections(r),
        js = SCRIPT,
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_row_stands_with_its_fields_and_what_names_it() {
        let roadmap = crate::tests::fixture("orel-2022-order-226.docx");
        let doc = Reviewed { roadmap: &roadmap, layout: None, pages: Default::default(), notes: vec!["the source is not here".into()] };
        let page = document_page(&doc, &Neighbours { next: Some("doc-1.html".into()), ..Neighbours::default() });
        assert_eq!(page.matches("<section class=\"row").count(), roadmap.actions.len());
        let first = &roadmap.actions[0];
        let hash = roadmap_corrections::text_sha256(&first.action);
        assert!(page.contains(&format!("id=\"row-1\" data-seq=\"1\" data-hash=\"{hash}\"")));
        assert!(page.contains("«До 16.12. 2021 г.» → <b>не позднее</b> до 2021-12-16"), "the deadline as read and normalized");
        assert!(page.contains("<i>организация</i>"), "parties with their kinds");
        assert!(page.contains("data-next=\"doc-1.html\""));
        assert!(page.contains("the source is not here"));
    }

    #[test]
    fn a_corrected_field_shows_what_was_read() {
        let mut roadmap = crate::tests::fixture("orel-2022-order-226.docx");
        let fix = roadmap_corrections::Correction {
            document: roadmap.source.sha256.clone(),
            seq: 1,
            action_sha256: roadmap_corrections::text_sha256(&roadmap.actions[0].action),
            field: "result".into(),
            value: Some("Протокол совещания".into()),
            original: None,
            note: Some("по протоколу".into()),
            by: None,
            at: None,
        };
        assert!(roadmap_corrections::apply(&mut roadmap, &[fix]).is_empty());
        let doc = Reviewed { roadmap: &roadmap, layout: None, pages: Default::default(), notes: Vec::new() };
        let page = document_page(&doc, &Neighbours::default());
        assert!(page.contains("class=\"field corrected\" data-field=\"result\""));
        assert!(page.contains("<del>Проведено совещание"));
        assert!(page.contains("\"value\":\"Протокол совещания\""), "the prior corrections are in the page's data");
    }
}
