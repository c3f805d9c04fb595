//! The canonical output of `roadmap`: one [`Roadmap`] per document, `schema_version` "1".
//!
//! In: nothing — `roadmap-extract` fills these types. Out: serde serialization in the field
//! order of the contract, and a JSON Schema generated from the same types ([`json_schema`]).
//!
//! This crate is the API boundary with downstream systems: renaming a field or changing a
//! meaning changes [`SCHEMA_VERSION`]; adding a field does not. Missing values are `null`,
//! `[]` or `{}`: no key is ever left out.
//!
//! ```
//! let schema = roadmap_model::json_schema();
//! assert_eq!(schema.as_value()["title"], "Roadmap");
//! ```

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The version of the wire format these types describe.
pub const SCHEMA_VERSION: &str = "1";

/// One document: where it came from, what act it is, and the actions of its roadmap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Roadmap {
    pub schema_version: String,
    pub source: Source,
    pub document: DocumentMeta,
    pub plan: Plan,
    /// «(далее – X)» definitions: abbreviation → full name.
    pub abbreviations: BTreeMap<String, String>,
    pub actions: Vec<Action>,
    pub warnings: Vec<Warning>,
}

impl Roadmap {
    /// A copy without the actions.
    pub fn head(&self) -> Roadmap {
        Roadmap {
            schema_version: self.schema_version.clone(),
            source: self.source.clone(),
            document: self.document.clone(),
            plan: self.plan.clone(),
            abbreviations: self.abbreviations.clone(),
            actions: Vec::new(),
            warnings: self.warnings.clone(),
        }
    }

    /// A roadmap without its actions, read from its canonical JSON without reading them (their
    /// text is skipped, not decoded): for what needs only the document, the plan and the
    /// warnings, such as an act's row among its renditions.
    pub fn head_from_json(json: &[u8]) -> Result<Roadmap, serde_json::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Head {
            schema_version: String,
            source: Source,
            document: DocumentMeta,
            plan: Plan,
            abbreviations: BTreeMap<String, String>,
            #[allow(dead_code)] // named so that it is skipped, not refused
            actions: serde::de::IgnoredAny,
            warnings: Vec<Warning>,
        }
        let h: Head = serde_json::from_slice(json)?;
        let Head { schema_version, source, document, plan, abbreviations, warnings, .. } = h;
        Ok(Roadmap { schema_version, source, document, plan, abbreviations, actions: Vec::new(), warnings })
    }
}

/// A [`Roadmap`] that serializes exactly as the roadmap does, dropping each action once it is
/// serialized: a document of hundreds of thousands of actions never has all its actions and
/// all their JSON in memory at once. Serialize it once.
pub struct ConsumingRoadmap {
    head: Roadmap,
    actions: std::cell::RefCell<std::vec::IntoIter<Action>>,
}

impl ConsumingRoadmap {
    pub fn new(mut roadmap: Roadmap) -> Self {
        let actions = std::mem::take(&mut roadmap.actions).into_iter();
        ConsumingRoadmap { head: roadmap, actions: std::cell::RefCell::new(actions) }
    }
}

impl Serialize for ConsumingRoadmap {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct Actions<'a>(&'a std::cell::RefCell<std::vec::IntoIter<Action>>);
        impl Serialize for Actions<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.borrow_mut().by_ref())
            }
        }
        // the fields of `Roadmap`, in its order (a test holds the two to the same bytes)
        let r = &self.head;
        let mut s = serializer.serialize_struct("Roadmap", 7)?;
        s.serialize_field("schema_version", &r.schema_version)?;
        s.serialize_field("source", &r.source)?;
        s.serialize_field("document", &r.document)?;
        s.serialize_field("plan", &r.plan)?;
        s.serialize_field("abbreviations", &r.abbreviations)?;
        s.serialize_field("actions", &Actions(&self.actions))?;
        s.serialize_field("warnings", &r.warnings)?;
        s.end()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The path as given on the command line.
    pub path: String,
    pub format: Format,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
    pub bytes: u64,
    /// Pages, where the format has them.
    pub pages: Option<u32>,
    /// What the file records about itself beside its text (core properties, `meta.xml`,
    /// RTF `\info`, OLE summary information, the PDF Info dictionary); `null` when it records
    /// nothing. Editors fill these from templates and profiles: they describe the file, not
    /// the act.
    #[serde(default)]
    pub properties: Option<FileProperties>,
    /// How pages without a text layer were read by optical character recognition; `null`
    /// when no page was.
    #[serde(default)]
    pub ocr: Option<Ocr>,
}

