//! Action text → the milestones of the federal «500+» project it belongs to.
//!
//! In: the text of an action (its «Мероприятие» cell). Out: the ids of the milestones whose
//! patterns match it, in vocabulary order. The milestones, their patterns and the examples
//! that pin them down live in the reviewed file `vocabulary/milestones.toml`, embedded at build
//! time ([`Vocabulary::builtin`]); [`Vocabulary::parse`] reads another file of the same shape.
//!
//! ```
//! let v = roadmap_milestones::Vocabulary::builtin();
//! assert_eq!(v.classify("Первичное посещение кураторами ОО"), vec!["curator_visits"]);
//! ```

use std::sync::LazyLock;

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use serde::Deserialize;

/// The vocabulary shipped with the tool.
const BUILTIN: &str = include_str!("../../../vocabulary/milestones.toml");

#[derive(Debug, thiserror::Error)]
pub enum VocabularyError {
    #[error("not a milestone vocabulary: {0}")]
    Syntax(#[from] toml::de::Error),
    #[error("milestone {id}: pattern {pattern:?}: {source}")]
    Pattern { id: String, pattern: String, source: regex::Error },
    #[error("milestone {0} is defined twice")]
    Duplicate(String),
    #[error("milestone {id}: pattern {pattern:?}: write patterns in lower case (they match case-insensitively)")]
    UpperCase { id: String, pattern: String },
}

/// Whether a pattern has an upper-case letter outside an escape (`\S`, `\P{Lu}` are fine).
fn has_upper_case(pattern: &str) -> bool {
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some('p' | 'P') = chars.next() {
                // a Unicode class name: skip `{…}` or one letter
                if chars.clone().next() == Some('{') {
                    chars.by_ref().take_while(|&c| c != '}').for_each(drop);
                } else {
                    chars.next();
                }
            }
        } else if c.is_uppercase() {
            return true;
        }
    }
    false
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    milestone: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: String,
    name: String,
    patterns: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    counterexamples: Vec<String>,
}

/// One milestone: a stable id and a display name.
#[derive(Debug, Clone)]
pub struct Milestone {
    pub id: String,
    pub name: String,
    /// Action texts the milestone must recognize, and texts it must not.
    pub examples: Vec<String>,
    pub counterexamples: Vec<String>,
}

/// The milestones, in display order, and their patterns.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    pub milestones: Vec<Milestone>,
    /// Every pattern as one set: one pass over a text tells which patterns may match. When
    /// every pattern spells ([`roadmap_ascii::pattern`]), the set holds the spelled patterns
    /// and runs over the text's ASCII spelling, word boundaries and all, on its fast engine.
    /// Otherwise it holds the patterns without their word-boundary assertions (which on
    /// Cyrillic text would keep it off that engine): a pattern matches only where its member
    /// does.
    candidates: RegexSet,
    /// Whether `candidates` runs over the text's ASCII spelling.
    spelled: bool,
    /// For each member of `candidates`: its milestone (index), and the pattern itself when its
    /// member lost word boundaries, to confirm a candidate match.
    owners: Vec<(usize, Option<Regex>)>,
}

fn compile(id: &str, pattern: &str) -> Result<Regex, VocabularyError> {
    RegexBuilder::new(pattern).build().map_err(|source| VocabularyError::Pattern { id: id.into(), pattern: pattern.into(), source })
}

/// `pattern` without `\b` assertions (escapes such as `\\b` kept).
fn without_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => {}
            Some(next) => {
                out.push(c);
                out.push(next);
            }
            None => out.push(c),
        }
    }
    out
}

static BUILTIN_VOCABULARY: LazyLock<Vocabulary> =
    LazyLock::new(|| Vocabulary::parse(BUILTIN).unwrap_or_else(|e| unreachable!("vocabulary/milestones.toml: {e}")));

