//! Streams whose `/Length` is missing, not a number, or wrong: found again in the file's bytes.
//!
//! lopdf takes a stream's data by its `/Length`; a stream without a usable one comes out empty
//! and one whose data does not end where the length says is dropped with its object. Other
//! readers (qpdf, pdf.js, poppler) take the data up to the `endstream` keyword instead, or by
//! the length when the keyword is misspelt. [`lost_streams`] tells whether a loaded document
//! lost page content so; [`mended`] writes every stream's measured length into
//! its dictionary (and mends names, below); the file is loaded again (the reader rebuilds the cross-reference table the
//! new lengths shift) and [`take_lost_objects`] moves the objects the first load lost or left
//! empty into it, the rest kept as first read.
//!
//! The same second reading mends names written with spaces in them (`/BaseFont /Arial Unicode
//! MS`), which make lopdf drop the whole dictionary (and the font with it): outside stream data,
//! the words after such a name join it (`/Arial#20Unicode#20MS`), as pdf.js reads them.

use std::borrow::Cow;
use std::sync::LazyLock;

use lopdf::{Document, Object};
use regex::bytes::{Captures, Regex};

/// A stream left empty for want of a usable `/Length`.
fn broken_length(pdf: &Document, stream: &lopdf::Stream) -> bool {
    let length = stream.dict.get(b"Length").ok().map(|l| pdf.dereference(l).map(|(_, l)| l.clone()));
    stream.content.is_empty() && !matches!(length, Some(Ok(Object::Integer(n))) if n >= 0)
}

/// Move into `pdf` the objects of `repaired` (the file read again, lengths measured) that `pdf`
/// lacks, holds as streams left empty by their length, or holds as streams that ran on into
/// the objects after them (the repaired data is where the first reading's starts).
pub(crate) fn take_lost_objects(pdf: &mut Document, repaired: Document) {
    for (id, object) in repaired.objects {
        let lost = match (pdf.objects.get(&id), &object) {
            (None, _) => true,
            (Some(Object::Stream(first)), Object::Stream(again)) => {
                let left_empty = broken_length(pdf, first) && !again.content.is_empty();
                let ran_on = again.content.len() < first.content.len() && first.content.starts_with(&again.content);
                left_empty || ran_on
            }
            _ => false,
        };
        if lost {
            pdf.objects.insert(id, object);
        }
    }
}

/// Whether pages of `pdf` lost content to a stream length: a content stream left empty with no
/// usable `/Length`, or a reference from a page to its content, fonts or forms that the reader
/// dropped (with its object, or swallowed into the stream before it).
pub(crate) fn lost_streams(pdf: &Document, pages: &[lopdf::ObjectId]) -> bool {
    let lost = |object: &Object| match object {
        Object::Reference(id) => match pdf.objects.get(id) {
            None => true,
            Some(Object::Stream(stream)) => broken_length(pdf, stream),
            Some(_) => false,
        },
        Object::Stream(stream) => broken_length(pdf, stream),
        _ => false,
    };
    // a content entry, or the entries of a font or form dictionary, or of a contents array
    let any_lost = |object: Option<&Object>| match object {
        Some(Object::Dictionary(dict)) => dict.iter().any(|(_, v)| lost(v)),
        Some(Object::Array(list)) => list.iter().any(lost),
        Some(other) => lost(other),
        None => false,
    };
    pages.iter().filter_map(|id| pdf.get_dictionary(*id).ok()).any(|page| {
        let resources = page.get(b"Resources").ok().and_then(|r| resolved(pdf, r)).and_then(|r| r.as_dict().ok());
        let category = |name: &[u8]| resources.and_then(|r| r.get(name).ok()).and_then(|c| resolved(pdf, c));
        any_lost(page.get(b"Contents").ok()) || any_lost(category(b"Font")) || any_lost(category(b"XObject"))
    })
}

/// `object`, or the object it refers to.
fn resolved<'a>(pdf: &'a Document, object: &'a Object) -> Option<&'a Object> {
    pdf.dereference(object).ok().map(|(_, o)| o)
}

