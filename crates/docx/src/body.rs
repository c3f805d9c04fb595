//! The streaming walk over `word/document.xml`: one pass, an explicit stack of open tables,
//! no recursion.

use roadmap_package::attribute;
use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use roadmap_layout::build::{labelled, Blocks, CellBeingRead, CellText, OpenTables, RowBeingRead};
use roadmap_layout::{Diagnostic, Document, Row, Table};

use crate::numbering::Numbering;
use crate::{DocxError, Options};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VMerge {
    None,
    Restart,
    Continue,
}

#[derive(Debug)]
struct CellBuilder {
    col_span: usize,
    vmerge: VMerge,
    text: CellText,
}

#[derive(Debug, Default)]
struct RowBuilder {
    cells: Vec<CellBuilder>,
    grid_before: usize,
    repeat_header: bool,
}

impl CellBeingRead for CellBuilder {
    fn text(&mut self) -> &mut CellText {
        &mut self.text
    }
}

impl RowBeingRead<CellBuilder> for RowBuilder {
    fn push(&mut self, cell: CellBuilder) {
        self.cells.push(cell);
    }
}

#[derive(Debug, Default)]
struct ParagraphBuilder {
    text: String,
    links: Vec<String>,
    style: Option<String>,
    num_id: Option<String>,
    ilvl: usize,
    /// Field instruction text being collected (`w:instrText`).
    instruction: String,
}

struct Walker<'a> {
    relationships: &'a HashMap<String, String>,
    numbering: Numbering,
    max_depth: usize,
    blocks: Blocks,
    tables: OpenTables<RowBuilder, CellBuilder>,
    /// Actual `w:tbl` nesting, which may exceed `tables.len()` past the depth limit.
    depth: usize,
    paragraph: Option<ParagraphBuilder>,
    /// `w:p` nested in the open paragraph (text boxes).
    inner_paragraphs: usize,
    in_run: usize,
    in_text: bool,
    in_instruction: bool,
    in_paragraph_properties: bool,
    depth_limit_reported: bool,
    diagnostics: Vec<Diagnostic>,
}

/// `on`/`off` attributes (ECMA-376 §17.17.4 ST_OnOff): absent means on.
fn on_off(e: &BytesStart) -> bool {
    !matches!(attribute(e, "val").as_deref(), Some("0" | "false" | "off"))
}

/// The target of a `HYPERLINK "…"` field instruction.
fn hyperlink_target(instruction: &str) -> Option<String> {
    let rest = instruction.trim_start().strip_prefix("HYPERLINK")?;
    let start = rest.find('"')? + 1;
    let end = rest[start..].find('"')? + start;
    Some(rest[start..end].to_string()).filter(|s| !s.is_empty())
}

