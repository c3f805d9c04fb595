//! Whether a table is a plan, judged before any of its rows becomes an action.
//!
//! In: a table, the columns its header (or what its cells say) maps, and the words around it.
//! Out: a [`Judgement`]: the confidence (0–1) that the table's rows are the actions of a plan,
//! the decision (a plan at [`PLAN_THRESHOLD`] and above) and the evidence in words.
//!
//! The evidence is general, never keyed to a document:
//! - **what the action cells say** ([`sense`]): actions and events — a noun of action
//!   («Организация …», «Проведение …»), an infinitive («Провести …»), an event («Конкурс …»,
//!   «Педсовет»), an agenda item («О результатах …»), a named event in quotes — rather than
//!   people, institutions, places, figures or dates alone;
//! - **what the deadline cells say**: dates, periods and deadline phrases rather than numbers;
//! - **what the responsible cells say**: posts, people, bodies and organisations;
//! - **the header**: a column named as the action, and ones named as the deadline, the
//!   responsible or the result;
//! - **the caption or title**: «План мероприятий …», «Дорожная карта …», «План-график …» for;
//!   «Смета», «Штатное расписание», «Прейскурант», «Расписание занятий» against;
//! - **columns of a table that is not a plan**: prices, sums and tariffs, units, people's
//!   education, posts and length of service, classes and lessons, distances — and columns of
//!   figures. They weigh against a table only as far as it lacks the responsible and deadline
//!   columns of a plan: a programme's plan may well have a column of funding.

use std::sync::LazyLock;

use regex::Regex;
use roadmap_layout::Table;

use crate::header::Field;
use crate::re;
use crate::table::Column;

/// The confidence at and above which a table is taken for a plan.
pub const PLAN_THRESHOLD: f32 = 0.5;

/// What the cells of a table and the words around it say about it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evidence {
    /// The strength of the header naming the action column (2 a strong name such as
    /// «Мероприятие», 1 a weak one such as «Задачи», 0 none).
    pub action_header: u8,
    /// Fields among deadline, responsible and result that the header names.
    pub other_headers: u8,
    /// Action cells read, and the share of them that read as actions (weighted: a long text
    /// without an action word counts half).
    pub action_cells: usize,
    pub actions: f32,
    /// Deadline cells read (0 when there is no deadline column), and the share that read as
    /// time.
    pub deadline_cells: usize,
    pub times: f32,
    /// Responsible cells read, and the share that name a party of a known kind.
    pub responsible_cells: usize,
    pub parties: f32,
    /// Result cells read.
    pub result_cells: usize,
    /// The caption or title says plan (1), says something that is not a plan (-1), or neither.
    pub caption: i8,
    /// Columns that only a table that is not a plan has: by their header's name («Цена»,
    /// «Стоимость», «Ед. изм.», «Образование», «Класс», «Расстояние, км»: `true`), or holding
    /// figures alone (`false`, weighing half).
    pub foreign_columns: Vec<(String, bool)>,
}

/// The decision on one table.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    pub plan: bool,
    /// 0–1: how surely the table's rows are the actions of a plan.
    pub confidence: f32,
    /// The evidence that decided, in words.
    pub reason: String,
}

/// What a cell of the action column says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    /// An action, an event, an agenda item.
    Action,
    /// A person: a surname with initials, a full name with a patronymic.
    Person,
    /// A number, a sum, a code.
    Figure,
    /// A date or a period alone.
    Time,
    /// A short name: a place, an institution, a subject, a title without an action.
    Name,
    /// Longer text without an action word: it may describe an action.
    Text,
    /// A title in quotes alone: an event's, or a club's, a programme's, a book's.
    Title,
}

impl Sense {
    /// How much a cell of this sense says the row is an action.
    pub fn weight(self) -> f32 {
        match self {
            Sense::Action => 1.0,
            Sense::Text => 0.5,
            Sense::Title => 0.25,
            _ => 0.0,
        }
    }
}

