//! `ToUnicode` CMaps (PDF 32000-1 §9.10.3, Adobe technical note #5411), read leniently.
//!
//! In: the decompressed bytes of a `ToUnicode` stream. Out: a map from character codes (with
//! their length in bytes) to text. Producers write CMaps in many dialects — `CIDSystemInfo`
//! without a slash, `dup … def` forms, TeX `%%` headers, `usecmap`, odd `CMapName`s — and a
//! strict parser that refuses the whole map loses the font's text. This one reads the two
//! sections that carry the mapping (`bfchar`, and `bfrange` with a base or an
//! array) wherever they stand and skips every token it does not know (the code space too: each
//! mapping's source string says its length). A map that builds on a predefined CJK map
//! (`/Adobe-Korea1-UCS2 usecmap`) falls back to it ([`crate::predefined`]).

use std::collections::HashMap;

/// Codes mapped one by one, and ranges kept as ranges (a range of 65 536 codes costs one entry).
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct ToUnicode {
    chars: HashMap<(u8, u32), String>,
    ranges: Vec<Range>,
    /// A predefined map this one builds on (`/Adobe-Korea1-UCS2 usecmap`), by name.
    base: Option<Vec<u8>>,
}

#[derive(Debug, Clone, PartialEq)]
struct Range {
    len: u8,
    low: u32,
    high: u32,
    target: Target,
}

#[derive(Debug, Clone, PartialEq)]
enum Target {
    /// UTF-16 units of the first code's text; each next code adds one to the last unit.
    Base(Vec<u16>),
    /// The text of each code in turn.
    List(Vec<String>),
}

