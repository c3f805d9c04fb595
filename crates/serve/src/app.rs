//! The web app, served by the same binary: plain HTML, CSS and script embedded at build time
//! (no build step, nothing fetched from elsewhere). The documents page (upload by drag and
//! drop with progress, the jobs, the stored documents with what needs a look, downloads),
//! each document's page, and the region × milestone comparison over everything stored
//! (`roadmap compare`'s own HTML page, with its filters).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use roadmap_compare::html;
use roadmap_model::Roadmap;
use serde::Deserialize;

use crate::api::stored_roadmaps;
use crate::engine::blocking;
use crate::problem::Problem;
use crate::{auth, AppState};

const INDEX: &str = include_str!("../assets/index.html");
const SCRIPT: &str = include_str!("../assets/app.js");
const STYLE: &str = include_str!("../assets/app.css");

/// The page a browser without a key gets, when keys are required.
pub const SIGN_IN: &str = r#"<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>roadmap — вход</title><link rel="stylesheet" href="/ui/app.css"></head>
<body><main><h1>roadmap</h1><form method="post" action="/ui/login">
<label>Ключ API: <input name="key" type="password" autocomplete="current-password" required></label>
<button type="submit">Войти</button></form></main></body></html>
"#;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Html(INDEX) }))
        .route("/ui/app.js", get(|| async { ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], SCRIPT) }))
        .route("/ui/app.css", get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE) }))
        .route("/ui/login", post(sign_in))
        .route("/ui/documents/{key}", get(document_page))
        .route("/ui/documents/{key}/{name}", get(named_document_page))
        .route("/ui/compare", get(compare_page))
}

#[derive(Deserialize)]
struct SignIn {
    key: String,
}

/// The sign-in form: a good key becomes a cookie the browser sends with every request.
async fn sign_in(State(state): State<AppState>, Form(form): Form<SignIn>) -> Response {
    match &state.keys {
        Some(keys) if !keys.allows(&form.key) => (StatusCode::UNAUTHORIZED, Html(SIGN_IN)).into_response(),
        _ => {
            let cookie = format!("{}={}; Path=/; HttpOnly; SameSite=Strict", auth::COOKIE, form.key.trim());
            let mut response = Redirect::to("/").into_response();
            if let Ok(value) = cookie.parse() {
                response.headers_mut().insert(header::SET_COOKIE, value);
            }
            response
        }
    }
}

async fn named_document_page(state: State<AppState>, Path((key, _name)): Path<(String, String)>) -> Response {
    document_page(state, Path(key)).await
}

/// A document's page: what was read from it, its warnings and its actions, with links to its
/// canonical JSON and its file.
async fn document_page(State(state): State<AppState>, Path(key): Path<String>) -> Response {
    let store = Arc::clone(&state.engine.store);
    let json = match blocking(move || store.corrected_json(&key)).await {
        Ok(Some(json)) => json,
        Ok(None) => return Problem::not_found("no such document").into_response(),
        Err(e) => return Problem::storage(e).into_response(),
    };
    match serde_json::from_slice::<Roadmap>(&json) {
        Ok(roadmap) => Html(review_page(&roadmap)).into_response(),
        Err(e) => Problem::storage(e).into_response(),
    }
}

/// The page of one document. (The review report of `roadmap review` takes its place once the
/// command line has it.)
pub fn review_page(r: &Roadmap) -> String {
    let key = &r.source.sha256;
    let d = &r.document;
    let field = |name: &str, value: Option<String>| format!("<dt>{}</dt><dd>{}</dd>", html(name), html(value.as_deref().unwrap_or("—")));
    let mut page = format!(
        "<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>{title}</title><link rel=\"stylesheet\" href=\"/ui/app.css\"></head><body>\
         <header><h1>roadmap</h1><nav><a href=\"/\">Документы</a><a href=\"/ui/compare\">Сравнение регионов</a></nav></header><main>\
         <h2 id=\"document-name\">{title}</h2><p><a href=\"/v1/documents/{key}\">канонический JSON</a> · <a href=\"/v1/documents/{key}/source\">исходный файл</a></p><dl class=\"fields\">",
        title = html(&r.source.path),
    );
    let kind = serde_json::to_value(d.kind).ok().and_then(|v| v.as_str().map(str::to_string));
    page.push_str(&field("Вид", kind));
    page.push_str(&field("Орган", d.authority.clone()));
    page.push_str(&format!("<dt>Регион</dt><dd id=\"region\">{}</dd>", html(d.region.as_ref().map_or("—", |reg| reg.name.as_str()))));
    page.push_str(&field("Номер", d.number.clone()));
    page.push_str(&field("Дата", d.date.clone()));
    page.push_str(&field("Заголовок", d.title.clone()));
    page.push_str(&field("План", r.plan.title.clone()));
    page.push_str("</dl>");
    if !r.warnings.is_empty() {
        page.push_str("<h3>Требует внимания</h3><ul id=\"warnings\">");
        for w in &r.warnings {
            page.push_str(&format!("<li><span class=\"codes\">{}</span> {}</li>", html(&w.code), html(&w.message)));
        }
        page.push_str("</ul>");
    }
    page.push_str(&format!(
        "<h3>Мероприятия ({})</h3><table id=\"actions\"><thead><tr><th>№</th><th>Мероприятие</th><th>Срок</th><th>Ответственные</th><th>Результат</th></tr></thead><tbody>",
        r.actions.len()
    ));
    for a in &r.actions {
        let deadline = match (&a.deadline.start, &a.deadline.end) {
            (Some(s), Some(e)) if s != e => format!("{s} – {e}"),
            (_, Some(e)) => e.clone(),
            (Some(s), None) => s.clone(),
            (None, None) => String::new(),
        };
        page.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}<div class=\"codes\">{}</div></td><td>{}</td><td>{}</td></tr>",
            html(a.number.as_deref().unwrap_or("")),
            html(&a.action),
            html(&a.deadline.raw),
            html(&deadline),
            html(a.responsible.raw.as_deref().unwrap_or("")),
            html(a.result.as_deref().unwrap_or("")),
        ));
    }
    page.push_str("</tbody></table></main></body></html>\n");
    page
}

/// The comparison over every stored document, each document linked to its page.
async fn compare_page(State(state): State<AppState>) -> Response {
    let mut roadmaps = match stored_roadmaps(&state, None).await {
        Ok(r) => r,
        Err(p) => return p.into_response(),
    };
    for r in &mut roadmaps {
        let name = r.source.path.rsplit(['/', '\\']).next().unwrap_or("").replace(['?', '#'], "_");
        r.source.path = format!("/ui/documents/{}/{name}", r.source.sha256);
    }
    let comparison = roadmap_compare::compare(&roadmaps, roadmap_milestones::Vocabulary::builtin(), None);
    Html(comparison.html(None)).into_response()
}