/// Stems of words that name an event or a kind of work, as the first or second word of an
/// action cell (lower case).
const EVENT_STEMS: &[&str] = &[
    "акци",
    "анализ",
    "анкетир",
    "аттестац",
    "бесед",
    "викторин",
    "вечер",
    "встреч",
    "выпуск",
    "выставк",
    "выступлен",
    "декад",
    "деловая",
    "диагностик",
    "диспансериз",
    "диспут",
    "дискусси",
    "диктант",
    "заняти",
    "заседани",
    "зачет",
    "зачёт",
    "инструктаж",
    "квест",
    "квиз",
    "классн",
    "конкурс",
    "конференц",
    "консультац",
    "концерт",
    "курс",
    "контрол",
    "круглый",
    "кубок",
    "лекци",
    "линейк",
    "марафон",
    "мастер",
    "месячник",
    "мониторинг",
    "неделя",
    "недели",
    "олимпиад",
    "операци",
    "отчет",
    "отчёт",
    "педсовет",
    "первенств",
    "планёрк",
    "планерк",
    "поход",
    "практикум",
    "праздник",
    "презентац",
    "проверк",
    "прогулк",
    "просмотр",
    "рейд",
    "родительск",
    "семинар",
    "слет",
    "слёт",
    "смотр",
    "собрани",
    "совещани",
    "соревнован",
    "спартакиад",
    "субботник",
    "тренинг",
    "турнир",
    "урок",
    "утренник",
    "участи",
    "фестивал",
    "флешмоб",
    "форум",
    "чемпионат",
    "экскурси",
    "эстафет",
    "ярмарк",
    "цикл",
    "вебинар",
    "оформлени",
    "подготовк",
    "разработк",
    "корректировк",
    "переработк",
    "доработк",
    "оценк",
    "постановк",
    "установк",
    "закупк",
    "уборк",
    "ремонт",
    "замен",
    "чистк",
    "очистк",
    "обработк",
    "доставк",
    "перевозк",
    "помощь",
    "работа",
    "работ",
    "обучени",
    "сопровожден",
];

/// Short words that name an event, matched whole.
const EVENT_WORDS: &[&str] = &["день", "дня", "дни", "дней", "час", "часы", "часа", "часов", "бал", "игра", "игры", "сбор", "сборы"];

/// Endings of nouns of action and of infinitives («провести», «организовать»; not «часть»),
/// for the first word of an action cell.
const ACTION_ENDINGS: &[&str] = &[
    "ние", "ния", "нию", "нием", "нии", "тие", "тия", "тию", "ция", "ции", "цию", "ций", "ать", "ять", "еть", "ить", "оть", "уть", "ыть",
    "ться", "сти", "чь", "зти",
];

/// Short words that carry nothing: an action cell's first such word is passed over.
const PASSED_OVER: &[&str] = &["и", "в", "на", "по", "с", "для", "к", "—", "-", "–", "•"];