/// The recognition of a scan's pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ocr {
    /// The engine («tesseract») and its version («5.3.0»).
    pub engine: String,
    pub version: String,
    /// The languages recognized, as the engine names them («rus+eng»).
    pub languages: String,
    /// Pages recognized.
    pub pages: u32,
    /// The mean confidence of the words recognized, 0–100.
    pub mean_confidence: u8,
}

/// The document properties a file records. Timestamps are ISO 8601 (`2021-03-31T07:12:00`,
/// with `Z` or an offset where the file states one); a property the file does not record is
/// `null`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileProperties {
    pub title: Option<String>,
    pub author: Option<String>,
    pub created: Option<String>,
    pub modified: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Docx,
    Pdf,
    Xlsx,
    Xls,
    Ods,
    /// OpenDocument text (`.odt`, `.ott`, flat `.fodt`).
    Odt,
    /// Word 97-2003 binary document (`.doc`, `.dot`).
    Doc,
    /// Rich Text Format (`.rtf`).
    Rtf,
}

impl Format {
    /// How well a rendition in this format carries an act (lower is better), when renditions
    /// with as many warnings are chosen between: DOCX, then the other word-processor formats,
    /// then workbooks, then PDF.
    pub fn rendition_rank(self) -> u8 {
        match self {
            Format::Docx => 0,
            Format::Doc | Format::Odt | Format::Rtf => 1,
            Format::Xlsx | Format::Xls | Format::Ods => 2,
            Format::Pdf => 3,
        }
    }
}

impl Roadmap {
    /// The act this document renders: its `document.act_key`, or, for a file written before
    /// the field existed, the key [`act_key`] derives.
    pub fn act(&self) -> String {
        if self.document.act_key.is_empty() {
            act_key(&self.document, &self.plan, &self.source)
        } else {
            self.document.act_key.clone()
        }
    }

    /// The key of each action: its `key`, or, in a file written before the field existed, the
    /// keys [`action_keys`] derives.
    pub fn action_keys(&self) -> Vec<String> {
        if self.actions.iter().all(|a| !a.key.is_empty()) {
            self.actions.iter().map(|a| a.key.clone()).collect()
        } else {
            action_keys(&self.act(), self.plan.year, &self.actions)
        }
    }
}

impl std::fmt::Display for Format {
    /// The name people know the format by: `DOCX`, `PDF`, `XLSX`, `XLS`, `ODS`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Format::Docx => "DOCX",
            Format::Pdf => "PDF",
            Format::Xlsx => "XLSX",
            Format::Xls => "XLS",
            Format::Ods => "ODS",
            Format::Odt => "ODT",
            Format::Doc => "DOC",
            Format::Rtf => "RTF",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentMeta {
    pub kind: DocumentKind,
    /// The issuing body, in sentence case.
    pub authority: Option<String>,
    pub region: Option<Region>,
    /// As printed, without «№» and inner spaces: `832-р`.
    pub number: Option<String>,
    /// ISO date of the act.
    pub date: Option<String>,
    pub place: Option<String>,
    pub title: Option<String>,
    pub signatory: Option<Signatory>,
    pub references: Vec<Reference>,
    /// The act this document is a rendition of, from what it says (never from its bytes): the
    /// same act as DOCX, PDF, XLSX or a scan has one key. See [`act_key`]. Files written
    /// before the field existed read as `""`; consumers derive it with [`act_key`].
    #[serde(default)]
    pub act_key: String,
    /// Where each field was read in the source file (empty lists in files written before the
    /// field existed, and for a field without a value).
    #[serde(default)]
    pub provenance: DocumentProvenance,
}

/// Where each of the document's fields was read: the lines that say it (a title over three
/// lines has three). A value the reader infers rather than reads has the lines it was
/// inferred from: a standalone plan's kind the plan's heading, the region the words that name
/// it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentProvenance {
    pub kind: Vec<Location>,
    pub authority: Vec<Location>,
    pub region: Vec<Location>,
    pub number: Vec<Location>,
    pub date: Vec<Location>,
    pub place: Vec<Location>,
    pub title: Vec<Location>,
    pub signatory: Vec<Location>,
    /// For each of `references`, in order.
    pub references: Vec<Vec<Location>>,
}

