"""How one answer is scored: its final section, matches against the reference, format, refusal, repetition.

Pure functions of text (and token ids), so the figures can be recomputed from the record's items.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

#: A numeric answer matches when its value is within this relative distance of the reference's
#: (so "0.5" matches "1/2"'s decimal 0.5 and "1,000" matches "1000", but 0.51 does not).
NUMERIC_TOLERANCE = 1e-6
#: A tuned model is flagged as collapsed when its distinct-2 is under this share of the base's
#: (the trial's "The cates. The cates. …" had a distinct-2 of about a tenth of the base's) …
COLLAPSE_DISTINCT_RATIO = 0.5
#: … or when its share of repeated 4-grams exceeds the base's by more than this (a phrase repeated
#: to the end of every answer repeats most of its 4-grams; ordinary text repeats few).
COLLAPSE_REPEAT_MARGIN = 0.3

_NUMBER = re.compile(r"[-−]?\d[\d,]*(?:\.\d+)?(?:/\d+)?")
_PUNCT_END = re.compile(r"[\s.。!！?？]+$")


@dataclass(frozen=True)
class AnswerScore:
    """One answer against its reference: the three matches (None where not applicable), format, refusal."""

    final: str | None
    exact: bool | None
    numeric: bool | None
    contains: bool | None
    compliant: bool
    refused: bool

    @property
    def answer_match(self) -> bool | None:
        """Whether any of the three matches holds (None when the item has no reference)."""
        if self.exact is None:
            return None
        return bool(self.exact or self.numeric or self.contains)


def final_answer(output: str, *, start_in: str | None = None) -> str | None:
    """The final section of a model's output through the project's one thinking parser (None: no answer)."""
    from so8t.chat.thinking import parse_thinking

    parsed = parse_thinking(output, start_in=start_in)
    return parsed.answer.strip() if parsed.answer is not None else None


def is_compliant(output: str) -> bool:
    """Whether an output keeps the thinking format: well-formed sections ending in `<final>` (not plain text)."""
    from so8t.chat.thinking import check_thinking

    check = check_thinking(output)
    return check.ok and check.form != "plain"


def is_refusal(final: str | None) -> bool:
    """Whether an answer refuses: the refusal the gate gives for DENY (the detector of the align stage once there)."""
    from so8t.chat.session import REFUSAL

    return final is not None and _normalise(REFUSAL) in _normalise(final)


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").casefold()
    return _PUNCT_END.sub("", " ".join(text.split()))


def _number(text: str) -> float | None:
    text = text.replace("−", "-").replace(",", "")
    try:
        if "/" in text:
            top, bottom = text.split("/")
            return float(top) / float(bottom) if float(bottom) else None
        return float(text)
    except ValueError:
        return None


def last_number(text: str) -> float | None:
    """The last number written in a text (commas as thousands separators, a fraction as its value)."""
    found = _NUMBER.findall(text)
    return _number(found[-1]) if found else None


def score_answer(output: str, reference: str | None, *, start_in: str | None = None) -> AnswerScore:
    """Score one output: exact (normalised text equal), numeric (last numbers equal), contains (reference inside)."""
    final = final_answer(output, start_in=start_in)
    exact = numeric = contains = None
    if reference is not None:
        said = _normalise(final or "")
        ref = _normalise(reference)
        exact = final is not None and said == ref
        contains = final is not None and bool(ref) and ref in said
        ref_number = last_number(reference)
        if ref_number is not None:
            got = last_number(final or "")
            numeric = got is not None and math.isclose(got, ref_number, rel_tol=NUMERIC_TOLERANCE,
                                                        abs_tol=NUMERIC_TOLERANCE)
    return AnswerScore(final, exact, numeric, contains, is_compliant(output), is_refusal(final))


def distinct_n(answers: Sequence[Sequence[int]], n: int = 2) -> float | None:
    """Distinct n-grams over all n-grams of a model's answers (token ids); None when no answer has n tokens."""
    grams = [tuple(a[i:i + n]) for a in answers for i in range(len(a) - n + 1)]
    return len(set(grams)) / len(grams) if grams else None


def repeated_ngram_share(answers: Sequence[Sequence[int]], n: int = 4) -> float | None:
    """The share of n-grams that repeat an earlier n-gram of the same answer, over all answers' n-grams."""
    total = repeated = 0
    for a in answers:
        counts = Counter(tuple(a[i:i + n]) for i in range(len(a) - n + 1))
        total += sum(counts.values())
        repeated += sum(c - 1 for c in counts.values())
    return repeated / total if total else None


def collapse_reasons(distinct_2: float | None, repeat_4: float | None,
                     base_distinct_2: float | None, base_repeat_4: float | None) -> list[str]:
    """Why a model's text counts as collapsed against the base's (empty: it does not)."""
    reasons = []
    if distinct_2 is not None and base_distinct_2 is not None and distinct_2 < COLLAPSE_DISTINCT_RATIO * base_distinct_2:
        reasons.append(f"distinct-2 {distinct_2:.3f} < {COLLAPSE_DISTINCT_RATIO} × base {base_distinct_2:.3f}")
    if repeat_4 is not None and base_repeat_4 is not None and repeat_4 > base_repeat_4 + COLLAPSE_REPEAT_MARGIN:
        reasons.append(f"repeated 4-grams {repeat_4:.3f} > base {base_repeat_4:.3f} + {COLLAPSE_REPEAT_MARGIN}")
    if distinct_2 is None and base_distinct_2 is not None:
        reasons.append("no answer of two tokens or more")
    return reasons
