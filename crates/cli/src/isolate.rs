//! Documents read in worker processes: `extract --isolate` and the hidden `worker` command
//! the pool starts (this same program), over `roadmap-workers`.

use std::path::Path;
use std::time::Duration;

use roadmap_workers::{Answer, Done, Made, Make, Pool, PoolConfig, Task, TaskOptions};

use crate::read::{extract_bytes, read_input, Limits};
use crate::render::{render, Chunks, Failed, Notes, Rendered};

/// The limits of worker processes (`extract --isolate`, `serve`).
#[derive(clap::Args, Debug, Clone)]
pub struct WorkerLimits {
    /// Memory one worker process may use, in MiB: past it the worker is killed and its
    /// document fails with `memory_limit`.
    #[arg(long, value_name = "MIB", default_value_t = 1024)]
    pub worker_memory_mib: u64,
    /// Documents a worker process reads before it is replaced by a new one.
    #[arg(long, value_name = "N", default_value_t = 500)]
    pub recycle_after: u32,
}

/// Time past a document's own limit before its worker is killed: the worker's own check of
/// the time usually answers `timeout` well within it.
const KILL_GRACE: Duration = Duration::from_secs(2);

impl WorkerLimits {
    /// How a pool of `size` workers of this program is started and bounded.
    pub fn pool_config(&self, size: usize) -> Result<PoolConfig, String> {
        if self.worker_memory_mib == 0 {
            return Err("--worker-memory-mib 0: give the memory a worker may use".into());
        }
        let program = std::env::current_exe().map_err(|e| format!("cannot find this program to start workers: {e}"))?;
        let cap = self.worker_memory_mib.saturating_mul(1024 * 1024);
        Ok(PoolConfig {
            program,
            args: vec!["worker".into(), "--memory-mib".into(), self.worker_memory_mib.to_string().into()],
            size: size.max(1),
            memory_cap: Some(cap),
            recycle_after: self.recycle_after,
            kill_grace: KILL_GRACE,
        })
    }

    pub fn pool(&self, size: usize) -> Result<Pool, String> {
        self.pool_config(size).map(Pool::new)
    }
}

/// Read one input in this process (it may be a pipe), then the document in a worker.
pub fn read(path: &Path, shown: &str, pool: &Pool, options: &TaskOptions, limits: &Limits) -> Result<Rendered, Failed> {
    let bytes = read_input(path, limits).map_err(|e| Failed::of(&e))?;
    read_bytes(bytes, path, shown, pool, options)
}

/// Read the document of an input's bytes, read in this process already, in a worker.
pub fn read_bytes(bytes: Vec<u8>, path: &Path, shown: &str, pool: &Pool, options: &TaskOptions) -> Result<Rendered, Failed> {
    let task = Task {
        path: path.to_string_lossy().into_owned(),
        shown: shown.to_string(),
        options: options.clone(),
        make: Make::Canonical,
        bytes: bytes.into(),
    };
    match pool.run(&task) {
        Ok(Answer::Done(done)) => Ok(Rendered {
            actions: done.actions,
            notes: Notes { mislabelled: done.mislabelled, no_table: done.no_table, not_plans: done.not_plans },
            json: Chunks::from_bytes(done.json),
        }),
        Ok(Answer::Failed { code, message }) => Err(Failed { code, message }),
        Ok(Answer::Made(_)) => {
            Err(Failed { code: roadmap_codes::INTERNAL.to_string(), message: "the worker made a page, not the canonical JSON".into() })
        }
        Err(failure) => Err(Failed { code: failure.code().to_string(), message: failure.to_string() }),
    }
}

#[derive(clap::Args)]
pub struct WorkerArgs {
    /// Memory this worker may map beyond what it has at start, in MiB.
    #[arg(long, value_name = "MIB")]
    memory_mib: Option<u64>,
}

/// `roadmap worker`: answer the tasks of standard input on standard output.
pub fn worker(args: WorkerArgs) -> u8 {
    if let Some(mib) = args.memory_mib {
        if let Err(e) = roadmap_workers::worker::cap_memory(mib.saturating_mul(1024 * 1024)) {
            eprintln!("error: cannot cap the worker's memory: {e}");
            return 2;
        }
    }
    match roadmap_workers::worker::serve(answer) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: worker: {e}");
            2
        }
    }
}

/// A worker's answer to one task.
fn answer(task: Task) -> Answer {
    let limits = Limits::of(&task.options);
    let path = Path::new(&task.path);
    let made = |bytes: Vec<u8>, content_type: &str| Answer::Made(Made { bytes, content_type: content_type.to_string() });
    match &task.make {
        Make::Canonical => {}
        Make::ReviewPage { roadmap, pictures, index, corrections, dpi } => {
            let roadmap: roadmap_model::Roadmap = match serde_json::from_str(roadmap) {
                Ok(r) => r,
                Err(e) => {
                    return Answer::Failed { code: roadmap_codes::INTERNAL.to_string(), message: format!("not a canonical roadmap: {e}") }
                }
            };
            let around = roadmap_review::Neighbours { index: Some(index.clone()), corrections: corrections.clone(), ..Default::default() };
            let page = crate::report::served_page(&task.bytes, path, &roadmap, &around, pictures, *dpi, &limits);
            return made(page.into_bytes(), "text/html; charset=utf-8");
        }
        Make::PagePicture { page, dpi } => {
            let drawn = roadmap_render::render(&task.bytes, &[*page], *dpi).and_then(|mut p| p.remove(0));
            return match drawn {
                Ok(picture) => made(picture.png, "image/png"),
                Err(e @ roadmap_render::RenderError::NoSuchPage(_)) => {
                    Answer::Failed { code: roadmap_codes::NOT_FOUND.to_string(), message: e.to_string() }
                }
                Err(e) => Answer::Failed { code: roadmap_codes::PDF_UNREADABLE.to_string(), message: e.to_string() },
            };
        }
    }
    let read = crate::read::isolated(|| {
        let extracted = extract_bytes(&task.bytes, path, &task.shown, &limits)?;
        let format = extracted.roadmap.source.format.to_string().to_ascii_lowercase();
        Ok((format, render(extracted, task.options.pretty)?))
    });
    match read {
        Ok((format, rendered)) => Answer::Done(Done {
            json: rendered.json.into_bytes(),
            format,
            actions: rendered.actions,
            no_table: rendered.notes.no_table,
            mislabelled: rendered.notes.mislabelled,
            not_plans: rendered.notes.not_plans,
        }),
        Err(e) => Answer::Failed { code: e.code().to_string(), message: e.to_string() },
    }
}
