#!/usr/bin/env python3
"""Write the documents of corpus/genre/: acts outside the «500+» template, as schools,
municipal offices and federal agencies publish them.

- school-2021-order-45.docx: a school's order approving its plan for the 2021/2022 school
  year, laid out by months (month section rows), with year-less dates, school terms and
  holidays, people with initials and posts, a cell of numbered sub-actions, template rows
  never filled in, and the signature on one line with tabs;
- municipal-2022-order-27.docx: a municipal office's order with a plan whose deadline column
  comes first and has no number column, two columns that could be the action, responsible
  cells with initials and posts broken across lines, spans counted from the order, a yearly
  rule with its day, a deadline then a recurrence, and a budget table that is not a plan;
- federal-2023-order-112.docx: a federal agency's order without a table, signed in Moscow.

The DOCX files are written here with the standard library (no template, no word processor);
LibreOffice renders the school and municipal ones to PDF (installed from Debian's packages
when missing). The tests read the committed files. After running it, re-bless:
    UPDATE_FIXTURES=1 cargo test -p roadmap --test end_to_end genre::
"""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "corpus", "genre")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from docxwriter import docx, para, table, render_pdfs  # noqa: E402


def school():
    body = [
        para("МУНИЦИПАЛЬНОЕ БЮДЖЕТНОЕ ОБЩЕОБРАЗОВАТЕЛЬНОЕ УЧРЕЖДЕНИЕ", bold=True, center=True),
        para("«СРЕДНЯЯ ОБЩЕОБРАЗОВАТЕЛЬНАЯ ШКОЛА № 3» с. КИРОВСКОЕ МР УЧАЛИНСКИЙ РАЙОН РБ", bold=True, center=True),
        para(),
        para("ПРИКАЗ", bold=True, center=True),
        para("от 30.08.2021 г.\t\t\t\t\t\t№ 45-од"),
        para("с. Кировское", center=True),
        para(),
        para("Об утверждении плана работы школы на 2021/2022 учебный год", bold=True),
        para(),
        para("В соответствии с решением педагогического совета (протокол от 27.08.2021 № 1) приказываю:"),
        para("1. Утвердить план работы школы на 2021/2022 учебный год (приложение)."),
        para("2. Контроль за исполнением приказа оставляю за собой."),
        para(),
        para("Директор школы\t\t______\t\tИ.П. Галиева"),
        para(),
        para("Приложение к приказу от 30.08.2021 № 45-од"),
        para("План работы школы на 2021/2022 учебный год", bold=True, center=True),
        table(
            [700, 4300, 1800, 2600],
            ["№", "Содержание работы", "Сроки", "Ответственные"],
            [
                ["Сентябрь"],
                ["1", "Торжественная линейка, посвящённая Дню знаний", "01.09", "Галиева И.П., директор\nКлассные руководители"],
                ["2", "Проверка личных дел учащихся", "в теч. месяца", "Хасанова Г.Р., зам. директора по\nУВР"],
                ["3", "Методическая работа\n1. Заседания ШМО по утверждению рабочих программ\n2. Собеседование с молодыми учителями", "до 15.09\n20.09", "Рук. ШМО\nХасанова Г.Р."],
                ["Октябрь"],
                ["4", "Школьный этап всероссийской олимпиады школьников", "1-я декада октября 2021", "зам. по ВР\nучителя-предметники"],
                ["5", "Экскурсии и походы с классами", "на осенних каникулах", "Классные руководители"],
                ["Декабрь"],
                ["6", "Контрольные работы по итогам полугодия", "II четверть", "Г.Р. Хасанова"],
                ["Январь"],
                ["7", "Педагогический совет «Итоги I полугодия»", "по итогам I полугодия", "методический совет"],
                ["8", "Родительское собрание", "28.01", "Классные руководители\nАдминистрация школы"],
                ["Март"],
                ["9", "Пробные экзамены в 9 и 11 классах", "23. 03.", "Хасанова Г.Р., зам. директора по УВР"],
                ["10", "Подготовка к государственной итоговой аттестации", "Март-май", "Рук. ШМО, учителя-предметники"],
                ["Май"],
                ["11", "Промежуточная аттестация", "24.05 / 30. 05", "Хасанова Г.Р.\nКлассные руководители"],
                ["12", "Летний оздоровительный лагерь", "Июнь", "зам. по ВР"],
                ["13", "", "", ""],
                ["14", "", "", ""],
                ["15", "", "", ""],
            ],
        ),
    ]
    docx(os.path.join(OUT, "school-2021-order-45.docx"), "".join(body), "Приказ", "Галиева И.П.", "2021-08-30T09:15:00Z")


