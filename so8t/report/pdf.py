"""The report as an A4 PDF, laid out by reportlab (no Qt): headings stay with their content, tables repeat their header."""

from __future__ import annotations

import hashlib
import io
import os
import unicodedata
from pathlib import Path
from typing import Any

from so8t.report.content import Figure, Section, Table, Text
from so8t.report.words import tr

PAGE_MARGIN_MM = 15
FONT, FONT_BOLD = "SO8TSans", "SO8TSans-Bold"
#: The font of characters DejaVu Sans lacks (Japanese), registered per set of characters.
CJK_FONT_PREFIX = "SO8TCJK-"
TONE_COLOURS = {"pass": "#137333", "fail": "#b3261e", "muted": "#666666"}


def _register_fonts() -> None:
    """DejaVu Sans (shipped with matplotlib) for text beyond Latin-1: Δ, ‖, ≈, —; Japanese gets `_register_cjk`."""
    from matplotlib import font_manager
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    regular = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"), fallback_to_default=True)
    bold = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans", weight="bold"),
                                 fallback_to_default=True)
    pdfmetrics.registerFont(TTFont(FONT, regular))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, bold))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


class Fonts:
    """Which font draws each character: DejaVu Sans where it has the glyph, else the CJK font (if any)."""

    def __init__(self, cjk: str | None, covered: set[int]) -> None:
        self.cjk, self.covered = cjk, covered

    def runs(self, text: str) -> list[tuple[str, bool]]:
        """`text` cut into (part, needs the CJK font) runs."""
        out: list[tuple[str, bool]] = []
        for ch in text:
            cjk = self.cjk is not None and ord(ch) not in self.covered and not ch.isspace()
            if out and out[-1][1] == cjk:
                out[-1] = (out[-1][0] + ch, cjk)
            else:
                out.append((ch, cjk))
        return out

    def markup(self, text: str) -> str:
        """Paragraph markup of plain text: escaped, its CJK runs in the CJK font."""
        return "".join(f'<font name="{self.cjk}">{_escape(part)}</font>' if cjk else _escape(part)
                       for part, cjk in self.runs(text))


def _register_cjk(text: str) -> Fonts:
    """DejaVu's coverage, and a CJK font subset to the characters of `text` it lacks (None where none is installed)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from so8t.report.fonts import cjk_font_files, subset_truetype
    from so8t.report.plots import CJK_FONTS

    covered = set(pdfmetrics.getFont(FONT).face.charToGlyph)
    missing = "".join(sorted({ch for ch in text if ord(ch) not in covered and not ch.isspace()}))
    if not missing:
        return Fonts(None, covered)
    name = CJK_FONT_PREFIX + hashlib.sha256(missing.encode("utf-8")).hexdigest()[:12]
    if name in pdfmetrics.getRegisteredFontNames():
        return Fonts(name, covered)
    for path, family in cjk_font_files(CJK_FONTS):
        try:
            pdfmetrics.registerFont(TTFont(name, io.BytesIO(subset_truetype(path, family, missing))))
        except Exception:  # noqa: BLE001 - a font that cannot be read or converted: try the next one
            continue
        pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
        return Fonts(name, covered)
    return Fonts(None, covered)  # no CJK font on this machine: those characters show as boxes


def _all_text(title: str, preamble: list[Text], sections: list[Section], footer: str) -> str:
    parts = [title, footer, *(t.text for t in preamble)]
    for section in sections:
        parts.append(section.title)
        for block in section.blocks:
            if isinstance(block, Text):
                parts.append(block.text)
            elif isinstance(block, Table):
                parts.extend([block.caption, *map(str, block.header), *(str(c) for row in block.rows for c in row)])
            else:
                parts.append(block.caption)
    return "".join(parts)


def _styles() -> dict[str, Any]:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=11.5, spaceAfter=4)
    styles = {
        "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=6),
        # keepWithNext: a heading never ends a page without the start of its section below it.
        "h2": ParagraphStyle("h2", parent=body, fontName=FONT_BOLD, fontSize=12, leading=15, spaceBefore=10,
                             spaceAfter=5, keepWithNext=1),
        "caption": ParagraphStyle("caption", parent=body, fontName=FONT_BOLD, fontSize=8.5, spaceAfter=2,
                                  keepWithNext=1),
        "cell": ParagraphStyle("cell", parent=body, fontSize=7.5, leading=9, spaceAfter=0),
        "head": ParagraphStyle("head", parent=body, fontName=FONT_BOLD, fontSize=7.5, leading=9, spaceAfter=0),
        "body": body,
    }
    for tone, colour in TONE_COLOURS.items():
        styles[tone] = ParagraphStyle(tone, parent=body, textColor=HexColor(colour),
                                      fontName=FONT if tone == "muted" else FONT_BOLD)
    return styles


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _table(block: Table, styles: dict[str, Any], width: float, fonts: Fonts) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, TableStyle
    from reportlab.platypus import Table as RLTable

    has_header = any(block.header)
    data = [[Paragraph(fonts.markup(h), styles["head"]) for h in block.header]] if has_header else []
    data += [[Paragraph(fonts.markup(str(c)), styles["cell"]) for c in row] for row in block.rows]
    if not data:
        return []
    table = RLTable(data, repeatRows=1 if has_header else 0, hAlign="LEFT",
                    colWidths=_column_widths(block, width))
    style = [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#bbbbbb")),
             ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]
    if has_header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")))
    table.setStyle(TableStyle(style))
    parts: list[Any] = []
    if block.caption:
        parts.append(Paragraph(fonts.markup(block.caption), styles["caption"]))
    parts.append(table)
    return parts


#: Points per character of table text (7.5 pt DejaVu Sans) and a cell's left + right padding.
CHAR_PT, CELL_PADDING_PT = 5.0, 12.0
#: A header is bold and often in capitals: its characters count this much wider than a cell's.
HEADER_WIDTH = 1.35
#: A column is never narrower than this many characters.
MIN_COLUMN_CHARS = 4


def _chars(text: str) -> int:
    """Width of `text` in Latin characters: a Japanese (wide) character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _column_widths(block: Table, width: float) -> list[float] | None:
    """Columns sized by their longest text; when they do not fit, the text parts shrink in proportion."""
    columns = max([len(block.header), *(len(r) for r in block.rows)])
    if columns == 0:
        return None
    def head(i: int) -> str:
        return str(block.header[i]) if i < len(block.header) else ""

    longest = [max([round(_chars(head(i)) * HEADER_WIDTH)]
                   + [_chars(str(r[i])) for r in block.rows if i < len(r)]) for i in range(columns)]
    # A column is at least as wide as its longest word, so no word is broken across lines (a header's
    # bold capitals, "ESCALATION", included).
    words = [max([round(_chars(w) * HEADER_WIDTH) for w in head(i).split()]
                 + [_chars(w) for row in block.rows if i < len(row) for w in str(row[i]).split()]
                 + [MIN_COLUMN_CHARS]) for i in range(columns)]
    text = [max(n, MIN_COLUMN_CHARS) * CHAR_PT for n in longest]
    floors = [min(w, 24) * CHAR_PT for w in words]
    room = width - CELL_PADDING_PT * columns
    if sum(text) > room:
        # Shrink only the columns wider than their fair share; short ones keep their width.
        fixed = [t for t in text if t <= room / columns]
        share = (room - sum(fixed)) / max(1.0, sum(t for t in text if t > room / columns))
        text = [t if t <= room / columns else max(f, t * share) for t, f in zip(text, floors, strict=True)]
    return [t + CELL_PADDING_PT for t in text]


