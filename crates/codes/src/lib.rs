//! Every code the tool reports, in one list: the error codes of `_errors.jsonl` (why a file
//! was not read) and the warning codes of a document's `warnings` (what a reader or the
//! extraction noticed), each with what it means and what to do about it.
//!
//! In: nothing. Out: one constant per code and [`ALL`], the list the guide's table of codes is
//! generated from. A [`Code`] can only be made here, so a reader, the extraction or the
//! command line cannot report a code this list does not hold: adding one means adding it here,
//! with its explanation, and the generated guide changes with it.
//!
//! ```
//! assert_eq!(roadmap_codes::TABLE_NOT_A_PLAN, "table.not_a_plan");
//! assert!(roadmap_codes::ALL.iter().any(|e| e.code == roadmap_codes::ZIP_BOMB && e.kind == roadmap_codes::Kind::Error));
//! ```

use std::fmt;

/// A stable code, as written to `_errors.jsonl` or a warning's `code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code(&'static str);

impl Code {
    /// The code as written: `zip_bomb`, `deadline.no_year`.
    pub const fn as_str(self) -> &'static str {
        self.0
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl From<Code> for String {
    fn from(code: Code) -> String {
        code.0.to_string()
    }
}

/// What a code reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The file was not read: a line of `_errors.jsonl` and `error: FILE: …` on stderr.
    Error,
    /// The file was read; something in it is worth a look: an entry of the document's
    /// `warnings`.
    Warning,
}

/// One code with its explanation.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    pub code: Code,
    pub kind: Kind,
    /// What happened, in a sentence.
    pub means: &'static str,
    /// What to do about it.
    pub todo: &'static str,
}

impl Entry {
    /// The entry of `code`, if it is one of [`ALL`].
    pub fn of(code: &str) -> Option<&'static Entry> {
        ALL.iter().find(|e| e.code == code)
    }
}

macro_rules! codes {
    ($($name:ident = $kind:ident $code:literal { $means:literal, $todo:literal })*) => {
        $(
            #[doc = $means]
            pub const $name: Code = Code($code);
        )*
        /// Every code, errors first, in the order the guide lists them.
        pub const ALL: &[Entry] = &[$(Entry { code: $name, kind: Kind::$kind, means: $means, todo: $todo }),*];
    };
}

