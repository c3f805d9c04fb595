//! RTF (Rich Text Format 1.x, as Word and LibreOffice write it) → [`roadmap_layout::Document`].
//!
//! In: the bytes of an RTF file. Out: its paragraphs and tables in document order, as the
//! DOCX reader gives them. No maintained crate reads RTF tables, so this is a tokenizer and a
//! one-pass reader of its own, with an explicit stack of group states (no recursion):
//! - groups `{…}`, control words with parameters, control symbols; `\'hh` bytes decoded in the
//!   code page of the current font's `\fcharset` (204 is Cyrillic, cp1251), else the
//!   document's `\ansicpg`; `\uN` with its `\ucN` fallback skipped;
//! - destinations that are not body text are skipped: `\*` groups, the font, colour, style,
//!   list and revision tables, `\info`, pictures, objects, headers, footers, footnotes,
//!   annotations, field instructions (a field's result is text; a `HYPERLINK` instruction
//!   gives the link);
//! - `\par` ends a paragraph, `\line` is a line break, `\tab` a tab, `\page` a space; `\~`,
//!   `\_` and `\-` are a space, a hyphen and nothing; `\listtext` shows a list item's number;
//! - tables from `\trowd … \cellxN … \cell … \row` with `\intbl`: the cells' right boundaries
//!   (`\cellx`) make the column grid, `\clmgf`/`\clmrg` merge horizontally, `\clvmgf`/`\clvmrg`
//!   vertically, `\trhdr` rows repeat on every page; nested tables (paragraphs at `\itapN`,
//!   cells ended by `\nestcell`, rows by `\nestrow` with their definition in
//!   `\nesttableprops`) follow their outermost table, their text also kept in the outer cell,
//!   as every reader gives them;
//! - the `\info` group's `\title`, `\author`, `\creatim` and `\revtim` are the document's
//!   properties.
//!
//! Refuses ([`RtfError`]): not RTF (no `{\rtf`). Groups nested deeper than a bound are read
//! as text of their parent, so hostile nesting cannot exhaust the stack or the time.

use std::collections::HashMap;

use roadmap_layout::build::{Blocks, CellText, Nesting};
use roadmap_layout::{normalize_text, Cell, Diagnostic, Document, Properties, Row, Table};

#[derive(Debug, thiserror::Error)]
pub enum RtfError {
    #[error("not an RTF document (no {{\\rtf header)")]
    NotRtf,
    #[error(transparent)]
    TimedOut(#[from] roadmap_layout::deadline::TimedOut),
}

/// Group states kept; deeper groups share the deepest state.
const MAX_DEPTH: usize = 512;

/// What a group is doing with the text inside it.
#[derive(Debug, Clone)]
struct State {
    /// Text here is not body text.
    skip: bool,
    /// The font table is being read.
    font_table: bool,
    /// A field's instruction: its text is collected for a link, not shown.
    instruction: bool,
    /// Characters to skip after `\uN`.
    uc: usize,
    /// The current font's code page.
    codepage: Option<&'static encoding_rs::Encoding>,
    /// The table depth of the paragraph: 0 outside tables, 1 with `\intbl`, N with `\itapN`;
    /// like every property, restored when a group closes (`{\listtext\pard …}` does not take
    /// a cell's paragraph out of its table).
    depth: usize,
    /// Inside `\nesttableprops`: a row definition there is a nested table's.
    nested_row_definition: bool,
    /// Inside one of the `\info` group's properties.
    property: Option<Property>,
    /// Inside `\nonshppict`: a copy of a picture for readers without drawing objects.
    fallback: bool,
}

/// A document property of the `\info` group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Property {
    Title,
    Author,
    Created,
    Modified,
}

/// Tables nested deeper than this are read into the deepest one.
const MAX_TABLE_DEPTH: usize = 16;

/// A cell being defined by `\cellx` in the current row definition.
#[derive(Debug, Clone, Copy, Default)]
struct CellDef {
    right: i32,
    merge_continue: bool,
    vmerge_first: bool,
    vmerge_continue: bool,
}

#[derive(Debug, Default)]
struct RowDef {
    cells: Vec<CellDef>,
    header: bool,
    /// Merge flags met before the next `\cellx`.
    pending: CellDef,
}

/// A row read: each cell's definition and text, and whether it is a header row.
type RowRead = (Vec<(CellDef, CellText)>, bool);

/// A table being read at one depth: its rows, the finished cells of its row, and the cell
/// being read.
#[derive(Debug, Default)]
struct TableBuilder {
    rows: Vec<RowRead>,
    cells: Vec<CellText>,
    cell: CellText,
}

