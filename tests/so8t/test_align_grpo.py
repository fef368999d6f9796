"""GRPO: group advantages, the clipped objective, the gates in rollouts and log-probs, and learning a planted reward."""

from __future__ import annotations

import contextlib
import json
import math
from collections import Counter
from pathlib import Path

import pytest
import torch

from so8t.align.config import AlignConfig
from so8t.align.grpo import ADVANTAGE_EPS, TIE_WARN_STEPS, TieWatch, clipped_objective, group_advantages
from so8t.align.grpo_objective import REWARD_STD_PREFIX, GRPOObjective
from so8t.align.rewards import parse_reward_spec
from so8t.align.rollout import completion_logprobs, rollout_seed, sample_group
from so8t.events import EventSink, RolloutEvent
from so8t.model.gates import gates_bypassed, rotations_batched
from so8t.model.tiny import TINY_CONFIGS, build_tiny_model
from so8t.store.event_log import read_events
from so8t.store.layout import RunLayout
from so8t.store.metric_names import Metrics, reward_metric
from so8t.train import TrainConfig
from so8t.train.model import load_base_model, resolve_runtime, wrap_trainable
from so8t.train.session import TrainingSession

pytestmark = pytest.mark.usefixtures("one_torch_thread")

#: A prompt of the tiny tokenizer's ChatML template.
PROMPT = "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n"
#: The tiny model's weights drawn with a wide init, so its next-token distribution is far from uniform and a
#: chosen token shows up in some completions of a group and not in others (a uniform 1024-token model almost
#: never samples it, and groups that all tie teach nothing).
PEAKED_INIT = 0.5


@pytest.fixture(scope="module")
def peaked_model(tmp_path_factory) -> Path:
    return build_tiny_model("llama", tmp_path_factory.mktemp("peaked") / "m", initializer_range=PEAKED_INIT)


def _policy(model_dir: Path):
    from so8t.model.folder import load_tokenizer

    config = TrainConfig(model=str(model_dir), data="x", device="cpu", lora_rank=4)
    runtime = resolve_runtime(config)
    model, gates = wrap_trainable(load_base_model(str(model_dir), runtime), config, runtime, [])
    tokenizer = load_tokenizer(model_dir)
    return model, gates, tokenizer(PROMPT, add_special_tokens=False)["input_ids"]


def _sample(model, prompt, seed=0, generations=4, tokens=8):
    return sample_group(model, prompt, generations=generations, max_new_tokens=tokens, temperature=1.0, top_p=1.0,
                        stop_ids=[2], pad_id=0, generator=torch.Generator().manual_seed(seed))


# -- the arithmetic ------------------------------------------------------------------------------------------
def test_group_advantages_equal_a_hand_computation():
    rewards = [1.0, 0.0, 0.0, 3.0, 2.0, 2.0, 2.0, 2.0, -1.0, 0.5, 0.25, 0.0]
    advantages, tied = group_advantages(torch.tensor(rewards), 4)
    expected = []
    for g in range(3):
        group = rewards[4 * g:4 * g + 4]
        mean = sum(group) / 4
        std = math.sqrt(sum((r - mean) ** 2 for r in group) / 3)  # Bessel, as DeepSeekMath's GRPO
        expected += [0.0 if std == 0 else (r - mean) / (std + ADVANTAGE_EPS) for r in group]
    torch.testing.assert_close(advantages, torch.tensor(expected), rtol=0, atol=1e-6)
    assert tied.tolist() == [False, True, False]


def test_the_clip_engages_only_past_epsilon_and_k3_is_the_hand_formula():
    logp = torch.tensor([[-1.0, -2.0]])
    mask = torch.ones_like(logp)
    same = clipped_objective(logp, logp, torch.tensor([1.0]), mask)
    assert same.clip_ratio == 0.0 and same.kl == 0.0
    torch.testing.assert_close(same.loss, torch.tensor(-1.0))  # −r·A with r = 1
    # Ratio e^0.5 ≈ 1.65 > 1.2 with A > 0: clipped on both tokens; with A < 0 the unclipped side is taken.
    assert clipped_objective(logp, logp - 0.5, torch.tensor([1.0]), mask).clip_ratio == 1.0
    assert clipped_objective(logp, logp - 0.5, torch.tensor([-1.0]), mask).clip_ratio == 0.0
    ref = logp + torch.tensor([[0.3, -0.2]])
    terms = clipped_objective(logp, logp, torch.tensor([0.0]), mask, ref_logp=ref, beta=0.5)
    k3 = [math.exp(d) - d - 1 for d in (0.3, -0.2)]
    assert terms.kl == pytest.approx(sum(k3) / 2, abs=1e-6)
    torch.testing.assert_close(terms.loss, torch.tensor(0.5 * sum(k3) / 2), atol=1e-6, rtol=0)


