//! Word-processor documents whose pages are pictures (a scan pasted in a page at a time, a
//! title page photographed): the readers give the pictures of pages with where they stand, the
//! PDF reader reads them as it reads a scanned PDF's pages (`roadmap_pdf::read_pictures`: the
//! same recognizer, clean-up, ruling lines and page layout), and the blocks they give take
//! their places in the document.

use roadmap_layout::{Block, Diagnostic, Document, Picture, Recognition};
use roadmap_pdf::{Ocr, OcrMode, PdfError};

use crate::read::FileError;

/// `doc` with its pictures of pages read in their places, as `ocr` says (`--ocr never`: left
/// out). Pictures with no block between them are the pages of one scan, read together, so a
/// table goes on from one to the next. Without an OCR engine, a document with no text of its
/// own is [`FileError::OcrUnavailable`]; one with text keeps it, with the warning
/// `ocr.unavailable`.
pub(crate) fn read_in_place(mut doc: Document, ocr: &Ocr) -> Result<Document, FileError> {
    let pictures = std::mem::take(&mut doc.pictures);
    if pictures.is_empty() || ocr.mode == OcrMode::Never {
        return Ok(doc);
    }
    let mut runs: Vec<Vec<Picture>> = Vec::new();
    for picture in pictures {
        match runs.last_mut() {
            Some(run) if run.last().is_some_and(|p| p.at == picture.at) => run.push(picture),
            _ => runs.push(vec![picture]),
        }
    }
    let has_text = doc.blocks.iter().any(|b| match b {
        Block::Paragraph(p) => !p.text.trim().is_empty(),
        Block::Table(t) => t.rows.iter().any(|r| r.filled().any(|c| !c.text.trim().is_empty())),
    });
    let mut recognized: Vec<Recognition> = Vec::new();
    let mut read = Vec::with_capacity(runs.len());
    for run in &runs {
        match roadmap_pdf::read_pictures(run, ocr) {
            Ok(pages) => read.push((run[0].at, pages)),
            Err(PdfError::OcrUnavailable(why)) if has_text => {
                let count: usize = runs.iter().map(Vec::len).sum();
                doc.diagnostics.push(Diagnostic {
                    code: roadmap_codes::OCR_UNAVAILABLE_PAGES,
                    message: format!("{count} picture(s) of pages not read: {why}"),
                });
                return Ok(doc);
            }
            Err(PdfError::OcrUnavailable(why)) => return Err(FileError::OcrUnavailable(why)),
            Err(e) => return Err(FileError::Pdf(e)),
        }
    }
    // from the last place back, so that the places before stay where they were
    for (at, pages) in read.into_iter().rev() {
        let at = at.min(doc.blocks.len());
        doc.blocks.splice(at..at, pages.blocks);
        doc.diagnostics.extend(pages.diagnostics);
        recognized.extend(pages.ocr);
    }
    doc.ocr = combined(doc.ocr.take().into_iter().chain(recognized));
    Ok(doc)
}

/// What several recognitions by one engine come to: their pages, and their mean confidences
/// weighed by pages.
fn combined(recognitions: impl Iterator<Item = Recognition>) -> Option<Recognition> {
    recognitions.reduce(|a, b| {
        let pages = a.pages + b.pages;
        let mean = (u32::from(a.mean_confidence) * a.pages + u32::from(b.mean_confidence) * b.pages) / pages.max(1);
        Recognition { pages, mean_confidence: u8::try_from(mean).unwrap_or(100), ..a }
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use roadmap_layout::Paragraph;
    use roadmap_pdf::{Engine, RecognitionError, RecognizedPage, RecognizedWord, Recognizer, ScannedPage};

    use super::*;

    /// A recognizer that reads every picture as one line of text, or has no engine.
    struct OneLine(bool);

    impl Recognizer for OneLine {
        fn engine(&self) -> Result<Engine, RecognitionError> {
            match self.0 {
                true => Ok(Engine { name: "fake".into(), version: "1".into(), languages: "rus".into() }),
                false => Err(RecognitionError::Unavailable("no OCR engine: install it".into())),
            }
        }

        fn recognize(&self, page: &ScannedPage<'_>) -> Result<RecognizedPage, RecognitionError> {
            let text = ["Утверждаю", "Мероприятия", "Ответственные"][page.number as usize % 3].to_string();
            let word = RecognizedWord { text, x0: 100.0, x1: 200.0, baseline: 700.0, size: 12.0, confidence: 80 };
            Ok(RecognizedPage { words: vec![word], ..RecognizedPage::default() })
        }
    }

    fn document(texts: &[&str], pictures_at: &[usize]) -> Document {
        let blocks = texts.iter().map(|t| Block::Paragraph(Paragraph { text: t.to_string(), ..Paragraph::default() })).collect();
        let pictures = pictures_at.iter().map(|&at| Picture { at, data: vec![0xFF], width: 595.0, height: 842.0 }).collect();
        Document { blocks, pictures, ..Document::default() }
    }

    fn texts(doc: &Document) -> Vec<&str> {
        doc.blocks.iter().filter_map(|b| if let Block::Paragraph(p) = b { Some(p.text.as_str()) } else { None }).collect()
    }

    fn ocr(engine: bool, mode: OcrMode) -> Ocr {
        Ocr { mode, recognizer: Some(Arc::new(OneLine(engine))), jobs: 1 }
    }

    #[test]
    fn pictures_of_pages_are_read_in_their_places() {
        // a title page picture after the heading, two pages of a scan at the end
        let doc =
            read_in_place(document(&["Приложение", "Конец"], &[1, 2, 2]), &ocr(true, OcrMode::Auto)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(texts(&doc), ["Приложение", "Мероприятия", "Конец", "Мероприятия", "Ответственные"]);
        assert_eq!(doc.ocr.as_ref().map(|r| r.pages), Some(3));
        assert!(doc.pictures.is_empty());
        let never = read_in_place(document(&["Приложение"], &[1]), &ocr(true, OcrMode::Never)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(texts(&never), ["Приложение"]);
    }

    #[test]
    fn without_an_engine_pictures_of_pages_are_a_warning_or_an_error() {
        let with_text = read_in_place(document(&["Приложение"], &[1]), &ocr(false, OcrMode::Auto)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(texts(&with_text), ["Приложение"]);
        assert!(with_text.diagnostics.iter().any(|d| d.code == "ocr.unavailable" && d.message.contains("install")));
        let only_pictures = read_in_place(document(&[], &[0, 0]), &ocr(false, OcrMode::Auto));
        assert!(only_pictures.is_err_and(|e| e.code() == "ocr_unavailable"));
    }
}
