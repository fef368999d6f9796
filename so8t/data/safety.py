"""Safety buckets of a data set: every prompt judged by a run's calibrated head with the chat gate's rule, REVIEW when unsure."""

from __future__ import annotations

import heapq
import os
from typing import Any

from so8t.data.clean import prompt_text, snippet
from so8t.data.shapes import CONVERSATIONS

#: The bucket a sample gets when the head's top probability is under `review_below` (ALLOW or ESCALATION only).
REVIEW = "REVIEW"
#: The DENY items whose prompts the record lists, highest p(DENY) first.
LISTED_DENY = 10


def bucket_of(label: str, probabilities: dict[str, float], review_below: float) -> str:
    """The gate's decision, with REVIEW in place of ALLOW or ESCALATION when the top probability is under `review_below`."""
    if label != "DENY" and max(probabilities.values()) < review_below:
        return REVIEW
    return label


class SafetyBuckets:
    """Judges each sample's prompt turns with `Gate.judge`'s rule and counts the buckets."""

    def __init__(self, run_dir: str | os.PathLike[str], review_below: float) -> None:
        from so8t.chat.gate import load_run_gate

        self.run = str(run_dir)
        self.gate = load_run_gate(run_dir)
        self.review_below = review_below
        self.counts = {"ALLOW": 0, "ESCALATION": 0, "DENY": 0, REVIEW: 0}
        self._deny: list[tuple[float, int, dict[str, Any]]] = []

    def judge(self, record: dict[str, Any], kind: str, ref: str) -> str:
        """The sample's bucket: a conversation by its system and user turns, any other kind by its prompt or text."""
        if kind == CONVERSATIONS:
            verdict = self.gate.judge_conversation(record["messages"])
        else:
            verdict = self.gate.judge(prompt_text(record, kind))
        probabilities = verdict.probabilities or {}
        bucket = bucket_of(verdict.label, probabilities, self.review_below)
        self.counts[bucket] += 1
        if bucket == "DENY":
            item = {"id": ref, "p_deny": probabilities.get("DENY"), "prompt": snippet(prompt_text(record, kind))}
            heapq.heappush(self._deny, (float(probabilities.get("DENY", 0.0)), -len(self._deny), item))
            if len(self._deny) > LISTED_DENY:
                heapq.heappop(self._deny)
        return bucket

    def to_dict(self, dropped: list[str]) -> dict[str, Any]:
        top = [item for _, _, item in sorted(self._deny, key=lambda t: (t[0], t[1]), reverse=True)]
        return {"run": self.run, "review_below": self.review_below, "calibrated": self.gate.calibrated,
                "temperature": self.gate.temperature, "counts": dict(self.counts), "dropped_buckets": dropped,
                "top_deny": top}
