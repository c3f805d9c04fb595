//! A document read, as a batch writes it: its canonical JSON, and the notes the batch prints
//! about it; or why it was not read, as `_errors.jsonl` records it. The same whether it was
//! read in this process or in a worker process.

use std::io::Write;

use crate::read::{Extracted, FileError};

/// Serialized JSON in pieces small enough to be carved from memory the document's freed
/// actions leave behind (one contiguous buffer of a large document would be fresh memory on
/// top of it).
#[derive(Default)]
pub struct Chunks(Vec<Vec<u8>>);

impl Chunks {
    const SIZE: usize = 32 * 1024;

    pub fn write_to(&self, out: &mut impl Write) -> std::io::Result<()> {
        self.0.iter().try_for_each(|c| out.write_all(c))
    }

    /// The JSON in one buffer (a worker's answer is one frame).
    pub fn into_bytes(self) -> Vec<u8> {
        self.0.concat()
    }

    /// JSON received in one buffer.
    pub fn from_bytes(bytes: Vec<u8>) -> Chunks {
        Chunks(vec![bytes])
    }
}

impl Write for Chunks {
    fn write(&mut self, mut buf: &[u8]) -> std::io::Result<usize> {
        let written = buf.len();
        while !buf.is_empty() {
            let room = self.0.last().map_or(0, |c| c.capacity() - c.len());
            if room == 0 {
                self.0.push(Vec::with_capacity(Self::SIZE));
                continue;
            }
            let (now, later) = buf.split_at(room.min(buf.len()));
            if let Some(last) = self.0.last_mut() {
                last.extend_from_slice(now);
            }
            buf = later;
        }
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What a batch says about a document read, beside writing it.
#[derive(Debug, Clone, Default)]
pub struct Notes {
    /// «named as DOCX, read as XLSX».
    pub mislabelled: Option<String>,
    /// It has no roadmap table.
    pub no_table: bool,
    /// Why each table that could have been a plan was not one (`table.not_a_plan`), for
    /// `--verbose`.
    pub not_plans: Vec<String>,
}

impl Notes {
    pub fn of(extracted: &Extracted) -> Notes {
        let warnings = &extracted.roadmap.warnings;
        Notes {
            mislabelled: extracted.mislabelled.map(|(claimed, actual)| format!("named as {claimed}, read as {actual}")),
            no_table: warnings.iter().any(|w| w.code == roadmap_codes::DOCUMENT_NO_ROADMAP_TABLE.as_str()),
            not_plans: warnings.iter().filter(|w| w.code == roadmap_codes::TABLE_NOT_A_PLAN.as_str()).map(|w| w.message.clone()).collect(),
        }
    }
}

/// A document read and serialized.
pub struct Rendered {
    pub json: Chunks,
    pub actions: usize,
    pub notes: Notes,
}

/// Serialize a document: indented (as `extract FILE` and `-o DIR` write it, without the final
/// line end) or as one line with its line end (`--jsonl`). Each action is dropped once
/// written.
pub fn render(extracted: Extracted, pretty: bool) -> std::io::Result<Rendered> {
    let notes = Notes::of(&extracted);
    let actions = extracted.roadmap.actions.len();
    let roadmap = roadmap_model::ConsumingRoadmap::new(extracted.roadmap);
    let mut json = Chunks::default();
    if pretty { serde_json::to_writer_pretty(&mut json, &roadmap) } else { serde_json::to_writer(&mut json, &roadmap) }
        .map_err(std::io::Error::from)?;
    if !pretty {
        json.write_all(b"\n")?;
    }
    Ok(Rendered { json, actions, notes })
}

/// Why a document was not read: its code (as in `_errors.jsonl`) and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failed {
    pub code: String,
    pub message: String,
}

impl Failed {
    pub fn of(error: &FileError) -> Failed {
        Failed { code: error.code().to_string(), message: error.to_string() }
    }
}
