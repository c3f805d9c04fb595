//! The frames a parent and a worker exchange over the worker's standard input and output.
//!
//! A frame is a header and a body: `u32` little-endian length, the header as JSON, `u64`
//! little-endian length, the body's bytes. The parent sends a [`Task`] (the header holds the
//! name and options, the body the document's bytes); the worker answers each task with one
//! [`Answer`] (the header holds the outcome, the body the canonical JSON). Nothing else is
//! written to the worker's standard output.

use std::io::{self, Read, Write};

use bytes::Bytes;
use serde::{Deserialize, Serialize};

/// The largest header read: headers are a few hundred bytes of options and outcomes.
const MAX_HEADER: u32 = 16 * 1024 * 1024;

/// How to read a document: the command line's options of `extract`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskOptions {
    /// Seconds the document may take to be read and extracted (`--timeout`); `None`: no limit.
    pub timeout_secs: Option<f64>,
    /// An absolute cap on one decompressed package part or PDF stream (`--max-part-mib`).
    pub max_part_bytes: Option<u64>,
    /// The largest document read (`--max-file-mib`).
    pub max_file_bytes: u64,
    /// Which scanned PDF pages are recognized (`--ocr`).
    pub ocr: OcrMode,
    /// The scans' languages as Tesseract names them (`--ocr-lang`).
    pub ocr_lang: String,
    /// Indented JSON (as `extract FILE` and `-o DIR` write it) rather than one line (`--jsonl`).
    pub pretty: bool,
}

/// Which scanned PDF pages are recognized (`--ocr`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OcrMode {
    /// The pages without a text layer.
    #[default]
    Auto,
    /// Every page that paints an image.
    Always,
    /// None: a scan fails with `no_text_layer`.
    Never,
}

/// One document to read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// The path the document was read from (its extension tells the format the name claims).
    pub path: String,
    /// The name written to `source.path`.
    pub shown: String,
    pub options: TaskOptions,
    /// What to make of the document: its canonical JSON unless said otherwise.
    #[serde(default)]
    pub make: Make,
    /// The document's bytes (the frame's body), shared rather than copied on their way to a
    /// worker.
    #[serde(skip)]
    pub bytes: Bytes,
}

/// What a task makes of its document.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "make", rename_all = "snake_case")]
pub enum Make {
    /// Its canonical JSON ([`Answer::Done`]).
    #[default]
    Canonical,
    /// Its page of the review report, HTML ([`Answer::Made`]): the rows of `roadmap` (its
    /// canonical JSON, as stored and corrected) beside the document as read again; a picture of
    /// PDF page N is linked as `pictures` followed by `N.png`; «all documents» links to `index`;
    /// corrections are sent to `corrections` when given (else saved as a file).
    ReviewPage { roadmap: String, pictures: String, index: String, corrections: Option<String>, dpi: f32 },
    /// A picture of one PDF page, PNG ([`Answer::Made`]).
    PagePicture { page: u32, dpi: f32 },
}

/// A document read: its canonical JSON and what a batch reports about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Done {
    /// The canonical JSON (the frame's body).
    #[serde(skip)]
    pub json: Vec<u8>,
    /// The format the document was read as, in lower case (`docx`, `pdf`).
    #[serde(default)]
    pub format: String,
    pub actions: usize,
    /// The document has no roadmap table.
    pub no_table: bool,
    /// «named as DOCX, read as XLSX» when the name claims another format than the content.
    pub mislabelled: Option<String>,
    /// Why each table that could have been a plan was not one.
    pub not_plans: Vec<String>,
}

/// A page or a picture made of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Made {
    /// Its bytes (the frame's body).
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// Its media type: `text/html; charset=utf-8`, `image/png`.
    pub content_type: String,
}

