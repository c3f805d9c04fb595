#!/usr/bin/env python3
"""Write corpus/shapes/: plans unlike the «500+» template, and tables that are not plans, as
schools, sports schools, youth centres, colleges and offices publish them; and their reference
annotations in fixtures/reference/shapes/ (written from the same data, so what a document
holds and what must come out of it cannot drift apart).

Plans (each a class of layout, none a copy of a real document):
- calendar-2019-2020.docx and .xlsx: a sports school's events calendar «на 2019-2020
  тренировочный год» with month rows («СЕНТЯБРЬ») and day-only date cells («10-15», «3»);
- events-2021-11.docx and .pdf: a youth centre's monthly plan, landscape, date first, place,
  time and paid columns, no number column;
- anticorruption-2014.docx: a college's plan whose last column packs the responsible and the
  deadline («Директор, 2014 год»);
- programme-2013-2018.docx: a programme over six years («ежегодно» runs over all of them, «2015
  год» is that year) with a table of its teachers' diplomas that is not a plan;
- methodical-2020-2021.docx: a plan in two tables (numbering starts again in each), numbers
  typed at the start of the action cell, a number for two rows («4 – 5»), a year broken by a
  line end («02.11.20» / «20»), totals rows, a column of hours;
- teacher-2018-2019.docx: «Наименование» beside «Вид учебно-методической работы», where the
  work is in the second column and the first is mostly empty;
- labour-safety-2020.docx: an art school's labour-safety agreement, a plan with columns of
  units, quantities and costs;
- accessibility-2015-2030.docx: a university's accessibility roadmap over sixteen years, a
  table for each branch, a column of legal acts whose header also names «мероприятия»;
- summer-2019.docx: a children's centre's plan «на летний период 2019 года»: its period is
  June to August, «постоянно» and «1 раз в неделю» run over the summer;
- rehabilitation-2018-2019.docx: a children's home's plan whose rows each pack several
  numbered measures («1.», «2.» … in one cell), lined up with their controls and deadlines by
  empty paragraphs, long measures wrapping so that the lines stand a little off.

Tables that are not plans (no action may come out of them): a list of teaching staff with
their education, pupils by class, a budget estimate, tariffs, a price list of works with
their periodicity, a timetable of clubs, a river-lock schedule (a workbook of several hundred
rows), statistics by year, a corruption risk map, an order on hiring, a price list of paid
courses, a list of an event's participants.

Run it, then re-bless: UPDATE_FIXTURES=1 cargo test -p roadmap --test end_to_end shapes::
"""

import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "corpus", "shapes")
REFERENCE = os.path.join(ROOT, "fixtures", "reference", "shapes")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from docxwriter import docx, para, table, render_pdfs, xlsx  # noqa: E402


def period(start, end, kind="period"):
    return {"kind": kind, "start": start, "end": end}


def date(day):
    return {"kind": "date", "start": day, "end": day}


def lenient(start, end):
    return {"kind": "period", "start": start, "end": end, "lenient": True}