struct Reader {
    states: Vec<State>,
    /// Groups past [`MAX_DEPTH`] not given a state.
    overflow: usize,
    /// Some group went past [`MAX_DEPTH`].
    overflowed: bool,
    default_codepage: &'static encoding_rs::Encoding,
    fonts: HashMap<i32, &'static encoding_rs::Encoding>,
    font_being_defined: Option<i32>,
    /// Bytes of text in the current code page, not decoded yet.
    pending: Vec<u8>,
    text: String,
    links: Vec<String>,
    instruction: String,
    skip_chars: usize,
    /// The row definition of each table depth (1 first).
    rows: Vec<RowDef>,
    /// The depth the last `\trowd` defines a row for.
    defining: usize,
    /// The tables open, outermost first.
    tables: Vec<TableBuilder>,
    blocks: Blocks,
    diagnostics: Vec<Diagnostic>,
    properties: Properties,
    /// The text of the property being read, or the numbers of its date.
    property_text: String,
    property_date: [u32; 6],
    /// The number of group states when `\info` opened.
    info_depth: Option<usize>,
    /// The picture (`\pict`) being read.
    picture: Option<PictureBeingRead>,
}

/// A `\pict` group being read: its size and kind from its control words, then its data.
#[derive(Debug, Default)]
struct PictureBeingRead {
    /// The number of group states inside it.
    depth: usize,
    /// Its size in twips (`\picwgoal`, `\pichgoal`) and scale in per cent.
    width: i32,
    height: i32,
    scale_x: Option<i32>,
    scale_y: Option<i32>,
    /// A kind of picture a recognizer reads (`\jpegblip`, `\pngblip`, `\dibitmap`).
    raster: bool,
    /// Its data is kept: a raster picture that shows a page, outside tables.
    keep: Option<bool>,
    in_table: bool,
    data: Vec<u8>,
    /// The first hexadecimal digit of a byte.
    high: Option<u8>,
}

impl PictureBeingRead {
    /// Its displayed size in points.
    fn size(&self) -> (f32, f32) {
        let scaled = |goal: i32, scale: Option<i32>| goal.max(0) as f32 * scale.unwrap_or(100).max(0) as f32 / 100.0 / 20.0;
        (scaled(self.width, self.scale_x), scaled(self.height, self.scale_y))
    }

    /// Whether its data is kept, decided when the data begins.
    fn keeps(&mut self) -> bool {
        let (width, height) = self.size();
        *self.keep.get_or_insert(self.raster && !self.in_table && roadmap_layout::Picture::shows_a_page(width, height))
    }

    /// A character of its data (hexadecimal digits; anything else between them is ignored).
    fn hex(&mut self, c: u8) {
        let Some(nibble) = (c as char).to_digit(16) else { return };
        if !self.keeps() {
            return;
        }
        match self.high.take() {
            Some(high) => self.data.push(high << 4 | nibble as u8),
            None => self.high = Some(nibble as u8),
        }
    }
}

/// The encoding of a Windows code page number or `\fcharset` value.
fn codepage(number: i32) -> Option<&'static encoding_rs::Encoding> {
    Some(match number {
        1250 => encoding_rs::WINDOWS_1250,
        1251 => encoding_rs::WINDOWS_1251,
        1252 => encoding_rs::WINDOWS_1252,
        1253 => encoding_rs::WINDOWS_1253,
        1254 => encoding_rs::WINDOWS_1254,
        1257 => encoding_rs::WINDOWS_1257,
        866 => encoding_rs::IBM866,
        10007 => encoding_rs::X_MAC_CYRILLIC,
        20866 => encoding_rs::KOI8_R,
        _ => return None,
    })
}

fn charset(number: i32) -> Option<&'static encoding_rs::Encoding> {
    match number {
        0 => Some(encoding_rs::WINDOWS_1252),
        204 => Some(encoding_rs::WINDOWS_1251),
        238 => Some(encoding_rs::WINDOWS_1250),
        161 => Some(encoding_rs::WINDOWS_1253),
        162 => Some(encoding_rs::WINDOWS_1254),
        186 => Some(encoding_rs::WINDOWS_1257),
        _ => None,
    }
}

/// Destinations whose text is not body text.
const SKIPPED: &[&str] = &[
    "fonttbl",
    "colortbl",
    "stylesheet",
    "info",
    "pict",
    "object",
    "header",
    "headerl",
    "headerr",
    "headerf",
    "footer",
    "footerl",
    "footerr",
    "footerf",
    "footnote",
    "annotation",
    "listtable",
    "listoverridetable",
    "revtbl",
    "rsidtbl",
    "generator",
    "xmlnstbl",
    "themedata",
    "colorschememapping",
    "datastore",
    "latentstyles",
    "pgdsctbl",
    "filetbl",
    "shp",
    "shpinst",
    "nonshppict",
    "atnid",
    "atnauthor",
    "bkmkstart",
    "bkmkend",
    "pnseclvl",
    "fldinst",
    "nesttableprops",
    "nonesttables",
];

impl Reader {
    fn state(&self) -> &State {
        self.states.last().unwrap_or(&BASE)
    }

    fn state_mut(&mut self) -> Option<&mut State> {
        self.states.last_mut()
    }

