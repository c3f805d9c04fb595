"""Write DOCX and XLSX files with the standard library, and render DOCX to PDF with LibreOffice:
the writer the scripts that make the project's test documents share.

- `para`, `table`, `docx`: WordprocessingML paragraphs, bordered tables (a row of one text
  spans the table: a section row) and the package around them, with fixed timestamps so the
  same script writes the same bytes;
- `xlsx`: a workbook of one or more sheets of strings and numbers;
- `render_pdfs`: LibreOffice Writer's rendering of DOCX files to PDF (installed from Debian's
  packages when missing).
"""

import os
import shutil
import subprocess
import tempfile
import zipfile
from xml.sax.saxutils import escape

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


def table(widths, header, rows, repeat_header=True):
    """A bordered table: a header row, then rows of cell texts; a row of one text spans all
    columns (a section row). A cell's «\\n» starts a new paragraph."""
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>' for side in ["top", "left", "bottom", "right", "insideH", "insideV"])
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out = [f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders></w:tblPr><w:tblGrid>{grid}</w:tblGrid>']
    header_props = "<w:trPr><w:tblHeader/></w:trPr>" if repeat_header else ""
    out.append(f"<w:tr>{header_props}" + "".join(cell(h, w) for h, w in zip(header, widths)) + "</w:tr>")
    for r in rows:
        if len(r) == 1:
            out.append("<w:tr>" + cell(r[0], sum(widths), span=len(widths)) + "</w:tr>")
        else:
            out.append("<w:tr>" + "".join(cell(t, w) for t, w in zip(r, widths)) + "</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def docx(path, body, title, author, created, numbering=None, landscape=False):
    """A DOCX of `body` (WordprocessingML paragraphs and tables) with its core properties and,
    when given, its `numbering.xml` (list definitions); A4, upright or `landscape`."""
    size = '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>' if landscape else '<w:pgSz w:w="11906" w:h="16838"/>'
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>{body}'
        f'<w:sectPr>{size}<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1418" w:header="0" w:footer="0" w:gutter="0"/></w:sectPr>'
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


def render_pdfs(out, names):
    if not shutil.which("soffice"):
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "libreoffice-writer-nogui"], check=True)
    with tempfile.TemporaryDirectory() as work:
        for name in names:
            subprocess.run(
                ["soffice", "--headless", f"-env:UserInstallation=file://{work}/profile", "--convert-to", "pdf", "--outdir", out, os.path.join(out, name)],
                check=True,
                stdout=subprocess.DEVNULL,
            )



SHEET_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
{sheets}</Types>"""
SHEET_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def column_name(index):
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def xlsx(path, sheets):
    """A workbook of `sheets`: (name, rows, merges), each row a list of strings, numbers or
    None; merges as A1 ranges ("A3:E3")."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        def add(name, data):
            info = zipfile.ZipInfo(name, date_time=(2021, 8, 30, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)

        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(len(sheets))
        )
        add("[Content_Types].xml", SHEET_TYPES.format(sheets=overrides))
        add("_rels/.rels", SHEET_RELS)
        names = "".join(f'<sheet name="{escape(name)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, (name, _, _) in enumerate(sheets))
        add("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{S}" xmlns:r="{R}"><sheets>{names}</sheets></workbook>')
        rels = "".join(
            f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(sheets))
        )
        add("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')
        for i, (_, rows, merges) in enumerate(sheets):
            out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{S}"><sheetData>']
            for r, row in enumerate(rows):
                out.append(f'<row r="{r + 1}">')
                for c, value in enumerate(row):
                    ref = f"{column_name(c)}{r + 1}"
                    if value is None or value == "":
                        continue
                    if isinstance(value, (int, float)):
                        out.append(f'<c r="{ref}"><v>{value}</v></c>')
                    else:
                        out.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>')
                out.append("</row>")
            out.append("</sheetData>")
            if merges:
                out.append(f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>")
            out.append("</worksheet>")
            add(f"xl/worksheets/sheet{i + 1}.xml", "".join(out))
