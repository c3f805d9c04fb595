//! The worker's side: the loop that answers tasks, and the cap a worker sets on its own
//! memory when it starts.

use std::io::{self, BufWriter, Read, Write};

use crate::protocol::{read_frame, task_of, write_answer, Answer, FrameError, Task};

/// Cap this process's address space at what it has mapped now plus `bytes`
/// (`setrlimit(RLIMIT_AS)`), so an allocation past the cap fails at once — the process then
/// stops with «memory allocation of N bytes failed», which the pool reports as
/// `memory_limit` — rather than the machine running out of memory before the parent's next
/// look at the worker's resident size. Child processes (Tesseract) inherit the cap. It is a
/// backstop: address space an allocator reserved before the cap (an arena) is not counted
/// again, so the parent's look at the peak resident size is what enforces the cap.
pub fn cap_memory(bytes: u64) -> io::Result<()> {
    let mapped = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find_map(|l| l.strip_prefix("VmSize:").map(str::to_string)))
        .and_then(|v| v.split_whitespace().next().and_then(|kb| kb.parse::<u64>().ok()))
        .map_or(0, |kb| kb * 1024);
    let limit = mapped.saturating_add(bytes);
    rlimit::setrlimit(rlimit::Resource::AS, limit, limit)
}

/// Answer the tasks of standard input on standard output until the parent closes it.
pub fn serve(handle: impl FnMut(Task) -> Answer) -> Result<(), FrameError> {
    serve_on(io::stdin().lock(), io::stdout().lock(), handle)
}

/// Answer the tasks read from `input` on `output`, one answer per task, until `input` ends.
pub fn serve_on(mut input: impl Read, output: impl Write, mut handle: impl FnMut(Task) -> Answer) -> Result<(), FrameError> {
    let mut output = BufWriter::new(output);
    while let Some((header, body)) = read_frame(&mut input)? {
        let task = task_of(&header, body)?;
        let answer = handle(task);
        write_answer(&mut output, &answer)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{answer_of, task_frame, Done, Make, TaskOptions};

    #[test]
    fn answers_each_task_in_order() -> Result<(), FrameError> {
        let options = TaskOptions {
            timeout_secs: None,
            max_part_bytes: None,
            max_file_bytes: 100,
            ocr: crate::protocol::OcrMode::Never,
            ocr_lang: "rus".into(),
            pretty: false,
        };
        let mut input = Vec::new();
        for name in ["a.docx", "b.pdf"] {
            let task = Task {
                path: name.into(),
                shown: name.into(),
                options: options.clone(),
                make: Make::Canonical,
                bytes: name.as_bytes().to_vec().into(),
            };
            task_frame(&task)?.write_to(&mut input)?;
        }
        let mut output = Vec::new();
        serve_on(input.as_slice(), &mut output, |task| {
            if task.path.ends_with(".pdf") {
                Answer::Failed { code: "pdf_unreadable".into(), message: "no".into() }
            } else {
                Answer::Done(Done {
                    json: task.bytes.to_vec(),
                    format: "docx".into(),
                    actions: 1,
                    no_table: false,
                    mislabelled: None,
                    not_plans: vec![],
                })
            }
        })?;
        let mut answers = output.as_slice();
        let mut next = || -> Result<Answer, FrameError> {
            let (h, b) = read_frame(&mut answers)?.ok_or(FrameError::HeaderTooLong(0))?;
            answer_of(&h, b)
        };
        assert!(matches!(next()?, Answer::Done(d) if d.json == b"a.docx"));
        assert!(matches!(next()?, Answer::Failed { code, .. } if code == "pdf_unreadable"));
        Ok(())
    }
}