    fn encoding(&self) -> &'static encoding_rs::Encoding {
        self.state().codepage.unwrap_or(self.default_codepage)
    }

    /// Decode the pending bytes into the text being built.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let (decoded, _, _) = self.encoding().decode(&self.pending);
        let decoded = decoded.into_owned();
        self.pending.clear();
        self.push_str(&decoded);
    }

    fn push_str(&mut self, s: &str) {
        if matches!(self.state().property, Some(Property::Title | Property::Author)) {
            self.property_text.push_str(s);
        } else if self.state().instruction {
            self.instruction.push_str(s);
        } else if !self.state().skip {
            self.text.push_str(s);
        }
    }

    /// A byte of text (literal or `\'hh`), unless a `\uN` fallback is being skipped.
    fn byte(&mut self, b: u8) {
        if let Some(picture) = self.picture.as_mut() {
            // its data is in its own group, not in the groups inside it (`\*\blipuid`, `\picprop`)
            if self.states.len() == picture.depth {
                picture.hex(b);
            }
            return;
        }
        if self.skip_chars > 0 {
            self.skip_chars -= 1;
            return;
        }
        let state = self.state();
        if state.skip && !state.instruction && state.property.is_none() {
            return;
        }
        self.pending.push(b);
    }

    fn symbol(&mut self, s: &str) {
        self.skip_chars = 0;
        self.flush();
        self.push_str(s);
    }

    fn open_group(&mut self) {
        self.flush();
        if self.states.len() >= MAX_DEPTH {
            self.overflow += 1;
            self.overflowed = true;
            return;
        }
        let state = self.state().clone();
        self.states.push(state);
    }

    fn close_group(&mut self) {
        self.flush();
        if self.overflow > 0 {
            self.overflow -= 1;
            return;
        }
        let was = self.states.pop();
        if self.picture.as_ref().is_some_and(|p| self.states.len() < p.depth) {
            self.finish_picture();
        }
        if let Some(property) = was.as_ref().and_then(|s| s.property) {
            if self.state().property.is_none() {
                self.finish_property(property);
            }
        }
        if was.is_some_and(|s| s.instruction) && !self.state().instruction {
            let instruction = std::mem::take(&mut self.instruction);
            if let Some(link) = hyperlink(&instruction) {
                if !self.links.contains(&link) {
                    self.links.push(link);
                }
            }
        }
    }

    fn control(&mut self, word: &str, param: Option<i32>, first_in_group: bool, starred: bool) {
        if word != "u" && word != "'" {
            self.flush();
        }
        if first_in_group && self.in_info() {
            let property = match word {
                "title" => Some(Property::Title),
                "author" => Some(Property::Author),
                "creatim" => Some(Property::Created),
                "revtim" => Some(Property::Modified),
                _ => None,
            };
            if let (Some(property), Some(s)) = (property, self.states.last_mut()) {
                s.property = Some(property);
                self.property_text.clear();
                self.property_date = [0; 6];
                return;
            }
        }
        if self.picture.is_some() {
            self.picture_control(word, param);
            return;
        }
        if first_in_group && word == "pict" && !self.state().fallback {
            self.picture =
                Some(PictureBeingRead { depth: self.states.len(), in_table: self.state().depth > 0, ..PictureBeingRead::default() });
        }
        if first_in_group && (starred || SKIPPED.contains(&word)) {
            let font_table = word == "fonttbl";
            let instruction = word == "fldinst";
            let nested_row_definition = word == "nesttableprops";
            if let Some(s) = self.state_mut() {
                s.skip = true;
                s.font_table = font_table;
                s.instruction = instruction;
                s.nested_row_definition = nested_row_definition;
                s.property = None;
                s.fallback |= word == "nonshppict";
            }
            if word == "info" {
                self.info_depth = Some(self.states.len());
            }
            return;
        }
        if matches!(self.state().property, Some(Property::Created | Property::Modified)) {
            let part = ["yr", "mo", "dy", "hr", "min", "sec"].iter().position(|p| *p == word);
            if let (Some(part), Some(n)) = (part, param.and_then(|n| u32::try_from(n).ok())) {
                self.property_date[part] = n;
            }
            return;
        }
        if self.state().font_table {
            match (word, param) {
                ("f", Some(n)) => self.font_being_defined = Some(n),
                ("fcharset", Some(n)) => {
                    if let (Some(font), Some(enc)) = (self.font_being_defined, charset(n)) {
                        self.fonts.insert(font, enc);
                    }
                }
                ("cpg", Some(n)) => {
                    if let (Some(font), Some(enc)) = (self.font_being_defined, codepage(n)) {
                        self.fonts.insert(font, enc);
                    }
                }
                _ => {}
            }
            return;
        }
        match (word, param) {
            ("ansicpg", Some(n)) => {
                if let Some(enc) = codepage(n) {
                    self.default_codepage = enc;
                }
            }
            ("f", Some(n)) => {
                let enc = self.fonts.get(&n).copied();
                if let Some(s) = self.state_mut() {
                    s.codepage = enc;
                }
            }
            ("uc", Some(n)) => {
                if let Some(s) = self.state_mut() {
                    s.uc = usize::try_from(n).unwrap_or(1).min(8);
                }
            }
            ("u", Some(n)) => {
                self.flush();
                let code = if n < 0 { n + 65_536 } else { n };
                let c = u32::try_from(code).ok().and_then(char::from_u32).unwrap_or('\u{fffd}');
                let mut buf = [0u8; 4];
                self.push_str(c.encode_utf8(&mut buf));
                self.skip_chars = self.state().uc;
            }
            ("par", _) | ("sect", _) => self.end_paragraph(),
            ("line", _) => self.symbol("\n"),
            ("tab", _) => self.symbol("\t"),
            ("page", _) | ("column", _) => self.symbol(" "),
            ("emdash", _) => self.symbol("—"),
            ("endash", _) => self.symbol("–"),
            ("bullet", _) => self.symbol("•"),
            ("lquote", _) => self.symbol("‘"),
            ("rquote", _) => self.symbol("’"),
            ("ldblquote", _) => self.symbol("“"),
            ("rdblquote", _) => self.symbol("”"),
            ("emspace", _) | ("enspace", _) | ("qmspace", _) => self.symbol(" "),
            ("pard", _) => {
                if let Some(s) = self.state_mut() {
                    s.depth = 0;
                }
            }
            ("intbl", p) => {
                if let Some(s) = self.state_mut() {
                    s.depth = if p == Some(0) { 0 } else { s.depth.max(1) };
                }
            }
            ("itap", Some(n)) => {
                if let Some(s) = self.state_mut() {
                    s.depth = usize::try_from(n).unwrap_or(0).min(MAX_TABLE_DEPTH);
                }
            }
            ("trowd", _) => {
                self.defining = if self.state().nested_row_definition { self.nested_depth() } else { 1 };
                *self.row_definition() = RowDef::default();
            }
            ("trhdr", p) => self.row_definition().header = p != Some(0),
            ("clmgf", _) => self.row_definition().pending.merge_continue = false,
            ("clmrg", _) => self.row_definition().pending.merge_continue = true,
            ("clvmgf", _) => self.row_definition().pending.vmerge_first = true,
            ("clvmrg", _) => self.row_definition().pending.vmerge_continue = true,
            ("cellx", Some(n)) => {
                let row = self.row_definition();
                let mut def = std::mem::take(&mut row.pending);
                def.right = n;
                if row.cells.len() < 1024 {
                    row.cells.push(def);
                }
            }
            ("cell", _) => self.end_cell(1),
            ("nestcell", _) => self.end_cell(self.nested_depth()),
            ("row", _) => self.end_row(1),
            ("nestrow", _) => self.end_row(self.nested_depth()),
            _ => {}
        }
    }

    /// A control word inside a picture: its size, scale and kind.
    fn picture_control(&mut self, word: &str, param: Option<i32>) {
        let Some(picture) = self.picture.as_mut() else { return };
        match (word, param) {
            ("picwgoal", Some(n)) => picture.width = n,
            ("pichgoal", Some(n)) => picture.height = n,
            ("picscalex", Some(n)) => picture.scale_x = Some(n),
            ("picscaley", Some(n)) => picture.scale_y = Some(n),
            ("jpegblip" | "pngblip" | "dibitmap", _) => picture.raster = true,
            _ => {}
        }
    }

    /// Bytes of a picture given as binary data (`\binN`).
    fn binary(&mut self, data: &[u8]) {
        if let Some(picture) = self.picture.as_mut() {
            if picture.keeps() {
                picture.data.extend_from_slice(data);
            }
        }
    }

    /// The picture read: kept for recognition when it shows a page, after the tables its
    /// paragraph ends.
    fn finish_picture(&mut self) {
        let Some(picture) = self.picture.take() else { return };
        if picture.keep == Some(true) && !picture.data.is_empty() {
            self.reach_depth(0);
            let (width, height) = picture.size();
            self.blocks.picture(picture.data, width, height);
        }
    }

    /// The depth a nested cell or row mark ends: the paragraph's, at least 2.
    fn nested_depth(&self) -> usize {
        self.state().depth.clamp(2, MAX_TABLE_DEPTH)
    }

    /// The row definition the last `\trowd` started.
    fn row_definition(&mut self) -> &mut RowDef {
        let depth = self.defining.max(1);
        if self.rows.len() < depth {
            self.rows.resize_with(depth, RowDef::default);
        }
        &mut self.rows[depth - 1]
    }

    fn in_info(&self) -> bool {
        self.info_depth.is_some_and(|d| self.states.len() > d)
    }

    fn finish_property(&mut self, property: Property) {
        let text = std::mem::take(&mut self.property_text);
        let [year, month, day, hour, minute, second] = self.property_date;
        let (slot, value) = match property {
            Property::Title => (&mut self.properties.title, Properties::value(&text)),
            Property::Author => (&mut self.properties.author, Properties::value(&text)),
            Property::Created => (&mut self.properties.created, Properties::timestamp(year, month, day, hour, minute, second, "")),
            Property::Modified => (&mut self.properties.modified, Properties::timestamp(year, month, day, hour, minute, second, "")),
        };
        if slot.is_none() {
            *slot = value;
        }
    }

    /// Open tables down to `depth`, or close the deeper ones: a nested table ends when text
    /// of a shallower depth comes.
    fn reach_depth(&mut self, depth: usize) {
        while self.tables.len() > depth {
            self.close_table();
        }
        while self.tables.len() < depth {
            self.tables.push(TableBuilder::default());
        }
    }

    /// Close the innermost table: into its outer cell's text and after its outermost table,
    /// or a block of its own at the top.
    fn close_table(&mut self) {
        let Some(mut builder) = self.tables.pop() else { return };
        // cells after the last row mark (a file cut short) are a row of their own
        if !builder.cells.is_empty() {
            let cells = std::mem::take(&mut builder.cells);
            builder.rows.push((cells.into_iter().map(|c| (CellDef::default(), c)).collect(), false));
        }
        if builder.rows.is_empty() {
            return;
        }
        let table = build_table(builder);
        let nesting = match self.tables.last_mut() {
            Some(outer) => Nesting::InCell(Some(&mut outer.cell)),
            None => Nesting::TopLevel,
        };
        self.blocks.table(table, nesting);
    }

    /// A paragraph mark: the text goes into the cell being read at the paragraph's depth, or
    /// is a paragraph of its own outside tables.
    fn end_paragraph(&mut self) {
        self.flush();
        let text = normalize_text(&std::mem::take(&mut self.text));
        let links = std::mem::take(&mut self.links);
        let depth = self.state().depth;
        // an empty paragraph between two rows does not end the table
        if depth == 0 && text.is_empty() {
            return;
        }
        self.reach_depth(depth);
        match self.tables.last_mut() {
            Some(table) => table.cell.push(text, links),
            None => self.blocks.paragraph(text, links),
        }
    }

    /// A cell mark at `depth` (1 for `\cell`): the text before it ends the cell.
    fn end_cell(&mut self, depth: usize) {
        self.flush();
        let text = normalize_text(&std::mem::take(&mut self.text));
        let links = std::mem::take(&mut self.links);
        self.reach_depth(depth);
        if let Some(table) = self.tables.last_mut() {
            table.cell.push(text, links);
            let cell = std::mem::take(&mut table.cell);
            table.cells.push(cell);
        }
    }

    /// A row mark at `depth` (1 for `\row`): the cells read become a row on the definition of
    /// that depth, which holds until the next `\trowd` (`\intbl` may stay set after `\row`).
    fn end_row(&mut self, depth: usize) {
        self.flush();
        self.reach_depth(depth);
        let definition = self.rows.get(depth - 1);
        let header = definition.is_some_and(|d| d.header);
        let Some(table) = self.tables.last_mut() else { return };
        let cells = std::mem::take(&mut table.cells);
        let def = |i: usize| definition.and_then(|d| d.cells.get(i)).copied().unwrap_or_default();
        let row: Vec<(CellDef, CellText)> = cells.into_iter().enumerate().map(|(i, cell)| (def(i), cell)).collect();
        table.rows.push((row, header));
    }
}

