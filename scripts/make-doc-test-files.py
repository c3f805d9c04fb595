#!/usr/bin/env python3
"""Write crates/doc/tests/data/numbered-cells.doc: a Word 97-2003 document whose table numbers
its rows automatically (a list in the «№» cells, no typed numbers), with a cell that lists
numbered sub-items, as Word users build plans. The DOCX is written with the standard library
and saved as .doc by LibreOffice (installed from Debian's packages when missing); the tests
read the committed .doc."""

import os
import shutil
import subprocess
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "crates", "doc", "tests", "data")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def p(text, num=None):
    ppr = f'<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr></w:pPr>' if num else ""
    run = f"<w:r><w:t>{text}</w:t></w:r>" if text else ""
    return f"<w:p>{ppr}{run}</w:p>"


def tc(content):
    return f'<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>{content}</w:tc>'


def main():
    rows = [[p("№"), p("Мероприятие"), p("Срок")]]
    rows.append([p("", 1), p("Совещание"), p("март 2021")])
    rows.append([p("", 1), p("Методическая работа") + p("Семинар", 2) + p("Вебинар", 2), p("апрель 2021")])
    rows.append([p("", 1), p("Отчёт"), p("май 2021")])
    table = '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>' + "".join("<w:tr>" + "".join(tc(c) for c in r) + "</w:tr>" for r in rows) + "</w:tbl>"
    body = p("ПРИКАЗ") + table + p("Министр")
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    level = lambda fmt, text: f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
    numbering = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W}">'
        f'<w:abstractNum w:abstractNumId="0">{level("decimal", "%1.")}</w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="1">{level("lowerLetter", "%1)")}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>'
    )
    with tempfile.TemporaryDirectory() as work:
        docx = os.path.join(work, "numbered-cells.docx")
        with zipfile.ZipFile(docx, "w") as z:
            z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>')
            z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
            z.writestr("word/_rels/document.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>')
            z.writestr("word/document.xml", document)
            z.writestr("word/numbering.xml", numbering)
        if not shutil.which("soffice"):
            subprocess.run(["apt-get", "update", "-qq"], check=True)
            subprocess.run(["apt-get", "install", "-y", "-qq", "libreoffice-writer-nogui"], check=True)
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{work}/profile", "--convert-to", "doc", "--outdir", OUT, docx], check=True, stdout=subprocess.DEVNULL)
    print(os.path.join(OUT, "numbered-cells.doc"))


if __name__ == "__main__":
    main()