/// What the text of an action cell says.
pub fn sense(text: &str) -> Sense {
    static FIGURE: LazyLock<Regex> = LazyLock::new(|| re(r"^[0-9\s.,:;%+\-–—/()№]+(?:руб\.?|р\.|тыс\.?|км|м|ч\.?|час(?:ов|а)?)?$"));
    static NUMBERING: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*(?:[0-9]{1,3}(?:\.[0-9]{1,3})*[.)]|[IVXLC]{1,6}\.|[-–—•·*])\s*"));
    static PATRONYMIC: LazyLock<Regex> =
        LazyLock::new(|| re(r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+[А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё]+(?:ович|евич|ич|овна|евна|ична|инична)$"));
    let text = text.trim();
    if FIGURE.is_match(text) {
        return Sense::Figure;
    }
    let one_line = text.replace('\n', " ");
    let body = NUMBERING.replace(&one_line, "");
    let body = body.trim();
    if body.is_empty() {
        return Sense::Figure;
    }
    let words: Vec<&str> = body.split_whitespace().collect();
    // an agenda item «О …», «Об …»
    if matches!(words.first(), Some(&("О" | "Об" | "о" | "об"))) && words.len() >= 2 {
        return Sense::Action;
    }
    let lower: Vec<String> = words
        .iter()
        .map(|w| roadmap_layout::lowercase(w.trim_matches(|c: char| !roadmap_layout::is_letter(c))))
        .filter(|w| !w.is_empty() && !PASSED_OVER.contains(&w.as_str()))
        .take(3)
        .collect();
    // a collective body named alone («Методическое объединение учителей»), not its meeting
    // («Заседание методического объединения»)
    if crate::parties::is_body(body) && !lower.iter().take(2).any(|w| EVENT_STEMS.iter().any(|s| w.starts_with(s))) {
        return Sense::Name;
    }
    // a noun of action may follow an adjective: «Трудовое воспитание», «Открытое мероприятие»
    let adjective = |w: &str| ["ое", "ая", "ый", "ий", "ые", "ие", "ой"].iter().any(|e| w.ends_with(e));
    let first_two = lower.iter().take(2);
    let after_adjective = lower.first().is_some_and(|w| adjective(w));
    let is_action_word = |w: &str, first: bool| {
        EVENT_WORDS.contains(&w)
            || EVENT_STEMS.iter().any(|s| w.starts_with(s))
            || (first && w.chars().count() >= 5 && ACTION_ENDINGS.iter().any(|e| w.ends_with(e)))
    };
    if first_two.enumerate().any(|(i, w)| is_action_word(w, i == 0 || after_adjective)) {
        return Sense::Action;
    }
    // an institution, an organisation, a post: a name, however long; a person
    if crate::parties::names_a_party(body) {
        return Sense::Name;
    }
    if words.len() <= 6 && (crate::parties::is_person(body) || PATRONYMIC.is_match(body)) {
        return Sense::Person;
    }
    // a title in quotes may name an event or a club, a programme, a book
    if body.starts_with(['«', '"', '“', '„']) {
        return Sense::Title;
    }
    if words.len() <= 4 {
        let deadline = roadmap_dates::normalize(body, None);
        let time = deadline.kind != roadmap_dates::Kind::Unknown || deadline.warnings.iter().any(|w| w.code == "deadline.no_year");
        if time && deadline.warnings.iter().all(|w| w.code != "deadline.unreadable") {
            return Sense::Time;
        }
        return Sense::Name;
    }
    Sense::Text
}

/// Whether a deadline cell reads as time: a date, a period, a phrase of time, a month without
/// its year — not a number or a name.
pub fn reads_as_time(text: &str) -> bool {
    let deadline = roadmap_dates::normalize(text, None);
    match deadline.kind {
        roadmap_dates::Kind::Unknown => deadline.warnings.iter().any(|w| w.code == "deadline.no_year"),
        _ => true,
    }
}

/// Captions and titles that say the table under them is a plan, and ones that say it is not
/// (over lowered text).
static PLAN_CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\bплан\b|план[а-яё]*[- ]|мероприяти|дорожн[а-яё]*\s+карт|\bграфик|циклограмм|календар|программ[а-яё]*\s+(?:развити|мероприяти|действи)",
    )
});
static FOREIGN_CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\bсмет|штатн[а-яё]*\s+расписани|расписани[ея]\s+(?:занятий|уроков|звонков|работы\s+кружков)|прейскурант|прайс|\bтариф|стоимост|калькуляц|сведения\s+о\s+(?:кадр|педагог|работник|сотрудник|кадровом)|кадров[а-яё]*\s+состав|численност|контингент|статистик|расч[её]т\s+нагрузк|карт[аы]\s+(?:коррупционных\s+)?риск|реестр",
    )
});
/// Header cells of columns that a table that is not a plan has (over lowered text).
static FOREIGN_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\bцен[аы]\b|стоимост|\bсумм[аы]?\b|тариф|\bруб|ед\.?\s*изм|единиц[аы]\s+измерени|образовани[ея]$|^образование|\bстаж|квалификационн|категори[яи]$|\bкласс[ы]?$|^класс\b|№\s*урока|^урок|^предмет$|кабинет|расстояни|\bкм\b|площад|^код\b|\bкбк\b|вероятност|риск|^итого|балл|оклад|зарплат|заработн|должност[ьи]$|^должность|год\s+рождени|дата\s+рождени|окончил|учебное\s+заведение|учебного\s+заведения",
    )
});

