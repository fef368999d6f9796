"""DPO is right: the loss and its gradient by hand and through TRL, a planted preference learnt on the CPU, the
gates in every forward, and the stored reference equal to the starting policy before and after a resume."""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace

import pytest
import torch
from safetensors.torch import load_file

from so8t.align.config import AlignConfig
from so8t.align.dpo import DPOObjective, dpo_loss, logged_history, preferred, read_pairs, tokenize_pairs
from so8t.align.logprobs import sequence_logps
from so8t.align.run import align
from so8t.events import EventSink
from so8t.store.event_log import read_events
from so8t.store.layout import ADAPTER_FILE, GATES_FILE, RunLayout
from so8t.store.metric_names import Metrics

pytestmark = pytest.mark.usefixtures("one_torch_thread")

#: Sequence log-probs of four pairs (policy chosen, policy rejected, reference chosen, reference rejected).
LOGPS = ([-12.5, -30.25, -7.0, -41.0], [-14.0, -29.5, -9.5, -40.0], [-13.0, -30.0, -7.25, -40.5],
         [-13.5, -30.0, -9.0, -40.25])


def _given(dtype=torch.float64):
    pc, pr, rc, rr = (torch.tensor(v, dtype=dtype) for v in LOGPS)
    return pc.requires_grad_(), pr.requires_grad_(), rc, rr


@pytest.mark.parametrize("beta", [0.1, 0.5])
def test_the_sigmoid_loss_and_its_gradient_equal_a_hand_computation(beta):
    pc, pr, rc, rr = _given()
    losses, chosen_rewards, rejected_rewards = dpo_loss(pc, pr, rc, rr, beta, "sigmoid")
    losses.mean().backward()
    n = len(LOGPS[0])
    for i in range(n):
        h = (LOGPS[0][i] - LOGPS[1][i]) - (LOGPS[2][i] - LOGPS[3][i])
        s = 1 / (1 + torch.exp(torch.tensor(-beta * h, dtype=torch.float64)))  # σ(βh)
        assert abs(float(losses[i]) - float(-torch.log(s))) < 1e-6
        # d/dπc of −log σ(βh) averaged over n pairs is −β(1 − σ(βh))/n; d/dπr the opposite.
        assert abs(float(pc.grad[i]) - float(-beta * (1 - s) / n)) < 1e-6
        assert abs(float(pr.grad[i]) - float(beta * (1 - s) / n)) < 1e-6
        assert abs(float(chosen_rewards[i]) - beta * (LOGPS[0][i] - LOGPS[2][i])) < 1e-9
        assert abs(float(rejected_rewards[i]) - beta * (LOGPS[1][i] - LOGPS[3][i])) < 1e-9


def test_the_ipo_loss_and_its_gradient_equal_a_hand_computation():
    beta = 0.1
    pc, pr, rc, rr = _given()
    losses, _, _ = dpo_loss(pc, pr, rc, rr, beta, "ipo")
    losses.mean().backward()
    n = len(LOGPS[0])
    for i in range(n):
        h = (LOGPS[0][i] - LOGPS[1][i]) - (LOGPS[2][i] - LOGPS[3][i])
        assert abs(float(losses[i]) - (h - 1 / (2 * beta)) ** 2) < 1e-6
        assert abs(float(pc.grad[i]) - 2 * (h - 1 / (2 * beta)) / n) < 1e-6
        assert abs(float(pr.grad[i]) + 2 * (h - 1 / (2 * beta)) / n) < 1e-6


