#!/usr/bin/env python3
"""Make scanned renderings of text PDFs, as an office scanner would: every page rasterized
(pdftoppm, from poppler-utils), turned by a small angle, speckled with noise, and wrapped
as a PDF of images with no text layer (Pillow: JPEG pages as DCTDecode, black-and-white pages
as CCITT G4).

    python3 scripts/make-scans.py SOURCE.pdf OUT.pdf [--dpi 200] [--angle 0.7] [--noise 0.02]
        [--quality 70] [--bilevel] [--seed 1]

Needs pdftoppm and Pillow (pip install pillow). The scans under corpus/scans/ were made with
scripts/make-scans.sh, which calls this with the settings recorded there.
"""

import argparse
import io
import random
import subprocess
import tempfile
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
    first, rest = images[0], images[1:]
    first.save(args.out, "PDF", save_all=True, append_images=rest, resolution=args.dpi)


if __name__ == "__main__":
    main()
