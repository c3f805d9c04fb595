//! Documents read in worker processes, so that a document which crashes its reader, exhausts
//! its memory or hangs fails alone.
//!
//! In: a [`Task`] (a document's bytes, its name, the extraction options and what to make: its
//! canonical JSON, its review page or a picture of a page). Out: an [`Answer`] (the canonical
//! JSON and what the batch reports about it, or the page or picture made, or the document's
//! error code), or a [`Failure`] of the worker itself (`timeout`, `memory_limit`, `internal`).
//!
//! - [`protocol`]: the frames parent and worker exchange over the worker's standard input and
//!   output (a length-prefixed JSON header, then a length-prefixed body of bytes).
//! - [`worker`]: the worker's side — its loop over tasks, and the cap it sets on its own
//!   address space when it starts ([`worker::cap_memory`], `setrlimit(RLIMIT_AS)`).
//! - [`pool`]: the parent's side — worker processes of one program (the `roadmap` binary's
//!   hidden `worker` command), started on demand, each task bounded by the parent: the worker
//!   is killed when it runs past the task's time limit or when its peak resident memory (read
//!   from `/proc`) passes the cap, a worker that dies is replaced, and every worker is replaced
//!   after a number of documents.
//!
//! The command line's `extract --isolate` and the service (`roadmap serve`) share this pool.
//! The extraction itself is the caller's: this crate knows processes, frames and limits, not
//! documents.

pub mod memory;
pub mod pool;
pub mod protocol;
pub mod worker;

pub use pool::{Failure, Pool, PoolConfig, PoolEvents};
pub use protocol::{Answer, Done, Made, Make, OcrMode, Task, TaskOptions};
