//! The `roadmap` command: [`roadmap::run`] on the process's arguments.

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(roadmap::run(std::env::args_os()))
}
