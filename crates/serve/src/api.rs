//! The routes of the API (see `openapi.json`, served at `/openapi.json`).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use roadmap_store::{JobFile, NewFile, StoreError};
use roadmap_workers::{Make, OcrMode, Task, TaskOptions};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::engine::{blocking, Engine, Outcome, QueuedFile};
use crate::problem::Problem;
use crate::{app, auth, AppState};

/// The OpenAPI document of these routes.
pub const OPENAPI: &str = include_str!("../openapi.json");

pub fn router(state: AppState) -> Router {
    let limit = usize::try_from(state.config.max_body_bytes).unwrap_or(usize::MAX);
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route("/v1/extract", post(extract))
        .route("/v1/jobs", post(create_job).get(list_jobs))
        .route("/v1/jobs/{id}", get(job).delete(cancel_job))
        .route("/v1/jobs/{id}/results", get(job_results))
        .route("/v1/documents", get(documents))
        .route("/v1/documents/{key}", get(document).delete(delete_document))
        .route("/v1/documents/{key}/source", get(document_source))
        .route("/v1/documents/{key}/corrections", get(document_corrections).post(add_corrections))
        .route("/v1/compare", get(compare))
        .route("/v1/export/{file}", get(export))
        .route("/v1/dates", get(dates))
        .route("/v1/schema", get(schema))
        .merge(app::routes())
        .fallback(|| async { Problem::not_found("no such route; see /openapi.json") })
        .layer(middleware::from_fn_with_state(state.clone(), auth::require_key))
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .layer(DefaultBodyLimit::max(limit))
        .with_state(state)
}

/// Count and log every request by its route (never its query, headers or body).
async fn observe(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request.extensions().get::<axum::extract::MatchedPath>().map_or("unmatched", |m| m.as_str()).to_string();
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    state.engine.metrics.request(&route, &method, status, elapsed);
    tracing::info!(method = %method, route = %route, status, ms = elapsed.as_secs_f64() * 1000.0, "request");
    response
}

fn json_bytes(mut bytes: Vec<u8>, content_type: &'static str) -> Response {
    if bytes.last() != Some(&b'\n') {
        bytes.push(b'\n');
    }
    ([(header::CONTENT_TYPE, content_type)], bytes).into_response()
}

fn pretty<T: Serialize>(value: &T) -> Response {
    match serde_json::to_vec_pretty(value) {
        Ok(bytes) => json_bytes(bytes, "application/json"),
        Err(e) => Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()).into_response(),
    }
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn healthz() -> Response {
    Json(serde_json::json!({ "status": "ok" })).into_response()
}

async fn readyz(State(state): State<AppState>) -> Response {
    let engine = &state.engine;
    let store = Arc::clone(&engine.store);
    let database = blocking(move || store.ping()).await;
    let (ready, reason) = if engine.is_draining() {
        (false, "shutting down")
    } else if database.is_err() {
        (false, "the database does not answer")
    } else if engine.depth() >= engine.capacity() {
        (false, "the queue is full")
    } else {
        (true, "ready")
    };
    let body = serde_json::json!({
        "status": if ready { "ready" } else { "unavailable" },
        "reason": reason,
        "queue_depth": engine.depth(),
        "queue_capacity": engine.capacity(),
        "workers": engine.pool.pids().len(),
    });
    let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, Json(body)).into_response()
}

