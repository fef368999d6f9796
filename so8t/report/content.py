"""The report as sections of text, tables and figures: one structure that the PDF and the HTML both render.

Every figure comes from a result record (so8t.store.records) and every field reads by its human label
(so8t.report.format). Sections without data are left out; the report names them once at the top.
"""

from __future__ import annotations

import importlib
import time
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

from so8t.report.format import (
    format_field,
    format_relative_change,
    format_size,
    format_value,
    label,
    memory_summary,
    verdict,
)
from so8t.report.gather import STAGE_SECTION, Report
from so8t.report.words import N_, tr
from so8t.stage_contract import all_stages, stage_title
from so8t.store.records import MEMORY_FIELDS, BakeResult, CalibrationResult, GgufFile, TrialityResult

SECTION_TITLES = {
    "stages": N_("Summary"),
    "config": N_("Configuration"),
    "plots": N_("Training curves: loss, KL"),
    "bake": N_("Bake verification"),
    "gguf": N_("GGUF files and fidelity"),
    "triality": N_("Triality safety head (ALLOW / ESCALATION / DENY)"),
    "calibration": N_("Calibration and reliability diagram"),
    "checkpoints": N_("Checkpoints"),
    "memory": N_("Memory peaks per stage"),
}
#: The plots' title on a run with GPU readings (a CPU run promises no VRAM curve).
PLOTS_TITLE_WITH_VRAM = N_("Training curves: loss, KL, VRAM")
#: Stage states as run.json and the events spell them.
STATE_NAMES = {
    "pending": N_("pending"), "running": N_("running"), "finished": N_("finished"), "failed": N_("failed"),
    "interrupted": N_("interrupted"), "skipped": N_("skipped"),
}

#: A table never prints more rows than this (a report of a 1000-checkpoint run stays readable).
MAX_TABLE_ROWS = 200
#: Columns of the GGUF fidelity table, shared by the window and the report.
GGUF_COLUMNS = (N_("file"), N_("size"), N_("top-1 vs HF"), N_("perplexity"), N_("result"))
#: Metrics compared before and after temperature scaling.
CALIBRATION_METRICS = ("accuracy", "nll", "ece", "brier", "macro_f1")
#: Result fields worth a place in the one-line summary of a stage, in order of preference.
HEADLINE_KEYS = (
    "final_step", "max_steps", "final_loss", "resumed_from", "passed", "max_abs_err", "top1_agreement",
    "accuracy", "macro_f1", "ece_before", "ece_after", "temperature", "pages",
)
MAX_HEADLINE = 5
#: Record fields not shown in a record's table: nested detail shown elsewhere, or the stage's inputs.
HIDDEN_FIELDS = ("config", "verify", "before", "after", "per_class", "confusion", "labels", "runtime", "added_tokens")
#: Verification criteria of a bake, as a person reads them.
BAKE_CRITERIA = {
    "kl_below_limit": N_("KL below 1e-5"),
    "top1_all_agree": N_("every top-1 token agrees"),
    "bake_err_within_noise_floor": N_("bake error within the fp32 noise floor"),
    "finite": N_("all figures finite"),
    "reload_matches": N_("the saved folder reloads to the same logits"),
}


@dataclass
class Text:
    """A paragraph; `tone` is "pass", "fail" or "muted" (coloured by the renderer)."""

    text: str
    tone: str = ""


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    caption: str = ""


@dataclass
class Figure:
    """A plot by its key in the images the renderer was given (so8t.report.plots)."""

    key: str
    width: float = 1.0  # share of the text width
    caption: str = ""


Block = Text | Table | Figure


@dataclass
class Section:
    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)


