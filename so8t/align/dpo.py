"""DPO: preference pairs, their loss (sigmoid or IPO) against a stored reference, and the session's objective."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch
import torch.nn.functional as F

from so8t.align.logprobs import sequence_logps
from so8t.errors import CheckpointError, DataFileError
from so8t.fileio import sha256_file
from so8t.jsonl import jsonl_records
from so8t.store.metric_names import Metrics
from so8t.train.data import (
    FALLBACK_CHAT_TEMPLATE,
    IGNORE_INDEX,
    ROLES,
    _render,
    add_thinking_tokens,
    batch_indices,
    clip_for_tokens,
    thinking_tags_used,
)

if TYPE_CHECKING:
    from so8t.align.run import AlignSession

#: What a pairs file's line looks like, for the one-line refusals.
PAIR_HINT = ('write lines like {"prompt": "…", "chosen": "…", "rejected": "…"} (strings, or lists of '
             '{"role", "content"} messages)')
#: Metrics averaged over the last steps in the record (the issue's "over the last 10 steps").
RECORD_WINDOW = 10


@dataclass
class Pair:
    """One preference pair as messages: the prompt's, and the chosen and rejected answers' (assistant turns)."""

    prompt: list[dict[str, str]]
    chosen: list[dict[str, str]]
    rejected: list[dict[str, str]]


def _messages(value: Any, where: str, key: str, role: str) -> list[dict[str, str]]:
    if isinstance(value, str):
        return [{"role": role, "content": value}]
    if not isinstance(value, list) or not value:
        raise DataFileError(f"{where}: {key} is neither a string nor a non-empty list of messages", PAIR_HINT)
    out = []
    for i, m in enumerate(value):
        if not isinstance(m, dict) or m.get("role") not in ROLES or not isinstance(m.get("content"), str):
            raise DataFileError(f"{where}: {key} message {i} needs a role ({'/'.join(ROLES)}) and a string content",
                                'write it as {"role": "assistant", "content": "…"}')
        out.append({"role": m["role"], "content": m["content"]})
    return out


def read_pairs(path: str | Path) -> list[Pair]:
    """Every pair of a JSONL file; a bad line is refused by its number."""
    pairs = []
    for where, record in jsonl_records(path, "pairs file", "pass a JSONL file of preference pairs with --data"):
        if not isinstance(record, dict) or not all(k in record for k in ("prompt", "chosen", "rejected")):
            raise DataFileError(f"{where} is not a pair with prompt, chosen and rejected", PAIR_HINT)
        prompt = _messages(record["prompt"], where, "prompt", "user")
        if isinstance(record.get("system"), str) and prompt[0]["role"] != "system":
            prompt.insert(0, {"role": "system", "content": record["system"]})
        chosen = _messages(record["chosen"], where, "chosen", "assistant")
        rejected = _messages(record["rejected"], where, "rejected", "assistant")
        for key, answer in (("chosen", chosen), ("rejected", rejected)):
            if not any(m["role"] == "assistant" and m["content"] for m in answer):
                raise DataFileError(f"{where}: {key} has no assistant answer", PAIR_HINT)
        pairs.append(Pair(prompt, chosen, rejected))
    if not pairs:
        raise DataFileError(f"pairs file {path} holds no pairs", PAIR_HINT)
    return pairs


@dataclass
class Tokenized:
    """A pair's two sequences: ids and labels (IGNORE_INDEX over the prompt)."""

    chosen_ids: list[int]
    chosen_labels: list[int]
    rejected_ids: list[int]
    rejected_labels: list[int]


def tokenize_answer(tokenizer: Any, prompt: list[dict[str, str]], answer: list[dict[str, str]],
                    max_length: int) -> tuple[list[int], list[int], bool]:
    """(ids, labels, truncated): the prompt rendered with the generation prompt, then the answer's tokens (learned).

    Too long: the answer is cut at its end, keeping at least one token, then the prompt at its start.
    """
    head = _render(tokenizer, prompt, add_generation_prompt=True)
    full = _render(tokenizer, prompt + answer)
    tail = full[len(head):] if full.startswith(head) else full[len(_render(tokenizer, prompt)):]
    p = tokenizer(clip_for_tokens(head, max_length * 4), add_special_tokens=False, verbose=False)["input_ids"]
    a = tokenizer(clip_for_tokens(tail, max_length + 1), add_special_tokens=False, verbose=False)["input_ids"]
    truncated = len(p) + len(a) > max_length
    if truncated:
        a = a[: max(1, max_length - len(p))]
        p = p[len(p) - (max_length - len(a)):] if len(p) + len(a) > max_length else p
    return p + a, [IGNORE_INDEX] * len(p) + a, truncated


