//! Any text: the date normalizer returns a deadline, never panics.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = roadmap_dates::normalize(text, Some(2022));
    }
});