def record_rows(record: Any) -> list[tuple[str, str]]:
    """A record's scalar fields as (human label, text) rows; fields with no value (not measured) are left out.

    A field reads by the label its record type gives it (field metadata), else by FIELD_LABELS.
    """
    meta = {f.name: f.metadata for f in fields(record)} if is_dataclass(record) else {}
    rows = []
    for key, value in record.to_dict().items():
        if key in HIDDEN_FIELDS or isinstance(value, (dict, list)) or value is None:
            continue
        declared = meta.get(key, {})
        # A value that is one of the field's declared words reads in the report's language.
        text = tr(value) if value in declared.get("values", ()) else format_field(key, value)
        rows.append((tr(declared["label"]) if declared.get("label") else label(key), text))
    return rows


def stage_record_blocks(name: str, record: Any) -> list[Any]:
    """The section of a stage with a record and no built-in section: its own blocks, else its fields as a table.

    A stage with figures names a `report_block` ("module:function", called with the record) that
    returns Text, Table and Figure blocks; a record that is a table needs no code.
    """
    stage = all_stages().get(name)
    if stage is not None and stage.report_block:
        module, _, function = stage.report_block.partition(":")
        return list(getattr(importlib.import_module(module), function)(record))
    return [_kv(record_rows(record))]


def bake_summary(bake: BakeResult) -> str:
    """One line: the verdict and the figures it rests on."""
    return tr("Bake verification {0}: max |Δlogit| {1}, KL {2}, top-1 agreement {3}").format(
        verdict(bake.passed), format_value(bake.max_abs_err), format_value(bake.kl),
        format_field("top1_agreement", bake.top1_agreement))


def gguf_fidelity_rows(files: list[GgufFile]) -> list[list[str]]:
    """One readable row per GGUF: what llama.cpp measured against HF and the f16 reference, and the verdict."""
    rows = []
    for f in files:
        check = f.check
        if check is None:
            rows.append([f.name, format_size(f.size), "—", "—", f.problem or tr("not checked")])
            continue
        perplexity = f"{check.ppl_gguf:.3f}"
        if check.ppl_rel_diff_reference is not None:
            perplexity += tr(" ({0} vs f16)").format(format_relative_change(check.ppl_rel_diff_reference))
        elif check.ppl_rel_diff_hf is not None:
            perplexity += tr(" ({0} vs HF)").format(format_relative_change(check.ppl_rel_diff_hf))
        result = verdict(check.passed)
        if check.bound:
            result += f": {check.bound}"
        fallbacks = check.fallback_summary or ""
        if fallbacks and not fallbacks.startswith("no fallbacks"):
            result += f"; {fallbacks}"
        top1 = (tr("{0:.2%} of {1}").format(check.top1_agreement, check.positions)
                if check.top1_agreement is not None else "—")
        rows.append([f.name, format_size(f.size), top1, perplexity, result])
    return rows


def confusion_table(tri: TrialityResult) -> Table:
    labels = [str(x) for x in tri.labels]
    return Table([tr("true \\ predicted"), *labels],
                 [[labels[i] if i < len(labels) else str(i), *[str(v) for v in row]]
                  for i, row in enumerate(tri.confusion)], caption=tr("Confusion matrix (test split)"))


def per_class_table(tri: TrialityResult) -> Table:
    cols = ["precision", "recall", "f1", "support"]
    header = [tr("class"), tr("precision"), tr("recall"), tr("F1"), tr("support")]
    return Table(header, [[name, *[format_value((scores or {}).get(c)) for c in cols]]
                          for name, scores in tri.per_class.items()], caption=tr("Per class (test split)"))


def calibration_table(cal: CalibrationResult) -> Table:
    rows = [[label(m), format_value(cal.before.get(m)), format_value(cal.after.get(m))]
            for m in CALIBRATION_METRICS if m in cal.before or m in cal.after]
    return Table([tr("metric"), tr("before (T = 1)"), tr("after (T = {0})").format(format_value(cal.temperature))],
                 rows, caption=tr("Test split, before and after temperature scaling"))


def _kv(rows: list[tuple[str, str]], caption: str = "") -> Table:
    return Table(["", ""], [[k, v] for k, v in rows], caption=caption)


