"""Paths of the files shipped in `resources/` (tiny model, corpus, sample data sets)."""

from __future__ import annotations

from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parent.parent / "resources"
TINY_MODEL_DIR = RESOURCES_DIR / "tiny_model"
DEMO_CORPUS = RESOURCES_DIR / "corpus" / "demo_corpus.txt"
#: Sample data files for `so8t data` (resources/data_samples/README.md): chat sets in three shapes, with
#: planted duplicates and malformed thinking, that the demo prepares and trains on.
DATA_SAMPLES_DIR = RESOURCES_DIR / "data_samples"
DEMO_DATA_FILES = tuple(DATA_SAMPLES_DIR / name for name in ("chat_openai.jsonl", "chat_sharegpt.json", "chat_alpaca.csv"))
#: 42 prompts with reference answers and labels: arithmetic asking for <think>/<final>, and safety prompts
#: of the three classes (for the align and evaluate stages).
DEMO_PROMPTS = DATA_SAMPLES_DIR / "arithmetic_and_safety_prompts.jsonl"
#: Languages of the window and the report (resources/i18n); English is the source language and needs no file.
LANGUAGES = ("en", "ja")


def resource(*parts: str) -> Path:
    """A file under resources/; an error naming it if the checkout lacks it."""
    path = RESOURCES_DIR.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"resource {path} is missing; reinstall from a full checkout")
    return path
