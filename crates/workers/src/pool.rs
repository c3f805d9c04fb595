//! The parent's side: worker processes started on demand, each task bounded by the parent.
//!
//! A task goes to an idle worker (or a new one): its frame is written by the worker's writer
//! thread, so a worker that stops reading never blocks the caller, and its answer is read by
//! the worker's reader thread. While it waits, the caller looks at the worker every few
//! milliseconds: past the task's time limit (plus a grace, in which the worker's own check
//! usually answers `timeout` first) or past the memory cap (its peak resident size in
//! `/proc`, looked at again when it answers), the worker is killed and the task fails with
//! `timeout` or `memory_limit`. A worker that dies fails its task with `internal` (or
//! `memory_limit`, when it died of an allocation its own address-space cap refused). A new
//! worker takes the place of one that failed at once; a worker that has served
//! `recycle_after` tasks is replaced.
//! The caller's thread blocks: the command line calls [`Pool::run`] from its worker threads,
//! the service from blocking tasks.

use std::collections::{HashSet, VecDeque};
use std::ffi::OsString;
use std::io::{BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::memory::{peak_resident_bytes, resident_bytes};
use crate::protocol::{answer_of, read_frame, task_frame, Answer, FrameError, OutgoingFrame, RawFrame, Task};

/// How often a waiting caller looks at its worker's time and memory.
const LOOK_EVERY: Duration = Duration::from_millis(10);
/// The end of a worker's standard error kept to tell why it died.
const STDERR_TAIL: usize = 4096;
/// What the Rust runtime prints when an allocation fails (the address-space cap).
const ALLOCATION_FAILED: &str = "memory allocation of";

/// How the pool starts and bounds its workers.
#[derive(Debug, Clone)]
pub struct PoolConfig {
    /// The worker program and its arguments (the `roadmap` binary and `worker …`).
    pub program: PathBuf,
    pub args: Vec<OsString>,
    /// The most idle workers kept: the callers' concurrency.
    pub size: usize,
    /// Resident memory past which a worker is killed.
    pub memory_cap: Option<u64>,
    /// Tasks a worker serves before it is replaced (0: never replaced for its age).
    pub recycle_after: u32,
    /// Time past a task's own limit before the worker is killed.
    pub kill_grace: Duration,
}

/// What happened to the pool's workers, for the service's metrics.
#[derive(Debug, Default)]
pub struct PoolEvents {
    /// Workers started.
    pub started: AtomicU64,
    /// Replaced after `recycle_after` tasks.
    pub recycled: AtomicU64,
    /// Died while reading a document (or while idle).
    pub crashed: AtomicU64,
    /// Killed past a task's time limit.
    pub timed_out: AtomicU64,
    /// Killed past the memory cap, or stopped by their own.
    pub over_memory: AtomicU64,
}

/// Why a task got no answer from its worker.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("the document took longer than the time limit of {0} s; its worker was stopped")]
    TimedOut(f64),
    #[error("the document needed more than the {} MiB of memory a worker may use; its worker was stopped", .0 / (1024 * 1024))]
    OverMemory(u64),
    #[error("the worker reading the document stopped ({status})")]
    Crashed {
        status: String,
        /// The end of what the worker wrote to its standard error (for the log, not the client).
        stderr: String,
    },
    #[error("cannot start a worker: {0}")]
    Spawn(std::io::Error),
    #[error("the service is shutting down; the document was not read")]
    Stopped,
}

impl Failure {
    /// The error code of the document (as in `_errors.jsonl`).
    pub fn code(&self) -> roadmap_codes::Code {
        match self {
            Failure::TimedOut(_) => roadmap_codes::TIMEOUT,
            Failure::OverMemory(_) => roadmap_codes::MEMORY_LIMIT,
            Failure::Crashed { .. } | Failure::Spawn(_) => roadmap_codes::INTERNAL,
            Failure::Stopped => roadmap_codes::SHUTTING_DOWN,
        }
    }
}

type Frame = Result<RawFrame, FrameError>;

/// One worker process and the threads that talk to it.
struct Worker {
    child: Child,
    pid: u32,
    /// Frames for the writer thread; dropping it closes the worker's input, which ends it.
    frames: Option<mpsc::Sender<OutgoingFrame>>,
    answers: mpsc::Receiver<Frame>,
    stderr: Arc<Mutex<VecDeque<u8>>>,
    served: u32,
}