/// A worker's answer to a task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Answer {
    Done(Done),
    /// What a task other than [`Make::Canonical`] made.
    Made(Made),
    /// The document was not read: its error code (as in `_errors.jsonl`) and message.
    Failed {
        code: String,
        message: String,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    #[error(transparent)]
    Io(#[from] io::Error),
    #[error("a frame's header is not what was expected: {0}")]
    Header(#[from] serde_json::Error),
    #[error("a frame's header of {0} bytes is past the limit")]
    HeaderTooLong(u32),
}

/// Write one frame: `header` as JSON, then `body`.
pub fn write_frame(out: &mut impl Write, header: &impl Serialize, body: &[u8]) -> Result<(), FrameError> {
    out.write_all(&frame_head(header, body.len())?)?;
    out.write_all(body)?;
    out.flush()?;
    Ok(())
}

/// What comes before a frame's body: the header's length, the header, the body's length.
fn frame_head(header: &impl Serialize, body_len: usize) -> Result<Vec<u8>, FrameError> {
    let header = serde_json::to_vec(header)?;
    let header_len = u32::try_from(header.len()).map_err(|_| FrameError::HeaderTooLong(u32::MAX))?;
    let mut head = Vec::with_capacity(header.len() + 12);
    head.extend(header_len.to_le_bytes());
    head.extend(header);
    head.extend((body_len as u64).to_le_bytes());
    Ok(head)
}

/// A frame ready to be written by another thread: its head, and its body shared with the
/// caller rather than copied (a document may be a hundred megabytes).
#[derive(Debug, Clone)]
pub struct OutgoingFrame {
    pub head: Vec<u8>,
    pub body: Bytes,
}

impl OutgoingFrame {
    pub fn write_to(&self, out: &mut impl Write) -> io::Result<()> {
        out.write_all(&self.head)?;
        out.write_all(&self.body)?;
        out.flush()
    }
}

/// A frame as read: its header (JSON) and its body.
pub type RawFrame = (Vec<u8>, Vec<u8>);

/// Read one frame: its header and body; `None` at the end of the input between frames.
pub fn read_frame(input: &mut impl Read) -> Result<Option<RawFrame>, FrameError> {
    let mut len = [0u8; 4];
    // the input may end before a frame, not within one
    let mut filled = 0;
    while filled < len.len() {
        match input.read(&mut len[filled..]) {
            Ok(0) if filled == 0 => return Ok(None),
            Ok(0) => return Err(io::Error::from(io::ErrorKind::UnexpectedEof).into()),
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    let header_len = u32::from_le_bytes(len);
    if header_len > MAX_HEADER {
        return Err(FrameError::HeaderTooLong(header_len));
    }
    let mut header = vec![0; header_len as usize];
    input.read_exact(&mut header)?;
    let mut len = [0u8; 8];
    input.read_exact(&mut len)?;
    let body_len = u64::from_le_bytes(len);
    // read as it comes rather than trusting the length for an allocation
    let mut body = Vec::new();
    let read = input.take(body_len).read_to_end(&mut body)?;
    if (read as u64) < body_len {
        return Err(io::Error::from(io::ErrorKind::UnexpectedEof).into());
    }
    Ok(Some((header, body)))
}

/// A task as a frame.
pub fn task_frame(task: &Task) -> Result<OutgoingFrame, FrameError> {
    Ok(OutgoingFrame { head: frame_head(task, task.bytes.len())?, body: task.bytes.clone() })
}

/// A task from a frame.
pub fn task_of(header: &[u8], body: Vec<u8>) -> Result<Task, FrameError> {
    let mut task: Task = serde_json::from_slice(header)?;
    task.bytes = Bytes::from(body);
    Ok(task)
}

/// Write an answer as a frame.
pub fn write_answer(out: &mut impl Write, answer: &Answer) -> Result<(), FrameError> {
    match answer {
        Answer::Done(done) => write_frame(out, answer, &done.json),
        Answer::Made(made) => write_frame(out, answer, &made.bytes),
        Answer::Failed { .. } => write_frame(out, answer, &[]),
    }
}

/// An answer from a frame.
pub fn answer_of(header: &[u8], body: Vec<u8>) -> Result<Answer, FrameError> {
    let mut answer: Answer = serde_json::from_slice(header)?;
    match &mut answer {
        Answer::Done(done) => done.json = body,
        Answer::Made(made) => made.bytes = body,
        Answer::Failed { .. } => {}
    }
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> TaskOptions {
        TaskOptions {
            timeout_secs: Some(2.5),
            max_part_bytes: None,
            max_file_bytes: 1 << 20,
            ocr: OcrMode::Auto,
            ocr_lang: "rus+eng".into(),
            pretty: true,
        }
    }

    #[test]
    fn tasks_and_answers_go_through_frames() -> Result<(), FrameError> {
        let task = Task {
            path: "a/b.docx".into(),
            shown: "b.docx".into(),
            options: options(),
            make: Make::Canonical,
            bytes: Bytes::from_static(b"PK\x03\x04 bytes"),
        };
        let done = Answer::Done(Done {
            json: b"{\"schema_version\": \"1\"}".to_vec(),
            format: "xlsx".into(),
            actions: 3,
            no_table: false,
            mislabelled: Some("named as DOCX, read as XLSX".into()),
            not_plans: vec!["table 1 is not a plan".into()],
        });
        let failed = Answer::Failed { code: "zip_bomb".into(), message: "a part inflates".into() };
        let review = Task {
            make: Make::ReviewPage {
                roadmap: "{\"actions\": []}".into(),
                pictures: "/pages/".into(),
                index: "/".into(),
                corrections: Some("/corrections".into()),
                dpi: 110.0,
            },
            ..task.clone()
        };
        let made = Answer::Made(Made { bytes: b"<!doctype html>".to_vec(), content_type: "text/html; charset=utf-8".into() });
        let mut stream = Vec::new();
        task_frame(&task)?.write_to(&mut stream)?;
        task_frame(&review)?.write_to(&mut stream)?;
        write_answer(&mut stream, &done)?;
        write_answer(&mut stream, &made)?;
        write_answer(&mut stream, &failed)?;
        let mut input = stream.as_slice();
        for expected in [task, review] {
            let (h, b) = read_frame(&mut input)?.ok_or(FrameError::HeaderTooLong(0))?;
            assert_eq!(task_of(&h, b)?, expected);
        }
        for expected in [done, made, failed] {
            let (h, b) = read_frame(&mut input)?.ok_or(FrameError::HeaderTooLong(0))?;
            assert_eq!(answer_of(&h, b)?, expected);
        }
        assert!(read_frame(&mut input)?.is_none(), "the end between frames");
        Ok(())
    }

    #[test]
    fn a_frame_cut_short_or_too_long_is_an_error() -> Result<(), FrameError> {
        let task = Task { path: "x".into(), shown: "x".into(), options: options(), make: Make::Canonical, bytes: vec![7; 1000].into() };
        let mut frame = Vec::new();
        task_frame(&task)?.write_to(&mut frame)?;
        for cut in [3, 10, frame.len() - 1] {
            assert!(read_frame(&mut &frame[..cut]).is_err(), "cut at {cut}");
        }
        let mut huge = (MAX_HEADER + 1).to_le_bytes().to_vec();
        huge.extend([0; 16]);
        assert!(matches!(read_frame(&mut huge.as_slice()), Err(FrameError::HeaderTooLong(_))));
        Ok(())
    }
}