def test_trls_sigmoid_dpo_loss_gives_the_same_loss_and_gradient():
    """TRL 1.16 computes DPO's loss inside DPOTrainer._compute_loss: it runs here on the same log-probs, its
    model's per-token log-probs summing to ours and the reference given as precomputed."""
    from trl.trainer.dpo_trainer import DPOTrainer

    beta = 0.1
    pc, pr, rc, rr = _given(torch.float32)
    n, width = len(LOGPS[0]), 3
    # Per-token log-probs whose sum over the completion is each sequence's log-prob (one token carries it).
    per_token = torch.zeros(2 * n, width, dtype=torch.float32)
    per_token = per_token + torch.nn.functional.one_hot(torch.zeros(2 * n, dtype=torch.long), width) * \
        torch.cat([pc, pr])[:, None]

    def fake_model(**kwargs):
        return SimpleNamespace(log_probs=per_token, entropy=torch.zeros(2 * n, width),
                               mean_logits=torch.zeros(2 * n, width), is_top1=torch.zeros(2 * n, width, dtype=torch.bool))

    fake_model.training = True
    accelerator = SimpleNamespace(device=torch.device("cpu"), gather_for_metrics=lambda x: x, gather=lambda x: x)
    trainer = SimpleNamespace(
        model=fake_model, accelerator=accelerator, aux_loss_enabled=False, ld_alpha=None, precompute_ref_logps=True,
        f_divergence_type="reverse_kl", loss_types=["sigmoid"], loss_weights=[1.0], beta=beta, label_smoothing=0.0,
        use_weighting=False, _metrics={"train": defaultdict(list), "eval": defaultdict(list)}, _total_train_tokens=0,
        _tp_size=1, args=SimpleNamespace(), rpo_alpha=None)
    inputs = {"input_ids": torch.ones(2 * n, width + 1, dtype=torch.long),
              "attention_mask": torch.ones(2 * n, width + 1, dtype=torch.long),
              "completion_mask": torch.ones(2 * n, width + 1, dtype=torch.long),
              "ref_chosen_logps": rc.float(), "ref_rejected_logps": rr.float()}
    trl_loss = DPOTrainer._compute_loss(trainer, fake_model, inputs, return_outputs=False)
    trl_loss.backward()
    trl_grads = (pc.grad.clone(), pr.grad.clone())

    ours_pc, ours_pr, _, _ = _given(torch.float32)
    losses, chosen_rewards, rejected_rewards = dpo_loss(ours_pc, ours_pr, rc.float(), rr.float(), beta, "sigmoid")
    losses.mean().backward()
    assert abs(float(trl_loss) - float(losses.mean())) < 1e-6
    assert torch.allclose(trl_grads[0], ours_pc.grad, atol=1e-6, rtol=0)
    assert torch.allclose(trl_grads[1], ours_pr.grad, atol=1e-6, rtol=0)
    # TRL's logged rewards and accuracy are ours too (a tie aside, which no pair here is).
    assert trainer._metrics["train"]["rewards/chosen"][0] == pytest.approx(float(chosen_rewards.mean()), abs=1e-6)
    assert trainer._metrics["train"]["rewards/accuracies"][0] == pytest.approx(
        float(preferred(chosen_rewards, rejected_rewards).mean()), abs=1e-6)


def test_a_tie_counts_as_no_preference():
    zero = torch.zeros(3)
    assert preferred(zero, zero).tolist() == [0.5, 0.5, 0.5]
    assert preferred(torch.tensor([1.0, -1.0]), torch.tensor([0.0, 0.0])).tolist() == [1.0, 0.0]


# -- the gates in every forward ----------------------------------------------------------------

def _pairs_file(path: Path, count: int, planted: bool = True, seed: int = 0) -> Path:
    import random

    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(count):
            good, bad = (f"yes {i} yes", f"no {i} no")
            if not planted and rng.random() < 0.5:
                good, bad = bad, good  # no preference to learn: the chosen answer is yes or no at random
            f.write(json.dumps({"prompt": f"Question {i}: answer it.", "chosen": good, "rejected": bad}) + "\n")
    return path


def _gated_model(model_dir: Path):
    from so8t.train.config import TrainConfig
    from so8t.train.model import load_base_model, resolve_runtime, wrap_trainable

    config = TrainConfig(model=str(model_dir), data="unused", device="cpu", lora_rank=2, lora_dropout=0.0)
    runtime = resolve_runtime(config)
    model, gates = wrap_trainable(load_base_model(str(model_dir), runtime), config, runtime, [])
    model.eval()
    return model, gates