impl Vocabulary {
    /// The vocabulary in `vocabulary/milestones.toml` (checked by this crate's tests).
    pub fn builtin() -> &'static Vocabulary {
        &BUILTIN_VOCABULARY
    }

    /// Read a vocabulary file.
    pub fn parse(text: &str) -> Result<Vocabulary, VocabularyError> {
        let file: File = toml::from_str(text)?;
        let mut milestones: Vec<Milestone> = Vec::with_capacity(file.milestone.len());
        // each pattern as written, and its milestone (index)
        let mut written: Vec<(String, usize)> = Vec::new();
        for entry in file.milestone {
            if milestones.iter().any(|m| m.id == entry.id) {
                return Err(VocabularyError::Duplicate(entry.id));
            }
            for pattern in &entry.patterns {
                // patterns are lower case and the text is lowered before matching: compiled
                // without case folding, the set is built in a fraction of the time
                if has_upper_case(pattern) {
                    return Err(VocabularyError::UpperCase { id: entry.id.clone(), pattern: pattern.clone() });
                }
                written.push((pattern.clone(), milestones.len()));
            }
            milestones.push(Milestone { id: entry.id, name: entry.name, examples: entry.examples, counterexamples: entry.counterexamples });
        }
        let id_of = |m: usize| milestones.get(m).map_or("", |m| m.id.as_str());
        let spelled: Option<Vec<String>> = written.iter().map(|(p, _)| roadmap_ascii::pattern(p).ok()).collect();
        let (members, owners, spelled) = match spelled {
            Some(spelled) => (spelled, written.iter().map(|(_, m)| (*m, None)).collect(), true),
            None => {
                let mut loose = Vec::with_capacity(written.len());
                let mut owners = Vec::with_capacity(written.len());
                for (pattern, m) in &written {
                    let pattern_loose = without_word_boundaries(pattern);
                    let confirm = if pattern_loose == *pattern { None } else { Some(compile(id_of(*m), pattern)?) };
                    loose.push(pattern_loose);
                    owners.push((*m, confirm));
                }
                (loose, owners, false)
            }
        };
        // A pattern the set refuses is found by compiling each on its own (only then: one by
        // one, they take longer to build than the set).
        let candidates = RegexSetBuilder::new(&members).build().map_err(|source| {
            written.iter().find_map(|(pattern, m)| compile(id_of(*m), pattern).err()).unwrap_or(VocabularyError::Pattern {
                id: "(all)".into(),
                pattern: members.join(" | "),
                source,
            })
        })?;
        Ok(Vocabulary { milestones, candidates, spelled, owners })
    }

    /// The ids of the milestones `action` belongs to, in vocabulary order.
    pub fn classify(&self, action: &str) -> Vec<&str> {
        let folded = action.split_whitespace().collect::<Vec<_>>().join(" ");
        let folded = if self.spelled { roadmap_ascii::spelled(&folded) } else { roadmap_layout::lowercase(&folded) };
        let mut found = vec![false; self.milestones.len()];
        for member in self.candidates.matches(&folded).iter() {
            let Some((m, confirm)) = self.owners.get(member) else { continue };
            if !found[*m] && confirm.as_ref().is_none_or(|strict| strict.is_match(&folded)) {
                found[*m] = true;
            }
        }
        self.milestones.iter().zip(found).filter(|(_, f)| *f).map(|(m, _)| m.id.as_str()).collect()
    }

    /// The milestone with this id.
    pub fn get(&self, id: &str) -> Option<&Milestone> {
        self.milestones.iter().find(|m| m.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The builtin vocabulary with one more milestone whose pattern does not spell: matched over
    /// the text, not its spelling.
    static WRITTEN: LazyLock<Vocabulary> = LazyLock::new(|| {
        Vocabulary::parse(&format!(
            "{BUILTIN}\n[[milestone]]\nid = \"unspelled\"\nname = \"x\"\npatterns = [\"ééé\"]\nexamples = [\"ééé\"]\n"
        ))
        .unwrap_or_else(|e| panic!("{e}"))
    });

    #[test]
    fn the_builtin_vocabulary_keeps_its_examples() {
        // over the spelling, and over the text
        for v in [&Vocabulary::parse(BUILTIN).unwrap_or_else(|e| panic!("{e}")), &*WRITTEN] {
            keeps_its_examples(v);
        }
    }

    fn keeps_its_examples(v: &Vocabulary) {
        assert!(v.milestones.len() >= 13);
        let mut failures = Vec::new();
        for m in &v.milestones {
            assert!(!m.examples.is_empty(), "{}: no examples", m.id);
            for e in &m.examples {
                if !v.classify(e).contains(&m.id.as_str()) {
                    failures.push(format!("{}: example not recognized: {e}", m.id));
                }
            }
            for e in &m.counterexamples {
                if v.classify(e).contains(&m.id.as_str()) {
                    failures.push(format!("{}: counterexample recognized: {e}", m.id));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn the_builtin_vocabulary_runs_over_the_spelling() {
        assert!(Vocabulary::builtin().spelled);
        let unspellable = Vocabulary::parse("[[milestone]]\nid = \"a\"\nname = \"A\"\npatterns = [\"café\", \"\\\\bкот\\\\b\"]\n").unwrap();
        assert!(!unspellable.spelled);
        assert_eq!(unspellable.classify("Кот спит"), vec!["a"]);
        assert!(unspellable.classify("Котлеты").is_empty());
    }

    proptest::proptest! {
        // over the spelling, the builtin vocabulary finds the milestones it finds over the text
        // (the same vocabulary with one pattern that does not spell is matched over the text)
        #[test]
        fn spelled_and_written_vocabularies_agree(
            picks in proptest::collection::vec((0usize..10_000, 0usize..64), 1..8),
            noise in "[а-яёА-ЯЁa-z0-9 .,()«»№é\u{a0}-]{0,12}",
        ) {
            static WORDS: LazyLock<Vec<String>> = LazyLock::new(|| {
                let v = Vocabulary::builtin();
                v.milestones.iter().flat_map(|m| m.examples.iter().chain(&m.counterexamples)).map(String::as_str).collect::<Vec<_>>().join(" ").split_whitespace().map(String::from).collect()
            });
            proptest::prop_assert!(!WRITTEN.spelled);
            let text: Vec<&str> = picks.iter().flat_map(|(at, n)| WORDS.iter().cycle().skip(at % WORDS.len()).take(n % 6 + 1).map(String::as_str)).collect();
            let text = format!("{} {noise}", text.join(" "));
            let written: Vec<&str> = WRITTEN.classify(&text).into_iter().filter(|id| *id != "unspelled").collect();
            proptest::prop_assert_eq!(Vocabulary::builtin().classify(&text), written, "{}", text);
        }
    }

    #[test]
    fn an_action_can_reach_several_milestones() {
        let v = Vocabulary::builtin();
        assert_eq!(
            v.classify("Организация анкетирования отобранных для участия в проекте ОО для разработки рискованных профилей школы (РПШ)"),
            vec!["questionnaires", "risk_profiles"]
        );
        assert!(v.classify("Профориентационная работа с обучающимися").is_empty());
    }

    #[test]
    fn word_boundaries_are_dropped_and_escapes_kept() {
        assert_eq!(without_word_boundaries(r"\bрпш\b|a\\b\w"), r"рпш|a\\b\w");
    }

    #[test]
    fn word_boundaries_still_hold_after_the_loose_pass() {
        let v = Vocabulary::parse("[[milestone]]\nid = \"a\"\nname = \"A\"\npatterns = [\"\\\\bкот\\\\b\", \"пёс\"]\n")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(v.classify("Кот спит"), vec!["a"]);
        assert!(v.classify("Котлеты").is_empty());
        assert_eq!(v.classify("Щенок пёсика"), vec!["a"]);
    }

    #[test]
    fn bad_vocabularies_are_reported() {
        assert!(matches!(Vocabulary::parse("milestone = 3"), Err(VocabularyError::Syntax(_))));
        let bad = "[[milestone]]\nid = \"a\"\nname = \"A\"\npatterns = [\"кот\"]\n[[milestone]]\nid = \"b\"\nname = \"B\"\npatterns = [\"пёс\", \"(\"]\n";
        // the pattern the set refuses is named, with its milestone
        assert!(matches!(Vocabulary::parse(bad), Err(VocabularyError::Pattern { id, pattern, .. }) if id == "b" && pattern == "("));
        let twice = "[[milestone]]\nid = \"a\"\nname = \"A\"\npatterns = []\n[[milestone]]\nid = \"a\"\nname = \"B\"\npatterns = []\n";
        assert!(matches!(Vocabulary::parse(twice), Err(VocabularyError::Duplicate(_))));
        let upper = "[[milestone]]\nid = \"a\"\nname = \"A\"\npatterns = [\"Куратор\"]\n";
        assert!(matches!(Vocabulary::parse(upper), Err(VocabularyError::UpperCase { .. })));
        let escapes = "[[milestone]]\nid = \"a\"\nname = \"A\"\npatterns = ['\\S+ \\P{Greek}\\s+куратор']\n";
        let v = Vocabulary::parse(escapes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(v.classify("ВСТРЕЧА С КУРАТОРОМ"), vec!["a"], "lower-case patterns match any case");
    }
}
