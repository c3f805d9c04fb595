//! One file in, one canonical roadmap out: format sniffing by content, the reader, extraction.

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use roadmap_model::{Format, Roadmap, Source};
use sha2::{Digest, Sha256};

/// Why a file could not be turned into a roadmap. Each variant has a stable code.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("no such file or folder")]
    NotFound,
    #[error("cannot read the file: {0}")]
    Io(std::io::Error),
    #[error("empty file")]
    Empty,
    #[error("file is larger than {} MiB (--max-file-mib)", limit.div_ceil(1024 * 1024))]
    TooLarge { limit: u64 },
    #[error("unknown format (not DOCX, DOC, RTF, ODT, PDF, XLSX, XLS or ODS)")]
    UnknownFormat,
    #[error("unsupported format: {0}, which this version does not read")]
    Unsupported(&'static str),
    #[error("encrypted document (password-protected Office file)")]
    Encrypted,
    #[error("the document took longer than the time limit of {0} s (--timeout)")]
    TimedOut(f64),
    #[error("internal error while reading this file; please report it with the file")]
    Internal,
    /// Pictures of pages (a document whose pages are pasted-in scans), and no OCR engine.
    #[error("{0}")]
    OcrUnavailable(String),
    #[error(transparent)]
    Docx(#[from] roadmap_docx::DocxError),
    #[error(transparent)]
    Xlsx(#[from] roadmap_xlsx::XlsxError),
    #[error(transparent)]
    Pdf(#[from] roadmap_pdf::PdfError),
    #[error(transparent)]
    Odt(#[from] roadmap_odt::OdtError),
    #[error(transparent)]
    Doc(#[from] roadmap_doc::DocError),
    #[error(transparent)]
    Rtf(#[from] roadmap_rtf::RtfError),
}

impl From<std::io::Error> for FileError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::NotFound {
            FileError::NotFound
        } else {
            FileError::Io(e)
        }
    }
}

impl FileError {
    /// The stable code written to `_errors.jsonl`, from the one list of codes.
    pub fn code(&self) -> roadmap_codes::Code {
        match self {
            FileError::NotFound => roadmap_codes::NOT_FOUND,
            FileError::Io(_) => roadmap_codes::IO,
            FileError::Empty => roadmap_codes::EMPTY,
            FileError::TooLarge { .. } => roadmap_codes::TOO_LARGE,
            FileError::UnknownFormat => roadmap_codes::UNKNOWN_FORMAT,
            FileError::Unsupported(_) | FileError::Doc(roadmap_doc::DocError::UnsupportedVersion(_)) => roadmap_codes::UNSUPPORTED_FORMAT,
            FileError::Internal => roadmap_codes::INTERNAL,
            FileError::TimedOut(_)
            | FileError::Pdf(roadmap_pdf::PdfError::TimedOut(_))
            | FileError::Docx(roadmap_docx::DocxError::TimedOut(_))
            | FileError::Xlsx(roadmap_xlsx::XlsxError::TimedOut(_))
            | FileError::Odt(roadmap_odt::OdtError::TimedOut(_))
            | FileError::Rtf(roadmap_rtf::RtfError::TimedOut(_)) => roadmap_codes::TIMEOUT,
            FileError::Encrypted
            | FileError::Pdf(roadmap_pdf::PdfError::Encrypted | roadmap_pdf::PdfError::Undecrypted)
            | FileError::Doc(roadmap_doc::DocError::Encrypted) => roadmap_codes::ENCRYPTED,
            FileError::Pdf(roadmap_pdf::PdfError::NoTextLayer) => roadmap_codes::NO_TEXT_LAYER,
            FileError::Pdf(roadmap_pdf::PdfError::OcrUnavailable(_)) | FileError::OcrUnavailable(_) => roadmap_codes::OCR_UNAVAILABLE,
            FileError::Pdf(_) => roadmap_codes::PDF_UNREADABLE,
            FileError::Docx(roadmap_docx::DocxError::Package(roadmap_package::PackageError::Bomb { .. }))
            | FileError::Xlsx(roadmap_xlsx::XlsxError::Package(roadmap_package::PackageError::Bomb { .. }))
            | FileError::Odt(roadmap_odt::OdtError::Package(roadmap_package::PackageError::Bomb { .. })) => roadmap_codes::ZIP_BOMB,
            FileError::Docx(_) => roadmap_codes::DOCX_UNREADABLE,
            FileError::Xlsx(_) => roadmap_codes::XLSX_UNREADABLE,
            FileError::Odt(_) => roadmap_codes::ODT_UNREADABLE,
            FileError::Doc(_) => roadmap_codes::DOC_UNREADABLE,
            FileError::Rtf(_) => roadmap_codes::RTF_UNREADABLE,
        }
    }
}

/// Limits for one file.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_file_bytes: u64,
    /// What a zip package may inflate to.
    pub package: roadmap_package::Limits,
    /// Largest decompressed stream of a PDF.
    pub max_stream_bytes: usize,
    /// Time for reading and extracting one document.
    pub timeout: Option<Duration>,
    /// Scanned PDF pages: when they are recognized, and by what.
    pub ocr: roadmap_pdf::Ocr,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 512 * 1024 * 1024,
            package: roadmap_package::Limits::default(),
            max_stream_bytes: roadmap_pdf::Options::default().max_stream_bytes,
            timeout: None,
            ocr: ocr(roadmap_pdf::OcrMode::Auto, DEFAULT_OCR_LANGUAGES),
        }
    }
}

impl Limits {
    /// The limits of the options `extract` takes (and a worker process is given).
    pub fn of(options: &roadmap_workers::TaskOptions) -> Limits {
        let defaults = Limits::default();
        let max_part_bytes = options.max_part_bytes;
        Limits {
            max_file_bytes: options.max_file_bytes,
            package: roadmap_package::Limits { max_part_bytes, ..defaults.package },
            max_stream_bytes: max_part_bytes.map_or(defaults.max_stream_bytes, |b| usize::try_from(b).unwrap_or(usize::MAX)),
            timeout: options.timeout_secs.filter(|s| s.is_finite() && *s > 0.0).map(Duration::from_secs_f64),
            ocr: ocr(
                match options.ocr {
                    roadmap_workers::OcrMode::Auto => roadmap_pdf::OcrMode::Auto,
                    roadmap_workers::OcrMode::Always => roadmap_pdf::OcrMode::Always,
                    roadmap_workers::OcrMode::Never => roadmap_pdf::OcrMode::Never,
                },
                &options.ocr_lang,
            ),
        }
    }
}

/// The languages scans are recognized in unless told.
pub const DEFAULT_OCR_LANGUAGES: &str = "rus+eng";

/// OCR by Tesseract in `languages` (as Tesseract names them, «rus+eng»), when `mode` says.
pub fn ocr(mode: roadmap_pdf::OcrMode, languages: &str) -> roadmap_pdf::Ocr {
    let recognizer: std::sync::Arc<dyn roadmap_pdf::Recognizer> = std::sync::Arc::new(roadmap_ocr::Tesseract::new(languages));
    roadmap_pdf::Ocr { mode, recognizer: Some(recognizer), jobs: 0 }
}

/// What a file's bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sniffed {
    /// A format the readers read.
    Read(Format),
    /// A document format recognised but not read, named for people.
    Unsupported(&'static str),
    /// An Office package encrypted with a password.
    Encrypted,
    /// An OLE container whose sector chains `cfb` refuses (broken, or looping: calamine's own
    /// container reader would loop without end on it), for the format its name claims.
    DamagedOle(Format, String),
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether the first bytes of a file are those of a document format the tool knows (read or
/// recognised), for files without an extension found in folders.
pub fn starts_like_a_document(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(&OLE_MAGIC) || is_rtf(head) || has_pdf_header(head)
}

/// A PDF header at the start or behind some junk in the first KiB, as readers accept it.
fn has_pdf_header(bytes: &[u8]) -> bool {
    bytes.get(..1024).unwrap_or(bytes).windows(5).any(|w| w == b"%PDF-")
}

fn is_rtf(bytes: &[u8]) -> bool {
    bytes.trim_ascii_start().starts_with(b"{\\rtf")
}

/// The format a file's bytes are in, whatever its name says. A damaged zip is taken to be the
/// package format its name `claimed` (DOCX when it claims none), so the right reader reports it.
pub fn sniff(bytes: &[u8], claimed: Option<Format>) -> Option<Sniffed> {
    if bytes.starts_with(b"%PDF") || has_pdf_header(bytes) || roadmap_pdf::is_headerless(bytes) {
        return Some(Sniffed::Read(Format::Pdf));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return sniff_zip(bytes, claimed);
    }
    if bytes.starts_with(&OLE_MAGIC) {
        return Some(sniff_ole(bytes, claimed));
    }
    if is_rtf(bytes) {
        return Some(Sniffed::Read(Format::Rtf));
    }
    // a flat OpenDocument text: one XML file
    let head = String::from_utf8_lossy(bytes.get(..4096).unwrap_or(bytes));
    if head.trim_start_matches('\u{feff}').starts_with("<?xml")
        && head.contains("office:mimetype=\"application/vnd.oasis.opendocument.text")
    {
        return Some(Sniffed::Read(Format::Odt));
    }
    // an Excel 2.x–4.0 worksheet (BIFF2–4 without an OLE container)
    roadmap_xlsx::early_excel_version(bytes).map(|_| Sniffed::Read(Format::Xls))
}

fn sniff_zip(bytes: &[u8], claimed: Option<Format>) -> Option<Sniffed> {
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Some(Sniffed::Read(match claimed {
            Some(package @ (Format::Xlsx | Format::Ods | Format::Odt)) => package,
            _ => Format::Docx,
        }));
    };
    // part names as producers write them: some with backslashes, some in another case
    let names: Vec<String> = archive.file_names().filter_map(|n| n.ok().map(|n| n.replace('\\', "/").to_ascii_lowercase())).collect();
    if names.iter().any(|n| n.starts_with("word/")) {
        return Some(Sniffed::Read(Format::Docx));
    }
    if names.iter().any(|n| n.starts_with("xl/")) {
        return Some(Sniffed::Read(Format::Xlsx));
    }
    if names.iter().any(|n| n.starts_with("ppt/")) {
        return Some(Sniffed::Unsupported("a PowerPoint presentation (.pptx)"));
    }
    // an OOXML package with its parts elsewhere (at the root): its content types name the
    // main part's kind
    let content_types = archive
        .file_names()
        .filter_map(Result::ok)
        .find(|n| n.replace('\\', "/").eq_ignore_ascii_case("[content_types].xml"))
        .map(|n| n.into_owned());
    if let Some(name) = content_types {
        let mut types = String::new();
        if let Ok(entry) = archive.by_name(&name) {
            let _ = entry.take(1024 * 1024).read_to_string(&mut types);
        }
        let names_kind = |kinds: &[&str]| kinds.iter().any(|k| types.contains(k));
        if names_kind(&["spreadsheetml.sheet.main", "spreadsheetml.template.main", "ms-excel.sheet.macroEnabled.main"]) {
            return Some(Sniffed::Read(Format::Xlsx));
        }
        if names_kind(&["wordprocessingml.document.main", "wordprocessingml.template.main", "ms-word.document.macroEnabled.main"]) {
            return Some(Sniffed::Read(Format::Docx));
        }
    }
    let mut mimetype = String::new();
    if let Ok(entry) = archive.by_name("mimetype") {
        let _ = entry.take(100).read_to_string(&mut mimetype);
    }
    // an OpenDocument file saved with a password lists its encrypted parts in the manifest
    let mut manifest = String::new();
    if let Ok(entry) = archive.by_name("META-INF/manifest.xml") {
        let _ = entry.take(1024 * 1024).read_to_string(&mut manifest);
    }
    if manifest.contains("encryption-data") {
        return Some(Sniffed::Encrypted);
    }
    match mimetype.trim() {
        m if m.starts_with("application/vnd.oasis.opendocument.text") => Some(Sniffed::Read(Format::Odt)),
        m if m.starts_with("application/vnd.oasis.opendocument.spreadsheet") => Some(Sniffed::Read(Format::Ods)),
        m if m.starts_with("application/vnd.oasis.opendocument.presentation") => {
            Some(Sniffed::Unsupported("an OpenDocument presentation (.odp)"))
        }
        _ if names.iter().any(|n| n == "content.xml") => Some(Sniffed::Read(Format::Ods)),
        _ => None,
    }
}

/// An OLE compound file, told by its streams.
fn sniff_ole(bytes: &[u8], claimed: Option<Format>) -> Sniffed {
    let mut file = match cfb::CompoundFile::open(std::io::Cursor::new(bytes)) {
        Ok(file) => file,
        Err(e) => {
            let format = if claimed == Some(Format::Doc) { Format::Doc } else { Format::Xls };
            return Sniffed::DamagedOle(format, format!("damaged OLE container: {e}"));
        }
    };
    if file.exists("/EncryptionInfo") || file.exists("/EncryptedPackage") {
        return Sniffed::Encrypted;
    }
    if file.exists("/WordDocument") {
        return Sniffed::Read(Format::Doc);
    }
    if file.exists("/PowerPoint Document") {
        return Sniffed::Unsupported("a legacy PowerPoint presentation (.ppt)");
    }
    let workbook = ["/Workbook", "/Book"].into_iter().find(|name| file.exists(name));
    let mut head = Vec::new();
    if let Some(stream) = workbook.and_then(|name| file.open_stream(name).ok()) {
        let _ = stream.take(64 * 1024).read_to_end(&mut head);
    }
    if roadmap_xlsx::is_encrypted_workbook(&head) {
        Sniffed::Encrypted
    } else {
        Sniffed::Read(Format::Xls)
    }
}

/// Read a whole input within the time limit: a regular file directly; standard input, a pipe
/// or a device (which may never be written to, or never end) on a thread of its own that the
/// caller stops waiting for when the time is up, so no input holds a worker for ever.
pub fn read_input(path: &Path, limits: &Limits) -> Result<Vec<u8>, FileError> {
    let regular = path.as_os_str() != "-" && std::fs::metadata(path).is_ok_and(|m| m.is_file());
    let Some(timeout) = limits.timeout.filter(|_| !regular) else {
        return read_bounded(path, limits.max_file_bytes);
    };
    let (done, result) = std::sync::mpsc::channel();
    let (owned, limit) = (path.to_path_buf(), limits.max_file_bytes);
    // the thread is left behind if the input never answers; it ends with the process
    std::thread::spawn(move || {
        let _ = done.send(read_bounded(&owned, limit));
    });
    result.recv_timeout(timeout).unwrap_or(Err(FileError::TimedOut(timeout.as_secs_f64())))
}

/// Read a whole input, standard input for `-`, never more than `limit` bytes whatever the
/// file system says its size is (pipes and devices say 0).
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    let (reader, hint): (Box<dyn Read>, u64) = if path.as_os_str() == "-" {
        (Box::new(std::io::stdin().lock()), 0)
    } else {
        let file = std::fs::File::open(path)?;
        let hint = file.metadata().map(|m| m.len()).unwrap_or(0);
        (Box::new(file), hint)
    };
    let mut bytes = Vec::with_capacity(usize::try_from(hint.min(limit)).unwrap_or(0));
    reader.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(FileError::TooLarge { limit });
    }
    Ok(bytes)
}

