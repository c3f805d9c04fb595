//! The content-stream walker: a page's operators → positioned characters and ruling segments.
//!
//! Keeps the graphics state (`q`/`Q`, `cm`, stroke and fill colour) and the text state
//! (`Tf`, `Tc`, `Tw`, `Tz`, `TL`, `Ts`, `Tm`, `Td`, `TD`, `T*`), shows strings (`Tj`, `TJ`, `'`,
//! `"`), builds paths (`m`, `l`, `re`, `h`, curves) and paints them (`S`, `s`, `f`, `F`, `f*`,
//! `B`, `B*`, `b`, `b*`, `n`), and enters form XObjects (`Do`) with their `/Matrix` and
//! resources. Everything is in page space, y up.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::fonts::Font;
use crate::operations::Operations;
use crate::ReadLimits;

/// A 2-D affine transform `[a b c d e f]` (PDF row-vector convention).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Matrix([f32; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self × other`: apply `self` first, then `other`.
    fn then(&self, other: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Matrix([a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2, e * b2 + f * d2 + f2])
    }

    fn translate(tx: f32, ty: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty])
    }

    fn apply(&self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, e, f] = self.0;
        (x * a + y * c + e, x * b + y * d + f)
    }

    fn from_operands(ops: &[Object]) -> Option<Matrix> {
        let v: Vec<f32> = ops.iter().filter_map(number).collect();
        let m: [f32; 6] = v.get(..6)?.try_into().ok()?;
        m.iter().all(|x| x.is_finite()).then_some(Matrix(m))
    }
}

/// A finite number operand (integer or real).
pub(crate) fn number(obj: &Object) -> Option<f32> {
    obj.as_float().ok().filter(|v| v.is_finite())
}

/// A shown character (or ligature) in page space.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Char {
    pub text: Rc<str>,
    pub x0: f32,
    pub x1: f32,
    /// Baseline.
    pub y: f32,
    /// Font size in page space.
    pub size: f32,
    /// The recognizer's confidence (0–100) for a word read from an image; `None` for text.
    pub confidence: Option<u8>,
}

impl Char {
    pub fn is_space(&self) -> bool {
        self.text.chars().all(char::is_whitespace)
    }
}

/// An axis-aligned ruling segment: horizontal when `y0 == y1`, vertical when `x0 == x1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Segment {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Segment {
    pub fn is_horizontal(&self) -> bool {
        (self.y1 - self.y0).abs() < f32::EPSILON
    }

    /// An axis-aligned segment between two points, ordered; `None` when slanted or a dot.
    fn between((ax, ay): (f32, f32), (bx, by): (f32, f32)) -> Option<Segment> {
        const SLANT: f32 = 0.6;
        if (ay - by).abs() <= SLANT && (ax - bx).abs() > SLANT {
            let y = (ay + by) / 2.0;
            Some(Segment { x0: ax.min(bx), x1: ax.max(bx), y0: y, y1: y })
        } else if (ax - bx).abs() <= SLANT && (ay - by).abs() > SLANT {
            let x = (ax + bx) / 2.0;
            Some(Segment { x0: x, x1: x, y0: ay.min(by), y1: ay.max(by) })
        } else {
            None
        }
    }
}

/// What a page shows.
#[derive(Debug, Default)]
pub(crate) struct PageContent {
    pub chars: Vec<Char>,
    pub segments: Vec<Segment>,
    /// Images painted on the page (a page of images and no text is a scan).
    pub images: usize,
    /// The image XObjects painted, with where: what a recognizer reads on a scanned page.
    pub placed: Vec<crate::scan::PageImage>,
    /// Operators skipped because a limit was reached.
    pub truncated: bool,
    /// Glyphs (not spaces) shown invisibly: text render mode 3 or 7, as a scanner's
    /// recognized text is laid over the page image.
    pub invisible: usize,
    /// For each placed image, how many characters had been shown when it was painted (an
    /// image painted over the whole page hides the text shown before it).
    pub chars_before: Vec<usize>,
    /// The ruling lines were found on the page's image, not drawn (the words may be the text
    /// of a scanner's recognition): the grid may move from page to page as on scans.
    pub ruled_by_image: bool,
}

