//! A cooperative time limit for the work on one document.
//!
//! The caller runs a reader (and the extractor) inside [`within`]; the readers' loops ask
//! [`expired`] now and then and give up with their `TimedOut` error. The limit lives in a
//! thread-local, so a worker thread that gives up is at once free for the next document and
//! no reader needs a parameter threaded through every function.
//!
//! ```
//! use std::time::Duration;
//! use roadmap_layout::deadline;
//! assert!(!deadline::expired());
//! let late = deadline::within(Some(Duration::ZERO), deadline::expired);
//! assert!(late);
//! assert!(!deadline::expired(), "the limit ends with `within`");
//! ```
//!
//! [`interrupt`] ends every limit at once, on every thread: the command line calls it when the
//! user presses Ctrl-C, so the documents in hand give up as they would at their time limit.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// End the work in hand on every thread: from now on [`expired`] is true everywhere and
/// [`interrupted`] says why. For the process's interruption (Ctrl-C); there is no way back.
pub fn interrupt() {
    INTERRUPTED.store(true, Ordering::Relaxed);
}

/// Whether [`interrupt`] was called.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

thread_local! {
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// Run `work` with a time limit of `limit` from now (`None`: no limit), on this thread.
/// Limits nest: an inner call never extends an outer one.
pub fn within<T>(limit: Option<Duration>, work: impl FnOnce() -> T) -> T {
    let outer = DEADLINE.get();
    let inner = limit.and_then(|l| Instant::now().checked_add(l));
    let effective = match (outer, inner) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    DEADLINE.set(effective);
    let result = work();
    DEADLINE.set(outer);
    result
}

/// Whether the limit set by [`within`] on this thread has passed, or the work was
/// [`interrupt`]ed.
pub fn expired() -> bool {
    interrupted() || DEADLINE.get().is_some_and(|d| Instant::now() >= d)
}

/// The time left before the limit set by [`within`] on this thread (`None`: no limit), for
/// work handed to other threads, which run it [`within`] that much.
pub fn remaining() -> Option<Duration> {
    DEADLINE.get().map(|d| d.saturating_duration_since(Instant::now()))
}

/// [`expired`] as an error, for `?` in loops that return `Result`.
pub fn check() -> Result<(), TimedOut> {
    if expired() {
        Err(TimedOut)
    } else {
        Ok(())
    }
}

/// The time limit of [`within`] passed before the work was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimedOut;

impl std::fmt::Display for TimedOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the document took longer than the time limit")
    }
}

impl std::error::Error for TimedOut {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_nest_and_end() {
        within(Some(Duration::from_secs(3600)), || {
            assert!(!expired());
            within(Some(Duration::ZERO), || assert!(check().is_err()));
            assert!(!expired(), "the inner limit ended");
            within(None, || assert!(!expired()));
        });
        within(Some(Duration::ZERO), || within(Some(Duration::from_secs(3600)), || assert!(expired(), "an inner call cannot extend")));
        assert!(check().is_ok());
    }
}
