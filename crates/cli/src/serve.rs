//! `roadmap serve`: the command line's options of the service (`roadmap-serve`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use roadmap_workers::{OcrMode, TaskOptions};

use crate::isolate::WorkerLimits;

#[derive(Clone, Copy, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address to listen on. Anything but a loopback address needs --api-key-file.
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// The database: a SQLite file (created on first start), or a postgres:// URL.
    #[arg(long, default_value = "roadmap.db")]
    db: String,
    /// Worker processes reading documents (default: one per core).
    #[arg(long)]
    workers: Option<usize>,
    /// API keys, one a line; clients send one as `Authorization: Bearer KEY`.
    #[arg(long, value_name = "FILE")]
    api_key_file: Option<PathBuf>,
    /// The largest request body (one document, a form of many, a zip), in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 100)]
    max_body_mib: u64,
    /// Documents queued or being read before new ones are refused with 429.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    queue: usize,
    /// Seconds one document may take (and the most a request may ask for).
    #[arg(long, value_name = "SECONDS", default_value_t = 120.0)]
    timeout: f64,
    /// Seconds the documents being read get to finish after SIGTERM.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    grace: f64,
    /// An absolute cap, in MiB, on one decompressed package part or PDF stream.
    #[arg(long, value_name = "MIB")]
    max_part_mib: Option<u64>,
    /// Languages of the scans, as Tesseract names them.
    #[arg(long, value_name = "LANGS", default_value = crate::read::DEFAULT_OCR_LANGUAGES)]
    ocr_lang: String,
    /// Logs as text lines or JSON lines.
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
    #[command(flatten)]
    limits: WorkerLimits,
}

pub fn run(args: ServeArgs) -> u8 {
    let positive = |value: f64, name: &str| {
        if value.is_finite() && value > 0.0 {
            Ok(value)
        } else {
            Err(format!("--{name} {value}: give a number of seconds above 0"))
        }
    };
    let (timeout, grace) = match (positive(args.timeout, "timeout"), positive(args.grace, "grace")) {
        (Ok(t), Ok(g)) => (t, g),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let pool = match args.limits.pool_config(crate::ordered::workers(args.workers)) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let max_body_bytes = args.max_body_mib.max(1).saturating_mul(1024 * 1024);
    roadmap_serve::run(roadmap_serve::Config {
        bind: args.bind,
        db: args.db,
        pool,
        api_key_file: args.api_key_file,
        max_body_bytes,
        queue: args.queue.max(1),
        defaults: TaskOptions {
            timeout_secs: Some(timeout),
            max_part_bytes: args.max_part_mib.map(|m| m.saturating_mul(1024 * 1024)),
            max_file_bytes: max_body_bytes,
            ocr: OcrMode::Auto,
            ocr_lang: args.ocr_lang,
            pretty: true,
        },
        grace: Duration::from_secs_f64(grace),
        log_json: matches!(args.log_format, LogFormat::Json),
    })
}