impl PageContent {
    /// The page shows text (a glyph that is not a space).
    pub fn has_text(&self) -> bool {
        self.chars.iter().any(|c| !c.is_space())
    }

    /// The image that covers at least nine tenths of a page `width` × `height`, if one does,
    /// and whether all the page's text is hidden: shown invisibly, or painted before that
    /// image and so under it. Such a page is a scan with a recognized text layer.
    pub fn image_over_hidden_text(&self, width: f32, height: f32) -> Option<usize> {
        let area = |m: &[f32; 6]| (m[0] * m[3] - m[1] * m[2]).abs();
        let (index, image) = self.placed.iter().enumerate().max_by(|a, b| area(&a.1.matrix).total_cmp(&area(&b.1.matrix)))?;
        if area(&image.matrix) < 0.9 * width * height {
            return None;
        }
        let glyphs = self.chars.iter().filter(|c| !c.is_space()).count();
        let under =
            self.chars_before.get(index).map_or(0, |&n| self.chars[..n.min(self.chars.len())].iter().filter(|c| !c.is_space()).count());
        (glyphs > 0 && (self.invisible >= glyphs || under >= glyphs)).then_some(index)
    }
}

#[derive(Debug, Clone)]
struct GraphicsState {
    ctm: Matrix,
    stroke_visible: bool,
    fill_visible: bool,
    font: Option<Rc<Font>>,
    font_size: f32,
    char_spacing: f32,
    word_spacing: f32,
    horizontal_scale: f32,
    leading: f32,
    rise: f32,
    /// Text render mode 3 (neither filled nor stroked) or 7 (clip only).
    invisible_text: bool,
}

impl Default for GraphicsState {
    fn default() -> Self {
        GraphicsState {
            ctm: Matrix::IDENTITY,
            stroke_visible: true,
            fill_visible: true,
            font: None,
            font_size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            horizontal_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            invisible_text: false,
        }
    }
}

/// A colour operand list is «white» when it paints nothing on white paper.
fn visible_colour(op: &[u8], operands: &[Object]) -> bool {
    let v: Vec<f32> = operands.iter().filter_map(number).collect();
    match (op, v.len()) {
        (b"G" | b"g", 1) => v[0] < 0.95,
        (b"RG" | b"rg", 3) => v.iter().any(|c| *c < 0.95),
        (b"K" | b"k", 4) => v.iter().any(|c| *c > 0.05),
        _ => true,
    }
}

/// The path being built, in page space.
#[derive(Debug, Default)]
struct Path {
    /// Closed and open subpaths as point lists.
    subpaths: Vec<Vec<(f32, f32)>>,
    /// Subpaths that are axis-aligned rectangles (from `re`): min x, min y, max x, max y.
    rects: Vec<[f32; 4]>,
}

impl Path {
    fn current(&mut self) -> Option<&mut Vec<(f32, f32)>> {
        self.subpaths.last_mut()
    }

    fn segments(&self) -> impl Iterator<Item = Segment> + '_ {
        self.subpaths.iter().flat_map(|points| points.windows(2).filter_map(|w| Segment::between(w[0], w[1])))
    }
}

/// Resources in lookup order: the nearest dictionary first.
#[derive(Clone)]
struct Resources<'a> {
    dicts: Vec<&'a Dictionary>,
}

impl<'a> Resources<'a> {
    fn lookup(&self, doc: &'a Document, category: &[u8], name: &[u8]) -> Option<(Option<ObjectId>, &'a Object)> {
        self.dicts.iter().find_map(|d| {
            let category = doc.dereference(d.get(category).ok()?).ok()?.1.as_dict().ok()?;
            doc.dereference(category.get(name).ok()?).ok()
        })
    }
}

pub(crate) struct Walker<'a> {
    doc: &'a Document,
    limits: &'a ReadLimits,
    fonts: HashMap<usize, Rc<Font>>,
    out: PageContent,
    operations: usize,
}