/// Where a piece of text stands in its source file. Which keys are set depends on the format
/// (the others are `null`):
/// - PDF, text and scans: `page` and `bbox`;
/// - workbooks (XLSX, XLS, ODS): `sheet` and `range`;
/// - in every format, `paragraph` for text outside tables, else `table`, `row` and `column`:
///   places among the paragraphs and tables `roadmap` reads, in reading order, which are what
///   a word processor's file (DOCX, DOC, RTF, ODT) has to point at.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// 1-based page.
    pub page: Option<u32>,
    /// The text's box on the page, `[x0, top, x1, bottom]` in PDF points (1/72 inch) from
    /// the top-left corner of the page as a viewer shows it (its crop box, turned by
    /// `/Rotate`), `y` growing downwards: a table cell's ruled box, a paragraph's lines.
    pub bbox: Option<[f32; 4]>,
    /// 1-based index among the document's paragraphs outside tables (empty paragraphs are
    /// not counted).
    pub paragraph: Option<u32>,
    /// 1-based index among the document's tables (as `provenance.table`).
    pub table: Option<u32>,
    /// 1-based row in the table.
    pub row: Option<u32>,
    /// 1-based first grid column the cell covers.
    pub column: Option<u32>,
    /// The worksheet's name.
    pub sheet: Option<String>,
    /// The cell, or the merged range, in A1 notation: `B5`, `B5:C6`.
    pub range: Option<A1Range>,
}

/// A cell or a rectangle of cells of a worksheet, written in A1 notation (`B5`, `B5:C6`);
/// held as its corners, 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct A1Range {
    pub first_row: u32,
    pub first_column: u32,
    pub last_row: u32,
    pub last_column: u32,
}

impl A1Range {
    /// The column's letters: 0 → `A`, 25 → `Z`, 26 → `AA`.
    fn letters(column: u32) -> String {
        let mut n = u64::from(column) + 1;
        let mut out = Vec::new();
        while n > 0 {
            let rem = ((n - 1) % 26) as u8;
            out.push(char::from(b'A' + rem));
            n = (n - 1) / 26;
        }
        out.iter().rev().collect()
    }

    /// `B5` → (row 4, column 1).
    fn cell(text: &str) -> Option<(u32, u32)> {
        let split = text.find(|c: char| c.is_ascii_digit())?;
        let (letters, digits) = text.split_at(split);
        if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
            return None;
        }
        let column = letters.bytes().try_fold(0u64, |n, b| n.checked_mul(26)?.checked_add(u64::from(b - b'A') + 1))?.checked_sub(1)?;
        let row = digits.parse::<u32>().ok()?.checked_sub(1)?;
        Some((row, u32::try_from(column).ok()?))
    }
}

impl std::fmt::Display for A1Range {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", Self::letters(self.first_column), u64::from(self.first_row) + 1)?;
        if (self.last_row, self.last_column) != (self.first_row, self.first_column) {
            write!(f, ":{}{}", Self::letters(self.last_column), u64::from(self.last_row) + 1)?;
        }
        Ok(())
    }
}

impl std::str::FromStr for A1Range {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || format!("«{text}» is not a cell or range in A1 notation");
        let (first, last) = text.split_once(':').unwrap_or((text, text));
        let ((first_row, first_column), (last_row, last_column)) = (Self::cell(first).ok_or_else(bad)?, Self::cell(last).ok_or_else(bad)?);
        Ok(A1Range { first_row, first_column, last_row, last_column })
    }
}

