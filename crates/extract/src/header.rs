//! Header cells → fields, by vocabulary rather than position.

use std::sync::LazyLock;

use crate::re;
use regex::{Regex, RegexSet};

/// What a roadmap column holds: the contract's field of a cell (`Extra` is what no header
/// names).
pub use roadmap_model::CellField as Field;

/// (pattern, field, strength): checked in order; the first match wins. A lower strength loses
/// to a stronger column of the same field («Задачи» beside «Мероприятие»). Over lower-case text
/// spelled in ASCII ([`roadmap_ascii`]), so that the word boundaries run on the DFA.
const VOCABULARY: &[(&str, Field, u8)] = &[
    (r"^(№|n|no|номер)\b|^№|п/п|^пп$", Field::Number, 2),
    (r"^(дата\s+)?начал[оа]\b|^с$|^от$", Field::DeadlineStart, 2),
    (r"^(дата\s+)?(окончани|завершени)|^конец\b|^по$|^до$", Field::DeadlineEnd, 2),
    (r"срок|дата|период|контрольн[а-яё]*\s+точк|время\s+(проведения|исполнения|реализации)|когда|график|^месяц", Field::Deadline, 2),
    (r"^время\b", Field::Deadline, 1),
    (r"информационн[а-яё]*\s+(сопровождени|обеспечени)|ссылк|источник\s+информац|размещени[ея]\s+информац|url|сайт", Field::Info, 2),
    (
        r"\bответств|^отв\b|исполнител|соисполнител|кто\s+(проводит|осуществляет)|организатор|докладыва|докладчик|выступа|^контроль$|^ф\.?\s?и\.?\s?о\b",
        Field::Responsible,
        2,
    ),
    // who takes part: the responsible parties when nobody else is named, else the audience
    // («Категория участников» beside «Ответственный»)
    (r"участник", Field::Responsible, 1),
    // a column named by who does the work («Воспитатель», «Классный руководитель»)
    (r"^(воспитател|педагог|учител|классн[а-яё]*\s+руководител|куратор)[а-яё]*$", Field::Responsible, 1),
    (
        r"результат|показател|индикатор|ожидаем|итог|отч[её]тн|продукт|форма\s+(завершения|контроля|представления)|эффект|\bвыход(ы)?\b",
        Field::Result,
        2,
    ),
    (r"мероприяти|действи|содержани|наименовани|названи|описани|меры|вид[ыа]?\s+([а-яё-]+\s+){0,2}работ|вопрос|повестк", Field::Action, 2),
    (
        r"задач|направлени|этап|^тем[аы]\b|деятельност|формы\s+(и\s+методы\s+)?работ|(предмет|объект)[а-яё]*\s+(диагностик|контрол|изучени|проверк)",
        Field::Action,
        1,
    ),
];

/// The patterns of [`VOCABULARY`] as one set: built at once in less time than one by one.
static VOCABULARY_SET: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new(VOCABULARY.iter().map(|(p, _, _)| crate::spelled(p))).unwrap_or_else(|e| unreachable!("header patterns: {e}"))
});

/// The first member of `set` that matches `text`, if any.
fn first_match(set: &RegexSet, text: &str) -> Option<(Field, u8)> {
    set.matches(text).iter().next().and_then(|i| VOCABULARY.get(i)).map(|(_, f, s)| (*f, *s))
}

/// Header text as compared: lowercase, hyphenation breaks («реализа- ции») joined.
pub fn fold(header: &str) -> String {
    static BREAK: LazyLock<Regex> = LazyLock::new(|| re(r"([а-яё])[-\u{ad}]\s+([а-яё])"));
    let lower = roadmap_layout::lowercase(header).replace('\n', " ");
    if !lower.contains(['-', '\u{ad}']) {
        return lower.trim().to_string();
    }
    BREAK.replace_all(&lower, "$1$2").trim().to_string()
}

/// Words of headers, for headers read from a scan with a letter or two wrong.
const HEADER_WORDS: &[&str] = &[
    "ответственные",
    "ответственный",
    "ответственного",
    "исполнители",
    "исполнитель",
    "соисполнители",
    "мероприятия",
    "мероприятие",
    "наименование",
    "содержание",
    "описание",
    "действий",
    "результат",
    "результаты",
    "показатели",
    "показатель",
    "индикатор",
    "реализации",
    "исполнения",
    "проведения",
    "выполнения",
    "информационное",
    "сопровождение",
];

/// The field a header names, with its strength. Long texts are not headers.
pub fn classify(header: &str) -> Option<(Field, u8)> {
    let folded = fold(header);
    if folded.is_empty() || folded.chars().count() > 90 {
        return None;
    }
    let known = |text: &str| first_match(&VOCABULARY_SET, &roadmap_ascii::spelled(text));
    known(&folded).or_else(|| known(&respelled(&folded)?))
}

