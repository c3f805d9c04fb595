//! The pattern of a deadline's tokens, written for prepared text (lower case, dashes unified).
//! The build script spells it for the text's ASCII spelling (`roadmap_ascii`), which the
//! scanner matches; the tests match this form over the text to hold the two together.

const MONTH: &str = r"(?:январ[а-яё]*|янв|феврал[а-яё]*|февр?|март[а-яё]*|мар|апрел[а-яё]*|апр|ма[йяею]|маем|июн[а-яё]*|июл[а-яё]*|август[а-яё]*|авг|сентябр[а-яё]*|сент?|октябр[а-яё]*|окт|ноябр[а-яё]*|нояб?|декабр[а-яё]*|дек)\b\.?";

/// The token pattern, written for prepared text.
pub(crate) fn pattern() -> String {
    [
        // a school year however it is named: «уч. год», «уч.г.», «учебный», a sports school's
        // «тренировочный» year and a university's «академический» year run to 31 August
        r"(?P<school>\b(?P<sy1>[0-9]{4})\s*[/-]\s*(?P<sy2>[0-9]{4}|[0-9]{2})\s*(?:тренировочн[а-яё]*|академическ[а-яё]*|уч\b\.?|учебн[а-яё]*))".to_string(),
        // a clock time, never a date: «10.00», «14:00», «19..30», «11-00», «15.10 ч.»; minutes that
        // could be a month («10.10») only with a colon or an hour word
        r"(?P<time>\b(?:[01]?[0-9]|2[0-3])(?:(?:\s?:\s?[0-5][0-9]|\.\.?(?:00|1[3-9]|[2-5][0-9])|-00)\b|\.[0-5][0-9]\s*(?:ч|час[а-яё]*)\b))".to_string(),
        r"(?P<iso>\b(?P<iy>[0-9]{4})-(?P<im>[0-9]{1,2})-(?P<id>[0-9]{1,2})\b)".to_string(),
        // a two-digit year only right after its dot: «24.05. 30.05» is two dates, not 2030
        r"(?P<dmy>\b(?P<d1>[0-9]{1,2})\s?\.\s?(?P<m1>[0-9]{1,2})(?:\s?\.\s?(?P<y1>[0-9]{4})|\.(?P<y1s>[0-9]{2}))\b)".to_string(),
        r"(?P<dmys>\b(?P<ds>[0-9]{1,2})/(?P<ms>[0-9]{1,2})/(?P<ys>[0-9]{4}|[0-9]{2})\b)".to_string(),
        r"(?P<dmy2>\b(?P<d2>[0-9]{1,2})-(?P<m2>[0-9]{1,2})-(?P<y2>[0-9]{4})\b)".to_string(),
        r"(?P<dmy3>\b(?P<d3>[0-9]{1,2})\s+(?P<m3>[0-9]{2})\s+(?P<y3>[0-9]{4})\b)".to_string(),
        // «28.01», and «23. 03.» with a stray space when the month is a month
        r"(?P<dm>\b(?P<d4>[0-9]{1,2})\s?\.(?:(?P<m4>[0-9]{1,2})|\s(?P<m4s>0?[1-9]|1[0-2]))\b\.?)".to_string(),
        format!(r"(?P<dmn>\b(?P<d5>[0-9]{{1,2}})(?:-?(?:го|е))?\s+(?P<mn5>{MONTH})(?:\s*(?P<y5>[0-9]{{4}})\b)?)"),
        format!(r"(?P<part>\b(?:(?P<pbeg>начал[а-яё]*)|(?P<pmid>середин[а-яё]*)|(?P<pend>кон[её]ц|конц[а-яё]*)|(?:(?P<pord>перв|втор|трет)[а-яё]*|(?P<pnum>[1-3]|i{{1,3}})\s*(?:-?(?:я|ая|ья|й))?)\s+(?P<pkind>половин|декад)[а-яё]*)\s+(?P<mn6>{MONTH}|месяц[а-яё]*)(?:\s*(?P<y6>[0-9]{{4}})\b)?)"),
        // the nth week of a month, «3 неделя», «1-2 неделя», «3 неделя сентября», «на второй неделе»
        // (not a count: «в течение 2 недель», «1 недели»); a month named after it is its own token
        r"(?P<week>\b(?P<wk1>[1-5]|перв[а-яё]*|втор[а-яё]*|трет[а-яё]*|четв[её]рт[а-яё]*|пят[а-яё]*)\s*(?:-?(?:я|ая|ья|й|ой))?\s*(?:-\s*(?P<wk2>[1-5])\s*(?:-?(?:я|ая|ья|й))?\s*)?недел(?:я|ю|е)\b(?:\s+месяц[а-яё]*)?)".to_string(),
        r"(?P<term>\b(?P<tn>iv|i{1,3}|[1-4]|перв[а-яё]*|втор[а-яё]*|трет[а-яё]*|четв[её]рт(?:ая|ой|ую))\s*(?:-?(?:я|ая|й|ой|ю))?\s*четверт[а-яё]*)".to_string(),
        r"(?P<semester>\b(?P<sn>i{1,2}|[12]|перв[а-яё]*|втор[а-яё]*)\s*(?:-?(?:й|ый|ой|го|м))?\s*семестр[а-яё]*)".to_string(),
        // the seasons, told apart by their first letters
        r"(?P<seasons>\b(?:весн(?:а|ой|у|е|ы)|лет(?:о|а|ом|у)|осен(?:ь|ью|и)|зим(?:а|ой|у|ы)|(?:весенн|летн|осенн|зимн)[а-яё]*\s+период[а-яё]*)\b)".to_string(),
        r"(?P<holidays>\b(?:(?P<season>осенн|зимн|весенн|летн)[а-яё]*\s+)?каникул[а-яё]*)".to_string(),
        r"(?P<after>\bпо\s+(?:итогам|результатам|окончании|завершении)\b(?:\s+(?:(?P<after_school>учебного)|календарного|текущего|отч[её]тного)?\s*(?P<after_year>года)\b)?)".to_string(),
        r"(?P<qlist>\b(?P<qitems>(?:iv|i{1,3}|[1-4])(?:\s*(?:-|,|\bи\b)\s*(?:iv|i{1,3}|[1-4]))+)\s*(?:-?(?:й|е))?\s*(?P<qkind>квартал|кв\b|полугоди)[а-яё]*\.?(?:\s*(?P<qly>[0-9]{4})\b)?)".to_string(),
        r"(?P<quarter>\b(?P<q>iv|i{1,3}|[1-4])\s*(?:-?(?:й|ый|ой|го|м))?\s*(?:квартал[а-яё]*|кв\b\.?)(?:\s*(?P<qy>[0-9]{4})\b)?)".to_string(),
        r"(?P<half>\b(?P<h>i{1,2}|[12]|перв[а-яё]*|втор[а-яё]*)\s*(?:-?(?:е|ое|го|м))?\s*полугоди[а-яё]*(?:\s*(?P<hy>[0-9]{4})\b)?)".to_string(),
        format!(r"(?P<month>\b(?P<mn7>{MONTH})(?:\s*(?P<y7>[0-9]{{4}})\b)?)"),
        r"(?P<yrange>\b(?P<yr1>[0-9]{4})\s*-\s*(?P<yr2>[0-9]{4})\s*(?:гг|год)[а-яё]*)".to_string(),
        r"(?P<year>\b(?P<yr>(?:19|20)[0-9]{2})\b)".to_string(),
        r"(?P<num>\b[0-9]{1,2}\b)".to_string(),
        r"(?P<dash>-)".to_string(),
        r"(?P<sep>[,;/]|\bи\b)".to_string(),
        // «до июля», «к сентябрю»: before the month begins; «не позднее мая»: to its end
        r"(?P<until>\bне\s+поз(?:днее|же)\b|\bв\s+срок\s+до\b|\bдо\b|\bк\b)".to_string(),
        r"(?P<from>\bначиная\s+с\b|\bсо?\b)".to_string(),
        r"(?P<to>\bпо\b)".to_string(),
    ]
    .join("|")
}