def tokenize_pairs(tokenizer: Any, pairs: list[Pair], max_length: int, warn: Any) -> list[Tokenized]:
    """Every pair's chosen and rejected sequence, through the model's chat template."""
    if getattr(tokenizer, "chat_template", None) is None:
        tokenizer.chat_template = FALLBACK_CHAT_TEMPLATE
        warn("the model folder has no chat template; using ChatML (<|im_start|>role … <|im_end|>)")
    out, truncated = [], 0
    for pair in pairs:
        ci, cl, ct = tokenize_answer(tokenizer, pair.prompt, pair.chosen, max_length)
        ri, rl, rt = tokenize_answer(tokenizer, pair.prompt, pair.rejected, max_length)
        truncated += ct or rt
        out.append(Tokenized(ci, cl, ri, rl))
    if truncated:
        warn(f"{truncated} of {len(pairs)} pairs are longer than max_length {max_length} tokens and were cut "
             "(raise --max-length to keep them whole)")
    return out


def collate_pairs(items: list[Tokenized], pad_id: int) -> dict[str, torch.Tensor]:
    """One right-padded batch: the chosen sequences' rows, then the rejected ones'."""
    seqs = [(t.chosen_ids, t.chosen_labels) for t in items] + [(t.rejected_ids, t.rejected_labels) for t in items]
    width = max(len(ids) for ids, _ in seqs)
    ids = torch.full((len(seqs), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(seqs), width), dtype=torch.long)
    labels = torch.full((len(seqs), width), IGNORE_INDEX, dtype=torch.long)
    for row, (i, lab) in enumerate(seqs):
        ids[row, : len(i)] = torch.tensor(i)
        mask[row, : len(i)] = 1
        labels[row, : len(i)] = torch.tensor(lab)
    return {"input_ids": ids, "attention_mask": mask, "labels": labels}


def dpo_loss(policy_chosen: torch.Tensor, policy_rejected: torch.Tensor, ref_chosen: torch.Tensor,
             ref_rejected: torch.Tensor, beta: float, loss_type: str = "sigmoid"
             ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(per-pair losses, chosen rewards, rejected rewards) from sequence log-probs.

    sigmoid: −log σ(β·h), h = (π_c − π_r) − (ref_c − ref_r) (Rafailov et al. 2023);
    ipo: (h − 1/(2β))² (Azar et al. 2023, on per-token mean log-probs). Rewards are β·(π − ref), detached.
    """
    logits = (policy_chosen - policy_rejected) - (ref_chosen - ref_rejected)
    if loss_type == "sigmoid":
        losses = -F.logsigmoid(beta * logits)
    elif loss_type == "ipo":
        losses = (logits - 1 / (2 * beta)) ** 2
    else:
        raise ValueError(f"unknown DPO loss {loss_type!r}")
    return losses, beta * (policy_chosen - ref_chosen).detach(), beta * (policy_rejected - ref_rejected).detach()


def preferred(chosen_rewards: torch.Tensor, rejected_rewards: torch.Tensor) -> torch.Tensor:
    """Per pair: 1 where the chosen answer out-scores the rejected one, ½ on a tie (no preference yet), else 0.

    A tie counts half, so the policy at the start (every reward 0) scores the chance level 0.5.
    """
    return (chosen_rewards > rejected_rewards).float() + 0.5 * (chosen_rewards == rejected_rewards).float()


def logged_history(run_dir: Path, step: int) -> list[dict[str, float]]:
    """The DPO metrics of steps 1…`step` as the run's events logged them (a redone step's later value wins), so a
    resumed attempt's record still averages over the last RECORD_WINDOW steps of the run."""
    from so8t.events import MetricEvent
    from so8t.store.curves import metric_series
    from so8t.store.event_log import read_events
    from so8t.store.layout import RunLayout
    from so8t.store.metric_names import ALIGN_STAGE

    names = (Metrics.DPO_CHOSEN_REWARD, Metrics.DPO_REJECTED_REWARD, Metrics.DPO_MARGIN, Metrics.DPO_ACCURACY)
    try:
        events = [e for e in read_events(RunLayout(run_dir).events)
                  if isinstance(e, MetricEvent) and e.stage == ALIGN_STAGE and e.name in names]
    except (OSError, ValueError):
        return []
    series = {name: dict(points) for name, points in metric_series(events).items()}
    return [{name: series[name][s] for name in names} for s in range(1, step + 1)
            if all(s in series.get(name, {}) for name in names)]


