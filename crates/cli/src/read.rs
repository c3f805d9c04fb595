//! One file in, one canonical roadmap out: format sniffing by content, the reader, extraction.

use std::path::Path;

use roadmap_model::{Format, Roadmap, Source};
use sha2::{Digest, Sha256};

/// Why a file could not be turned into a roadmap. Each variant has a stable code.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("empty file")]
    Empty,
    #[error("file is larger than {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("unknown format (not DOCX, PDF, XLSX, XLS or ODS)")]
    UnknownFormat,
    #[error("encrypted document (password-protected Office file)")]
    Encrypted,
    #[error(transparent)]
    Docx(#[from] roadmap_docx::DocxError),
    #[error(transparent)]
    Xlsx(#[from] roadmap_xlsx::XlsxError),
    #[error(transparent)]
    Pdf(#[from] roadmap_pdf::PdfError),
}

impl FileError {
    /// The stable code written to `_errors.jsonl`.
    pub fn code(&self) -> &'static str {
        match self {
            FileError::Io(_) => "io",
            FileError::Empty => "empty",
            FileError::TooLarge { .. } => "too_large",
            FileError::UnknownFormat => "unknown_format",
            FileError::Encrypted | FileError::Pdf(roadmap_pdf::PdfError::Encrypted) => "encrypted",
            FileError::Pdf(roadmap_pdf::PdfError::NoTextLayer) => "no_text_layer",
            FileError::Pdf(_) => "pdf_unreadable",
            FileError::Docx(roadmap_docx::DocxError::PartTooLarge { .. })
            | FileError::Xlsx(roadmap_xlsx::XlsxError::PartTooLarge { .. }) => "zip_bomb",
            FileError::Docx(_) => "docx_unreadable",
            FileError::Xlsx(_) => "xlsx_unreadable",
        }
    }
}

/// Limits for one file.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_file_bytes: u64,
    pub max_part_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_file_bytes: 512 * 1024 * 1024, max_part_bytes: 64 * 1024 * 1024 }
    }
}

/// The format a file's bytes are in, whatever its name says. A damaged zip is taken to be the
/// package format its name `claimed` (DOCX when it claims none), so the right reader reports it.
pub fn sniff(bytes: &[u8], claimed: Option<Format>) -> Option<Format> {
    if bytes.starts_with(b"%PDF") || bytes.get(..1024).is_some_and(|head| head.windows(5).any(|w| w == b"%PDF-")) {
        return Some(Format::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        let Ok(archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
            return Some(match claimed {
                Some(package @ (Format::Xlsx | Format::Ods)) => package,
                _ => Format::Docx,
            });
        };
        let names: Vec<String> = archive.file_names().filter_map(|n| n.ok().map(|n| n.into_owned())).collect();
        if names.iter().any(|n| n.starts_with("word/")) {
            return Some(Format::Docx);
        }
        if names.iter().any(|n| n.starts_with("xl/")) {
            return Some(Format::Xlsx);
        }
        if names.iter().any(|n| n == "content.xml") {
            return Some(Format::Ods);
        }
        return None;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(Format::Xls);
    }
    None
}

fn format_of_extension(path: &Path) -> Option<Format> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "docx" | "docm" => Some(Format::Docx),
        "pdf" => Some(Format::Pdf),
        "xlsx" | "xlsm" => Some(Format::Xlsx),
        "xls" => Some(Format::Xls),
        "ods" => Some(Format::Ods),
        _ => None,
    }
}

/// A roadmap and what the reader noticed about the file itself.
pub struct Extracted {
    pub roadmap: Roadmap,
    /// The extension names another format than the content.
    pub mislabelled: Option<(Format, Format)>,
}

/// Read one file and extract its roadmap. `display_path` is written to `source.path`.
pub fn extract_file(path: &Path, display_path: &str, limits: &Limits) -> Result<Extracted, FileError> {
    let size = std::fs::metadata(path)?.len();
    if size > limits.max_file_bytes {
        return Err(FileError::TooLarge { limit: limits.max_file_bytes });
    }
    let bytes = std::fs::read(path)?;
    extract_bytes(&bytes, path, display_path, limits)
}

pub fn extract_bytes(bytes: &[u8], path: &Path, display_path: &str, limits: &Limits) -> Result<Extracted, FileError> {
    if bytes.is_empty() {
        return Err(FileError::Empty);
    }
    let claimed = format_of_extension(path);
    let format = sniff(bytes, claimed).ok_or(FileError::UnknownFormat)?;
    let mislabelled = claimed.filter(|c| *c != format).map(|c| (c, format));
    let doc = match format {
        Format::Docx => roadmap_docx::read_with(
            bytes,
            &roadmap_docx::Options { max_part_bytes: limits.max_part_bytes, ..roadmap_docx::Options::default() },
        )?,
        Format::Xlsx | Format::Ods => roadmap_xlsx::read_with(
            bytes,
            &roadmap_xlsx::Options { max_part_bytes: limits.max_part_bytes, ..roadmap_xlsx::Options::default() },
        )?,
        Format::Xls => {
            // A CFB container is either a legacy workbook or an encrypted OOXML package.
            let marker: Vec<u8> = "EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes).collect();
            if bytes.windows(marker.len()).any(|w| w == marker.as_slice()) {
                return Err(FileError::Encrypted);
            }
            roadmap_xlsx::read(bytes)?
        }
        Format::Pdf => roadmap_pdf::read_with(
            bytes,
            &roadmap_pdf::Options {
                max_stream_bytes: usize::try_from(limits.max_part_bytes).unwrap_or(usize::MAX),
                ..roadmap_pdf::Options::default()
            },
        )?,
    };
    let source = Source {
        path: display_path.to_string(),
        format,
        sha256: format!("{:x}", Sha256::digest(bytes)),
        bytes: bytes.len() as u64,
        pages: doc.pages,
    };
    let mut roadmap = roadmap_extract::extract(&doc, source);
    if let Some((claimed, actual)) = mislabelled {
        roadmap.warnings.insert(
            0,
            roadmap_model::Warning {
                code: "source.mislabelled".into(),
                seq: None,
                message: format!("the file is named as {claimed:?} but its content is {actual:?}; read as {actual:?}"),
            },
        );
    }
    Ok(Extracted { roadmap, mislabelled })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content() {
        assert_eq!(sniff(b"%PDF-1.7 ...", Some(Format::Xlsx)), Some(Format::Pdf));
        assert_eq!(sniff(b"hello", None), None);
        assert_eq!(sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0], None), Some(Format::Xls));
        assert_eq!(sniff(b"PK\x03\x04 cut short", Some(Format::Xlsx)), Some(Format::Xlsx));
        assert_eq!(sniff(b"PK\x03\x04 cut short", Some(Format::Pdf)), Some(Format::Docx));
    }
}