codes! {
    NOT_FOUND = Error "not_found" {
        "The path does not exist (one of several paths given; when none exists, the command stops with exit 2).",
        "Check the path; the other paths are read."
    }
    IO = Error "io" {
        "The file or folder could not be read (permissions, a read error), or its output could not be written.",
        "Check the permissions and the disk; the message names the system's error."
    }
    EMPTY = Error "empty" {
        "The file has no bytes.",
        "An upload or a copy went wrong: fetch the file again."
    }
    TOO_LARGE = Error "too_large" {
        "The file (or what a pipe or device gave) is larger than `--max-file-mib` (default 512 MiB).",
        "Raise `--max-file-mib` if the file is a real document."
    }
    UNKNOWN_FORMAT = Error "unknown_format" {
        "The content is none of DOCX, DOC, RTF, ODT, PDF, XLSX, XLS or ODS, whatever the file is named.",
        "Open the file to see what it is; save it as DOCX or PDF."
    }
    UNSUPPORTED_FORMAT = Error "unsupported_format" {
        "A document format recognised but not read: PowerPoint (.ppt, .pptx), OpenDocument presentations, Word before Word 6.",
        "Save the document as DOCX or PDF."
    }
    ENCRYPTED = Error "encrypted" {
        "The document needs a password (an encrypted Office package, an XLS with a password, an ODF file with encrypted parts, a PDF with a user password), or an encrypted PDF whose content did not decrypt.",
        "Ask for the document without a password, or save a copy without one."
    }
    ZIP_BOMB = Error "zip_bomb" {
        "A package part inflates past 100 times its compressed size (once past 8 MiB), the package past 2 GiB, or a part past `--max-part-mib`.",
        "A real document almost never does this; if this one is genuine, read it with a larger `--max-part-mib`."
    }
    DOCX_UNREADABLE = Error "docx_unreadable" {
        "A damaged DOCX: truncated, not a zip, no main part.",
        "Open it in Word or LibreOffice; if it opens, save it again."
    }
    ODT_UNREADABLE = Error "odt_unreadable" {
        "A damaged ODT package.",
        "Open it in LibreOffice; if it opens, save it again."
    }
    XLSX_UNREADABLE = Error "xlsx_unreadable" {
        "A damaged workbook (XLSX, XLSM, XLSB, XLS or ODS), reported in its reader's words.",
        "Open it in a spreadsheet program; if it opens, save it again."
    }
    DOC_UNREADABLE = Error "doc_unreadable" {
        "A damaged Word 97-2003 file: broken or looping sector chains, no readable FIB or piece table.",
        "Open it in Word or LibreOffice; if it opens, save it as DOCX."
    }
    RTF_UNREADABLE = Error "rtf_unreadable" {
        "The file starts like RTF but cannot be read.",
        "Open it in a word processor and save it again."
    }
    PDF_UNREADABLE = Error "pdf_unreadable" {
        "A damaged PDF (no usable cross-reference data, no page objects), or a scanned page whose image cannot be decoded (JBIG2, JPEG 2000, cut short, past 100 million pixels).",
        "Open it in a PDF viewer; print it to a new PDF if it shows."
    }
    NO_TEXT_LAYER = Error "no_text_layer" {
        "A PDF without text: a scan read with `--ocr never`, or one whose pages hold no readable text.",
        "Read it with `--ocr auto` (the default) on a machine with Tesseract."
    }
    OCR_UNAVAILABLE = Error "ocr_unavailable" {
        "A scan on a machine without Tesseract or without its data for the languages asked (`--ocr-lang`).",
        "Install `tesseract-ocr` and `tesseract-ocr-rus` (`scripts/with-tesseract.sh` does), or set `ROADMAP_TESSERACT` to the program."
    }
    TIMEOUT = Error "timeout" {
        "Reading and extracting the document took longer than `--timeout` (default 120 s).",
        "Give it more time (`--timeout 600`, or 0 for none); a scan of many pages is the usual cause."
    }
    MEMORY_LIMIT = Error "memory_limit" {
        "The document took its worker process past `--worker-memory-mib` (`extract --isolate`, `roadmap serve`); the worker was stopped and replaced.",
        "Read it with a larger `--worker-memory-mib` if it is a real document; a hostile one stays refused."
    }
    SHUTTING_DOWN = Error "shutting_down" {
        "`roadmap serve` was stopping and the document was not read (a job's file is read when the service starts again).",
        "Send it again once the service is back."
    }
    INTERNAL = Error "internal" {
        "A reader failed in a way it should not: a bug. The batch goes on.",
        "Report it with the file."
    }
    DOCUMENT_NO_ROADMAP_TABLE = Warning "document.no_roadmap_table" {
        "No table of the document is a plan: it has no table with an action column and a deadline, responsible or result column, or every such table was judged not a plan.",
        "Run `roadmap extract FILE --verbose` to see why each table was not taken (`table.not_a_plan`)."
    }
    TABLE_NOT_A_PLAN = Warning "table.not_a_plan" {
        "A table that could have been a plan was judged not one (confidence under 0.5); the message gives the evidence. It gives no actions.",
        "If it is a plan, report the table: the judge weighs its header, caption and cells."
    }
    CORRECTION_NOT_APPLIED = Warning "correction.not_applied" {
        "A reviewer's correction (`--corrections FILE`) was not applied: its row now reads another text, or its field reads otherwise than when it was corrected (the document or the tool changed), or its field or value is not one a correction may give. The message names the file's line and why.",
        "Look at the row again in `roadmap review` and correct it anew; the stale line can be dropped from the file."
    }
    ACTION_DUPLICATE_NUMBER = Warning "action.duplicate_number" {
        "Two actions carry the same number; both are kept.",
        "Check the document's numbering; nothing is lost."
    }
    ACTION_EMPTY_ROW = Warning "action.empty_row" {
        "Rows that hold only a number (a template row never filled in) were not taken as actions.",
        "Nothing, unless the document is a draft."
    }
    ACTION_ITEMS = Warning "action.items" {
        "An action cell lists numbered items whose deadline or responsible lines do not line up with them: one action, its items in `items`.",
        "Read the items' deadlines in the raw text."
    }
    ACTION_SPLIT_ITEMS = Warning "action.split_items" {
        "An action cell's numbered items, each with its own deadline and responsible line, were made one action each (numbered N.1, N.2, …).",
        "Nothing; the message names the row."
    }
    DEADLINE_NO_YEAR = Warning "deadline.no_year" {
        "The deadline names no year and the plan has no period to take one from.",
        "Give the year: `roadmap dates TEXT --year 2022`; in a document, the plan's title usually names it."
    }
    DEADLINE_IMPOSSIBLE_DATE = Warning "deadline.impossible_date" {
        "The deadline names a date that does not exist (31.09, 29.02 of a common year).",
        "Check the cell in the document: a typing error."
    }
    DEADLINE_END_BEFORE_START = Warning "deadline.end_before_start" {
        "A span's end precedes its start; the span is kept as the years were read.",
        "Check the cell's years in the document."
    }
    DEADLINE_UNANCHORED = Warning "deadline.unanchored" {
        "The text names a span but not which one («в течение месяца» outside a month's section).",
        "Nothing to fix in the tool: the document does not say."
    }
    DEADLINE_UNREADABLE = Warning "deadline.unreadable" {
        "No date, period or known phrase in the deadline cell (`kind` is `unknown`).",
        "If it does name a time, report the text: `roadmap dates TEXT` shows what the normalizer reads."
    }
    OCR_LOW_CONFIDENCE = Warning "ocr.low_confidence" {
        "A word of this scanned row was recognized with under 60% confidence.",
        "Check the row's text against the scan."
    }
    OCR_UNAVAILABLE_PAGES = Warning "ocr.unavailable" {
        "The document has text pages and scanned pages, and the scanned ones were not read: no Tesseract.",
        "Install Tesseract (see `ocr_unavailable`) and read the document again."
    }
    OCR_NOTE = Warning "ocr.note" {
        "Something about how a scanned page was read: how much it was straightened, a text layer that read badly and was recognized again, a picture of a page in a word-processor document.",
        "Nothing: for information."
    }
    OCR_PAGE_UNREADABLE = Warning "ocr.page_unreadable" {
        "One scanned page could not be recognized (its image, or the recognizer failed); the other pages were read.",
        "Look at the page; the message says what failed."
    }
    SOURCE_MISLABELLED = Warning "source.mislabelled" {
        "The file's name claims one format and its content is another (a workbook named .docx): read as its content says.",
        "Rename the file."
    }
    DOCX_DAMAGED_XML = Warning "docx.damaged_xml" {
        "word/document.xml is damaged; the text before the damage was read.",
        "Open it in Word or LibreOffice and save it again to read the rest."
    }
    DOCX_NESTING_LIMIT = Warning "docx.nesting_limit" {
        "Tables nested deeper than the limit are read as cell text.",
        "Nothing: no plan nests tables that deep."
    }
    ODT_DAMAGED_XML = Warning "odt.damaged_xml" {
        "content.xml is damaged; the text before the damage was read.",
        "Open it in LibreOffice and save it again to read the rest."
    }
    ODT_NESTING_LIMIT = Warning "odt.nesting_limit" {
        "Tables nested deeper than the limit are read as cell text.",
        "Nothing: no plan nests tables that deep."
    }
    RTF_NESTING_LIMIT = Warning "rtf.nesting_limit" {
        "Groups or tables nested deeper than the limit were skipped.",
        "Nothing: a real document does not nest that deep."
    }
    DOC_DAMAGED = Warning "doc.damaged" {
        "Part of a Word 97-2003 document could not be read; the rest was.",
        "Open it in Word or LibreOffice and save it as DOCX."
    }
    XLSX_PACKAGE_REPAIRED = Warning "xlsx.package_repaired" {
        "The workbook's package relationships part was damaged and read as pointing at xl/workbook.xml.",
        "Nothing; saving the workbook again repairs it."
    }
    XLSX_SHEET_UNREADABLE = Warning "xlsx.sheet_unreadable" {
        "A sheet was left out (an Excel 4.0 macro sheet, a dialog sheet, a sheet the workbook does not link, or one that cannot be read); the other sheets were read.",
        "Nothing, unless the plan is on that sheet: then save the workbook again."
    }
    XLSX_ROWS_CUT = Warning "xlsx.rows_cut" {
        "A sheet has more rows than the reader takes; the first ones were read.",
        "Split the sheet."
    }
    PDF_PAGE_LIMIT = Warning "pdf.page_limit" {
        "The PDF has more pages than the reader takes; the first ones were read.",
        "Split the PDF."
    }
    PDF_CONTENT_LIMIT = Warning "pdf.content_limit" {
        "Some pages had content beyond the reader's limits or damaged streams; the rest was read.",
        "Compare the output with the pages named; print the PDF to a new one if text is missing."
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_spelled_by_their_kind() {
        let mut seen = std::collections::BTreeSet::new();
        for e in ALL {
            assert!(seen.insert(e.code), "{} twice", e.code);
            let spelled = match e.kind {
                Kind::Error => e.code.as_str().chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                Kind::Warning => e.code.as_str().split_once('.').is_some_and(|(a, b)| !a.is_empty() && !b.is_empty()),
            };
            assert!(spelled, "{}: errors are snake_case, warnings area.what", e.code);
            assert!(e.means.ends_with('.') && e.todo.ends_with('.'), "{}: sentences", e.code);
        }
        assert_eq!(Entry::of("zip_bomb").map(|e| e.kind), Some(Kind::Error));
        assert!(Entry::of("nothing.such").is_none());
    }
}