impl<'a> Walker<'a> {
    pub fn new(doc: &'a Document, limits: &'a ReadLimits) -> Self {
        Walker { doc, limits, fonts: HashMap::new(), out: PageContent::default(), operations: 0 }
    }

    /// Walk one page drawn through `transform` (page orientation); fonts are cached across pages.
    pub fn page(&mut self, page_id: ObjectId, transform: [f32; 6]) -> PageContent {
        self.out = PageContent::default();
        self.operations = 0;
        let doc = self.doc;
        let mut dicts = Vec::new();
        if let Ok((direct, ids)) = doc.get_page_resources(page_id) {
            dicts.extend(direct);
            dicts.extend(ids.iter().filter_map(|id| doc.get_dictionary(*id).ok()));
        }
        let resources = Resources { dicts };
        match doc.get_page_content_with_limit(page_id, self.limits.max_stream_bytes) {
            Ok(data) => {
                let initial = GraphicsState { ctm: Matrix(transform), ..GraphicsState::default() };
                self.run(&data, &resources, initial, &mut Vec::new());
            }
            Err(_) => self.out.truncated = true,
        }
        if !self.out.has_text() {
            self.annotations(page_id, Matrix(transform), &resources);
        }
        std::mem::take(&mut self.out)
    }

    /// Draw the normal appearances of a page's visible annotations (filled form fields, free
    /// text, stamps): a page whose text stands only there still shows it. Each appearance is a
    /// form drawn so that its box lands on the annotation's `/Rect` (ISO 32000 §12.5.5).
    fn annotations(&mut self, page_id: ObjectId, page: Matrix, resources: &Resources<'a>) {
        const HIDDEN: i64 = 2;
        const NO_VIEW: i64 = 32;
        let doc = self.doc;
        let resolve = |o: &'a Object| doc.dereference(o).ok();
        let Some(annotations) =
            doc.get_dictionary(page_id).ok().and_then(|p| p.get(b"Annots").ok()).and_then(resolve).and_then(|(_, a)| a.as_array().ok())
        else {
            return;
        };
        for annotation in annotations.iter().take(1024) {
            let Some((_, Ok(annotation))) = resolve(annotation).map(|(id, a)| (id, a.as_dict())) else { continue };
            let flags = annotation.get(b"F").ok().and_then(|f| f.as_i64().ok()).unwrap_or(0);
            if flags & (HIDDEN | NO_VIEW) != 0 || annotation.get(b"Subtype").and_then(Object::as_name).is_ok_and(|s| s == b"Popup") {
                continue;
            }
            let Some(rect) = annotation.get(b"Rect").ok().and_then(resolve).and_then(|(_, r)| rectangle(r)) else { continue };
            let Some(normal) = annotation
                .get(b"AP")
                .ok()
                .and_then(resolve)
                .and_then(|(_, ap)| ap.as_dict().ok())
                .and_then(|ap| ap.get(b"N").ok())
                .and_then(resolve)
            else {
                self.field_value(annotation, rect, &page);
                continue;
            };
            // an appearance per state (check boxes, radio buttons): the one `/AS` names
            let (id, appearance) = match normal {
                (id, Object::Stream(stream)) => (id, stream),
                (_, Object::Dictionary(states)) => {
                    let state = annotation.get(b"AS").and_then(Object::as_name).ok();
                    match state.and_then(|s| states.get(s).ok()).and_then(resolve) {
                        Some((id, Object::Stream(stream))) => (id, stream),
                        _ => continue,
                    }
                }
                _ => continue,
            };
            let matrix = appearance
                .dict
                .get(b"Matrix")
                .ok()
                .and_then(|m| m.as_array().ok())
                .and_then(|a| Matrix::from_operands(a))
                .unwrap_or(Matrix::IDENTITY);
            let bbox = appearance.dict.get(b"BBox").ok().and_then(resolve).and_then(|(_, b)| rectangle(b)).unwrap_or(rect);
            // the box through the form's matrix, then scaled and moved onto the rectangle
            let corners = [(bbox[0], bbox[1]), (bbox[2], bbox[1]), (bbox[0], bbox[3]), (bbox[2], bbox[3])].map(|(x, y)| matrix.apply(x, y));
            let [x0, y0, x1, y1] = bounds(&corners);
            let scale = |to: f32, from: f32| if from.abs() > f32::EPSILON { to / from } else { 1.0 };
            let (sx, sy) = (scale(rect[2] - rect[0], x1 - x0), scale(rect[3] - rect[1], y1 - y0));
            let onto_rect = Matrix([sx, 0.0, 0.0, sy, rect[0] - x0 * sx, rect[1] - y0 * sy]);
            let gs = GraphicsState { ctm: onto_rect.then(&page), ..GraphicsState::default() };
            self.form(id.unwrap_or((0, u16::MAX)), appearance, resources, &gs, &mut Vec::new());
        }
    }