def test_a_constant_reward_gives_the_reward_term_no_gradient(peaked_model):
    model, gates, prompt = _policy(peaked_model)
    group = _sample(model, prompt)

    def grads(rewards):
        model.zero_grad(set_to_none=True)
        advantages, _ = group_advantages(torch.tensor(rewards), 4)
        with rotations_batched(gates):
            logp = completion_logprobs(model, group.ids, group.prompt_length)
            clipped_objective(logp, logp.detach(), advantages, group.mask).loss.backward()
        return [p.grad for p in model.parameters() if p.requires_grad]

    constant = grads([0.7, 0.7, 0.7, 0.7])
    assert constant and all(g is None or torch.count_nonzero(g) == 0 for g in constant)
    varied = grads([1.0, 0.0, 0.0, 0.0])  # negative control: a reward that differs moves the adapters and gates
    assert any(g is not None and torch.count_nonzero(g) > 0 for g in varied)


def test_the_tie_warning_comes_after_ten_tied_steps_once():
    watch = TieWatch()
    said = [watch.update(1.0, step) for step in range(1, TIE_WARN_STEPS + 5)]
    assert said[:TIE_WARN_STEPS - 1] == [None] * (TIE_WARN_STEPS - 1)
    assert "10 steps in a row" in said[TIE_WARN_STEPS - 1] and said[TIE_WARN_STEPS:] == [None] * 4
    assert watch.update(0.5, 99) is None and watch.streak == 0  # a step with signal ends the stretch


def test_top_p_samples_only_from_the_nucleus():
    from so8t.align.rollout import pick_tokens

    logits = torch.log(torch.tensor([[0.5, 0.3, 0.15, 0.05]])).repeat(2000, 1)
    generator = torch.Generator().manual_seed(0)
    assert set(pick_tokens(logits, 1.0, 0.75, generator).tolist()) == {0, 1}  # 0.5 + 0.3 reach 0.75
    assert set(pick_tokens(logits, 1.0, 0.5, generator).tolist()) == {0}
    assert set(pick_tokens(logits, 1.0, 1.0, generator).tolist()) == {0, 1, 2, 3}  # control: the whole vocabulary


def test_rollout_seeds_are_a_pure_function_of_seed_and_rollout():
    assert rollout_seed(0, 3) == rollout_seed(0, 3)
    assert len({rollout_seed(0, 3), rollout_seed(0, 4), rollout_seed(1, 3)}) == 3


def test_a_completion_ends_at_its_stop_token_and_the_rest_is_padding(peaked_model):
    model, _, prompt = _policy(peaked_model)
    stops = range(0, 1024, 3)  # a third of the vocabulary ends a completion: rows end after a few tokens
    group = sample_group(model, prompt, generations=6, max_new_tokens=40, temperature=1.0, top_p=1.0,
                         stop_ids=stops, pad_id=0, generator=torch.Generator().manual_seed(0))
    lengths = group.lengths
    assert max(lengths) < 40 and group.mask.shape[1] == max(lengths)  # cut at the last row's end
    for row, n in zip(group.completion_ids(), lengths, strict=True):
        assert len(row) == n and row[-1] % 3 == 0 and all(t % 3 for t in row[:-1])
    width = group.ids.shape[1] - group.prompt_length
    for i, n in enumerate(lengths):
        assert group.ids[i, group.prompt_length + n:].tolist() == [0] * (width - n)


