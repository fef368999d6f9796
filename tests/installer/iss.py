"""A reader for installer.iss: sections, [Setup] keys, entry parameters, #define values."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ISS = ROOT / "installer.iss"


class Script:
    """installer.iss read the way ISCC reads it: `#define`s substituted, `;` comments dropped."""

    def __init__(self, path: Path = ISS) -> None:
        self.text = path.read_text(encoding="utf-8-sig")
        self.defines = dict(re.findall(r'^\s*#define (\w+) "([^"]*)"', self.text, re.M))
        self.sections: dict[str, list[str]] = {}
        current = None
        for raw in self.text.splitlines():
            line = re.sub(r"\{#(\w+)\}", lambda m: self.defines[m[1]], raw)
            m = re.fullmatch(r"\[(\w+)\]", line.strip())
            if m:
                current = m[1]
                self.sections[current] = []
            elif current and (current == "Code" or (line.strip() and not line.lstrip().startswith(";"))):
                self.sections[current].append(line)

    def setup(self, key: str) -> str | None:
        for line in self.sections["Setup"]:
            k, _, v = line.partition("=")
            if k.strip() == key:
                return v.strip()
        return None

    def entries(self, section: str) -> list[dict[str, str]]:
        """`Name: "x"; Flags: y` lines as dicts (quotes removed, "" unescaped)."""
        out = []
        for line in self.sections.get(section, []):
            params = re.findall(r'(\w+):\s*("(?:[^"]|"")*"|[^;]*)', line)
            out.append({k: (v[1:-1].replace('""', '"') if v.startswith('"') else v.strip()) for k, v in params})
        return out

    def code(self) -> str:
        return "\n".join(self.sections["Code"])

    def procedure(self, name: str) -> str:
        """The body of a [Code] procedure or function, up to the next one."""
        m = re.search(rf"^(procedure|function) {name}\b.*?(?=^(procedure|function) |\Z)", self.code(), re.M | re.S)
        assert m, f"{name} missing from [Code]"
        return m[0]
