"""Paths of the files shipped in `resources/` (tiny model, corpus, sample data sets)."""

from __future__ import annotations

from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parent.parent / "resources"
TINY_MODEL_DIR = RESOURCES_DIR / "tiny_model"
DEMO_CORPUS = RESOURCES_DIR / "corpus" / "demo_corpus.txt"
#: Languages of the window and the report (resources/i18n); English is the source language and needs no file.
LANGUAGES = ("en", "ja")


def resource(*parts: str) -> Path:
    """A file under resources/; an error naming it if the checkout lacks it."""
    path = RESOURCES_DIR.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"resource {path} is missing; reinstall from a full checkout")
    return path