# -- the gates ------------------------------------------------------------------------------------------------
def test_a_gate_changes_the_rollout_logits_and_the_policy_logprobs(peaked_model):
    model, gates, prompt = _policy(peaked_model)
    with torch.no_grad():
        for gate in gates:
            gate.skew.zero_()  # identity rotations
    identity = _sample(model, prompt)
    with gates_bypassed(gates):
        bypassed = _sample(model, prompt)
    # Negative control: identity gates are the ungated model, logits and samples alike.
    torch.testing.assert_close(identity.first_logits, bypassed.first_logits, rtol=0, atol=1e-6)
    assert torch.equal(identity.ids, bypassed.ids)
    with torch.no_grad():
        before = completion_logprobs(model, identity.ids, identity.prompt_length)
        gates[0].skew.normal_(0.0, 1.0, generator=torch.Generator().manual_seed(1))
        turned = _sample(model, prompt)
        after = completion_logprobs(model, identity.ids, identity.prompt_length)
    assert (turned.first_logits - identity.first_logits).abs().max() > 1e-3
    assert (after - before).abs().max() > 1e-3


def test_the_gates_act_in_gradient_checkpointings_recompute(peaked_model):
    """The policy's gradient with layers recomputed in backward equals the one with activations kept, gates on;
    a recompute without the gates would give other activations, so other gradients."""
    def gradients(checkpointing: str, bypass_in_backward: bool = False) -> dict[str, torch.Tensor]:
        config = TrainConfig(model=str(peaked_model), data="x", device="cpu", lora_rank=4, lora_dropout=0.0,
                             gradient_checkpointing=checkpointing)
        runtime = resolve_runtime(config)
        assert runtime.gradient_checkpointing == (checkpointing == "on")
        torch.manual_seed(0)  # the LoRA matrices' init draws from the global generator
        model, gates = wrap_trainable(load_base_model(str(peaked_model), runtime), config, runtime, [])
        model.train()
        with torch.no_grad():
            gates[0].skew.normal_(0.0, 1.0, generator=torch.Generator().manual_seed(1))
        from so8t.model.folder import load_tokenizer

        prompt = load_tokenizer(peaked_model)(PROMPT, add_special_tokens=False)["input_ids"]
        group = _sample(model, prompt)
        with rotations_batched(gates):
            logp = completion_logprobs(model, group.ids, group.prompt_length)
            loss = clipped_objective(logp, logp.detach(), torch.tensor([1.0, -1.0, 0.5, -0.5]), group.mask).loss
            with gates_bypassed(gates) if bypass_in_backward else contextlib.nullcontext():
                loss.backward()
        return {n: p.grad.clone() for n, p in model.named_parameters() if p.requires_grad and p.grad is not None}

    kept, recomputed = gradients("off"), gradients("on")
    assert kept.keys() == recomputed.keys() and any("skew" in n for n in kept)
    for name in kept:
        torch.testing.assert_close(recomputed[name], kept[name], rtol=1e-5, atol=1e-7)
    # Negative control: a recompute without the gates computes other activations, so other gradients.
    bypassed = gradients("on", bypass_in_backward=True)
    lora = [n for n in kept if "lora_" in n]
    assert lora and all(n in bypassed for n in lora)
    assert max(float((bypassed[n] - kept[n]).norm() / kept[n].norm().clamp_min(1e-30)) for n in lora) > 1e-3


# -- the objective on the session ------------------------------------------------------------------------------
def _prompts(path: Path, count: int = 8, **fields) -> Path:
    path.write_text("".join(json.dumps({"prompt": f"What is {i}+{i}?", **fields}) + "\n" for i in range(count)),
                    encoding="utf-8")
    return path


def _grpo_session(model: Path, run: Path, data: Path, rewards: list[str], *, steps: int, lr: float,
                  prompts_per_step: int = 2, tokens: int = 16, resume: str | None = None,
                  **more) -> tuple[TrainingSession, GRPOObjective]:
    options = AlignConfig(method="grpo", prompts_per_step=prompts_per_step, generations=4, max_completion_tokens=tokens,
                          seed=0, reward=rewards, **more)
    config = TrainConfig(model=str(model), data=str(data), max_steps=steps, ckpt_every_steps=steps,
                         ckpt_every_seconds=0, max_length=64, device="cpu", lora_rank=8, lora_dropout=0.0,
                         alpha_warmup_steps=0, kl_every_steps=0, learning_rate=lr, gate_learning_rate=lr,
                         warmup_steps=0, min_lr_ratio=1.0)
    run.mkdir(parents=True, exist_ok=True)
    layout = RunLayout(run)
    objective = GRPOObjective(options, [parse_reward_spec(r) for r in rewards],
                              reference_file=layout.align_grpo_reference, rollout_dir=layout.align_rollout)
    session = TrainingSession(config, run, EventSink(run=run.name, stage="align", log_path=layout.events),
                              resume, objective=objective, stage="align")
    session.setup()
    return session, objective


