"""The report as one self-contained HTML file (plots inlined as PNG data) for a browser or a wiki."""

from __future__ import annotations

import base64
import html

from so8t.report.content import Figure, Section, Table, Text

CSS = """
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; max-width: 60em; margin: 2em auto; color: #222; }
h1 { font-size: 17pt; margin-bottom: 2pt; }
h2 { font-size: 13pt; margin-top: 18pt; border-bottom: 1px solid #888; }
table { border-collapse: collapse; margin: 4pt 0 8pt 0; }
caption { text-align: left; font-weight: bold; padding: 2pt 0; }
th { background: #e8e8e8; text-align: left; }
td, th { padding: 2px 8px; border: 1px solid #bbb; vertical-align: top; }
img { max-width: 100%; }
.muted { color: #666; }
.pass { color: #137333; font-weight: bold; }
.fail { color: #b3261e; font-weight: bold; }
"""


def _block(block: Text | Table | Figure, images: dict[str, bytes]) -> str:
    if isinstance(block, Text):
        cls = f' class="{block.tone}"' if block.tone else ""
        return f"<p{cls}>{html.escape(block.text)}</p>"
    if isinstance(block, Table):
        caption = f"<caption>{html.escape(block.caption)}</caption>" if block.caption else ""
        head = ("<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in block.header) + "</tr>"
                if any(block.header) else "")
        body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in block.rows)
        return f"<table>{caption}{head}{body}</table>"
    data = images.get(block.key)
    if data is None:
        return ""
    encoded = base64.b64encode(data).decode("ascii")
    caption = f'<p class="muted">{html.escape(block.caption)}</p>' if block.caption else ""
    return f'<p><img alt="{html.escape(block.key)}" style="width: {block.width * 100:.0f}%" ' \
           f'src="data:image/png;base64,{encoded}"></p>{caption}'


def render_html(title: str, preamble: list[Text], sections: list[Section], images: dict[str, bytes],
                language: str = "en") -> str:
    """The whole report as an HTML document."""
    parts = [f'<!DOCTYPE html><html lang="{html.escape(language)}"><head><meta charset="utf-8">'
             f'<title>{html.escape(title)}</title>'
             f"<style>{CSS}</style></head><body>", f"<h1>{html.escape(title)}</h1>"]
    parts.extend(_block(t, images) for t in preamble)
    for i, section in enumerate(sections, 1):
        parts.append(f'<h2 id="{section.key}">{i}. {html.escape(section.title)}</h2>')
        parts.extend(_block(b, images) for b in section.blocks)
    parts.append("</body></html>")
    return "\n".join(parts)
