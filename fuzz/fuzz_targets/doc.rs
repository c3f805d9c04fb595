//! Any bytes: the Word 97-2003 reader returns a document or an error, never panics.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = roadmap_doc::read(data);
});
