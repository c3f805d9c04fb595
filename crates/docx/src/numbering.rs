//! Automatic paragraph numbering (ECMA-376 §17.9): `numbering.xml` levels, `w:num` instances
//! with start overrides, and the numbering a paragraph style carries.

use roadmap_layout::build::NumberFormat;
use roadmap_package::attribute;
use std::collections::HashMap;

use quick_xml::events::Event;
use quick_xml::Reader;

#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

#[derive(Debug, Clone, Default)]
struct Instance {
    abstract_id: String,
    start_overrides: HashMap<usize, u32>,
}

#[derive(Debug, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    instances: HashMap<String, Instance>,
    /// paragraph style id → (numId, level)
    styles: HashMap<String, (String, usize)>,
    counters: HashMap<String, [u32; 9]>,
}

const MAX_LEVEL: usize = 8;

/// The byte range of the `style` element (any namespace prefix) that contains `at`.
fn style_around(xml: &str, at: usize) -> Option<(usize, usize)> {
    let before = &xml[..at];
    let open = [before.rfind(":style "), before.rfind("<style ")].into_iter().flatten().max()?;
    let start = before[..=open].rfind('<')?;
    let after = &xml[at..];
    let close = after.find("style>")?;
    let tag = after[..close].rfind("</")?;
    let prefix = &after[tag + 2..close];
    let plain_prefix = prefix.strip_suffix(':').is_some_and(|p| p.chars().all(|c| c.is_ascii_alphanumeric()));
    (prefix.is_empty() || plain_prefix).then_some((start, at + close + "style>".len()))
}

impl Numbering {
    pub(crate) fn parse(numbering_xml: Option<&str>, styles_xml: Option<&str>) -> Self {
        let mut n = Numbering::default();
        if let Some(xml) = numbering_xml {
            n.parse_numbering(xml);
        }
        if let Some(xml) = styles_xml {
            n.parse_styles(xml);
        }
        n
    }

