//! Content-stream bytes → operations: each operator with its operands as lopdf [`Object`]s.
//!
//! The grammar is lopdf's (`lopdf::content::Content::decode`, checked against it by a property
//! test), read by one pass over the bytes instead of parser combinators: on the corpus that
//! parser took four tenths of the whole reading time. Reading is lenient where a viewer is: a
//! stray delimiter or a keyword inside an array is skipped rather than ending the stream, an
//! unterminated string or array ends at the end of the data, and inline images (`BI` … `ID`
//! data `EI`) come out as one `BI` operation without operands. Nesting, operand counts and
//! array lengths are capped, so hostile content costs time linear in its size and bounded
//! memory.

use lopdf::{Dictionary, Object, StringFormat};

/// Arrays and dictionaries nested deeper than this are flattened into their parent.
const MAX_DEPTH: usize = 32;
/// Operands kept before an operator; more mean the content is garbage, and the extra ones are
/// dropped.
const MAX_OPERANDS: usize = 1024;
/// Items kept in one array or dictionary.
const MAX_ITEMS: usize = 1 << 16;

/// Reads a content stream one operation at a time.
pub(crate) struct Operations<'a> {
    data: &'a [u8],
    pos: usize,
    operands: Vec<Object>,
}

/// What one token of the stream is.
enum Token<'a> {
    Operand(Object),
    Operator(&'a [u8]),
    /// A stray delimiter, or the end of an array or dictionary.
    Close(u8),
}

fn is_whitespace(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\0' | b'\x0C')
}