async fn metrics(State(state): State<AppState>) -> Response {
    let engine = Arc::clone(&state.engine);
    let text =
        tokio::task::spawn_blocking(move || engine.metrics.render(engine.depth(), engine.capacity(), engine.running(), &engine.pool))
            .await
            .unwrap_or_default();
    ([(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")], text).into_response()
}

/// The options of `extract` a request may give, in its query.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtractQuery {
    /// The name written to `source.path` (a raw body has no name of its own).
    name: Option<String>,
    /// Seconds the document may take (at most the service's `--timeout`).
    timeout: Option<f64>,
    ocr: Option<OcrMode>,
    ocr_lang: Option<String>,
    max_part_mib: Option<u64>,
    /// Keep the document in the store (default true).
    store: Option<bool>,
}

fn query<T: serde::de::DeserializeOwned + Default>(q: Result<Query<T>, axum::extract::rejection::QueryRejection>) -> Result<T, Problem> {
    q.map(|Query(q)| q).map_err(|e| Problem::bad_request(e.body_text()))
}

impl ExtractQuery {
    fn options(&self, state: &AppState) -> Result<TaskOptions, Problem> {
        let defaults = &state.config.defaults;
        let most = defaults.timeout_secs.unwrap_or(f64::INFINITY);
        let timeout = match self.timeout {
            Some(t) if !t.is_finite() || t <= 0.0 || t > most => {
                return Err(Problem::bad_request(format!("timeout={t}: give seconds above 0, at most {most}")));
            }
            Some(t) => Some(t),
            None => defaults.timeout_secs,
        };
        if self.ocr_lang.as_deref().is_some_and(|l| l.is_empty() || !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '_')) {
            return Err(Problem::bad_request("ocr_lang: Tesseract's language names joined by +, such as rus+eng"));
        }
        Ok(TaskOptions {
            timeout_secs: timeout,
            max_part_bytes: self.max_part_mib.map(|m| m.saturating_mul(1024 * 1024)).or(defaults.max_part_bytes),
            max_file_bytes: state.config.max_body_bytes,
            ocr: self.ocr.unwrap_or(defaults.ocr),
            ocr_lang: self.ocr_lang.clone().unwrap_or_else(|| defaults.ocr_lang.clone()),
            pretty: true,
        })
    }
}

fn content_type(headers: &HeaderMap) -> String {
    headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase()
}

fn too_large(state: &AppState) -> Problem {
    let mib = state.config.max_body_bytes.div_ceil(1024 * 1024);
    Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", format!("the request is larger than {mib} MiB (--max-body-mib)"))
}

/// A body declared this long or longer is gathered into a mapping of its own.
const MAPPED_BODY: u64 = 1 << 20;

/// The body of a request within the limit: 413 past it, 400 when the client went away.
///
/// It is held once, in a buffer of its declared length: a long one in an anonymous mapping of
/// its own, unmapped the moment the last of its users lets go of it, whichever thread that is
/// (the allocator would keep a freed hundred megabytes resident for a while, and a document's
/// bytes go from the thread that receives them to the one that sends them to a worker).
async fn body_bytes(state: &AppState, request: Request) -> Result<Bytes, Problem> {
    use http_body_util::BodyExt;
    let limit = usize::try_from(state.config.max_body_bytes).unwrap_or(usize::MAX);
    let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > state.config.max_body_bytes) {
        return Err(too_large(state));
    }
    let mut body = http_body_util::Limited::new(request.into_body(), limit);
    let mut buffer = BodyBuffer::for_length(declared)?;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            if is_length_limit(&*e) {
                too_large(state)
            } else {
                Problem::bad_request(format!("the request's body could not be read: {e}"))
            }
        })?;
        if let Ok(data) = frame.into_data() {
            buffer.extend(&data)?;
        }
    }
    Ok(buffer.into_bytes())
}

/// Where a request's body is gathered.
enum BodyBuffer {
    Heap(Vec<u8>),
    Mapped { map: memmap2::MmapMut, filled: usize },
}

impl BodyBuffer {
    fn for_length(declared: Option<u64>) -> Result<BodyBuffer, Problem> {
        let unmappable = |e: std::io::Error| Problem::new(StatusCode::SERVICE_UNAVAILABLE, "io", format!("no memory for the body: {e}"));
        Ok(match declared.and_then(|n| usize::try_from(n).ok()) {
            Some(n) if n as u64 >= MAPPED_BODY => BodyBuffer::Mapped { map: memmap2::MmapMut::map_anon(n).map_err(unmappable)?, filled: 0 },
            n => BodyBuffer::Heap(Vec::with_capacity(n.unwrap_or(0))),
        })
    }