pub(crate) fn parse(
    xml: &str,
    relationships: &HashMap<String, String>,
    numbering: Numbering,
    options: &Options,
) -> Result<Document, DocxError> {
    let mut w = Walker {
        relationships,
        numbering,
        max_depth: options.max_table_depth.max(1),
        blocks: Blocks::default(),
        tables: OpenTables::default(),
        depth: 0,
        paragraph: None,
        inner_paragraphs: 0,
        in_run: 0,
        in_text: false,
        in_instruction: false,
        in_paragraph_properties: false,
        depth_limit_reported: false,
        diagnostics: Vec::new(),
    };
    let mut reader = Reader::from_str(xml);
    let mut events = 0u32;
    loop {
        events = events.wrapping_add(1);
        if events.is_multiple_of(4096) {
            roadmap_layout::deadline::check()?;
        }
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let name = e.local_name();
                if matches!(name.as_ref(), "Fallback" | "moveFrom" | "del") {
                    // mc:Fallback repeats mc:Choice; moved-from and deleted text is gone.
                    if let Err(err) = reader.read_to_end(e.name()) {
                        w.damaged(err.to_string());
                        break;
                    }
                    continue;
                }
                w.start(&e, false);
            }
            Ok(Event::Empty(e)) => w.start(&e, true),
            Ok(Event::End(e)) => w.end(e.local_name().as_ref()),
            Ok(Event::Text(t)) => {
                if w.in_text || w.in_instruction {
                    w.text(&t.xml10_content());
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if w.in_text || w.in_instruction {
                    let resolved = roadmap_package::reference_text(&r);
                    if let Some(s) = resolved {
                        w.text(&s);
                    }
                }
            }
            Ok(Event::CData(t)) => {
                if w.in_text {
                    w.text(&t.xml10_content());
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(err) => {
                if w.blocks.is_empty() && w.tables.is_empty() {
                    return Err(DocxError::Damaged { part: "word/document.xml".into(), message: err.to_string() });
                }
                w.damaged(err.to_string());
                break;
            }
        }
    }
    Ok(w.finish())
}

impl Walker<'_> {
    fn damaged(&mut self, message: String) {
        self.diagnostics.push(Diagnostic {
            code: roadmap_codes::DOCX_DAMAGED_XML,
            message: format!("word/document.xml is damaged, reading stopped there: {message}"),
        });
    }

    /// Structure inside tables past the depth limit is not built.
    fn building(&self) -> bool {
        self.depth <= self.max_depth
    }

    fn start(&mut self, e: &BytesStart, empty: bool) {
        match e.local_name().as_ref() {
            "tbl" if !empty => {
                self.depth += 1;
                if self.building() {
                    self.tables.open();
                } else if !self.depth_limit_reported {
                    self.depth_limit_reported = true;
                    self.diagnostics.push(Diagnostic {
                        code: roadmap_codes::DOCX_NESTING_LIMIT,
                        message: format!("tables nested deeper than {} levels are read as cell text", self.max_depth),
                    });
                }
            }
            "tr" if !empty && self.building() => {
                if let Some(t) = self.tables.innermost() {
                    t.row = Some(RowBuilder::default());
                }
            }
            "gridBefore" if self.building() => {
                if let Some(row) = self.tables.innermost().and_then(|t| t.row.as_mut()) {
                    row.grid_before = attribute(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0).min(1000);
                }
            }
            "tblHeader" if self.building() => {
                if let Some(row) = self.tables.innermost().and_then(|t| t.row.as_mut()) {
                    row.repeat_header = on_off(e);
                }
            }
            "tc" if !empty && self.building() => {
                if let Some(t) = self.tables.innermost() {
                    t.cell = Some(CellBuilder { col_span: 1, vmerge: VMerge::None, text: CellText::default() });
                }
            }
            "gridSpan" if self.building() => {
                if let Some(cell) = self.tables.innermost().and_then(|t| t.cell.as_mut()) {
                    cell.col_span = attribute(e, "val").and_then(|v| v.parse().ok()).unwrap_or(1).clamp(1, 1000);
                }
            }
            "vMerge" if self.building() => {
                if let Some(cell) = self.tables.innermost().and_then(|t| t.cell.as_mut()) {
                    cell.vmerge = if attribute(e, "val").as_deref() == Some("restart") { VMerge::Restart } else { VMerge::Continue };
                }
            }
            "p" if !empty => {
                if self.paragraph.is_some() {
                    self.inner_paragraphs += 1;
                    self.text("\n");
                } else {
                    self.paragraph = Some(ParagraphBuilder::default());
                }
            }
            "pPr" if !empty => self.in_paragraph_properties = true,
            "pStyle" if self.in_paragraph_properties => {
                if let Some(p) = self.paragraph.as_mut() {
                    p.style = attribute(e, "val");
                }
            }
            "numId" if self.in_paragraph_properties => {
                if let Some(p) = self.paragraph.as_mut() {
                    p.num_id = attribute(e, "val");
                }
            }
            "ilvl" if self.in_paragraph_properties => {
                if let Some(p) = self.paragraph.as_mut() {
                    p.ilvl = attribute(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0);
                }
            }
            "r" if !empty => self.in_run += 1,
            "t" if !empty => self.in_text = true,
            "instrText" if !empty => self.in_instruction = true,
            "tab" if self.in_run > 0 => self.text("\t"),
            "br" if self.in_run > 0 => match attribute(e, "type").as_deref() {
                Some("page" | "column") => self.text(" "),
                _ => self.text("\n"),
            },
            "cr" if self.in_run > 0 => self.text("\n"),
            "noBreakHyphen" if self.in_run > 0 => self.text("-"),
            "hyperlink" => {
                if let Some(target) = attribute(e, "id").and_then(|id| self.relationships.get(&id).cloned()) {
                    self.link(target);
                }
            }
            "fldSimple" => {
                if let Some(target) = attribute(e, "instr").and_then(|i| hyperlink_target(&i)) {
                    self.link(target);
                }
            }
            "fldChar" => {
                if let Some(p) = self.paragraph.as_mut() {
                    match attribute(e, "fldCharType").as_deref() {
                        Some("begin") => p.instruction.clear(),
                        Some("separate" | "end") => {
                            if let Some(target) = hyperlink_target(&p.instruction) {
                                p.instruction.clear();
                                self.link(target);
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "t" => self.in_text = false,
            "instrText" => self.in_instruction = false,
            "r" => self.in_run = self.in_run.saturating_sub(1),
            "pPr" => self.in_paragraph_properties = false,
            "p" => {
                if self.inner_paragraphs > 0 {
                    self.inner_paragraphs -= 1;
                } else {
                    self.finish_paragraph();
                }
            }
            "tc" if self.building() => self.finish_cell(),
            "tr" if self.building() => self.finish_row(),
            "tbl" => {
                if self.building() {
                    self.finish_table();
                }
                self.depth = self.depth.saturating_sub(1);
            }
            _ => {}
        }
    }

    fn text(&mut self, s: &str) {
        if let Some(p) = self.paragraph.as_mut() {
            if self.in_instruction {
                p.instruction.push_str(s);
            } else {
                p.text.push_str(s);
            }
        }
    }

    fn link(&mut self, target: String) {
        if let Some(p) = self.paragraph.as_mut() {
            if !p.links.contains(&target) {
                p.links.push(target);
            }
        }
    }

    fn finish_paragraph(&mut self) {
        let Some(p) = self.paragraph.take() else { return };
        self.in_run = 0;
        self.in_text = false;
        self.in_instruction = false;
        let numbering = match (&p.num_id, &p.style) {
            (Some(id), _) => Some((id.clone(), p.ilvl)),
            (None, Some(style)) => self.numbering.style_numbering(style),
            (None, None) => None,
        };
        let label = numbering.filter(|(id, _)| id != "0").and_then(|(id, ilvl)| self.numbering.next_label(&id, ilvl));
        let text = labelled(label, &p.text);
        self.tables.paragraph(&mut self.blocks, text, p.links);
    }

    fn finish_cell(&mut self) {
        self.finish_paragraph();
        self.tables.finish_cell();
    }

    fn finish_row(&mut self) {
        self.finish_cell();
        self.tables.finish_row();
    }

    fn finish_table(&mut self) {
        self.finish_paragraph();
        self.tables.close_into(&mut self.blocks, build_table);
    }

    fn finish(mut self) -> Document {
        // A damaged or truncated body may leave elements open: keep what was read.
        self.finish_paragraph();
        while !self.tables.is_empty() {
            self.finish_table();
        }
        self.blocks.into_document(self.diagnostics)
    }
}

/// Place cells on the grid and turn `vMerge` chains into row spans.
fn build_table(built: Vec<RowBuilder>) -> Table {
    let mut rows: Vec<Row> = Vec::with_capacity(built.len());
    let mut vmerges: Vec<Vec<VMerge>> = Vec::with_capacity(built.len());
    for rb in built {
        let mut col = rb.grid_before;
        let mut cells = Vec::with_capacity(rb.cells.len());
        let mut kinds = Vec::with_capacity(rb.cells.len());
        for cb in rb.cells {
            let span = cb.col_span;
            cells.push(cb.text.into_cell(col, span, 1));
            col += span;
            kinds.push(cb.vmerge);
        }
        rows.push(Row { cells, repeat_header: rb.repeat_header, page: None });
        vmerges.push(kinds);
    }
    // origin of the open vertical merge per starting column: (row, cell)
    let mut open: HashMap<usize, (usize, usize)> = HashMap::new();
    for (r, kinds) in vmerges.iter().enumerate() {
        for (c, kind) in kinds.iter().enumerate() {
            let col = rows[r].cells[c].col;
            match kind {
                VMerge::Continue => {
                    if let Some(&(orow, ocell)) = open.get(&col) {
                        rows[orow].cells[ocell].row_span += 1;
                        let cell = &mut rows[r].cells[c];
                        cell.merged_above = true;
                        cell.text.clear();
                    } else {
                        open.insert(col, (r, c));
                    }
                }
                VMerge::Restart => {
                    open.insert(col, (r, c));
                }
                VMerge::None => {
                    open.remove(&col);
                }
            }
        }
    }
    Table::from_rows(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use roadmap_layout::{Block, Paragraph};

    fn parse_body(body: &str) -> Document {
        let xml = format!(r#"<w:document xmlns:w="w" xmlns:r="r" xmlns:mc="mc"><w:body>{body}</w:body></w:document>"#);
        let rels: HashMap<String, String> = [("rId1".to_string(), "http://оиро.рф/doc.pdf".to_string())].into();
        parse(&xml, &rels, Numbering::default(), &Options::default()).unwrap()
    }

    fn table(doc: &Document, i: usize) -> &Table {
        doc.tables().nth(i).unwrap()
    }

    #[test]
    fn joins_runs_split_mid_word_and_folds_tabs() {
        let doc = parse_body(
            r#"<w:p><w:r><w:t>Дорож</w:t></w:r><w:r><w:t xml:space="preserve">ная </w:t></w:r><w:r><w:tab/><w:t>карта</w:t></w:r></w:p>"#,
        );
        assert_eq!(
            doc.blocks,
            vec![Block::Paragraph(Paragraph {
                text: "Дорожная карта".into(), page: None, links: vec![], ..Paragraph::default()
            })]
        );
    }

    #[test]
    fn breaks_split_lines_and_field_instructions_are_not_text() {
        let doc = parse_body(
            r#"<w:p><w:r><w:t>до</w:t><w:br/><w:t>01.03</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
        );
        let Block::Paragraph(p) = &doc.blocks[0] else { panic!() };
        assert_eq!(p.text, "до\n01.037");
    }

    #[test]
    fn grid_spans_vertical_merges_and_header_rows() {
        let doc = parse_body(concat!(
            r#"<w:tbl><w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:p><w:r><w:t>№</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Сроки</w:t></w:r></w:p></w:tc></w:tr>"#,
            r#"<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr>"#,
            r#"<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>d</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#
        ));
        let t = table(&doc, 0);
        assert_eq!(t.columns, 3);
        assert!(t.rows[0].repeat_header && !t.rows[1].repeat_header);
        assert_eq!(t.rows[0].cells[1].col_span, 2);
        assert_eq!(t.rows[1].cells[0].row_span, 2);
        assert!(t.rows[2].cells[0].merged_above);
        assert_eq!(t.rows[2].cells[2].col, 2);
    }

    #[test]
    fn nested_tables_follow_their_outer_table_and_stay_in_the_cell() {
        let doc = parse_body(
            r#"<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>внутри</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl><w:p><w:r><w:t>после</w:t></w:r></w:p>"#,
        );
        assert_eq!(doc.tables().count(), 2);
        assert_eq!(table(&doc, 0).rows[0].cells[0].text, "внутри");
        assert_eq!(table(&doc, 1).rows[0].cells[0].text, "внутри");
        assert!(matches!(doc.blocks.last(), Some(Block::Paragraph(p)) if p.text == "после"));
    }

    #[test]
    fn deep_nesting_is_flattened_without_recursion() {
        let depth = 100_000;
        let mut body = String::new();
        for _ in 0..depth {
            body.push_str("<w:tbl><w:tr><w:tc>");
        }
        body.push_str("<w:p><w:r><w:t>дно</w:t></w:r></w:p>");
        for _ in 0..depth {
            body.push_str("</w:tc></w:tr></w:tbl>");
        }
        let doc = parse_body(&body);
        assert_eq!(doc.tables().count(), Options::default().max_table_depth);
        assert!(doc.diagnostics.iter().any(|d| d.code == "docx.nesting_limit"));
        assert_eq!(table(&doc, 0).rows[0].cells[0].text, "дно");
    }

    #[test]
    fn hyperlinks_from_relationships_and_fields() {
        let doc = parse_body(
            r#"<w:tbl><w:tr><w:tc><w:p><w:hyperlink r:id="rId1"><w:r><w:t>ссылка</w:t></w:r></w:hyperlink><w:fldSimple w:instr=" HYPERLINK &quot;https://vk.com/x&quot; "><w:r><w:t>vk</w:t></w:r></w:fldSimple></w:p></w:tc></w:tr></w:tbl>"#,
        );
        assert_eq!(table(&doc, 0).rows[0].cells[0].links, vec!["http://оиро.рф/doc.pdf", "https://vk.com/x"]);
    }

    #[test]
    fn fallback_content_and_deletions_are_skipped() {
        let doc = parse_body(
            r#"<w:p><w:r><mc:AlternateContent><mc:Choice><w:t>один</w:t></mc:Choice><mc:Fallback><w:t>один</w:t></mc:Fallback></mc:AlternateContent></w:r><w:del><w:r><w:delText>нет</w:delText></w:r></w:del></w:p>"#,
        );
        let Block::Paragraph(p) = &doc.blocks[0] else { panic!() };
        assert_eq!(p.text, "один");
    }

    #[test]
    fn damaged_xml_after_content_keeps_what_was_read() {
        let doc = parse_body(
            r#"<w:p><w:r><w:t>текст</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>ячейка</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p></w:x>"#,
        );
        assert_eq!(doc.tables().count(), 1);
        assert!(doc.diagnostics.iter().any(|d| d.code == "docx.damaged_xml"));
    }

    #[test]
    fn hyperlink_field_parsing() {
        assert_eq!(hyperlink_target(r#" HYPERLINK "http://a.ru/" \o "x""#).as_deref(), Some("http://a.ru/"));
        assert_eq!(hyperlink_target("PAGE"), None);
    }
}
