"""How the commands print numbers and text for a person (`--json` keeps the raw values)."""

from __future__ import annotations

import re

_UNITS = ("B", "KiB", "MiB", "GiB", "TiB")


def human_size(size: int | float | None) -> str:
    """Bytes as a person reads them: 512 B, 3.4 MiB, 7.1 GiB."""
    if size is None:
        return "-"
    value = float(size)
    for unit in _UNITS:
        if abs(value) < 1024 or unit == _UNITS[-1]:
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} {_UNITS[-1]}"


#: Control characters a terminal acts on (ESC clears the screen or sets the title, CR overwrites a line):
#: C0 but newline and tab, DEL, and C1. Names and reasons read from a run folder can hold any of them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def escape_controls(text: str) -> str:
    """`text` with every terminal control character written as an escape (\\x1b), newlines and tabs kept."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
