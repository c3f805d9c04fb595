//! `roadmap serve` spoken to over HTTP as a pipeline speaks to it: the same JSON as `roadmap
//! extract`, problem details carrying the command line's codes, jobs stored before they are
//! accepted and their results streamed, back-pressure, health and metrics, API keys off
//! loopback, and workers that hang or run out of memory failing alone. Each server listens on
//! a port of its own on 127.0.0.1 (port 0), with a database in a folder of its own, and is
//! killed when its test ends. A hanging worker is made by stopping it (SIGSTOP): it never
//! answers, whatever the machine's speed. The web app is driven in headless Chromium.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{roadmap, root, run};

/// A document of the corpus, named as the command line names it when run in the root.
const GOOD: &str = "corpus/kaluga-2021-order-779.docx";

/// The longest a test waits for anything: a bound, not an expectation.
const PATIENCE: Duration = Duration::from_secs(300);

struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    base: String,
    log: Arc<Mutex<String>>,
    dir: tempfile::TempDir,
}

impl Server {
    /// `roadmap serve` with one worker, on 127.0.0.1 (unless `extra` binds elsewhere), with a
    /// new database.
    fn start(extra: &[&str]) -> Server {
        Server::start_in(tempfile::tempdir().unwrap(), extra)
    }

    /// The same, with the database of `dir` (a restart).
    fn start_in(dir: tempfile::TempDir, extra: &[&str]) -> Server {
        let db = dir.path().join("roadmap.db").to_string_lossy().into_owned();
        let mut args = vec!["serve"];
        if !extra.contains(&"--workers") {
            args.extend(["--workers", "1"]);
        }
        if !extra.contains(&"--db") {
            args.extend(["--db", &db]);
        }
        if !extra.contains(&"--bind") {
            args.extend(["--bind", "127.0.0.1:0"]);
        }
        args.extend(extra);
        let mut child = Command::new(env!("CARGO_BIN_EXE_roadmap"))
            .args(&args)
            .current_dir(root())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start roadmap serve");
        let stderr = child.stderr.take().expect("stderr");
        let log = Arc::new(Mutex::new(String::new()));
        let (address, listening) = mpsc::channel();
        let lines = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                {
                    let mut log = lines.lock().unwrap();
                    log.push_str(&line);
                    log.push('\n');
                }
                if let Some(rest) = line.split("listening on http://").nth(1) {
                    let at = rest.split_whitespace().next().unwrap_or_default().replace("0.0.0.0", "127.0.0.1");
                    address.send(at).ok();
                }
            }
        });
        match listening.recv_timeout(PATIENCE) {
            Ok(at) => Server { child, base: format!("http://{at}"), log, dir },
            Err(_) => {
                child.kill().ok();
                child.wait().ok();
                panic!("roadmap serve did not start:\n{}", log.lock().unwrap());
            }
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// The worker processes alive now: the server's children.
    fn workers(&self) -> Vec<u32> {
        children(self.child.id())
    }

    /// Stop the server as a service manager does (SIGTERM); how it ended.
    fn stop(&mut self) -> std::process::ExitStatus {
        signal(self.child.id(), "TERM");
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(started.elapsed() < PATIENCE, "the server did not stop");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Kill the server and its workers at once (a crash, a power cut), keeping its database.
    fn crash(mut self) -> tempfile::TempDir {
        let workers = self.workers();
        self.child.kill().ok();
        self.child.wait().ok();
        for pid in workers {
            signal(pid, "KILL");
        }
        let dir = tempfile::tempdir().unwrap();
        std::mem::replace(&mut self.dir, dir)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let workers = self.workers();
        self.child.kill().ok();
        self.child.wait().ok();
        for pid in workers {
            signal(pid, "KILL");
        }
    }
}

/// The processes whose parent is `parent`.
fn children(parent: u32) -> Vec<u32> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().map_while(Result::ok) {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { continue };
        // pid (name) state ppid …: the name may hold spaces and parentheses
        let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
        if after_name.split_whitespace().nth(1).and_then(|p| p.parse::<u32>().ok()) == Some(parent) {
            found.push(pid);
        }
    }
    found
}

fn signal(pid: u32, name: &str) {
    Command::new("kill").arg(format!("-{name}")).arg(pid.to_string()).status().expect("run kill");
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(PATIENCE))
        // a client that asks before it sends a large body waits for the answer
        .timeout_await_100(Some(PATIENCE))
        .build()
        .into()
}