impl Serialize for A1Range {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for A1Range {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for A1Range {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "A1Range".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A cell or a rectangle of cells of a worksheet in A1 notation: `B5`, `B5:C6`.",
            "type": "string",
            "pattern": "^[A-Z]+[1-9][0-9]*(:[A-Z]+[1-9][0-9]*)?$"
        })
    }
}

/// Text as the keys see it: its letters and digits, lowercased (so white space, line breaks,
/// hyphenation, punctuation and case do not matter).
fn letters(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// FNV-1a, 64 bits: stable across versions and platforms, unlike the standard hasher.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// The identity of the act a document renders, from what it says.
///
/// A document with a plan is keyed by its plan, which every rendition carries (a workbook of
/// the plan often lacks the covering order's header): `{region}/{year}/plan-{hash}`, the
/// hash of the plan title's letters and digits, lowercased (so line breaks, hyphenation and
/// case do not matter). Without a plan title, by the act's kind, number and date:
/// `{region}/{kind}/{number}/{date}`; with neither, by the act's title:
/// `{region}/{kind}/title-{hash}`; a document that says none of these is an act of its own,
/// `{region}/{kind}/file-{sha256 prefix}`. The region is the ISO 3166-2:RU code, `RU` when
/// unknown.
pub fn act_key(document: &DocumentMeta, plan: &Plan, source: &Source) -> String {
    let region = document.region.as_ref().map_or("RU", |r| r.iso.as_str());
    let hash = |text: &str| format!("{:08x}", fnv1a(text) >> 32);
    let kind = document.kind.as_str();
    if let Some(title) = plan.title.as_deref().filter(|t| !letters(t).is_empty()) {
        let year = plan.year.map_or_else(|| "undated".to_string(), |y| y.to_string());
        return format!("{region}/{year}/plan-{}", hash(&letters(title)));
    }
    let title = letters(document.title.as_deref().unwrap_or(""));
    match (&document.number, &document.date) {
        (Some(number), Some(date)) => format!("{region}/{kind}/{}/{date}", letters(number)),
        _ if !title.is_empty() => format!("{region}/{kind}/title-{}", hash(&title)),
        _ if !source.sha256.is_empty() => format!("{region}/{kind}/file-{}", &source.sha256[..source.sha256.len().min(16)]),
        _ => format!("{region}/{kind}/file-{}", hash(&source.path)),
    }
}

/// The key of each of an act's actions, in their order: `{act_key}/{plan year}/{hash}`
/// (`undated` for a plan without a year), the hash (FNV-1a, 64 bits, 16 hex digits) of the
/// action's section title and its text, each reduced to its letters and digits, lowercased,
/// «ё» read as «е». The second and later actions of the act that say the same under the same
/// section get `-2`, `-3` … after the hash, in their order.
///
/// So the key is the same in every rendition of the act (DOCX, DOC, RTF, ODT, PDF, a
/// workbook, a scan: what differs between them — white space, line breaks, hyphenation,
/// punctuation, case, the file — is left out) and in every run; it stays when the action's
/// number, deadline, responsible parties, result or place in the table change, or rows are
/// added or removed around it (but a row saying the same inserted before it under the same
/// section moves its `-N`); it changes when the action's text or its section's title
/// changes, or the act's key or plan year does.
///
/// ```
/// use roadmap_model::{action_keys, Action};
/// let action = |text: &str| -> Action {
///     serde_json::from_value(serde_json::json!({"seq": 1, "number": "1", "section": null, "action": text,
///         "deadline": {"raw": "", "kind": "unknown", "start": null, "end": null, "precision": null, "periods": [],
///                      "dates": [], "rrule": null, "year_inferred": false, "note": null},
///         "responsible": {"raw": null, "parties": []}, "result": null, "info": null, "extra": {},
///         "targets": [], "links": [], "provenance": {"page": null, "table": 1, "row": 2}})).unwrap()
/// };
/// let keys = action_keys("RU-ORL/2022/plan-00f7501c", Some(2022), &[action("Отбор школ"), action("ОТБОР\nшкол."), action("Анкетирование")]);
/// assert_eq!(keys[1], format!("{}-2", keys[0]));
/// assert!(keys[0].starts_with("RU-ORL/2022/plan-00f7501c/2022/"));
/// assert_ne!(keys[0], keys[2]);
/// ```
pub fn action_keys(act_key: &str, plan_year: Option<i32>, actions: &[Action]) -> Vec<String> {
    let year = plan_year.map_or_else(|| "undated".to_string(), |y| y.to_string());
    let folded = |text: &str| letters(text).replace('ё', "е");
    let mut seen: BTreeMap<u64, usize> = BTreeMap::new();
    actions
        .iter()
        .map(|a| {
            let section = a.section.as_ref().map_or_else(String::new, |s| folded(&s.title));
            // a separator no letter or digit can be, so a section's end never reads as the text's start
            let hash = fnv1a(&format!("{section}\u{1f}{}", folded(&a.action)));
            let n = seen.entry(hash).and_modify(|n| *n += 1).or_insert(1);
            match *n {
                1 => format!("{act_key}/{year}/{hash:016x}"),
                n => format!("{act_key}/{year}/{hash:016x}-{n}"),
            }
        })
        .collect()
}

impl DocumentKind {
    /// The contract's name of the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Order => "order",
            DocumentKind::Directive => "directive",
            DocumentKind::Resolution => "resolution",
            DocumentKind::Law => "law",
            DocumentKind::Decree => "decree",
            DocumentKind::Decision => "decision",
            DocumentKind::Plan => "plan",
            DocumentKind::Programme => "programme",
            DocumentKind::Report => "report",
            DocumentKind::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DocumentKind {
    /// приказ
    Order,
    /// распоряжение
    Directive,
    /// постановление
    Resolution,
    /// закон (federal or regional)
    Law,
    /// указ
    Decree,
    /// решение (of a council, a duma, a board)
    Decision,
    /// a roadmap with no covering act, or a plan approved on its own («УТВЕРЖДАЮ Директор …»,
    /// «Утвержден приказом …»)
    Plan,
    /// программа: a programme of development, of education (added within schema version "1":
    /// such documents had no kind before)
    Programme,
    /// отчёт: a report, a self-evaluation report (added within schema version "1": such
    /// documents had no kind before)
    Report,
    #[default]
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// Nominative name: «Орловская область».
    pub name: String,
    /// ISO 3166-2:RU code: `RU-ORL`.
    pub iso: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    pub position: Option<String>,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub relation: Relation,
    pub date: Option<String>,
    pub number: Option<String>,
    /// The sentence or phrase that cites the act.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The document amends the cited act.
    Amends,
    /// The document is issued on the basis of the cited act.
    BasedOn,
    /// Any other citation.
    Cites,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub title: Option<String>,
    /// The year the plan is for (the first year of a school year).
    pub year: Option<i32>,
    /// The period the plan covers: a calendar year, a school year from 1 September to
    /// 31 August, several calendar years (a programme «на 2013–2018 годы») or whole months of
    /// one year (a summer plan); year-less deadlines are read in it. `null` when no year is
    /// known.
    #[serde(default)]
    pub period: Option<PlanPeriod>,
    /// The roadmap table's columns and the field each maps to.
    pub columns: Vec<Column>,
    /// How surely the actions are a plan's, 0–1: the confidence of the tables taken for a plan,
    /// weighted by their actions; when none was, that of the table that came nearest (0 when
    /// no table had a column naming actions). Tables are taken at 0.5 and above. `null` in
    /// files written before the field existed.
    #[serde(default)]
    pub confidence: Option<f64>,
    /// Every table of the document whose header or cells could make it a plan, and whether it
    /// was taken for one, with why (`[]` in files written before the field existed).
    #[serde(default)]
    pub tables: Vec<TableDecision>,
    /// Where the plan's fields were read (empty in files written before the field existed).
    #[serde(default)]
    pub provenance: PlanProvenance,
}

/// Where the plan's title was read: the lines it was joined from (`[]` without a title).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanProvenance {
    pub title: Vec<Location>,
}

/// Whether one table was taken for a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableDecision {
    /// 1-based index of the table among the document's tables (as `provenance.table`).
    pub table: usize,
    pub decision: Decision,
    /// How surely its rows are a plan's actions, 0–1, to two decimals.
    pub confidence: f64,
    /// The evidence that decided, in words.
    pub reason: String,
    /// Actions taken from it.
    pub actions: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Its rows are actions.
    Plan,
    /// Not a plan (a list of people, a budget, a timetable …): no actions, and the warning
    /// `table.not_a_plan` with the reason.
    NotAPlan,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanPeriod {
    pub kind: PlanPeriodKind,
    /// «2021», «2021/2022», «2013-2018» or «2018-06..2018-08».
    pub label: String,
    pub start: String,
    pub end: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanPeriodKind {
    CalendarYear,
    SchoolYear,
    /// Several whole calendar years, from 1 January of the first to 31 December of the last.
    Years,
    /// Whole months of one year: a summer plan (June to August), label «2018-06..2018-08».
    Months,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Column {
    pub index: usize,
    pub header: String,
    /// `number`, `action`, `deadline`, `deadline_start`, `deadline_end`, `responsible`,
    /// `result`, `info`; `null` when the column goes to `extra`.
    pub field: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// 1-based position in the document.
    pub seq: usize,
    /// The action's identity, the same in every rendition of its act and in every run:
    /// `{act_key}/{plan year}/{hash}`, the hash of its section's title and its text (letters
    /// and digits only, lowercased, «ё» as «е»), `-2`, `-3` … after it for the second and later
    /// actions of the act that say the same. See [`action_keys`]. Files written before the field
    /// existed read as `""`; consumers derive it with [`Roadmap::action_keys`].
    #[serde(default)]
    pub key: String,
    /// The row's number as printed, without a trailing dot: `1.2`.
    pub number: Option<String>,
    pub section: Option<Section>,
    pub action: String,
    /// The numbered sub-actions («1. … 2. …») of an action cell whose deadline and
    /// responsible lines do not line up with them (when they do, each item is an action of its
    /// own, numbered «N.1», «N.2» …); `[]` otherwise. Files written before the field existed
    /// read as `[]`.
    #[serde(default)]
    pub items: Vec<String>,
    pub deadline: Deadline,
    pub responsible: Responsible,
    pub result: Option<String>,
    pub info: Option<String>,
    /// Cells of columns that map to no field, by header text.
    pub extra: BTreeMap<String, String>,
    pub targets: Vec<Target>,
    pub links: Vec<String>,
    /// Ids of the federal «500+» project milestones the action belongs to, from the vocabulary
    /// `vocabulary/milestones.toml` (`coordinators`, `school_selection`, …); `[]` for none.
    /// Files written before the field existed read as `[]`.
    #[serde(default)]
    pub milestones: Vec<String>,
    pub provenance: Provenance,
    /// A reviewer's correction changed a field of the action (`--corrections`); the values
    /// read from the document are kept in `corrections`.
    #[serde(default)]
    pub corrected: bool,
    /// The reviewers' corrections applied to the action, in the order applied: each field's
    /// value as read and as corrected (`[]` when none was, and in files written before the
    /// field existed).
    #[serde(default)]
    pub corrections: Vec<AppliedCorrection>,
    /// What a reviewer said of the row as a whole: `right` (checked against its source),
    /// `wrong` (not an action of the plan: `compare` leaves it out); `null` when no one said.
    #[serde(default)]
    pub verdict: Option<Verdict>,
}

/// A reviewer's correction as applied to an action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppliedCorrection {
    /// What was corrected: `number`, `action`, `deadline` (the cell's text, read again),
    /// `deadline.start`, `deadline.end`, `responsible` (the cell's text, its parties read
    /// again), `result`, `info`, or `row` (a verdict on the row).
    pub field: String,
    /// The value as read from the document (for `row`, `null`).
    pub original: Option<String>,
    /// The value the reviewer gave (`null` clears the field; for `row`, `right` or `wrong`).
    pub value: Option<String>,
    pub note: Option<String>,
    /// Who corrected, and when (ISO 8601), as the corrections file says.
    pub by: Option<String>,
    pub at: Option<String>,
}

/// A reviewer's verdict on a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Checked against the source: the row is read right (as corrected, if it was).
    Right,
    /// Not an action of the plan (a heading, a note, a row of another table).
    Wrong,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub number: Option<String>,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Responsible {
    pub raw: Option<String>,
    /// Each party once: organisations, bodies, posts and people as named.
    pub parties: Vec<String>,
    /// The kind of each party, in the order of `parties`: `person` (a surname with initials),
    /// `post` («зам. директора по УВР», «классные руководители»), `organization`, `body`
    /// (a collective body: «методический совет», «рабочая группа»), or `null` where the words
    /// do not make it clear. Files written before the field existed read as `[]`.
    #[serde(default)]
    pub kinds: Vec<Option<PartyKind>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    Person,
    Post,
    Organization,
    Body,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub value: f64,
    /// `%`, or the counted noun as written.
    pub unit: String,
    /// The clause the figure stands in.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// 1-based page, where the format has pages.
    pub page: Option<u32>,
    /// 1-based index of the table among the document's tables.
    pub table: usize,
    /// 1-based index of the row in its table (the first row of a row split across pages).
    pub row: usize,
    /// For a row read by optical character recognition: the lowest confidence (0–100) of its
    /// words; `null` for text read from the file.
    #[serde(default)]
    pub confidence: Option<u8>,
    /// PDF: the row's box on each page it is on (a row continued after a page break has two),
    /// as `Location.bbox` measures; `[]` for other formats and in files written before the
    /// field existed.
    #[serde(default)]
    pub boxes: Vec<PageBox>,
    /// Workbooks: the sheet the row is on, and the cells it spans in A1 notation (`A5:E5`);
    /// `null` for other formats.
    #[serde(default)]
    pub sheet: Option<String>,
    #[serde(default)]
    pub range: Option<A1Range>,
    /// Where each of the action's fields was read: one entry per source cell (a field whose
    /// text was joined from two rows, or from cells under one header, has one for each).
    /// `[]` in files written before the field existed.
    #[serde(default)]
    pub cells: Vec<CellSource>,
}

/// A box on a page (see [`Location::bbox`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageBox {
    /// 1-based page.
    pub page: u32,
    /// `[x0, top, x1, bottom]` in PDF points from the top-left corner of the page as a viewer
    /// shows it, `y` downwards.
    pub bbox: [f32; 4],
}

/// Where one field of an action was read: a cell of the action's table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CellSource {
    pub field: CellField,
    /// For `extra`: the column's header (the key in `extra`); `null` otherwise.
    pub header: Option<String>,
    /// 1-based row in the table of `provenance.table` (a vertically merged cell's first row).
    pub row: u32,
    /// 1-based first grid column the cell covers.
    pub column: u32,
    /// PDF: the cell's page and ruled box (see [`Location::bbox`]).
    pub page: Option<u32>,
    pub bbox: Option<[f32; 4]>,
    /// Workbooks: the cell, or the merged range, in A1 notation on `provenance.sheet`.
    pub range: Option<A1Range>,
}