static BASE: State = State {
    skip: false,
    font_table: false,
    instruction: false,
    uc: 1,
    codepage: None,
    depth: 0,
    nested_row_definition: false,
    property: None,
    fallback: false,
};

/// The target of a `HYPERLINK "…"` field instruction.
fn hyperlink(instruction: &str) -> Option<String> {
    let rest = instruction.trim().strip_prefix("HYPERLINK")?.trim();
    let target = rest.strip_prefix('"').and_then(|r| r.split('"').next()).unwrap_or_else(|| rest.split_whitespace().next().unwrap_or(""));
    (!target.is_empty() && !target.starts_with('\\')).then(|| target.to_string())
}

/// Cells on the grid the rows' right boundaries make; merges into spans.
fn build_table(builder: TableBuilder) -> Table {
    let mut edges: Vec<i32> = builder.rows.iter().flat_map(|(cells, _)| cells.iter().map(|(d, _)| d.right)).collect();
    edges.sort_unstable();
    edges.dedup_by(|a, b| (*a - *b).abs() <= 20);
    let column_of = |right: i32| edges.iter().position(|e| (e - right).abs() <= 20).unwrap_or(0);
    let mut rows: Vec<Row> = Vec::with_capacity(builder.rows.len());
    // open vertical merges by starting column: (row, cell index)
    let mut open: HashMap<usize, (usize, usize)> = HashMap::new();
    for (r, (cells, header)) in builder.rows.into_iter().enumerate() {
        let mut out: Vec<Cell> = Vec::with_capacity(cells.len());
        let mut col = 0usize;
        for (def, text) in cells {
            let end = if def.right > 0 { column_of(def.right) + 1 } else { col + 1 };
            let span = end.saturating_sub(col).max(1);
            if def.merge_continue {
                // a horizontally merged cell widens the one before it
                if let Some(prev) = out.last_mut() {
                    prev.col_span += span;
                }
                col += span;
                continue;
            }
            if def.vmerge_continue {
                if let Some(&(orow, ocell)) = open.get(&col) {
                    if let Some(origin) = rows.get_mut(orow).and_then(|row: &mut Row| row.cells.get_mut(ocell)) {
                        origin.row_span += 1;
                    }
                    out.push(Cell { col, col_span: span, row_span: 1, merged_above: true, ..Cell::default() });
                    col += span;
                    continue;
                }
            }
            let cell = text.into_cell(col, span, 1);
            if def.vmerge_first {
                open.insert(col, (r, out.len()));
            } else {
                open.remove(&col);
            }
            out.push(cell);
            col += span;
        }
        rows.push(Row { cells: out, repeat_header: header, page: None });
    }
    Table::from_rows(rows)
}

