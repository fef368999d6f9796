"""A font for the PDF's Japanese (and any other text DejaVu Sans lacks): a system CJK font, cut down to
the characters the report uses and given TrueType outlines, which is what reportlab can embed.

Noto Sans CJK (Linux) ships CFF outlines in a .ttc collection; reportlab embeds only TrueType
outlines, and its unembedded CID fonts need the reader's language pack (poppler-data), so the
subset is converted with fontTools (a matplotlib dependency): a few hundred glyphs, about a second.
"""

from __future__ import annotations

import io

#: Largest error of the quadratic curves that replace the font's cubic ones, in font units (of 1000
#: or 2048 per em): far below a printed pixel.
CURVE_TOLERANCE = 1.0


def cjk_font_files(families: tuple[str, ...]) -> list[tuple[str, str]]:
    """(file, family) of the installed fonts of `families`, in the families' order (matplotlib's font list)."""
    from matplotlib import font_manager

    found = []
    for family in families:
        found.extend((f.fname, family) for f in font_manager.fontManager.ttflist
                     if f.name == family and f.weight in (400, "normal", "regular"))
    return found


def _face(path: str, family: str):  # noqa: ANN202 - a fontTools TTFont, imported lazily
    """The face of `family` in a font file (the right member of a .ttc collection)."""
    from fontTools.ttLib import TTCollection, TTFont

    if not path.lower().endswith((".ttc", ".otc")):
        return TTFont(path)
    for index in range(len(TTCollection(path, lazy=True).fonts)):
        font = TTFont(path, fontNumber=index)
        if font["name"].getBestFamilyName() == family:
            return font
    return TTFont(path, fontNumber=0)


def _to_truetype_outlines(font) -> None:  # noqa: ANN001 - a fontTools TTFont
    """Replace a font's CFF (cubic) outlines with TrueType (quadratic) ones, in place."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, CURVE_TOLERANCE, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, glyphs
    del font["CFF "]
    glyf.compile(font)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours", "maxTwilightPoints",
                 "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    maxp.recalc(font)
    post = font["post"]
    post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def subset_truetype(path: str, family: str, text: str) -> bytes:
    """The face `family` of the font file, holding only the glyphs of `text`, with TrueType outlines."""
    from fontTools import subset

    font = _face(path, family)
    options = subset.Options()
    options.layout_features, options.hinting, options.notdef_outline = [], False, True
    options.drop_tables += ["VORG", "vhea", "vmtx", "GSUB", "GPOS", "GDEF", "BASE", "DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    if "CFF " in font:
        _to_truetype_outlines(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