def _chosen_token(model_dir: Path) -> str:
    """A token the starting policy samples in some completions and not in others (present in ≈30 % of them)."""
    from so8t.model.folder import load_tokenizer

    model, _, prompt = _policy(model_dir)
    tokenizer = load_tokenizer(model_dir)
    present: Counter[int] = Counter()
    total = 0
    for seed in range(100, 116):
        for row in _sample(model, prompt, seed=seed, tokens=16).completion_ids():
            present.update(set(row) - {2})
            total += 1
    # Whole characters only: a token holding part of a UTF-8 character decodes to U+FFFD.
    readable = [t for t in present if (text := tokenizer.decode([t])).strip() and "\ufffd" not in text]
    token = min(readable, key=lambda t: (abs(present[t] / total - 0.3), t))
    return tokenizer.decode([token])


@pytest.mark.slow
def test_a_planted_reward_rises_and_with_learning_rate_0_it_does_not(peaked_model, tmp_path):
    chosen = _chosen_token(peaked_model)
    planted = tmp_path / "planted.py"
    planted.write_text(f"CHOSEN = {chosen!r}\n\n\ndef chosen_token(prompts, completions, finals, **fields):\n"
                       "    return [float(CHOSEN in (f or '')) for f in finals]\n", encoding="utf-8")
    data = _prompts(tmp_path / "prompts.jsonl")
    curves = {}
    session, _ = _grpo_session(peaked_model, tmp_path / "lr0.01", data, [f"{planted}:chosen_token"], steps=50,
                               lr=1e-2)
    session.run()
    # The control goes through the command a person types: `so8t align --lr 0 --gate-lr 0`.
    from so8t.cli import main

    assert main(["align", "--method", "grpo", "--model", str(peaked_model), "--out", str(tmp_path / "lr0.0"),
                 "--data", str(data), "--reward", f"{planted}:chosen_token", "--lr", "0", "--gate-lr", "0",
                 "--max-steps", "50", "--prompts-per-step", "2", "--generations", "4", "--max-completion-tokens",
                 "16", "--max-length", "64", "--seed", "0", "--device", "cpu", "--ckpt-every-steps", "50"]) == 0
    for lr in (1e-2, 0.0):
        events = read_events(RunLayout(tmp_path / f"lr{lr}").events)
        curves[lr] = [e["value"] for e in events if e.kind == "metric" and e["name"] == Metrics.REWARD]
        assert len(curves[lr]) == 50
    lrs = {e["value"] for e in read_events(RunLayout(tmp_path / "lr0.0").events)
           if e.kind == "metric" and e["name"] in (Metrics.LR, Metrics.GATE_LR)}
    assert lrs == {0.0}
    first, last = (sum(curves[1e-2][:5]) / 5, sum(curves[1e-2][-5:]) / 5)
    assert last >= first + 0.2, curves[1e-2]
    first0, last0 = (sum(curves[0.0][:5]) / 5, sum(curves[0.0][-5:]) / 5)
    assert last0 < first0 + 0.2, curves[0.0]


