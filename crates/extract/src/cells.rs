//! What a cell's text says beyond itself: targets, links, and the «(далее – X)» abbreviations
//! it defines.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::bounded::Bounded;
use crate::case::lowercase_in_place;
use crate::re;
use regex::Regex;
use roadmap_model::Target;

static PERCENT: LazyLock<Regex> = LazyLock::new(|| re(r"([0-9]{1,3}(?:[.,][0-9]+)?)\s*%"));
static COUNT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|[\s(«])(?:(?:не\s+)?(?:менее|более|свыше|до)\s+)?([0-9]{1,6})\s+([а-яёА-ЯЁ][а-яё]{2,})"));
static NOT_COUNTED: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^(?:год|года|году|годах|гг|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|раз|раза|г)$")
});
/// Over text lowered in place.
static URL: LazyLock<Regex> = LazyLock::new(|| re(r"(?:https?://|www\.)[^\s<>«»\x22]+|\b[а-яё0-9-]+\.рф(?:/[^\s<>«»\x22]*)?"));
/// «(далее – ОИРО)»: the short name of at most 80 characters.
pub(crate) static DEFINITION: Bounded =
    Bounded::new(r"\(\s*далее\s*(?:[-–—]|по\s+тексту\s*[-–—]?)?\s*[«\x22]?(?P<short>[^()«»\x22]{1,80}?)[»\x22]?\s*\)", &[("short", 1, 80)]);

/// The clause (sentence or line) of `text` around byte `at`.
fn clause(text: &str, at: usize) -> String {
    let start = text[..at].rfind(['.', ';', '\n']).map_or(0, |i| i + 1);
    let end = text[at..].find([';', '\n']).map_or(text.len(), |i| at + i);
    text[start..end].trim().to_string()
}

/// Percentages and counted nouns of a result cell, with the clause each stands in.
pub fn targets(text: &str) -> Vec<Target> {
    let mut out = Vec::new();
    for c in PERCENT.captures_iter(text) {
        let (Some(m), Some(v)) = (c.get(0), c.get(1)) else { continue };
        if let Ok(value) = v.as_str().replace(',', ".").parse::<f64>() {
            out.push(Target { value, unit: "%".into(), text: clause(text, m.start()) });
        }
    }
    for c in COUNT.captures_iter(text) {
        let (Some(v), Some(unit)) = (c.get(1), c.get(2)) else { continue };
        let noun = unit.as_str().to_lowercase();
        let before = &text[..v.start()];
        if NOT_COUNTED.is_match(&noun) || before.trim_end().ends_with('№') || text[v.end()..].starts_with('%') {
            continue;
        }
        if let Ok(value) = v.as_str().parse::<f64>() {
            out.push(Target { value, unit: unit.as_str().to_string(), text: clause(text, v.start()) });
        }
    }
    out
}

/// URLs in text (http, www., and Cyrillic `.рф` domains), trailing punctuation dropped.
pub fn links(text: &str) -> Vec<String> {
    // Most cells hold no address: skip the (Unicode-aware, slower) search for them.
    let may_hold = ["://", "www.", "WWW.", ".рф", ".РФ"].iter().any(|marker| text.contains(marker));
    if !may_hold {
        return Vec::new();
    }
    URL.find_iter(&lowercase_in_place(text)).map(|m| text[m.range()].trim_end_matches(['.', ',', ';', ':', ')']).to_string()).collect()
}

/// «(далее – ОИРО)» definitions: abbreviation → the name written before it.
pub fn abbreviations(text: &str, into: &mut BTreeMap<String, String>) {
    for c in DEFINITION.captures_all(text) {
        let (Some(whole), Some(short)) = (c.get(0), c.get(1)) else { continue };
        let before = &text[..whole.start()];
        let start = boundary_before(before);
        let full = before[start..].trim().trim_start_matches(['-', '–', ':']).trim();
        let short = short.as_str().trim();
        if full.is_empty() || short.is_empty() || full.chars().count() > 300 {
            continue;
        }
        match into.get_mut(short) {
            // The same definition read whole after a fragment of it (a cell split by a page break).
            Some(known) if full.len() > known.len() && full.ends_with(known.as_str()) => *known = full.to_string(),
            Some(_) => {}
            None => {
                into.insert(short.to_string(), full.to_string());
            }
        }
    }
}

/// Where the phrase ending `before` starts: after the last comma, semicolon, colon or sentence
/// end that is not inside quotes or parentheses.
fn boundary_before(before: &str) -> usize {
    let mut depth = 0i32;
    for (i, ch) in before.char_indices().rev() {
        match ch {
            // the end of an earlier «(далее – X)» ends the phrase
            ')' if depth == 0 && before[..i].rfind('(').is_some_and(|open| before[open + 1..i].trim_start().starts_with("далее")) => {
                return i + 1;
            }
            '»' | ')' => depth += 1,
            '«' | '(' => {
                if depth == 0 {
                    return i + ch.len_utf8();
                }
                depth -= 1;
            }
            ',' | ';' | ':' | '\n' if depth == 0 => return i + ch.len_utf8(),
            '.' if depth == 0 && before[i + 1..].starts_with(' ') && before[i + 1..].trim_start().starts_with(char::is_uppercase) => {
                return i + 1;
            }
            _ => {}
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_and_counts() {
        let t = targets("100% общеобразовательных организаций прошли анкетирование; обучено 82 куратора, 12 команд");
        let got: Vec<_> = t.iter().map(|t| (t.value, t.unit.as_str())).collect();
        assert_eq!(got, vec![(100.0, "%"), (82.0, "куратора"), (12.0, "команд")]);
        assert_eq!(t[0].text, "100% общеобразовательных организаций прошли анкетирование");
        assert!(targets("МБОУ «СОШ № 19» в 2022 году, 5 декабря").is_empty());
    }

    #[test]
    fn links_with_cyrillic_domains() {
        assert_eq!(links("см. http://оиро.рф/wp/1.pdf, сайт"), vec!["http://оиро.рф/wp/1.pdf"]);
        assert_eq!(links("Образовательный портал оиро.рф"), vec!["оиро.рф"]);
        assert_eq!(links("www.kgiro.ru."), vec!["www.kgiro.ru"]);
    }

    #[test]
    fn definitions_map_to_the_preceding_name() {
        let mut map = BTreeMap::new();
        abbreviations("Департамент образования Орловской области (далее – Департамент), бюджетное учреждение «Институт развития образования» (далее – ОИРО)", &mut map);
        assert_eq!(map["Департамент"], "Департамент образования Орловской области");
        assert_eq!(map["ОИРО"], "бюджетное учреждение «Институт развития образования»");
        abbreviations("Министерство образования Приморского края (далее - МО ПК) государственное автономное учреждение «ПК ИРО» (далее - ГАУ ДПО ПК ИРО)", &mut map);
        assert_eq!(map["ГАУ ДПО ПК ИРО"], "государственное автономное учреждение «ПК ИРО»");
    }
}
