//! `roadmap`: Russian regional roadmap orders (DOCX, DOC, RTF, ODT, PDF, XLSX, XLS, ODS) → canonical JSON.
//!
//! Files and folders in, JSON out. This crate is the one that touches the filesystem,
//! threads, the terminal and stdout: format sniffing, the parallel batch with atomic writes and
//! error isolation, and the `dates` and `schema` commands. See `README.md` for the commands.
//!
//! The binary is [`run`] on the process's arguments; the Python package calls the same
//! [`run`] for `python -m roadmap`, [`read`] for one file and [`ordered`] for many.

mod batch;
mod changes;
mod consumers;
mod corrections;
mod documents;
pub mod inputs;
mod isolate;
mod ledger;
pub mod ordered;
pub mod output;
mod pictures;
pub mod read;
mod render;
mod report;
mod review;
#[cfg(feature = "serve")]
mod serve;

use std::io::Write;

use clap::{CommandFactory, Parser, Subcommand};
use serde::Serialize;

#[derive(Parser)]
#[command(
    name = "roadmap",
    version,
    about = "Extract roadmap actions, deadlines and responsible parties from Russian regional orders into canonical JSON"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

pub use roadmap_dates::{plan_period, section_day};
pub use roadmap_extract::normalize_deadline;
pub use roadmap_model::DatesOutput;

#[derive(Subcommand)]
enum Command {
    /// Extract roadmaps: one FILE to stdout, or files and folders into -o DIR or --jsonl FILE.
    Extract(batch::ExtractArgs),
    /// Normalize one deadline cell and print the deadline object.
    Dates {
        /// The cell text, e.g. «Сентябрь-декабрь 2021».
        text: String,
        /// The plan's period, used for text that names no year: a year (1990–2100), a school
        /// year, «2021/2022» (September to August), several years, «2013-2018» («2021..2022»
        /// for two), or months of one year, «2018-06..2018-08» (a summer).
        #[arg(long, value_parser = plan_period)]
        year: Option<roadmap_dates::PlanPeriod>,
        /// The order's date, 15.03.2023 or 2023-03-15, for spans counted from it («в течение
        /// 10 дней со дня подписания»).
        #[arg(long, value_name = "DATE", value_parser = document_date)]
        document_date: Option<chrono::NaiveDate>,
        /// The month of the section heading, in a plan laid out by months: 1–12 or its name
        /// («октябрь», «Октябрь 2021»).
        #[arg(long, value_parser = month)]
        month: Option<u32>,
        /// The day of the section heading, in a plan laid out by date rows: «23.03», «23 марта»;
        /// a clock time or an empty cell is that day.
        #[arg(long, value_parser = section_day)]
        day: Option<roadmap_dates::SectionDay>,
        /// The row comes before the other months of its table: an August it names is the one
        /// that opens the school year, not the one that ends it.
        #[arg(long)]
        opens_school_year: bool,
    },
    /// Differences between canonical files (or folders of them): actions matched by number
    /// and text, changes per field. Exit 0 same, 1 different, 2 error.
    Diff(review::DiffArgs),
    /// Compare regions: a region × milestone table of the «500+» project with dates, coverage
    /// and missing milestones (Markdown, CSV, JSON or HTML).
    Compare(consumers::CompareArgs),
    /// Tables for a warehouse: acts, documents and actions as CSV with a PostgreSQL schema.sql,
    /// or as Parquet (--format parquet).
    Export(consumers::ExportArgs),
    /// The review report: every extracted row beside the place it came from (PDF pages with
    /// its boxes, tables with its cells marked), an index of what most needs a look, and
    /// corrections saved from the page (DIR/index.html).
    Review(report::ReviewArgs),
    /// What changed between two sets of canonical documents (two `extract -o` folders) or two
    /// exports: acts added, removed and changed, and a changed act's rows. Exit 0 nothing
    /// changed, 1 changed, 2 error.
    Changes(changes::ChangesArgs),
    /// Print the JSON Schema of the canonical output.
    Schema,
    /// The service: extraction over HTTP, stored documents, comparison and export, and the
    /// web app.
    #[cfg(feature = "serve")]
    Serve(serve::ServeArgs),
    /// Read documents sent on standard input, for `extract --isolate` and `serve`.
    #[command(hide = true)]
    Worker(isolate::WorkerArgs),
    /// Print the manual page (roff): `roadmap man > ~/.local/share/man/man1/roadmap.1`.
    Man,
    /// Print the completion script for SHELL: `roadmap completions bash >
    /// ~/.local/share/bash-completion/completions/roadmap` (scripts/install.sh puts both in place).
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
}

