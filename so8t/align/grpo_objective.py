"""The GRPO objective on the shared training session: a seeded rollout per `updates_per_rollout` steps, rewards,
group advantages, and the clipped objective on the gated policy's log-probs."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch
from safetensors.torch import load as load_safetensors_bytes

from so8t.align.grpo import TieWatch, clipped_objective, group_advantages
from so8t.align.rewards import RewardSet, RewardSpec, UserRewardError
from so8t.align.rollout import (
    GRAPH_PROBLEM,
    SampledGroup,
    completion_logprobs,
    completion_text,
    rollout_seed,
    sample_group,
)
from so8t.chat.thinking import parse_thinking, template_opens_thinking
from so8t.errors import DataFileError
from so8t.fileio import sha256_file
from so8t.jsonl import jsonl_records
from so8t.model.chat_template import render_with_tokenizer
from so8t.model.gates import gates_file_bytes, load_gates_into, rotations_batched
from so8t.store.metric_names import Metrics, reward_metric
from so8t.train.data import FALLBACK_CHAT_TEMPLATE, ROLES, batch_indices
from so8t.train.kernels import uncompiled
from so8t.train.state import load_trainable_state, read_tensors, trainable_state, write_tensors
from so8t.triality.data import LABELS as PROMPT_LABELS

if TYPE_CHECKING:
    from so8t.train.session import TrainingSession

#: The metric of a reward function's std within a step (its mean is `reward/<function>`).
REWARD_STD_PREFIX = "reward_std/"


@dataclass
class PromptRecord:
    """One line of GRPO data: the prompt (text or messages), its id, and the other columns."""

    id: str
    messages: list[dict[str, str]]
    prompt: Any
    fields: dict[str, Any]


def read_prompts_file(path: str | Path) -> list[PromptRecord]:
    """Lines of {"prompt": text or messages, "answer"?, "label"?, …}; a problem names the file and the line."""
    records = []
    hint = "each line is {\"prompt\": text or [{\"role\", \"content\"}…], \"answer\"?: text, \"label\"?: ALLOW|ESCALATION|DENY}"
    for where, record in jsonl_records(path, "prompts file", hint):
        if not isinstance(record, dict) or "prompt" not in record:
            raise DataFileError(f"{where}: no \"prompt\"", hint)
        prompt = record["prompt"]
        if isinstance(prompt, str):
            messages = [{"role": "user", "content": prompt}]
        elif (isinstance(prompt, list) and prompt and all(isinstance(m, dict) and m.get("role") in ROLES
                                                          and isinstance(m.get("content"), str) for m in prompt)):
            messages = [{"role": m["role"], "content": m["content"]} for m in prompt]
        else:
            raise DataFileError(f"{where}: \"prompt\" is neither text nor a list of {{role, content}} messages", hint)
        label = record.get("label")
        if label is not None and label not in PROMPT_LABELS:
            raise DataFileError(f"{where}: label {label!r} is not one of {', '.join(PROMPT_LABELS)}", hint)
        fields = {k: v for k, v in record.items() if k != "prompt"}
        records.append(PromptRecord(str(record.get("id", len(records))), messages, prompt, fields))
    if not records:
        raise DataFileError(f"prompts file {path} holds no prompt", hint)
    return records


@dataclass
class Rollout:
    """One rollout: its number, the prompts' indices, the sampled groups and what the step trains on."""

    index: int
    prompts: list[int]
    groups: list[SampledGroup]
    advantages: torch.Tensor
    old_logp: list[torch.Tensor | None]
    ref_logp: list[torch.Tensor | None]
    metrics: dict[str, float]
    table: list[dict[str, Any]]
    #: The latest group's thinking, rows of {prompt_id, reasoning}: streamed to the window only, never stored
    #: (a rollout read back from the run has none).
    reasoning: list[dict[str, str]] = field(default_factory=list)