def reference(name, meta, plan_period, rows, xlsx_meta=None):
    """The reference of the renditions of one document (the scorer's shape: `xlsx_meta` is what
    a workbook of it carries, which has no letterhead): `rows` as (section, number, action, raw
    deadline, expected deadline, responsible, result)."""
    columns = ["number", "action", "deadline", "responsible", "result"]
    doc = {
        "name": name,
        "meta": meta,
        **({"xlsx_meta": xlsx_meta} if xlsx_meta is not None else {}),
        "plan_period": plan_period,
        "columns": columns if rows else [],
        "rows": [
            {
                "section": {"number": None, "title": section} if section else None,
                "number": number,
                "action": action,
                "deadline": {"raw": raw, "expected": expected},
                "responsible": responsible,
                "result": result,
            }
            for section, number, action, raw, expected, responsible, result in rows
        ],
    }
    with open(os.path.join(REFERENCE, name + ".json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


def approval(post, name, when):
    return [para("УТВЕРЖДАЮ"), para(post), para(f"__________ {name}"), para(when), para()]


# --- plans -------------------------------------------------------------------------------

CALENDAR = [
    ("СЕНТЯБРЬ", "1", "Первенство ДЮСШ по мини-футболу среди юношей 2008-2009 г.р.", "10-15", period("2019-09-10", "2019-09-15"), "стадион «Металлург»", "Тренер-преподаватель Королёв А.В."),
    ("СЕНТЯБРЬ", "2", "Открытый турнир по волейболу, посвящённый Дню города", "21", date("2019-09-21"), "с/к «Юность»", "Зам. директора по УВР"),
    ("ОКТЯБРЬ", "3", "Кросс наций", "3", date("2019-10-03"), "парк Победы", "Тренеры-преподаватели"),
    ("ОКТЯБРЬ", "4", "Соревнования по общей физической подготовке «Весёлые старты»", "25-26", period("2019-10-25", "2019-10-26"), "спортзал ДЮСШ", "Инструктор-методист Петрова Е.Н."),
    ("ДЕКАБРЬ", "5", "Новогодний турнир по баскетболу", "20-28", period("2019-12-20", "2019-12-28"), "с/к «Юность»", "Тренер-преподаватель Жуков С.П."),
    ("ЯНВАРЬ", "6", "Первенство области по лыжным гонкам", "1-10", period("2020-01-01", "2020-01-10"), "г. Елец", "Тренер-преподаватель Смирнова О.И."),
    ("ЯНВАРЬ", "7", "Зимний фестиваль Всероссийского комплекса ГТО", "25", date("2020-01-25"), "лыжная база", "Зам. директора по УВР"),
    ("МАРТ", "8", "Спартакиада школьников (весенний этап)", "в течение месяца", period("2020-03-01", "2020-03-31"), "спортзалы школ", "Инструктор-методист Петрова Е.Н."),
    ("МАЙ", "9", "Легкоатлетическая эстафета, посвящённая Дню Победы", "9", date("2020-05-09"), "стадион «Металлург»", "Тренеры-преподаватели"),
    ("МАЙ", "10", "Отчётное спортивное мероприятие «Спортивная весна»", "28-30", period("2020-05-28", "2020-05-30"), "с/к «Юность»", "Директор"),
]
CALENDAR_META = {
    "kind": "plan",
    "region": "RU-LIP",
    "date": "2019-09-02",
    "number": None,
    "plan_year": 2019,
    "authority": "МБУ ДО «ДЮСШ № 2» г. Липецка",
    "signatory": "В.Н. Кузнецов",
}


def calendar():
    rows, month = [], None
    for section, number, action, raw, _, place, who in CALENDAR:
        if section != month:
            rows.append([section])
            month = section
        rows.append([number, action, raw, place, who])
    body = approval("Директор МБУ ДО «ДЮСШ № 2» г. Липецка", "В.Н. Кузнецов", "«02» сентября 2019 г.") + [
        para("Календарный план спортивно-массовых мероприятий", bold=True, center=True),
        para("МБУ ДО «ДЮСШ № 2» г. Липецка на 2019-2020 тренировочный год", bold=True, center=True),
        table([700, 4200, 1400, 1800, 2300], ["№ п/п", "Наименование мероприятия", "Дата проведения", "Место проведения", "Ответственный"], rows),
    ]
    docx(os.path.join(OUT, "calendar-2019-2020.docx"), "".join(body), "", "ДЮСШ", "2019-09-02T08:00:00Z")
    # the same plan as a workbook: title rows, the header, month rows merged across the table
    sheet = [
        ["Календарный план спортивно-массовых мероприятий МБУ ДО «ДЮСШ № 2» г. Липецка на 2019-2020 тренировочный год"],
        [],
        ["№ п/п", "Наименование мероприятия", "Дата проведения", "Место проведения", "Ответственный"],
    ]
    merges = ["A1:E1"]
    for r in rows:
        if len(r) == 1:
            sheet.append([r[0]])
            merges.append(f"A{len(sheet)}:E{len(sheet)}")
        else:
            sheet.append(r)
    xlsx(os.path.join(OUT, "calendar-2019-2020.xlsx"), [("План", sheet, merges)])
    rows_ref = [(s, n, a, raw, exp, who, None) for s, n, a, raw, exp, _, who in CALENDAR]
    xlsx_meta = {k: CALENDAR_META[k] for k in ("region", "plan_year")}
    reference("calendar-2019-2020", CALENDAR_META, {"start": "2019-09-01", "end": "2020-08-31"}, rows_ref, xlsx_meta)


EVENTS = [
    ("01.11", date("2021-11-01"), "Квест «Тайны старого города» для школьников", "МЦ, зал 2", "15.00", "бесплатно", "Иванова Т.С."),
    ("03.11-05.11", period("2021-11-03", "2021-11-05"), "Выставка рисунков «Единство народов»", "фойе МЦ", "10.00-18.00", "бесплатно", "Петров А.А."),
    ("12.11", date("2021-11-12"), "Мастер-класс по настольному теннису для подростков", "спортзал", "16.30", "платно", "Сидоров К.Л."),
    ("20.11", date("2021-11-20"), "Концерт творческих коллективов «Осенний бал»", "актовый зал", "18.00", "платно", "Иванова Т.С."),
    ("27.11", date("2021-11-27"), "Открытый турнир по шахматам среди молодёжи", "МЦ, зал 1", "14.00", "бесплатно", "Сидоров К.Л."),
]


def events():
    body = approval("Директор МБУ «Молодёжный центр» г. Тамбова", "О.П. Лаврова", "«25» октября 2021 г.") + [
        para("План мероприятий МБУ «Молодёжный центр» г. Тамбова на ноябрь 2021 года", bold=True, center=True),
        table(
            [1600, 5200, 2400, 1500, 1700, 2600],
            ["Дата", "Мероприятие", "Место проведения", "Время", "Платно/ бесплатно", "Ответственный"],
            [[d, a, place, time, paid, who] for d, _, a, place, time, paid, who in EVENTS],
        ),
    ]
    docx(os.path.join(OUT, "events-2021-11.docx"), "".join(body), "", "Молодёжный центр", "2021-10-25T08:00:00Z", landscape=True)
    meta = {"kind": "plan", "region": "RU-TAM", "date": "2021-10-25", "number": None, "plan_year": 2021, "authority": "МБУ «Молодёжный центр» г. Тамбова", "signatory": "О.П. Лаврова"}
    rows = [(None, None, a, d, exp, who, None) for d, exp, a, _, _, _, who in EVENTS]
    reference("events-2021-11", meta, {"start": "2021-01-01", "end": "2021-12-31"}, rows)


ANTICORRUPTION = [
    ("1", "Разработка и утверждение плана мероприятий по противодействию коррупции в колледже", "Директор", "2014 год", period("2014-01-01", "2014-12-31")),
    ("2", "Анализ обращений граждан на предмет наличия в них сведений о фактах коррупции", "Зам директора", "ежегодно", {"kind": "recurring", "start": "2014-01-01", "end": "2014-12-31"}),
    ("3", "Организация правового просвещения студентов по вопросам противодействия коррупции", "Администрация, преподаватели", "в течение учебного года", {"kind": "throughout", "start": "2014-01-01", "end": "2014-12-31"}),
    ("4", "Размещение на официальном сайте колледжа информации о мерах по противодействию коррупции", "Программист", "до 01.03.2014", {"kind": "deadline", "start": None, "end": "2014-03-01"}),
    ("5", "Проведение социологического опроса студентов и родителей об отношении к коррупции", "Педагог-психолог", "март 2014", period("2014-03-01", "2014-03-31")),
]


def anticorruption():
    body = approval("Директор ГБПОУ «Пензенский колледж транспорта»", "Н.А. Белов", "«10» января 2014 г.") + [
        para("План мероприятий по противодействию коррупции", bold=True, center=True),
        para("в ГБПОУ «Пензенский колледж транспорта» на 2014 год", bold=True, center=True),
        table([700, 5700, 3000], ["№ п/п", "Мероприятия", "Ответственные, сроки исполнения"], [[n, a, f"{who}, {when}"] for n, a, who, when, _ in ANTICORRUPTION]),
    ]
    docx(os.path.join(OUT, "anticorruption-2014.docx"), "".join(body), "", "Колледж", "2014-01-10T08:00:00Z")
    meta = {"kind": "plan", "region": "RU-PNZ", "date": "2014-01-10", "number": None, "plan_year": 2014, "authority": "ГБПОУ «Пензенский колледж транспорта»", "signatory": "Н.А. Белов"}
    rows = [(None, n, a, when, exp, who, None) for n, a, who, when, exp in ANTICORRUPTION]
    reference("anticorruption-2014", meta, {"start": "2014-01-01", "end": "2014-12-31"}, rows)


PROGRAMME = [
    ("1", "Обновление дополнительных предпрофессиональных программ в области искусств", "2013-2014 гг.", period("2013-01-01", "2014-12-31"), "Зам. директора по УВР", "Программы обновлены и утверждены педагогическим советом"),
    ("2", "Участие преподавателей в курсах повышения квалификации", "ежегодно", {"kind": "recurring", "start": "2013-01-01", "end": "2018-12-31"}, "Директор", "Не менее 20% преподавателей ежегодно проходят курсы"),
    ("3", "Проведение отчётных концертов отделений школы", "ежегодно", {"kind": "recurring", "start": "2013-01-01", "end": "2018-12-31"}, "Заведующие отделениями", "Концерты проведены, их записи размещены на сайте"),
    ("4", "Ремонт концертного зала и замена кресел", "2015 год", period("2015-01-01", "2015-12-31"), "Директор", "Зал отремонтирован"),
    ("5", "Создание электронной библиотеки нотных изданий", "2016-2018 гг.", period("2016-01-01", "2018-12-31"), "Библиотекарь", "Библиотека доступна обучающимся на сайте школы"),
]
STAFF = [
    ["1", "Алексеева Ирина Викторовна", "Калужское музыкальное училище им. С.И. Танеева", "25.06.1998", "03.02.19\n72"],
    ["2", "Борисов Андрей Петрович", "Тульский колледж искусств им. А.С. Даргомыжского", "30.06.2004", "15.11.18\n36"],
    ["3", "Волкова Светлана Юрьевна", "Московский государственный институт культуры", "01.07.2009", "22.03.19\n72"],
    ["4", "Григорьева Елена Андреевна", "Калужский колледж культуры и искусств", "28.06.2012", "10.10.18\n108"],
]


def programme():
    body = [
        para("Муниципальное бюджетное учреждение дополнительного образования", center=True),
        para("«Детская школа искусств № 1» г. Калуги", center=True),
        para(),
        para("ПРОГРАММА РАЗВИТИЯ", bold=True, center=True),
        para("МБУ ДО «Детская школа искусств № 1» г. Калуги на 2013–2018 годы", bold=True, center=True),
        para(),
        para("Принята решением педагогического совета (протокол от 28.08.2013 № 1)"),
        para(),
        para("Кадровое обеспечение программы", bold=True),
        table([600, 3000, 3300, 1300, 1200], ["№", "Ф.И.О. преподавателя", "Наименование учебного заведения", "Дата окончания", "Курсы ПК (дата, часы)"], STAFF),
        para(),
        para("План мероприятий по реализации программы развития", bold=True, center=True),
        table(
            [600, 3500, 1300, 1800, 2200],
            ["№ п/п", "Мероприятие", "Сроки", "Ответственные", "Планируемые результаты"],
            [[n, a, raw, who, result] for n, a, raw, _, who, result in PROGRAMME],
        ),
    ]
    docx(os.path.join(OUT, "programme-2013-2018.docx"), "".join(body), "", "ДШИ", "2013-08-28T08:00:00Z")
    meta = {"kind": "programme", "region": "RU-KLU", "date": None, "number": None, "plan_year": 2013, "authority": "Муниципальное бюджетное учреждение дополнительного образования «Детская школа искусств № 1» г. Калуги", "signatory": None}
    rows = [(None, n, a, raw, exp, who, result) for n, a, raw, exp, who, result in PROGRAMME]
    reference("programme-2013-2018", meta, {"start": "2013-01-01", "end": "2018-12-31"}, rows)


METHODICAL_1 = [
    # (number cell, action cell, hours, deadline cell, responsible) and the expected number, action, deadline
    ("", "1.Совершенствование методики проведения уроков математики", "2", "сентябрь", "Рук. МО", "1", "Совершенствование методики проведения уроков математики", period("2020-09-01", "2020-09-30")),
    ("", "2. Проведение входных контрольных работ", "4", "до 20.09.2020", "Учителя-предметники", "2", "Проведение входных контрольных работ", {"kind": "deadline", "start": None, "end": "2020-09-20"}),
    ("3", "Заседание МО «Итоги первой четверти»", "2", "02.11.20\n20", "Рук. МО", "3", "Заседание МО «Итоги первой четверти»", date("2020-11-02")),
    ("4 –\n5", "Взаимопосещение уроков и открытые уроки учителей МО", "4", "ноябрь - декабрь", "Учителя-предметники", "4 – 5", "Взаимопосещение уроков и открытые уроки учителей МО", period("2020-11-01", "2020-12-31")),
]
METHODICAL_2 = [
    ("1", "Подготовка обучающихся к олимпиадам по математике", "6", "январь - февраль", "Учителя-предметники", "1", "Подготовка обучающихся к олимпиадам по математике", period("2021-01-01", "2021-02-28")),
    ("2", "Заседание МО «Подготовка к государственной итоговой аттестации»", "2", "15.03.2021", "Рук. МО", "2", "Заседание МО «Подготовка к государственной итоговой аттестации»", date("2021-03-15")),
    ("3", "Анализ работы МО за учебный год", "2", "май", "Рук. МО", "3", "Анализ работы МО за учебный год", period("2021-05-01", "2021-05-31")),
]


def methodical():
    header = ["№ п/п", "Мероприятие", "Кол-во часов", "Сроки", "Ответственный"]
    widths = [800, 4400, 1000, 1500, 2000]
    body = approval("Директор МБОУ «СОШ № 12» г. Курска", "Т.В. Орлова", "«31» августа 2020 г.") + [
        para("План работы методического объединения учителей математики", bold=True, center=True),
        para("МБОУ «СОШ № 12» г. Курска на 2020-2021 учебный год", bold=True, center=True),
        para("I полугодие", bold=True),
        table(widths, header, [[n, a, h, d, r] for n, a, h, d, r, *_ in METHODICAL_1] + [["", "ИТОГО ЗА 1 ПОЛУГОДИЕ:", "12", "", ""]]),
        para(),
        para("II полугодие", bold=True),
        table(widths, header, [[n, a, h, d, r] for n, a, h, d, r, *_ in METHODICAL_2] + [["", "ИТОГО ЗА 2 ПОЛУГОДИЕ:", "10", "", ""], ["", "ВСЕГО:", "22", "", ""]]),
    ]
    docx(os.path.join(OUT, "methodical-2020-2021.docx"), "".join(body), "", "Школа", "2020-08-31T08:00:00Z")
    meta = {"kind": "plan", "region": "RU-KRS", "date": "2020-08-31", "number": None, "plan_year": 2020, "authority": "МБОУ «СОШ № 12» г. Курска", "signatory": "Т.В. Орлова"}
    rows = [(None, number, action, d, exp, r, None) for _, _, _, d, r, number, action, exp in METHODICAL_1 + METHODICAL_2]
    reference("methodical-2020-2021", meta, {"start": "2020-09-01", "end": "2021-08-31"}, rows)


TEACHER = [
    ("1", "", "Разработка рабочей программы дисциплины «Административное право»", "сентябрь 2018", period("2018-09-01", "2018-09-30")),
    ("2", "Лекция", "Подготовка курса лекций по теме «Административная ответственность»", "октябрь - ноябрь 2018", period("2018-10-01", "2018-11-30")),
    ("3", "", "Разработка фонда оценочных средств для промежуточной аттестации", "до 01.12.2018", {"kind": "deadline", "start": None, "end": "2018-12-01"}),
    ("4", "", "Подготовка методических рекомендаций для самостоятельной работы слушателей", "февраль 2019", period("2019-02-01", "2019-02-28")),
    ("5", "", "Обновление практикума по решению задач", "апрель 2019", period("2019-04-01", "2019-04-30")),
]


def teacher():
    body = approval("Начальник кафедры административного права", "С.Н. Ершов", "«06» июля 2018 г.") + [
        para("ИНДИВИДУАЛЬНЫЙ ПЛАН РАБОТЫ ПРЕПОДАВАТЕЛЯ НА 2018/2019 УЧЕБНЫЙ ГОД", bold=True, center=True),
        para("Учебно-методическая работа", bold=True),
        table(
            [600, 1700, 4300, 1600, 1200],
            ["№ п/п", "Наименование", "Вид учебно-методической работы", "Срок выполнения", "Отметка о выполнении"],
            [[n, name, work, raw, ""] for n, name, work, raw, _ in TEACHER],
        ),
    ]
    docx(os.path.join(OUT, "teacher-2018-2019.docx"), "".join(body), "", "Кафедра", "2018-07-06T08:00:00Z")
    meta = {"kind": "plan", "date": "2018-07-06", "plan_year": 2018, "signatory": "С.Н. Ершов"}
    rows = [(None, n, work, raw, exp, None, None) for n, _, work, raw, exp in TEACHER]
    reference("teacher-2018-2019", meta, {"start": "2018-09-01", "end": "2019-08-31"}, rows)


LABOUR_SAFETY = [
    ("1", "Проведение специальной оценки условий труда на рабочих местах", "рабочее место", "12", "24 000", "II квартал", period("2020-04-01", "2020-06-30"), "Директор"),
    ("2", "Обучение работников по охране труда и проверка знаний требований охраны труда", "человек", "3", "4 500", "март", period("2020-03-01", "2020-03-31"), "Зам. директора по АХЧ"),
    ("3", "Приобретение аптечек для оказания первой помощи", "шт.", "4", "2 000", "январь", period("2020-01-01", "2020-01-31"), "Завхоз"),
    ("4", "Проведение периодических медицинских осмотров работников", "человек", "25", "50 000", "в течение года", {"kind": "throughout", "start": "2020-01-01", "end": "2020-12-31"}, "Директор"),
]


def labour_safety():
    body = [
        para("Приложение № 3 к коллективному договору"),
        para("СОГЛАШЕНИЕ ПО ОХРАНЕ ТРУДА", bold=True, center=True),
        para("МБУ ДО «Детская школа искусств № 3» г. Смоленска на 2020 год", bold=True, center=True),
        table(
            [500, 3600, 1200, 1000, 1300, 1300, 1600],
            ["№ п/п", "Содержание мероприятий (работ)", "Единица учёта", "Количество", "Стоимость работ, руб.", "Срок выполнения", "Ответственные за выполнение"],
            [[n, a, unit, count, cost, raw, who] for n, a, unit, count, cost, raw, _, who in LABOUR_SAFETY],
        ),
    ]
    docx(os.path.join(OUT, "labour-safety-2020.docx"), "".join(body), "", "ДШИ", "2020-01-15T08:00:00Z")
    meta = {"region": "RU-SMO", "plan_year": 2020}
    rows = [(None, n, a, raw, exp, who, None) for n, a, _, _, _, raw, exp, who in LABOUR_SAFETY]
    reference("labour-safety-2020", meta, {"start": "2020-01-01", "end": "2020-12-31"}, rows)


ACCESSIBILITY_BRANCHES = [
    (
        "Головной вуз (г. Омск)",
        [
            ("1", "Оборудование входных групп учебных корпусов пандусами и поручнями", "Федеральный закон от 24.11.1995 № 181-ФЗ «О социальной защите инвалидов в Российской Федерации»", "Проректор по административно-хозяйственной работе", "2016 год", period("2016-01-01", "2016-12-31"), "Входы всех учебных корпусов доступны для маломобильных граждан"),
            ("2", "Обучение сотрудников, работающих с инвалидами, по вопросам доступности услуг", "Приказ Минобрнауки России от 09.11.2015 № 1309", "Начальник отдела кадров", "ежегодно", {"kind": "recurring", "start": "2015-01-01", "end": "2030-12-31"}, "Не менее 90% сотрудников прошли инструктаж"),
        ],
    ),
    (
        "Филиал в г. Тобольске",
        [
            ("1", "Установка тактильных табличек и мнемосхем в учебном корпусе", "Приказ Минобрнауки России от 09.11.2015 № 1309", "Директор филиала", "2017-2018 годы", period("2017-01-01", "2018-12-31"), "Корпус оснащён средствами информации для слабовидящих"),
            ("2", "Адаптация официального сайта филиала для лиц с нарушением зрения", "Приказ Минобрнауки России от 09.11.2015 № 1309", "Начальник отдела информационных технологий", "до 2020 года", {"kind": "deadline", "start": None, "end": "2020-12-31"}, "Версия сайта для слабовидящих работает"),
        ],
    ),
]


def accessibility():
    header = [
        "№ п/п",
        "Наименование мероприятия",
        "Нормативный правовой акт, иной документ, которым предусмотрено проведение мероприятия",
        "Ответственные исполнители, соисполнители",
        "Срок реализации",
        "Планируемые результаты влияния мероприятия на повышение значения показателя доступности",
    ]
    body = [
        para("УТВЕРЖДЕН"),
        para("приказом ректора ФГБОУ ВО «Омский государственный технический университет»"),
        para("от 30.12.2015 № 1045"),
        para(),
        para("План мероприятий («дорожная карта») по повышению значений показателей доступности для инвалидов объектов и услуг университета на 2015–2030 годы", bold=True, center=True),
    ]
    rows = []
    for branch, items in ACCESSIBILITY_BRANCHES:
        body.append(para(branch, bold=True))
        body.append(table([500, 2600, 2300, 1700, 1100, 2200], header, [[n, a, act, who, raw, result] for n, a, act, who, raw, _, result in items]))
        body.append(para())
        rows += [(None, n, a, raw, exp, who, result) for n, a, _, who, raw, exp, result in items]
    docx(os.path.join(OUT, "accessibility-2015-2030.docx"), "".join(body), "", "Университет", "2015-12-30T08:00:00Z")
    meta = {"kind": "plan", "region": "RU-OMS", "date": "2015-12-30", "number": "1045", "plan_year": 2015}
    reference("accessibility-2015-2030", meta, {"start": "2015-01-01", "end": "2030-12-31"}, rows)


# --- tables that are not plans ---------------------------------------------------------


# each row of the table packs these measures: number, measure (lines), control (lines),
# deadline, expected deadline, and the empty paragraphs after the measure's lines in the
# number, measure and control cells
REHABILITATION = [
    [
        ("1.", ["Заключение с воспитанником договора", "«О сотрудничестве и взаимной ответственности»"], ["Директор"], "Сентябрь", period("2018-09-01", "2018-09-30"), (4, 3, 4)),
        ("2.", ["Индивидуальные профилактические беседы"], ["Заместитель директора по ВР", "Социальный педагог"], "Постоянно", {"kind": "throughout", "start": "2018-09-01", "end": "2019-08-31"}, (4, 3, 2)),
        ("3.", ["Консультации педагога-психолога"], ["Педагог-психолог"], "По мере необходимости", {"kind": "on_demand", "start": None, "end": None}, (0, 0, 0)),
    ],
    [
        ("4.", ["Совместные заседания Совета профилактики с педагогами школ, которые посещают воспитанники детского дома"], ["Директор", "Заместитель директора по ВР"], "Ежемесячно", {"kind": "recurring", "start": "2018-09-01", "end": "2019-08-31"}, (5, 2, 3)),
        ("5.", ["Отчёт воспитателей о работе по профилактике правонарушений"], ["Воспитатели"], "Декабрь, май", {"kind": "multiple", "start": "2018-12-01", "end": "2019-05-31"}, (0, 0, 0)),
    ],
]


def rehabilitation():
    def cell_lines(row, part):
        lines = []
        for number, measure, control, deadline, _, gaps in row:
            text = {"number": [number], "measure": measure, "control": control, "deadline": [deadline]}[part]
            gap = {"number": gaps[0] + len(measure) - 1, "measure": gaps[1], "control": gaps[2], "deadline": gaps[0] + len(measure) - 1}[part]
            lines += text + [""] * gap
        return "\n".join(lines).rstrip("\n")

    body = approval("Директор КГКУ «Детский дом № 4»", "Е.В. Соколова", "«30» августа 2018 г.") + [
        para("План работы по реабилитации воспитанников группы «риска»", bold=True, center=True),
        para("на 2018-2019 учебный год", bold=True, center=True),
        table(
            [700, 4300, 2600, 1800],
            ["№", "Мероприятие", "Контроль", "Срок исполнения"],
            [[cell_lines(row, "number"), cell_lines(row, "measure"), cell_lines(row, "control"), cell_lines(row, "deadline")] for row in REHABILITATION],
        ),
    ]
    docx(os.path.join(OUT, "rehabilitation-2018-2019.docx"), "".join(body), "", "Детский дом", "2018-08-30T08:00:00Z")
    meta = {"kind": "plan", "date": "2018-08-30", "number": None, "plan_year": 2018, "signatory": "Е.В. Соколова"}
    rows = [(None, n.rstrip("."), " ".join(m), d, exp, " ".join(c), None) for row in REHABILITATION for n, m, c, d, exp, _ in row]
    reference("rehabilitation-2018-2019", meta, {"start": "2018-09-01", "end": "2019-08-31"}, rows)


SUMMER_PERIOD = {"kind": "throughout", "start": "2019-06-01", "end": "2019-08-31"}
SUMMER = [
    ("1", "Организация летнего отдыха и оздоровления воспитанников", "Постоянно", SUMMER_PERIOD, "Директор"),
    ("2", "Проведение инструктажей по технике безопасности на летний период", "до 01.06", {"kind": "deadline", "start": None, "end": "2019-06-01"}, "Зам. директора по УВР"),
    ("3", "Спортивные соревнования «Весёлые старты»", "1 раз в неделю", {"kind": "recurring", "start": "2019-06-01", "end": "2019-08-31"}, "Инструктор по физкультуре"),
    ("4", "Экскурсия в краеведческий музей", "июль", period("2019-07-01", "2019-07-31"), "Воспитатели"),
    ("5", "Подготовка к новому учебному году", "август", period("2019-08-01", "2019-08-31"), "Заместитель директора по УВР"),
]


def summer():
    body = approval("Директор БУ ВО «Центр содействия семейному устройству г. Вологды»", "О.В. Морозова", "«24» мая 2019 г.") + [
        para("План мероприятий на летний период 2019 года", bold=True, center=True),
        table([700, 5000, 1800, 2200], ["№ п/п", "Мероприятие", "Срок", "Ответственный"], [[n, a, d, r] for n, a, d, _, r in SUMMER]),
    ]
    docx(os.path.join(OUT, "summer-2019.docx"), "".join(body), "", "Центр", "2019-05-24T08:00:00Z")
    meta = {"kind": "plan", "region": "RU-VLG", "date": "2019-05-24", "number": None, "plan_year": 2019, "authority": "БУ ВО «Центр содействия семейному устройству г. Вологды»", "signatory": "О.В. Морозова"}
    rows = [(None, n, a, d, exp, r, None) for n, a, d, exp, r in SUMMER]
    reference("summer-2019", meta, {"start": "2019-06-01", "end": "2019-08-31"}, rows)


def not_a_plan(name, body, meta):
    docx(os.path.join(OUT, name + ".docx"), "".join(body), "", "", "2019-01-10T08:00:00Z")
    reference(name, meta, None, [])


def negatives():
    not_a_plan(
        "staff-list",
        [
            para("Сведения о педагогических работниках МБОУ «Гимназия № 5» г. Брянска", bold=True, center=True),
            table(
                [500, 2600, 1800, 2600, 900, 1200],
                ["№", "Ф.И.О.", "Должность", "Образование (учебное заведение, год окончания)", "Стаж", "Категория"],
                [
                    ["1", "Андреева Ольга Петровна", "учитель математики", "Брянский государственный университет, 1996", "24", "высшая"],
                    ["2", "Белова Наталья Игоревна", "учитель русского языка", "Брянский педагогический институт, 1989", "31", "первая"],
                    ["3", "Власов Игорь Сергеевич", "учитель физики", "Смоленский государственный университет, 2008", "12", "первая"],
                    ["4", "Гусева Анна Викторовна", "педагог-психолог", "Брянский государственный университет, 2015", "5", "—"],
                ],
            ),
        ],
        {"kind": "unknown", "region": "RU-BRY"},
    )
    not_a_plan(
        "pupils-by-class",
        [
            para("Контингент обучающихся на 01.09.2019", bold=True, center=True),
            table([2000, 3000, 4000], ["Класс", "Количество обучающихся", "Классный руководитель"], [["1 А", "25", "Петрова Н.В."], ["1 Б", "24", "Сидорова Е.А."], ["2 А", "27", "Орлова Т.И."], ["Итого", "76", ""]]),
        ],
        {"kind": "unknown"},
    )
    not_a_plan(
        "budget-estimate",
        [
            para("БЮДЖЕТНАЯ СМЕТА НА 2019 ГОД", bold=True, center=True),
            table(
                [4000, 1800, 1600, 1600],
                ["Наименование показателя", "Код по бюджетной классификации", "Сумма на 2019 год, руб.", "Срок оплаты"],
                [
                    ["Заработная плата", "211", "12 450 300,00", "ежемесячно"],
                    ["Начисления на выплаты по оплате труда", "213", "3 759 990,60", "ежемесячно"],
                    ["Услуги связи", "221", "84 000,00", "ежеквартально"],
                    ["Коммунальные услуги", "223", "1 930 500,00", "ежемесячно"],
                    ["Итого", "", "18 224 790,60", ""],
                ],
            ),
        ],
        {"kind": "unknown"},
    )
    not_a_plan(
        "price-list-works",
        [
            para("Перечень работ по содержанию общего имущества и их стоимость", bold=True, center=True),
            table(
                [600, 4400, 1900, 1200, 1300],
                ["№ п/п", "Наименование работ", "Периодичность выполнения", "Ед. изм.", "Стоимость, руб."],
                [
                    ["1", "Уборка лестничных площадок и маршей", "2 раза в неделю", "м2", "1,20"],
                    ["2", "Мытьё окон в местах общего пользования", "2 раза в год", "м2", "0,35"],
                    ["3", "Очистка кровли от снега и наледи", "по мере необходимости", "м2", "0,80"],
                    ["4", "Дератизация подвальных помещений", "ежемесячно", "м2", "0,15"],
                    ["5", "Техническое обслуживание внутридомовых инженерных сетей", "постоянно", "м2", "2,40"],
                ],
            ),
        ],
        {"kind": "unknown"},
    )
    not_a_plan(
        "clubs-timetable",
        [
            para("Расписание работы кружков на 2019-2020 учебный год", bold=True, center=True),
            table(
                [1800, 1500, 3400, 2700],
                ["Время", "Группы", "Название кружка", "Ф.И.О. педагога"],
                [
                    ["понедельник 15.00-16.00", "1, 2", "«Умелые руки»", "Иванова Т.П."],
                    ["вторник 16.00-17.30", "3", "Хор «Радуга»", "Сергеева Л.М."],
                    ["среда 15.30-16.30", "4, 5", "Изостудия «Палитра»", "Козлова Н.А."],
                    ["четверг 17.00-18.00", "2, 6", "Шахматы", "Петров В.В."],
                ],
            ),
        ],
        {"kind": "unknown"},
    )
    not_a_plan(
        "statistics",
        [
            para("Показатели деятельности организации", bold=True, center=True),
            table([5000, 1400, 1400, 1400], ["Показатель", "2017", "2018", "2019"], [["Численность воспитанников, чел.", "54", "49", "51"], ["Устроено в семьи, чел.", "12", "15", "14"], ["Доля педагогов высшей категории, %", "35", "38", "41"]]),
        ],
        {"kind": "unknown"},
    )
    not_a_plan(
        "risk-map",
        [
            para("Карта коррупционных рисков", bold=True, center=True),
            table(
                [500, 2800, 3000, 1800, 2300],
                ["№", "Коррупционно-опасные функции", "Типовые ситуации", "Должности", "Меры по минимизации рисков"],
                [
                    ["1", "Приём обучающихся", "Получение вознаграждения за зачисление", "директор, секретарь", "Открытость информации о приёме"],
                    ["2", "Закупки", "Завышение цены контракта", "контрактный управляющий", "Мониторинг цен"],
                ],
            ),
        ],
        {"kind": "unknown"},
    )
    not_a_plan(
        "hiring-order",
        [
            para("МБОУ «СОШ № 3» г. Твери", center=True),
            para("ПРИКАЗ", bold=True, center=True),
            para("от 02.09.2019\t\t\t\t№ 112-к"),
            para("О приёме на работу", bold=True),
            para("ПРИКАЗЫВАЮ: принять на работу с 02.09.2019 следующих работников:"),
            table([600, 3200, 2600, 1500, 1500], ["№", "Ф.И.О.", "Должность", "Дата приёма", "Оклад, руб."], [["1", "Смирнова Анна Олеговна", "учитель начальных классов", "02.09.2019", "18 500"], ["2", "Кузнецов Павел Ильич", "учитель физической культуры", "02.09.2019", "18 500"]]),
            para("Директор\t\t\tЕ.В. Соколова"),
        ],
        {"kind": "order", "region": "RU-TVE", "date": "2019-09-02", "number": "112-к", "signatory": "Е.В. Соколова"},
    )
    not_a_plan(
        "paid-courses",
        [
            para("Прейскурант платных образовательных услуг", bold=True, center=True),
            table(
                [600, 4200, 1400, 1600, 1600],
                ["№", "Наименование услуги", "Количество часов", "Срок обучения", "Стоимость, руб."],
                [["1", "Подготовка к школе «Предшкольная пора»", "64", "8 месяцев", "6 400"], ["2", "Курсы английского языка для начинающих", "72", "9 месяцев", "8 100"], ["3", "Подготовка к ЕГЭ по математике", "96", "октябрь - май", "11 500"]],
            ),
        ],
        {"kind": "unknown"},
    )
    not_a_plan(
        "participants",
        [
            para("Список участников регионального семинара", bold=True, center=True),
            table(
                [600, 3200, 3600, 1600],
                ["№", "Ф.И.О. участника", "Наименование организации", "Дата участия"],
                [["1", "Фёдорова И.А.", "МБОУ «СОШ № 1» г. Пскова", "14.03.2019"], ["2", "Яковлев Д.С.", "МАОУ «Лицей № 4» г. Пскова", "14.03.2019"], ["3", "Захарова М.Н.", "ГБОУ «Гимназия № 2» г. Великие Луки", "15.03.2019"]],
            ),
        ],
        {"kind": "unknown"},
    )
    # a workbook of rivers and locks: names, distances, navigation periods, several hundred rows
    rivers = ["Река Амур", "Река Зея", "Река Бурея", "Река Уссури", "Река Селенга", "Река Лена"]
    rows = [["Сведения о шлюзах и навигации"], [], ["Наименование реки", "Наименование шлюза", "Расстояние от устья, км", "Период навигации", "Время шлюзования, мин"]]
    for i in range(310):
        river = rivers[i % len(rivers)]
        rows.append([river, f"Шлюз № {i + 1}", 140 + 7 * i, "с 15 апреля по 15 ноября" if i % 3 else "май - октябрь", 40 + i % 30])
    xlsx(os.path.join(OUT, "river-locks.xlsx"), [("Шлюзы", rows, ["A1:E1"])])
    reference("river-locks", {"kind": "unknown"}, None, [], {"kind": "unknown"})
    tariffs = [["Тарифы на услуги"], [], ["№", "Наименование услуги", "Ед. изм.", "Тариф, руб.", "Период действия"]]
    for i, (name, unit, price) in enumerate([("Проживание в общежитии", "койко-место в месяц", 1200), ("Стирка белья", "кг", 45), ("Питание (трёхразовое)", "день", 230), ("Аренда спортивного зала", "час", 800)]):
        tariffs.append([i + 1, name, unit, price, "с 01.01.2019 по 31.12.2019"])
    xlsx(os.path.join(OUT, "tariffs.xlsx"), [("Тарифы", tariffs, ["A1:E1"])])
    reference("tariffs", {"kind": "unknown"}, None, [], {"kind": "unknown"})


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    os.makedirs(REFERENCE, exist_ok=True)
    calendar()
    events()
    anticorruption()
    programme()
    methodical()
    teacher()
    labour_safety()
    accessibility()
    summer()
    rehabilitation()
    negatives()
    if "--no-pdf" not in sys.argv:
        render_pdfs(OUT, ["events-2021-11.docx"])
    for name in sorted(os.listdir(OUT)):
        print(name, os.path.getsize(os.path.join(OUT, name)))
