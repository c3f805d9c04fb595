//! Any bytes: the RTF reader returns a document or an error, never panics.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = roadmap_rtf::read(data);
});