fn is_delimiter(c: u8) -> bool {
    matches!(c, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn is_regular(c: u8) -> bool {
    !is_whitespace(c) && !is_delimiter(c)
}

fn hex_value(c: u8) -> Option<u8> {
    (c as char).to_digit(16).and_then(|v| u8::try_from(v).ok())
}

impl<'a> Operations<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Operations { data, pos: 0, operands: Vec::new() }
    }

    /// The next operator and its operands; `None` at the end of the stream.
    pub(crate) fn next_operation(&mut self) -> Option<(&'a [u8], &[Object])> {
        self.operands.clear();
        loop {
            self.skip_space();
            if self.pos >= self.data.len() {
                return None;
            }
            match self.token(MAX_DEPTH) {
                Token::Operand(object) => {
                    if self.operands.len() < MAX_OPERANDS {
                        self.operands.push(object);
                    }
                }
                Token::Operator(b"BI") => {
                    self.skip_inline_image();
                    self.operands.clear();
                    return Some((b"BI", &self.operands));
                }
                Token::Operator(operator) => return Some((operator, &self.operands)),
                Token::Close(_) => {}
            }
        }
    }

    /// Skip white space and comments.
    fn skip_space(&mut self) {
        while let Some(&c) = self.data.get(self.pos) {
            if is_whitespace(c) {
                self.pos += 1;
            } else if c == b'%' {
                while self.data.get(self.pos).is_some_and(|&c| c != b'\n' && c != b'\r') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// Read the token at `pos` (not white space, not the end); always advances.
    fn token(&mut self, depth: usize) -> Token<'a> {
        let c = self.data[self.pos];
        match c {
            b'/' => {
                self.pos += 1;
                Token::Operand(Object::Name(self.name()))
            }
            b'(' => {
                self.pos += 1;
                Token::Operand(Object::String(self.literal_string(), StringFormat::Literal))
            }
            b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                if depth == 0 {
                    return Token::Close(c);
                }
                Token::Operand(Object::Dictionary(self.dictionary(depth - 1)))
            }
            b'<' => {
                self.pos += 1;
                Token::Operand(Object::String(self.hex_string(), StringFormat::Hexadecimal))
            }
            b'[' => {
                self.pos += 1;
                if depth == 0 {
                    return Token::Close(c);
                }
                Token::Operand(Object::Array(self.array(depth - 1)))
            }
            b'>' if self.data.get(self.pos + 1) == Some(&b'>') => {
                self.pos += 2;
                Token::Close(b'>')
            }
            b')' | b'>' | b']' | b'{' | b'}' => {
                self.pos += 1;
                Token::Close(c)
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => self.number(),
            _ => {
                let start = self.pos;
                while self.data.get(self.pos).is_some_and(|&c| is_regular(c)) {
                    self.pos += 1;
                }
                if self.pos == start {
                    // '%' cannot reach here (comments are skipped); any other byte is regular.
                    self.pos += 1;
                    return Token::Close(c);
                }
                match &self.data[start..self.pos] {
                    b"true" => Token::Operand(Object::Boolean(true)),
                    b"false" => Token::Operand(Object::Boolean(false)),
                    b"null" => Token::Operand(Object::Null),
                    keyword => Token::Operator(keyword),
                }
            }
        }
    }

    /// A name after its `/`, with `#xx` escapes decoded.
    fn name(&mut self) -> Vec<u8> {
        let mut bytes = Vec::new();
        while let Some(&c) = self.data.get(self.pos) {
            if !is_regular(c) {
                break;
            }
            let escaped = (c == b'#')
                .then(|| Some((hex_value(*self.data.get(self.pos + 1)?)? << 4) | hex_value(*self.data.get(self.pos + 2)?)?))
                .flatten();
            match escaped {
                Some(byte) => {
                    bytes.push(byte);
                    self.pos += 3;
                }
                None if c == b'#' => break,
                None => {
                    bytes.push(c);
                    self.pos += 1;
                }
            }
        }
        bytes
    }

    /// A number: an integer, or a real when it has a point. A minus sign inside the fraction
    /// («0.00-4142502», written by some producers) is ignored.
    fn number(&mut self) -> Token<'a> {
        let start = self.pos;
        if matches!(self.data[self.pos], b'+' | b'-') {
            self.pos += 1;
        }
        let mut seen_point = false;
        while let Some(&c) = self.data.get(self.pos) {
            match c {
                b'0'..=b'9' => {}
                b'.' if !seen_point => seen_point = true,
                b'-' if seen_point => {}
                _ => break,
            }
            self.pos += 1;
        }
        // Only ASCII digits, signs and points were taken.
        let text = std::str::from_utf8(&self.data[start..self.pos]).unwrap_or_default();
        if !seen_point {
            if let Ok(n) = text.parse::<i64>() {
                return Token::Operand(Object::Integer(n));
            }
        }
        let value = if text.get(1..).is_some_and(|t| t.contains('-')) {
            let (sign, rest) = text.split_at(1);
            format!("{sign}{}", rest.replace('-', "")).parse::<f32>()
        } else {
            text.parse::<f32>()
        };
        match value {
            Ok(n) if text.bytes().any(|c| c.is_ascii_digit()) => Token::Operand(Object::Real(n)),
            _ => Token::Close(self.data[start]),
        }
    }

    /// A literal string after its `(`: balanced parentheses kept, escapes decoded, every end of
    /// line read as `\n`.
    fn literal_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut open = 0usize;
        while let Some(&c) = self.data.get(self.pos) {
            self.pos += 1;
            match c {
                b'(' => {
                    open += 1;
                    out.push(c);
                }
                b')' if open == 0 => break,
                b')' => {
                    open -= 1;
                    out.push(c);
                }
                b'\r' => {
                    self.skip_byte(b'\n');
                    out.push(b'\n');
                }
                b'\\' => self.escape(&mut out),
                _ => out.push(c),
            }
        }
        out
    }

    /// An escape after its backslash.
    fn escape(&mut self, out: &mut Vec<u8>) {
        let Some(&c) = self.data.get(self.pos) else { return };
        self.pos += 1;
        match c {
            b'0'..=b'7' => {
                let mut value = u16::from(c - b'0');
                for _ in 0..2 {
                    match self.data.get(self.pos) {
                        Some(&d @ b'0'..=b'7') => {
                            value = value * 8 + u16::from(d - b'0');
                            self.pos += 1;
                        }
                        _ => break,
                    }
                }
                out.push(value.to_le_bytes()[0]);
            }
            b'\r' => self.skip_byte(b'\n'),
            b'\n' => {}
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'b' => out.push(b'\x08'),
            b'f' => out.push(b'\x0C'),
            other => out.push(other),
        }
    }

    fn skip_byte(&mut self, byte: u8) {
        if self.data.get(self.pos) == Some(&byte) {
            self.pos += 1;
        }
    }

    /// A hexadecimal string after its `<`; white space and stray bytes are ignored, and an odd
    /// last digit is followed by 0.
    fn hex_string(&mut self) -> Vec<u8> {
        let digits = self.data[self.pos..].iter().position(|&c| c == b'>').unwrap_or(self.data.len() - self.pos);
        let mut out = Vec::with_capacity(digits.div_ceil(2));
        let mut high: Option<u8> = None;
        while let Some(&c) = self.data.get(self.pos) {
            self.pos += 1;
            if c == b'>' {
                break;
            }
            let Some(v) = hex_value(c) else { continue };
            match high.take() {
                Some(h) => out.push((h << 4) | v),
                None => high = Some(v),
            }
        }
        out.extend(high.map(|h| h << 4));
        out
    }

    /// The items of an array after its `[`, up to `]` or the end of the data.
    fn array(&mut self, depth: usize) -> Vec<Object> {
        // A `TJ` array of a line holds tens of items.
        let mut items = Vec::with_capacity(32);
        loop {
            self.skip_space();
            if self.pos >= self.data.len() {
                return items;
            }
            match self.token(depth) {
                Token::Operand(object) if items.len() < MAX_ITEMS => items.push(object),
                Token::Close(b']') => return items,
                _ => {}
            }
        }
    }

    /// The entries of a dictionary after its `<<`, up to `>>` or the end of the data; a value
    /// without a name before it is dropped.
    fn dictionary(&mut self, depth: usize) -> Dictionary {
        let mut dict = Dictionary::new();
        let mut key: Option<Vec<u8>> = None;
        loop {
            self.skip_space();
            if self.pos >= self.data.len() {
                return dict;
            }
            match self.token(depth) {
                Token::Operand(object) => match key.take() {
                    Some(k) if dict.len() < MAX_ITEMS => dict.set(k, object),
                    Some(_) => {}
                    None => key = object.as_name().ok().map(<[u8]>::to_vec),
                },
                Token::Close(b'>') => return dict,
                _ => {}
            }
        }
    }

    /// Skip an inline image after `BI`: its entries up to `ID`, one white-space byte (CR LF as
    /// one), and the data up to `EI` standing between white space and white space or the end.
    fn skip_inline_image(&mut self) {
        loop {
            self.skip_space();
            if self.pos >= self.data.len() {
                return;
            }
            if let Token::Operator(b"ID") = self.token(MAX_DEPTH) {
                break;
            }
        }
        // The separator may be the white space before an `EI` right after it (no data).
        let separator = self.pos;
        if self.data.get(self.pos) == Some(&b'\r') {
            self.pos += 1;
            self.skip_byte(b'\n');
        } else if self.data.get(self.pos).is_some_and(|&c| is_whitespace(c)) {
            self.pos += 1;
        }
        let data_start = if self.pos > separator { self.pos - 1 } else { self.pos };
        self.pos = data_start;
        let rest = &self.data[data_start.min(self.data.len())..];
        let end = rest
            .windows(3)
            .enumerate()
            .position(|(i, w)| is_whitespace(w[0]) && &w[1..] == b"EI" && rest.get(i + 3).is_none_or(|&c| is_whitespace(c)))
            .map_or(rest.len(), |i| i + 3);
        self.pos += end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::content::{Content, Operation};
    use proptest::prelude::*;

    fn read(data: &[u8]) -> Vec<(String, Vec<Object>)> {
        let mut ops = Operations::new(data);
        let mut out = Vec::new();
        while let Some((operator, operands)) = ops.next_operation() {
            out.push((String::from_utf8_lossy(operator).into_owned(), operands.to_vec()));
        }
        out
    }

    #[test]
    fn reads_text_operators() {
        let ops = read(b"BT /F1 12 Tf 1 0 0 1 72.5 -700 Tm [(A\\(b\\)) -250 <0410 041>] TJ (x\\101\\\ny) Tj ET");
        assert_eq!(ops[1].0, "Tf");
        assert_eq!(ops[1].1, vec![Object::Name(b"F1".to_vec()), Object::Integer(12)]);
        assert_eq!(ops[2].1[4], Object::Real(72.5));
        assert_eq!(ops[2].1[5], Object::Integer(-700));
        let Object::Array(items) = &ops[3].1[0] else { panic!("TJ takes an array") };
        assert_eq!(items[0], Object::String(b"A(b)".to_vec(), StringFormat::Literal));
        assert_eq!(items[2], Object::String(vec![0x04, 0x10, 0x04, 0x10], StringFormat::Hexadecimal));
        assert_eq!(ops[4].1[0], Object::String(b"xAy".to_vec(), StringFormat::Literal));
        assert_eq!(ops.len(), 6);
    }

    #[test]
    fn inline_images_and_comments_are_skipped() {
        let ops = read(b"q % a comment\nBI /W 2 /H 1 /BPC 8 /CS /G ID \xffEI\xff EI Q\n0 0 m");
        let names: Vec<&str> = ops.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, ["q", "BI", "Q", "m"]);
    }

    #[test]
    fn marked_content_dictionaries_and_garbage() {
        let ops = read(b"/Span <</ActualText (x) /MCID 3>> BDC ] ) 1.2.3 }{ EMC -.5 0.00-41 re");
        assert_eq!(ops[0].0, "BDC");
        let Object::Dictionary(d) = &ops[0].1[1] else { panic!("BDC takes a dictionary") };
        assert_eq!(d.get(b"MCID").ok(), Some(&Object::Integer(3)));
        assert_eq!(ops[1].0, "EMC");
        assert_eq!(ops[2].1, vec![Object::Real(-0.5), Object::Real(0.0041)]);
    }

    fn operand() -> impl Strategy<Value = Object> {
        let leaf = prop_oneof![
            any::<i32>().prop_map(|n| Object::Integer(n.into())),
            (-100_000i32..100_000).prop_map(|n| Object::Real(n as f32 / 64.0)),
            "[A-Za-z0-9#_.]{0,8}".prop_map(|s| Object::Name(s.into_bytes())),
            proptest::collection::vec(any::<u8>(), 0..12).prop_map(|b| Object::String(b, StringFormat::Literal)),
            proptest::collection::vec(any::<u8>(), 0..12).prop_map(|b| Object::String(b, StringFormat::Hexadecimal)),
            any::<bool>().prop_map(Object::Boolean),
        ];
        leaf.prop_recursive(3, 16, 4, |inner| proptest::collection::vec(inner, 0..4).prop_map(Object::Array))
    }

    proptest! {
        /// Whatever lopdf writes, this reads as lopdf reads it.
        #[test]
        fn agrees_with_lopdf(ops in proptest::collection::vec(("[a-zA-Z][a-zA-Z*]{0,2}", proptest::collection::vec(operand(), 0..4)), 0..12)) {
            let ops: Vec<Operation> = ops
                .into_iter()
                .filter(|(o, _)| !matches!(o.as_str(), "BI" | "ID" | "EI" | "true" | "false" | "null"))
                .map(|(o, operands)| Operation::new(&o, operands))
                .collect();
            let Ok(bytes) = (Content { operations: ops }).encode() else { return Ok(()) };
            let Ok(theirs) = Content::decode(&bytes) else { return Ok(()) };
            let theirs: Vec<(String, Vec<Object>)> = theirs.operations.into_iter().map(|o| (o.operator, o.operands)).collect();
            prop_assert_eq!(read(&bytes), theirs);
        }

        /// Any bytes: no panic, and it ends.
        #[test]
        fn never_panics(data in proptest::collection::vec(any::<u8>(), 0..400)) {
            let mut ops = Operations::new(&data);
            let mut n = 0;
            while ops.next_operation().is_some() {
                n += 1;
                prop_assert!(n <= data.len());
            }
        }
    }
}
