//! Lowering text for patterns written in lower case: a pattern compiled without case folding
//! is built many times faster than one with `(?i)`, which matters for a process that reads one
//! document.

/// `text` lowercased letter by letter where that keeps each letter's length in bytes, so that
/// positions in it are positions in `text`.
pub(crate) fn lowercase_in_place(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii() || matches!(c, 'а'..='я' | 'ё' | 'А'..='Я' | 'Ё') {
                // one letter that lowers to one letter of the same length
                return roadmap_layout::lowercase(c.encode_utf8(&mut [0; 4])).chars().next().unwrap_or(c);
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

    #[test]
    fn lowers_letters_and_keeps_every_byte_position() {
        assert_eq!(lowercase_in_place("ПРИКАЗ № 12-Р от 01.02.2022"), "приказ № 12-р от 01.02.2022");
        let odd = "İ and ẞ stay";
        assert_eq!(lowercase_in_place(odd).len(), odd.len());
    }
}