impl Worker {
    fn start(config: &PoolConfig) -> std::io::Result<Worker> {
        let mut child =
            Command::new(&config.program).args(&config.args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?;
        let pid = child.id();
        let (Some(mut input), Some(output), Some(mut errors)) = (child.stdin.take(), child.stdout.take(), child.stderr.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(std::io::Error::other("the worker's pipes were not opened"));
        };
        let (frames, to_write) = mpsc::channel::<OutgoingFrame>();
        std::thread::spawn(move || {
            for frame in to_write {
                if frame.write_to(&mut input).is_err() {
                    break;
                }
            }
        });
        let (answered, answers) = mpsc::channel();
        std::thread::spawn(move || {
            let mut output = BufReader::new(output);
            loop {
                let frame = match read_frame(&mut output) {
                    Ok(Some(frame)) => Ok(frame),
                    Ok(None) => break,
                    Err(e) => Err(e),
                };
                let failed = frame.is_err();
                if answered.send(frame).is_err() || failed {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(VecDeque::with_capacity(STDERR_TAIL)));
        let tail = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 1024];
            while let Ok(n @ 1..) = errors.read(&mut buffer) {
                let mut tail = tail.lock().unwrap_or_else(PoisonError::into_inner);
                tail.extend(&buffer[..n]);
                let excess = tail.len().saturating_sub(STDERR_TAIL);
                tail.drain(..excess);
            }
        });
        Ok(Worker { child, pid, frames: Some(frames), answers, stderr, served: 0 })
    }

    fn stderr_tail(&self) -> String {
        let tail = self.stderr.lock().unwrap_or_else(PoisonError::into_inner);
        String::from_utf8_lossy(&tail.iter().copied().collect::<Vec<u8>>()).into_owned()
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Why the worker stopped, once its output has ended.
    fn death(&mut self) -> Failure {
        // a worker whose output broke but which still runs is stopped; its standard error ends
        // with it: give the reader of it a moment to catch up
        let started = Instant::now();
        while matches!(self.child.try_wait(), Ok(None)) && started.elapsed() < Duration::from_secs(1) {
            std::thread::sleep(Duration::from_millis(5));
        }
        let _ = self.child.kill();
        let status = self.child.wait().map_or_else(|e| e.to_string(), |s| s.to_string());
        std::thread::sleep(Duration::from_millis(20));
        let stderr = self.stderr_tail();
        if stderr.contains(ALLOCATION_FAILED) {
            Failure::OverMemory(0)
        } else {
            Failure::Crashed { status, stderr }
        }
    }

    /// Let the worker end on its own (its input closed), and reap it on a thread of its own.
    fn retire(mut self) {
        self.frames = None;
        std::thread::spawn(move || {
            let started = Instant::now();
            while started.elapsed() < Duration::from_secs(5) {
                if !matches!(self.child.try_wait(), Ok(None)) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            self.kill();
        });
    }
}

/// Worker processes of one program.
pub struct Pool {
    config: PoolConfig,
    idle: Mutex<Vec<Worker>>,
    live: Mutex<HashSet<u32>>,
    events: PoolEvents,
    /// Set by [`Pool::stop`]: waiting callers kill their workers.
    stopping: AtomicBool,
}

impl Pool {
    pub fn new(config: PoolConfig) -> Pool {
        Pool {
            config,
            idle: Mutex::new(Vec::new()),
            live: Mutex::new(HashSet::new()),
            events: PoolEvents::default(),
            stopping: AtomicBool::new(false),
        }
    }

    pub fn config(&self) -> &PoolConfig {
        &self.config
    }

    pub fn events(&self) -> &PoolEvents {
        &self.events
    }

    /// The process ids of the workers alive now.
    pub fn pids(&self) -> Vec<u32> {
        self.live.lock().unwrap_or_else(PoisonError::into_inner).iter().copied().collect()
    }

    /// The resident memory of all workers alive now, in bytes.
    pub fn resident_bytes(&self) -> u64 {
        self.pids().into_iter().filter_map(resident_bytes).sum()
    }

    /// Start workers until `count` are idle, so the first documents do not wait for them.
    pub fn warm(&self, count: usize) -> Result<(), Failure> {
        let mut started = Vec::new();
        while self.idle.lock().unwrap_or_else(PoisonError::into_inner).len() + started.len() < count.min(self.config.size) {
            started.push(self.start()?);
        }
        self.idle.lock().unwrap_or_else(PoisonError::into_inner).extend(started);
        Ok(())
    }

    fn start(&self) -> Result<Worker, Failure> {
        let worker = Worker::start(&self.config).map_err(Failure::Spawn)?;
        self.events.started.fetch_add(1, Ordering::Relaxed);
        self.live.lock().unwrap_or_else(PoisonError::into_inner).insert(worker.pid);
        Ok(worker)
    }

    fn forget(&self, worker: &Worker) {
        self.live.lock().unwrap_or_else(PoisonError::into_inner).remove(&worker.pid);
    }

    /// An idle worker that is still alive, or a new one.
    fn checkout(&self) -> Result<Worker, Failure> {
        loop {
            if self.stopping.load(Ordering::Relaxed) {
                return Err(Failure::Stopped);
            }
            let idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner).pop();
            let Some(mut worker) = idle else { return self.start() };
            if matches!(worker.child.try_wait(), Ok(None)) {
                return Ok(worker);
            }
            // it died while idle (killed from outside): replace it
            self.events.crashed.fetch_add(1, Ordering::Relaxed);
            self.forget(&worker);
            worker.kill();
        }
    }

    /// Start a worker in place of one that failed, so the pool keeps its size.
    fn replace(&self) {
        if self.stopping.load(Ordering::Relaxed) {
            return;
        }
        if let Ok(fresh) = self.start() {
            self.give_back_idle(fresh);
        }
    }

    /// Keep an idle worker, or let it go when the pool has enough.
    fn give_back_idle(&self, worker: Worker) {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < self.config.size {
            idle.push(worker);
        } else {
            drop(idle);
            self.forget(&worker);
            worker.retire();
        }
    }

    fn give_back(&self, mut worker: Worker) {
        worker.served += 1;
        if self.config.recycle_after > 0 && worker.served >= self.config.recycle_after {
            self.events.recycled.fetch_add(1, Ordering::Relaxed);
            self.forget(&worker);
            worker.retire();
        } else {
            self.give_back_idle(worker);
        }
    }

    /// Read one document in a worker. Blocks until the worker answers, or is killed for its
    /// time or memory, or dies.
    pub fn run(&self, task: &Task) -> Result<Answer, Failure> {
        let frame = task_frame(task).map_err(|e| Failure::Spawn(std::io::Error::other(e.to_string())))?;
        let mut worker = self.checkout()?;
        let sent = worker.frames.as_ref().is_some_and(|frames| frames.send(frame).is_ok());
        let limit = task.options.timeout_secs.filter(|s| s.is_finite() && *s > 0.0);
        let kill_at = limit.map(|s| Instant::now() + Duration::from_secs_f64(s) + self.config.kill_grace);
        let outcome = if sent { self.wait(&mut worker, kill_at, limit) } else { Err(worker.death()) };
        match outcome {
            Ok(answer) => {
                self.give_back(worker);
                Ok(answer)
            }
            Err(failure) => {
                self.forget(&worker);
                worker.kill();
                self.replace();
                let counter = match failure {
                    Failure::TimedOut(_) => Some(&self.events.timed_out),
                    Failure::OverMemory(_) => Some(&self.events.over_memory),
                    Failure::Crashed { .. } => Some(&self.events.crashed),
                    Failure::Spawn(_) | Failure::Stopped => None,
                };
                if let Some(counter) = counter {
                    counter.fetch_add(1, Ordering::Relaxed);
                }
                Err(match failure {
                    Failure::OverMemory(_) => Failure::OverMemory(self.config.memory_cap.unwrap_or(0)),
                    other => other,
                })
            }
        }
    }

    fn wait(&self, worker: &mut Worker, kill_at: Option<Instant>, limit: Option<f64>) -> Result<Answer, Failure> {
        loop {
            match worker.answers.recv_timeout(LOOK_EVERY) {
                Ok(Ok((header, body))) => {
                    // a worker that went past the cap between two looks fails as one caught at it
                    if let Some(cap) = self.past_the_cap(worker.pid) {
                        return Err(Failure::OverMemory(cap));
                    }
                    return answer_of(&header, body).map_err(|e| Failure::Crashed { status: e.to_string(), stderr: worker.stderr_tail() });
                }
                Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => return Err(worker.death()),
                Err(RecvTimeoutError::Timeout) => {}
            }
            if self.stopping.load(Ordering::Relaxed) {
                return Err(Failure::Stopped);
            }
            if kill_at.is_some_and(|at| Instant::now() >= at) {
                return Err(Failure::TimedOut(limit.unwrap_or(0.0)));
            }
            if let Some(cap) = self.past_the_cap(worker.pid) {
                return Err(Failure::OverMemory(cap));
            }
        }
    }

    /// The memory cap, when worker `pid` has gone past it: its peak resident memory counts, so
    /// whether a document fails does not depend on when the worker was looked at. (A worker
    /// past the cap is replaced, so its peak is always its current task's.)
    fn past_the_cap(&self, pid: u32) -> Option<u64> {
        let cap = self.config.memory_cap?;
        peak_resident_bytes(pid).is_some_and(|peak| peak > cap).then_some(cap)
    }

    /// Stop every worker: idle ones now, busy ones at their callers' next look, which then
    /// fail with [`Failure::Stopped`] (the service's shutdown, past its grace).
    pub fn stop(&self) {
        self.stopping.store(true, Ordering::Relaxed);
        self.close();
    }

    /// Stop every idle worker.
    pub fn close(&self) {
        let idle = std::mem::take(&mut *self.idle.lock().unwrap_or_else(PoisonError::into_inner));
        for worker in idle {
            self.forget(&worker);
            worker.retire();
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.close();
    }
}
