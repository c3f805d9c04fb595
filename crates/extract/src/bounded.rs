//! Patterns with long counted runs («at most 160 characters»), matched without building them in
//! most cases. A run `[^.;№]{0,160}` repeats a Unicode class's automaton 160 times: a few such
//! runs take milliseconds to compile, more than the rest of a document's work. The same pattern
//! with every counted run left open (`*`) builds in a tenth of the time; it is matched first,
//! and each of its matches is checked against the counts. Both patterns choose among the same
//! candidates in the same order (the open one has more), so a match that keeps to the counts is
//! the one the counted pattern finds; only a match that breaks one is looked for again with
//! the counted pattern, built then.
//!
//! Each counted run must be the whole of a named group, and the group is named with its counts
//! ([`Bounded::new`]); a group that took no part in a match passes.

use std::borrow::Cow;
use std::sync::{LazyLock, OnceLock};

use crate::re;
use regex::{Captures, Regex};

/// A pattern with counted runs, each the whole of a named group.
pub(crate) struct Bounded {
    pattern: &'static str,
    /// (group name, least and most characters)
    counts: &'static [(&'static str, usize, usize)],
    counted: OnceLock<Regex>,
    open: OnceLock<Regex>,
}

impl Bounded {
    pub(crate) const fn new(pattern: &'static str, counts: &'static [(&'static str, usize, usize)]) -> Self {
        Bounded { pattern, counts, counted: OnceLock::new(), open: OnceLock::new() }
    }

    fn counted(&self) -> &Regex {
        self.counted.get_or_init(|| re(self.pattern))
    }

    fn open(&self) -> &Regex {
        static COUNT: LazyLock<Regex> = LazyLock::new(|| re(r"\{[0-9]+,[0-9]+\}"));
        self.open.get_or_init(|| re(&COUNT.replace_all(self.pattern, "*")))
    }

    fn keeps_counts(&self, c: &Captures) -> bool {
        self.counts.iter().all(|(name, least, most)| c.name(name).is_none_or(|m| (*least..=*most).contains(&m.as_str().chars().count())))
    }

    /// The matches the counted pattern finds one after another, as `captures_iter` gives them.
    pub(crate) fn captures_all<'h>(&self, haystack: &'h str) -> Vec<Captures<'h>> {
        let mut found = Vec::new();
        let mut at = 0;
        while at <= haystack.len() {
            let c = match self.open().captures_at(haystack, at) {
                Some(c) if self.keeps_counts(&c) => c,
                Some(_) => match self.counted().captures_at(haystack, at) {
                    Some(c) => c,
                    None => break,
                },
                None => break,
            };
            let Some(whole) = c.get(0) else { break };
            if whole.is_empty() {
                // an empty match: step over the next character, as `captures_iter` does
                at = haystack[whole.end()..].chars().next().map_or(haystack.len() + 1, |ch| whole.end() + ch.len_utf8());
            } else {
                at = whole.end();
            }
            found.push(c);
        }
        found
    }

    /// Every match replaced by `with`.
    pub(crate) fn replace_all<'h>(&self, haystack: &'h str, with: &str) -> Cow<'h, str> {
        let found = self.captures_all(haystack);
        if found.is_empty() {
            return Cow::Borrowed(haystack);
        }
        let mut out = String::with_capacity(haystack.len());
        let mut last = 0;
        for m in found.iter().filter_map(|c| c.get(0)) {
            out.push_str(&haystack[last..m.start()]);
            out.push_str(with);
            last = m.end();
        }
        out.push_str(&haystack[last..]);
        Cow::Owned(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    static QUOTED: Bounded = Bounded::new(
        r"от\s+(?P<date>[^№]{4,12}?)\s*№\s*(?P<n>[0-9]+)(?P<q>\s*«(?P<title>[^»]{1,10})»)?",
        &[("date", 4, 12), ("title", 1, 10)],
    );

    fn counted_matches(text: &str) -> Vec<Vec<Option<(usize, usize)>>> {
        QUOTED.counted().captures_iter(text).map(|c| c.iter().map(|g| g.map(|m| (m.start(), m.end()))).collect()).collect()
    }

    fn bounded_matches(text: &str) -> Vec<Vec<Option<(usize, usize)>>> {
        QUOTED.captures_all(text).iter().map(|c| c.iter().map(|g| g.map(|m| (m.start(), m.end()))).collect()).collect()
    }

    #[test]
    fn the_open_pattern_leaves_no_count() {
        assert_eq!(QUOTED.open().as_str(), r"от\s+(?P<date>[^№]*?)\s*№\s*(?P<n>[0-9]+)(?P<q>\s*«(?P<title>[^»]*)»)?");
    }

    #[test]
    fn a_match_past_a_count_is_found_as_the_counted_pattern_finds_it() {
        // the date runs past 12 characters from the first «от», not from the second
        let text = "от имени министерства от 1.02.2021 № 5 «короткий» и от 2.03.2021 № 6 «заглавие длиннее десяти»";
        let found = bounded_matches(text);
        assert_eq!(found, counted_matches(text));
        assert_eq!(found.len(), 2);
        assert_eq!(found[1][4], None, "a title past 10 characters is not taken");
    }

    proptest! {
        #[test]
        fn the_same_matches_as_the_counted_pattern(text in "(от|№|«|»| |1|2|а|\\.){0,60}") {
            prop_assert_eq!(bounded_matches(&text), counted_matches(&text));
        }
        #[test]
        fn replacing_as_the_counted_pattern(text in "(от|№|«|»| |1|2|а|\\.){0,60}") {
            prop_assert_eq!(QUOTED.replace_all(&text, ","), QUOTED.counted().replace_all(&text, ","));
        }
    }
}