def test_the_rollout_event_carries_final_answers_and_rewards_never_thinking(tiny_model_dirs, tmp_path):
    data = _prompts(tmp_path / "prompts.jsonl", 4, answer="42")
    session, objective = _grpo_session(Path(tiny_model_dirs["llama"]), tmp_path / "run", data,
                                       ["format", "match=2"], steps=2, lr=1e-3, prompts_per_step=1, tokens=4)
    texts = iter(["<think>SECRET PLAN</think><final>42</final>", "<think>SECRET PLAN</think><final>41</final>",
                  "no tags at all", "<think>SECRET PLAN</think>"] * 2)
    session.tokenizer.decode = lambda ids, **kw: next(texts)
    session.run()
    log = RunLayout(tmp_path / "run").events
    assert "SECRET" not in log.read_text(encoding="utf-8")
    events = read_events(log)
    (first, second) = [e for e in events if isinstance(e, RolloutEvent)]
    assert first.step == 1 and second.step == 2
    assert [r.final for r in first.rows] == ["42", "41", "no tags at all", None]
    assert [r.rewards for r in first.rows] == [{"format": 1.0, "match": 1.0}, {"format": 1.0, "match": 0.0},
                                               {"format": 0.0, "match": 0.0}, {"format": 0.0, "match": 0.0}]
    assert [r.reward for r in first.rows] == [3.0, 1.0, 0.0, 0.0]
    metrics = {(e["name"], e["step"]): e["value"] for e in events if e.kind == "metric"}
    assert metrics[(reward_metric("format"), 1)] == 0.5 and metrics[(reward_metric("match"), 1)] == 0.25
    assert metrics[(REWARD_STD_PREFIX + "match", 1)] == pytest.approx(math.sqrt(0.25 * 0.75))
    assert metrics[(Metrics.REWARD, 1)] == 1.0 and metrics[(Metrics.TIE_SHARE, 1)] == 0.0
    for name in (Metrics.KL, Metrics.CLIP_RATIO, Metrics.COMPLETION_LENGTH, Metrics.LOSS):
        assert (name, 2) in metrics
    assert objective.rewards_summary()["match"]["mean"] == 0.25


def test_several_updates_per_rollout_and_a_kl_term_resume_exactly_between_updates(tiny_model_dirs, tmp_path):
    """Two updates per rollout (the clip can engage) and β > 0 (the starting policy kept): a stop after step 1,
    between rollout 0's two updates, then a resume, ends where an uninterrupted run ends."""
    from safetensors.torch import load_file

    from so8t.stop_channel import request_stop

    model = Path(tiny_model_dirs["llama"])
    reward = tmp_path / "letters.py"
    reward.write_text("def letters(prompts, completions, finals, **fields):\n"
                      "    return [sum(ch.isalpha() for ch in c) / max(1, len(c)) for c in completions]\n",
                      encoding="utf-8")
    data = _prompts(tmp_path / "prompts.jsonl", 4)
    args = dict(steps=4, lr=5e-2, prompts_per_step=1, tokens=6, updates_per_rollout=2, beta=0.1)
    rewards = [f"{reward}:letters"]
    straight, _ = _grpo_session(model, tmp_path / "straight", data, rewards, **args)
    straight.run()

    run = tmp_path / "stopped"
    stopped, objective = _grpo_session(model, run, data, rewards, **args)
    after = objective.after_step
    objective.after_step = lambda m, s: (after(m, s), s.step == 1 and request_stop(s.run_dir))
    assert stopped.run().final_step == 1
    assert RunLayout(run).align_rollout(0).is_file() and RunLayout(run).align_grpo_reference.is_file()
    resumed, _ = _grpo_session(model, run, data, rewards, resume="newest", **args)
    assert resumed.run().final_step == 4
    logs = [e["msg"] for e in read_events(RunLayout(run).events) if e.kind == "log"]
    assert not any("sampled again" in msg for msg in logs)

    def metrics(path):
        out = {}
        for e in read_events(RunLayout(path).events):
            if e.kind == "metric" and e["name"] in (Metrics.REWARD, Metrics.KL, Metrics.LOSS, Metrics.CLIP_RATIO):
                out.setdefault((e["name"], e["step"]), set()).add(e["value"])
        return out

    a, b = metrics(tmp_path / "straight"), metrics(run)
    assert a == b
    assert a[(Metrics.KL, 1)] == {0.0} and max(a[(Metrics.KL, 4)]) > 0  # π = π_ref at the start only
    assert a[(Metrics.REWARD, 1)] == a[(Metrics.REWARD, 2)]  # one rollout, two updates
    for name in ("adapter_model.safetensors", "gates.safetensors"):
        x = load_file(str(RunLayout(tmp_path / "straight").checkpoint(4, "align") / name))
        y = load_file(str(RunLayout(run).checkpoint(4, "align") / name))
        assert x.keys() == y.keys() and all(torch.equal(x[k], y[k]) for k in x)

    # Negative control: without the stored rollout, the resumed step samples anew, and says so.
    run2 = tmp_path / "lost"
    stopped, objective = _grpo_session(model, run2, data, rewards, **args)
    after2 = objective.after_step
    objective.after_step = lambda m, s: (after2(m, s), s.step == 1 and request_stop(s.run_dir))
    stopped.run()
    RunLayout(run2).align_rollout(0).unlink()
    _grpo_session(model, run2, data, rewards, resume="newest", **args)[0].run()
    logs = [e["msg"] for e in read_events(RunLayout(run2).events) if e.kind == "log"]
    assert any("rollout 0 is not stored" in msg for msg in logs)