#[derive(Debug, Clone, PartialEq)]
enum Token<'a> {
    Hex(Vec<u8>),
    Name(&'a [u8]),
    Word(&'a [u8]),
    ArrayStart,
    ArrayEnd,
}

/// Tokens of a CMap: hex strings, names, bare words (numbers and operators), array brackets.
/// Comments, literal strings and dictionary brackets are skipped.
fn tokens(data: &[u8]) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    let delimiter = |b: u8| b.is_ascii_whitespace() || b"[]<>(){}/%".contains(&b);
    while i < data.len() {
        match data[i] {
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 2,
            b'>' if data.get(i + 1) == Some(&b'>') => i += 2,
            b'<' => {
                let end = data[i..].iter().position(|&b| b == b'>').map_or(data.len(), |p| i + p);
                let digits: Vec<u8> = data[i + 1..end].iter().filter_map(|&b| (b as char).to_digit(16).map(|d| d as u8)).collect();
                let mut bytes: Vec<u8> = digits.chunks(2).map(|p| p[0] * 16 + p.get(1).copied().unwrap_or(0)).collect();
                bytes.truncate(64);
                out.push(Token::Hex(bytes));
                i = end + 1;
            }
            b'(' => {
                // a literal string: skipped with its nesting and escapes
                let mut depth = 0usize;
                while i < data.len() {
                    match data[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            b'[' => {
                out.push(Token::ArrayStart);
                i += 1;
            }
            b']' => {
                out.push(Token::ArrayEnd);
                i += 1;
            }
            b'/' => {
                let start = i + 1;
                i = start;
                while i < data.len() && !delimiter(data[i]) {
                    i += 1;
                }
                out.push(Token::Name(&data[start..i]));
            }
            b if b.is_ascii_whitespace() || b"{})>".contains(&b) => i += 1,
            _ => {
                let start = i;
                while i < data.len() && !delimiter(data[i]) {
                    i += 1;
                }
                out.push(Token::Word(&data[start..i]));
            }
        }
    }
    out
}

fn code(bytes: &[u8]) -> Option<(u8, u32)> {
    let len = u8::try_from(bytes.len()).ok().filter(|l| (1..=4).contains(l))?;
    Some((len, bytes.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b))))
}

fn units(bytes: &[u8]) -> Vec<u16> {
    bytes.chunks(2).map(|p| u16::from_be_bytes([p[0], p.get(1).copied().unwrap_or(0)])).collect()
}

/// Text of UTF-16BE bytes; nothing for an empty string or one that is not UTF-16.
fn text(bytes: &[u8]) -> Option<String> {
    let text = String::from_utf16(&units(bytes)).ok()?;
    (!text.is_empty()).then_some(text)
}

/// Codes a range may cover: more is a damaged or hostile map.
const MAX_RANGE: u32 = 1 << 16;

impl ToUnicode {
    /// Read a CMap; what cannot be understood is skipped.
    pub fn parse(data: &[u8]) -> ToUnicode {
        let mut map = ToUnicode::default();
        let tokens = tokens(data);
        let mut i = 0;
        while i < tokens.len() {
            let Token::Word(word) = tokens[i] else {
                i += 1;
                continue;
            };
            i += 1;
            match word {
                b"usecmap" => {
                    if let Some(Token::Name(name)) = i.checked_sub(2).and_then(|p| tokens.get(p)) {
                        map.base = crate::predefined::is_predefined(name).then(|| name.to_vec());
                    }
                }
                b"beginbfchar" => {
                    while let (Some(Token::Hex(source)), Some(target)) = (tokens.get(i), tokens.get(i + 1)) {
                        let target = match target {
                            Token::Hex(t) => text(t),
                            Token::Name(n) => glyph_text(n),
                            _ => break,
                        };
                        if let (Some(key), Some(t)) = (code(source), target) {
                            map.chars.insert(key, t);
                        }
                        i += 2;
                    }
                }
                b"beginbfrange" => {
                    while let (Some(Token::Hex(low)), Some(Token::Hex(high))) = (tokens.get(i), tokens.get(i + 1)) {
                        let (target, used) = match tokens.get(i + 2) {
                            Some(Token::Hex(base)) => (Some(Target::Base(units(base))), 3),
                            Some(Token::ArrayStart) => {
                                let mut list = Vec::new();
                                let mut j = i + 3;
                                while let Some(t) = tokens.get(j) {
                                    j += 1;
                                    match t {
                                        Token::Hex(h) => list.push(text(h).unwrap_or_default()),
                                        Token::Name(n) => list.push(glyph_text(n).unwrap_or_default()),
                                        _ => break,
                                    }
                                }
                                (Some(Target::List(list)), j - i)
                            }
                            _ => (None, 2),
                        };
                        if let (Some((len, low)), Some((_, high)), Some(target)) = (code(low), code(high), target) {
                            if high >= low && high - low < MAX_RANGE {
                                map.ranges.push(Range { len, low, high, target });
                            }
                        }
                        i += used;
                    }
                }
                _ => {}
            }
        }
        map
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty() && self.ranges.is_empty() && self.base.is_none()
    }

    /// The text of a code of `len` bytes.
    pub fn get(&self, code: u32, len: u8) -> Option<String> {
        // a code of another length with the same value next, as pdf.js and poppler key maps by
        // value: composite fonts whose maps give one-byte codes, simple fonts with two-byte maps
        self.get_exact(code, len)
            .or_else(|| {
                (1..=4u8).filter(|l| *l != len && u64::from(code) < 1u64 << (8 * u32::from(*l))).find_map(|l| self.get_exact(code, l))
            })
            .or_else(|| crate::predefined::text(self.base.as_deref()?, code))
    }

    fn get_exact(&self, code: u32, len: u8) -> Option<String> {
        if let Some(t) = self.chars.get(&(len, code)) {
            return Some(t.clone());
        }
        let range = self.ranges.iter().find(|r| r.len == len && r.low <= code && code <= r.high)?;
        let offset = code - range.low;
        match &range.target {
            Target::List(list) => list.get(offset as usize).filter(|t| !t.is_empty()).cloned(),
            Target::Base(base) => {
                let mut units = base.clone();
                let last = units.last_mut()?;
                *last = last.checked_add(u16::try_from(offset).ok()?)?;
                String::from_utf16(&units).ok().filter(|t| !t.is_empty())
            }
        }
    }
}

/// The text of a glyph name in a CMap (`/space`, `/uni0416`, `/u1F600`), for the few maps that
/// name glyphs instead of giving UTF-16.
fn glyph_text(name: &[u8]) -> Option<String> {
    crate::fonts::glyph_name_text(name)
}

/// The character codes of a composite font whose `/Encoding` is an embedded CMap (ISO 32000
/// §9.7.6): code space ranges of one to four bytes tell where each code in a string ends, and
/// `cidchar`/`cidrange` map codes to CIDs. A `usecmap` of the predefined `Identity-H`/`-V`
/// maps are two-byte identities.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct CodeSpace {
    /// (bytes, low, high) of each code space range.
    spaces: Vec<(u8, u32, u32)>,
    cids: HashMap<(u8, u32), u32>,
    /// (bytes, low, high, CID of low).
    cid_ranges: Vec<(u8, u32, u32, u32)>,
    identity: bool,
}