/// What came back: status, headers and body.
struct Answer {
    status: u16,
    headers: ureq::http::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn of(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
        let mut response = result.expect("an HTTP answer");
        let body = response.body_mut().with_config().limit(1 << 30).read_to_vec().expect("the answer's body");
        Answer { status: response.status().as_u16(), headers: response.headers().clone(), body }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// A problem detail (RFC 9457) of `status` carrying `code`.
    fn assert_problem(&self, status: u16, code: &str) {
        assert_eq!(self.status, status, "{}", self.text());
        assert_eq!(self.header("content-type"), Some("application/problem+json"));
        let problem = self.json();
        assert_eq!(problem["status"], status);
        assert_eq!(problem["code"], code, "{problem}");
        assert_eq!(problem["type"], format!("urn:roadmap:code:{code}"));
    }
}

fn get(url: &str) -> Answer {
    Answer::of(agent().get(url).call())
}

fn post(url: &str, content_type: &str, body: &[u8]) -> Answer {
    Answer::of(agent().post(url).header("content-type", content_type).send(body))
}

/// `POST /v1/extract` of `body` by a client that declares a large body and asks before it
/// sends it (curl does past 1 MB).
fn extract_asking_first(server: &Server, body: &[u8]) -> Answer {
    Answer::of(
        agent()
            .post(server.url("/v1/extract?name=big.docx"))
            .header("content-type", "application/octet-stream")
            .header("expect", "100-continue")
            .send(body),
    )
}

/// `POST /v1/extract` of one document as a raw body, named `name`.
fn extract(server: &Server, name: &str, bytes: &[u8], query: &str) -> Answer {
    post(&server.url(&format!("/v1/extract?name={name}{query}")), "application/octet-stream", bytes)
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(root().join(name)).unwrap()
}

/// What `roadmap extract NAME` prints, run in the root.
fn cli_json(name: &str) -> String {
    let (code, out, err) = roadmap(&["extract", name]);
    assert_eq!(code, 0, "{err}");
    out
}

/// The code `roadmap extract` records for `bytes` named `name`, in `_errors.jsonl`.
fn cli_error_code(name: &str, bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join(name), bytes).unwrap();
    let out = dir.path().join("out");
    let (_, _, err) = roadmap(&["extract", &input.to_string_lossy(), "-o", &out.to_string_lossy()]);
    let errors = std::fs::read_to_string(out.join("_errors.jsonl")).unwrap_or_else(|e| panic!("no _errors.jsonl ({e}): {err}"));
    let line: Value = serde_json::from_str(errors.lines().next().expect("one error")).unwrap();
    line["code"].as_str().unwrap().to_string()
}

/// The value of a metric's line in `/metrics` (`name{labels}` as written there).
fn metric(server: &Server, line: &str) -> Option<f64> {
    let text = get(&server.url("/metrics")).text();
    text.lines().find_map(|l| l.strip_prefix(line).and_then(|rest| rest.strip_prefix(' '))).and_then(|v| v.trim().parse().ok())
}

