//! Lowering text for patterns written in lower case: a pattern compiled without case folding
//! is built many times faster than one with `(?i)`, which matters for a process that reads one
//! document.

/// `text` lowercased letter by letter where that keeps each letter's length in bytes, so that
/// positions in it are positions in `text`.
pub(crate) fn lowercase_in_place(text: &str) -> String {
    text.chars()
        .map(|c| {
            // ASCII and Russian letters keep their length
            if let Some(lower) = roadmap_layout::lower_at_once(c) {
                return lower;
            }
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::lowercase_in_place;
    use proptest::prelude::*;

    proptest! {
        // each letter lowered as the standard library lowers it, where that keeps its length
        #[test]
        fn letters_lowered_as_the_standard_library_lowers_them(text in "[а-яёА-ЯЁa-zA-Z0-9 İẞΣ-]{0,12}|\\PC{0,12}") {
            let expected: String = text
                .chars()
                .map(|c| {
                    let lower: Vec<char> = c.to_lowercase().collect();
                    if lower.len() == 1 && lower[0].len_utf8() == c.len_utf8() { lower[0] } else { c }
                })
                .collect();
            prop_assert_eq!(lowercase_in_place(&text), expected);
        }
    }

    #[test]
    fn lowers_letters_and_keeps_every_byte_position() {
        assert_eq!(lowercase_in_place("ПРИКАЗ № 12-Р от 01.02.2022"), "приказ № 12-р от 01.02.2022");
        let odd = "İ and ẞ stay";
        assert_eq!(lowercase_in_place(odd).len(), odd.len());
    }
}