/// The file with each stream's data measured and its length written last in its dictionary
/// (and names written with spaces joined, [`spaced_names_joined`])
/// (a dictionary's last entry for a key wins): the data runs to the `endstream` keyword; without
/// one, by a `/Length` that stays inside the object, else to `endobj` or the next object.
pub(crate) fn mended(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 1024);
    let mut copied = 0;
    let mut from = 0;
    while let Some(at) = find(bytes, b"stream", from) {
        from = at + b"stream".len();
        let Some(dict_end) = dictionary_end_before(bytes, at) else { continue };
        let Some(data_start) = after_eol(bytes, from) else { continue };
        let object_end = next_object(bytes, data_start).unwrap_or(bytes.len());
        let span = &bytes[data_start..object_end];
        let (data_end, resume) = match find(span, b"endstream", 0) {
            Some(end) => (data_start + trim_eol(span, end), data_start + end + b"endstream".len()),
            None => {
                let by_length = declared_length(&bytes[..dict_end]).filter(|n| *n <= span.len());
                let data_end = by_length.map_or_else(|| data_start + find(span, b"endobj", 0).unwrap_or(span.len()), |n| data_start + n);
                // what stands between the data and `endobj` (a misspelt keyword) is left out
                let resume = find(span, b"endobj", 0).map_or(object_end, |e| data_start + e.max(data_end - data_start));
                (data_end, resume)
            }
        };
        out.extend_from_slice(&spaced_names_joined(&bytes[copied..dict_end]));
        out.extend_from_slice(format!(" /Length {}>>\nstream\n", data_end - data_start).as_bytes());
        out.extend_from_slice(&bytes[data_start..data_end]);
        out.extend_from_slice(b"\nendstream\n");
        if !bytes[resume..object_end].windows(6).any(|w| w == b"endobj") {
            out.extend_from_slice(b"endobj\n");
        }
        copied = resume;
        from = resume;
    }
    out.extend_from_slice(&spaced_names_joined(&bytes[copied..]));
    out
}

/// A dictionary entry whose name value is followed by bare words before the next key or the
/// dictionary's end: `/BaseFont /Arial Unicode MS /Encoding …`.
static SPACED_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(/[A-Za-z0-9]+[ \t\r\n]+/[^\s/<>\[\]()%{}]+)((?:[ \t]+[A-Za-z][A-Za-z0-9,+\-]*)+)([ \t\r\n]*(?:/|>>))")
        .unwrap_or_else(|e| unreachable!("spaced name pattern: {e}"))
});

/// Keywords that may follow a name value and are no part of it.
const KEYWORDS: [&[u8]; 9] = [b"R", b"obj", b"endobj", b"stream", b"def", b"true", b"false", b"null", b"BDC"];

/// `text` (outside stream data) with the bare words after a name value joined to the name.
fn spaced_names_joined(text: &[u8]) -> Cow<'_, [u8]> {
    SPACED_NAME.replace_all(text, |c: &Captures<'_>| {
        let words: Vec<&[u8]> = c[2].split(|b| *b == b' ' || *b == b'\t').filter(|w| !w.is_empty()).collect();
        if words.iter().any(|w| KEYWORDS.contains(w)) {
            return c[0].to_vec();
        }
        let mut joined = c[1].to_vec();
        for word in words {
            joined.extend_from_slice(b"#20");
            joined.extend_from_slice(word);
        }
        joined.extend_from_slice(&c[3]);
        joined
    })
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

/// The offset of the `>>` that closes the dictionary right before the `stream` keyword at `at`
/// (only white space between them); `None` when `at` is not a stream keyword (`endstream`, text).
fn dictionary_end_before(bytes: &[u8], at: usize) -> Option<usize> {
    let before = bytes[..at].trim_ascii_end();
    before.ends_with(b">>").then(|| before.len() - 2)
}

/// The offset after the end of line that follows the `stream` keyword (spaces allowed before it).
fn after_eol(bytes: &[u8], mut at: usize) -> Option<usize> {
    while bytes.get(at) == Some(&b' ') {
        at += 1;
    }
    match (bytes.get(at), bytes.get(at + 1)) {
        (Some(b'\r'), Some(b'\n')) => Some(at + 2),
        (Some(b'\n' | b'\r'), _) => Some(at + 1),
        _ => None,
    }
}

/// `end` less the end of line before it, if any.
fn trim_eol(span: &[u8], end: usize) -> usize {
    if span[..end].ends_with(b"\r\n") {
        end - 2
    } else if span[..end].ends_with(b"\n") || span[..end].ends_with(b"\r") {
        end - 1
    } else {
        end
    }
}

/// The offset of the next line that opens an indirect object («12 0 obj»).
fn next_object(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(obj) = find(bytes, b" obj", at) {
        at = obj + 4;
        // «12 0 obj» stands at a line start a few bytes back (a header longer than 32 bytes is none)
        let window = obj.saturating_sub(32).max(from);
        let Some(line_start) = bytes[window..obj].iter().rposition(|b| *b == b'\n' || *b == b'\r').map(|p| window + p + 1) else {
            continue;
        };
        let mut words = bytes[line_start..obj].split(u8::is_ascii_whitespace).filter(|w| !w.is_empty());
        let number = |w: Option<&[u8]>| w.is_some_and(|w| w.iter().all(u8::is_ascii_digit));
        if number(words.next()) && number(words.next()) && words.next().is_none() {
            return Some(line_start);
        }
    }
    None
}