def municipal():
    body = [
        para("АДМИНИСТРАЦИЯ МУНИЦИПАЛЬНОГО РАЙОНА УЧАЛИНСКИЙ РАЙОН", bold=True, center=True),
        para("УПРАВЛЕНИЕ ОБРАЗОВАНИЯ", bold=True, center=True),
        para(),
        para("ПРИКАЗ", bold=True, center=True),
        para("«14» февраля 2022 г.\t\t\t\t\t№ 01-03/27-пр"),
        para("г. Учалы", center=True),
        para(),
        para("Об утверждении плана мероприятий по повышению качества образования в общеобразовательных организациях района на 2022 год", bold=True),
        para(),
        para("В целях повышения качества образования приказываю:"),
        para("1. Утвердить план мероприятий (приложение 1)."),
        para("2. Утвердить смету расходов на проведение мероприятий (приложение 2)."),
        para(),
        para("Начальник управления образования\t\tР.Р. Садыков"),
        para(),
        para("Приложение 1 к приказу от 14.02.2022 № 01-03/27-пр"),
        para("План мероприятий по повышению качества образования на 2022 год", bold=True, center=True),
        table(
            [1800, 1700, 3300, 2600],
            ["Срок", "Вид работы", "Содержание работы", "Ответственный"],
            [
                ["в течение 10 дней со дня подписания приказа", "Совещание", "Совещание с руководителями общеобразовательных организаций о задачах на 2022 год", "Иванова\nА.С., начальник\nотдела общего образования"],
                ["до 01.04.2022, далее ежеквартально", "Мониторинг", "Мониторинг результатов оценочных процедур в школах с низкими результатами обучения", "Петров К.Н., методист\nИМЦ"],
                ["1-я декада октября 2022", "Семинар", "Семинар для заместителей директоров по учебно-воспитательной работе", "ИМЦ\nрук. РМО"],
                ["ежегодно до 20 декабря", "Отчёт", "Отчёт о выполнении плана мероприятий в Министерство образования и науки Республики Башкортостан", "Садыков Р.Р.\nИванова А.С."],
                ["в течение месяца после издания приказа", "Приказ", "Назначение кураторов школ с низкими результатами обучения", "Иванова А.С., начальник отдела общего образования"],
            ],
        ),
        para(),
        para("Приложение 2 к приказу от 14.02.2022 № 01-03/27-пр"),
        para("Смета расходов", bold=True, center=True),
        table(
            [700, 4300, 2200, 2200],
            ["№", "Наименование", "Сумма, руб.", "Срок"],
            [
                ["1", "423,67", "12 500,00", "2022"],
                ["2", "1 250,00", "8 000,00", "2022"],
                ["3", "318,40", "4 200,00", "2022"],
            ],
        ),
    ]
    docx(os.path.join(OUT, "municipal-2022-order-27.docx"), "".join(body), "", "Управление образования", "2022-02-14T06:30:00Z")


def federal():
    body = [
        para("ФЕДЕРАЛЬНАЯ СЛУЖБА ПО НАДЗОРУ В СФЕРЕ ОБРАЗОВАНИЯ И НАУКИ", bold=True, center=True),
        para("(РОСОБРНАДЗОР)", bold=True, center=True),
        para(),
        para("П Р И К А З", bold=True, center=True),
        para(),
        para("14 марта 2023 г.\t\t\t\tМосква\t\t\t\t№ 112"),
        para(),
        para("О проведении мониторинга качества подготовки обучающихся общеобразовательных организаций в 2023 году", bold=True, center=True),
        para(),
        para("В соответствии с постановлением Правительства Российской Федерации от 30.04.2021 № 662 «Об осуществлении мониторинга системы образования» приказываю:"),
        para("1. Провести мониторинг качества подготовки обучающихся общеобразовательных организаций в форме всероссийских проверочных работ с 15 марта по 20 мая 2023 г."),
        para("2. Контроль за исполнением настоящего приказа оставляю за собой."),
        para(),
        para("Руководитель"),
        para("Н.В. Орлов"),
    ]
    docx(os.path.join(OUT, "federal-2023-order-112.docx"), "".join(body), "", "", "2023-03-14T12:00:00Z")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    school()
    municipal()
    federal()
    if "--no-pdf" not in sys.argv:
        render_pdfs(OUT, ["school-2021-order-45.docx", "municipal-2022-order-27.docx"])
    for name in sorted(os.listdir(OUT)):
        print(name, os.path.getsize(os.path.join(OUT, name)))
