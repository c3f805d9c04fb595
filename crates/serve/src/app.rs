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
use roadmap_model::Roadmap;
use serde::Deserialize;

use crate::api::stored_roadmaps;
use crate::engine::blocking;
use crate::problem::Problem;
use crate::{auth, AppState};
use roadmap_workers::{Make, Task};

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
        .route("/ui/documents/{key}/pages/{file}", get(page_picture))
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

/// A document's page: its review page (`roadmap review`'s page of the document), its rows beside
/// the document read again in a worker; its corrections go to the API.
async fn document_page(State(state): State<AppState>, Path(key): Path<String>) -> Response {
    let store = Arc::clone(&state.engine.store);
    let wanted = key.clone();
    let stored = blocking(move || Ok::<_, roadmap_store::StoreError>((store.corrected_json(&wanted)?, store.source(&wanted)?))).await;
    let (json, source) = match stored {
        Ok((Some(json), Some(source))) => (json, source),
        Ok(_) => return Problem::not_found("no such document").into_response(),
        Err(e) => return Problem::storage(e).into_response(),
    };
    let path = match serde_json::from_slice::<Roadmap>(&json) {
        Ok(r) => r.source.path,
        Err(e) => return Problem::storage(e).into_response(),
    };
    let roadmap = String::from_utf8_lossy(&json).into_owned();
    let make = Make::ReviewPage {
        roadmap,
        pictures: format!("/ui/documents/{key}/pages/"),
        index: "/".into(),
        corrections: Some(format!("/v1/documents/{key}/corrections")),
        dpi: roadmap_review::DEFAULT_DPI,
    };
    made(&state, Task { path: path.clone(), shown: path, options: state.config.defaults.clone(), make, bytes: source.into() }).await
}

/// A picture of a stored PDF's page, `N.png`, drawn in a worker.
async fn page_picture(State(state): State<AppState>, Path((key, file)): Path<(String, String)>) -> Response {
    let Some(page) = file.strip_suffix(".png").and_then(|n| n.parse::<u32>().ok()).filter(|n| *n > 0) else {
        return Problem::not_found("a page's picture is N.png").into_response();
    };
    let store = Arc::clone(&state.engine.store);
    let source = match blocking(move || store.source(&key)).await {
        Ok(Some(source)) => source,
        Ok(None) => return Problem::not_found("no such document").into_response(),
        Err(e) => return Problem::storage(e).into_response(),
    };
    let make = Make::PagePicture { page, dpi: roadmap_review::DEFAULT_DPI };
    made(
        &state,
        Task { path: "document.pdf".into(), shown: String::new(), options: state.config.defaults.clone(), make, bytes: source.into() },
    )
    .await
}

/// What a worker made, with its media type; a picture may be kept by the browser (a stored
/// document's bytes never change under its key).
async fn made(state: &AppState, task: Task) -> Response {
    let keep = if matches!(task.make, Make::PagePicture { .. }) { "private, max-age=86400" } else { "no-cache" };
    match state.engine.make(task).await {
        Ok(made) => ([(header::CONTENT_TYPE, made.content_type), (header::CACHE_CONTROL, keep.to_string())], made.bytes).into_response(),
        Err(p) => p.into_response(),
    }
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
