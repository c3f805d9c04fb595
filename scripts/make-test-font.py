#!/usr/bin/env python3
"""Make crates/pdf/testdata/cmap-only.ttf: a TrueType program of four empty glyphs whose
Unicode cmap maps glyphs 1-3 to «Шко» and whose post table has no glyph names (as subset
fonts embedded in PDFs often are), for the PDF reader's test of text read through an embedded
font program. Needs fontTools (pip install fonttools)."""
import os
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

glyphs = [".notdef", "g1", "g2", "g3"]
fb = FontBuilder(1000, isTTF=True)
fb.setupGlyphOrder(glyphs)
fb.setupCharacterMap({0x0428: "g1", 0x043A: "g2", 0x043E: "g3"})
empty = TTGlyphPen(None).glyph()
fb.setupGlyf({g: empty for g in glyphs})
fb.setupHorizontalMetrics({g: (500, 0) for g in glyphs})
fb.setupHorizontalHeader(ascent=800, descent=-200)
fb.setupNameTable({"familyName": "RoadmapTest", "styleName": "Regular"})
fb.setupOS2()
fb.setupPost(keepGlyphNames=False)
out = os.path.join(os.path.dirname(__file__), "..", "crates", "pdf", "testdata", "cmap-only.ttf")
fb.save(out)
print(out, os.path.getsize(out), "bytes")
