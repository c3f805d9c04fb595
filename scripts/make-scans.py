#!/usr/bin/env python3
"""Make scanned renderings of text PDFs, as an office scanner would: every page rasterized
(pdftoppm, from poppler-utils), turned by a small angle, speckled with noise, and wrapped
as a PDF of images with no text layer (Pillow: JPEG pages as DCTDecode, black-and-white pages
as CCITT G4), or, for an OUT named .doc, as a Word 97-2003 file holding one JPEG picture a page
and no text (a scan kept as a Word file: a DOCX written here, converted by LibreOffice).

    python3 scripts/make-scans.py SOURCE.pdf OUT.pdf|OUT.doc [--dpi 200] [--angle 0.7]
        [--noise 0.02] [--quality 70] [--bilevel] [--seed 1]

Needs pdftoppm and Pillow (pip install pillow), and soffice for a .doc. The scans under
corpus/scans/ were made with scripts/make-scans.sh, which calls this with the settings
recorded there.
"""

import argparse
import io
import random
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from PIL import Image, ImageFilter


def pages(source: Path, dpi: int):
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source), f"{work}/p"], check=True)
        for path in sorted(Path(work).glob("p-*.png")):
            with Image.open(path) as image:
                yield image.convert("L")


def scanned(image: Image.Image, angle: float, noise: float, rng: random.Random) -> Image.Image:
    # paper is never quite white, and the page is never quite straight
    image = image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(0.6))
    pixels = image.load()
    width, height = image.size
    for _ in range(int(width * height * noise)):
        x, y = rng.randrange(width), rng.randrange(height)
        pixels[x, y] = rng.choice((0, 40, 90, 235, 255))
    # uneven lighting: a shadow growing towards one edge
    shade = Image.linear_gradient("L").resize((width, height)).point(lambda v: 255 - v // 6)
    return Image.composite(image, Image.new("L", (width, height), 0), shade)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--angle", type=float, default=0.7)
    parser.add_argument("--noise", type=float, default=0.002)
    parser.add_argument("--quality", type=int, default=70)
    parser.add_argument("--bilevel", action="store_true", help="black and white pages (CCITT G4)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    images = []
    for index, page in enumerate(pages(args.source, args.dpi)):
        page = scanned(page, args.angle * (1 if index % 2 == 0 else -0.6), args.noise, rng)
        if args.bilevel:
            page = page.point(lambda v: 255 if v > 150 else 0).convert("1")
        else:
            # JPEG compression, as scanners save gray pages
            buffer = io.BytesIO()
            page.save(buffer, "JPEG", quality=args.quality)
            page = Image.open(io.BytesIO(buffer.getvalue()))
        images.append(page)
    if args.out.suffix == ".doc":
        word_file(images, args.out, args.dpi)
        return
    first, rest = images[0], images[1:]
    first.save(args.out, "PDF", save_all=True, append_images=rest, resolution=args.dpi)


def word_file(images, out: Path, dpi: int):
    """A Word 97-2003 file of the pages as pictures, one a page and no text."""
    emu = lambda pixels: int(pixels / dpi * 914400)
    twips = lambda pixels: int(pixels / dpi * 1440)
    parts, body = {}, []
    for index, image in enumerate(images, 1):
        buffer = io.BytesIO()
        image.convert("L").save(buffer, "JPEG", quality=85)
        parts[f"word/media/page{index}.jpeg"] = buffer.getvalue()
        cx, cy = emu(image.width), emu(image.height)
        brk = '<w:r><w:br w:type="page"/></w:r>' if index > 1 else ""
        body.append(
            f'<w:p>{brk}<w:r><w:drawing><wp:inline><wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{index}" name="page {index}"/>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
            f'<pic:nvPicPr><pic:cNvPr id="{index}" name="page{index}.jpeg"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="rPage{index}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"/></pic:spPr>'
            "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
        )
    width, height = images[0].size
    section = f'<w:sectPr><w:pgSz w:w="{twips(width) + 360}" w:h="{twips(height) + 360}"/><w:pgMar w:top="180" w:right="180" w:bottom="180" w:left="180"/></w:sectPr>'
    namespaces = (
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
    )
    parts["word/document.xml"] = f'<?xml version="1.0" encoding="UTF-8"?><w:document {namespaces}><w:body>{"".join(body)}{section}</w:body></w:document>'.encode()
    relationships = "".join(
        f'<Relationship Id="rPage{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/page{i}.jpeg"/>'
        for i in range(1, len(images) + 1)
    )
    parts["word/_rels/document.xml.rels"] = f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{relationships}</Relationships>'.encode()
    parts["_rels/.rels"] = b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rDoc" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    parts["[Content_Types].xml"] = b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="jpeg" ContentType="image/jpeg"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    with tempfile.TemporaryDirectory() as work:
        docx = Path(work) / (out.stem + ".docx")
        with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as z:
            for name in ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels"]:
                z.writestr(name, parts.pop(name))
            for name, data in parts.items():
                z.writestr(name, data)
        subprocess.run(["soffice", "--headless", "--convert-to", "doc:MS Word 97", "--outdir", work, str(docx)], check=True, capture_output=True)
        shutil.move(str(Path(work) / (out.stem + ".doc")), out)


if __name__ == "__main__":
    main()