    fn extend(&mut self, data: &[u8]) -> Result<(), Problem> {
        match self {
            BodyBuffer::Heap(bytes) => bytes.extend_from_slice(data),
            BodyBuffer::Mapped { map, filled } => {
                let end = *filled + data.len();
                let room = map.get_mut(*filled..end).ok_or_else(|| Problem::bad_request("the body is longer than its Content-Length"))?;
                room.copy_from_slice(data);
                *filled = end;
            }
        }
        Ok(())
    }

    fn into_bytes(self) -> Bytes {
        match self {
            BodyBuffer::Heap(bytes) => Bytes::from(bytes),
            BodyBuffer::Mapped { map, filled } => Bytes::from_owner(map).slice(..filled),
        }
    }
}

fn is_length_limit(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(e) = current {
        if e.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        current = e.source();
    }
    false
}

/// The files of a multipart form: every part with a file name (or named `file`).
async fn multipart_files(state: &AppState, request: Request) -> Result<Vec<(String, Bytes)>, Problem> {
    let mut form = Multipart::from_request(request, state).await.map_err(|e| Problem::bad_request(e.body_text()))?;
    let mut files = Vec::new();
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large(state)),
            Err(e) => return Err(Problem::bad_request(e.body_text())),
        };
        let name = field.file_name().map(str::to_string).or_else(|| (field.name() == Some("file")).then(|| "document".to_string()));
        let Some(name) = name else { continue };
        match field.bytes().await {
            Ok(bytes) => files.push((name, bytes)),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large(state)),
            Err(e) => return Err(Problem::bad_request(e.body_text())),
        }
    }
    Ok(files)
}

/// `POST /v1/extract`: one document, its canonical JSON back.
async fn extract(
    State(state): State<AppState>,
    q: Result<Query<ExtractQuery>, axum::extract::rejection::QueryRejection>,
    request: Request,
) -> Response {
    match extract_one(state, q, request).await {
        Ok(r) => r,
        Err(p) => p.into_response(),
    }
}

async fn extract_one(
    state: AppState,
    q: Result<Query<ExtractQuery>, axum::extract::rejection::QueryRejection>,
    request: Request,
) -> Result<Response, Problem> {
    let q = query(q)?;
    let options = q.options(&state)?;
    let (name, bytes) = if content_type(request.headers()).starts_with("multipart/form-data") {
        let mut files = multipart_files(&state, request).await?;
        if files.len() != 1 {
            return Err(Problem::bad_request(format!("{} files in the form: send one here, or many to /v1/jobs", files.len())));
        }
        let (name, bytes) = files.remove(0);
        (q.name.clone().unwrap_or(name), bytes)
    } else {
        (q.name.clone().unwrap_or_else(|| "document".to_string()), body_bytes(&state, request).await?)
    };
    let task = Task { path: name.clone(), shown: name, options, make: Make::Canonical, bytes };
    match state.engine.extract(task, q.store.unwrap_or(true)).await? {
        Outcome::Done { json } => Ok(json_bytes(json, "application/json")),
        Outcome::Failed { code, message } => Err(Problem::document(&code, message)),
        Outcome::Stopped => {
            Err(Problem::new(StatusCode::SERVICE_UNAVAILABLE, "shutting_down", "the service stopped before the document was read")
                .retry_after(5))
        }
    }
}