def _headline(result: Any) -> str:
    if not isinstance(result, dict):
        return ""
    parts = []
    for key in HEADLINE_KEYS:
        value = result.get(key)
        if value is None or isinstance(value, (dict, list)):
            continue
        if key == "resumed_from":
            value = Path(str(value)).name
        parts.append(f"{label(key)} {format_field(key, value)}")  # label() and the values speak the language
        if len(parts) == MAX_HEADLINE:
            break
    return ", ".join(parts)


def _stages(report: Report) -> list[Block]:
    rows, notes = [], []
    for stage, info in report.stages.items():
        error = info.get("error")
        if isinstance(error, dict):
            error = " — ".join(str(error[k]) for k in ("message", "hint") if error.get(k))
        state = str(info.get("state", "—"))
        if stage == "report" and state == "running":
            state = tr("writing this report")
        else:
            state = tr(STATE_NAMES[state]) if state in STATE_NAMES else state
        rows.append([stage_name(stage), state, format_value(info.get("attempts")),
                     format_value(info.get("seconds")),
                     _headline(info.get("result")) or (str(error) if error else "")])
        if error:
            notes.append(Text(f"{stage_name(stage)}: {error}", "fail"))
        if stage == "train" and memory_summary(info.get("result")):
            notes.append(Text(f"{stage_name(stage)}: {memory_summary(info.get('result'))}"))
    return [Table([tr("stage"), tr("state"), tr("attempts"), tr("seconds"), tr("result")], rows), *notes]


def stage_name(stage: str) -> str:
    """A stage as the report's reader calls it: its STAGE's title, translated; an unknown stage keeps its own name."""
    return tr(stage_title(stage))


def _plots(report: Report) -> list[Block]:
    return [Figure(key) for key in ("loss", "kl", "vram") if key in report.plots]


def _bake(bake: BakeResult) -> list[Block]:
    blocks: list[Block] = [Text(bake_summary(bake), "pass" if bake.passed else "fail"), _kv(record_rows(bake))]
    criteria = (bake.verify or {}).get("criteria")
    if isinstance(criteria, dict) and criteria:
        blocks.append(Table([tr("criterion"), tr("met")],
                            [[tr(BAKE_CRITERIA[k]) if k in BAKE_CRITERIA else label(k), format_value(v)]
                             for k, v in criteria.items()], caption=tr("Criteria")))
    return blocks


def _triality(tri: TrialityResult) -> list[Block]:
    blocks: list[Block] = [_kv(record_rows(tri))]
    if tri.per_class:
        blocks.append(per_class_table(tri))
    if tri.confusion:
        blocks.append(confusion_table(tri))
    return blocks


def _calibration(cal: CalibrationResult) -> list[Block]:
    blocks: list[Block] = [calibration_table(cal), _kv(record_rows(cal))]
    if cal.reliability():
        blocks.append(Figure("reliability", 0.75, tr("Reliability diagram: accuracy per confidence bin against the "
                                                     "diagonal; the number over each bar is the bin's item count.")))
    return blocks


def _memory(report: Report) -> list[Block]:
    rows = []
    for stage, rec in report.records.memory_peaks():
        name, _, file = stage.partition(" ")  # "check <file>": one row per checked GGUF
        rows.append([f"{stage_name(name)} {file}".strip(),
                     *[format_value(getattr(rec, field, None)) for field in MEMORY_FIELDS]])
    return [Table([tr("stage"), *[label(name) for name in MEMORY_FIELDS]], rows,
                  caption=tr("Peaks of each stage's process; a dash where it was not measured (no GPU)."))]


def _checkpoints(report: Report) -> list[Block]:
    rows = [[str(c.get("name")), format_value(c.get("step")),
             time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(c["time"])) if c.get("time") else "—",
             format_size(c.get("size")), format_value(c.get("valid")), c.get("reason") or "",
             tr("pinned") if c.get("pinned") else ""] for c in report.checkpoints]
    return [Table([tr("name"), tr("step"), tr("time"), tr("size"), tr("valid"), tr("why not"), tr("pinned")], rows)]