/// Read an RTF document.
pub fn read(bytes: &[u8]) -> Result<Document, RtfError> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(0);
    if !bytes[start..].starts_with(b"{\\rtf") {
        return Err(RtfError::NotRtf);
    }
    let mut r = Reader {
        states: Vec::new(),
        overflow: 0,
        overflowed: false,
        default_codepage: encoding_rs::WINDOWS_1252,
        fonts: HashMap::new(),
        font_being_defined: None,
        pending: Vec::new(),
        text: String::new(),
        links: Vec::new(),
        instruction: String::new(),
        skip_chars: 0,
        rows: Vec::new(),
        defining: 1,
        tables: Vec::new(),
        blocks: Blocks::default(),
        diagnostics: Vec::new(),
        properties: Properties::default(),
        property_text: String::new(),
        property_date: [0; 6],
        info_depth: None,
        picture: None,
    };
    let mut i = start;
    let mut first_in_group = false;
    let mut starred = false;
    let mut steps = 0u32;
    while i < bytes.len() {
        steps = steps.wrapping_add(1);
        if steps.is_multiple_of(65_536) {
            roadmap_layout::deadline::check()?;
        }
        match bytes[i] {
            b'{' => {
                r.open_group();
                first_in_group = true;
                starred = false;
                i += 1;
                continue;
            }
            b'}' => {
                r.close_group();
                i += 1;
            }
            b'\\' => {
                let Some(&next) = bytes.get(i + 1) else { break };
                if next.is_ascii_alphabetic() {
                    let name_start = i + 1;
                    let mut j = name_start;
                    while j < bytes.len() && bytes[j].is_ascii_alphabetic() && j - name_start < 32 {
                        j += 1;
                    }
                    let name = std::str::from_utf8(&bytes[name_start..j]).unwrap_or("");
                    let num_start = j;
                    if j < bytes.len() && bytes[j] == b'-' {
                        j += 1;
                    }
                    while j < bytes.len() && bytes[j].is_ascii_digit() && j - num_start < 11 {
                        j += 1;
                    }
                    let param = std::str::from_utf8(&bytes[num_start..j])
                        .ok()
                        .and_then(|n| n.parse::<i64>().ok())
                        .map(|n| n.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32);
                    if j < bytes.len() && bytes[j] == b' ' {
                        j += 1; // the delimiting space belongs to the control word
                    }
                    if name == "bin" {
                        // binary data: that many bytes, whatever they are
                        let end = j.saturating_add(usize::try_from(param.unwrap_or(0)).unwrap_or(0)).min(bytes.len());
                        r.binary(&bytes[j..end]);
                        i = end;
                        first_in_group = false;
                        starred = false;
                        continue;
                    }
                    r.control(name, param, first_in_group, starred);
                    i = j;
                } else {
                    match next {
                        b'\'' => {
                            let hex = bytes
                                .get(i + 2..i + 4)
                                .and_then(|h| std::str::from_utf8(h).ok())
                                .and_then(|h| u8::from_str_radix(h, 16).ok());
                            if let Some(b) = hex {
                                r.byte(b);
                            }
                            i += 4;
                        }
                        b'*' => {
                            starred = true;
                            i += 2;
                            continue;
                        }
                        b'~' => {
                            r.symbol(" ");
                            i += 2;
                        }
                        b'_' => {
                            r.symbol("-");
                            i += 2;
                        }
                        b'-' => i += 2,
                        b'\\' | b'{' | b'}' => {
                            r.byte(next);
                            i += 2;
                        }
                        b'\n' | b'\r' => {
                            r.end_paragraph();
                            i += 2;
                        }
                        _ => i += 2,
                    }
                }
            }
            b'\n' | b'\r' => i += 1,
            b => {
                r.byte(b);
                i += 1;
            }
        }
        first_in_group = false;
        starred = false;
    }
    r.end_paragraph();
    r.reach_depth(0);
    if r.overflowed {
        r.diagnostics.push(Diagnostic {
            code: roadmap_codes::RTF_NESTING_LIMIT,
            message: format!("groups nested deeper than {MAX_DEPTH} levels are read as their parent's text"),
        });
    }
    let mut document = r.blocks.into_document(r.diagnostics);
    document.properties = r.properties;
    Ok(document)
}