/// The field a cell of an action's row was read into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CellField {
    Number,
    Action,
    Deadline,
    /// The start column of a deadline given as two columns («начало | окончание»).
    DeadlineStart,
    DeadlineEnd,
    Responsible,
    Result,
    Info,
    /// A column that maps to no field, kept in `extra` under its header.
    Extra,
}

impl CellField {
    /// Its name in the contract: `number`, `deadline_start`, `extra`.
    pub fn as_str(self) -> &'static str {
        match self {
            CellField::Number => "number",
            CellField::Action => "action",
            CellField::Deadline => "deadline",
            CellField::DeadlineStart => "deadline_start",
            CellField::DeadlineEnd => "deadline_end",
            CellField::Responsible => "responsible",
            CellField::Result => "result",
            CellField::Info => "info",
            CellField::Extra => "extra",
        }
    }
}

/// What `roadmap dates` prints (and the service's `/v1/dates` answers): one deadline cell
/// normalized, with the warnings of its normalization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatesOutput {
    #[serde(flatten)]
    pub deadline: Deadline,
    pub warnings: Vec<DateWarning>,
}

/// A warning of a deadline's normalization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateWarning {
    pub code: String,
    pub message: String,
}

/// A normalized deadline cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    /// The cell text as printed (an XLSX date cell as `DD.MM.YYYY`).
    pub raw: String,
    pub kind: DeadlineKind,
    /// First day of the whole span; `null` for `deadline`, `unknown`, `by_schedule`, `on_demand`.
    pub start: Option<String>,
    /// Last day of the whole span.
    pub end: Option<String>,
    pub precision: Option<Precision>,
    /// For `multiple` and bounded `recurring`: each span.
    pub periods: Vec<Period>,
    /// For `multiple` made of single days.
    pub dates: Vec<String>,
    /// RFC 5545 recurrence rule for `recurring`.
    pub rrule: Option<String>,
    /// The year came from the plan year, not the text.
    pub year_inferred: bool,
    /// What the text adds that no field holds.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    Date,
    Period,
    Deadline,
    Multiple,
    Recurring,
    Throughout,
    BySchedule,
    OnDemand,
    /// Counted from an event whose date is not known («в течение 10 дней со дня подписания»
    /// without the order's date); `note` says from what.
    Relative,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    Day,
    Month,
    Quarter,
    HalfYear,
    Year,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub start: String,
    pub end: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Warning {
    /// Stable dotted code: `deadline.end_before_start`, `action.duplicate_number`, …
    pub code: String,
    /// The action concerned, if any.
    pub seq: Option<usize>,
    pub message: String,
}

