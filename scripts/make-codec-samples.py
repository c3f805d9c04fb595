#!/usr/bin/env python3
"""Make the small page images the OCR crate's decoder tests read (crates/ocr/tests/data/):
a 96 × 40 page, paper with a black bar across rows 10-19 and columns 8-87, stored

- as JPEG 2000 (a JP2 file, as PDF's /JPXDecode streams hold them), in gray and in RGB;
- as JBIG2 in the embedded organization PDF's /JBIG2Decode streams use: a page information
  segment, an immediate generic region coded with MMR (CCITT G4 runs, taken from a TIFF Pillow
  writes) and an end-of-page segment;
- as the picture files a word-processor document holds: JPEG, PNG with an alpha channel (the
  paper transparent), BMP, and a bare 8-bit DIB (a BMP without its 14-byte file header, as
  Word's OfficeArt and RTF's \dibitmap keep one).

    python3 scripts/make-codec-samples.py      (needs Pillow with OpenJPEG)
"""

import io
import struct
from pathlib import Path

from PIL import Image, ImageOps, TiffImagePlugin

WIDTH, HEIGHT = 96, 40
OUT = Path(__file__).resolve().parent.parent / "crates" / "ocr" / "tests" / "data"


def page() -> Image.Image:
    image = Image.new("L", (WIDTH, HEIGHT), 255)
    for y in range(10, 20):
        for x in range(8, 88):
            image.putpixel((x, y), 0)
    return image


def g4_runs(image: Image.Image) -> bytes:
    """The CCITT G4 data of a bilevel image, black ink coded as black runs, one strip (Pillow
    writes a bilevel TIFF with 1 bits white, so the ink is given to it as 1 bits)."""
    buffer = io.BytesIO()
    TiffImagePlugin.WRITE_LIBTIFF = True
    ImageOps.invert(image).convert("1").save(buffer, "TIFF", compression="group4", tiffinfo={278: HEIGHT})
    TiffImagePlugin.WRITE_LIBTIFF = False
    tiff = Image.open(io.BytesIO(buffer.getvalue()))
    offset, count = tiff.tag_v2[273][0], tiff.tag_v2[279][0]
    return buffer.getvalue()[offset : offset + count]


def segment(number: int, kind: int, data: bytes) -> bytes:
    # number, flags (the type), no referred-to segments, page 1, data length
    return struct.pack(">IBBBI", number, kind, 0, 1, len(data)) + data


def jbig2(image: Image.Image) -> bytes:
    page_information = struct.pack(">IIIIBH", WIDTH, HEIGHT, 0, 0, 0, 0)
    region = struct.pack(">IIIIB", WIDTH, HEIGHT, 0, 0, 0) + bytes([1]) + g4_runs(image)
    return segment(0, 48, page_information) + segment(1, 38, region) + segment(2, 49, b"")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    image = page()
    image.save(OUT / "bar-gray.jp2", "JPEG2000", irreversible=False)
    Image.merge("RGB", (image, image, image)).save(OUT / "bar-rgb.jp2", "JPEG2000", irreversible=True, quality_layers=[20])
    (OUT / "bar.jb2").write_bytes(jbig2(image))
    image.save(OUT / "bar.jpg", "JPEG", quality=90)
    transparent = Image.merge("RGBA", (image, image, image, ImageOps.invert(image)))
    transparent.save(OUT / "bar.png", "PNG")
    Image.merge("RGB", (image, image, image)).save(OUT / "bar.bmp", "BMP")
    buffer = io.BytesIO()
    image.save(buffer, "BMP")
    (OUT / "bar.dib").write_bytes(buffer.getvalue()[14:])
    for path in sorted(OUT.iterdir()):
        print(path.name, path.stat().st_size)


if __name__ == "__main__":
    main()
