#!/usr/bin/env python3
"""Write crates/doc/tests/data/numbered-cells.doc: a Word 97-2003 document whose table numbers
its rows automatically (a list in the «№» cells, no typed numbers), with a cell that lists
numbered sub-items, as Word users build plans. The DOCX is written by scripts/make-genre-documents.py's writer
and saved as .doc by LibreOffice (installed from Debian's packages when missing); the tests
read the committed .doc."""

import importlib.util
import os
import shutil
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "crates", "doc", "tests", "data")
# the DOCX writer of the genre documents
_spec = importlib.util.spec_from_file_location("genre", os.path.join(ROOT, "scripts", "make-genre-documents.py"))
genre = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(genre)
W = genre.W


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
    level = lambda fmt, text: f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
    numbering = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W}">'
        f'<w:abstractNum w:abstractNumId="0">{level("decimal", "%1.")}</w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="1">{level("lowerLetter", "%1)")}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>'
    )
    with tempfile.TemporaryDirectory() as work:
        docx = os.path.join(work, "numbered-cells.docx")
        genre.docx(docx, body, "", "", "2021-08-30T00:00:00Z", numbering=numbering)
        if not shutil.which("soffice"):
            subprocess.run(["apt-get", "update", "-qq"], check=True)
            subprocess.run(["apt-get", "install", "-y", "-qq", "libreoffice-writer-nogui"], check=True)
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{work}/profile", "--convert-to", "doc", "--outdir", OUT, docx], check=True, stdout=subprocess.DEVNULL)
    print(os.path.join(OUT, "numbered-cells.doc"))


if __name__ == "__main__":
    main()
