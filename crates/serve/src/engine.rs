//! The bounded queue of documents and the slots that read them in the worker pool.
//!
//! A document is admitted into the queue or refused at once: 429 (with the time the queue
//! needs to make room) when it is full, 503 while the service shuts down. A job's files are
//! stored (with their bytes) before they are admitted, and the queue holds only their keys,
//! so memory does not grow with the queue; at start the files of unfinished jobs are queued
//! again. As many slots as workers take documents in order, each running one in the pool on a
//! blocking thread; a slot stores what its document gave and records the job file's outcome.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use roadmap_model::Roadmap;
use roadmap_store::{FileOutcome, Store};
use roadmap_workers::{Answer, Failure, Made, Make, Pool, Task, TaskOptions};
use tokio::sync::{mpsc, oneshot, Notify};

use crate::metrics::Metrics;
use crate::problem::Problem;

/// What became of a document.
#[derive(Debug)]
pub enum Outcome {
    /// Read: its canonical JSON (indented, as `roadmap extract FILE` prints it less the final
    /// line end).
    Done { json: Vec<u8> },
    /// Not read: its code and message.
    Failed { code: String, message: String },
    /// The service stopped before the document was read.
    Stopped,
}

/// The answer to a client whose document was not taken or finished because the service stops.
fn stopped() -> Problem {
    Problem::new(StatusCode::SERVICE_UNAVAILABLE, "shutting_down", "the service is shutting down").retry_after(5)
}

/// A stored job's file to read: its place in the job, its name and its SHA-256.
pub type QueuedFile = (u32, String, String);

/// A document in the queue.
enum Work {
    /// One document whose client waits for it.
    Extract { task: Box<Task>, keep: bool, reply: oneshot::Sender<Outcome> },
    /// A page or a picture of a stored document, for its client.
    Make { task: Box<Task>, reply: oneshot::Sender<Result<Made, Problem>> },
    /// A file of a stored job.
    JobFile { job_id: String, seq: u32, name: String, sha256: String, options: TaskOptions },
}

pub struct Engine {
    pub store: Arc<Store>,
    pub pool: Arc<Pool>,
    pub metrics: Arc<Metrics>,
    sender: mpsc::UnboundedSender<Work>,
    receiver: tokio::sync::Mutex<mpsc::UnboundedReceiver<Work>>,
    /// Documents admitted and not yet finished (queued or being read).
    pending: AtomicUsize,
    running: AtomicUsize,
    capacity: usize,
    slots: usize,
    draining: AtomicBool,
    /// Woken when a document is finished (jobs' result streams wait on it).
    pub progress: Notify,
    cancelled: Mutex<HashSet<String>>,
    /// Seconds and documents read, for the time the queue needs.
    read_micros: AtomicU64,
    read_count: AtomicU64,
}

impl Engine {
    pub fn new(store: Arc<Store>, pool: Arc<Pool>, metrics: Arc<Metrics>, capacity: usize) -> Arc<Engine> {
        let (sender, receiver) = mpsc::unbounded_channel();
        let slots = pool.config().size;
        Arc::new(Engine {
            store,
            pool,
            metrics,
            sender,
            receiver: tokio::sync::Mutex::new(receiver),
            pending: AtomicUsize::new(0),
            running: AtomicUsize::new(0),
            capacity,
            slots,
            draining: AtomicBool::new(false),
            progress: Notify::new(),
            cancelled: Mutex::new(HashSet::new()),
            read_micros: AtomicU64::new(0),
            read_count: AtomicU64::new(0),
        })
    }

    /// Documents queued or being read.
    pub fn depth(&self) -> usize {
        self.pending.load(Ordering::Relaxed)
    }