def test_grpo_from_a_trained_run_takes_its_tokens_and_scores_safety_with_its_gate(demo_run, tmp_path, capsys):
    """`--run` starts from the run's training checkpoint (its added tokens too); with no --reward the set is
    format, plus safety (the run has a head: its gate labels the unlabelled prompts), plus match (answers)."""
    import shutil

    from so8t.cli import main

    run = tmp_path / "run"
    # The demo aligned its run already: this test aligns the training checkpoint again from scratch.
    shutil.copytree(demo_run, run, ignore=shutil.ignore_patterns("gguf", "*.lock*", ".lock", "align"))
    data = tmp_path / "prompts.jsonl"
    data.write_text("".join(json.dumps(row) + "\n" for row in [
        {"prompt": "How do I bake bread?", "answer": "flour"}, {"prompt": "What is 2+2?", "answer": "4"},
        {"prompt": "Explain photosynthesis briefly."}]), encoding="utf-8")
    code = main(["align", "--method", "grpo", "--run", str(run), "--data", str(data), "--max-steps", "2",
                 "--device", "cpu", "--max-completion-tokens", "6", "--ckpt-every-steps", "2", "--json"])
    out = capsys.readouterr().out
    assert code == 0, out
    result = json.loads(out.strip().splitlines()[-1])
    assert set(result["rewards"]) == {"format", "safety", "match"} and result["started_from"]
    assert result["rewards"]["safety"]["mean"] is not None  # the gate gave every prompt a label
    saved = json.loads(RunLayout(run).align_config.read_text(encoding="utf-8"))
    assert saved["config"]["reward"] == ["format=1", "safety=1", "match=1"]


#: A string planted in the completions' thinking: it may reach the window's stream, never a file.
THINKING_MARKER = "MARKER-c41f thinks"


def grpo_run_with_planted_thinking(model: Path, tmp_path: Path) -> tuple[Path, str]:
    """Two GRPO steps whose completions think THINKING_MARKER; (the run folder, what the stage streamed)."""
    import io

    data = _prompts(tmp_path / "prompts.jsonl", 4, answer="42")
    run = tmp_path / "run"
    session, _ = _grpo_session(model, run, data, ["format", "match"], steps=2, lr=1e-3, prompts_per_step=1,
                               tokens=4)
    stream = io.StringIO()
    session.events.stream = stream
    texts = iter([f"<think>{THINKING_MARKER} {i}</think><final>4{i % 3}</final>" for i in range(4)]
                 + ["no tags", f"<think>{THINKING_MARKER} late</think><final>42</final>", "", "plain"])
    session.tokenizer.decode = lambda ids, **kw: next(texts)
    session.run()
    return run, stream.getvalue()


def test_the_thinking_streams_beside_the_rollout_and_never_reaches_events_jsonl(tiny_model_dirs, tmp_path):
    from so8t.events import RolloutReasoningEvent, parse_event

    run, streamed = grpo_run_with_planted_thinking(Path(tiny_model_dirs["llama"]), tmp_path)
    log = RunLayout(run).events.read_text(encoding="utf-8")
    assert THINKING_MARKER not in log and "rollout_reasoning" not in log
    assert THINKING_MARKER in streamed  # the negative control: the stage did produce the thinking
    events = [e for e in map(parse_event, streamed.splitlines()) if e is not None]
    rollouts = [e for e in events if isinstance(e, RolloutEvent)]
    reasoning = [e for e in events if isinstance(e, RolloutReasoningEvent)]
    assert [e.step for e in reasoning] == [e.step for e in rollouts] == [1, 2]
    assert [text for _, text in reasoning[0].rows] == [f"{THINKING_MARKER} {i}" for i in range(4)]
    assert [pid for pid, _ in reasoning[1].rows] == [r.prompt_id for r in rollouts[1].rows]
    assert [text for _, text in reasoning[1].rows] == ["", f"{THINKING_MARKER} late", "", ""]
    assert all(THINKING_MARKER not in (r.final or "") for e in rollouts for r in e.rows)