/// A job's id: unique on this service (time, process and a counter), 32 hexadecimal digits.
fn new_job_id() -> String {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_nanos();
    let count = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let digest = Sha256::digest(format!("{now}/{}/{count}", std::process::id()).as_bytes());
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// The files of a zip archive sent as a job: every file in it, each within the size limit and
/// the zip-bomb rule of the package readers.
fn unzip(state: &AppState, bytes: &[u8]) -> Result<Vec<(String, Bytes)>, Problem> {
    let limits = roadmap_package::Limits { max_part_bytes: Some(state.config.max_body_bytes), ..roadmap_package::Limits::default() };
    let unreadable = |e: roadmap_package::PackageError| match e {
        roadmap_package::PackageError::Bomb { .. } => Problem::document("zip_bomb", format!("the archive: {e}")),
        e => Problem::bad_request(format!("the archive cannot be read: {e}")),
    };
    let mut package = roadmap_package::Package::open(bytes, limits).map_err(unreadable)?;
    let mut files = Vec::new();
    for name in package.names() {
        if name.ends_with('/') || name.starts_with("__MACOSX/") {
            continue;
        }
        if let Some(data) = package.part(&name).map_err(unreadable)? {
            files.push((name, Bytes::from(data)));
        }
    }
    Ok(files)
}

#[derive(Serialize)]
struct Accepted {
    id: String,
    state: &'static str,
    total: usize,
    status_url: String,
    results_url: String,
}

/// `POST /v1/jobs`: many documents (a multipart form, a zip archive, or one raw body), stored
/// before the answer, read in the background.
async fn create_job(
    State(state): State<AppState>,
    q: Result<Query<ExtractQuery>, axum::extract::rejection::QueryRejection>,
    request: Request,
) -> Response {
    match accept_job(state, q, request).await {
        Ok(r) => r,
        Err(p) => p.into_response(),
    }
}

async fn accept_job(
    state: AppState,
    q: Result<Query<ExtractQuery>, axum::extract::rejection::QueryRejection>,
    request: Request,
) -> Result<Response, Problem> {
    let q = query(q)?;
    if q.store == Some(false) {
        return Err(Problem::bad_request("a job's documents are always stored: use /v1/extract with store=false"));
    }
    let options = q.options(&state)?;
    let kind = content_type(request.headers());
    let files = if kind.starts_with("multipart/form-data") {
        multipart_files(&state, request).await?
    } else if kind.starts_with("application/zip") || kind.starts_with("application/x-zip") {
        let bytes = body_bytes(&state, request).await?;
        unzip(&state, &bytes)?
    } else {
        let bytes = body_bytes(&state, request).await?;
        vec![(q.name.clone().unwrap_or_else(|| "document".to_string()), bytes)]
    };
    if files.is_empty() {
        return Err(Problem::bad_request("no files in the request"));
    }
    let engine = Arc::clone(&state.engine);
    engine.admit_job(files.len())?;
    let id = new_job_id();
    let shas: Vec<String> = files.iter().map(|(_, bytes)| format!("{:x}", Sha256::digest(bytes))).collect();
    let options_json = serde_json::to_string(&options).map_err(|e| Problem::bad_request(e.to_string()))?;
    let store = Arc::clone(&engine.store);
    let (job_id, names) = (id.clone(), files.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>());
    let stored_shas = shas.clone();
    let stored = blocking(move || {
        let new: Vec<NewFile<'_>> = files.iter().zip(&stored_shas).map(|((name, bytes), sha256)| NewFile { name, sha256, bytes }).collect();
        store.add_job(&job_id, &options_json, &new)
    })
    .await;
    let total = names.len();
    if let Err(e) = stored {
        engine.release(total);
        return Err(Problem::storage(e));
    }
    engine.queue_job_files(&id, names.into_iter().zip(shas).enumerate().map(|(seq, (name, sha))| (seq as u32, name, sha)), &options, true);
    tracing::info!(job = %id, files = total, "job accepted");
    let accepted = Accepted {
        id: id.clone(),
        state: "active",
        total,
        status_url: format!("/v1/jobs/{id}"),
        results_url: format!("/v1/jobs/{id}/results"),
    };
    let mut response = (StatusCode::ACCEPTED, Json(accepted)).into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("/v1/jobs/{id}")) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// Queue the files of the jobs a previous run left unfinished; how many.
pub async fn resume_jobs(engine: &Arc<Engine>) -> Result<usize, StoreError> {
    let store = Arc::clone(&engine.store);
    let pending = blocking(move || store.pending_files()).await?;
    let count = pending.len();
    let mut by_job: BTreeMap<String, (String, Vec<QueuedFile>)> = BTreeMap::new();
    for file in pending {
        by_job.entry(file.job_id).or_insert_with(|| (file.options, Vec::new())).1.push((file.seq, file.name, file.sha256));
    }
    for (job_id, (options, files)) in by_job {
        match serde_json::from_str::<TaskOptions>(&options) {
            Ok(options) => engine.queue_job_files(&job_id, files, &options, false),
            Err(e) => tracing::error!(job = %job_id, error = %e, "a stored job's options cannot be read; it is left as it is"),
        }
    }
    if count > 0 {
        tracing::info!(files = count, "resuming the unfinished jobs");
    }
    Ok(count)
}

#[derive(Serialize)]
struct JobView {
    #[serde(flatten)]
    job: roadmap_store::Job,
    files: Vec<JobFile>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    limit: Option<u32>,
}

async fn list_jobs(State(state): State<AppState>, q: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>) -> Response {
    let limit = match query(q) {
        Ok(q) => q.limit.unwrap_or(50).min(1000),
        Err(p) => return p.into_response(),
    };
    let store = Arc::clone(&state.engine.store);
    match blocking(move || store.jobs(limit)).await {
        Ok(jobs) => pretty(&jobs),
        Err(e) => Problem::storage(e).into_response(),
    }
}

async fn job(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let store = Arc::clone(&state.engine.store);
    let found = blocking(move || {
        let Some(job) = store.job(&id)? else { return Ok(None) };
        let files = store.job_files(&id, 0)?;
        Ok(Some(JobView { job, files }))
    })
    .await;
    match found {
        Ok(Some(view)) => pretty(&view),
        Ok(None) => Problem::not_found("no such job").into_response(),
        Err(e) => Problem::storage(e).into_response(),
    }
}

async fn cancel_job(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let store = Arc::clone(&state.engine.store);
    let job_id = id.clone();
    match blocking(move || store.cancel_job(&job_id)).await {
        Ok(true) => {
            state.engine.cancel(&id);
            StatusCode::NO_CONTENT.into_response()
        }
        Ok(false) => Problem::not_found("no such job").into_response(),
        Err(e) => Problem::storage(e).into_response(),
    }
}

#[derive(Serialize)]
struct ErrorLine<'a> {
    path: &'a str,
    code: &'a str,
    message: &'a str,
}

