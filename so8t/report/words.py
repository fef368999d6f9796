"""The report's words in English or Japanese, read from the window's translation files without Qt.

A report text is written in English in so8t/report/ and marked: `tr("…")` where it is used, or
`N_("…")` where a table defines it (translated later by `tr`). resources/i18n/fill_ja.py collects
the marked texts (`marked_texts`) into the `Report` context of resources/i18n/so8t_ja.ts with their
Japanese; `so8t report --lang ja` reads them from there (resources/i18n/README.md).
"""

from __future__ import annotations

import ast
import contextlib
import contextvars
import functools
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from so8t.errors import ConfigError
from so8t.resources import LANGUAGES, RESOURCES_DIR

#: The .ts context holding the report's texts.
CONTEXT = "Report"
TS_FILE = "so8t_{}.ts"
REPORT_SOURCES = Path(__file__).parent
#: `so8t compare`'s PDF speaks the report's language with the report's words (so8t/compare).
COMPARE_SOURCES = REPORT_SOURCES.parent / "compare"
#: Names of the marker functions the collector looks for.
MARKERS = ("tr", "N_")


def N_(text: str) -> str:
    """Marks a text for translation where it is defined; `tr` translates it where it is shown."""
    return text


@functools.cache
def catalog(language: str) -> dict[str, str]:
    """English text -> translation, from the `Report` context of the language's .ts file ({} for English)."""
    if language not in LANGUAGES:
        raise ConfigError(f"report language {language!r} is not one of {', '.join(LANGUAGES)}",
                          "use --lang en or --lang ja")
    if language == "en":
        return {}
    path = RESOURCES_DIR / "i18n" / TS_FILE.format(language)
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise ConfigError(f"translation file {path} cannot be read ({exc})",
                          "reinstall the panel, or write the report with --lang en") from None
    texts = {}
    for context in root.iter("context"):
        if context.findtext("name") != CONTEXT:
            continue
        for message in context.iter("message"):
            source, translation = message.findtext("source"), message.find("translation")
            if source and translation is not None and translation.text and not translation.get("type"):
                texts[source] = translation.text
    return texts


_LANGUAGE: contextvars.ContextVar[str] = contextvars.ContextVar("report_language", default="en")


@contextlib.contextmanager
def speaking(language: str) -> Iterator[None]:
    """Report texts built inside are in `language` (checked and loaded first)."""
    catalog(language)
    token = _LANGUAGE.set(language)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def language() -> str:
    """The language report texts are being written in."""
    return _LANGUAGE.get()


def tr(text: str) -> str:
    """`text` in the report's language (English where no translation exists)."""
    return catalog(_LANGUAGE.get()).get(text, text)


def declared_texts() -> list[str]:
    """The texts so8t's stages and record types declare once and the report shows: titles and field labels."""
    from dataclasses import fields

    from so8t.stage_contract import all_stages
    from so8t.store.records import record_types

    texts = [stage.title for stage in all_stages().values() if type(stage).__module__.startswith("so8t.")]
    own = [f for record_type in record_types() if record_type.__module__.startswith("so8t.") for f in fields(record_type)]
    texts += [f.metadata["label"] for f in own if f.metadata.get("label")]
    texts += [word for f in own for word in f.metadata.get("values", ())]
    return texts


def stage_report_sources() -> list[Path]:
    """The sources of so8t's stage packages that write their own report blocks (their texts are the report's too)."""
    import importlib.util

    from so8t.stage_contract import all_stages

    paths: list[Path] = []
    for stage in all_stages().values():
        module = (stage.report_block or "").partition(":")[0]
        if not module.startswith("so8t."):
            continue
        spec = importlib.util.find_spec(module)
        if spec is not None and spec.origin:
            paths += sorted(Path(spec.origin).parent.glob("*.py"))
    return paths


def marked_texts(folder: Path = REPORT_SOURCES) -> list[str]:
    """Every text marked with tr(…) or N_(…) in the report's sources, and the stages' and records' declared texts, each once."""
    texts: dict[str, None] = dict.fromkeys(declared_texts()) if folder == REPORT_SOURCES else {}
    paths = sorted(folder.glob("*.py"))
    if folder == REPORT_SOURCES:
        paths += stage_report_sources() + sorted(COMPARE_SOURCES.glob("*.py"))
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                texts[node.args[0].value] = None
    return list(texts)
