"""The evaluation's report section and the cells of its A/B table (the window's Results shows the same cells)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from so8t.evaluate.table import METRIC_BY_KEY, plain_words
from so8t.report.words import N_

Translate = Callable[[str], str]

#: The A/B table's columns, in English (translated where shown).
AB_COLUMNS = (N_("metric"), N_("base"), N_("tuned"), N_("delta"), N_("95 % CI of the delta"), N_("McNemar p"))


def _number(value: Any, percent: bool) -> str:
    if value is None:
        return "—"
    return f"{100 * value:.1f} %" if percent else f"{value:.3f}"


def ab_cells(record: Any, tr: Translate) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of the A/B table as a person reads it: rates in percent, deltas in points."""
    rows = []
    for row in record.ab:
        metric = METRIC_BY_KEY.get(row.get("metric", ""))
        percent = metric is not None and metric.field not in ("loss", "set")
        if row.get("metric") == "collapsed":
            cells = [tr("yes") if row.get(k) else tr("no") if row.get(k) is not None else "—" for k in ("base", "tuned")]
            rows.append([tr(row["label"]), *cells, "—", "—", "—"])
            continue
        delta = row.get("delta")
        if delta is None:
            delta_text = "—"
        else:
            delta_text = f"{100 * delta:+.1f}" if percent else f"{delta:+.3f}"
        if row.get("ci_low") is None:
            ci = "—"
        elif percent:
            ci = f"{100 * row['ci_low']:+.1f} … {100 * row['ci_high']:+.1f}"
        else:
            ci = f"{row['ci_low']:+.3f} … {row['ci_high']:+.3f}"
        p = row.get("p_value")
        rows.append([tr(row["label"]), _number(row.get("base"), percent), _number(row.get("tuned"), percent),
                     delta_text, ci, "—" if p is None else f"{p:.3g}"])
    return [tr(c) for c in AB_COLUMNS], rows


def summary_line(record: Any, tr: Translate) -> str:
    """The table in plain words, in the reader's language (recomputed from the rows)."""
    base, _, tuned = record.compared.partition(" → ")
    return plain_words(record.ab, tr, base=tr(base or "base"), tuned=tr(tuned or "tuned"))


def speed_rows(record: Any) -> list[list[str]]:
    """One row per GGUF: prompt and generation tokens/s measured around llama.cpp, and its own counters'."""
    rows = []
    for name, figures in record.models.items():
        speed = figures.get("speed")
        if speed:
            rows.append([name.removeprefix("gguf:"), *("—" if speed.get(k) is None else f"{speed[k]:.0f}" for k in (
                "prompt_tokens_per_s", "gen_tokens_per_s", "llama_prompt_tokens_per_s", "llama_gen_tokens_per_s"))])
    return rows


def report_blocks(record: Any) -> list[Any]:
    """The report's evaluation section: the line in plain words, the A/B table, and GGUF speed."""
    from so8t.report.content import Table, Text
    from so8t.report.words import tr

    header, rows = ab_cells(record, tr)
    blocks: list[Any] = [Text(summary_line(record, tr)),
                         Table(header, rows, caption=tr("A/B on {0} held-out items ({1})").format(
                             record.n_items, record.compared))]
    speed = speed_rows(record)
    if speed:
        blocks.append(Table([tr("GGUF"), tr("prompt tokens/s"), tr("generation tokens/s"),
                             tr("prompt tokens/s (llama.cpp)"), tr("generation tokens/s (llama.cpp)")], speed,
                            caption=tr("Greedy generation speed in llama.cpp")))
    if record.collapsed:
        blocks.append(Text(tr("Collapsed text: {0}").format(", ".join(record.collapsed)), "fail"))
    return blocks