/// The format a file's name claims, by its extension.
pub fn format_of_extension(path: &Path) -> Option<Format> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "docx" | "docm" => Some(Format::Docx),
        "pdf" => Some(Format::Pdf),
        "xlsx" | "xlsm" => Some(Format::Xlsx),
        "xls" => Some(Format::Xls),
        "ods" => Some(Format::Ods),
        "odt" | "ott" | "fodt" => Some(Format::Odt),
        "doc" | "dot" => Some(Format::Doc),
        "rtf" => Some(Format::Rtf),
        _ => None,
    }
}

/// Run `work` on one input with a panic in a reader caught as this input's `internal`
/// failure, so a batch and its worker go on.
pub fn isolated<T>(work: impl FnOnce() -> Result<T, FileError>) -> Result<T, FileError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or(Err(FileError::Internal))
}

/// A roadmap and what the reader noticed about the file itself.
pub struct Extracted {
    pub roadmap: Roadmap,
    /// The extension names another format than the content.
    pub mislabelled: Option<(Format, Format)>,
}

/// Read one input (a file, a pipe, or standard input for `-`) and extract its roadmap.
/// `display_path` is written to `source.path`.
pub fn extract_file(path: &Path, display_path: &str, limits: &Limits) -> Result<Extracted, FileError> {
    let bytes = read_input(path, limits)?;
    extract_bytes(&bytes, path, display_path, limits)
}