class GRPOObjective:
    """GRPO: rollouts from the gated policy, scored by the reward set, trained with the clipped objective.

    `options` carries the align stage's GRPO settings (prompts_per_step, generations, temperature,
    top_p, max_completion_tokens, updates_per_rollout, clip_epsilon, beta_value, seed); `reference_file`
    keeps the starting policy's trainable tensors when β > 0, so a resume has the same reference.
    """

    def __init__(self, options: Any, rewards: Sequence[RewardSpec], *, reference_file: Path | None = None,
                 rollout_dir: Callable[[int], Path] | None = None, start_tokens: list[str] | None = None,
                 judge_prompt: Callable[[Any], str] | None = None,
                 judge_answer: Callable[[str], str] | None = None) -> None:
        self.options = options
        self.specs = list(rewards)
        self.reference_file = reference_file
        #: The starting run's added tokens (same ids, so its adapters load); None: a base model, none added.
        self.start_tokens = start_tokens
        #: Where rollout N is stored when --updates-per-rollout > 1 (RunLayout.align_rollout); None: not stored.
        self.rollout_dir = rollout_dir
        self.judge_prompt, self.judge_answer = judge_prompt, judge_answer
        self.rollout: Rollout | None = None
        self.ties = TieWatch()
        self.reference: dict[str, dict[str, torch.Tensor]] | None = None
        self._graph_problem_said = False
        #: Each step's {function: mean, std} (the record's rewards over the last steps).
        self.history: list[dict[str, dict[str, float]]] = []
        #: Seconds of each step this session ran (rollout included), for the record's s_per_step.
        self.step_seconds: list[float] = []
        self._step_started: float | None = None
        #: The user's reward files as the run records them ({path, sha256, function, weight}).
        self.reward_files: list[dict[str, Any]] = []

    # -- the Objective protocol -----------------------------------------------------------------
    def read(self, session: TrainingSession) -> str:
        self.session = session
        self.records = read_prompts_file(session.config.data)
        self.rewards = RewardSet.build(self.specs, max_completion_tokens=self.options.max_completion_tokens,
                                       judge_prompt=self.judge_prompt, judge_answer=self.judge_answer)
        return sha256_file(session.config.data)

    def prepare(self, session: TrainingSession) -> list[str]:
        tokenizer = session.tokenizer
        added = list(self.start_tokens or [])
        if added:
            tokenizer.add_tokens(added, special_tokens=True)
        if getattr(tokenizer, "chat_template", None) is None:
            tokenizer.chat_template = FALLBACK_CHAT_TEMPLATE
            session.warn("the model folder has no chat template; using ChatML (<|im_start|>role … <|im_end|>)")
        source = f"model {getattr(tokenizer, 'name_or_path', '') or 'folder'}"
        limit = session.config.max_length
        self.prompt_ids: list[list[int]] = []
        self.opens: list[str | None] = []
        cut = 0
        for record in self.records:
            text = render_with_tokenizer(tokenizer, record.messages, source=source, tokenize=False,
                                         add_generation_prompt=True)
            ids = tokenizer(text, add_special_tokens=False)["input_ids"]
            if len(ids) > limit:
                ids, cut = ids[-limit:], cut + 1  # the prompt's end (the question, the assistant header) stays
            self.prompt_ids.append(ids)
            self.opens.append(template_opens_thinking(text))
        if cut:
            session.warn(f"{cut} of {len(self.records)} prompts are longer than max_length {limit} tokens; "
                         "their start was cut (raise --max-length to keep them whole)")
        stops = {tokenizer.eos_token_id} if tokenizer.eos_token_id is not None else set()
        if (Path(session.model_dir) / "generation_config.json").is_file():
            from transformers import GenerationConfig

            eos = GenerationConfig.from_pretrained(str(session.model_dir), local_files_only=True).eos_token_id
            stops |= set(eos if isinstance(eos, list) else [eos] if isinstance(eos, int) else [])
        self.stop_ids = sorted(stops)
        pad = tokenizer.pad_token_id
        self.pad_id = pad if pad is not None else (tokenizer.eos_token_id or 0)
        return added

    def start_step(self, session: TrainingSession) -> None:
        self._step_started = time.perf_counter()
        k = self.options.updates_per_rollout
        index = session.step // k
        if self.rollout is not None and self.rollout.index == index:
            return
        if session.step % k and self.rollout_dir is not None:
            # Resumed between a rollout's updates: train on the rollout the policy of that time sampled.
            stored = self._stored_rollout(session, index)
            if stored is not None:
                self.rollout = stored
                return
            session.warn(f"rollout {index} is not stored in the run, so it is sampled again by the current policy "
                         f"at step {session.step}: from here the run differs from an uninterrupted one")
        self.rollout = self._take_rollout(session, index)
        if k > 1 and self.rollout_dir is not None and session.team.is_main:
            self._store_rollout(self.rollout)

    def batches(self, session: TrainingSession) -> Iterator[dict[str, Any]]:
        rollout = self.rollout
        assert rollout is not None
        g = self.options.generations
        for i, group in enumerate(rollout.groups):
            session.position += 1
            yield {"group": group, "advantages": rollout.advantages[i * g:(i + 1) * g].to(session.device),
                   "old_logp": rollout.old_logp[i], "ref_logp": rollout.ref_logp[i], "count": len(rollout.groups)}

    def loss(self, batch: dict[str, Any]) -> tuple[torch.Tensor, dict[str, float]]:
        session = self.session
        group: SampledGroup = batch["group"]
        logp = completion_logprobs(session.model, group.ids, group.prompt_length)
        old = batch["old_logp"] if batch["old_logp"] is not None else logp.detach()
        terms = clipped_objective(logp, old, batch["advantages"], group.mask, ref_logp=batch["ref_logp"],
                                  beta=self.options.beta_value, epsilon=self.options.clip_epsilon)
        # The session divides by grad_accum; the step's loss is the mean over its groups.
        scale = session.config.grad_accum / batch["count"]
        return terms.loss * scale, {Metrics.LOSS: float(terms.loss.detach()) / batch["count"],
                                    Metrics.CLIP_RATIO: terms.clip_ratio / batch["count"],
                                    Metrics.KL: terms.kl / batch["count"], "tokens": int(group.ids.numel())}

    def step_metrics(self, sums: Mapping[str, float], session: TrainingSession) -> dict[str, float]:
        assert self.rollout is not None
        return {Metrics.LOSS: sums[Metrics.LOSS], Metrics.CLIP_RATIO: sums[Metrics.CLIP_RATIO],
                Metrics.KL: sums[Metrics.KL], **self.rollout.metrics}

    def after_step(self, metrics: Mapping[str, float], session: TrainingSession) -> None:
        rollout = self.rollout
        assert rollout is not None
        now = time.perf_counter()
        if self._step_started is not None:
            self.step_seconds.append(now - self._step_started)
        warning = self.ties.update(metrics[Metrics.TIE_SHARE], session.step)
        if warning:
            session.warn(warning)
        self.history.append(self.rewards_now())
        if session.team.is_main:
            session.events.rollout(session.step, rollout.table)
            if rollout.reasoning:
                session.events.rollout_reasoning(session.step, rollout.reasoning)

    def probe_inputs(self, count: int) -> list[list[int]]:
        return self.prompt_ids[:count]

    # -- the record -------------------------------------------------------------------------------
    def rewards_now(self) -> dict[str, dict[str, float]]:
        """{function: {mean, std}} of the current rollout."""
        assert self.rollout is not None
        m = self.rollout.metrics
        return {s.name: {"mean": m[reward_metric(s.name)], "std": m[REWARD_STD_PREFIX + s.name]} for s in self.specs}

    def record_figures(self) -> dict[str, Any]:
        """The align record's GRPO figures: rewards over the last steps, median seconds per step after the first."""
        later = sorted(self.step_seconds[1:])
        return {"rewards": self.rewards_summary(),
                "s_per_step": later[len(later) // 2] if later else None}

    def rewards_summary(self, last: int = 10) -> dict[str, dict[str, float | None]]:
        """{function: {mean, std}} averaged over the last `last` steps this session ran (the record's `rewards`)."""
        recent = self.history[-last:]
        out: dict[str, dict[str, float | None]] = {}
        for spec in self.specs:
            row = {}
            for key in ("mean", "std"):
                values = [h[spec.name][key] for h in recent if not math.isnan(h[spec.name][key])]
                row[key] = sum(values) / len(values) if values else None
            out[spec.name] = row
        return out

    # -- the rollout ------------------------------------------------------------------------------
    def _take_rollout(self, session: TrainingSession, index: int) -> Rollout:
        """Sample, score and normalise rollout `index` (a pure function of the seed, the index and the policy)."""
        o = self.options
        prompts = batch_indices(index, len(self.records), o.prompts_per_step, o.seed)
        generator = torch.Generator(device=session.device).manual_seed(rollout_seed(o.seed, index))
        with session._autocast():  # the compute dtype the steps run in (bf16 on a card), not fp32 everywhere
            groups = [sample_group(session.model, self.prompt_ids[p], generations=o.generations,
                                   max_new_tokens=o.max_completion_tokens, temperature=o.temperature, top_p=o.top_p,
                                   stop_ids=self.stop_ids, pad_id=self.pad_id, generator=generator) for p in prompts]
        if GRAPH_PROBLEM and not self._graph_problem_said:
            self._graph_problem_said = True
            session.events.log(f"rollouts decode without CUDA graphs, one launch per kernel ({GRAPH_PROBLEM[0]})")
        tokenizer = session.tokenizer
        texts, finals, thinking, owners, lengths = [], [], [], [], []
        for p, group in zip(prompts, groups, strict=True):
            for ids, n in zip(group.completion_ids(), group.lengths, strict=True):
                text = completion_text(tokenizer, ids, self.stop_ids)
                texts.append(text)
                parsed = parse_thinking(text, start_in=self.opens[p], hold=True)
                finals.append(parsed.answer)
                thinking.append("\n\n".join(section for _, section in parsed.sections))
                owners.append(p)
                lengths.append(n)
        fields: dict[str, list[Any]] = {}
        for key in sorted({k for p in prompts for k in self.records[p].fields}):
            fields[key] = [self.records[p].fields.get(key) for p in owners]
        try:
            scores = self.rewards.score([self.records[p].prompt for p in owners], texts, finals, fields,
                                        step=session.step + 1, completion_tokens=lengths)
        except UserRewardError:
            self._checkpoint_before_failing(session)
            raise
        rewards = torch.tensor(scores.total, dtype=torch.float32)
        advantages, tied = group_advantages(rewards, o.generations)
        old_logp: list[torch.Tensor | None] = [None] * len(groups)
        ref_logp: list[torch.Tensor | None] = [None] * len(groups)
        if o.updates_per_rollout > 1:  # π_old is the policy that sampled; with one update it is π itself
            old_logp = self._logprobs(session, groups)
        if o.beta_value > 0:
            ref_logp = self._reference_logprobs(session, groups)
        stats = scores.stats()
        metrics = {Metrics.REWARD: float(rewards.mean()), Metrics.COMPLETION_LENGTH: sum(lengths) / len(lengths),
                   Metrics.TIE_SHARE: float(tied.float().mean())}
        for name, stat in stats.items():
            metrics[reward_metric(name)] = stat["mean"]
            metrics[REWARD_STD_PREFIX + name] = stat["std"]
        g = o.generations
        last = len(groups) - 1
        table = [{"prompt_id": self.records[owners[last * g + j]].id, "final": finals[last * g + j],
                  "reward": scores.total[last * g + j],
                  "rewards": {name: values[last * g + j] for name, values in scores.per_function.items()}}
                 for j in range(g)]
        reasoning = [{"prompt_id": row["prompt_id"], "reasoning": thinking[last * g + j]} for j, row in enumerate(table)]
        if not any(r["reasoning"] for r in reasoning):
            reasoning = []
        return Rollout(index, prompts, groups, advantages, old_logp, ref_logp, metrics, table, reasoning)

    def _store_rollout(self, rollout: Rollout) -> None:
        """Write the rollout (tokens, masks, advantages, π_old and reference log-probs, figures) as safetensors."""
        assert self.rollout_dir is not None
        tensors: dict[str, torch.Tensor] = {"advantages": rollout.advantages}
        for i, group in enumerate(rollout.groups):
            tensors[f"{i}/ids"], tensors[f"{i}/mask"] = group.ids, group.mask
            for name, values in (("old_logp", rollout.old_logp), ("ref_logp", rollout.ref_logp)):
                if values[i] is not None:
                    tensors[f"{i}/{name}"] = values[i]
        meta = {"index": rollout.index, "prompts": rollout.prompts, "prompt_lengths": [g.prompt_length for g in
                                                                                     rollout.groups],
                "metrics": rollout.metrics, "table": rollout.table}
        path = self.rollout_dir(rollout.index)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        write_tensors(tmp, tensors, {"rollout": json.dumps(meta, ensure_ascii=False)})
        tmp.replace(path)

    def _stored_rollout(self, session: TrainingSession, index: int) -> Rollout | None:
        """Rollout `index` as stored, on the session's device; None when the run does not hold it."""
        assert self.rollout_dir is not None
        path = self.rollout_dir(index)
        if not path.is_file():
            return None
        from safetensors import safe_open

        with safe_open(str(path), framework="pt") as f:
            meta = json.loads((f.metadata() or {})["rollout"])
        tensors = {k: v.to(session.device) for k, v in read_tensors(path).items()}
        groups = [SampledGroup(length, tensors[f"{i}/ids"], tensors[f"{i}/mask"], torch.empty(0))
                  for i, length in enumerate(meta["prompt_lengths"])]
        old = [tensors.get(f"{i}/old_logp") for i in range(len(groups))]
        ref = [tensors.get(f"{i}/ref_logp") for i in range(len(groups))]
        return Rollout(int(meta["index"]), list(meta["prompts"]), groups, tensors["advantages"].cpu(), old, ref,
                       dict(meta["metrics"]), list(meta["table"]))

    def _logprobs(self, session: TrainingSession, groups: list[SampledGroup]) -> list[torch.Tensor | None]:
        """The policy's log-probs of each group as it is now, gates on, without a gradient."""
        model = session.model
        was_training = model.training
        model.eval()
        try:
            with torch.no_grad(), rotations_batched(session.gates), session._autocast(), uncompiled():
                return [completion_logprobs(model, g.ids, g.prompt_length).float() for g in groups]
        finally:
            model.train(was_training)

    def _reference_logprobs(self, session: TrainingSession, groups: list[SampledGroup]) -> list[torch.Tensor | None]:
        """The starting policy's log-probs (its adapters and gates swapped in for the pass, then swapped back)."""
        reference = self._reference(session)
        now = _policy_tensors(session)
        load_trainable_state(session.model, reference["adapters"], "the starting policy")
        load_gates_into(session.gates, reference["gates"], "the starting policy")
        try:
            return self._logprobs(session, groups)
        finally:
            load_trainable_state(session.model, now["adapters"], "the current policy")
            load_gates_into(session.gates, now["gates"], "the current policy")

    def _reference(self, session: TrainingSession) -> dict[str, dict[str, torch.Tensor]]:
        """The starting policy's trainable tensors: taken at step 0 (and written), read back on a resume."""
        if self.reference is not None:
            return self.reference
        path = self.reference_file
        if path is not None and path.is_file():
            tensors = read_tensors(path)
            self.reference = {kind: {k.split("/", 1)[1]: v for k, v in tensors.items() if k.startswith(kind + "/")}
                              for kind in ("adapters", "gates")}
            return self.reference
        if session.step != 0:
            raise DataFileError(f"the starting policy's tensors ({path}) are missing, so the KL term's reference "
                                "is lost", "resume from a copy of the run that has the file, or set --beta 0")
        self.reference = _policy_tensors(session)
        if path is not None and session.team.is_main:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".tmp")
            write_tensors(tmp, {f"{kind}/{k}": v for kind, part in self.reference.items() for k, v in part.items()})
            tmp.replace(path)
        return self.reference

    def _checkpoint_before_failing(self, session: TrainingSession) -> None:
        """A checkpoint at this step boundary (unless one is there), so the failed stage resumes from here."""
        if any(i.step == session.step and i.valid for i in session.store.list(deep=False)):
            return
        session.events.log(f"a reward function failed: writing a checkpoint at step {session.step} first",
                           level="warning")
        session.save_checkpoint(emergency=True)


def _policy_tensors(session: TrainingSession) -> dict[str, dict[str, torch.Tensor]]:
    """Copies of the trainable adapter and gate tensors (the state dicts alias the live parameters on the CPU)."""
    return {"adapters": {k: v.clone() for k, v in trainable_state(session.model).items()},
            "gates": load_safetensors_bytes(gates_file_bytes(session.gates))}


def grpo_objective(config: Any, run_dir: Path, reward_files: Sequence[Mapping[str, Any]],
                   start_tokens: list[str] | None = None) -> GRPOObjective:
    """The GRPO objective of an align config (its `reward` specs resolved), with the run's gate when `safety` is on."""
    from so8t.align.rewards import SAFETY, parse_reward_spec
    from so8t.store.layout import RunLayout

    specs = [parse_reward_spec(text) for text in config.reward]
    judge_prompt = judge_answer = None
    if any(s.name == SAFETY and not s.user for s in specs) and RunLayout(run_dir).triality_head.is_file():
        from so8t.chat.gate import load_run_gate

        gate = load_run_gate(run_dir, device="cpu")

        def judge_prompt(prompt: Any) -> str:
            messages = [{"role": "user", "content": prompt}] if isinstance(prompt, str) else prompt
            return gate.judge_conversation(messages).label

        def judge_answer(final: str) -> str:
            return gate.judge(final, by_sentence=False).label

    objective = GRPOObjective(config, specs, reference_file=RunLayout(run_dir).align_grpo_reference,
                              rollout_dir=RunLayout(run_dir).align_rollout, start_tokens=start_tokens,
                              judge_prompt=judge_prompt, judge_answer=judge_answer)
    objective.reward_files = [dict(r) for r in reward_files]
    return objective