impl CodeSpace {
    /// Read an encoding CMap; `None` when it defines no code space.
    pub fn parse(data: &[u8]) -> Option<CodeSpace> {
        let mut map = CodeSpace::default();
        let tokens = tokens(data);
        let number = |t: Option<&Token<'_>>| match t {
            Some(Token::Word(w)) => std::str::from_utf8(w).ok()?.parse::<u32>().ok(),
            _ => None,
        };
        let mut i = 0;
        while i < tokens.len() {
            let token = &tokens[i];
            i += 1;
            match token {
                Token::Name(name) if matches!(*name, b"Identity-H" | b"Identity-V") && tokens.get(i) == Some(&Token::Word(b"usecmap")) => {
                    map.identity = true;
                    map.spaces.push((2, 0, 0xFFFF));
                }
                Token::Word(b"begincodespacerange") => {
                    while let (Some(Token::Hex(low)), Some(Token::Hex(high))) = (tokens.get(i), tokens.get(i + 1)) {
                        if let (Some((len, low)), Some((_, high))) = (code(low), code(high)) {
                            map.spaces.push((len, low, high));
                        }
                        i += 2;
                    }
                }
                Token::Word(b"begincidchar") => {
                    while let (Some(Token::Hex(source)), Some(cid)) = (tokens.get(i), number(tokens.get(i + 1))) {
                        if let Some(key) = code(source) {
                            map.cids.insert(key, cid);
                        }
                        i += 2;
                    }
                }
                Token::Word(b"begincidrange") => {
                    while let (Some(Token::Hex(low)), Some(Token::Hex(high)), Some(cid)) =
                        (tokens.get(i), tokens.get(i + 1), number(tokens.get(i + 2)))
                    {
                        if let (Some((len, low)), Some((_, high))) = (code(low), code(high)) {
                            if high >= low {
                                map.cid_ranges.push((len, low, high, cid));
                            }
                        }
                        i += 3;
                    }
                }
                _ => {}
            }
        }
        (!map.spaces.is_empty()).then_some(map)
    }

    /// The code at the start of `bytes` and its length: the shortest prefix inside a code space
    /// range (as pdf.js reads codes), else one byte.
    pub fn next_code(&self, bytes: &[u8]) -> (u32, u8) {
        let mut code = 0u32;
        for (n, byte) in bytes.iter().take(4).enumerate() {
            code = (code << 8) | u32::from(*byte);
            let len = n as u8 + 1;
            if self.spaces.iter().any(|(l, low, high)| *l == len && (*low..=*high).contains(&code)) {
                return (code, len);
            }
        }
        (bytes.first().map_or(0, |b| u32::from(*b)), 1)
    }

    /// The CID of a code (0, the missing glyph, when the map gives none).
    pub fn cid(&self, code: u32, len: u8) -> u32 {
        if let Some(cid) = self.cids.get(&(len, code)) {
            return *cid;
        }
        let range = self.cid_ranges.iter().find(|(l, low, high, _)| *l == len && (*low..=*high).contains(&code));
        match range {
            Some((_, low, _, base)) => base.saturating_add(code - low),
            None if self.identity => code,
            None => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_sections() {
        let map = ToUnicode::parse(
            b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
              /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
              1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
              2 beginbfchar <0003> <0020> <0102> <0428> endbfchar\n\
              2 beginbfrange <0200> <0202> <0430> <0300> <0301> [<0041> <00660069>] endbfrange\n\
              endcmap CMapName currentdict /CMap defineresource pop end end",
        );
        assert_eq!(map.get(0x0102, 2).as_deref(), Some("Ш"));
        assert_eq!(map.get(0x0202, 2).as_deref(), Some("в"));
        assert_eq!(map.get(0x0301, 2).as_deref(), Some("fi"));
        // a code of another length is looked up by its value; one of its own length comes first
        assert_eq!(map.get(0x03, 1).as_deref(), Some(" "));
        let map = ToUnicode::parse(b"beginbfchar <41> <0058> <0041> <0059> <42> <0062> endbfchar");
        assert_eq!([map.get(0x41, 1), map.get(0x41, 2), map.get(0x42, 2)].map(Option::unwrap_or_default), ["X", "Y", "b"]);
    }

    #[test]
    fn dialects_that_strict_parsers_refuse() {
        // a TeX header, CIDSystemInfo without a slash, `dup … def`, usecmap, an odd name
        let map = ToUnicode::parse(
            b"%!PS-Adobe-3.0 Resource-CMap\n%%DocumentNeededResources: ProcSet (CIDInit)\n%%EndComments\n\
              /CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
              CIDSystemInfo 3 dict dup begin /Registry (TeX) def /Ordering (cm-ru) def end def\n\
              /CMapName /TeX-cm-ru-0 def /Identity-H usecmap\n\
              1 begincodespacerange <00><FF> endcodespacerange\n\
              3 beginbfchar\n<41><0410>\n<42> <0411>\n<43> /uni0412\nendbfchar\n\
              1 beginbfrange <61> <63> <0430> endbfrange endcmap",
        );
        assert_eq!((0x41..=0x43).filter_map(|c| map.get(c, 1)).collect::<String>(), "АБВ");
        assert_eq!((0x61..=0x63).filter_map(|c| map.get(c, 1)).collect::<String>(), "абв");
    }

    #[test]
    fn codes_of_one_to_four_bytes_by_their_code_space() {
        // UTF-8 as a code space, as some producers write embedded encodings
        let map = CodeSpace::parse(
            b"4 begincodespacerange <00> <7F> <C080> <DFBF> <E08080> <EFBFBF> <F0808080> <F7BFBFBF> endcodespacerange\n\
              2 begincidchar <20> 1 <61> 12 endcidchar 1 begincidrange <E38080> <E380BF> 50 endcidrange",
        )
        .unwrap_or_else(|| panic!("no code space"));
        let text = "a \u{3001}".as_bytes();
        let (a, one) = map.next_code(text);
        assert_eq!((a, one, map.cid(a, one)), (0x61, 1, 12));
        let (ideographic_comma, three) = map.next_code(&text[2..]);
        assert_eq!((ideographic_comma, three, map.cid(ideographic_comma, three)), (0xE38081, 3, 51));
        assert_eq!(map.cid(0x62, 1), 0, "unmapped: the missing glyph");
        assert_eq!(map.next_code(&[0xFF, 0xFF]), (0xFF, 1), "outside every range: one byte");
        let identity = CodeSpace::parse(b"/Identity-H usecmap").unwrap_or_else(|| panic!("no code space"));
        assert_eq!(identity.next_code(&[0x04, 0x10]), (0x0410, 2));
        assert_eq!(identity.cid(0x0410, 2), 0x0410);
        assert_eq!(CodeSpace::parse(b"1 begincidchar <20> 1 endcidchar"), None);
    }

    #[test]
    fn damage_and_hostile_ranges_are_skipped() {
        let map = ToUnicode::parse(b"beginbfrange <0000> <FFFFFF> <0041> <10> <0F> <0041> <20> <21> endbfrange beginbfchar <01> endbfchar");
        assert!(map.is_empty(), "{map:?}");
        assert!(ToUnicode::parse(b"").is_empty());
        assert!(ToUnicode::parse(b"<<<<(((\\").is_empty());
        // a range whose target overflows its last unit gives nothing, not a panic
        let map = ToUnicode::parse(b"1 beginbfrange <00> <FF> <FFFF> endbfrange");
        assert_eq!(map.get(5, 1), None);
    }
}