def _flatten(obj: Any, prefix: str = "") -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = []
    for key, value in obj.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict) and value:
            rows.extend(_flatten(value, name))
        else:
            rows.append((name, value))
    return rows


def _setting(key: str) -> str:
    """A config key as words ("ckpt_every_steps" -> "ckpt every steps"; nested keys joined by " › ")."""
    return " › ".join(label(part) for part in key.split(".")) if key else ""


def _config_value(value: Any) -> str:
    """A setting's whole value: a list is written out in full (a config table is where it is read)."""
    if isinstance(value, (list, tuple)):
        return ", ".join(format_value(v) for v in value) if value else tr("none")
    return format_value(value)


def _config(config: dict[str, Any]) -> list[Block]:
    """One compact table per stage table, key/value pairs two to a row; unset values and empty tables left out."""
    blocks: list[Block] = []
    tables = config.items() if all(isinstance(v, dict) for v in config.values()) else [("", config)]
    for table, values in tables:
        rows = [(k, v) for k, v in _flatten(values) if v is not None and v != ""]
        if not rows:
            continue
        half = (len(rows) + 1) // 2
        paired = []
        for i in range(half):
            right = rows[i + half] if i + half < len(rows) else ("", "")
            paired.append([_setting(rows[i][0]), _config_value(rows[i][1]), _setting(right[0]),
                           _config_value(right[1]) if right[0] else ""])
        blocks.append(Table([tr("setting"), tr("value"), tr("setting"), tr("value")], paired,
                            caption=(stage_name(table) if table in all_stages() else table.replace("_", " "))
                            if table else ""))
    return blocks


def report_sections(report: Report) -> list[Section]:
    """The sections with data, in print order."""
    r = report.records
    builders = {
        "stages": lambda: _stages(report),
        "plots": lambda: _plots(report),
        "bake": lambda: _bake(r.bake),
        "gguf": lambda: [Table([tr(c) for c in GGUF_COLUMNS], gguf_fidelity_rows(r.gguf))],
        "triality": lambda: _triality(r.triality),
        "calibration": lambda: _calibration(r.calibration),
        "checkpoints": lambda: _checkpoints(report),
        "memory": lambda: _memory(report),
        "config": lambda: _config(report.config or {}),
    }
    sections = []
    for key in report.sections:
        if key.startswith(STAGE_SECTION):
            name = key.removeprefix(STAGE_SECTION)
            blocks = stage_record_blocks(name, r.others[name])
            sections.append(Section(key, stage_name(name), blocks))
            continue
        blocks = builders[key]()
        for table in (b for b in blocks if isinstance(b, Table)):
            if len(table.rows) > MAX_TABLE_ROWS:
                more = len(table.rows) - MAX_TABLE_ROWS
                table.rows = table.rows[:MAX_TABLE_ROWS]
                blocks.append(Text(tr("{0} more rows not shown").format(more), "muted"))
        title = tr(PLOTS_TITLE_WITH_VRAM if key == "plots" and "vram" in report.plots else SECTION_TITLES[key])
        sections.append(Section(key, title, blocks))
    return sections


def preamble(report: Report) -> list[Text]:
    """What precedes the sections: where the run is, and which sections it has no data for yet."""
    texts = [Text(tr("{0} — generated {1}, {2} events").format(report.path, report.generated, report.events),
                  "muted")]
    missing = [tr(SECTION_TITLES[s]) for s in report.missing]
    if missing:
        texts.append(Text(tr("Not in this run yet: {0}.").format("; ".join(missing)), "muted"))
    texts.extend(Text(tr("Refused {0} record: {1}").format(kind, problem), "fail")
                 for kind, problem in report.records.problems.items())
    return texts