/// Extract the roadmap of a file's bytes within the time limit.
pub fn extract_bytes(bytes: &[u8], path: &Path, display_path: &str, limits: &Limits) -> Result<Extracted, FileError> {
    extract_hashed(bytes, sha256(bytes), path, display_path, limits)
}

/// The SHA-256 of a file's bytes as `source.sha256` writes it (lowercase hex).
pub fn sha256(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// [`extract_bytes`] for bytes whose [`sha256`] is known already.
pub fn extract_hashed(bytes: &[u8], sha256: String, path: &Path, display_path: &str, limits: &Limits) -> Result<Extracted, FileError> {
    let timed_out = || FileError::TimedOut(limits.timeout.map_or(0.0, |t| t.as_secs_f64()));
    roadmap_layout::deadline::within(limits.timeout, || match read_and_extract(bytes, sha256, path, display_path, limits) {
        Err(e) if e.code() == "timeout" => Err(timed_out()),
        Ok(_) if roadmap_layout::deadline::expired() => Err(timed_out()),
        result => result,
    })
}

/// A document read into the layout model, with what the reading found out about the file.
pub struct ReadDocument {
    pub doc: roadmap_layout::Document,
    /// The format by content.
    pub format: Format,
    /// The format the file's name claims and the one its content is, when they differ.
    pub mislabelled: Option<(Format, Format)>,
}

/// Read a file's bytes into the layout model by the reader its content calls for.
pub fn read_document(bytes: &[u8], path: &Path, limits: &Limits) -> Result<ReadDocument, FileError> {
    if bytes.is_empty() {
        return Err(FileError::Empty);
    }
    // bytes handed over in memory (the files read here are bounded as they are read)
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(FileError::TooLarge { limit: limits.max_file_bytes });
    }
    let claimed = format_of_extension(path);
    let format = match sniff(bytes, claimed).ok_or(FileError::UnknownFormat)? {
        Sniffed::Read(format) => format,
        Sniffed::Unsupported(what) => return Err(FileError::Unsupported(what)),
        Sniffed::Encrypted => return Err(FileError::Encrypted),
        Sniffed::DamagedOle(format, message) => {
            return Err(match format {
                Format::Doc => FileError::Doc(roadmap_doc::DocError::Damaged(message)),
                _ => FileError::Xlsx(roadmap_xlsx::XlsxError::NotWorkbook(message)),
            });
        }
    };
    let mislabelled = claimed.filter(|c| *c != format).map(|c| (c, format));
    let doc = match format {
        Format::Docx => {
            roadmap_docx::read_with(bytes, &roadmap_docx::Options { package: limits.package, ..roadmap_docx::Options::default() })?
        }
        Format::Xlsx | Format::Ods => {
            roadmap_xlsx::read_with(bytes, &roadmap_xlsx::Options { package: limits.package, ..roadmap_xlsx::Options::default() })?
        }
        Format::Xls => roadmap_xlsx::read(bytes)?,
        Format::Doc => roadmap_doc::read(bytes)?,
        Format::Rtf => roadmap_rtf::read(bytes)?,
        Format::Odt => roadmap_odt::read_with(bytes, &roadmap_odt::Options { package: limits.package, ..roadmap_odt::Options::default() })?,
        Format::Pdf => roadmap_pdf::read_with(
            bytes,
            &roadmap_pdf::Options { max_stream_bytes: limits.max_stream_bytes, ocr: limits.ocr.clone(), ..roadmap_pdf::Options::default() },
        )?,
    };
    let doc = crate::pictures::read_in_place(doc, &limits.ocr)?;
    Ok(ReadDocument { doc, format, mislabelled })
}

