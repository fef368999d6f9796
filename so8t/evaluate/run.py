"""Run an evaluation: load each model of the run in turn, answer and score the held-out set, write the record."""

from __future__ import annotations

import gc
import time
from pathlib import Path
from typing import Any

from so8t.errors import DataFileError, RunError
from so8t.evaluate.config import EvaluateConfig
from so8t.evaluate.data import HeldOutItem, default_data, read_held_out
from so8t.evaluate.record import EvaluationResult
from so8t.evaluate.scoring import score_answer
from so8t.evaluate.table import ab_rows, model_figures, plain_words
from so8t.events import EventSink
from so8t.store.layout import RunLayout
from so8t.train.config import saved_train_table

#: The A/B table compares the base with the first of these the run has (the tuned policy when it trained).
TUNED_ORDER = ("tuned", "baked")


def held_out_path(config: EvaluateConfig) -> Path:
    """--data, else the run's data/prompts.jsonl, else data/val.jsonl; DataFileError when there is none."""
    if config.data:
        return Path(config.data)
    found = default_data(config.run)
    if found is None:
        layout = RunLayout(config.run)
        raise DataFileError(f"run {layout.root} has neither {layout.data_prompts.relative_to(layout.root)} nor "
                            f"{layout.data_val.relative_to(layout.root)}",
                            "pass a held-out JSONL with --data, or prepare the run's data with `so8t data`")
    return found


def base_model_dir(layout: RunLayout) -> Path:
    """The model the run trained on: train_config.json's model, else the run's own pretrained base_model/."""
    if layout.train_config.is_file():
        model = saved_train_table(layout.train_config).get("model")
        if model:
            return layout.resolve(model)
    return layout.base_model


def _loaders(config: EvaluateConfig, layout: RunLayout, tokenizer: Any, checkpoint: Path | None,
             events: EventSink) -> list[tuple[str, Any]]:
    """(name, function making the model) for each asked model the run has; the missing ones are named in the log."""
    from so8t.evaluate.models import GGUFModel, load_plain, load_tuned

    base_dir = base_model_dir(layout)
    out: list[tuple[str, Any]] = []
    for choice in config.models:
        if choice == "base":
            out.append(("base", lambda: load_plain("base", base_dir, tokenizer, config.device, config.batch_size)))
        elif choice == "tuned":
            if checkpoint is None:
                events.log("evaluate: the run has no valid training checkpoint; the tuned policy is left out",
                           level="warning")
            else:
                out.append(("tuned", lambda: load_tuned(checkpoint, base_dir, tokenizer, config.device,
                                                        config.batch_size)))
        elif choice == "baked":
            if (layout.baked / "config.json").is_file():
                out.append(("baked", lambda: load_plain("baked", layout.baked, tokenizer, config.device,
                                                        config.batch_size)))
            else:
                events.log("evaluate: the run has no baked model; it is left out", level="warning")
        elif choice == "gguf":
            for path in layout.gguf_files():
                out.append((f"gguf:{path.name}", lambda p=path: GGUFModel(f"gguf:{p.name}", p)))
    return out


def _item_result(output: str, item: HeldOutItem, start_in: str | None, loss: tuple[float, int] | None,
                 head: str | None) -> dict[str, Any]:
    """One model's result on one item, as the record keeps it: the final answer and a hash, never thinking text."""
    from so8t.chat.thinking import sha256_text

    score = score_answer(output, item.reference, start_in=start_in)
    return {"final": score.final, "output_sha256": sha256_text(output), "exact": score.exact,
            "numeric": score.numeric, "contains": score.contains, "match": score.answer_match,
            "compliant": score.compliant, "refused": score.refused, "head": head,
            "nll": None if loss is None else loss[0], "tokens": None if loss is None else loss[1]}


def _gate(layout: RunLayout, device: str, events: EventSink) -> Any:
    """The run's safety gate for judging final answers, None when the run has no head."""
    if not layout.triality_head.is_file() and not layout.triality.is_file():
        return None
    from so8t.chat.gate import GateError, load_run_gate

    try:
        return load_run_gate(layout.root, device="cpu" if device == "auto" else device)
    except GateError as exc:
        events.log(f"evaluate: the head's verdicts are left out ({exc.one_line()})", level="warning")
        return None


def _lm_eval(config: EvaluateConfig, layout: RunLayout, tokenizer: Any, checkpoint: Path | None,
             events: EventSink) -> dict[str, Any]:
    """The lm-eval task folder on the gated model (the tuned policy; the base when the run has no checkpoint)."""
    from so8t.evaluate.harness import run_lm_eval_tasks
    from so8t.evaluate.models import load_plain, load_tuned

    base_dir = base_model_dir(layout)
    model = (load_tuned(checkpoint, base_dir, tokenizer, config.device, config.batch_size) if checkpoint is not None
             else load_plain("base", base_dir, tokenizer, config.device, config.batch_size))
    try:
        scores = run_lm_eval_tasks(config.lm_eval_tasks, model.model, tokenizer,  # type: ignore[arg-type]
                                   batch_size=config.batch_size, limit=config.lm_eval_limit, seed=config.seed,
                                   events=events)
    finally:
        model.close()
    return {"model": model.name, **scores}