/// The words around a table that may caption it: the paragraphs just above it and the
/// document's first lines.
pub fn caption_sense(caption: &str) -> i8 {
    let lowered = roadmap_layout::lowercase(caption);
    if FOREIGN_CAPTION.is_match(&lowered) {
        -1
    } else if PLAN_CAPTION.is_match(&lowered) {
        1
    } else {
        0
    }
}

/// Gather the evidence of a table whose data starts at `data_start`, read through `columns`.
pub fn evidence(table: &Table, data_start: usize, columns: &[Column], action_header: u8, caption: &str) -> Evidence {
    let column_of = |field: Field| columns.iter().position(|c| c.field == Some(field));
    // each data row's cells through the column map, as the rows will be read
    let rows: Vec<(&roadmap_layout::Row, Vec<Option<usize>>)> = table
        .rows
        .iter()
        .skip(data_start)
        .filter(|r| r.filled().count() >= 2 && !r.filled().any(|c| crate::table::is_total(&c.text)))
        .take(400)
        .map(|r| (r, crate::table::align(r, columns, table.columns)))
        .collect();
    let cells_of = |column: usize| -> Vec<&str> {
        rows.iter()
            .filter_map(|(row, assigned)| {
                row.cells.iter().zip(assigned).find(|(c, k)| **k == Some(column) && !c.merged_above).map(|(c, _)| c.text.trim())
            })
            .filter(|t| !t.is_empty() && !t.chars().all(|c| roadmap_dates::is_dash(c) || c.is_whitespace()))
            .collect()
    };
    let mut e = Evidence { action_header, caption: caption_sense(caption), ..Evidence::default() };
    e.other_headers = [Field::Deadline, Field::Responsible, Field::Result].iter().filter(|f| column_of(**f).is_some()).count() as u8
        + u8::from(column_of(Field::Deadline).is_none() && column_of(Field::DeadlineStart).is_some());
    // how much a column's cells read as actions
    let action_share = |cells: &[&str]| -> f32 {
        if cells.is_empty() {
            0.0
        } else {
            cells.iter().map(|t| sense(t).weight()).sum::<f32>() / cells.len() as f32
        }
    };
    if let Some(index) = column_of(Field::Action) {
        let cells = cells_of(index);
        e.action_cells = cells.len();
        e.actions = action_share(&cells);
    }
    // a column beside the action that names the kind of event («Формы работы»: «Выставка»,
    // «Консультация») says as much, a little less
    for (k, column) in columns.iter().enumerate() {
        if column.span > 0 && column.field.is_none() {
            let cells = cells_of(k);
            if cells.len() * 2 >= e.action_cells.max(2) {
                e.actions = e.actions.max(0.8 * action_share(&cells));
            }
        }
    }
    if let Some(index) = column_of(Field::Deadline).or(column_of(Field::DeadlineStart)) {
        let cells = cells_of(index);
        e.deadline_cells = cells.len();
        e.times = share(&cells, reads_as_time);
    }
    if let Some(index) = column_of(Field::Result) {
        e.result_cells = cells_of(index).len();
    }
    if let Some(index) = column_of(Field::Responsible) {
        let cells = cells_of(index);
        e.responsible_cells = cells.len();
        let empty = std::collections::BTreeMap::new();
        e.parties = share(&cells, |t| crate::parties::parties(t, &empty).iter().any(|p| p.kind.is_some()));
    }
    for (k, column) in columns.iter().enumerate().filter(|(_, c)| c.span > 0) {
        let folded = crate::header::fold(&column.header);
        let foreign_name = !folded.is_empty() && FOREIGN_HEADER.is_match(&folded);
        let plan_field = matches!(column.field, Some(Field::Action | Field::Deadline | Field::DeadlineStart | Field::DeadlineEnd));
        if plan_field {
            continue;
        }
        if foreign_name {
            e.foreign_columns.push((column.header.clone(), true));
            continue;
        }
        // a column of figures that is not the number column
        if column.field != Some(Field::Number) {
            let cells = cells_of(k);
            if cells.len() >= 3 && share(&cells, |t| sense(t) == Sense::Figure) >= 0.8 {
                e.foreign_columns.push((if column.header.is_empty() { "(figures)".to_string() } else { column.header.clone() }, false));
            }
        }
    }
    e
}