#[cfg(test)]
mod tests {
    use super::*;
    use roadmap_layout::Block;

    fn texts(doc: &Document) -> Vec<String> {
        doc.blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(p) => p.text.clone(),
                Block::Table(t) => format!("[table {}x{}]", t.rows.len(), t.columns),
            })
            .collect()
    }

    #[test]
    fn code_pages_unicode_and_skipped_destinations() {
        let rtf = br#"{\rtf1\ansi\ansicpg1251\deff0{\fonttbl{\f0\froman\fcharset204 Times New Roman;}{\f1\fcharset0 Arial;}}
{\colortbl;\red0\green0\blue0;}{\info{\title \'cf\'eb\'e0\'ed}}{\*\generator Writer;}
{\header \'cf\'e0\'e3\'e8\'ed\'e0 1\par}
\pard\plain \f0 \'cf\'d0\'c8\'ca\'c0\'c7\par
\pard \u1054\'3f\u1073\'3f \'f3\'f2\'e2\'e5\'f0\'e6\'e4\'e5\'ed\'e8\'e8\~\'ef\'eb\'e0\'ed\'e0\line \'e2 2022\tab \'e3\'ee\'e4\'f3\par
{\field{\*\fldinst HYPERLINK "https://edu.ru"}{\fldrslt \'f1\'e0\'e9\'f2}}\par
{\*\unknown secret}\'ca\'ee\'ed\'e5\'f6\par}"#;
        let doc = read(rtf).unwrap();
        assert_eq!(texts(&doc), ["ПРИКАЗ", "Об утверждении плана\nв 2022 году", "сайт", "Конец"]);
        let Block::Paragraph(p) = &doc.blocks[2] else { panic!() };
        assert_eq!(p.links, ["https://edu.ru"]);
        assert_eq!(doc.properties.title.as_deref(), Some("План"));
    }

    #[test]
    fn pictures_of_pages_are_kept_with_their_places() {
        // a page-sized PNG (with its uid group inside) after a paragraph, its copy for readers
        // without drawing objects, a small logo, a picture in a table cell, and a JPEG given as
        // binary data, as Word writes them
        let mut rtf = br"{\rtf1\ansi\pard Title\par
{\*\shppict{\pict{\*\blipuid 0123abcd}\picw100\pich140\picwgoal11000\pichgoal15400\pngblip 89504e47 0d0a1a0a}}
{\nonshppict{\pict\picwgoal11000\pichgoal15400\wmetafile8 0102}}\par
{\pict\picwgoal1000\pichgoal800\pngblip 89504e47}\par
\trowd\cellx9000\pard\intbl {\pict\picwgoal11000\pichgoal15400\jpegblip ffd8ff}\cell\row
\pard {\pict\picscalex50\picscaley50\picwgoal22000\pichgoal30800\jpegblip\bin4 "
            .to_vec();
        rtf.extend_from_slice(b"\xff\xd8{}");
        rtf.extend_from_slice(b"}\\par End\\par}");
        let doc = read(&rtf).unwrap();
        let kept: Vec<(usize, &[u8], f32, f32)> = doc.pictures.iter().map(|p| (p.at, p.data.as_slice(), p.width, p.height)).collect();
        assert_eq!(kept, [(1, &[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a][..], 550.0, 770.0), (2, &b"\xff\xd8{}"[..], 550.0, 770.0)]);
        assert_eq!(texts(&doc), ["Title", "[table 1x1]", "End"]);
    }

    #[test]
    fn info_properties() {
        let rtf = br"{\rtf1\ansi\ansicpg1251{\info{\title \u1055?\'eb\'e0\'ed}{\author \'c8\'e2\'e0\'ed\'ee\'e2\'e0}{\operator x}{\creatim\yr2021\mo3\dy31\hr7\min12}{\revtim\yr2021\mo4\dy1\hr8\min5\sec9}{\printim\yr0\mo0\dy0\hr0\min0}}\pard Text\par}";
        let doc = read(rtf).unwrap();
        assert_eq!(texts(&doc), ["Text"]);
        let p = &doc.properties;
        assert_eq!((p.title.as_deref(), p.author.as_deref()), (Some("План"), Some("Иванова")));
        assert_eq!((p.created.as_deref(), p.modified.as_deref()), (Some("2021-03-31T07:12:00"), Some("2021-04-01T08:05:09")));
    }

    #[test]
    fn nested_tables_follow_their_outermost_table_and_keep_the_outer_row_definition() {
        // as LibreOffice and Word write them: the nested row's definition inside
        // \nesttableprops, then a \nonesttables paragraph for readers without nesting
        let rtf = br"{\rtf1\ansi
\trowd\cellx1000\cellx5000\cellx9000\pard\intbl N\cell Action\cell Term\cell\row
\trowd\cellx1000\cellx5000\cellx9000\pard\intbl 1\cell Meeting\cell
\pard\intbl\itap2 Stage\nestcell\pard\intbl\itap2 Date\nestcell{\*\nesttableprops\trowd\cellx2000\cellx4000\nestrow}{\nonesttables\par}
\pard\intbl\itap2 first\nestcell\pard\intbl\itap2 March\nestcell{\*\nesttableprops\trowd\cellx2000\cellx4000\nestrow}{\nonesttables\par}
\pard\intbl\cell\row
\trowd\cellx1000\cellx5000\cellx9000\pard\intbl 2\cell Results\cell December\cell\row
\pard After\par}";
        let doc = read(rtf).unwrap();
        assert_eq!(texts(&doc), ["[table 3x3]", "[table 2x2]", "After"]);
        let Block::Table(outer) = &doc.blocks[0] else { panic!() };
        let texts_of = |row: &Row| row.cells.iter().map(|c| (c.col, c.text.clone())).collect::<Vec<_>>();
        assert_eq!(texts_of(&outer.rows[1]), [(0, "1".into()), (1, "Meeting".into()), (2, "Stage Date\nfirst March".into())]);
        assert_eq!(texts_of(&outer.rows[2]), [(0, "2".into()), (1, "Results".into()), (2, "December".into())]);
        let Block::Table(inner) = &doc.blocks[1] else { panic!() };
        assert_eq!(texts_of(&inner.rows[1]), [(0, "first".into()), (1, "March".into())]);
    }

    #[test]
    fn tables_with_merges_header_rows_and_a_font_charset() {
        let rtf = br"{\rtf1\ansi\ansicpg1252{\fonttbl{\f1\fcharset204 Arial;}}\f1
\trowd\trhdr\cellx1000\cellx5000\cellx7000\pard\intbl \'b9\cell \'cc\'e5\'f0\'ee\'ef\'f0\'e8\'ff\'f2\'e8\'e5\cell \'d1\'f0\'ee\'ea\cell\row
\trowd\clmgf\cellx1000\clmrg\cellx5000\clmrg\cellx7000\pard\intbl 1. \'d0\'e0\'e7\'e4\'e5\'eb\cell\cell\cell\row
\trowd\clvmgf\cellx1000\cellx5000\cellx7000\pard\intbl 1.1\cell \'d1\'ee\'e2\'e5\'f9\'e0\'ed\'e8\'e5\par \'e2\'f2\'ee\'f0\'e0\'ff \'f1\'f2\'f0\'ee\'ea\'e0\cell \'ec\'e0\'e9\cell\row
\trowd\clvmrg\cellx1000\cellx5000\cellx7000\pard\intbl\cell \'d1\'e5\'ec\'e8\'ed\'e0\'f0\cell\cell\row
\pard \'cf\'ee\'f1\'eb\'e5\par}";
        let doc = read(rtf).unwrap();
        assert_eq!(texts(&doc), ["[table 4x3]", "После"]);
        let Block::Table(t) = &doc.blocks[0] else { panic!() };
        assert!(t.rows[0].repeat_header && !t.rows[1].repeat_header);
        assert_eq!(t.rows[0].cells[1].text, "Мероприятие");
        assert_eq!((t.rows[1].cells.len(), t.rows[1].cells[0].col_span, t.rows[1].cells[0].text.as_str()), (1, 3, "1. Раздел"));
        assert_eq!(t.rows[2].cells[0].row_span, 2);
        assert_eq!(t.rows[2].cells[1].text, "Совещание\nвторая строка");
        assert!(t.rows[3].cells[0].merged_above);
        assert_eq!((t.rows[3].cells[1].col, t.rows[3].cells[1].text.as_str()), (1, "Семинар"));
    }

    #[test]
    fn a_list_number_group_does_not_take_a_paragraph_out_of_its_cell() {
        // LibreOffice writes `{\listtext\pard\plain 1.\tab}` inside cell paragraphs
        let rtf = br"{\rtf1\ansi
\trowd\cellx1000\cellx5000\pard\intbl \'b9\cell Text\cell\row
\trowd\cellx1000\cellx5000\pard\intbl 1\cell Head\par\pard\intbl{\listtext\pard\plain 1.\tab}\ls1 item\cell\row
\trowd\cellx1000\cellx5000\pard\intbl 2\cell Next\cell\row
\pard\par}";
        let doc = read(rtf).unwrap();
        assert_eq!(texts(&doc), ["[table 3x2]"]);
        let Block::Table(t) = &doc.blocks[0] else { panic!() };
        assert_eq!(t.rows[1].cells[1].text, "Head\n1. item");
    }

    #[test]
    fn refusals_and_hostile_nesting() {
        assert!(matches!(read(b"plain text"), Err(RtfError::NotRtf)));
        assert!(matches!(read(b""), Err(RtfError::NotRtf)));
        let deep = format!(r"{{\rtf1 {}x{}\par}}", "{".repeat(100_000), "}".repeat(100_000));
        let doc = read(deep.as_bytes()).unwrap();
        assert_eq!(texts(&doc), ["x"]);
        assert!(doc.diagnostics.iter().any(|d| d.code == "rtf.nesting_limit"));
        // cut short anywhere: still a document
        let cut = br"{\rtf1\ansi \trowd\cellx100\pard\intbl a\cell b";
        assert!(read(cut).is_ok());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(tail in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2000)) {
            let mut bytes = b"{\\rtf1 ".to_vec();
            bytes.extend(tail);
            let _ = read(&bytes);
        }
    }
}