def test_changing_a_gate_changes_the_policy_log_probs_and_identity_gates_do_not(tiny_model_dirs, tmp_path):
    from transformers import AutoTokenizer

    from so8t.align.dpo import collate_pairs
    from so8t.model.gates import gates_bypassed, rotations_batched

    model_dir = tiny_model_dirs["llama"]
    model, gates = _gated_model(model_dir)
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    items = tokenize_pairs(tokenizer, read_pairs(_pairs_file(tmp_path / "p.jsonl", 3)), 64, print)
    batch = collate_pairs(items, tokenizer.pad_token_id or 0)

    def logps() -> torch.Tensor:
        with torch.no_grad(), rotations_batched(gates):
            return sequence_logps(model, **batch)[0]

    with torch.no_grad():
        for g in gates:
            g.skew.zero_()  # identity rotations
    identity = logps()
    with gates_bypassed(gates), torch.no_grad():
        bypassed = sequence_logps(model, **batch)[0]
    assert torch.allclose(identity, bypassed, atol=1e-6, rtol=0)  # negative control: identity gates change nothing
    with torch.no_grad():
        gates[0].skew[0, 0] = 0.5
        gates[0].alpha.fill_(5.0)
    turned = logps()
    assert (turned - identity).abs().max() > 1e-4  # one gate turned: every sequence's log-prob moves


# -- training on the CPU ------------------------------------------------------------------------

def _config(tmp_path: Path, data: Path, **changes) -> AlignConfig:
    values = dict(method="dpo", data=str(data), max_steps=50, device="cpu", learning_rate=1e-3,
                  gate_learning_rate=1e-3, batch_size=4, max_length=64, ckpt_every_steps=50, ckpt_every_seconds=0)
    values.update(changes)
    return AlignConfig(**values)


def _metric(run: Path, name: str) -> dict[int, float]:
    return {e["step"]: e["value"] for e in read_events(RunLayout(run).events)
            if e["kind"] == "metric" and e["name"] == name}


@pytest.mark.slow  # two 50-step runs of the tiny model (about 15 s each)
def test_a_planted_preference_is_learnt_on_the_cpu_and_a_random_one_is_not(tiny_model_dirs, tmp_path):
    model = str(tiny_model_dirs["llama"])
    run = tmp_path / "planted"
    result = align(_config(tmp_path, _pairs_file(tmp_path / "planted.jsonl", 32), model=model, out=str(run)), run)
    accuracy = _metric(run, Metrics.DPO_ACCURACY)
    assert sorted(accuracy) == list(range(1, 51))
    assert accuracy[1] == 0.5  # the starting policy is the reference: every pair ties
    assert sum(accuracy[s] for s in range(46, 51)) / 5 >= 0.9
    assert result.accuracy >= 0.9 and result.margin > 0 and result.method == "dpo" and result.final_step == 50
    assert set(result.rewards) == {"chosen", "rejected"} and result.pairs_per_s > 0

    control = tmp_path / "random"
    align(_config(tmp_path, _pairs_file(tmp_path / "random.jsonl", 32, planted=False), model=model,
                  out=str(control)), control)
    late = [_metric(control, Metrics.DPO_ACCURACY)[s] for s in range(41, 51)]
    assert sum(late) / len(late) < 0.8  # negative control: no preference in the data, none learnt