    fn font(&mut self, resources: &Resources<'a>, name: &[u8]) -> Option<Rc<Font>> {
        let (id, obj) = resources.lookup(self.doc, b"Font", name)?;
        let dict = obj.as_dict().ok()?;
        let key = id.map_or(dict as *const Dictionary as usize, |(n, g)| ((n as usize) << 16) | g as usize);
        if let Some(font) = self.fonts.get(&key) {
            return Some(font.clone());
        }
        let font = Rc::new(Font::load(dict, self.doc, self.limits.max_stream_bytes));
        self.fonts.insert(key, font.clone());
        Some(font)
    }

    fn run(&mut self, data: &[u8], resources: &Resources<'a>, initial: GraphicsState, forms: &mut Vec<ObjectId>) {
        let mut gs = initial;
        let mut stack: Vec<GraphicsState> = Vec::new();
        let mut path = Path::default();
        let mut tm = Matrix::IDENTITY;
        let mut tlm = Matrix::IDENTITY;
        let mut operations = Operations::new(data);
        while let Some((operator, ops)) = operations.next_operation() {
            self.operations += 1;
            if self.operations.is_multiple_of(1024) && roadmap_layout::deadline::expired() {
                break;
            }
            if self.operations > self.limits.max_operations || self.out.chars.len() > self.limits.max_chars {
                self.out.truncated = true;
                break;
            }
            let num = |i: usize| ops.get(i).and_then(number).unwrap_or(0.0);
            match operator {
                b"q" if stack.len() < 256 => stack.push(gs.clone()),
                b"Q" => {
                    if let Some(saved) = stack.pop() {
                        gs = saved;
                    }
                }
                b"cm" => {
                    if let Some(m) = Matrix::from_operands(ops) {
                        gs.ctm = m.then(&gs.ctm);
                    }
                }
                b"RG" | b"G" | b"K" => gs.stroke_visible = visible_colour(operator, ops),
                b"rg" | b"g" | b"k" => gs.fill_visible = visible_colour(operator, ops),
                b"m" => path.subpaths.push(vec![gs.ctm.apply(num(0), num(1))]),
                b"l" => {
                    let p = gs.ctm.apply(num(0), num(1));
                    match path.current() {
                        Some(sub) => sub.push(p),
                        None => path.subpaths.push(vec![p]),
                    }
                }
                b"c" | b"v" | b"y" => {
                    // Curves are not rulings: the subpath restarts at the curve's end.
                    let n = ops.len();
                    if n >= 2 {
                        path.subpaths.push(vec![gs.ctm.apply(num(n - 2), num(n - 1))]);
                    }
                }
                b"re" => {
                    let (x, y, w, h) = (num(0), num(1), num(2), num(3));
                    let corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)];
                    let points: Vec<(f32, f32)> = corners.iter().map(|(px, py)| gs.ctm.apply(*px, *py)).collect();
                    path.rects.push(bounds(&points));
                    path.subpaths.push(points);
                }
                b"h" => {
                    if let Some(sub) = path.current() {
                        if let Some(first) = sub.first().copied() {
                            sub.push(first);
                        }
                    }
                }
                b"S" | b"s" | b"B" | b"B*" | b"b" | b"b*" | b"f" | b"F" | b"f*" | b"n" => {
                    let stroke = matches!(operator, b"S" | b"s" | b"B" | b"B*" | b"b" | b"b*") && gs.stroke_visible;
                    let fill = matches!(operator, b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*") && gs.fill_visible;
                    if stroke {
                        self.out.segments.extend(path.segments());
                    }
                    if fill && !stroke {
                        self.out.segments.extend(path.rects.iter().filter_map(|r| thin_rect_segment(*r)));
                    }
                    path = Path::default();
                }
                b"BT" => {
                    tm = Matrix::IDENTITY;
                    tlm = Matrix::IDENTITY;
                }
                b"Tf" => {
                    gs.font_size = num(1);
                    gs.font = ops.first().and_then(|o| o.as_name().ok()).and_then(|name| self.font(resources, name));
                }
                b"Tc" => gs.char_spacing = num(0),
                b"Tw" => gs.word_spacing = num(0),
                b"Tz" => gs.horizontal_scale = num(0) / 100.0,
                b"TL" => gs.leading = num(0),
                b"Ts" => gs.rise = num(0),
                b"Tr" => gs.invisible_text = matches!(num(0) as i64, 3 | 7),
                b"Td" => {
                    tlm = Matrix::translate(num(0), num(1)).then(&tlm);
                    tm = tlm;
                }
                b"TD" => {
                    gs.leading = -num(1);
                    tlm = Matrix::translate(num(0), num(1)).then(&tlm);
                    tm = tlm;
                }
                b"Tm" => {
                    if let Some(m) = Matrix::from_operands(ops) {
                        tlm = m;
                        tm = m;
                    }
                }
                b"T*" => {
                    tlm = Matrix::translate(0.0, -gs.leading).then(&tlm);
                    tm = tlm;
                }
                b"Tj" => {
                    if let Some(Object::String(bytes, _)) = ops.first() {
                        self.show(bytes, &gs, &mut tm);
                    }
                }
                b"'" | b"\"" => {
                    if operator == b"\"" {
                        gs.word_spacing = num(0);
                        gs.char_spacing = num(1);
                    }
                    tlm = Matrix::translate(0.0, -gs.leading).then(&tlm);
                    tm = tlm;
                    if let Some(Object::String(bytes, _)) = ops.last() {
                        self.show(bytes, &gs, &mut tm);
                    }
                }
                b"TJ" => {
                    if let Some(Object::Array(items)) = ops.first() {
                        for item in items {
                            match item {
                                Object::String(bytes, _) => self.show(bytes, &gs, &mut tm),
                                other => {
                                    if let Some(n) = number(other) {
                                        let tx = -n / 1000.0 * gs.font_size * gs.horizontal_scale;
                                        tm = Matrix::translate(tx, 0.0).then(&tm);
                                    }
                                }
                            }
                        }
                    }
                }
                b"Do" => {
                    if let Some(name) = ops.first().and_then(|o| o.as_name().ok()) {
                        self.xobject(resources, name, &gs, forms);
                    }
                }
                b"BI" => self.out.images += 1,
                _ => {}
            }
        }
    }

    fn xobject(&mut self, resources: &Resources<'a>, name: &[u8], gs: &GraphicsState, forms: &mut Vec<ObjectId>) {
        let doc = self.doc;
        let Some((id, obj)) = resources.lookup(doc, b"XObject", name) else { return };
        let Ok(stream) = obj.as_stream() else { return };
        match stream.dict.get(b"Subtype").and_then(Object::as_name) {
            Ok(b"Image") => {
                self.out.images += 1;
                if let Some(object) = id.filter(|_| self.out.placed.len() < 64) {
                    self.out.placed.push(crate::scan::PageImage { object, matrix: gs.ctm.0 });
                    self.out.chars_before.push(self.out.chars.len());
                }
            }
            Ok(b"Form") => {
                if let Some(id) = id {
                    self.form(id, stream, resources, gs, forms);
                }
            }
            _ => {}
        }
    }

    /// The value of a filled text or choice field whose widget has no appearance of its own
    /// (its producer left drawing it to the viewer): the text on one line inside the widget's
    /// rectangle, in the size its `/DA` names (12 points when it names none or 0), as viewers draw it.
    fn field_value(&mut self, widget: &'a Dictionary, rect: [f32; 4], page: &Matrix) {
        let doc = self.doc;
        // a field's entries may stand in the widget or be inherited from its parent fields
        let inherited = |key: &[u8]| -> Option<&'a Object> {
            let mut dict = widget;
            for _ in 0..16 {
                if let Ok(value) = dict.get(key) {
                    return doc.dereference(value).ok().map(|(_, v)| v);
                }
                dict = doc.dereference(dict.get(b"Parent").ok()?).ok()?.1.as_dict().ok()?;
            }
            None
        };
        if !matches!(inherited(b"FT").and_then(|t| t.as_name().ok()), Some(b"Tx" | b"Ch")) {
            return;
        }
        let Some(Object::String(value, _)) = inherited(b"V") else { return };
        let text = lopdf::decode_text_string(&Object::String(value.clone(), lopdf::StringFormat::Literal)).unwrap_or_default();
        let appearance =
            inherited(b"DA").and_then(|d| d.as_str().ok()).map(|d| String::from_utf8_lossy(d).into_owned()).unwrap_or_default();
        let words: Vec<&str> = appearance.split_whitespace().collect();
        let named = words.windows(2).find(|w| w[1] == "Tf").and_then(|w| w[0].parse::<f32>().ok()).filter(|s| s.is_finite() && *s > 0.0);
        let size = named.unwrap_or(12.0).min((rect[3] - rect[1]).max(1.0));
        let baseline = rect[1] + ((rect[3] - rect[1]) - size) / 2.0 + size * 0.2;
        let mut x = rect[0] + 2.0;
        for c in text.chars().filter(|c| !c.is_control()).take(self.limits.max_chars) {
            let advance = size * 0.5;
            let (x0, y) = page.apply(x, baseline);
            let (x1, _) = page.apply(x + advance, baseline);
            self.out.chars.push(Char { text: Rc::from(c.to_string().as_str()), x0: x0.min(x1), x1: x0.max(x1), y, size, confidence: None });
            x += advance;
        }
    }

    /// Draw form `stream` (object `id`) in state `gs`, its `/Matrix` applied, with its own
    /// resources before `resources`; `forms` are the forms being drawn (a form that draws
    /// itself, or forms nested past the limit, are not drawn).
    fn form(&mut self, id: ObjectId, stream: &'a lopdf::Stream, resources: &Resources<'a>, gs: &GraphicsState, forms: &mut Vec<ObjectId>) {
        let doc = self.doc;
        if forms.contains(&id) || forms.len() >= self.limits.max_form_depth {
            self.out.truncated = true;
            return;
        }
        let Some(data) = crate::fonts::stream_bytes(stream, self.limits.max_stream_bytes) else {
            self.out.truncated = true;
            return;
        };
        let mut inner = gs.clone();
        if let Some(m) = stream.dict.get(b"Matrix").ok().and_then(|m| m.as_array().ok()).and_then(|a| Matrix::from_operands(a)) {
            inner.ctm = m.then(&gs.ctm);
        }
        let own = stream.dict.get(b"Resources").ok().and_then(|r| doc.dereference(r).ok()).and_then(|(_, r)| r.as_dict().ok());
        let form_resources = match own {
            Some(dict) => {
                let mut dicts = vec![dict];
                dicts.extend(resources.dicts.iter().copied());
                Resources { dicts }
            }
            None => resources.clone(),
        };
        forms.push(id);
        self.run(&data, &form_resources, inner, forms);
        forms.pop();
    }

    /// Show a string: one [`Char`] per decoded code, advancing the text matrix.
    fn show(&mut self, bytes: &[u8], gs: &GraphicsState, tm: &mut Matrix) {
        let Some(font) = gs.font.clone() else { return };
        let th = gs.horizontal_scale;
        for glyph in font.decode(bytes) {
            let render = Matrix([gs.font_size * th, 0.0, 0.0, gs.font_size, 0.0, gs.rise]).then(tm).then(&gs.ctm);
            let spacing = gs.char_spacing + if glyph.is_space_code { gs.word_spacing } else { 0.0 };
            let tx = (glyph.advance * gs.font_size + spacing) * th;
            let (x0, y) = (render.0[4], render.0[5]);
            // The glyph's end: its advance (in text space per unit of size) through the render matrix.
            let x1 = x0 + glyph.advance * render.0[0];
            *tm = Matrix::translate(tx, 0.0).then(tm);
            let size = (render.0[2].hypot(render.0[3])).abs() * font.em;
            let Some(text) = glyph.text else { continue };
            if text.is_empty() || !x0.is_finite() || !y.is_finite() || size < 0.5 {
                continue;
            }
            if gs.invisible_text && !text.chars().all(char::is_whitespace) {
                self.out.invisible += 1;
            }
            self.out.chars.push(Char { text, x0: x0.min(x1), x1: x0.max(x1), y, size, confidence: None });
        }
    }
}