fn zip_of(parts: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    for (name, data) in parts {
        zip.start_file(
            *name,
            zip::write::SimpleFileOptions::default().compression_method(method).large_file(data.len() > u32::MAX as usize),
        )
        .unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

/// The first half of a corpus document: a file cut short.
/// A DOCX of 96 MiB, stored without compression: reading it takes more than 80 MiB.
fn past_80_mib() -> Vec<u8> {
    let paragraph = "<w:p><w:r><w:t>Мероприятие по реализации плана в общеобразовательных организациях</w:t></w:r></w:p>";
    let body = paragraph.repeat((96 << 20) / paragraph.len());
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    zip_of(&[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", xml.as_bytes())], zip::CompressionMethod::Stored)
}

fn truncated() -> Vec<u8> {
    let good = read(GOOD);
    good[..good.len() / 2].to_vec()
}

#[test]
fn extract_isolate_prints_what_extract_prints() {
    let (code, isolated, err) = roadmap(&["extract", "--isolate", GOOD]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(isolated, cli_json(GOOD));
}

#[test]
fn serve_extract_answers_the_json_the_command_line_prints_and_stores_it() {
    let server = Server::start(&[]);
    let answer = extract(&server, GOOD, &read(GOOD), "");
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.header("content-type"), Some("application/json"));
    assert_eq!(answer.text(), cli_json(GOOD), "the same bytes as `roadmap extract`");

    let key = answer.json()["source"]["sha256"].as_str().unwrap().to_string();
    let stored = get(&server.url(&format!("/v1/documents/{key}")));
    assert_eq!((stored.status, stored.text()), (200, answer.text()), "stored by its SHA-256");
    assert_eq!(get(&server.url(&format!("/v1/documents/{key}/source"))).body, read(GOOD));
    let listed = get(&server.url("/v1/documents")).json();
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    assert_eq!(listed[0]["document_key"], key.as_str());

    let unkept = extract(&server, GOOD, &read("corpus/orel-2022-order-226.docx"), "&store=false");
    assert_eq!(unkept.status, 200);
    assert_eq!(get(&server.url("/v1/documents")).json().as_array().map(Vec::len), Some(1), "store=false keeps nothing");
}

/// A body past a mebibyte is gathered in a mapping of its own rather than on the heap: the
/// document read from it is the command line's, and its stored source is the bytes sent.
#[test]
fn serve_reads_a_document_past_a_mebibyte_as_the_command_line_does() {
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(read(GOOD))).unwrap();
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut part, &mut data).unwrap();
        parts.push((part.name().unwrap().to_string(), data));
    }
    // a picture's worth of bytes nothing refers to, stored as they are
    let padding: Vec<u8> = (0..3u32 << 20).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
    parts.push(("word/media/unused.bin".into(), padding));
    let bytes = zip_of(&parts.iter().map(|(n, d)| (n.as_str(), &d[..])).collect::<Vec<_>>(), zip::CompressionMethod::Stored);
    assert!(bytes.len() > 3 << 20);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("padded.docx");
    std::fs::write(&file, &bytes).unwrap();
    let (code, out, err) = roadmap(&["extract", &file.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    let mut expected: Value = serde_json::from_str(&out).unwrap();
    expected["source"]["path"] = "padded.docx".into();

    let server = Server::start(&[]);
    let answer = extract(&server, "padded.docx", &bytes, "");
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.json(), expected);
    let key = expected["source"]["sha256"].as_str().unwrap();
    assert!(get(&server.url(&format!("/v1/documents/{key}/source"))).body == bytes, "the stored source is the bytes sent");
}

#[test]
fn serve_refuses_a_body_past_the_limit_with_413_and_goes_on() {
    let server = Server::start(&["--max-body-mib", "1"]);
    let big = vec![b'x'; 2 << 20];
    // a client that declares a large body asks first (curl does past 1 MB): it is refused
    // before it sends the body
    extract_asking_first(&server, &big).assert_problem(413, "too_large");
    let zipped = Answer::of(
        agent().post(server.url("/v1/jobs")).header("content-type", "application/zip").header("expect", "100-continue").send(&big[..]),
    );
    zipped.assert_problem(413, "too_large");
    assert_eq!(extract(&server, GOOD, &read(GOOD), "").status, 200, "the next document is read");
}

#[test]
fn serve_answers_a_bad_document_with_a_problem_carrying_the_command_lines_code() {
    let server = Server::start(&[]);
    let not_a_document = b"Plain notes, in no format the tool reads.\n".repeat(20);
    let code = cli_error_code("notes.docx", &not_a_document);
    assert_eq!(code, "unknown_format");
    extract(&server, "notes.docx", &not_a_document, "").assert_problem(415, &code);

    let cut = truncated();
    let code = cli_error_code("cut.docx", &cut);
    extract(&server, "cut.docx", &cut, "").assert_problem(422, &code);
    assert_eq!(get(&server.url("/v1/documents")).json().as_array().map(Vec::len), Some(0), "nothing stored");

    let bad_option = extract(&server, GOOD, &read(GOOD), "&ocr=sometimes");
    bad_option.assert_problem(400, "bad_request");
}

/// The lines of a job's results, read to the stream's end.
fn results(server: &Server, id: &str) -> Vec<Value> {
    let answer = get(&server.url(&format!("/v1/jobs/{id}/results")));
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.header("content-type"), Some("application/x-ndjson"));
    answer.text().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn serve_stores_a_job_before_it_answers_202_and_a_restart_loses_nothing() {
    let server = Server::start(&[]);
    // the only worker hangs: nothing of the job is read before the crash
    for pid in server.workers() {
        signal(pid, "STOP");
    }
    let cut = truncated();
    let archive = zip_of(&[(GOOD, &read(GOOD)), ("cut.docx", &cut)], zip::CompressionMethod::Deflated);
    let accepted = post(&server.url("/v1/jobs"), "application/zip", &archive);
    assert_eq!(accepted.status, 202, "{}", accepted.text());
    let job = accepted.json();
    let id = job["id"].as_str().unwrap().to_string();
    assert_eq!(job["total"], 2);
    assert_eq!(accepted.header("location"), Some(format!("/v1/jobs/{id}").as_str()));
    let status = get(&server.url(&format!("/v1/jobs/{id}"))).json();
    assert_eq!((status["state"].as_str(), status["queued"].as_u64()), (Some("active"), Some(2)), "{status}");

    // the server dies with the job accepted and unread; started again on its database, it
    // reads the job
    let server = Server::start_in(server.crash(), &[]);
    assert!(server.log().contains("resumed=2"), "{}", server.log());
    let lines = results(&server, &id);
    assert_eq!(lines.len(), 2, "{lines:?}");
    let cli: Value = serde_json::from_str(&cli_json(GOOD)).unwrap();
    assert_eq!(lines[0], cli, "the document as `roadmap extract` gives it");
    assert_eq!(lines[1]["path"], "cut.docx");
    assert_eq!(lines[1]["code"].as_str(), Some(cli_error_code("cut.docx", &cut).as_str()));
    let status = get(&server.url(&format!("/v1/jobs/{id}"))).json();
    assert_eq!((status["state"].as_str(), status["done"].as_u64(), status["failed"].as_u64()), (Some("done"), Some(1), Some(1)));
    // a client that lost its stream goes on from where it was
    assert_eq!(get(&server.url(&format!("/v1/jobs/{id}/results?from=1"))).text().lines().count(), 1);
}

#[test]
fn serve_a_hanging_worker_fills_the_queue_then_is_killed_and_replaced() {
    let server = Server::start(&["--queue", "1"]);
    let hung = server.workers();
    assert_eq!(hung.len(), 1, "one worker, started before the server listens");
    for &pid in &hung {
        signal(pid, "STOP");
    }
    let first = {
        let (url, bytes) = (server.url(&format!("/v1/extract?name={GOOD}&timeout=1")), read(GOOD));
        std::thread::spawn(move || post(&url, "application/octet-stream", &bytes))
    };
    let started = Instant::now();
    while get(&server.url("/readyz")).json()["queue_depth"] != 1 {
        assert!(started.elapsed() < PATIENCE, "the first document never reached the queue");
        std::thread::sleep(Duration::from_millis(20));
    }
    let ready = get(&server.url("/readyz"));
    assert_eq!((ready.status, ready.json()["reason"].as_str()), (503, Some("the queue is full")));
    let refused = extract(&server, GOOD, &read(GOOD), "");
    refused.assert_problem(429, "queue_full");
    let wait: u64 = refused.header("retry-after").expect("Retry-After").parse().unwrap();
    assert!(wait >= 1);

    // the stopped worker never answers: the parent kills it past the time limit
    first.join().unwrap().assert_problem(504, "timeout");
    assert_eq!(metric(&server, "roadmap_worker_replacements_total{reason=\"timeout\"}"), Some(1.0));
    let now = server.workers();
    assert_eq!(now.len(), 1, "a new worker took its place");
    assert_ne!(now, hung);
    let again = extract(&server, GOOD, &read(GOOD), "");
    assert_eq!((again.status, again.text()), (200, cli_json(GOOD)));
}

#[test]
fn serve_a_document_past_the_memory_cap_fails_alone() {
    let server = Server::start(&["--worker-memory-mib", "80", "--max-body-mib", "256"]);
    let huge = past_80_mib();
    let before = server.workers();
    extract(&server, "huge.docx", &huge, "").assert_problem(422, "memory_limit");
    assert_eq!(metric(&server, "roadmap_worker_replacements_total{reason=\"memory_limit\"}"), Some(1.0));
    assert_ne!(server.workers(), before, "the worker was replaced");
    let next = extract(&server, GOOD, &read(GOOD), "");
    assert_eq!((next.status, next.text()), (200, cli_json(GOOD)), "the next document is read");
    assert_eq!(get(&server.url("/healthz")).status, 200, "the server is up");
}

#[test]
fn serve_reports_health_readiness_and_metrics_and_stops_on_sigterm() {
    let mut server = Server::start(&[]);
    let health = get(&server.url("/healthz"));
    assert_eq!((health.status, health.json()["status"].as_str()), (200, Some("ok")));
    let ready = get(&server.url("/readyz"));
    assert_eq!((ready.status, ready.json()["status"].as_str(), ready.json()["workers"].as_u64()), (200, Some("ready"), Some(1)));
    let openapi = get(&server.url("/openapi.json")).json();
    assert!(openapi["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    assert!(openapi["paths"]["/v1/extract"]["post"].is_object());

    assert_eq!(extract(&server, GOOD, &read(GOOD), "").status, 200);
    extract(&server, "notes.docx", b"no format at all", "").assert_problem(415, "unknown_format");
    let metrics = get(&server.url("/metrics"));
    assert_eq!(metrics.status, 200);
    assert!(metrics.header("content-type").is_some_and(|t| t.contains("text")));
    for line in [
        "roadmap_http_requests_total{route=\"/v1/extract\",method=\"POST\",status=\"200\"} 1",
        "roadmap_http_requests_total{route=\"/v1/extract\",method=\"POST\",status=\"415\"} 1",
        "roadmap_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1",
        "roadmap_documents_total{outcome=\"ok\",format=\"docx\"} 1",
        "roadmap_documents_total{outcome=\"unknown_format\",format=\"docx\"} 1",
        "roadmap_http_request_duration_seconds_count{route=\"/v1/extract\"} 2",
        "roadmap_queue_depth 0",
        "roadmap_workers 1",
    ] {
        assert!(metrics.text().lines().any(|l| l == line), "no «{line}» in\n{}", metrics.text());
    }
    assert!(metric(&server, "roadmap_memory_resident_bytes{process=\"service\"}").is_some_and(|b| b > 0.0));

    let status = server.stop();
    assert!(status.success(), "{status}: {}", server.log());
    assert!(server.log().contains("stopped"), "{}", server.log());
}

#[test]
fn serve_needs_an_api_key_when_not_bound_to_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("roadmap.db").to_string_lossy().into_owned();
    let (code, _, err, _) = run(&["serve", "--bind", "0.0.0.0:0", "--db", &db], PATIENCE);
    assert_eq!(code, 2);
    assert!(err.contains("--api-key-file"), "{err}");
    assert!(!Path::new(&db).exists(), "refused before anything is opened");

    let keys = dir.path().join("keys");
    std::fs::write(&keys, "# the warehouse\nk3y-of-the-warehouse\n").unwrap();
    let server = Server::start(&["--bind", "0.0.0.0:0", "--api-key-file", &keys.to_string_lossy()]);
    get(&server.url("/v1/documents")).assert_problem(401, "unauthorized");
    let wrong = Answer::of(agent().get(server.url("/v1/documents")).header("authorization", "Bearer guess").call());
    wrong.assert_problem(401, "unauthorized");
    let with_key = Answer::of(agent().get(server.url("/v1/documents")).header("authorization", "Bearer k3y-of-the-warehouse").call());
    assert_eq!(with_key.status, 200, "{}", with_key.text());
    let extracted = Answer::of(
        agent().post(server.url(&format!("/v1/extract?name={GOOD}"))).header("x-api-key", "k3y-of-the-warehouse").send(&read(GOOD)[..]),
    );
    assert_eq!(extracted.status, 200);
    assert_eq!(get(&server.url("/healthz")).status, 200, "health checks need no key");
    assert!(!server.log().contains("k3y-of-the-warehouse"), "no key in the log");
}

/// A throwaway PostgreSQL server (`scripts/with-postgres.sh`, as the export test uses), up
/// until dropped: the script's command waits for its standard input to close.
struct Postgres {
    script: Child,
    /// The URL `--db` takes: the server listens on a Unix socket in a folder of its own.
    url: String,
    env: [(&'static str, String); 4],
    psql: String,
}

impl Postgres {
    fn start() -> Postgres {
        let mut script = Command::new(root().join("scripts/with-postgres.sh"))
            .args(["sh", "-c", "echo \"$PGHOST $PGPORT $(command -v psql)\"; exec cat >/dev/null"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("run scripts/with-postgres.sh");
        let mut line = String::new();
        BufReader::new(script.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let [host, port, psql] = <[&str; 3]>::try_from(line.split_whitespace().collect::<Vec<_>>())
            .unwrap_or_else(|_| panic!("PostgreSQL did not start: «{line}»"));
        Postgres {
            url: format!("postgres://roadmap@{}:{port}/postgres", host.replace('/', "%2F")),
            env: [("PGHOST", host.into()), ("PGPORT", port.into()), ("PGUSER", "roadmap".into()), ("PGDATABASE", "postgres".into())],
            psql: psql.into(),
            script,
        }
    }

    /// One value, as psql prints it.
    fn query(&self, sql: &str) -> String {
        let out =
            Command::new(&self.psql).envs(self.env.clone()).args(["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql]).output().unwrap();
        assert!(out.status.success(), "{sql}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        drop(self.script.stdin.take());
        self.script.wait().ok();
    }
}

#[test]
fn serve_stores_in_postgresql_with_the_export_tables() {
    let postgres = Postgres::start();
    let mut server = Server::start(&["--db", &postgres.url]);
    assert!(server.log().contains("database=\"postgres\""), "{}", server.log());
    let answer = extract(&server, GOOD, &read(GOOD), "");
    assert_eq!((answer.status, answer.text()), (200, cli_json(GOOD)));
    let actions = answer.json()["actions"].as_array().unwrap().len();

    let other = "corpus/orel-2022-order-226.docx";
    let archive = zip_of(&[(other, &read(other)), ("cut.docx", &truncated())], zip::CompressionMethod::Deflated);
    let accepted = post(&server.url("/v1/jobs"), "application/zip", &archive);
    assert_eq!(accepted.status, 202, "{}", accepted.text());
    let lines = results(&server, accepted.json()["id"].as_str().unwrap());
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0], serde_json::from_str::<Value>(&cli_json(other)).unwrap());

    // the export's tables, as a warehouse reads them
    assert_eq!(postgres.query("SELECT count(*) FROM documents"), "2");
    assert_eq!(postgres.query("SELECT count(*) FROM actions WHERE region_iso = 'RU-KLU'"), actions.to_string());
    assert_eq!(postgres.query("SELECT string_agg(region_iso, ' ' ORDER BY region_iso) FROM acts"), "RU-KLU RU-ORL");
    assert_eq!(postgres.query("SELECT state FROM jobs"), "done");
    assert_eq!(get(&server.url("/v1/compare?format=csv")).status, 200);

    // stored through the keys `roadmap export` gives the same documents, and the same document
    // sent again stores no row twice
    let keys = |table: &str, key: &str| postgres.query(&format!("SELECT string_agg({key}, ' ' ORDER BY {key}) FROM {table}"));
    let stored = [keys("acts", "act_key"), keys("documents", "document_key"), keys("actions", "action_key")];
    let exported = tempfile::tempdir().unwrap();
    let (code, _, err) = roadmap(&["export", GOOD, other, "--all-renditions", "--to", exported.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let column = |table: &str, key: &str| -> String {
        let mut reader = csv::Reader::from_path(exported.path().join(format!("{table}.csv"))).unwrap();
        let at = reader.headers().unwrap().iter().position(|h| h == key).unwrap();
        let mut values: Vec<String> = reader.records().map(|r| r.unwrap()[at].to_string()).collect();
        values.sort();
        values.join(" ")
    };
    assert_eq!(stored, [column("acts", "act_key"), column("documents", "document_key"), column("actions", "action_key")]);
    assert_eq!(extract(&server, GOOD, &read(GOOD), "").status, 200);
    assert_eq!([keys("acts", "act_key"), keys("documents", "document_key"), keys("actions", "action_key")], stored);
    let status = server.stop();
    assert!(status.success(), "{status}: {}", server.log());
}

/// The curl calls of the guide's chapter on the service, run as written against a server on
/// 127.0.0.1 (its address, the files and the ids they name put in), each answered with a
/// success.
#[test]
fn serve_answers_the_curl_calls_of_the_guide() {
    let chapter = std::fs::read_to_string(root().join("docs/src/service.md")).unwrap();
    let section = chapter.split("The API (the whole of it at `/openapi.json`):").nth(1).expect("the chapter's API section");
    let block = section.split("```sh\n").nth(1).and_then(|b| b.split("```").next()).expect("its curl calls");
    let calls: Vec<&str> = block.lines().filter(|l| l.starts_with("curl ")).collect();
    assert!(calls.len() >= 10, "{block}");

    let server = Server::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    for (name, from) in [
        ("order.docx", GOOD),
        ("order.pdf", "corpus/kaluga-2021-order-779.pdf"),
        ("a.docx", "corpus/orel-2022-order-226.docx"),
        ("b.pdf", "corpus/orel-2022-order-226.pdf"),
    ] {
        std::fs::copy(root().join(from), dir.path().join(name)).unwrap();
    }
    let orders = zip_of(
        &[("orel.docx", &read("corpus/orel-2022-order-226.docx")), ("leningrad.docx", &read("corpus/leningrad-2021-directive-832r.docx"))],
        zip::CompressionMethod::Deflated,
    );
    std::fs::write(dir.path().join("orders.zip"), orders).unwrap();

    let (mut job, mut sha256) = (None::<String>, None::<String>);
    let mut outputs = Vec::new();
    for call in calls {
        let mut line = call.replace("http://127.0.0.1:8080", &server.base).replace("curl ", "curl -sS --fail-with-body ");
        if let Some(id) = &job {
            line = line.replace("JOB", id);
        }
        if let Some(key) = &sha256 {
            line = line.replace("SHA256", key);
        }
        assert!(!line.contains("JOB") && !line.contains("SHA256"), "{call}: no id to put in yet");
        let out = Command::new("sh").args(["-c", &line]).current_dir(dir.path()).output().expect("run curl");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(out.status.success(), "{call}: {}\n{stdout}", String::from_utf8_lossy(&out.stderr));
        if let Ok(value) = serde_json::from_str::<Value>(&stdout) {
            if job.is_none() && value["results_url"].is_string() {
                job = value["id"].as_str().map(str::to_string);
            }
            if sha256.is_none() {
                sha256 = value["source"]["sha256"].as_str().map(str::to_string);
            }
        }
        outputs.push(stdout);
    }
    // the first call is the command line's extraction of the same file
    let cli = Command::new(env!("CARGO_BIN_EXE_roadmap")).args(["extract", "order.docx"]).current_dir(dir.path()).output().unwrap();
    assert_eq!(outputs[0], String::from_utf8_lossy(&cli.stdout));
    assert!(dir.path().join("actions.parquet").exists(), "curl -O wrote the export");
}

/// The web app in headless Chromium as a person uses it: a file dropped on the page is uploaded
/// (a job), the document appears in the list with its region and actions, its page is its
/// review page (every row beside its source; a row marked and saved is a correction the
/// service keeps; a PDF's rows cropped from its pages as a worker draws them), and the
/// comparison over everything stored has its region's row.
#[test]
fn serve_web_app_takes_a_dropped_file_to_its_page_and_the_comparison() {
    let server = Server::start(&[]);
    let mut browser = crate::browser::Browser::open(&server.url("/"));
    browser.wait_for("document.getElementById('count').textContent === '(0)'", "the empty list of documents");
    let name = "orel-2022-order-226.docx";
    let expected: Value = serde_json::from_str(&cli_json(&format!("corpus/{name}"))).unwrap();
    let actions = expected["actions"].as_array().unwrap().len();
    let bytes: Vec<String> = read(&format!("corpus/{name}")).iter().map(u8::to_string).collect();
    // a drop of one file on the drop zone, as a drag from the file manager gives it
    browser.evaluate(&format!(
        "const file = new File([new Uint8Array([{}])], '{name}'); const files = new DataTransfer(); files.items.add(file);
         document.getElementById('drop').dispatchEvent(new DragEvent('drop', {{ dataTransfer: files, bubbles: true, cancelable: true }})); true",
        bytes.join(",")
    ));
    browser.wait_for("document.querySelector('#documents tbody tr[data-key]') !== null", "the document in the list");
    let listed = browser.evaluate(
        "const row = document.querySelector('#documents tbody tr[data-key]');
         ({ cells: Array.from(row.cells).map((c) => c.textContent), page: row.querySelector('a').href, key: row.dataset.key,
            message: document.getElementById('message').textContent })",
    );
    assert!(listed["message"].as_str().unwrap().starts_with("Принято файлов: 1."), "{listed}");
    assert_eq!(listed["key"], expected["source"]["sha256"], "{listed}");
    let cells: Vec<&str> = listed["cells"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    assert_eq!((cells[0], cells[1], cells[3]), (name, "Орловская область", actions.to_string().as_str()), "{listed}");

    // its page is its review page: every row beside its source, the document's fields
    browser.go(listed["page"].as_str().unwrap());
    browser.wait_for("document.body.dataset.ready === 'yes'", "the review page's script");
    let page = browser.evaluate(
        "({ name: document.querySelector('header.bar b').textContent,
            region: Array.from(document.querySelectorAll('table.meta tr')).find((tr) => tr.cells[0].textContent === 'Регион').cells[1].textContent,
            rows: document.querySelectorAll('#rows section.row').length,
            first: document.querySelector('#row-1 .field[data-field=action]').dataset.value,
            drawn: document.querySelectorAll('#row-1 table.excerpt td.f-action').length })",
    );
    assert_eq!(page["name"], name, "{page}");
    assert!(page["region"].as_str().unwrap().starts_with("Орловская область"), "{page}");
    assert_eq!(page["rows"], actions, "{page}");
    assert_eq!(page["first"], expected["actions"][0]["action"], "{page}");
    assert!(page["drawn"].as_u64().unwrap() >= 1, "the row drawn in its table: {page}");
    // a reviewer marks the first row right and saves: the service keeps the correction
    let key = listed["key"].as_str().unwrap();
    browser.evaluate("document.querySelector('#row-1 .marks .right').click(); document.getElementById('save').click(); true");
    browser.wait_for("document.body.dataset.saved === 'yes'", "the corrections sent to the service");
    let kept = get(&server.url(&format!("/v1/documents/{key}/corrections"))).text();
    let kept: Vec<Value> = kept.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!((kept[0]["seq"].as_u64(), kept[0]["value"].as_str()), (Some(1), Some("right")), "{kept:?}");

    // a PDF's page: crops of its pages, drawn by a worker when the browser asks for them
    let pdf = "corpus/orel-2022-order-226.pdf";
    let stored = extract(&server, "orel-2022-order-226.pdf", &read(pdf), "");
    assert_eq!(stored.status, 200, "{}", stored.text());
    browser.go(&server.url(&format!("/ui/documents/{}", stored.json()["source"]["sha256"].as_str().unwrap())));
    browser.wait_for(
        "document.body.dataset.ready === 'yes' && document.querySelector('#row-1 .crop img') !== null \
         && (() => { const i = document.querySelector('#row-1 .crop img'); i.loading = 'eager'; return i.complete && i.naturalWidth > 0; })()",
        "the first row's crop of its page",
    );

    browser.go(&server.url("/ui/compare"));
    browser.wait_for("document.body.dataset.ready === 'yes'", "the comparison's script");
    let regions = browser.evaluate("Array.from(document.querySelectorAll('tbody tr th')).map((t) => t.textContent.trim())");
    assert!(regions.as_array().unwrap().iter().any(|r| r.as_str().unwrap().starts_with("Орловская область")), "{regions}");
}

/// One request of the load test and what it must come to (`Err` says how it did not).
type Case = Box<dyn Fn(&Server) -> Result<(), String> + Send + Sync>;

/// Send `declared` bytes' worth of headers and only the first `sent` bytes of the body, then
/// hang up: a client that goes away mid-upload.
fn hang_up_mid_upload(server: &Server, path: &str, content_type: &str, declared: usize, sent: usize) -> Result<(), String> {
    let address = server.base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).map_err(|e| e.to_string())?;
    let head = format!("POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: {content_type}\r\nContent-Length: {declared}\r\n\r\n");
    stream.write_all(head.as_bytes()).map_err(|e| e.to_string())?;
    stream.write_all(&vec![b'P'; sent]).map_err(|e| e.to_string())?;
    stream.shutdown(std::net::Shutdown::Both).map_err(|e| e.to_string())
}

/// Concurrent clients against one server with two workers, each sending corpus documents of
/// five formats, a zip as a job, and hostile requests among them: a truncated file, a zip bomb,
/// a PDF whose page tree loops, a document that takes a worker past its memory cap, a body past
/// the limit, and clients that hang up mid-upload. Every document's JSON is the command line's,
/// every bad one its code, no answer is a 500, every accepted job finishes with its results
/// and no upload cut short leaves a job, and the service's peak memory over six more rounds
/// stays within 1.2× of its peak over two warm-up rounds. How fast is measured by
/// `scripts/serve-load.sh`, not here.
#[test]
fn serve_under_load_answers_every_request_and_keeps_its_memory() {
    let server = Server::start(&["--workers", "2", "--worker-memory-mib", "80", "--max-body-mib", "100"]);
    let mut cases: Vec<(String, Case)> = Vec::new();
    for name in [
        GOOD,
        "corpus/orel-2022-order-226.pdf",
        "corpus/saratov-krasnoarmeysky-2022-roadmap.xlsx",
        "corpus/primorye-2021-order-210a.odt",
        "corpus/leningrad-2021-directive-832r.rtf",
    ] {
        let (bytes, expected) = (read(name), cli_json(name));
        let case: Case = Box::new(move |server| {
            let answer = extract(server, name, &bytes, "");
            (answer.status == 200 && answer.text() == expected).then_some(()).ok_or_else(|| format!("{}: {}", answer.status, answer.text()))
        });
        cases.push((name.to_string(), case));
    }
    let job = ["corpus/kaluga-2021-order-779.xlsx", "corpus/orel-2022-order-226.docx"];
    let archive =
        zip_of(&job.map(|n| (n, read(n))).iter().map(|(n, b)| (*n, &b[..])).collect::<Vec<_>>(), zip::CompressionMethod::Deflated);
    let expected: Vec<Value> = job.iter().map(|n| serde_json::from_str(&cli_json(n)).unwrap()).collect();
    cases.push((
        "a job of two".into(),
        Box::new(move |server| {
            let accepted = post(&server.url("/v1/jobs"), "application/zip", &archive);
            if accepted.status != 202 {
                return Err(format!("{}: {}", accepted.status, accepted.text()));
            }
            let lines = results(server, accepted.json()["id"].as_str().unwrap_or_default());
            (lines == expected).then_some(()).ok_or_else(|| format!("results {lines:?}"))
        }),
    ));
    let problem = |name: &'static str, bytes: Vec<u8>, status: u16, code: &'static str| -> (String, Case) {
        let case: Case = Box::new(move |server| {
            let answer = extract(server, name, &bytes, "");
            let said = answer.json();
            (answer.status == status && said["code"] == code).then_some(()).ok_or_else(|| format!("{}: {said}", answer.status))
        });
        (name.to_string(), case)
    };
    cases.push(problem("cut.docx", truncated(), 422, "docx_unreadable"));
    let zeros = "0".repeat(16 << 20);
    cases.push(problem("bomb.docx", crate::hostile::docx_with_body(&format!("<w:p><w:r><w:t>{zeros}</w:t></w:r></w:p>")), 422, "zip_bomb"));
    cases.push(problem("huge.docx", past_80_mib(), 422, "memory_limit"));
    let looping = crate::hostile::self_referencing_pdf();
    cases.push((
        "looping.pdf".into(),
        Box::new(move |server| {
            let answer = extract(server, "looping.pdf", &looping, "");
            (answer.status == 200).then_some(()).ok_or_else(|| format!("{}: {}", answer.status, answer.text()))
        }),
    ));
    let past_limit = vec![b'x'; 101 << 20];
    cases.push((
        "past the body limit".into(),
        Box::new(move |server| {
            let answer = extract_asking_first(server, &past_limit);
            (answer.status == 413).then_some(()).ok_or_else(|| format!("{}: {}", answer.status, answer.text()))
        }),
    ));
    cases.push((
        "hangs up mid-document".into(),
        Box::new(|server| hang_up_mid_upload(server, "/v1/extract?name=gone.docx", "application/octet-stream", 4 << 20, 1 << 20)),
    ));
    cases.push(("hangs up mid-job".into(), Box::new(|server| hang_up_mid_upload(server, "/v1/jobs", "application/zip", 4 << 20, 1 << 20))));

    let cases = Arc::new(cases);
    let jobs_sent = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    // three clients, each through every case in its own order
    let round = |server: &Arc<Server>| -> Vec<String> {
        let handles: Vec<_> = (0..3)
            .map(|client| {
                let (server, cases, jobs_sent) = (Arc::clone(server), Arc::clone(&cases), Arc::clone(&jobs_sent));
                std::thread::spawn(move || {
                    let mut failures = Vec::new();
                    for i in 0..cases.len() {
                        let (name, case) = &cases[(i + client * 4) % cases.len()];
                        // one client sends the bodies of around 100 MiB, so that one is in flight at a time
                        if client > 0 && (name == "huge.docx" || name == "past the body limit") {
                            continue;
                        }
                        if name == "a job of two" {
                            jobs_sent.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        }
                        if let Err(e) = case(&server) {
                            failures.push(format!("client {client}, {name}: {e}"));
                        }
                    }
                    failures
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    };
    let server = Arc::new(server);
    // the service's peak resident memory so far (the kernel's high-water mark)
    let resident = |server: &Server| -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
        let kib =
            status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok());
        kib.unwrap() * 1024.0
    };
    for _ in 0..2 {
        let failures = round(&server);
        assert!(failures.is_empty(), "{failures:#?}\n{}", server.log());
    }
    let warm = resident(&server);
    for _ in 0..6 {
        let failures = round(&server);
        assert!(failures.is_empty(), "{failures:#?}\n{}", server.log());
    }
    let after = resident(&server);
    assert!(after <= 1.2 * warm, "the service's memory grew from {warm} to {after} bytes");
    let metrics = get(&server.url("/metrics")).text();
    assert!(!metrics.contains("status=\"5"), "a 5xx answer: {metrics}");
    let jobs = get(&server.url("/v1/jobs?limit=100")).json();
    let jobs = jobs.as_array().unwrap();
    assert_eq!(jobs.len(), jobs_sent.load(std::sync::atomic::Ordering::SeqCst), "a job from a client that hung up, or a job lost");
    assert!(jobs.iter().all(|j| j["state"] == "done"), "{jobs:?}");
    assert_eq!(get(&server.url("/healthz")).status, 200);
}

/// A reviewer's corrections sent to the service, in the corrections file's format: kept,
/// applied over the document's JSON as `roadmap extract --corrections` applies them, and over
/// the export; those that do not match reported; a correction of another document refused.
#[test]
fn serve_keeps_a_reviewers_corrections_and_applies_them_as_the_command_line_does() {
    let server = Server::start(&[]);
    assert_eq!(extract(&server, GOOD, &read(GOOD), "").status, 200);
    let document: Value = serde_json::from_str(&cli_json(GOOD)).unwrap();
    let sha = document["source"]["sha256"].as_str().unwrap().to_string();
    let line = |seq: usize, field: &str, value: &str, original: Option<&str>| {
        let action = document["actions"][seq - 1]["action"].as_str().unwrap();
        serde_json::json!({"document": sha, "seq": seq, "action_sha256": roadmap_corrections::text_sha256(action),
            "field": field, "value": value, "original": original, "by": "reviewer"})
        .to_string()
    };
    let lines =
        [line(1, "deadline", "20.01.2021", None), line(2, "row", "wrong", None), line(3, "result", "Протокол", Some("not what it reads"))];
    let body = lines.iter().map(|l| format!("{l}\n")).collect::<String>();
    let url = server.url(&format!("/v1/documents/{sha}/corrections"));
    let kept = post(&url, "application/x-ndjson", body.as_bytes());
    assert_eq!(kept.status, 200, "{}", kept.text());
    let kept = kept.json();
    assert_eq!(kept["kept"], 3);
    assert_eq!(kept["not_applied"].as_array().unwrap().len(), 1, "{kept}");
    assert_eq!(get(&url).text(), body, "the corrections kept, as given");

    // the document as `extract --corrections` gives it (the warning names the corrections' file)
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("corrections.jsonl");
    std::fs::write(&file, &body).unwrap();
    let (code, out, err) = roadmap(&["extract", GOOD, "--corrections", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let expected: Value = serde_json::from_str(&out).unwrap();
    let served = get(&server.url(&format!("/v1/documents/{sha}"))).json();
    assert_eq!(served["actions"], expected["actions"]);
    let codes = |v: &Value| -> Vec<(Value, Value)> {
        v["warnings"].as_array().unwrap().iter().map(|w| (w["code"].clone(), w["seq"].clone())).collect()
    };
    assert_eq!(codes(&served), codes(&expected));
    assert_eq!(served["actions"][0]["deadline"]["end"], "2021-01-20");

    let csv = get(&server.url("/v1/export/actions.csv")).text();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(&rows[0][column("deadline_end")], "2021-01-20");
    assert_eq!(&rows[1][column("verdict")], "wrong");

    let other = line(1, "deadline", "20.01.2021", None).replace(&sha, &"0".repeat(64));
    assert_eq!(post(&url, "application/x-ndjson", other.as_bytes()).status, 400, "a correction of another document");
    let nowhere = server.url(&format!("/v1/documents/{}/corrections", "0".repeat(64)));
    assert_eq!(post(&nowhere, "application/x-ndjson", other.as_bytes()).status, 404);
    assert_eq!(post(&url, "application/x-ndjson", b"not json").status, 400);
}