@pytest.mark.slow  # aligns a trained run twice and reads the starting checkpoint back (about 20 s)
def test_the_stored_reference_is_the_starting_policy_before_and_after_a_resume(reference_run, tmp_path):
    from so8t.store.checkpoints import CheckpointStore

    run = tmp_path / "run"
    shutil.copytree(reference_run, run)
    data = _pairs_file(tmp_path / "pairs.jsonl", 6)
    config = _config(tmp_path, data, run=str(run), max_steps=4, ckpt_every_steps=2, batch_size=2)
    straight = align(config, run)
    layout = RunLayout(run)
    stored = load_file(str(layout.align_reference))
    assert straight.started_from == CheckpointStore(run).newest_valid().path

    # The starting policy rebuilt on its own: the base with the training checkpoint's LoRA and gates, in eval mode,
    # the pairs in the stage's micro-batches (fp32 sums of ~50 nats differ by an ulp, 4e-6, in another batching).
    start = Path(straight.started_from)
    model, gates, tokenizer = _starting_policy(start)
    items = tokenize_pairs(tokenizer, read_pairs(data), 64, print)
    sums = _logps_in_batches(model, gates, items, tokenizer, 2)
    assert torch.allclose(stored["chosen"], sums[0], atol=1e-6, rtol=0)
    assert torch.allclose(stored["rejected"], sums[1], atol=1e-6, rtol=0)
    # Negative control: the same model with its gates bypassed gives other log-probs.
    from so8t.model.gates import gates_bypassed

    with gates_bypassed(gates):
        ungated = _logps_in_batches(model, gates, items, tokenizer, 2)
    assert (ungated[0] - stored["chosen"]).abs().max() > 1e-4

    # Resume from step 2: the reference is read, not recomputed, and the run ends where the straight one did.
    before = layout.align_reference.read_bytes()
    straight_final = _final_weights(layout)
    shutil.rmtree(layout.checkpoint(4, "align"))
    resumed = align(config, run, resume="newest")
    assert resumed.resumed_from == "ckpt-2" and resumed.final_step == 4 and resumed.reference_s is None
    # The record averages the run's last steps, the ones before the resume included, as the straight run's did.
    assert (resumed.rewards, resumed.accuracy, resumed.margin) == (straight.rewards, straight.accuracy, straight.margin)
    assert layout.align_reference.read_bytes() == before
    logs = [e["msg"] for e in read_events(layout.events) if e["kind"] == "log"]
    assert any("read from reference.safetensors" in m for m in logs)
    again = _final_weights(layout)
    assert again.keys() == straight_final.keys() and all(torch.equal(again[k], straight_final[k]) for k in again)


def _final_weights(layout: RunLayout) -> dict[str, torch.Tensor]:
    return {**load_file(str(layout.checkpoint(4, "align") / ADAPTER_FILE)),
            **load_file(str(layout.checkpoint(4, "align") / GATES_FILE))}


def _starting_policy(checkpoint: Path):
    """(model, gates, tokenizer) of a training checkpoint, unmerged, as the align session builds it."""
    from transformers import AutoTokenizer

    from so8t.model.gates import load_gates_into
    from so8t.train.config import TrainConfig
    from so8t.train.model import load_base_model, resize_for_tokenizer, resolve_runtime, wrap_trainable
    from so8t.train.state import load_trainable_state, read_tensors

    config = TrainConfig.from_dict(json.loads((checkpoint / "train_config.json").read_text(encoding="utf-8")))
    runtime = resolve_runtime(config)
    added = json.loads((checkpoint / "trainer_state.json").read_text(encoding="utf-8"))["added_tokens"]
    tokenizer = AutoTokenizer.from_pretrained(str(checkpoint) if added else config.model)
    base = load_base_model(config.model, runtime)
    resize_for_tokenizer(base, len(tokenizer))
    model, gates = wrap_trainable(base, config, runtime, tokenizer.convert_tokens_to_ids(added) if added else [])
    load_trainable_state(model, read_tensors(checkpoint / ADAPTER_FILE), "start")
    load_gates_into(gates, read_tensors(checkpoint / GATES_FILE), "start")
    model.eval()
    return model, gates, tokenizer


def _logps_in_batches(model, gates, items, tokenizer, size: int) -> tuple[torch.Tensor, torch.Tensor]:
    from so8t.align.dpo import collate_pairs
    from so8t.model.gates import rotations_batched

    chosen, rejected = [], []
    with torch.no_grad():
        for start in range(0, len(items), size):
            with rotations_batched(gates):
                sums, _ = sequence_logps(model, **collate_pairs(items[start:start + size], tokenizer.pad_token_id or 0))
            half = sums.shape[0] // 2
            chosen.append(sums[:half])
            rejected.append(sums[half:])
    return torch.cat(chosen), torch.cat(rejected)