/// A finished file of a job as a line of results: the document as `extract --jsonl` writes it,
/// or its failure as `_errors.jsonl` does.
fn result_line(engine: &Engine, file: &JobFile) -> Vec<u8> {
    let error = |code: &str, message: &str| {
        let mut line = serde_json::to_vec(&ErrorLine { path: &file.name, code, message }).unwrap_or_default();
        line.push(b'\n');
        line
    };
    match file.state.as_str() {
        "done" => {
            let key = file.document_key.clone().unwrap_or_default();
            match engine.store.document_json(&key) {
                Ok(Some(json)) => {
                    let mut line = Vec::with_capacity(json.len());
                    let mut reader = serde_json::Deserializer::from_slice(&json);
                    let mut writer = serde_json::Serializer::new(&mut line);
                    if serde_transcode::transcode(&mut reader, &mut writer).is_err() {
                        return error("internal", "the stored document could not be read");
                    }
                    line.push(b'\n');
                    line
                }
                _ => error("not_found", "the document is no longer stored"),
            }
        }
        "cancelled" => error("cancelled", "the job was cancelled before this file was read"),
        _ => error(file.code.as_deref().unwrap_or("internal"), file.message.as_deref().unwrap_or("")),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResultsQuery {
    /// The first file's place in the job (0-based): a client that lost its stream goes on.
    from: Option<u32>,
}

/// `GET /v1/jobs/{id}/results`: one line per file in the job's order, each as soon as it and
/// those before it are read; the stream ends with the job.
async fn job_results(
    State(state): State<AppState>,
    Path(id): Path<String>,
    q: Result<Query<ResultsQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let from = match query(q) {
        Ok(q) => q.from.unwrap_or(0),
        Err(p) => return p.into_response(),
    };
    let store = Arc::clone(&state.engine.store);
    let job_id = id.clone();
    let job = match blocking(move || store.job(&job_id)).await {
        Ok(Some(job)) => job,
        Ok(None) => return Problem::not_found("no such job").into_response(),
        Err(e) => return Problem::storage(e).into_response(),
    };
    let total = u32::try_from(job.total).unwrap_or(u32::MAX);
    let engine = Arc::clone(&state.engine);
    let stream = futures_util::stream::unfold(from, move |next| {
        let engine = Arc::clone(&engine);
        let id = id.clone();
        async move {
            loop {
                if next >= total {
                    return None;
                }
                let notified = engine.progress.notified();
                let reader = Arc::clone(&engine);
                let job_id = id.clone();
                let lines = tokio::task::spawn_blocking(move || -> Result<(u32, Vec<u8>), StoreError> {
                    let files = reader.store.job_files(&job_id, next)?;
                    let mut chunk = Vec::new();
                    let mut at = next;
                    for file in files.iter().take_while(|f| f.state != "queued") {
                        chunk.extend(result_line(&reader, file));
                        at = file.seq + 1;
                    }
                    Ok((at, chunk))
                })
                .await;
                match lines {
                    Ok(Ok((at, chunk))) if at > next => return Some((Ok::<Bytes, std::convert::Infallible>(Bytes::from(chunk)), at)),
                    Ok(Ok(_)) => {}
                    _ => return None,
                }
                if engine.is_draining() {
                    return None;
                }
                let _ = tokio::time::timeout(Duration::from_millis(500), notified).await;
            }
        }
    });
    ([(header::CONTENT_TYPE, "application/x-ndjson")], Body::from_stream(stream)).into_response()
}

/// A stored document as the list shows it.
#[derive(Serialize)]
pub struct DocumentView {
    #[serde(flatten)]
    pub summary: roadmap_store::DocumentSummary,
    /// Whether a person should look at it: it has warnings, or no actions.
    pub needs_review: bool,
    pub json_url: String,
    pub page_url: String,
}

pub fn needs_review(summary: &roadmap_store::DocumentSummary) -> bool {
    !summary.warnings.is_empty() || summary.actions.unwrap_or(0) == 0
}

pub async fn document_views(state: &AppState) -> Result<Vec<DocumentView>, Problem> {
    let store = Arc::clone(&state.engine.store);
    let listed = blocking(move || store.documents()).await.map_err(Problem::storage)?;
    Ok(listed
        .into_iter()
        .map(|summary| DocumentView {
            needs_review: needs_review(&summary),
            json_url: format!("/v1/documents/{}", summary.document_key),
            page_url: format!("/ui/documents/{}", summary.document_key),
            summary,
        })
        .collect())
}

async fn documents(State(state): State<AppState>) -> Response {
    match document_views(&state).await {
        Ok(views) => pretty(&views),
        Err(p) => p.into_response(),
    }
}

fn is_sha256(key: &str) -> bool {
    key.len() == 64 && key.bytes().all(|b| b.is_ascii_hexdigit())
}

async fn document(State(state): State<AppState>, Path(key): Path<String>) -> Response {
    if !is_sha256(&key) {
        return Problem::not_found("a document is named by the SHA-256 of its file").into_response();
    }
    let store = Arc::clone(&state.engine.store);
    match blocking(move || store.corrected_json(&key)).await {
        Ok(Some(json)) => json_bytes(json, "application/json"),
        Ok(None) => Problem::not_found("no such document").into_response(),
        Err(e) => Problem::storage(e).into_response(),
    }
}

async fn document_source(State(state): State<AppState>, Path(key): Path<String>) -> Response {
    if !is_sha256(&key) {
        return Problem::not_found("a document is named by the SHA-256 of its file").into_response();
    }
    let store = Arc::clone(&state.engine.store);
    match blocking(move || store.source(&key)).await {
        Ok(Some(bytes)) => ([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response(),
        Ok(None) => Problem::not_found("no such document").into_response(),
        Err(e) => Problem::storage(e).into_response(),
    }
}

/// `GET /v1/documents/{key}/corrections`: the reviewers' corrections kept for a document, as
/// JSON lines of the corrections file.
async fn document_corrections(State(state): State<AppState>, Path(key): Path<String>) -> Response {
    let store = Arc::clone(&state.engine.store);
    match blocking(move || store.corrections(&key)).await {
        Ok(Some(lines)) => {
            let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
            ([(header::CONTENT_TYPE, "application/x-ndjson")], body).into_response()
        }
        Ok(None) => Problem::not_found("no such document").into_response(),
        Err(e) => Problem::storage(e).into_response(),
    }
}

#[derive(Serialize)]
struct CorrectionsKept {
    document: String,
    kept: usize,
    /// The corrections of the document not applied, as the warning `correction.not_applied`
    /// says each.
    not_applied: Vec<String>,
}

/// `POST /v1/documents/{key}/corrections`: corrections of a stored document, in the format of
/// the corrections file the review report saves (JSON lines), kept after those before and
/// applied over the document's JSON, its rows in the export tables, the comparison and the
/// export; those that do not match the document are reported.
async fn add_corrections(State(state): State<AppState>, Path(key): Path<String>, body: axum::body::Bytes) -> Response {
    let text = String::from_utf8_lossy(&body);
    let corrections = match roadmap_corrections::parse(&text) {
        Ok(c) => c,
        Err(e) => return Problem::bad_request(format!("not a corrections file: {e}")).into_response(),
    };
    if let Some(other) = corrections.iter().find(|c| c.document != key) {
        return Problem::bad_request(format!(
            "a correction of another document ({}): send each document's to its own address",
            other.document
        ))
        .into_response();
    }
    let lines: Vec<String> = text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect();
    let store = Arc::clone(&state.engine.store);
    let document = key.clone();
    match blocking(move || store.add_corrections(&document, &lines)).await {
        Ok(Some(not_applied)) => pretty(&CorrectionsKept { document: key, kept: corrections.len(), not_applied }),
        Ok(None) => Problem::not_found("no such document").into_response(),
        Err(e) => Problem::storage(e).into_response(),
    }
}

async fn delete_document(State(state): State<AppState>, Path(key): Path<String>) -> Response {
    let store = Arc::clone(&state.engine.store);
    match blocking(move || store.delete_document(&key)).await {
        Ok(true) => StatusCode::NO_CONTENT.into_response(),
        Ok(false) => Problem::not_found("no such document").into_response(),
        Err(e) => Problem::storage(e).into_response(),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareQuery {
    /// `json` (default), `csv`, `html` or `md`.
    format: Option<String>,
    year: Option<i32>,
    /// Only these documents (SHA-256, separated by commas).
    documents: Option<String>,
}

/// The stored documents of a comparison or an export.
pub async fn stored_roadmaps(state: &AppState, keys: Option<&str>) -> Result<Vec<roadmap_model::Roadmap>, Problem> {
    let keys: Option<Vec<String>> = keys.map(|k| k.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect());
    let store = Arc::clone(&state.engine.store);
    blocking(move || store.roadmaps(keys.as_deref())).await.map_err(Problem::storage)
}

/// `GET /v1/compare`: the region × milestone comparison over the stored documents.
async fn compare(State(state): State<AppState>, q: Result<Query<CompareQuery>, axum::extract::rejection::QueryRejection>) -> Response {
    let result = async {
        let q = query(q)?;
        if q.year.is_some_and(|y| !(1990..=2100).contains(&y)) {
            return Err(Problem::bad_request("year: from 1990 to 2100"));
        }
        let roadmaps = stored_roadmaps(&state, q.documents.as_deref()).await?;
        let comparison = roadmap_compare::compare(&roadmaps, roadmap_milestones::Vocabulary::builtin(), q.year);
        Ok(match q.format.as_deref().unwrap_or("json") {
            "json" => pretty(&comparison),
            "csv" => match comparison.csv() {
                Ok(csv) => ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], csv).into_response(),
                Err(e) => return Err(Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string())),
            },
            "html" => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], comparison.html(None)).into_response(),
            "md" => ([(header::CONTENT_TYPE, "text/markdown; charset=utf-8")], comparison.markdown()).into_response(),
            other => return Err(Problem::bad_request(format!("format={other}: json, csv, html or md"))),
        })
    }
    .await;
    result.unwrap_or_else(IntoResponse::into_response)
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExportQuery {
    all_renditions: Option<bool>,
}

/// `GET /v1/export/{table}.csv|parquet` and `/v1/export/schema.sql`: the tables `roadmap
/// export` writes, over the stored documents.
async fn export(
    State(state): State<AppState>,
    Path(file): Path<String>,
    q: Result<Query<ExportQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let result = async {
        let q = query(q)?;
        if file == "schema.sql" {
            return Ok(([(header::CONTENT_TYPE, "application/sql; charset=utf-8")], roadmap_export::SCHEMA_SQL).into_response());
        }
        let Some((table, format)) = file.rsplit_once('.') else {
            return Err(Problem::not_found("acts, documents or actions, as .csv or .parquet; or schema.sql"));
        };
        if !matches!(table, "acts" | "documents" | "actions") || !matches!(format, "csv" | "parquet") {
            return Err(Problem::not_found("acts, documents or actions, as .csv or .parquet; or schema.sql"));
        }
        let roadmaps = stored_roadmaps(&state, None).await?;
        let options = roadmap_export::Options { all_renditions: q.all_renditions.unwrap_or(false), every_file: false };
        let (table, format) = (table.to_string(), format.to_string());
        let made = tokio::task::spawn_blocking(move || {
            let tables = roadmap_export::tables(&roadmaps, options);
            let Some(table) = tables.all().into_iter().find(|t| t.name == table).cloned() else {
                return Err("no such table".to_string());
            };
            if format == "csv" {
                table.to_csv().map(String::into_bytes).map_err(|e| e.to_string())
            } else {
                table.to_parquet().map_err(|e| e.to_string())
            }
        })
        .await
        .map_err(|e| e.to_string())
        .and_then(|r| r);
        let bytes = made.map_err(|e| Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e))?;
        let kind = if file.ends_with(".csv") { "text/csv; charset=utf-8" } else { "application/vnd.apache.parquet" };
        let disposition = format!("attachment; filename=\"{file}\"");
        Ok(([(header::CONTENT_TYPE, kind.to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response())
    }
    .await;
    result.unwrap_or_else(IntoResponse::into_response)
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DatesQuery {
    text: Option<String>,
    year: Option<String>,
    document_date: Option<String>,
    month: Option<u32>,
    /// The day of the section heading («23.03», «23 марта»).
    day: Option<String>,
    /// The row comes before the other months of its table (`--opens-school-year`).
    opens_school_year: Option<bool>,
}

/// `GET /v1/dates`: one deadline cell normalized, as `roadmap dates` prints it.
async fn dates(q: Result<Query<DatesQuery>, axum::extract::rejection::QueryRejection>) -> Response {
    let result = (|| {
        let q = query(q)?;
        let text = q.text.ok_or_else(|| Problem::bad_request("text: the deadline cell"))?;
        let period = q.year.as_deref().map(roadmap_dates::plan_period).transpose().map_err(Problem::bad_request)?;
        let document_date = q
            .document_date
            .as_deref()
            .map(|d| chrono_date(d).ok_or_else(|| Problem::bad_request(format!("document_date={d}: YYYY-MM-DD"))))
            .transpose()?;
        if q.month.is_some_and(|m| !(1..=12).contains(&m)) {
            return Err(Problem::bad_request("month: 1 to 12"));
        }
        let day = q.day.as_deref().map(roadmap_dates::section_day).transpose().map_err(Problem::bad_request)?;
        let context =
            roadmap_dates::Context { period, document_date, month: q.month, day, opens_school_year: q.opens_school_year.unwrap_or(false) };
        Ok(pretty(&roadmap_extract::normalize_deadline(&text, &context)))
    })();
    result.unwrap_or_else(IntoResponse::into_response)
}

fn chrono_date(text: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

async fn schema() -> Response {
    pretty(&roadmap_model::json_schema())
}