fn read_and_extract(bytes: &[u8], sha256: String, path: &Path, display_path: &str, limits: &Limits) -> Result<Extracted, FileError> {
    Ok(extract_read(read_document(bytes, path, limits)?, bytes, sha256, display_path))
}

/// Read and extract a file's bytes within the time limit, keeping the document as read (the
/// review report draws its tables).
pub fn extract_keeping_layout(
    bytes: &[u8],
    path: &Path,
    display_path: &str,
    limits: &Limits,
) -> Result<(Extracted, roadmap_layout::Document), FileError> {
    let timed_out = || FileError::TimedOut(limits.timeout.map_or(0.0, |t| t.as_secs_f64()));
    roadmap_layout::deadline::within(limits.timeout, || {
        let read = read_document(bytes, path, limits).map_err(|e| if e.code() == "timeout" { timed_out() } else { e })?;
        let layout = read.doc.clone();
        Ok((extract_read(read, bytes, sha256(bytes), display_path), layout))
    })
}

/// The roadmap of a document read into the layout model.
fn extract_read(read: ReadDocument, bytes: &[u8], sha256: String, display_path: &str) -> Extracted {
    let ReadDocument { mut doc, format, mislabelled } = read;
    let source = Source {
        path: display_path.to_string(),
        format,
        sha256,
        bytes: bytes.len() as u64,
        pages: doc.pages,
        properties: (!doc.properties.is_empty()).then(|| {
            let p = std::mem::take(&mut doc.properties);
            roadmap_model::FileProperties { title: p.title, author: p.author, created: p.created, modified: p.modified }
        }),
        ocr: doc.ocr.take().map(|r| roadmap_model::Ocr {
            engine: r.engine,
            version: r.version,
            languages: r.languages,
            pages: r.pages,
            mean_confidence: r.mean_confidence,
        }),
    };
    let mut roadmap = roadmap_extract::extract(doc, source);
    if let Some((claimed, actual)) = mislabelled {
        roadmap.warnings.insert(
            0,
            roadmap_model::Warning {
                code: roadmap_codes::SOURCE_MISLABELLED.into(),
                seq: None,
                message: format!("the file is named as {claimed} but its content is {actual}; read as {actual}"),
            },
        );
    }
    Extracted { roadmap, mislabelled }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content() {
        let read = |f| Some(Sniffed::Read(f));
        assert_eq!(sniff(b"%PDF-1.7 ...", Some(Format::Xlsx)), read(Format::Pdf));
        assert_eq!(sniff(b"junk before %PDF-1.4", None), read(Format::Pdf), "short files with junk before the header");
        assert_eq!(sniff(b"hello", None), None);
        assert!(
            matches!(sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0], None), Some(Sniffed::DamagedOle(Format::Xls, _))),
            "a damaged OLE file"
        );
        assert_eq!(sniff(b"PK\x03\x04 cut short", Some(Format::Xlsx)), read(Format::Xlsx));
        assert_eq!(sniff(b"PK\x03\x04 cut short", Some(Format::Pdf)), read(Format::Docx));
        assert_eq!(sniff(br"{\rtf1\ansi\ansicpg1251 text}", Some(Format::Docx)), read(Format::Rtf));
        assert_eq!(sniff(&[0x09, 0x04, 6, 0, 0, 0, 0x10, 0, 0, 0], None), read(Format::Xls), "an Excel 4.0 worksheet");
        assert_eq!(sniff(&[0x09, 0x04, 6, 0, 0, 0, 0x77, 0, 0, 0], None), None, "not a sheet's BOF");
    }

    /// A BIFF8 workbook stream: BOF, optionally FILEPASS, then the globals' EOF.
    fn workbook_stream(encrypted: bool) -> Vec<u8> {
        let mut s = vec![0x09, 0x08, 4, 0, 0, 6, 0x05, 0]; // BOF
        s.extend([0xE1, 0x00, 2, 0, 0xB0, 0x04]); // INTERFACEHDR
        if encrypted {
            s.extend([0x2F, 0x00, 2, 0, 0, 0]); // FILEPASS (XOR)
        }
        s.extend([0x0A, 0x00, 0, 0]); // EOF
        s
    }

    fn ole_with(streams: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut ole = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap_or_else(|e| panic!("{e}"));
        for (name, data) in streams {
            let mut s = ole.create_stream(name).unwrap_or_else(|e| panic!("{e}"));
            std::io::Write::write_all(&mut s, data).unwrap_or_else(|e| panic!("{e}"));
        }
        ole.flush().unwrap_or_else(|e| panic!("{e}"));
        ole.into_inner().into_inner()
    }

    #[test]
    fn ole_files_are_told_by_their_streams() {
        assert_eq!(sniff(&ole_with(&[("/Workbook", workbook_stream(true))]), None), Some(Sniffed::Encrypted));
        assert_eq!(sniff(&ole_with(&[("/Workbook", workbook_stream(false))]), None), Some(Sniffed::Read(Format::Xls)));
        assert_eq!(sniff(&ole_with(&[("/EncryptionInfo", vec![0; 8])]), Some(Format::Docx)), Some(Sniffed::Encrypted));
        let doc = sniff(&ole_with(&[("/WordDocument", vec![0; 8])]), Some(Format::Docx));
        assert_eq!(doc, Some(Sniffed::Read(Format::Doc)), "a .doc named .docx is read as a .doc");
    }

    fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default();
        for (name, data) in parts {
            zip.start_file(*name, options).unwrap_or_else(|e| panic!("{e}"));
            std::io::Write::write_all(&mut zip, data.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        }
        zip.finish().unwrap_or_else(|e| panic!("{e}"));
        out.into_inner()
    }

    #[test]
    fn a_password_protected_opendocument_file_is_encrypted() {
        let ods = zip_of(&[
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
            (
                "META-INF/manifest.xml",
                r#"<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry>"#,
            ),
            ("content.xml", "\u{1}\u{2}"),
        ]);
        assert_eq!(sniff(&ods, Some(Format::Ods)), Some(Sniffed::Encrypted));
    }

    #[test]
    fn ooxml_packages_are_told_however_their_parts_are_named() {
        // backslashes and another case, as some producers write them
        let backslashes = zip_of(&[("[content_types].xml", "<Types/>"), ("xl\\workbook.xml", "<workbook/>")]);
        assert_eq!(sniff(&backslashes, None), Some(Sniffed::Read(Format::Xlsx)));
        // the parts at the root, found through the content types
        let types = r#"<Types><Override PartName="/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#;
        let at_root = zip_of(&[("[Content_Types].xml", types), ("workbook.xml", "<workbook/>")]);
        assert_eq!(sniff(&at_root, None), Some(Sniffed::Read(Format::Xlsx)));
        assert_eq!(sniff(&zip_of(&[("notes.txt", "text")]), None), None);
    }
}