/// The JSON Schema of [`Roadmap`], as a JSON value.
pub fn json_schema() -> schemars::Schema {
    schemars::schema_for!(Roadmap)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_cell_fields_name_is_its_name_in_the_json() {
        use CellField::*;
        for field in [Number, Action, Deadline, DeadlineStart, DeadlineEnd, Responsible, Result, Info, Extra] {
            assert_eq!(serde_json::to_value(field).unwrap(), field.as_str());
        }
    }

    #[test]
    fn a1_ranges_read_and_write_as_spreadsheets_name_them() {
        for (text, range) in [
            ("A1", (0, 0, 0, 0)),
            ("B5:C6", (4, 1, 5, 2)),
            ("Z1:AA2", (0, 25, 1, 26)),
            ("XFD1048576", (1_048_575, 16_383, 1_048_575, 16_383)),
        ] {
            let parsed: A1Range = text.parse().unwrap();
            assert_eq!((parsed.first_row, parsed.first_column, parsed.last_row, parsed.last_column), range, "{text}");
            assert_eq!(parsed.to_string(), text);
            assert_eq!(serde_json::to_string(&parsed).unwrap(), format!("\"{text}\""));
        }
        for bad in ["", "5B", "b5", "A0", "A", "B5:", "A1:A"] {
            assert!(bad.parse::<A1Range>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_head_is_the_roadmap_without_its_actions() {
        let json = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/orel-2022-order-226.pdf.json"));
        let mut whole: Roadmap = serde_json::from_str(json).unwrap();
        assert!(!whole.actions.is_empty());
        let head = whole.head();
        whole.actions.clear();
        assert_eq!(head, whole);
        assert_eq!(Roadmap::head_from_json(json.as_bytes()).unwrap(), whole);
        assert!(Roadmap::head_from_json(br#"{"schema_version": "1"}"#).is_err(), "a roadmap's fields are needed");
    }

    #[test]
    fn a_consuming_roadmap_serializes_to_the_same_bytes() {
        let fixture =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/orel-2022-order-226.docx.json")).unwrap();
        let roadmap: Roadmap = serde_json::from_str(&fixture).unwrap();
        assert!(!roadmap.actions.is_empty());
        let pretty = serde_json::to_string_pretty(&roadmap).unwrap();
        assert_eq!(serde_json::to_string_pretty(&ConsumingRoadmap::new(roadmap.clone())).unwrap(), pretty);
        assert_eq!(serde_json::to_string(&ConsumingRoadmap::new(roadmap.clone())).unwrap(), serde_json::to_string(&roadmap).unwrap());
    }
}
