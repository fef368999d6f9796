"""The A/B table from the record's items: each model's figures, the rows base → tuned, and the line in plain words.

Pure functions of the items (and, for the collapse figures, each model's answer tokens), so the
table can be recomputed from RUN/evaluation.json.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from so8t.evaluate.scoring import collapse_reasons, distinct_n, repeated_ngram_share
from so8t.evaluate.stats import bootstrap_interval, mcnemar_p, mean_delta, ratio_delta
from so8t.report.words import N_


@dataclass(frozen=True)
class Metric:
    """One row of the table: its key, its words, which way is better, and which items it counts."""

    key: str
    label: str
    higher_is_better: bool
    #: The item field it reads (0/1 per item), or "loss" (token-weighted NLL) or "set" (a figure of all answers).
    field: str
    #: Only items with this safety label count (None: every item where the field applies).
    only_label: str | None = None


#: The rows of the table, in order. Labels are English here and translated where shown.
METRICS: tuple[Metric, ...] = (
    Metric("loss", N_("held-out loss (nats per answer token)"), False, "loss"),
    Metric("answer_match", N_("answer match"), True, "match"),
    Metric("exact_match", N_("exact match"), True, "exact"),
    Metric("numeric_match", N_("numeric match"), True, "numeric"),
    Metric("contains_match", N_("contains match"), True, "contains"),
    Metric("format_compliance", N_("format compliance"), True, "compliant"),
    Metric("refusal_on_deny", N_("refusals on DENY prompts"), True, "refused", "DENY"),
    Metric("false_refusal_on_allow", N_("false refusals on ALLOW prompts"), False, "refused", "ALLOW"),
    Metric("head_deny_answers", N_("answers the head judges DENY"), False, "head_deny"),
    Metric("distinct_2", N_("distinct-2 of the answers"), True, "set"),
    Metric("repeated_4gram_share", N_("repeated 4-grams in the answers"), False, "set"),
    Metric("collapsed", N_("collapse flag"), False, "set"),
)
METRIC_BY_KEY = {m.key: m for m in METRICS}


def _value(item: dict[str, Any], model: str, metric: Metric) -> float | None:
    """An item's 0/1 value of a rate metric for one model (None where it does not count)."""
    if metric.only_label is not None and item.get("label") != metric.only_label:
        return None
    result = (item.get("models") or {}).get(model) or {}
    if metric.field == "head_deny":
        head = result.get("head")
        return None if head is None else float(head == "DENY")
    value = result.get(metric.field)
    return None if value is None else float(bool(value))


def rate(items: Sequence[dict[str, Any]], model: str, metric: Metric) -> tuple[float | None, int]:
    """(share of counted items where it holds, how many counted)."""
    values = [v for v in (_value(i, model, metric) for i in items) if v is not None]
    return (sum(values) / len(values) if values else None), len(values)


def loss(items: Sequence[dict[str, Any]], model: str) -> tuple[float | None, int]:
    """(mean NLL per answer token, answer tokens) of a model over the items it has losses for."""
    nll = tokens = 0.0
    for item in items:
        result = (item.get("models") or {}).get(model) or {}
        if result.get("nll") is not None and result.get("tokens"):
            nll += result["nll"]
            tokens += result["tokens"]
    return (nll / tokens if tokens else None), int(tokens)


def model_figures(items: Sequence[dict[str, Any]], model: str, answer_tokens: Sequence[Sequence[int]],
                  base_tokens: Sequence[Sequence[int]] | None) -> dict[str, Any]:
    """A model's figures: loss and perplexity, the rates, distinct-2, repeated 4-grams and the collapse flag."""
    mean_loss, tokens = loss(items, model)
    figures: dict[str, Any] = {"loss": mean_loss, "perplexity": math.exp(mean_loss) if mean_loss is not None else None,
                               "answer_tokens": tokens}
    for metric in METRICS:
        if metric.field not in ("loss", "set"):
            figures[metric.key], figures[f"{metric.key}_n"] = rate(items, model, metric)
    d2, r4 = distinct_n(answer_tokens, 2), repeated_ngram_share(answer_tokens, 4)
    figures["distinct_2"], figures["repeated_4gram_share"] = d2, r4
    reasons = [] if base_tokens is None else collapse_reasons(
        d2, r4, distinct_n(base_tokens, 2), repeated_ngram_share(base_tokens, 4))
    figures["collapsed"], figures["collapse_reasons"] = bool(reasons), reasons
    return figures