fn share(cells: &[&str], test: impl Fn(&str) -> bool) -> f32 {
    if cells.is_empty() {
        0.0
    } else {
        cells.iter().filter(|t| test(t)).count() as f32 / cells.len() as f32
    }
}

/// Weigh the evidence.
pub fn judge(e: &Evidence) -> Judgement {
    // what the cells say, weighted by how many there are of each kind
    let mut z = -2.2;
    z += match e.action_header {
        2 => 0.8,
        1 => 0.4,
        _ => 0.0,
    };
    z += 0.4 * f32::from(e.other_headers.min(3));
    z += 6.0 * (e.actions - 0.4);
    if e.deadline_cells > 0 {
        z += 2.0 * (e.times - 0.5);
    }
    if e.responsible_cells > 0 {
        z += 1.5 * (e.parties - 0.4);
    }
    z += match e.caption {
        1 => 0.8,
        -1 => -1.6,
        _ => 0.0,
    };
    // columns named for the deadline, the responsible or the result, all empty: a form or a
    // checklist to be filled in, not a plan
    let filled_others = e.deadline_cells + e.responsible_cells + e.result_cells;
    if e.other_headers > 0 && filled_others == 0 {
        z -= 2.0;
    }
    // columns only a table that is not a plan has count as far as the table lacks a plan's
    // deadline and responsible columns that read as such
    let times = if e.deadline_cells > 0 { e.times } else { 0.0 };
    let parties = if e.responsible_cells > 0 { e.parties } else { 0.0 };
    for (_, named) in e.foreign_columns.iter().take(3) {
        // a column named for prices, people or distances weighs most where no one is responsible;
        // a column of bare figures (hours, counts) less
        z -= if *named { (2.5 - times - 1.5 * parties).max(0.3) } else { 0.5 * (2.0 - times - parties).max(0.3) };
    }
    let confidence = 1.0 / (1.0 + (-z).exp());
    let plan = confidence >= PLAN_THRESHOLD;
    Judgement { plan, confidence, reason: reason(e, plan) }
}