/// The box `[x0 y0 x1 y1]` around `points`.
fn bounds(points: &[(f32, f32)]) -> [f32; 4] {
    points
        .iter()
        .fold([f32::MAX, f32::MAX, f32::MIN, f32::MIN], |[x0, y0, x1, y1], (x, y)| [x0.min(*x), y0.min(*y), x1.max(*x), y1.max(*y)])
}

/// A rectangle `[x0 y0 x1 y1]`, its corners put in order.
fn rectangle(object: &Object) -> Option<[f32; 4]> {
    let numbers: Vec<f32> = object.as_array().ok()?.iter().filter_map(number).collect();
    let [a, b, c, d] = numbers[..] else { return None };
    Some([a.min(c), b.min(d), a.max(c), b.max(d)])
}

/// A filled rectangle thin enough to be a ruling line becomes its centre line.
fn thin_rect_segment([x0, y0, x1, y1]: [f32; 4]) -> Option<Segment> {
    const THIN: f32 = 2.5;
    let (w, h) = (x1 - x0, y1 - y0);
    if h <= THIN && w > h {
        let y = (y0 + y1) / 2.0;
        Some(Segment { x0, x1, y0: y, y1: y })
    } else if w <= THIN && h > w {
        let x = (x0 + x1) / 2.0;
        Some(Segment { x0: x, x1: x, y0, y1 })
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrices_compose_in_pdf_order() {
        let scale = Matrix([2.0, 0.0, 0.0, 2.0, 0.0, 0.0]);
        let shift = Matrix::translate(10.0, 5.0);
        assert_eq!(scale.then(&shift).apply(1.0, 1.0), (12.0, 7.0));
        assert_eq!(shift.then(&scale).apply(1.0, 1.0), (22.0, 12.0));
    }

    #[test]
    fn segments_are_axis_aligned_only() {
        assert_eq!(Segment::between((0.0, 10.0), (50.0, 10.2)), Some(Segment { x0: 0.0, x1: 50.0, y0: 10.1, y1: 10.1 }));
        assert_eq!(Segment::between((5.0, 0.0), (5.0, 40.0)).map(|s| s.is_horizontal()), Some(false));
        assert_eq!(Segment::between((0.0, 0.0), (30.0, 30.0)), None);
        assert_eq!(thin_rect_segment([0.0, 0.0, 100.0, 0.5]), Some(Segment { x0: 0.0, x1: 100.0, y0: 0.25, y1: 0.25 }));
        assert_eq!(thin_rect_segment([0.0, 0.0, 100.0, 40.0]), None);
    }

    #[test]
    fn white_is_not_visible() {
        assert!(!visible_colour(b"RG", &[1.into(), 1.into(), 1.into()]));
        assert!(visible_colour(b"G", &[Object::Real(0.0)]));
        assert!(!visible_colour(b"k", &[0.into(), 0.into(), 0.into(), 0.into()]));
    }
}
