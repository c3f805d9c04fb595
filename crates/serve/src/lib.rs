//! `roadmap serve`: the extraction over HTTP for pipelines, and a web app for people who do
//! not use a terminal, in the same binary.
//!
//! In: HTTP requests (documents as raw bodies, multipart forms or zip archives; queries of the
//! stored documents). Out: canonical JSON, job progress and JSON-lines results, comparisons
//! (JSON, CSV, HTML), the export tables (CSV with the schema, Parquet), deadlines, errors as
//! problem details carrying the command line's codes, and the web app's pages.
//!
//! - [`engine`]: the bounded queue of documents and the slots that read them in the worker
//!   pool of `roadmap-workers` (each document in a worker process under a memory cap and the
//!   time limit, both enforced by the parent).
//! - [`api`]: the routes of the API, [`app`]: the web app's pages (plain HTML, CSS and
//!   script embedded in the binary), [`auth`]: API keys, [`metrics`]: `/metrics`,
//!   [`problem`]: errors as `application/problem+json`.
//! - Storage is `roadmap-store` (SQLite by default, PostgreSQL with a `postgres://` URL).
//!
//! Nothing here runs unless `roadmap serve` does: the command line's other commands never
//! start the runtime.

pub mod api;
pub mod app;
pub mod auth;
pub mod engine;
pub mod metrics;
pub mod problem;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use roadmap_store::Store;
use roadmap_workers::{Pool, PoolConfig, TaskOptions};

use crate::engine::Engine;

/// How the service runs.
#[derive(Debug, Clone)]
pub struct Config {
    pub bind: SocketAddr,
    /// A SQLite file, or a `postgres://` URL.
    pub db: String,
    /// The worker processes (their number is `pool.size`).
    pub pool: PoolConfig,
    /// API keys, one a line; required when `bind` is not a loopback address.
    pub api_key_file: Option<PathBuf>,
    /// The largest request body (a document, a multipart form, a zip of documents).
    pub max_body_bytes: u64,
    /// Documents queued or being read before the service answers 429.
    pub queue: usize,
    /// The extraction options a request does not give; `timeout_secs` is also the longest a
    /// request may ask for.
    pub defaults: TaskOptions,
    /// Time the documents being read get to finish after SIGTERM.
    pub grace: Duration,
    /// Logs as JSON lines rather than text.
    pub log_json: bool,
}

/// What the handlers share.
#[derive(Clone)]
pub struct AppState {
    pub engine: Arc<Engine>,
    pub config: Arc<Config>,
    pub keys: Option<Arc<auth::Keys>>,
}

fn init_logs(json: bool) {
    let builder = tracing_subscriber::fmt().with_writer(std::io::stderr).with_target(false);
    let _ = if json { builder.json().flatten_event(true).try_init() } else { builder.with_ansi(false).try_init() };
}

/// Run the service until SIGTERM or SIGINT; the exit code (2: it could not start).
pub fn run(config: Config) -> u8 {
    init_logs(config.log_json);
    let keys = match &config.api_key_file {
        Some(path) => match auth::Keys::load(path) {
            Ok(keys) => Some(Arc::new(keys)),
            Err(e) => {
                tracing::error!("{e}");
                return 2;
            }
        },
        None if !config.bind.ip().is_loopback() => {
            tracing::error!("bound to {}, which is not a loopback address: give --api-key-file", config.bind);
            return 2;
        }
        None => None,
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            tracing::error!("cannot start the runtime: {e}");
            return 2;
        }
    };
    runtime.block_on(serve(config, keys))
}

async fn serve(config: Config, keys: Option<Arc<auth::Keys>>) -> u8 {
    // PostgreSQL's client blocks on a runtime of its own: never on the service's threads
    let db = config.db.clone();
    let store = match engine::blocking(move || Store::open(&db)).await {
        Ok(s) => Arc::new(s),
        Err(e) => {
            tracing::error!("cannot open the database: {e}");
            return 2;
        }
    };
    let pool = Arc::new(Pool::new(config.pool.clone()));
    let warm = Arc::clone(&pool);
    if let Ok(Err(e)) = tokio::task::spawn_blocking(move || warm.warm(warm.config().size)).await {
        tracing::error!("cannot start the workers: {e}");
        return 2;
    }
    let metrics = Arc::new(metrics::Metrics::new());
    let engine = Engine::new(Arc::clone(&store), Arc::clone(&pool), metrics, config.queue);
    let resumed = match api::resume_jobs(&engine).await {
        Ok(n) => n,
        Err(e) => {
            tracing::error!("cannot read the unfinished jobs: {e}");
            return 2;
        }
    };
    engine.start();
    let listener = match tokio::net::TcpListener::bind(config.bind).await {
        Ok(l) => l,
        Err(e) => {
            tracing::error!("cannot listen on {}: {e}", config.bind);
            return 2;
        }
    };
    let address = listener.local_addr().map_or_else(|_| config.bind.to_string(), |a| a.to_string());
    tracing::info!(database = store.kind(), workers = pool.config().size, queue = config.queue, resumed, "listening on http://{address}");
    let grace = config.grace;
    let state = AppState { engine: Arc::clone(&engine), config: Arc::new(config), keys };
    let router = api::router(state);
    let stopping = Arc::clone(&engine);
    let server = axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).with_graceful_shutdown(async move {
        shutdown_signal().await;
        tracing::info!(grace_seconds = grace.as_secs_f64(), "stopping: no new documents; those being read get the grace period");
        stopping.drain();
        let settling = Arc::clone(&stopping);
        tokio::spawn(async move {
            if !settling.settle(grace).await {
                tracing::warn!("the grace period is over: the documents still being read are stopped");
            }
            settling.pool.stop();
        });
    });
    let served = tokio::spawn(async move { server.await });
    // the server ends when its connections do; it gets the grace and a little more
    let result = served.await;
    engine.pool.stop();
    match result {
        Ok(Ok(())) => {
            tracing::info!("stopped");
            0
        }
        Ok(Err(e)) => {
            tracing::error!("the server failed: {e}");
            1
        }
        Err(e) => {
            tracing::error!("the server failed: {e}");
            1
        }
    }
}

async fn shutdown_signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = terminate => {}
    }
}
