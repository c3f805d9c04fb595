//! `/metrics` in Prometheus's text format: requests by route and status with their latency,
//! documents by outcome and format, the queue, the workers (alive, started, and replaced by
//! reason) and memory (the service's and its workers').

use std::sync::atomic::Ordering;
use std::sync::Mutex;
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use roadmap_workers::Pool;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DocumentLabels {
    outcome: String,
    format: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReasonLabels {
    reason: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ProcessLabels {
    process: String,
}

pub struct Metrics {
    registry: Mutex<Registry>,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    documents: Family<DocumentLabels, Counter>,
    queue_depth: Gauge,
    queue_capacity: Gauge,
    reading: Gauge,
    workers: Gauge,
    worker_starts: Counter,
    worker_replaced: Family<ReasonLabels, Counter>,
    memory: Family<ProcessLabels, Gauge>,
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("roadmap");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| Histogram::new(exponential_buckets(0.001, 2.0, 16)));
        let documents = Family::<DocumentLabels, Counter>::default();
        let (queue_depth, queue_capacity, reading, workers) = (Gauge::default(), Gauge::default(), Gauge::default(), Gauge::default());
        let worker_starts = Counter::default();
        let worker_replaced = Family::<ReasonLabels, Counter>::default();
        let memory = Family::<ProcessLabels, Gauge>::default();
        registry.register("http_requests", "HTTP requests by route, method and status", requests.clone());
        registry.register("http_request_duration_seconds", "Time to answer an HTTP request, by route", latency.clone());
        registry.register("documents", "Documents read, by outcome (ok or the error code) and format", documents.clone());
        registry.register("queue_depth", "Documents queued or being read", queue_depth.clone());
        registry.register("queue_capacity", "Documents the queue holds before it answers 429", queue_capacity.clone());
        registry.register("documents_reading", "Documents being read now", reading.clone());
        registry.register("workers", "Worker processes alive", workers.clone());
        registry.register("worker_starts", "Worker processes started", worker_starts.clone());
        registry.register("worker_replacements", "Worker processes replaced, by reason", worker_replaced.clone());
        registry.register("memory_resident_bytes", "Resident memory of the service and of all its workers", memory.clone());
        Metrics {
            registry: Mutex::new(registry),
            requests,
            latency,
            documents,
            queue_depth,
            queue_capacity,
            reading,
            workers,
            worker_starts,
            worker_replaced,
            memory,
        }
    }

    pub fn request(&self, route: &str, method: &str, status: u16, elapsed: Duration) {
        self.requests.get_or_create(&RequestLabels { route: route.to_string(), method: method.to_string(), status }).inc();
        self.latency.get_or_create(&RouteLabels { route: route.to_string() }).observe(elapsed.as_secs_f64());
    }

    pub fn document(&self, format: &str, outcome: &str) {
        self.documents.get_or_create(&DocumentLabels { outcome: outcome.to_string(), format: format.to_string() }).inc();
    }

    /// The text of `/metrics`, with the queue, workers and memory read now.
    pub fn render(&self, depth: usize, capacity: usize, reading: usize, pool: &Pool) -> String {
        self.queue_depth.set(depth as i64);
        self.queue_capacity.set(capacity as i64);
        self.reading.set(reading as i64);
        self.workers.set(pool.pids().len() as i64);
        let events = pool.events();
        catch_up(&self.worker_starts, events.started.load(Ordering::Relaxed));
        for (reason, count) in [
            ("recycled", &events.recycled),
            ("crashed", &events.crashed),
            ("timeout", &events.timed_out),
            ("memory_limit", &events.over_memory),
        ] {
            catch_up(&self.worker_replaced.get_or_create(&ReasonLabels { reason: reason.to_string() }), count.load(Ordering::Relaxed));
        }
        let own = roadmap_workers::memory::own_resident_bytes().unwrap_or(0);
        self.memory.get_or_create(&ProcessLabels { process: "service".into() }).set(own as i64);
        self.memory.get_or_create(&ProcessLabels { process: "workers".into() }).set(pool.resident_bytes() as i64);
        let mut text = String::new();
        let registry = self.registry.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if prometheus_client::encoding::text::encode(&mut text, &registry).is_err() {
            text.clear();
        }
        text
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

/// Bring a counter up to a count kept elsewhere (the pool's events).
fn catch_up(counter: &Counter, count: u64) {
    let seen = counter.get();
    if count > seen {
        counter.inc_by(count - seen);
    }
}
