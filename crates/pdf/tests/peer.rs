//! Files from other projects' test suites (sources in `testdata/peer/SOURCES.md`), one per class
//! of PDF that other readers open: each must read, or fail with the error its class calls for.

use roadmap_layout::Block;
use roadmap_pdf::PdfError;

fn read(name: &str) -> Result<roadmap_layout::Document, PdfError> {
    let path = format!("{}/testdata/peer/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    roadmap_pdf::read(&bytes)
}

/// The text of every paragraph and table cell, in order, joined by spaces.
fn text(name: &str) -> String {
    let doc = read(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut words = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Paragraph(p) => words.push(p.text.clone()),
            Block::Table(t) => words.extend(t.rows.iter().flat_map(|r| r.cells.iter().map(|c| c.text.clone()))),
        }
    }
    words.join(" ")
}

#[test]
fn content_that_does_not_decrypt_is_reported_as_encrypted() {
    // AES-256 (R6) whose crypt filters stand in an indirect object: opened with the empty
    // password, every page comes out blank
    assert!(matches!(read("issue7665.pdf"), Err(PdfError::Undecrypted)));
}

#[test]
fn glyph_names_are_read_by_the_adobe_glyph_list_rules() {
    // /Differences naming ligatures by their parts (f_t, T_h) and small caps by suffix (a.sc)
    assert_eq!(text("issue15516_reduced.pdf"), "\u{fb03} \u{fb01} \u{fb04} \u{fb00} \u{fb02} ft Th fh");
}

#[test]
fn type3_fonts_in_a_glyph_space_of_their_own() {
    // FontMatrix [1 0 0 -1 0 0] at 0.12 pt: the letters are 12-point print, not specks
    assert_eq!(text("issue14999_reduced.pdf"), "A quantile- opula approa h to onditional density estimation.");
}

#[test]
fn abbreviated_filter_names_on_object_and_cross_reference_streams() {
    assert_eq!(text("filter-abbreviation.pdf"), "Potato");
}

#[test]
fn composite_fonts_with_an_embedded_encoding_of_variable_length_codes() {
    // a Type0 font whose /Encoding CMap takes UTF-8 as its code space (one to four bytes)
    let line = "abc defghijklmno pqrstuvw xyz0123456789 \u{289c0}\u{3001}\u{28b4e}\u{3001}\u{28a0f}\u{3001}\u{28b46}";
    assert_eq!(text("issue18117.pdf"), format!("{line} {line}"));
}

#[test]
fn aes_encrypted_files_with_an_empty_user_password_read_as_their_plain_rendering() {
    // made by scripts/make-encrypted-pdfs.sh from corpus/genre/municipal-2022-order-27.pdf
    let dir = env!("CARGO_MANIFEST_DIR");
    let plain = std::fs::read(format!("{dir}/../../corpus/genre/municipal-2022-order-27.pdf")).unwrap_or_else(|e| panic!("{e}"));
    let plain = roadmap_pdf::read(&plain).unwrap_or_else(|e| panic!("{e}"));
    for name in ["aes256-empty-user-password.pdf", "aes128-empty-user-password.pdf"] {
        let bytes = std::fs::read(format!("{dir}/testdata/{name}")).unwrap_or_else(|e| panic!("{e}"));
        let read = roadmap_pdf::read(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(read.blocks, plain.blocks, "{name}");
    }
}

#[test]
fn predefined_cjk_cmaps() {
    // a /Encoding naming a predefined CMap (Shift-JIS), no ToUnicode, the font not embedded
    assert_eq!(text("noembed-sjis.pdf"), "あいうえお");
    // a ToUnicode map that builds on a predefined one (`/Adobe-Korea1-UCS2 usecmap`)
    assert_eq!(text("issue5010.pdf"), "인터뷰●홍인혜카피라이터");
    // a CID font of the GB1 collection without a ToUnicode map
    assert_eq!(text("issue3521.pdf"), "我们都是黑体字");
}