/// A direct integer `/Length` in the dictionary that ends `dict`.
fn declared_length(dict: &[u8]) -> Option<usize> {
    let start = dict.windows(2).rposition(|w| w == b"<<")?;
    let at = find(dict, b"/Length", start)? + b"/Length".len();
    let value: Vec<&[u8]> = dict[at..].split(u8::is_ascii_whitespace).filter(|w| !w.is_empty()).take(2).collect();
    let digits = value.first()?;
    let reference = value.get(1).is_some_and(|w| w.first().is_some_and(u8::is_ascii_digit));
    (!reference).then(|| std::str::from_utf8(digits).ok()?.trim_end_matches(['/', '>']).parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HELVETICA: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

    /// A one-page file whose content stream is object 4 (`content_object`, written as is) and
    /// whose font /F1 is object 5 (`font`).
    fn page_with(content_object: &str, font: &str) -> Vec<u8> {
        format!(
            "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n\
3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>\nendobj\n\
4 0 obj\n{content_object}\n\
5 0 obj\n{font}\nendobj\n\
trailer\n<< /Root 1 0 R /Size 6 >>\n%%EOF\n"
        )
        .into_bytes()
    }

    fn text_of(bytes: &[u8]) -> String {
        crate::tests::paragraphs_of(bytes).concat()
    }

    #[test]
    fn streams_are_read_to_their_end_whatever_their_length_says() {
        let content = "BT /F1 12 Tf 72 700 Td (Plan) Tj ET";
        for object in [
            format!("<< >>\nstream\n{content}\nendstream\nendobj"),
            format!("<< /Length () >>\nstream\n{content}\nendstream\nendobj"),
            format!("<< /Length 9 0 R >>\nstream\n{content}\r\nendstream\nendobj"),
            format!("<< /Length 5 >>\nstream\n{content}\nendstream\nendobj"),
            format!("<< /Length 500 >>\nstream\n{content}\nendstream\nendobj"),
            // a misspelt keyword: the length is believed
            format!("<< /Length 35 >>\nstream\n{content}\nenxstream\nendobj"),
            format!("<< /Length 35 >>\nstream\n{content}\nenxstream\nenxobj\n"),
        ] {
            assert_eq!(text_of(&page_with(&object, HELVETICA)), "Plan", "{object}");
        }
    }

    #[test]
    fn names_written_with_spaces_are_read_whole() {
        let font = "<< /Type /Font /Subtype /Type1 /BaseFont /Times New Roman /Encoding /WinAnsiEncoding >>";
        let joined = spaced_names_joined(font.as_bytes());
        assert_eq!(
            String::from_utf8_lossy(&joined),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Times#20New#20Roman /Encoding /WinAnsiEncoding >>"
        );
        for kept in ["<< /A /B true /C 1 >>", "<< /Font << /F1 /Helvetica >> /XObject 5 0 R >>", "/OC /oc1 BDC /F1 12 Tf"] {
            assert_eq!(spaced_names_joined(kept.as_bytes()), kept.as_bytes(), "{kept}");
        }
        // the font object lopdf drops is read again
        let content = "<< /Length 35 >>\nstream\nBT /F1 12 Tf 72 700 Td (Plan) Tj ET\nendstream\nendobj";
        assert_eq!(text_of(&page_with(content, font)), "Plan");
    }

    #[test]
    fn lengths_are_measured_in_the_bytes() {
        let fixed = mended(b"1 0 obj\n<< /Length 2 >>\nstream\r\nabc\r\nendstream\nendobj\n2 0 obj\n<</A 1>>stream\nxy");
        assert_eq!(
            String::from_utf8_lossy(&fixed),
            "1 0 obj\n<< /Length 2  /Length 3>>\nstream\nabc\nendstream\n\nendobj\n2 0 obj\n<</A 1 /Length 2>>\nstream\nxy\nendstream\nendobj\n"
        );
        assert_eq!(declared_length(b"<< /Length 44\n"), Some(44));
        assert_eq!(declared_length(b"<< /Length 4 0 R "), None);
        assert_eq!(declared_length(b"<< /Length () "), None);
        // a file with no streams, and text that names the keyword, stay as they are
        assert_eq!(mended(b"1 0 obj (a stream of words) endobj"), b"1 0 obj (a stream of words) endobj");
    }

    proptest::proptest! {
        /// Whatever the bytes, measuring streams ends, and what stands before the first
        /// dictionary end is kept as it is.
        #[test]
        fn any_bytes_are_measured(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2048), stream_at in 0usize..2048) {
            let mut bytes = bytes;
            let at = stream_at.min(bytes.len());
            bytes.splice(at..at, b">>\nstream\n".iter().copied());
            let fixed = mended(&bytes);
            let first = bytes.windows(2).position(|w| w == b">>").unwrap_or(bytes.len());
            proptest::prop_assert!(fixed.starts_with(&bytes[..first]));
            proptest::prop_assert!(fixed.windows(9).any(|w| w == b"endstream"));
        }
    }
}