def _figure(block: Figure, images: dict[str, bytes], width: float) -> Any | None:
    from reportlab.platypus import Image

    data = images.get(block.key)
    if data is None:
        return None
    from PIL import Image as PILImage

    with PILImage.open(io.BytesIO(data)) as img:
        w_px, h_px = img.size
    w = width * block.width
    return Image(io.BytesIO(data), width=w, height=w * h_px / w_px)


def render_pdf(title: str, preamble: list[Text], sections: list[Section], images: dict[str, bytes],
               path: str | os.PathLike[str]) -> int:
    """Write the report to `path` (the caller renames it into place); returns the page count."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

    _register_fonts()
    footer_text = tr("{0} — page {1}")
    fonts = _register_cjk(_all_text(title, preamble, sections, footer_text))
    styles = _styles()
    margin = PAGE_MARGIN_MM * mm
    doc = SimpleDocTemplate(str(Path(path)), pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=margin,
                            bottomMargin=margin, title=title, author="SO8T Control Panel", creator="SO8T Control Panel")
    width = A4[0] - 2 * margin
    pages = [0]

    def footer(canvas: Any, _doc: Any) -> None:
        pages[0] = canvas.getPageNumber()
        canvas.saveState()
        canvas.setFillColorRGB(0.4, 0.4, 0.4)
        runs = [(part, fonts.cjk if cjk else FONT) for part, cjk in fonts.runs(footer_text.format(title, pages[0]))]
        x = A4[0] - margin - sum(canvas.stringWidth(part, font, 7) for part, font in runs)
        for part, font in runs:  # right-aligned, each run in its font
            canvas.setFont(font, 7)
            canvas.drawString(x, margin / 2, part)
            x += canvas.stringWidth(part, font, 7)
        canvas.restoreState()

    story: list[Any] = [Paragraph(fonts.markup(title), styles["title"])]
    story.extend(Paragraph(fonts.markup(t.text), styles.get(t.tone or "body", styles["body"])) for t in preamble)
    for i, section in enumerate(sections, 1):
        flowables: list[Any] = []
        for block in section.blocks:
            if isinstance(block, Text):
                flowables.append(Paragraph(fonts.markup(block.text), styles.get(block.tone or "body", styles["body"])))
            elif isinstance(block, Table):
                flowables.extend(_table(block, styles, width, fonts))
                flowables.append(Spacer(1, 4))
            else:
                image = _figure(block, images, width)
                if image is not None:
                    flowables.append(image)
                    if block.caption:
                        flowables.append(Paragraph(fonts.markup(block.caption), styles["muted"]))
        heading = Paragraph(f"{i}. {fonts.markup(section.title)}", styles["h2"])
        # The heading travels with the section's first block (a figure or the first rows of a table).
        story.append(KeepTogether([heading, flowables[0]]) if flowables else heading)
        story.extend(flowables[1:])
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return pages[0]