    fn parse_numbering(&mut self, xml: &str) {
        let mut reader = Reader::from_str(xml);
        let mut abstract_id: Option<String> = None;
        let mut level: Option<(usize, Level)> = None;
        let mut num_id: Option<String> = None;
        let mut override_level: Option<usize> = None;
        loop {
            let (e, is_empty) = match reader.read_event() {
                Ok(Event::Start(e)) => (e, false),
                Ok(Event::Empty(e)) => (e, true),
                Ok(Event::End(e)) => {
                    match e.local_name().as_ref() {
                        "lvl" => {
                            if let (Some(id), Some((ilvl, lvl))) = (&abstract_id, level.take()) {
                                let levels = self.abstracts.entry(id.clone()).or_default();
                                if levels.len() <= ilvl {
                                    levels.resize(ilvl + 1, Level::default());
                                }
                                levels[ilvl] = lvl;
                            }
                        }
                        "abstractNum" => abstract_id = None,
                        "num" => num_id = None,
                        "lvlOverride" => override_level = None,
                        _ => {}
                    }
                    continue;
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => continue,
            };
            match e.local_name().as_ref() {
                "abstractNum" => abstract_id = attribute(&e, "abstractNumId"),
                "lvl" if abstract_id.is_some() && !is_empty => {
                    let ilvl = attribute(&e, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0usize).min(MAX_LEVEL);
                    level = Some((ilvl, Level { start: 1, ..Level::default() }));
                }
                "start" => {
                    if let Some((_, l)) = level.as_mut() {
                        l.start = attribute(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(1);
                    }
                }
                "numFmt" => {
                    if let Some((_, l)) = level.as_mut() {
                        l.format = attribute(&e, "val").unwrap_or_default();
                    }
                }
                "lvlText" => {
                    if let Some((_, l)) = level.as_mut() {
                        l.text = attribute(&e, "val").unwrap_or_default();
                    }
                }
                "num" => {
                    num_id = attribute(&e, "numId");
                    if let Some(id) = &num_id {
                        self.instances.insert(id.clone(), Instance::default());
                    }
                }
                "abstractNumId" => {
                    if let Some(inst) = num_id.as_ref().and_then(|id| self.instances.get_mut(id)) {
                        inst.abstract_id = attribute(&e, "val").unwrap_or_default();
                    }
                }
                "lvlOverride" => override_level = attribute(&e, "ilvl").and_then(|v| v.parse().ok()),
                "startOverride" => {
                    if let (Some(ilvl), Some(inst)) = (override_level, num_id.as_ref().and_then(|id| self.instances.get_mut(id))) {
                        if let Some(start) = attribute(&e, "val").and_then(|v| v.parse().ok()) {
                            inst.start_overrides.insert(ilvl, start);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// The styles that number their paragraphs. Only `style` elements that hold a `numId`
    /// matter, and most of a styles part is other formatting: those elements are found by
    /// text search and parsed alone (the whole part when one cannot be delimited).
    fn parse_styles(&mut self, xml: &str) {
        let mut from = 0;
        while let Some(found) = xml.get(from..).and_then(|rest| rest.find("numId")) {
            let at = from + found;
            let Some((start, end)) = style_around(xml, at) else {
                self.parse_style_elements(xml);
                return;
            };
            self.parse_style_elements(&xml[start..end]);
            from = end;
        }
    }

    fn parse_style_elements(&mut self, xml: &str) {
        let mut reader = Reader::from_str(xml);
        let mut style: Option<String> = None;
        let mut num: (Option<String>, usize) = (None, 0);
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) if e.local_name().as_ref() == "style" => {
                    style = attribute(&e, "styleId");
                    num = (None, 0);
                }
                Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                    "numId" if style.is_some() => num.0 = attribute(&e, "val"),
                    "ilvl" if style.is_some() => num.1 = attribute(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(0),
                    _ => {}
                },
                Ok(Event::End(e)) if e.local_name().as_ref() == "style" => {
                    if let (Some(id), Some(num_id)) = (style.take(), num.0.take()) {
                        self.styles.insert(id, (num_id, num.1.min(MAX_LEVEL)));
                    }
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
    }

    /// The numbering a paragraph style applies, if any.
    pub(crate) fn style_numbering(&self, style_id: &str) -> Option<(String, usize)> {
        self.styles.get(style_id).cloned()
    }

    /// Advance the counter of `num_id` at `ilvl` and render the label (`"1."`, `"2.3"`, `"а)"`).
    /// Bullets and unknown numberings render as `None`.
    pub(crate) fn next_label(&mut self, num_id: &str, ilvl: usize) -> Option<String> {
        let ilvl = ilvl.min(MAX_LEVEL);
        let inst = self.instances.get(num_id)?;
        let levels = self.abstracts.get(&inst.abstract_id)?;
        let level = levels.get(ilvl)?;
        if level.format == "bullet" || level.format == "none" {
            return None;
        }
        // Word shares counters between instances of one abstract numbering unless the
        // instance restarts them.
        let key = if inst.start_overrides.is_empty() { format!("a{}", inst.abstract_id) } else { format!("n{num_id}") };
        let start_of = |i: usize| -> u32 { inst.start_overrides.get(&i).copied().unwrap_or_else(|| levels.get(i).map_or(1, |l| l.start)) };
        let counters = self.counters.entry(key).or_insert([0; 9]);
        counters[ilvl] = if counters[ilvl] == 0 { start_of(ilvl) } else { counters[ilvl] + 1 };
        for slot in counters.iter_mut().skip(ilvl + 1) {
            *slot = 0;
        }
        let mut label = level.text.clone();
        for (i, lvl) in levels.iter().enumerate().take(ilvl + 1) {
            let value = if counters[i] == 0 { start_of(i) } else { counters[i] };
            label = label.replace(&format!("%{}", i + 1), &format_number(value, &lvl.format));
        }
        Some(label)
    }
}

/// A number in a `w:numFmt` format (ECMA-376 §17.18.59); an unknown format is decimal.
fn format_number(n: u32, format: &str) -> String {
    let format = match format {
        "lowerLetter" => NumberFormat::LowerLetter,
        "upperLetter" => NumberFormat::UpperLetter,
        "russianLower" => NumberFormat::RussianLower,
        "russianUpper" => NumberFormat::RussianUpper,
        "lowerRoman" => NumberFormat::LowerRoman,
        "upperRoman" => NumberFormat::UpperRoman,
        _ => NumberFormat::Decimal,
    };
    roadmap_layout::build::format_number(n, format)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NUMBERING: &str = r#"<w:numbering xmlns:w="w">
      <w:abstractNum w:abstractNumId="7">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="8">
        <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="9">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="8"/></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
      <w:num w:numId="4"><w:abstractNumId w:val="9"/></w:num>
    </w:numbering>"#;

    #[test]
    fn renders_multilevel_decimal_labels() {
        let mut n = Numbering::parse(Some(NUMBERING), None);
        assert_eq!(n.next_label("1", 0).as_deref(), Some("1."));
        assert_eq!(n.next_label("1", 1).as_deref(), Some("1.1."));
        assert_eq!(n.next_label("1", 1).as_deref(), Some("1.2."));
        assert_eq!(n.next_label("1", 0).as_deref(), Some("2."));
        assert_eq!(n.next_label("1", 1).as_deref(), Some("2.1."));
    }

    #[test]
    fn bullets_have_no_label_and_overrides_restart() {
        let mut n = Numbering::parse(Some(NUMBERING), None);
        assert_eq!(n.next_label("2", 0), None);
        assert_eq!(n.next_label("3", 0).as_deref(), Some("5."));
        assert_eq!(n.next_label("4", 0).as_deref(), Some("I."));
        assert_eq!(n.next_label("4", 0).as_deref(), Some("II."));
        assert_eq!(n.next_label("99", 0), None);
    }

    #[test]
    fn styles_carry_numbering() {
        let styles = r#"<w:styles xmlns:w="w"><w:style w:type="paragraph" w:styleId="ListNumber"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>"#;
        let n = Numbering::parse(Some(NUMBERING), Some(styles));
        assert_eq!(n.style_numbering("ListNumber"), Some(("1".to_string(), 0)));
        assert_eq!(format_number(3, "russianLower"), "в");
    }

    #[test]
    fn only_numbered_styles_are_parsed_whatever_the_prefix() {
        let plain = r#"<w:style w:type="paragraph" w:styleId="Normal"><w:pPr><w:pStyle w:val="x"/></w:pPr></w:style>"#;
        let numbered = |id: &str, num: &str, p: &str| {
            format!(
                r#"<{p}style {p}styleId="{id}"><{p}pPr><{p}numPr><{p}ilvl {p}val="1"/><{p}numId {p}val="{num}"/></{p}numPr></{p}pPr></{p}style>"#
            )
        };
        for prefix in ["w:", "", "ns0:"] {
            let styles = format!("<styles>{plain}{}{plain}{}</styles>", numbered("A", "1", prefix), numbered("B", "2", prefix));
            let n = Numbering::parse(None, Some(&styles));
            assert_eq!(n.style_numbering("A"), Some(("1".to_string(), 1)), "{prefix}");
            assert_eq!(n.style_numbering("B"), Some(("2".to_string(), 1)), "{prefix}");
            assert_eq!(n.style_numbering("Normal"), None);
        }
        // A numId outside any style element: the whole part is read, nothing breaks.
        assert_eq!(Numbering::parse(None, Some(r#"<styles><numId val="3"/></styles>"#)).style_numbering("A"), None);
    }
}
