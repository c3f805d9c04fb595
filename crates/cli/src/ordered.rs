//! Many inputs worked on in parallel, their results handed on in input order.
//!
//! In: the number of inputs, the number of workers, the work for one input (by index) and a
//! consumer. Out: the consumer called once per input, in input order, on the calling thread.
//! Workers never run more than a window of a few results per worker ahead of the first result
//! not yet consumed, so memory stays flat however many inputs there are; the consumer stops
//! the run by returning [`ControlFlow::Break`]; after an interruption
//! ([`roadmap_layout::deadline::interrupt`]) workers take no new input.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Duration;

/// Hands out indices to the workers, never more than `size` ahead of the first result not
/// yet consumed, so results wait in a window of bounded size.
struct Window {
    next: AtomicUsize,
    consumed: Mutex<usize>,
    moved: Condvar,
    size: usize,
    stop: AtomicBool,
}

impl Window {
    /// The next index to work on, once it is inside the window; `None` when the work is done.
    fn take(&self, len: usize) -> Option<usize> {
        let index = self.next.fetch_add(1, Ordering::Relaxed);
        if index >= len {
            return None;
        }
        let stopped = || self.stop.load(Ordering::Relaxed) || roadmap_layout::deadline::interrupted();
        let mut consumed = self.consumed.lock().unwrap_or_else(PoisonError::into_inner);
        while index >= *consumed + self.size && !stopped() {
            // an interruption comes from another thread, which does not know this window
            consumed = self.moved.wait_timeout(consumed, Duration::from_millis(200)).unwrap_or_else(PoisonError::into_inner).0;
        }
        (!stopped()).then_some(index)
    }

    fn advance(&self, consumed: usize) {
        *self.consumed.lock().unwrap_or_else(PoisonError::into_inner) = consumed;
        self.moved.notify_all();
    }

    fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
        self.moved.notify_all();
    }
}

/// The number of workers for `jobs` (`None` or 0: one per core).
pub fn workers(jobs: Option<usize>) -> usize {
    jobs.filter(|&j| j > 0).unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
}

/// Run `work` on the indices `0..len` on `jobs` threads and give each result to `consume` in
/// index order. `work` must not panic (catch what a reader may throw inside it).
pub fn run<R: Send>(len: usize, jobs: usize, work: impl Fn(usize) -> R + Sync, mut consume: impl FnMut(usize, R) -> ControlFlow<()>) {
    let jobs = jobs.max(1);
    let window = Window {
        next: AtomicUsize::new(0),
        consumed: Mutex::new(0),
        moved: Condvar::new(),
        size: 4 * jobs + 4,
        stop: AtomicBool::new(false),
    };
    std::thread::scope(|scope| {
        let (to_consumer, results) = std::sync::mpsc::channel::<(usize, R)>();
        for _ in 0..jobs.min(len) {
            let to_consumer = to_consumer.clone();
            let (window, work) = (&window, &work);
            scope.spawn(move || {
                while let Some(index) = window.take(len) {
                    if to_consumer.send((index, work(index))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(to_consumer);
        let mut pending = BTreeMap::new();
        let mut consumed = 0;
        'results: for (index, result) in results {
            pending.insert(index, result);
            while let Some(result) = pending.remove(&consumed) {
                let flow = consume(consumed, result);
                consumed += 1;
                if flow.is_break() {
                    break 'results;
                }
            }
            window.advance(consumed);
        }
        window.stop();
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order_and_a_break_stops_the_work() {
        let mut seen = Vec::new();
        run(
            200,
            3,
            |i| i * 2,
            |i, r| {
                seen.push((i, r));
                ControlFlow::Continue(())
            },
        );
        assert_eq!(seen, (0..200).map(|i| (i, i * 2)).collect::<Vec<_>>());
        let started = AtomicUsize::new(0);
        let mut consumed = 0;
        run(
            10_000,
            2,
            |i| {
                started.fetch_add(1, Ordering::Relaxed);
                i
            },
            |_, _| {
                consumed += 1;
                if consumed == 5 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        assert_eq!(consumed, 5);
        assert!(started.load(Ordering::Relaxed) < 5 + 4 * 2 + 4 + 2, "no more than the window is worked on after a stop");
    }
}