    pub fn running(&self) -> usize {
        self.running.load(Ordering::Relaxed)
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::Relaxed)
    }

    /// Stop taking documents: what is queued stays queued (jobs resume after a restart).
    pub fn drain(&self) {
        self.draining.store(true, Ordering::Relaxed);
        self.progress.notify_waiters();
    }

    /// Seconds until the queue has read what it holds now, as it has been reading.
    fn seconds_to_empty(&self) -> u64 {
        let count = self.read_count.load(Ordering::Relaxed).max(1);
        let mean = self.read_micros.load(Ordering::Relaxed) as f64 / count as f64 / 1e6;
        let mean = if mean > 0.0 { mean } else { 0.1 };
        ((self.depth() as f64 * mean / self.slots.max(1) as f64).ceil() as u64).clamp(1, 300)
    }

    /// Take `count` documents into the queue, or say why not.
    fn admit(&self, count: usize) -> Result<(), Problem> {
        if self.is_draining() {
            return Err(stopped());
        }
        if count > self.capacity {
            return Err(Problem::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_many_files",
                format!("{count} documents are more than the queue holds ({}); send them in smaller jobs", self.capacity),
            ));
        }
        self.pending
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |pending| (pending + count <= self.capacity).then_some(pending + count))
            .map(|_| ())
            .map_err(|pending| {
                Problem::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "queue_full",
                    format!("the queue holds {pending} of {} documents; try again later", self.capacity),
                )
                .retry_after(self.seconds_to_empty())
            })
    }

    /// Read one document; `keep` stores it. Waits for its turn and its reading.
    pub async fn extract(&self, task: Task, keep: bool) -> Result<Outcome, Problem> {
        self.admit(1)?;
        let (reply, answer) = oneshot::channel();
        if self.sender.send(Work::Extract { task: Box::new(task), keep, reply }).is_err() {
            self.pending.fetch_sub(1, Ordering::AcqRel);
            return Err(stopped());
        }
        Ok(answer.await.unwrap_or(Outcome::Stopped))
    }

    /// Make a page or a picture of a document in a worker (`task.make`), in its turn in the
    /// queue as a document to read.
    pub async fn make(&self, task: Task) -> Result<Made, Problem> {
        self.admit(1)?;
        let (reply, answer) = oneshot::channel();
        if self.sender.send(Work::Make { task: Box::new(task), reply }).is_err() {
            self.pending.fetch_sub(1, Ordering::AcqRel);
            return Err(stopped());
        }
        answer.await.unwrap_or_else(|_| Err(stopped()))
    }

    /// Queue the files of a job just stored.
    pub fn admit_job(&self, count: usize) -> Result<(), Problem> {
        self.admit(count)
    }

    /// Queue a stored job's files, admitted before (or found unfinished at start).
    pub fn queue_job_files(&self, job_id: &str, files: impl IntoIterator<Item = QueuedFile>, options: &TaskOptions, admitted: bool) {
        for (seq, name, sha256) in files {
            if !admitted {
                self.pending.fetch_add(1, Ordering::AcqRel);
            }
            let work = Work::JobFile { job_id: job_id.to_string(), seq, name, sha256, options: options.clone() };
            if self.sender.send(work).is_err() {
                self.pending.fetch_sub(1, Ordering::AcqRel);
            }
        }
    }

    /// Give back admissions not used (a job that could not be stored).
    pub fn release(&self, count: usize) {
        self.pending.fetch_sub(count, Ordering::AcqRel);
    }

    pub fn cancel(&self, job_id: &str) {
        self.cancelled.lock().unwrap_or_else(PoisonError::into_inner).insert(job_id.to_string());
        self.progress.notify_waiters();
    }

    fn is_cancelled(&self, job_id: &str) -> bool {
        self.cancelled.lock().unwrap_or_else(PoisonError::into_inner).contains(job_id)
    }

    /// Start the slots that read the queue.
    pub fn start(self: &Arc<Self>) {
        for _ in 0..self.slots.max(1) {
            tokio::spawn(Arc::clone(self).slot());
        }
    }

    async fn slot(self: Arc<Self>) {
        loop {
            let work = self.receiver.lock().await.recv().await;
            let Some(work) = work else { return };
            if self.is_draining() {
                // left for the restart: a job's file stays queued in the store
                match work {
                    Work::Extract { reply, .. } => {
                        let _ = reply.send(Outcome::Stopped);
                    }
                    Work::Make { reply, .. } => {
                        let _ = reply.send(Err(stopped()));
                    }
                    Work::JobFile { .. } => {}
                }
                self.pending.fetch_sub(1, Ordering::AcqRel);
                continue;
            }
            self.running.fetch_add(1, Ordering::AcqRel);
            match work {
                Work::Extract { task, keep, reply } => {
                    let outcome = self.read(*task, keep, None).await;
                    let _ = reply.send(outcome);
                }
                Work::Make { task, reply } => {
                    let _ = reply.send(self.run_make(*task).await);
                }
                Work::JobFile { job_id, seq, name, sha256, options } => self.read_job_file(job_id, seq, name, sha256, options).await,
            }
            self.running.fetch_sub(1, Ordering::AcqRel);
            self.pending.fetch_sub(1, Ordering::AcqRel);
            self.progress.notify_waiters();
        }
    }

    async fn run_make(&self, task: Task) -> Result<Made, Problem> {
        let pool = Arc::clone(&self.pool);
        match tokio::task::spawn_blocking(move || pool.run(&task)).await {
            Ok(Ok(Answer::Made(made))) => Ok(made),
            Ok(Ok(Answer::Failed { code, message })) => Err(Problem::document(&code, message)),
            Ok(Ok(Answer::Done(_))) => {
                Err(Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "the worker read the document instead"))
            }
            Ok(Err(Failure::Stopped)) => Err(stopped()),
            Ok(Err(failure)) => Err(Problem::document(failure.code().as_str(), failure.to_string())),
            Err(e) => {
                tracing::error!(error = %e, "a making task failed");
                Err(Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "the task failed"))
            }
        }
    }

    async fn read_job_file(&self, job_id: String, seq: u32, name: String, sha256: String, options: TaskOptions) {
        if self.is_cancelled(&job_id) {
            return;
        }
        let store = Arc::clone(&self.store);
        let key = sha256.clone();
        let bytes = match blocking(move || store.source(&key)).await {
            Ok(Some(bytes)) => bytes,
            Ok(None) => {
                return self
                    .finish_file(
                        &job_id,
                        seq,
                        Outcome::Failed { code: "io".into(), message: "the document's bytes are not in the store".into() },
                        &sha256,
                    )
                    .await
            }
            Err(e) => {
                tracing::error!(job = %job_id, seq, error = %e, "cannot load a job's file");
                return;
            }
        };
        let task = Task { path: name.clone(), shown: name, options, make: Make::Canonical, bytes: bytes.into() };
        let outcome = self.read(task, true, Some(&sha256)).await;
        if !matches!(outcome, Outcome::Stopped) {
            self.finish_file(&job_id, seq, outcome, &sha256).await;
        }
    }

    async fn finish_file(&self, job_id: &str, seq: u32, outcome: Outcome, sha256: &str) {
        let store = Arc::clone(&self.store);
        let (job, key) = (job_id.to_string(), sha256.to_string());
        let recorded = blocking(move || {
            let outcome = match &outcome {
                Outcome::Done { .. } => FileOutcome::Done { document_key: &key },
                Outcome::Failed { code, message } => FileOutcome::Failed { code, message },
                Outcome::Stopped => return Ok(()),
            };
            store.finish_file(&job, seq, &outcome)
        })
        .await;
        if let Err(e) = recorded {
            tracing::error!(job = %job_id, seq, error = %e, "cannot record a job file's outcome");
        }
    }

    /// Read a document in the pool and, when `keep`, store it (and its bytes unless they are
    /// stored already, `stored_source`).
    async fn read(&self, task: Task, keep: bool, stored_source: Option<&str>) -> Outcome {
        let pool = Arc::clone(&self.pool);
        let name = task.shown.clone();
        let claimed = format_of_name(&name);
        let started = Instant::now();
        let (answer, task) = match tokio::task::spawn_blocking(move || (pool.run(&task), task)).await {
            Ok(done) => done,
            Err(e) => {
                tracing::error!(error = %e, "a reading task failed");
                return Outcome::Failed { code: "internal".into(), message: "the reading task failed".into() };
            }
        };
        self.read_micros.fetch_add(started.elapsed().as_micros() as u64, Ordering::Relaxed);
        self.read_count.fetch_add(1, Ordering::Relaxed);
        let outcome = match answer {
            Ok(Answer::Done(done)) => {
                self.metrics.document(&done.format, "ok");
                Outcome::Done { json: done.json }
            }
            Ok(Answer::Failed { code, message }) => Outcome::Failed { code, message },
            Ok(Answer::Made(_)) => Outcome::Failed { code: "internal".into(), message: "the worker made a page instead".into() },
            Err(Failure::Stopped) => return Outcome::Stopped,
            Err(failure) => {
                if let Failure::Crashed { status, stderr } = &failure {
                    tracing::warn!(document = %name, %status, stderr = %stderr.trim(), "a worker stopped while reading a document");
                } else {
                    tracing::warn!(document = %name, code = %failure.code(), "a worker was stopped");
                }
                Outcome::Failed { code: failure.code().to_string(), message: failure.to_string() }
            }
        };
        match outcome {
            // kept: the JSON read into a roadmap (for its rows) on a blocking thread, and given back
            Outcome::Done { json } if keep => {
                let store = Arc::clone(&self.store);
                let source = if stored_source.is_none() { Some(task.bytes) } else { None };
                let kept = blocking(move || {
                    let roadmap: Roadmap = serde_json::from_slice(&json)?;
                    if let Some(bytes) = source {
                        store.put_source(&roadmap.source.sha256, &bytes)?;
                    }
                    store.put_document(&name, &json, &roadmap)?;
                    Ok(json)
                })
                .await;
                match kept {
                    Ok(json) => Outcome::Done { json },
                    Err(e) => {
                        tracing::error!(error = %e, "cannot store a document");
                        Outcome::Failed { code: "storage".into(), message: "the document was read but could not be stored".into() }
                    }
                }
            }
            Outcome::Failed { code, message } => {
                self.metrics.document(claimed, &code);
                Outcome::Failed { code, message }
            }
            outcome => outcome,
        }
    }

    /// Wait until nothing is being read, for at most `grace`.
    pub async fn settle(&self, grace: Duration) -> bool {
        let until = Instant::now() + grace;
        while self.running() > 0 {
            if Instant::now() >= until {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        true
    }
}

/// The format a file's name claims, for the metrics of documents that were not read.
fn format_of_name(name: &str) -> &'static str {
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "docx" | "docm" => "docx",
        "doc" | "dot" => "doc",
        "rtf" => "rtf",
        "odt" | "ott" | "fodt" => "odt",
        "pdf" => "pdf",
        "xlsx" | "xlsm" => "xlsx",
        "xls" => "xls",
        "ods" => "ods",
        _ => "unknown",
    }
}

/// Run blocking storage work off the async threads.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, roadmap_store::StoreError> + Send + 'static,
) -> Result<T, roadmap_store::StoreError> {
    tokio::task::spawn_blocking(work).await.unwrap_or_else(|e| Err(roadmap_store::StoreError::Io(std::io::Error::other(e.to_string()))))
}
