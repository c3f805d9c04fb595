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
import shutil
import subprocess
import sys
import tempfile
import zipfile
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "corpus", "genre")

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
{numbering}</Types>"""
NUMBERING_TYPE = '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
</Relationships>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"""
CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator>
<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>
<dcterms:modified xsi:type="dcterms:W3CDTF">{created}</dcterms:modified>
</cp:coreProperties>"""
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def run(text, bold=False):
    """A run; tabs and line breaks inside the text become <w:tab/> and <w:br/>."""
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    parts = []
    for i, line in enumerate(text.split("\n")):
        if i:
            parts.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                parts.append("<w:tab/>")
            if piece:
                parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return f"<w:r>{props}{''.join(parts)}</w:r>"


def para(text="", bold=False, center=False):
    align = '<w:pPr><w:jc w:val="center"/></w:pPr>' if center else ""
    return f"<w:p>{align}{run(text, bold) if text else ''}</w:p>"


def cell(text, width, span=1):
    grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    paragraphs = "".join(para(p) for p in text.split("\n")) if text else para()
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid}</w:tcPr>{paragraphs}</w:tc>'


def table(widths, header, rows):
    """A bordered table: a header row, then rows of cell texts; a row of one text spans all
    columns (a section row). A cell's «\\n» starts a new paragraph."""
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>' for side in ["top", "left", "bottom", "right", "insideH", "insideV"])
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out = [f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders></w:tblPr><w:tblGrid>{grid}</w:tblGrid>']
    out.append('<w:tr><w:trPr><w:tblHeader/></w:trPr>' + "".join(cell(h, w) for h, w in zip(header, widths)) + "</w:tr>")
    for r in rows:
        if len(r) == 1:
            out.append("<w:tr>" + cell(r[0], sum(widths), span=len(widths)) + "</w:tr>")
        else:
            out.append("<w:tr>" + "".join(cell(t, w) for t, w in zip(r, widths)) + "</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def docx(path, body, title, author, created, numbering=None):
    """A DOCX of `body` (WordprocessingML paragraphs and tables) with its core properties and,
    when given, its `numbering.xml` (list definitions)."""
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>{body}'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1418" w:header="0" w:footer="0" w:gutter="0"/></w:sectPr>'
        "</w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        # fixed timestamps: the same script writes the same bytes
        def add(name, data):
            info = zipfile.ZipInfo(name, date_time=(2021, 8, 30, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)

        add("[Content_Types].xml", CONTENT_TYPES.format(numbering=NUMBERING_TYPE if numbering else ""))
        add("_rels/.rels", RELS)
        add("docProps/core.xml", CORE.format(title=escape(title), author=escape(author), created=created))
        add("word/document.xml", document)
        if numbering:
            add("word/_rels/document.xml.rels", DOCUMENT_RELS)
            add("word/numbering.xml", numbering)


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


def render_pdfs(names):
    if not shutil.which("soffice"):
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "libreoffice-writer-nogui"], check=True)
    with tempfile.TemporaryDirectory() as work:
        for name in names:
            subprocess.run(
                ["soffice", "--headless", f"-env:UserInstallation=file://{work}/profile", "--convert-to", "pdf", "--outdir", OUT, os.path.join(OUT, name)],
                check=True,
                stdout=subprocess.DEVNULL,
            )


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    school()
    municipal()
    federal()
    if "--no-pdf" not in sys.argv:
        render_pdfs(["school-2021-order-45.docx", "municipal-2022-order-27.docx"])
    for name in sorted(os.listdir(OUT)):
        print(name, os.path.getsize(os.path.join(OUT, name)))