/// The header with its long words that are nearly a header word («отвегсльенные», as a scan
/// may read «ответственные») written as that word; `None` when none is.
fn respelled(folded: &str) -> Option<String> {
    let mut changed = false;
    let words: Vec<String> = folded
        .split(' ')
        .map(|word| {
            // a long word may have more letters wrong and still be no other word
            let length = word.chars().count();
            let least = if length >= 10 { 0.65 } else { 0.75 };
            let nearest = (length >= 7)
                .then(|| {
                    HEADER_WORDS
                        .iter()
                        .map(|h| (strsim::normalized_levenshtein(word, h), *h))
                        .filter(|(s, _)| *s >= least && *s < 1.0)
                        .max_by(|a, b| a.0.total_cmp(&b.0))
                })
                .flatten();
            match nearest {
                Some((_, h)) => {
                    changed = true;
                    h.to_string()
                }
                None => word.to_string(),
            }
        })
        .collect();
    changed.then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        // the set over the ASCII spelling finds the member the patterns find over the text
        #[test]
        fn the_spelled_vocabulary_finds_what_the_patterns_find(
            words in proptest::collection::vec(
                proptest::sample::select(vec!["№", "#", "n", "no", "номер", "дата", "начало", "начала", "конец", "с", "до", "п/п", "пп", "окончание",
                    "срок", "url", "сайт", "ответственный", "отчётность", "результат", "вид", "работ", "этап", "—", "«", " ", ".", "ё", "é", "x", "a"]),
                0..5),
            rest in "[а-яёa-z0-9 №#.:_~-]{0,4}",
        ) {
            static WRITTEN: LazyLock<RegexSet> = LazyLock::new(|| RegexSet::new(VOCABULARY.iter().map(|(p, _, _)| p)).unwrap());
            let header = format!("{}{rest}", words.concat());
            prop_assert_eq!(classify(&header), first_match(&WRITTEN, &fold(&header)).or_else(|| respelled(&fold(&header)).and_then(|r| first_match(&WRITTEN, &r))), "{}", header);
        }
    }

    fn field(h: &str) -> Option<Field> {
        classify(h).map(|(f, _)| f)
    }

    #[test]
    fn corpus_headers() {
        for (h, f) in [
            ("№ п/п", Field::Number),
            ("№", Field::Number),
            ("Описание действий", Field::Action),
            ("Наименование мероприятия", Field::Action),
            ("Задачи", Field::Action),
            ("Мероприятие", Field::Action),
            ("Дата реализа- ции", Field::Deadline),
            ("Срок исполнения", Field::Deadline),
            ("Сроки реализации", Field::Deadline),
            ("Период или контрольная точка", Field::Deadline),
            ("Исполнители", Field::Responsible),
            ("Ответственные", Field::Responsible),
            ("Ответственный исполнитель", Field::Responsible),
            ("Результат исполнения", Field::Result),
            ("Показатель реализации", Field::Result),
            ("Региональный показатель реализации", Field::Result),
            ("Ожидаемый результат", Field::Result),
            ("Региональные показатели их достижения", Field::Result),
            ("Информационное сопровождение проекта", Field::Info),
        ] {
            assert_eq!(field(h), Some(f), "{h}");
        }
    }

    #[test]
    fn headers_read_from_a_scan_with_letters_wrong() {
        assert_eq!(field("Отвегсльенные"), Some(Field::Responsible));
        assert_eq!(field("ОтвекавБенные"), Some(Field::Responsible));
        assert_eq!(field("Исполнигели"), Some(Field::Responsible));
        assert_eq!(field("Наименовапие мероприятия"), Some(Field::Action));
        assert_eq!(field("Примечание"), None, "a word unlike any header word stays unknown");
    }

    #[test]
    fn headers_beyond_the_corpus() {
        for (h, f) in [
            ("Номер", Field::Number),
            ("Содержание работы", Field::Action),
            ("Срок", Field::Deadline),
            ("Сроки проведения", Field::Deadline),
            ("Дата", Field::Deadline),
            ("начало", Field::DeadlineStart),
            ("Окончание", Field::DeadlineEnd),
            ("Ответственный", Field::Responsible),
            ("Соисполнители", Field::Responsible),
            ("Форма завершения", Field::Result),
            ("Индикатор", Field::Result),
            ("Ссылка на материалы", Field::Info),
            ("Вид учебно-методической работы", Field::Action),
            ("Виды работ", Field::Action),
            ("Тема, рассматриваемые вопросы", Field::Action),
            ("Обсуждаемые вопросы", Field::Action),
            ("Повестка", Field::Action),
            ("Название кружка", Field::Action),
            ("Месяц", Field::Deadline),
            ("Время", Field::Deadline),
            ("Отв.", Field::Responsible),
            ("Ответств.", Field::Responsible),
            ("Докладывает", Field::Responsible),
            ("Кто осуществляет контроль", Field::Responsible),
            ("Ф.И.О. педагога", Field::Responsible),
            ("Выход на рез-т", Field::Result),
            ("Практический выход", Field::Result),
            ("Планируемые результаты", Field::Result),
            ("Воспитатель", Field::Responsible),
            ("Классный руководитель", Field::Responsible),
        ] {
            assert_eq!(field(h), Some(f), "{h}");
        }
        assert_eq!(field("Примечание"), None);
        assert_eq!(field("Соответствие требованиям"), None);
        assert_eq!(field("Выходные дни"), None);
        assert_eq!(field("Педагогическая нагрузка"), None);
        assert_eq!(field(&"очень длинный текст ячейки с описанием мероприятия ".repeat(3)), None);
    }
}