def test_a_completion_is_decoded_whole_and_a_character_cut_at_the_limit_is_held_back(tiny_model_dirs):
    from so8t.align.rollout import REPLACEMENT, completion_text
    from so8t.model.folder import load_tokenizer

    tokenizer = load_tokenizer(tiny_model_dirs["llama"])
    stop = tokenizer.convert_tokens_to_ids("<|im_end|>")
    ids = tokenizer("val雨って眺", add_special_tokens=False)["input_ids"]
    pieces = [tokenizer.decode([t]) for t in ids]
    # The tokenizer splits 雨 and 眺 across tokens: decoded piece by piece they are replacement characters.
    assert REPLACEMENT in "".join(pieces) and "雨" not in "".join(pieces)
    assert completion_text(tokenizer, ids + [stop], [stop]) == "val雨って眺"
    # Cut at the token limit inside 眺: its first bytes only. Decoded as they are, they end in U+FFFD.
    cut = ids[:-1]
    assert tokenizer.decode(cut).endswith(REPLACEMENT)
    assert completion_text(tokenizer, cut, [stop]) == "val雨って"
    # Negative control: a completion that ended (its stop token) keeps what it sampled, U+FFFD included.
    assert completion_text(tokenizer, cut + [stop], [stop]) == tokenizer.decode(cut)


# -- the static cache (what CUDA graphs replay) ------------------------------------------------------------
#: A family with sliding-window layers, whose static cache keeps its length in Python: no graph can replay it.
SLIDING = "mistral-sliding"


@pytest.mark.parametrize("family", [*sorted(TINY_CONFIGS), SLIDING])
def test_the_static_cache_decodes_the_same_tokens_as_the_dynamic_one(family, tmp_path, monkeypatch):
    """On a card each decode step is a replayed CUDA graph over a static cache; its tokens must be the loop's.

    Seeded sampled rows and greedy rows must match token for token, gates turned on. On the CPU the step
    runs eagerly, the warm-up before a capture included.
    """
    from so8t.align import rollout

    overrides = {"sliding_window": 8} if family == SLIDING else {}
    model_dir = build_tiny_model(family.split("-")[0], tmp_path / family, initializer_range=PEAKED_INIT, **overrides)
    model, gates, prompt = _policy(model_dir)
    with torch.no_grad():
        for gate in gates:
            gate.skew.normal_(0.0, 0.5, generator=torch.Generator().manual_seed(3))

    def sample(temperature: float, static: bool):
        return rollout._sample(model, prompt, 3, 24, temperature, 0.9, [2], 0, torch.Generator().manual_seed(5),
                               torch.device("cpu"), static=static)

    if family == SLIDING:
        with pytest.raises(rollout.NotGraphable):
            sample(1.0, True)
        monkeypatch.setattr(rollout, "GRAPH_PROBLEM", [])
        fallback = sample_group(model, prompt, generations=3, max_new_tokens=24, temperature=1.0, top_p=0.9,
                                stop_ids=[2], pad_id=0, generator=torch.Generator().manual_seed(5), static=True)
        assert torch.equal(fallback.ids, sample(1.0, False).ids) and "layers" in rollout.GRAPH_PROBLEM[0]
        return
    for temperature in (1.0, 0.0):
        runs = [sample(temperature, static) for static in (False, True)]
        assert torch.equal(runs[0].ids, runs[1].ids) and torch.equal(runs[0].mask, runs[1].mask)
        torch.testing.assert_close(runs[0].first_logits, runs[1].first_logits, rtol=0, atol=1e-5)
    # Negative control: a warm-up whose step the cache's lengths keep (not put back) decodes other tokens.
    counters = rollout._counters
    monkeypatch.setattr(rollout, "_counters", lambda cache: (counters(cache), [])[1])
    assert not torch.equal(sample(0.0, True).ids, runs[1].ids)