/// The shells `roadmap completions` writes for.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Shell {
    Bash,
    Zsh,
    Fish,
}

/// The command line's definition, for the manual page, the completions and the guide's
/// reference, which are generated from it.
pub fn command() -> clap::Command {
    Cli::command()
}

/// `--document-date`: an ISO date or one written the Russian way, 15.03.2023.
fn document_date(text: &str) -> Result<chrono::NaiveDate, String> {
    let text = text.trim();
    ["%Y-%m-%d", "%d.%m.%Y"]
        .iter()
        .find_map(|format| chrono::NaiveDate::parse_from_str(text, format).ok())
        .ok_or_else(|| format!("«{text}» is not a date: write 15.03.2023 or 2023-03-15"))
}

/// `--month`: 1–12, or a month as a section heading names it («октябрь», «Октябрь 2021»).
fn month(text: &str) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(m) if (1..=12).contains(&m) => Ok(m),
        Ok(_) => Err(format!("«{text}» is not a month: give 1–12 or its name, «октябрь»")),
        Err(_) => roadmap_dates::month_heading(text).ok_or_else(|| format!("«{text}» is not a month: give 1–12 or its name, «октябрь»")),
    }
}

fn print_json<T: Serialize>(value: &T) -> u8 {
    let mut out = std::io::stdout().lock();
    match serde_json::to_writer_pretty(&mut out, value).map_err(std::io::Error::from).and_then(|()| writeln!(out)) {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("error: cannot write the output: {e}");
            2
        }
    }
}

/// Run the command line `args` (the program's name first) and give its exit status: 0 done,
/// 1 some inputs failed or differ, 2 a usage or output error.
pub fn run<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        Command::Extract(args) => batch::run(args),
        Command::Dates { text, year, document_date, month, day, opens_school_year } => {
            print_json(&normalize_deadline(&text, &roadmap_dates::Context { period: year, document_date, month, day, opens_school_year }))
        }
        Command::Diff(args) => review::run(args),
        Command::Compare(args) => consumers::compare(args),
        Command::Export(args) => consumers::export(args),
        Command::Review(args) => report::run(args),
        Command::Changes(args) => changes::run(args),
        Command::Schema => print_json(&roadmap_model::json_schema()),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(args),
        Command::Worker(args) => isolate::worker(args),
        Command::Man => print_bytes(|out| clap_mangen::Man::new(command()).render(out)),
        Command::Completions { shell } => print_bytes(|out| {
            let shell = match shell {
                Shell::Bash => clap_complete::Shell::Bash,
                Shell::Zsh => clap_complete::Shell::Zsh,
                Shell::Fish => clap_complete::Shell::Fish,
            };
            // generated in memory: the generator panics on a failed write (a closed pipe)
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command(), "roadmap", &mut script);
            out.write_all(&script)
        }),
    }
}

/// Write what `write` makes to stdout, as [`print_json`] does.
fn print_bytes(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> u8 {
    let mut out = std::io::stdout().lock();
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("error: cannot write the output: {e}");
            2
        }
    }
}

/// Stop on Ctrl-C (SIGINT), SIGTERM or SIGHUP as a user expects: the documents in hand give
/// up, nothing more is read, the outputs finished so far are kept, temporary files are
/// removed, a line says what was written, and the exit code is 130. A second Ctrl-C ends the
/// process at once. For the binary only: Python keeps its own KeyboardInterrupt.
pub fn stop_on_interrupt() {
    let handler = || {
        if roadmap_layout::deadline::interrupted() {
            std::process::exit(i32::from(batch::INTERRUPTED));
        }
        roadmap_layout::deadline::interrupt();
    };
    if let Err(e) = ctrlc::set_handler(handler) {
        eprintln!("warning: Ctrl-C will stop the process without cleaning up: {e}");
    }
}
