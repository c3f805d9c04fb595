//! Build `dictionaries/ru_RU.fst`, the word list `roadmap-pdf` looks words up in, from the word
//! forms of the Hunspell dictionary, one a line on standard input (as `unmunch` prints them):
//!
//! ```sh
//! scripts/build-wordlist.sh    # unmunch ru_RU.dic ru_RU.aff | cargo run --example build_wordlist
//! ```
//!
//! The forms are sorted and deduplicated here; the output is a finite-state set (`fst`), which
//! the reader opens in no time and looks words up in without parsing anything.

use std::io::{BufRead, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut words: Vec<String> = std::io::stdin().lock().lines().collect::<Result<_, _>>()?;
    words.retain(|w| !w.trim().is_empty());
    for w in &mut words {
        *w = w.trim().to_string();
    }
    words.sort();
    words.dedup();
    let set = fst::Set::from_iter(words.iter())?;
    let bytes = set.as_fst().as_bytes();
    std::io::stdout().lock().write_all(bytes)?;
    eprintln!("{} word forms, {} bytes", words.len(), bytes.len());
    Ok(())
}
