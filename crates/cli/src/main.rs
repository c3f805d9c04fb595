//! The `roadmap` command: [`roadmap::run`] on the process's arguments.

/// Reading a document allocates many small, short-lived values (glyphs, operands, cell texts);
/// mimalloc serves them faster than the system allocator. Its version 2, without transparent
/// huge pages: version 3 held a 200 000-row sheet's run above 512 MiB.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    roadmap::stop_on_interrupt();
    std::process::ExitCode::from(roadmap::run(std::env::args_os()))
}
