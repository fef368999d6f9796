"""The align stage's report section: its record's figures, then the align curves (from events.jsonl)."""

from __future__ import annotations

from typing import Any

#: The align curves in the section's order (so8t.report.gather.ALIGN_PLOTS draws them; a missing one is left out).
FIGURES = ("align_loss", "dpo_accuracy", "dpo_margin", "reward", "align_kl", "tie_share")


def report_blocks(record: Any) -> list[Any]:
    """The align section's blocks: the record as a table, the per-function rewards, and the curves."""
    from so8t.report.content import Figure, Table, _kv, record_rows
    from so8t.report.format import format_value
    from so8t.report.words import tr

    blocks: list[Any] = [_kv(record_rows(record))]
    rewards = getattr(record, "rewards", None) or {}
    if rewards:
        rows = [[str(name), format_value(stats.get("mean")), format_value(stats.get("std"))]
                for name, stats in rewards.items() if isinstance(stats, dict)]
        blocks.append(Table([tr("reward"), tr("mean"), tr("std")], rows, caption=tr("Rewards over the last 10 steps")))
    blocks += [Figure(key, width=0.8) for key in FIGURES]
    return blocks