/// The evidence in words: what most speaks for the decision taken.
fn reason(e: &Evidence, plan: bool) -> String {
    let percent = |x: f32| (x * 100.0).round() as u32;
    let mut against = Vec::new();
    let mut for_ = Vec::new();
    if e.action_cells == 0 {
        against.push("no action cells".to_string());
    } else if e.actions < 0.4 {
        against.push(format!(
            "{}% of its {} action cells read as actions (the rest name people, places, figures or dates)",
            percent(e.actions),
            e.action_cells
        ));
    } else {
        for_.push(format!("{}% of its {} action cells read as actions", percent(e.actions), e.action_cells));
    }
    if e.deadline_cells > 0 {
        let line = format!("{}% of its {} deadline cells read as time", percent(e.times), e.deadline_cells);
        if e.times < 0.5 {
            against.push(line);
        } else {
            for_.push(line);
        }
    }
    if e.responsible_cells > 0 && e.parties >= 0.4 {
        for_.push(format!("{}% of its responsible cells name a party", percent(e.parties)));
    }
    if e.other_headers > 0 && e.deadline_cells + e.responsible_cells + e.result_cells == 0 {
        against.push("its deadline, responsible and result columns are empty (a form or a checklist)".into());
    }
    if !e.foreign_columns.is_empty() {
        against.push(format!(
            "columns a plan does not have: {}",
            e.foreign_columns.iter().map(|(h, _)| format!("«{h}»")).collect::<Vec<_>>().join(", ")
        ));
    }
    match e.caption {
        1 => for_.push("its caption names a plan".into()),
        -1 => against.push("its caption names something that is not a plan".into()),
        _ => {}
    }
    let words = if plan { &for_ } else { &against };
    if words.is_empty() {
        if plan { "a header naming the action and its deadline, responsible or result" } else { "too little evidence of a plan" }
            .to_string()
    } else {
        words.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_action_cells_say() {
        for text in [
            "Организация пропускного режима",
            "Провести совещание с руководителями",
            "Конкурс рисунков «Мир на планете»",
            "О результатах работы за полугодие",
            "1. Проведение инструктажей",
            "Педсовет",
            "День защиты детей",
            "Кубок города по футболу",
            "Заседание методического объединения",
            "Участие в областной спартакиаде",
        ] {
            assert_eq!(sense(text), Sense::Action, "{text}");
        }
        for (text, sense_) in [
            ("Иванова А.П.", Sense::Person),
            ("Петров Иван Сергеевич", Sense::Person),
            ("423,67", Sense::Figure),
            ("140", Sense::Figure),
            ("Река Амур", Sense::Name),
            ("Шлюз № 3", Sense::Name),
            ("МБОУ СОШ № 5", Sense::Name),
            ("Хабаровский педагогический колледж", Sense::Name),
            ("Калужское музыкальное училище им. С.И. Танеева", Sense::Name),
            ("МБОУ «СОШ № 1» г. Пскова", Sense::Name),
            ("«Умелые руки»", Sense::Title),
            ("сентябрь 2019", Sense::Time),
            ("Математика", Sense::Name),
            ("Методическое объединение учителей начальных классов", Sense::Name),
            ("«Материальная часть стрелкового оружия», 40.05.03", Sense::Title),
        ] {
            assert_eq!(sense(text), sense_, "{text}");
        }
    }

    #[test]
    fn deadline_cells_that_read_as_time() {
        for text in ["сентябрь", "20.12.2021", "постоянно", "ежемесячно", "до 15 мая", "ежегодно"] {
            assert!(reads_as_time(text), "{text}");
        }
        for text in ["140", "72", "Река Амур", "Директор"] {
            assert!(!reads_as_time(text), "{text}");
        }
    }

    fn evidence_of(actions: f32, times: Option<f32>, parties: Option<f32>, foreign: &[&str], caption: i8) -> Evidence {
        Evidence {
            action_header: 2,
            other_headers: u8::from(times.is_some()) + u8::from(parties.is_some()),
            action_cells: 20,
            actions,
            deadline_cells: if times.is_some() { 20 } else { 0 },
            times: times.unwrap_or(0.0),
            responsible_cells: if parties.is_some() { 20 } else { 0 },
            parties: parties.unwrap_or(0.0),
            result_cells: 0,
            caption,
            foreign_columns: foreign.iter().map(|s| (s.to_string(), true)).collect(),
        }
    }

    #[test]
    fn plans_and_tables_that_are_not() {
        // a plan as the template has it
        assert!(judge(&evidence_of(0.9, Some(0.95), Some(0.9), &[], 1)).plan);
        // a plan whose actions are partly names of events, without a caption
        assert!(judge(&evidence_of(0.5, Some(0.9), Some(0.8), &[], 0)).plan);
        // a programme's plan with a column of funding
        assert!(judge(&evidence_of(0.9, Some(0.9), Some(0.9), &["Объём финансирования, тыс. руб."], 1)).plan);
        // rivers and locks: names, numbers for deadlines
        assert!(!judge(&evidence_of(0.0, Some(0.05), None, &["Расстояние от устья, км"], 0)).plan);
        // a price list of works: works and their periodicity, but prices and no one responsible
        assert!(!judge(&evidence_of(0.9, Some(0.9), None, &["Стоимость, руб.", "Ед. изм."], 0)).plan);
        // a staff table: institutions for actions, dates for deadlines
        assert!(!judge(&evidence_of(0.05, Some(0.9), None, &["Образование"], 0)).plan);
        // a timetable of clubs: names of clubs, times, teachers
        assert!(!judge(&evidence_of(0.1, Some(0.9), Some(0.9), &[], 0)).plan);
    }
}
