"""Cleaning: Unicode and whitespace normalised, empty turns found, exact and near duplicates (MinHash LSH) found."""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Callable
from typing import Any

from so8t.data.shapes import CONVERSATIONS, LABELLED, PAIRS, PROMPTS

#: Near duplicates: Jaccard similarity of word 5-gram sets at or above this (the default of --near-threshold).
NEAR_THRESHOLD = 0.9
#: Words per shingle: 5-grams tell reworded text apart from shared boilerplate phrases.
SHINGLE_WORDS = 5
#: MinHash permutations: 128 keeps the signature at 1 KiB a sample.
NUM_PERM = 128
#: LSH bands x rows (16 x 8 = 128): a pair at Jaccard 0.9 becomes a candidate with probability
#: 1 - (1 - 0.9^8)^16 > 0.9999, one at 0.5 with 0.06; every candidate is then checked exactly.
LSH_BANDS, LSH_ROWS = 16, 8
#: Characters of a snippet in the record (from the prompt or the final answer, never thinking).
SNIPPET_CHARS = 80

_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_BLANK_LINES = re.compile(r"\n{3,}")
_ANY_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def clean_text(text: str) -> str:
    """NFC, one kind of line break, no trailing spaces on a line, at most one blank line, no blanks at the ends.

    Runs of spaces inside a line are kept: indentation in code answers is content."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return _BLANK_LINES.sub("\n\n", _TRAILING_SPACE.sub("\n", text)).strip()


def _clean_messages(messages: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{"role": m["role"], "content": clean_text(m["content"])} for m in messages]


def clean_record(record: dict[str, Any], kind: str) -> dict[str, Any]:
    """Every text of a normalised record cleaned (empty system messages removed: they hold nothing)."""
    out = dict(record)
    if kind == CONVERSATIONS:
        out["messages"] = [m for m in _clean_messages(record["messages"])
                           if m["role"] != "system" or m["content"]]
    elif kind == PAIRS:
        for side in ("prompt", "chosen", "rejected"):
            value = record[side]
            out[side] = clean_text(value) if isinstance(value, str) else _clean_messages(value)
    elif kind == PROMPTS:
        out["prompt"] = clean_text(record["prompt"])
        if "answer" in record:
            out["answer"] = clean_text(record["answer"])
    else:
        out["text"] = clean_text(record["text"])
    return out


def _texts(value: str | list[dict[str, str]]) -> list[str]:
    return [value] if isinstance(value, str) else [m["content"] for m in value]


def record_texts(record: dict[str, Any], kind: str) -> list[str]:
    """The texts of a record in order: what duplicates are judged on (the whole conversation)."""
    if kind == CONVERSATIONS:
        return [m["content"] for m in record["messages"]]
    if kind == PAIRS:
        return [t for side in ("prompt", "chosen", "rejected") for t in _texts(record[side])]
    if kind == PROMPTS:
        return [record["prompt"], *([record["answer"]] if "answer" in record else [])]
    return [record["text"]]


def drop_reason(record: dict[str, Any], kind: str) -> str | None:
    """`empty_turn` or `no_assistant` for a cleaned record that cannot be learned from, else None."""
    if kind == CONVERSATIONS:
        messages = record["messages"]
        if any(not m["content"] for m in messages):
            return "empty_turn"
        if not any(m["role"] == "assistant" for m in messages):
            return "no_assistant"
        return None
    if any(not t for t in record_texts(record, kind)):
        return "empty_turn"
    return None


def prompt_text(record: dict[str, Any], kind: str) -> str:
    """The user's words of a record (the first user message): what snippets and safety scores read."""
    if kind == CONVERSATIONS:
        return next((m["content"] for m in record["messages"] if m["role"] == "user"), "")
    if kind in (PAIRS,):
        prompt = record["prompt"]
        return prompt if isinstance(prompt, str) else next((m["content"] for m in prompt if m["role"] == "user"), "")
    if kind == PROMPTS:
        return record["prompt"]
    assert kind == LABELLED
    return record["text"]


def snippet(text: str) -> str:
    """The start of a text on one line, for the record's cluster list."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= SNIPPET_CHARS else one_line[: SNIPPET_CHARS - 1] + "…"


def exact_key(texts: list[str]) -> bytes:
    """The hash exact duplicates share: the texts with every run of whitespace made one space."""
    h = hashlib.blake2b(digest_size=16)
    for text in texts:
        h.update(_ANY_SPACE.sub(" ", text).strip().encode("utf-8"))
        h.update(b"\x00")
    return h.digest()


def shingles(texts: list[str]) -> set[str]:
    """Word 5-grams of the lower-cased text without punctuation (the whole text when it has fewer words)."""
    words = _WORD.findall(" ".join(texts).lower().replace("_", " "))
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _band_hash(data: bytes) -> bytes:
    """LSH bucket keys: 8 bytes are enough to tell bands apart and keep the index small."""
    return hashlib.blake2b(data, digest_size=8).digest()


class NearDuplicateIndex:
    """Finds, for each new text, an earlier kept text it nearly duplicates (keep the first of a cluster).

    Candidates come from MinHash LSH; each is confirmed by the exact Jaccard of the two shingle sets,
    whose earlier side `shingles_of(key)` reads back (from the spooled records): memory holds the
    index, not the texts.
    """

    def __init__(self, shingles_of: Callable[[int], set[str]], threshold: float = NEAR_THRESHOLD) -> None:
        from datasketch import MinHash, MinHashLSH

        self._minhash = MinHash
        self._lsh = MinHashLSH(num_perm=NUM_PERM, params=(LSH_BANDS, LSH_ROWS), hashfunc=_band_hash)
        self._shingles_of = shingles_of
        self.threshold = threshold
        # crc32 (C) in place of datasketch's default sha1 wrapper: a third of the time per sample, and
        # every candidate is confirmed exactly, so a weaker hash costs nothing in precision.
        self._template = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=zlib.crc32)

    def match(self, key: int, grams: set[str]) -> int | None:
        """The key of an earlier text this one nearly duplicates (that text is kept), else None: then it joins the index."""
        if not grams:
            return None
        m = self._template.copy()
        m.update_batch([g.encode("utf-8") for g in grams])
        best: tuple[float, int] | None = None
        for other in self._lsh.query(m):
            score = jaccard(grams, self._shingles_of(other))
            if score >= self.threshold and (best is None or (score, -other) > (best[0], -best[1])):
                best = (score, other)
        if best is not None:
            return best[1]
        self._lsh.insert(key, m, check_duplication=False)
        return None
