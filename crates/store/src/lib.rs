//! The service's storage: documents, the bytes they were read from, and jobs, in an embedded
//! SQLite database (a file, created on first use) or a PostgreSQL server.
//!
//! In: a database (a path, or a `postgres://` URL), canonical documents with their JSON,
//! jobs with their files. Out: the same back, by SHA-256 or job id, and the export's tables
//! kept as the documents change.
//!
//! The tables are the export's `acts`, `documents` and `actions` (PostgreSQL: the export's own
//! `schema.sql`), so a warehouse reads the store as it reads a load of `roadmap export`, plus
//! the service's own ([`schema`]): `stored` (each document's canonical JSON and name),
//! `sources`, `jobs` and `job_files`. `documents` and `actions` hold every stored document
//! (as `export --all-renditions` writes them); `acts.document_key` names the rendition whose
//! actions `roadmap export` would write. Every change is one transaction: a job and its files
//! are stored whole or not at all, before the service answers that it took them.

mod conn;
pub mod schema;

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::sync::{Mutex, PoisonError};

use roadmap_export::{Kind, Value};
use roadmap_model::Roadmap;
use serde::Serialize;

use conn::{Cell, Conn, Param};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("PostgreSQL: {0}")]
    Postgres(#[from] postgres::Error),
    #[error("a stored document is not a canonical roadmap: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot create the database's folder: {0}")]
    Io(#[from] std::io::Error),
    #[error("the database holds a row it cannot read: {0}")]
    Row(&'static str),
}

/// A file of a job, as it is accepted.
pub struct NewFile<'a> {
    pub name: &'a str,
    pub sha256: &'a str,
    pub bytes: &'a [u8],
}

/// What became of a job's file.
pub enum FileOutcome<'a> {
    /// Read and stored under this key.
    Done { document_key: &'a str },
    /// Not read: its code and message.
    Failed { code: &'a str, message: &'a str },
}

/// A job and how far it is.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Job {
    pub id: String,
    /// `active`, `done` or `cancelled`.
    pub state: String,
    /// The extraction options, as JSON.
    pub options: String,
    pub created_at: String,
    pub finished_at: Option<String>,
    pub total: u64,
    pub queued: u64,
    pub done: u64,
    pub failed: u64,
    pub cancelled: u64,
}

/// A file of a job.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct JobFile {
    pub seq: u32,
    pub name: String,
    pub sha256: String,
    /// `queued`, `done`, `failed` or `cancelled`.
    pub state: String,
    pub code: Option<String>,
    pub message: Option<String>,
    pub document_key: Option<String>,
}

/// A file still to be read, of a job that is neither done nor cancelled.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingFile {
    pub job_id: String,
    pub seq: u32,
    pub name: String,
    pub sha256: String,
    pub options: String,
}

/// A stored document, as the list of documents shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocumentSummary {
    pub document_key: String,
    pub name: String,
    pub stored_at: String,
    /// The codes of its warnings, each once.
    pub warnings: Vec<String>,
    pub format: Option<String>,
    pub kind: Option<String>,
    pub region: Option<String>,
    pub region_iso: Option<String>,
    pub number: Option<String>,
    pub date: Option<String>,
    pub title: Option<String>,
    pub actions: Option<i64>,
    pub act_key: Option<String>,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A database of documents and jobs.
pub struct Store {
    conn: Mutex<Conn>,
}