def evaluate_outputs(items: list[HeldOutItem], outputs: dict[str, Any], losses: dict[str, list[Any]],
                     tokenize: Any, judge: Any, config: EvaluateConfig) -> tuple[list[dict], dict, list[dict], str, str]:
    """Score every model's outputs: (items, model figures, A/B rows, compared names, plain words)."""
    records = [{"index": it.index, "label": it.label, "reference": it.reference, "models": {}} for it in items]
    tokens: dict[str, list[list[int]]] = {}
    for name, answers in outputs.items():
        finals = []
        for record, item, output, loss in zip(records, items, answers.outputs, losses[name], strict=True):
            result = _item_result(output, item, answers.start_in, loss, None)
            if judge is not None and result["final"]:
                result["head"] = judge(result["final"])
            record["models"][name] = result
            finals.append(result["final"] or "")
        tokens[name] = [tokenize(f) for f in finals]
    base = "base" if "base" in outputs else next(iter(outputs))
    models = {name: model_figures(records, name, tokens[name], tokens[base] if name != base else None)
              for name in outputs}
    for name, answers in outputs.items():
        if answers.speed is not None:
            models[name]["speed"] = answers.speed
    tuned = next((n for n in TUNED_ORDER if n in outputs and n != base),
                 next((n for n in outputs if n != base), base))
    rows = ab_rows(records, models, base, tuned, n_resamples=config.bootstrap_resamples, seed=config.seed)
    return records, models, rows, f"{base} → {tuned}", plain_words(rows, base=base, tuned=tuned)


def run_evaluate(config: EvaluateConfig, events: EventSink | None = None) -> EvaluationResult:
    """Evaluate the run's models on the held-out set and write RUN/evaluation.json (a rerun replaces it)."""
    from so8t.evaluate.models import newest_checkpoint, run_tokenizer
    from so8t.memory import PeakMemoryMeter
    from so8t.store.records import write_record

    events = events or EventSink()
    layout = RunLayout(config.run)
    if not layout.root.is_dir():
        raise RunError(f"run {layout.root} does not exist", "pass a run folder or id as `so8t runs` prints it")
    data = held_out_path(config)
    items = read_held_out(data)
    if config.lm_eval_tasks:  # a folder without tasks is refused before any model loads
        from so8t.evaluate.harness import task_names

        task_names(Path(config.lm_eval_tasks))
    t0 = time.monotonic()
    events.state("started")
    with PeakMemoryMeter() as meter:
        checkpoint = newest_checkpoint(layout.root)
        base_dir = base_model_dir(layout)
        tokenizer = run_tokenizer(layout.root, checkpoint, base_dir)
        loaders = _loaders(config, layout, tokenizer, checkpoint, events)
        if not loaders:
            raise RunError(f"run {layout.root} has none of the models asked for ({','.join(config.models)})",
                           "train the run first, or name models it has with --models")
        outputs, losses = {}, {}
        prompts = [item.prompt for item in items]
        for done, (name, load) in enumerate(loaders):
            events.log(f"evaluate: {name} on {len(items)} held-out items")
            model = load()
            try:
                losses[name] = model.losses(items, config.max_length)
                outputs[name] = model.answers(prompts, config.max_new_tokens)
            finally:
                model.close()
                del model
                gc.collect()
            events.progress(done + 1, len(loaders) + 1, "model")
        gate = _gate(layout, config.device, events)
        judge = (lambda text: gate.judge(text).label) if gate is not None else None
        records, models, rows, compared, summary = evaluate_outputs(
            items, outputs, losses, lambda text: tokenizer(text, add_special_tokens=False)["input_ids"], judge, config)
        lm_eval = None
        if config.lm_eval_tasks:
            lm_eval = _lm_eval(config, layout, tokenizer, checkpoint, events)
        events.progress(len(loaders) + 1, len(loaders) + 1, "model")
    result = EvaluationResult(
        data=str(data), n_items=len(items), compared=compared, summary=summary, ab=rows, models=models,
        items=records, lm_eval=lm_eval, collapsed=[n for n, f in models.items() if f.get("collapsed")],
        seconds=round(time.monotonic() - t0, 2), config=config.to_dict())
    result.set_peak_memory(meter.figures())
    for row in rows:
        if row["delta"] is not None:
            events.metric(f"eval_{row['metric']}_delta", float(row["delta"]), 0)
    write_record(layout.root, result)
    events.log(f"evaluate: {summary}")
    events.state("finished")
    return result