class DPOObjective:
    """The session's objective for DPO: pairs in micro-batches, log-probs with the gates on, the stored reference."""

    def __init__(self, beta: float, loss_type: str, added_tokens: list[str] | None) -> None:
        self.beta = beta
        self.loss_type = loss_type
        #: The starting run's added tokens (same ids, so its adapters load); None: add the thinking tags used.
        self.start_tokens = added_tokens
        self.pairs: list[Pair] = []
        self.items: list[Tokenized] = []
        self.pad_id = 0
        self.reference: dict[str, torch.Tensor] = {}
        self.reference_s: float | None = None
        self.history: list[dict[str, float]] = []
        self.speeds: list[float] = []
        self._t0 = 0.0

    # -- the Objective protocol --------------------------------------------------------------
    def read(self, session: AlignSession) -> str:
        self.session = session
        self.pairs = read_pairs(session.config.data)
        return sha256_file(session.config.data)

    def prepare(self, session: AlignSession) -> list[str]:
        tokenizer = session.tokenizer
        if self.start_tokens is not None:
            if self.start_tokens:
                tokenizer.add_tokens(self.start_tokens, special_tokens=True)
            added = list(self.start_tokens)
        else:
            convs = [p.prompt + p.chosen + p.rejected for p in self.pairs]
            added = add_thinking_tokens(tokenizer, thinking_tags_used(convs))
        self.items = tokenize_pairs(tokenizer, self.pairs, session.config.max_length, session.warn)
        pad = tokenizer.pad_token_id
        self.pad_id = pad if pad is not None else (tokenizer.eos_token_id or 0)
        return added

    def start_step(self, session: AlignSession) -> None:
        self._t0 = time.perf_counter()

    def batches(self, session: AlignSession) -> Iterator[dict[str, Any]]:
        config = session.config
        for _ in range(config.grad_accum):
            index = batch_indices(session.position, len(self.items), config.batch_size, config.seed)
            session.position += 1
            batch = collate_pairs([self.items[i] for i in index], self.pad_id)
            tokens = int(batch["attention_mask"].sum())
            yield {"inputs": {k: v.to(session.device) for k, v in batch.items()},
                   "index": torch.tensor(index), "tokens": tokens}

    def policy_logps(self, inputs: dict[str, torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
        """(chosen, rejected) log-probs of a batch under the policy as it is (sums; IPO: per-token means)."""
        sums, counts = sequence_logps(self.session.model, **inputs)
        if self.loss_type == "ipo":
            sums = sums / counts.clamp(min=1)
        half = sums.shape[0] // 2
        return sums[:half], sums[half:]

    def loss(self, batch: dict[str, Any]) -> tuple[torch.Tensor, dict[str, float]]:
        chosen, rejected = self.policy_logps(batch["inputs"])
        index = batch["index"]
        ref_c = self.reference["chosen"][index].to(chosen.device)
        ref_r = self.reference["rejected"][index].to(chosen.device)
        losses, rc, rr = dpo_loss(chosen, rejected, ref_c, ref_r, self.beta, self.loss_type)
        loss = losses.mean()
        n = float(len(index))
        return loss, {Metrics.LOSS: float(loss.detach()), "pairs": n,
                      Metrics.DPO_CHOSEN_REWARD: float(rc.sum()), Metrics.DPO_REJECTED_REWARD: float(rr.sum()),
                      Metrics.DPO_MARGIN: float((rc - rr).sum()), Metrics.DPO_ACCURACY: float(preferred(rc, rr).sum()),
                      "tokens": batch["tokens"]}

    def step_metrics(self, sums: Mapping[str, float], session: AlignSession) -> dict[str, float]:
        pairs = max(sums["pairs"], 1.0)
        out = {Metrics.LOSS: sums[Metrics.LOSS] / session.config.grad_accum}
        for name in (Metrics.DPO_CHOSEN_REWARD, Metrics.DPO_REJECTED_REWARD, Metrics.DPO_MARGIN,
                     Metrics.DPO_ACCURACY):
            out[name] = sums[name] / pairs
        self._pairs = sums["pairs"]
        return out

    def after_step(self, metrics: Mapping[str, float], session: AlignSession) -> None:
        dt = time.perf_counter() - self._t0
        self.history.append(dict(metrics))
        speed = self._pairs / dt if dt > 0 else 0.0
        session.events.metric(Metrics.PAIRS_PER_S, speed, session.step)
        self.speeds.append(speed)

    def probe_inputs(self, count: int) -> list[list[int]]:
        return [t.chosen_ids for t in self.items[:count]]

    # -- the reference ----------------------------------------------------------------------
    @torch.no_grad()
    def reference_logps(self, session: AlignSession) -> dict[str, torch.Tensor]:
        """Every pair's log-probs under the policy as it is now (eval mode, gates on), one micro-batch at a time."""
        from so8t.model.gates import rotations_batched
        from so8t.train.kernels import uncompiled

        model = session.model
        was_training = model.training
        model.eval()
        chosen, rejected = [], []
        try:
            size = session.config.batch_size
            for start in range(0, len(self.items), size):
                batch = collate_pairs(self.items[start:start + size], self.pad_id)
                with rotations_batched(session.gates), session.autocast(), uncompiled():
                    c, r = self.policy_logps({k: v.to(session.device) for k, v in batch.items()})
                chosen.append(c.float().cpu())
                rejected.append(r.float().cpu())
        finally:
            model.train(was_training)
        return {"chosen": torch.cat(chosen), "rejected": torch.cat(rejected)}

    def load_or_compute_reference(self, session: AlignSession, path: Path, data_sha: str, resumed: bool) -> None:
        """The stored reference (a resume never recomputes it), or the starting policy's, stored now."""
        from so8t.train.state import read_tensors, write_tensors

        meta = {"data_sha256": data_sha, "pairs": str(len(self.items)), "loss_type": self.loss_type,
                "max_length": str(session.config.max_length)}
        if resumed:
            if not path.is_file():
                raise CheckpointError(f"the run's DPO reference {path} is missing, so the run cannot continue as it "
                                      "started", "start the align stage again in a new run")
            from safetensors import safe_open

            with safe_open(str(path), "pt") as f:
                stored = f.metadata() or {}
            if {k: stored.get(k) for k in meta} != meta:
                raise CheckpointError(f"the run's DPO reference {path} was computed for other pairs or settings",
                                      "resume with the data the run started with, or start a new run")
            self.reference = read_tensors(path)
            session.events.log(f"reference log-probs of {len(self.items)} pairs read from {path.name}")
            self.history = logged_history(session.run_dir, session.step)
            return
        t0 = time.perf_counter()
        self.reference = self.reference_logps(session)
        self.reference_s = time.perf_counter() - t0
        path.parent.mkdir(parents=True, exist_ok=True)
        write_tensors(path, self.reference, meta)
        session.events.log(f"reference log-probs of {len(self.items)} pairs (the starting policy, gates on) in "
                           f"{self.reference_s:.2f} s, stored in {path.name}")

    def record_figures(self) -> dict[str, Any]:
        """The record's DPO figures: means over the last RECORD_WINDOW steps, and the speed after the first step."""
        import statistics

        last = self.history[-RECORD_WINDOW:]
        if not last:
            return {"reference_s": self.reference_s}

        def stats(name: str) -> dict[str, float]:
            values = [m[name] for m in last]
            return {"mean": statistics.fmean(values), "std": statistics.pstdev(values)}

        speeds = self.speeds[1:]  # the first step compiles, warms caches and allocates
        return {"rewards": {"chosen": stats(Metrics.DPO_CHOSEN_REWARD), "rejected": stats(Metrics.DPO_REJECTED_REWARD)},
                "accuracy": stats(Metrics.DPO_ACCURACY)["mean"], "margin": stats(Metrics.DPO_MARGIN)["mean"],
                "pairs_per_s": statistics.median(speeds) if speeds else None, "reference_s": self.reference_s}