impl Store {
    /// Open (and on first use create) the database: a `postgres://` or `postgresql://` URL, or
    /// the path of a SQLite file.
    pub fn open(spec: &str) -> Result<Store, StoreError> {
        let mut conn = if spec.starts_with("postgres://") || spec.starts_with("postgresql://") {
            Conn::Postgres(postgres::Client::connect(spec, postgres::NoTls)?)
        } else {
            let path = std::path::Path::new(spec);
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)?;
            }
            let connection = rusqlite::Connection::open(path)?;
            connection.busy_timeout(std::time::Duration::from_secs(30))?;
            Conn::Sqlite(connection)
        };
        let schema = if conn.is_postgres() { schema::postgres() } else { schema::sqlite() };
        conn.batch(&schema)?;
        if !conn.is_postgres() {
            // PostgreSQL's schema.sql adds the columns a table made by an earlier version lacks
            for (table, columns, _) in schema::EXPORT_TABLES {
                let present: BTreeSet<String> = conn
                    .query(&format!("SELECT name FROM pragma_table_info('{table}')"), &[])?
                    .into_iter()
                    .filter_map(|row| row.into_iter().next().and_then(Cell::text))
                    .collect();
                for column in columns.iter().filter(|c| !present.contains(c.name)) {
                    conn.execute(&schema::sqlite_add_column(table, column), &[])?;
                }
            }
        }
        Ok(Store { conn: Mutex::new(conn) })
    }

    /// Which database this is: `sqlite` or `postgres`.
    pub fn kind(&self) -> &'static str {
        if self.lock().is_postgres() {
            "postgres"
        } else {
            "sqlite"
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Conn> {
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Run `work` in one transaction.
    fn transaction<T>(&self, work: impl FnOnce(&mut Conn) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let mut conn = self.lock();
        conn.batch("BEGIN")?;
        match work(&mut conn) {
            Ok(value) => {
                conn.batch("COMMIT")?;
                Ok(value)
            }
            Err(e) => {
                let _ = conn.batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// Whether the database answers.
    pub fn ping(&self) -> Result<(), StoreError> {
        self.lock().query("SELECT 1", &[]).map(|_| ())
    }

    /// Keep a document's bytes (once per SHA-256).
    pub fn put_source(&self, sha256: &str, bytes: &[u8]) -> Result<(), StoreError> {
        self.lock().execute(PUT_SOURCE, &[Param::Text(Some(sha256)), Param::Blob(bytes)]).map(|_| ())
    }

    /// The bytes a document was read from.
    pub fn source(&self, sha256: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let rows = self.lock().query("SELECT bytes FROM sources WHERE sha256 = ?1", &[Param::Text(Some(sha256))])?;
        Ok(rows.into_iter().next().and_then(|r| r.into_iter().next()).and_then(Cell::blob))
    }

    /// Store a job and its files (their bytes too) at once.
    pub fn add_job(&self, id: &str, options: &str, files: &[NewFile<'_>]) -> Result<(), StoreError> {
        self.transaction(|conn| {
            let created = now();
            conn.execute(
                "INSERT INTO jobs (id, state, options, created_at) VALUES (?1, 'active', ?2, ?3)",
                &[Param::Text(Some(id)), Param::Text(Some(options)), Param::Text(Some(&created))],
            )?;
            for (seq, file) in files.iter().enumerate() {
                conn.execute(PUT_SOURCE, &[Param::Text(Some(file.sha256)), Param::Blob(file.bytes)])?;
                conn.execute(
                    "INSERT INTO job_files (job_id, seq, name, sha256, state) VALUES (?1, ?2, ?3, ?4, 'queued')",
                    &[Param::Text(Some(id)), Param::Int(Some(seq as i64)), Param::Text(Some(file.name)), Param::Text(Some(file.sha256))],
                )?;
            }
            Ok(())
        })
    }

    /// A job and how far it is.
    pub fn job(&self, id: &str) -> Result<Option<Job>, StoreError> {
        let mut conn = self.lock();
        let rows = conn.query("SELECT id, state, options, created_at, finished_at FROM jobs WHERE id = ?1", &[Param::Text(Some(id))])?;
        let Some(row) = rows.into_iter().next() else { return Ok(None) };
        let counts = conn.query("SELECT state, count(*) FROM job_files WHERE job_id = ?1 GROUP BY state", &[Param::Text(Some(id))])?;
        job_of(row, counts).map(Some)
    }

    /// The latest jobs, newest first.
    pub fn jobs(&self, limit: u32) -> Result<Vec<Job>, StoreError> {
        let ids: Vec<String> = self
            .lock()
            .query("SELECT id FROM jobs ORDER BY created_at DESC, id LIMIT ?1", &[Param::Int(Some(i64::from(limit)))])?
            .into_iter()
            .filter_map(|r| r.into_iter().next().and_then(Cell::text))
            .collect();
        let mut jobs = Vec::new();
        for id in ids {
            jobs.extend(self.job(&id)?);
        }
        Ok(jobs)
    }

    /// A job's files in order, from `from` on.
    pub fn job_files(&self, id: &str, from: u32) -> Result<Vec<JobFile>, StoreError> {
        let rows = self.lock().query(
            "SELECT seq, name, sha256, state, code, message, document_key FROM job_files WHERE job_id = ?1 AND seq >= ?2 ORDER BY seq",
            &[Param::Text(Some(id)), Param::Int(Some(i64::from(from)))],
        )?;
        rows.into_iter()
            .map(|row| {
                let mut cells = row.into_iter();
                let mut next = || cells.next().unwrap_or(Cell::Null);
                let seq = next().int().and_then(|n| u32::try_from(n).ok()).ok_or(StoreError::Row("job_files.seq"))?;
                Ok(JobFile {
                    seq,
                    name: next().text().unwrap_or_default(),
                    sha256: next().text().unwrap_or_default(),
                    state: next().text().unwrap_or_default(),
                    code: next().text(),
                    message: next().text(),
                    document_key: next().text(),
                })
            })
            .collect()
    }

    /// The files still to be read, of the jobs neither done nor cancelled, oldest job first.
    pub fn pending_files(&self) -> Result<Vec<PendingFile>, StoreError> {
        let rows = self.lock().query(
            "SELECT f.job_id, f.seq, f.name, f.sha256, j.options FROM job_files f JOIN jobs j ON j.id = f.job_id \
             WHERE f.state = 'queued' AND j.state = 'active' ORDER BY j.created_at, f.job_id, f.seq",
            &[],
        )?;
        rows.into_iter()
            .map(|row| {
                let mut cells = row.into_iter();
                let mut next = || cells.next().unwrap_or(Cell::Null);
                let job_id = next().text().ok_or(StoreError::Row("job_files.job_id"))?;
                let seq = next().int().and_then(|n| u32::try_from(n).ok()).ok_or(StoreError::Row("job_files.seq"))?;
                Ok(PendingFile {
                    job_id,
                    seq,
                    name: next().text().unwrap_or_default(),
                    sha256: next().text().unwrap_or_default(),
                    options: next().text().unwrap_or_default(),
                })
            })
            .collect()
    }

    /// Record what became of a job's file; the job is done when none is left to read.
    pub fn finish_file(&self, job_id: &str, seq: u32, outcome: &FileOutcome<'_>) -> Result<(), StoreError> {
        self.transaction(|conn| {
            let (state, code, message, key) = match outcome {
                FileOutcome::Done { document_key } => ("done", None, None, Some(*document_key)),
                FileOutcome::Failed { code, message } => ("failed", Some(*code), Some(*message), None),
            };
            conn.execute(
                "UPDATE job_files SET state = ?3, code = ?4, message = ?5, document_key = ?6 WHERE job_id = ?1 AND seq = ?2 AND state = 'queued'",
                &[
                    Param::Text(Some(job_id)),
                    Param::Int(Some(i64::from(seq))),
                    Param::Text(Some(state)),
                    Param::Text(code),
                    Param::Text(message),
                    Param::Text(key),
                ],
            )?;
            let left = conn.query("SELECT count(*) FROM job_files WHERE job_id = ?1 AND state = 'queued'", &[Param::Text(Some(job_id))])?;
            if left.first().and_then(|r| r.first()).and_then(Cell::int) == Some(0) {
                let finished = now();
                conn.execute(
                    "UPDATE jobs SET state = 'done', finished_at = ?2 WHERE id = ?1 AND state = 'active'",
                    &[Param::Text(Some(job_id)), Param::Text(Some(&finished))],
                )?;
            }
            Ok(())
        })
    }

    /// Cancel a job: its files not yet read are not read. `false` when there is no such job.
    pub fn cancel_job(&self, id: &str) -> Result<bool, StoreError> {
        self.transaction(|conn| {
            let exists = !conn.query("SELECT 1 FROM jobs WHERE id = ?1", &[Param::Text(Some(id))])?.is_empty();
            let finished = now();
            conn.execute(
                "UPDATE jobs SET state = 'cancelled', finished_at = ?2 WHERE id = ?1 AND state = 'active'",
                &[Param::Text(Some(id)), Param::Text(Some(&finished))],
            )?;
            conn.execute("UPDATE job_files SET state = 'cancelled' WHERE job_id = ?1 AND state = 'queued'", &[Param::Text(Some(id))])?;
            Ok(exists)
        })
    }

    /// Store a document: its canonical JSON under its name, and its rows in the export tables
    /// (its act's row made again from all the act's stored renditions).
    pub fn put_document(&self, name: &str, json: &[u8], roadmap: &Roadmap) -> Result<(), StoreError> {
        let key = roadmap.source.sha256.as_str();
        let warnings: BTreeSet<&str> = roadmap.warnings.iter().map(|w| w.code.as_str()).collect();
        let warnings = serde_json::to_string(&warnings)?;
        self.transaction(|conn| {
            let old_act = act_of(conn, key)?;
            delete_rows(conn, key)?;
            let stored_at = now();
            conn.execute(
                "INSERT INTO stored (document_key, name, json, warnings, stored_at) VALUES (?1, ?2, ?3, ?4, ?5) \
                 ON CONFLICT (document_key) DO UPDATE SET name = excluded.name, json = excluded.json, warnings = excluded.warnings, stored_at = excluded.stored_at",
                &[Param::Text(Some(key)), Param::Text(Some(name)), Param::Blob(json), Param::Text(Some(&warnings)), Param::Text(Some(&stored_at))],
            )?;
            // the act's row first: the document's rows refer to it
            let act = roadmap.act();
            refresh_act(conn, &act, Some(roadmap))?;
            let (shown, _) = with_kept_corrections(conn, roadmap)?;
            insert_document_rows(conn, &shown)?;
            match old_act.filter(|old| *old != act) {
                Some(old) => refresh_act(conn, &old, None),
                None => Ok(()),
            }
        })
    }

    /// Keep a reviewer's corrections of a stored document (JSON lines of the corrections file,
    /// each one a correction of this document), after those kept before, and write its rows
    /// again with all of them applied. A correction that is already the one in effect for its
    /// row and field is not kept again (a review page sends all its corrections each time it
    /// saves). `None` when there is no such document; else what was not applied, in the words
    /// of the warning `correction.not_applied`.
    pub fn add_corrections(&self, key: &str, lines: &[String]) -> Result<Option<Vec<String>>, StoreError> {
        self.transaction(|conn| {
            let Some(json) = stored_json(conn, key)? else { return Ok(None) };
            let kept = correction_lines(conn, key)?;
            let parsed = |line: &str| serde_json::from_str::<roadmap_corrections::Correction>(line).ok();
            // the correction in effect for each row and field: the last one kept
            let mut in_effect: HashMap<(usize, String), roadmap_corrections::Correction> =
                kept.iter().filter_map(|l| parsed(l)).map(|c| ((c.seq, c.field.clone()), c)).collect();
            let mut next = kept.len() as i64;
            for line in lines {
                if let Some(c) = parsed(line) {
                    let at = (c.seq, c.field.clone());
                    if in_effect.get(&at) == Some(&c) {
                        continue;
                    }
                    in_effect.insert(at, c);
                }
                next += 1;
                conn.execute(
                    "INSERT INTO corrections (document_key, line, correction) VALUES (?1, ?2, ?3)",
                    &[Param::Text(Some(key)), Param::Int(Some(next)), Param::Text(Some(line))],
                )?;
            }
            let roadmap: Roadmap = serde_json::from_slice(&json)?;
            let (shown, said) = with_kept_corrections(conn, &roadmap)?;
            delete_rows(conn, key)?;
            insert_document_rows(conn, &shown)?;
            Ok(Some(said))
        })
    }

    /// A stored document's corrections, as JSON lines of the corrections file, in the order
    /// they were given; `None` when there is no such document.
    pub fn corrections(&self, key: &str) -> Result<Option<Vec<String>>, StoreError> {
        let mut conn = self.lock();
        if conn.query("SELECT 1 FROM stored WHERE document_key = ?1", &[Param::Text(Some(key))])?.is_empty() {
            return Ok(None);
        }
        correction_lines(&mut conn, key).map(Some)
    }

    /// A stored document's canonical JSON with its corrections applied, as `roadmap extract
    /// --corrections` prints it: the stored JSON itself when it has none.
    pub fn corrected_json(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let mut conn = self.lock();
        let Some(json) = stored_json(&mut conn, key)? else { return Ok(None) };
        let lines = correction_lines(&mut conn, key)?;
        if lines.is_empty() {
            return Ok(Some(json));
        }
        let roadmap: Roadmap = serde_json::from_slice(&json)?;
        let mut out = serde_json::to_vec_pretty(&with_corrections(&roadmap, &lines)?.0)?;
        out.push(b'\n');
        Ok(Some(out))
    }

    /// A stored document's canonical JSON, as it was read.
    pub fn document_json(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let rows = self.lock().query("SELECT json FROM stored WHERE document_key = ?1", &[Param::Text(Some(key))])?;
        Ok(rows.into_iter().next().and_then(|r| r.into_iter().next()).and_then(Cell::blob))
    }

    /// Every stored document, latest first.
    pub fn documents(&self) -> Result<Vec<DocumentSummary>, StoreError> {
        let rows = self.lock().query(
            "SELECT s.document_key, s.name, s.stored_at, s.warnings, d.format, d.kind, d.region, d.region_iso, d.number, d.date, d.title, d.actions, d.act_key \
             FROM stored s LEFT JOIN documents d ON d.document_key = s.document_key ORDER BY s.stored_at DESC, s.name",
            &[],
        )?;
        rows.into_iter()
            .map(|row| {
                let mut cells = row.into_iter();
                let mut next = || cells.next().unwrap_or(Cell::Null);
                Ok(DocumentSummary {
                    document_key: next().text().ok_or(StoreError::Row("stored.document_key"))?,
                    name: next().text().unwrap_or_default(),
                    stored_at: next().text().unwrap_or_default(),
                    warnings: next().text().and_then(|w| serde_json::from_str(&w).ok()).unwrap_or_default(),
                    format: next().text(),
                    kind: next().text(),
                    region: next().text(),
                    region_iso: next().text(),
                    number: next().text(),
                    date: next().text(),
                    title: next().text(),
                    actions: next().int(),
                    act_key: next().text(),
                })
            })
            .collect()
    }

    /// Every stored document (or those of `keys`), in name order.
    pub fn roadmaps(&self, keys: Option<&[String]>) -> Result<Vec<Roadmap>, StoreError> {
        let rows = self.lock().query("SELECT document_key, json FROM stored ORDER BY name, document_key", &[])?;
        let mut roadmaps = Vec::new();
        for row in rows {
            let mut cells = row.into_iter();
            let key = cells.next().and_then(Cell::text).unwrap_or_default();
            if keys.is_some_and(|keys| !keys.contains(&key)) {
                continue;
            }
            let json = cells.next().and_then(Cell::blob).ok_or(StoreError::Row("stored.json"))?;
            let roadmap: Roadmap = serde_json::from_slice(&json)?;
            let shown = with_kept_corrections(&mut self.lock(), &roadmap)?.0.into_owned();
            roadmaps.push(shown);
        }
        Ok(roadmaps)
    }

    /// Forget a stored document, its rows, its corrections and its bytes. `false` when there is no such document.
    pub fn delete_document(&self, key: &str) -> Result<bool, StoreError> {
        self.transaction(|conn| {
            let old_act = act_of(conn, key)?;
            delete_rows(conn, key)?;
            let deleted = conn.execute("DELETE FROM stored WHERE document_key = ?1", &[Param::Text(Some(key))])?;
            conn.execute("DELETE FROM corrections WHERE document_key = ?1", &[Param::Text(Some(key))])?;
            let used = conn.query("SELECT 1 FROM job_files WHERE sha256 = ?1 AND state = 'queued'", &[Param::Text(Some(key))])?;
            if used.is_empty() {
                conn.execute("DELETE FROM sources WHERE sha256 = ?1", &[Param::Text(Some(key))])?;
            }
            if let Some(old) = old_act {
                refresh_act(conn, &old, None)?;
            }
            Ok(deleted > 0)
        })
    }
}

const PUT_SOURCE: &str = "INSERT INTO sources (sha256, bytes) VALUES (?1, ?2) ON CONFLICT (sha256) DO NOTHING";

fn job_of(row: Vec<Cell>, counts: Vec<Vec<Cell>>) -> Result<Job, StoreError> {
    let mut cells = row.into_iter();
    let mut next = || cells.next().unwrap_or(Cell::Null);
    let mut job = Job {
        id: next().text().ok_or(StoreError::Row("jobs.id"))?,
        state: next().text().unwrap_or_default(),
        options: next().text().unwrap_or_default(),
        created_at: next().text().unwrap_or_default(),
        finished_at: next().text(),
        total: 0,
        queued: 0,
        done: 0,
        failed: 0,
        cancelled: 0,
    };
    for count in counts {
        let mut cells = count.into_iter();
        let state = cells.next().and_then(Cell::text).unwrap_or_default();
        let n = cells.next().and_then(|c| c.int()).and_then(|n| u64::try_from(n).ok()).unwrap_or(0);
        job.total += n;
        match state.as_str() {
            "queued" => job.queued += n,
            "done" => job.done += n,
            "failed" => job.failed += n,
            _ => job.cancelled += n,
        }
    }
    Ok(job)
}

/// The act a stored document's rows belong to.
fn act_of(conn: &mut Conn, key: &str) -> Result<Option<String>, StoreError> {
    let rows = conn.query("SELECT act_key FROM documents WHERE document_key = ?1", &[Param::Text(Some(key))])?;
    Ok(rows.into_iter().next().and_then(|r| r.into_iter().next()).and_then(Cell::text))
}

fn delete_rows(conn: &mut Conn, key: &str) -> Result<(), StoreError> {
    conn.execute("DELETE FROM actions WHERE document_key = ?1", &[Param::Text(Some(key))])?;
    conn.execute("DELETE FROM documents WHERE document_key = ?1", &[Param::Text(Some(key))])?;
    Ok(())
}

/// What the store calls the corrections it holds, in the warnings of those not applied.
const CORRECTIONS_NAME: &str = "the document's corrections";

fn stored_json(conn: &mut Conn, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
    let rows = conn.query("SELECT json FROM stored WHERE document_key = ?1", &[Param::Text(Some(key))])?;
    Ok(rows.into_iter().next().and_then(|r| r.into_iter().next()).and_then(Cell::blob))
}

fn correction_lines(conn: &mut Conn, key: &str) -> Result<Vec<String>, StoreError> {
    let rows = conn.query("SELECT correction FROM corrections WHERE document_key = ?1 ORDER BY line", &[Param::Text(Some(key))])?;
    Ok(rows.into_iter().filter_map(|r| r.into_iter().next().and_then(Cell::text)).collect())
}

/// `roadmap` with the corrections kept for its document applied (itself when there are
/// none), and what was not applied.
fn with_kept_corrections<'a>(conn: &mut Conn, roadmap: &'a Roadmap) -> Result<(Cow<'a, Roadmap>, Vec<String>), StoreError> {
    let lines = correction_lines(conn, &roadmap.source.sha256)?;
    with_corrections(roadmap, &lines)
}

/// `roadmap` with `lines` (of the corrections file) applied, and what was not applied.
fn with_corrections<'a>(roadmap: &'a Roadmap, lines: &[String]) -> Result<(Cow<'a, Roadmap>, Vec<String>), StoreError> {
    if lines.is_empty() {
        return Ok((Cow::Borrowed(roadmap), Vec::new()));
    }
    let corrections = roadmap_corrections::parse(&lines.join("\n")).map_err(|_| StoreError::Row("corrections.correction"))?;
    let mut corrected = roadmap.clone();
    let said = roadmap_corrections::apply_noting(&mut corrected, &corrections, CORRECTIONS_NAME);
    Ok((Cow::Owned(corrected), said))
}

/// Write a document's `documents` and `actions` rows, from the roadmap as it is shown
/// (its kept corrections applied).
fn insert_document_rows(conn: &mut Conn, shown: &Roadmap) -> Result<(), StoreError> {
    let rows = roadmap_export::tables(std::slice::from_ref(shown), ALL_RENDITIONS);
    insert_rows(conn, &rows.documents, "")?;
    insert_rows(conn, &rows.actions, "")
}

/// The export's options for the store: the rows of every rendition (a rendition's `documents`
/// and `actions` rows then follow from it alone; its act's row from all of them).
const ALL_RENDITIONS: roadmap_export::Options = roadmap_export::Options { all_renditions: true, every_file: false };

/// Insert `table`'s rows, each statement ending with `conflict` (an `ON CONFLICT` clause, or
/// nothing).
fn insert_rows(conn: &mut Conn, table: &roadmap_export::Table, conflict: &str) -> Result<(), StoreError> {
    let names: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
    let places: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
    let sql = format!("INSERT INTO {} ({}) VALUES ({}){conflict}", table.name, names.join(", "), places.join(", "));
    for row in &table.rows {
        let params: Vec<Param<'_>> = row.iter().zip(table.columns).map(|(value, column)| param(value, column.kind)).collect();
        conn.execute(&sql, &params)?;
    }
    Ok(())
}

/// Make an act's row again from its stored renditions (those with a `documents` row) and `new`
/// (whose rows are not written yet): the best rendition and the fields the renditions state,
/// written over the row there was (the act's documents and actions refer to it); the row
/// removed when no rendition is left.
fn refresh_act(conn: &mut Conn, act: &str, new: Option<&Roadmap>) -> Result<(), StoreError> {
    let rows = conn.query(
        "SELECT s.json FROM stored s JOIN documents d ON d.document_key = s.document_key WHERE d.act_key = ?1",
        &[Param::Text(Some(act))],
    )?;
    let mut renditions: Vec<Roadmap> = Vec::new();
    for row in rows {
        let json = row.into_iter().next().and_then(Cell::blob).ok_or(StoreError::Row("stored.json"))?;
        renditions.push(Roadmap::head_from_json(&json)?); // an act's row does not read the actions
    }
    renditions.extend(new.map(Roadmap::head));
    if renditions.is_empty() {
        conn.execute("DELETE FROM acts WHERE act_key = ?1", &[Param::Text(Some(act))])?;
        return Ok(());
    }
    let acts = roadmap_export::tables(&renditions, ALL_RENDITIONS).acts;
    let update: Vec<String> = acts.columns.iter().skip(1).map(|c| format!("{0} = excluded.{0}", c.name)).collect();
    insert_rows(conn, &acts, &format!(" ON CONFLICT (act_key) DO UPDATE SET {}", update.join(", ")))
}

fn param(value: &Value, kind: Kind) -> Param<'_> {
    match value {
        Value::Text(t) => Param::Text(t.as_deref()),
        Value::Integer(n) if kind == Kind::Integer => Param::Int32(n.and_then(|n| i32::try_from(n).ok())),
        Value::Integer(n) => Param::Int(*n),
        Value::Date(d) => Param::Date(*d),
        Value::List(items) => Param::List(items),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> (Vec<u8>, Roadmap) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures").join(name);
        let json = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let roadmap = serde_json::from_slice(&json).unwrap_or_else(|e| panic!("{name}: {e}"));
        (json, roadmap)
    }

    fn count(store: &Store, sql: &str) -> i64 {
        let rows = store.lock().query(sql, &[]).unwrap_or_else(|e| panic!("{sql}: {e}"));
        rows.first().and_then(|r| r.first()).and_then(Cell::int).unwrap_or(-1)
    }

    #[test]
    fn documents_keep_the_export_tables_of_their_acts() -> Result<(), StoreError> {
        let dir = tempfile::tempdir()?;
        let store = Store::open(&dir.path().join("new/roadmap.db").to_string_lossy())?;
        let (docx_json, docx) = fixture("orel-2022-order-226.docx.json");
        let (pdf_json, pdf) = fixture("orel-2022-order-226.pdf.json");
        let (other_json, other) = fixture("kaluga-2021-order-779.docx.json");
        store.put_document("orel.docx", &docx_json, &docx)?;
        store.put_document("orel.pdf", &pdf_json, &pdf)?;
        store.put_document("kaluga.docx", &other_json, &other)?;
        store.put_document("orel.docx", &docx_json, &docx)?; // again: still one document
        assert_eq!(count(&store, "SELECT count(*) FROM acts"), 2);
        assert_eq!(count(&store, "SELECT count(*) FROM documents"), 3);
        assert_eq!(count(&store, "SELECT renditions FROM acts WHERE act_key LIKE 'RU-ORL%'"), 2);
        let every = (docx.actions.len() + pdf.actions.len() + other.actions.len()) as i64;
        assert_eq!(count(&store, "SELECT count(*) FROM actions"), every, "every stored document's actions");
        assert_eq!(store.document_json(&docx.source.sha256)?.as_deref(), Some(docx_json.as_slice()));
        let listed = store.documents()?;
        assert_eq!(listed.len(), 3);
        assert!(listed.iter().any(|d| d.name == "orel.pdf" && d.region_iso.as_deref() == Some("RU-ORL")));
        assert_eq!(store.roadmaps(Some(std::slice::from_ref(&other.source.sha256)))?.len(), 1);
        assert!(store.delete_document(&pdf.source.sha256)?);
        assert!(!store.delete_document(&pdf.source.sha256)?);
        assert_eq!(count(&store, "SELECT renditions FROM acts WHERE act_key LIKE 'RU-ORL%'"), 1);
        assert_eq!(count(&store, "SELECT count(*) FROM documents"), 2);
        Ok(())
    }

    #[test]
    fn a_database_made_before_the_tables_grew_gets_their_new_columns() -> Result<(), StoreError> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("roadmap.db").to_string_lossy().into_owned();
        drop(Store::open(&path)?);
        {
            let old = rusqlite::Connection::open(&path)?;
            for column in ["verdict", "corrected", "action_key"] {
                old.execute_batch(&format!("ALTER TABLE actions DROP COLUMN {column}"))?;
            }
        }
        let store = Store::open(&path)?;
        let (json, docx) = fixture("orel-2022-order-226.docx.json");
        store.put_document("orel.docx", &json, &docx)?;
        assert_eq!(
            count(&store, "SELECT count(*) FROM actions WHERE action_key IS NOT NULL AND corrected = '[]'"),
            docx.actions.len() as i64
        );
        Ok(())
    }

    #[test]
    fn corrections_are_kept_and_applied_to_the_rows_and_the_json() -> Result<(), StoreError> {
        let dir = tempfile::tempdir()?;
        let store = Store::open(&dir.path().join("roadmap.db").to_string_lossy())?;
        let (json, docx) = fixture("orel-2022-order-226.docx.json");
        let key = docx.source.sha256.clone();
        store.put_document("orel.docx", &json, &docx)?;
        let line = |seq: usize, field: &str, value: &str, original: Option<&str>| {
            let text = &docx.actions[seq - 1].action;
            serde_json::json!({"document": key, "seq": seq, "action_sha256": roadmap_corrections::text_sha256(text),
                "field": field, "value": value, "original": original})
            .to_string()
        };
        let lines = vec![
            line(1, "deadline", "20.12.2021 г.", None),
            line(2, "row", "wrong", None),
            line(3, "result", "Протокол", Some("not what it reads")),
        ];
        let said = store.add_corrections(&key, &lines)?.expect("a stored document");
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said[0].starts_with("the document's corrections line 3: result of action 3 not applied"), "{said:?}");
        assert_eq!(store.corrections(&key)?, Some(lines.clone()));
        // sent again (a review page sends all of its own each time it saves): nothing kept twice;
        // a value changed, then changed back, is kept each time (the last one is in effect)
        store.add_corrections(&key, &lines)?;
        assert_eq!(store.corrections(&key)?, Some(lines.clone()));
        let changed = line(1, "deadline", "25.12.2021 г.", None);
        store.add_corrections(&key, &[changed.clone(), lines[0].clone()])?;
        let mut expected = lines.clone();
        expected.extend([changed, lines[0].clone()]);
        assert_eq!(store.corrections(&key)?, Some(expected));
        assert_eq!(store.add_corrections(&"0".repeat(64), &lines)?, None);
        let corrected_rows = |store: &Store| {
            (
                count(store, "SELECT count(*) FROM actions WHERE seq = 1 AND deadline_end = '2021-12-20' AND corrected = '[\"deadline\"]'"),
                count(store, "SELECT count(*) FROM actions WHERE seq = 2 AND verdict = 'wrong'"),
            )
        };
        assert_eq!(corrected_rows(&store), (1, 1));
        let shown: Roadmap = serde_json::from_slice(&store.corrected_json(&key)?.expect("the document"))?;
        assert_eq!(shown.actions[0].deadline.end.as_deref(), Some("2021-12-20"));
        assert!(shown.actions[0].corrected);
        assert_eq!(store.document_json(&key)?.as_deref(), Some(json.as_slice()), "the JSON as read is kept");
        store.put_document("orel.docx", &json, &docx)?; // read again: the corrections still hold
        assert_eq!(corrected_rows(&store), (1, 1));
        assert_eq!(store.roadmaps(None)?[0].actions[1].verdict, Some(roadmap_model::Verdict::Wrong));
        Ok(())
    }

    #[test]
    fn jobs_are_stored_whole_and_resume_where_they_stopped() -> Result<(), StoreError> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("roadmap.db").to_string_lossy().into_owned();
        let store = Store::open(&path)?;
        let files = [NewFile { name: "a.docx", sha256: "aa", bytes: b"A" }, NewFile { name: "b.pdf", sha256: "bb", bytes: b"B" }];
        store.add_job("j1", "{}", &files)?;
        store.finish_file("j1", 0, &FileOutcome::Failed { code: "zip_bomb", message: "bomb" })?;
        drop(store);
        // a restart: what was not read is still to be read
        let store = Store::open(&path)?;
        let pending = store.pending_files()?;
        assert_eq!(pending.len(), 1);
        assert_eq!((pending[0].seq, pending[0].name.as_str(), pending[0].sha256.as_str()), (1, "b.pdf", "bb"));
        assert_eq!(store.source("bb")?.as_deref(), Some(&b"B"[..]));
        let job = store.job("j1")?.ok_or(StoreError::Row("job"))?;
        assert_eq!((job.state.as_str(), job.total, job.failed, job.queued), ("active", 2, 1, 1));
        store.finish_file("j1", 1, &FileOutcome::Done { document_key: "bb" })?;
        let job = store.job("j1")?.ok_or(StoreError::Row("job"))?;
        assert_eq!((job.state.as_str(), job.done, job.queued), ("done", 1, 0));
        assert!(job.finished_at.is_some());
        let files = store.job_files("j1", 1)?;
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].document_key.as_deref(), Some("bb"));
        // a cancelled job gives no more files
        store.add_job("j2", "{}", &[NewFile { name: "c.docx", sha256: "cc", bytes: b"C" }])?;
        assert!(store.cancel_job("j2")?);
        assert!(!store.cancel_job("nope")?);
        assert!(store.pending_files()?.is_empty());
        assert_eq!(store.jobs(10)?.len(), 2);
        // a job whose file is refused is not stored at all
        let bad = [NewFile { name: "d", sha256: "dd", bytes: b"D" }];
        assert!(store.add_job("j1", "{}", &bad).is_err(), "the same id twice");
        assert!(store.source("dd")?.is_none(), "nothing of the refused job is kept");
        Ok(())
    }
}