def test_the_objective_keeps_the_starting_runs_added_tokens():
    objective = DPOObjective(0.1, "sigmoid", ["<think>", "</think>"])
    assert objective.start_tokens == ["<think>", "</think>"]


@pytest.mark.slow  # aligns a trained run (about 15 s)
def test_fresh_adapters_train_new_ones_on_top_of_the_frozen_trained_ones(reference_run, tmp_path):
    from so8t.train.restore import load_trained_model

    run = tmp_path / "run"
    shutil.copytree(reference_run, run)
    data = _pairs_file(tmp_path / "pairs.jsonl", 6)
    result = align(_config(tmp_path, data, run=str(run), max_steps=3, ckpt_every_steps=3, batch_size=2,
                           fresh_adapters=True), run)
    start = load_file(str(Path(result.started_from) / ADAPTER_FILE))
    final = load_file(str(RunLayout(run).checkpoint(3, "align") / ADAPTER_FILE))
    rank = json.loads((Path(result.started_from) / "train_config.json").read_text(encoding="utf-8"))["lora_rank"]
    moved = 0
    for key, old in start.items():
        new = final[key]
        if ".lora_A." in key:
            assert new.shape[0] == 2 * rank and torch.equal(new[:rank], old)  # the trained half stays as trained
            moved += int(not torch.equal(new[rank:], torch.zeros_like(new[rank:])))
        elif ".lora_B." in key:
            assert new.shape[1] == 2 * rank and torch.equal(new[:, :rank], old)
            moved += int(not torch.equal(new[:, rank:], torch.zeros_like(new[:, rank:])))  # B starts at zero
        else:
            assert torch.equal(new, old)  # the new-token rows stay the training stage's
    assert moved > 0  # the new half learnt
    # The starting policy is the trained one (the new half's B is zero): the reference says so, up to the fp32
    # summation order of a rank-2r product (an ulp of a 60-nat sum is 4e-6).
    model, gates, tokenizer = _starting_policy(Path(result.started_from))
    sums = _logps_in_batches(model, gates, tokenize_pairs(tokenizer, read_pairs(data), 64, print), tokenizer, 2)
    assert torch.allclose(load_file(str(RunLayout(run).align_reference))["chosen"], sums[0], atol=5e-5, rtol=0)
    # A checkpoint is one plain adapter of rank 2r: the bake's loader reads it.
    baked, _ = load_trained_model(RunLayout(run).checkpoint(3, "align"))
    assert baked is not None


@pytest.mark.parametrize(("changes", "message"), [
    ({"fresh_adapters": True, "model": "m", "out": "o"}, "--model starts from a base model"),
    ({"fresh_adapters": True, "run": "r", "train": "gates"}, "--train gates trains none"),
])
def test_fresh_adapters_need_a_trained_run_and_adapters_to_train(changes, message, tmp_path):
    from so8t.errors import ConfigError

    with pytest.raises(ConfigError, match=message):
        _config(tmp_path, tmp_path / "p.jsonl", **changes)


def test_a_resumed_dpo_run_reads_its_metric_history_back_from_the_events_log(tmp_path):
    """The record of a resumed attempt averages over steps logged before the kill: a redone step's later value wins."""
    sink = EventSink(stage="align", log_path=RunLayout(tmp_path).events)
    names = (Metrics.DPO_CHOSEN_REWARD, Metrics.DPO_REJECTED_REWARD, Metrics.DPO_MARGIN, Metrics.DPO_ACCURACY)
    for step, value in ((1, 1.0), (2, 2.0), (2, 3.0), (3, 4.0)):
        for name in names:
            sink.metric(name, value, step)
    EventSink(stage="train", log_path=RunLayout(tmp_path).events).metric(Metrics.DPO_MARGIN, 9.0, 1)
    assert logged_history(tmp_path, 2) == [dict.fromkeys(names, 1.0), dict.fromkeys(names, 3.0)]
    assert logged_history(tmp_path / "missing", 2) == []