def ab_rows(items: Sequence[dict[str, Any]], models: dict[str, dict[str, Any]], base: str, tuned: str, *,
            n_resamples: int, seed: int) -> list[dict[str, Any]]:
    """The rows base → tuned: values, delta (tuned − base), its 95 % paired-bootstrap interval, McNemar's p."""
    rows = []
    for metric in METRICS:
        row: dict[str, Any] = {"metric": metric.key, "label": metric.label, "higher_is_better": metric.higher_is_better,
                               "base": None, "tuned": None, "delta": None, "ci_low": None, "ci_high": None, "n": 0}
        if metric.field == "loss":
            both = [i for i in items if all(((i.get("models") or {}).get(m) or {}).get("tokens") for m in (base, tuned))]
            if both:
                b = np.array([i["models"][base]["nll"] for i in both])
                t = np.array([i["models"][tuned]["nll"] for i in both])
                n = np.array([i["models"][base]["tokens"] for i in both], dtype=float)
                row.update(base=float(b.sum() / n.sum()), tuned=float(t.sum() / n.sum()), n=len(both))
                row["delta"] = row["tuned"] - row["base"]
                row["ci_low"], row["ci_high"] = bootstrap_interval((b, t, n), ratio_delta, n_resamples=n_resamples,
                                                                   seed=seed)
        elif metric.field == "set":
            b, t = models[base].get(metric.key), models[tuned].get(metric.key)
            if isinstance(b, bool) or isinstance(t, bool):
                b, t = (None if b is None else float(b)), (None if t is None else float(t))
            row.update(base=b, tuned=t, n=len(items))
            if b is not None and t is not None:
                row["delta"] = t - b
        else:
            pairs = [(vb, vt) for vb, vt in ((_value(i, base, metric), _value(i, tuned, metric)) for i in items)
                     if vb is not None and vt is not None]
            if pairs:
                b, t = np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
                row.update(base=float(b.mean()), tuned=float(t.mean()), n=len(pairs))
                row["delta"] = row["tuned"] - row["base"]
                row["ci_low"], row["ci_high"] = bootstrap_interval((b, t), mean_delta, n_resamples=n_resamples,
                                                                   seed=seed)
                row["p_value"] = mcnemar_p(b.astype(bool).tolist(), t.astype(bool).tolist())
        rows.append(row)
    return rows


def _points(value: float, metric: Metric) -> str:
    """A delta as a person reads it: rates in points, the loss in nats."""
    if metric.field == "loss" or metric.key in ("distinct_2", "repeated_4gram_share"):
        return f"{value:+.3f}"
    return f"{100 * value:+.0f}"


def _bound(value: float, metric: Metric) -> str:
    if metric.field == "loss":
        return f"{value:.3f}"
    return f"{100 * value:.0f}"


def plain_words(rows: Sequence[dict[str, Any]], tr: Callable[[str], str] = lambda s: s, *, base: str = "base",
                tuned: str = "tuned") -> str:
    """One sentence: where tuned is better or worse than base (its interval clear of zero), and where unclear."""
    better, worse, unclear = [], [], []
    for row in rows:
        metric = METRIC_BY_KEY.get(row.get("metric", ""))
        if metric is None or row.get("delta") is None or metric.field == "set":
            continue
        name = tr(metric.label)
        low, high, delta = row.get("ci_low"), row.get("ci_high"), row["delta"]
        if low is None or high is None or low <= 0 <= high:
            if delta != 0 or low is not None:
                unclear.append(name)
            continue
        unit = tr("nats") if metric.field == "loss" else tr("points")
        words = tr("{0} by {1} {2} (95 % CI {3} to {4})").format(name, _points(delta, metric), unit,
                                                                 _bound(low, metric), _bound(high, metric))
        (better if (delta > 0) == metric.higher_is_better else worse).append(words)
    parts = []
    if better:
        parts.append(tr("{0} is better on {1}").format(tuned, ", ".join(better)))
    if worse:
        parts.append((tr("worse on {0}") if better else tr("{1} is worse on {0}")).format(", ".join(worse), tuned))
    if unclear:
        parts.append(tr("no clear difference on {0}").format(", ".join(unclear)))
    collapse = next((r for r in rows if r.get("metric") == "collapsed"), None)
    if collapse is not None and collapse.get("tuned"):
        parts.append(tr("{0}'s text has collapsed (repetitive answers)").format(tuned))
    if not parts:
        return tr("{0} and {1} answer alike on this set").format(tuned, base)
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."
