"""Packing: a packed micro-batch learns exactly what the same samples learn as one padded micro-batch.

On the five families' tiny models (CPU, float32) and on torch's own attention kernels (SDPA and
eager), the loss, PET and every gradient of the packed rows equal the padded batch's within 1e-5
relative; letting attention cross the sample boundaries (the negative control) differs by more.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import torch

from so8t.model.tiny import TINY_CONFIGS
from so8t.train.data import IGNORE_INDEX, Sample, collate
from so8t.train.packing import PackingPlan, bucket_width, collate_packed, pack_rows
from so8t.train.pet import pet_loss
from so8t.train.sft import SFTObjective

pytestmark = pytest.mark.usefixtures("one_torch_thread")

#: Sample lengths: unequal, one of a single prompt token + answer, with room for three rows of 64.
LENGTHS = (37, 5, 50, 23, 14, 9, 41)
ROW = 64
TOLERANCE = 1e-5
#: The negative control must differ by at least this much (far above float rounding).
CONTROL_MIN = 1e-3
#: Weight init std: the default 0.02 keeps a random tiny model's outputs nearly independent of its
#: inputs; 0.3 makes attention matter, so crossing a boundary shows (test_train_loss uses the same).
INIT_STD = 0.3


def samples(seed: int = 0) -> list[Sample]:
    g = torch.Generator().manual_seed(seed)
    out = []
    for n in LENGTHS:
        ids = torch.randint(3, 1000, (n,), generator=g).tolist()
        prompt = max(1, n // 3)  # the prompt is not learned, the answer is
        out.append(Sample(ids, [IGNORE_INDEX] * prompt + ids[prompt:]))
    return out


def rel(a: torch.Tensor, b: torch.Tensor) -> float:
    return float((a - b).norm() / b.norm().clamp_min(1e-30))


def model_of(family: str, tmp_path, attention: str):
    from transformers import AutoModelForCausalLM

    from so8t.model.tiny import build_tiny_model

    folder = build_tiny_model(family, tmp_path / family, seed=0, initializer_range=INIT_STD, with_tokenizer=False)
    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32, attn_implementation=attention)
    model.train()
    return model


def loss_and_grads(model, batch: dict, triples=None, lam: float = 1.0):
    objective = SFTObjective()
    objective.session = SimpleNamespace(model=model, fused_loss=None)
    objective.lam = lam
    model.zero_grad(set_to_none=True)
    inputs = {k: v for k, v in batch.items() if k not in ("labels", "triples", "tokens")}
    micro = {"inputs": inputs, "labels": batch["labels"], "lm_weight": 1.0, "pet_weight": 1.0, "tokens": 0,
             "triples": triples}
    loss, figures = objective.loss(micro)
    loss.backward()
    grads = torch.cat([p.grad.reshape(-1) for p in model.parameters() if p.grad is not None])
    return loss.detach(), figures, grads


def packed_rows(data: list[Sample]) -> list[list[Sample]]:
    rows = pack_rows([len(s.input_ids) for s in data], range(len(data)), ROW)
    assert 1 < len(rows) < len(data)  # several samples share a row
    return [[data[i] for i in row] for row in rows]


@pytest.mark.parametrize("attention", ["sdpa", "eager"])
@pytest.mark.parametrize("family", list(TINY_CONFIGS))
def test_packed_equals_padded(family, attention, tmp_path):
    model = model_of(family, tmp_path, attention)
    data = samples()
    padded = collate(data, 0)
    loss_p, fig_p, grads_p = loss_and_grads(model, padded)
    packed = collate_packed(packed_rows(data), 0, width=ROW + 8)  # a little padding at each row's end too
    loss_k, fig_k, grads_k = loss_and_grads(model, packed, packed["triples"])
    assert abs(float(loss_k - loss_p)) <= TOLERANCE * abs(float(loss_p))
    assert abs(fig_k["pet_loss"] - fig_p["pet_loss"]) <= TOLERANCE * abs(fig_p["pet_loss"])
    assert abs(fig_k["loss"] - fig_p["loss"]) <= TOLERANCE * abs(fig_p["loss"])
    assert rel(grads_k, grads_p) <= TOLERANCE

    # Negative control: the same rows, but a plain attention mask lets every token see the samples before it.
    leaky = {**packed, "attention_mask": torch.ones_like(packed["input_ids"])}
    loss_c, _, grads_c = loss_and_grads(model, leaky, packed["triples"])
    assert abs(float(loss_c - loss_p)) / abs(float(loss_p)) > CONTROL_MIN or rel(grads_c, grads_p) > CONTROL_MIN
    assert rel(grads_c, grads_p) > CONTROL_MIN


def test_pet_triples_stay_inside_samples():
    """PET of the packed rows is the padded batch's PET over the same triples; none straddles two samples."""
    data = samples()
    packed = collate_packed(packed_rows(data), 0)
    padded = collate(data, 0)
    torch.manual_seed(1)
    hidden_p = torch.randn(*padded["input_ids"].shape, 16)
    # The same hidden states laid out in rows: each sample's vectors where the packed row holds it.
    hidden_k = torch.zeros(*packed["input_ids"].shape, 16)
    rows = packed_rows(data)
    index = {id(s): i for i, s in enumerate(data)}
    for r, row in enumerate(rows):
        start = 0
        for s in row:
            n = len(s.input_ids)
            hidden_k[r, start:start + n] = hidden_p[index[id(s)], :n]
            start += n
    expected = pet_loss(hidden_p, padded["attention_mask"])
    assert torch.allclose(pet_loss(hidden_k, triples=packed["triples"]), expected, rtol=1e-6)
    assert int(packed["triples"].sum()) == sum(len(s.input_ids) - 2 for s in data)
    # Control: triples over the whole row (straddling boundaries) give another value.
    whole = (packed["input_ids"] != 0).long()
    assert not torch.allclose(pet_loss(hidden_k, whole), expected, rtol=1e-3)


def test_labels_positions_and_tokens_of_a_row():
    data = samples()
    rows = packed_rows(data)
    packed = collate_packed(rows, 0, width=ROW)
    first = rows[0]
    start = len(first[0].input_ids)
    assert packed["position_ids"][0, :start].tolist() == list(range(start))
    assert packed["position_ids"][0, start] == 0  # the next sample starts again at 0
    assert packed["labels"][0, start] == IGNORE_INDEX  # never predicted from the previous sample
    assert packed["tokens"] == sum(len(s.input_ids) for s in data)
    used = sum(len(s.input_ids) for s in first)
    if used < ROW:  # padding restarts too: its own block
        assert packed["position_ids"][0, used] == 0
        assert (packed["labels"][0, used:] == IGNORE_INDEX).all()


def test_plan_is_every_sample_once_per_epoch_and_a_function_of_seed_and_data():
    lengths = [int(x) for x in torch.randint(1, 300, (500,), generator=torch.Generator().manual_seed(3))]
    plan = PackingPlan(lengths, 512, rows_per_batch=2, seed=7)
    again = PackingPlan(lengths, 512, rows_per_batch=2, seed=7)
    per_epoch = plan.batches_in_epoch(0)
    seen = [i for p in range(per_epoch) for row in plan.micro_batch(p) for i in row]
    assert sorted(seen) == list(range(500))
    for row in plan.epoch_rows(0):
        assert sum(lengths[i] for i in row) <= 512
    # A resume builds the plan afresh and asks for any position first: the same rows.
    second = per_epoch + plan.batches_in_epoch(1) - 1
    assert again.micro_batch(second) == plan.micro_batch(second)
    assert plan.micro_batch(per_epoch) != plan.micro_batch(0)  # the next epoch has its own order
    assert PackingPlan(lengths, 512, 2, seed=8).micro_batch(0) != plan.micro_batch(0)
    # Rows are well filled (first-fit over the open rows): the mean length is about a third of a row.
    fill = sum(lengths) / (len(plan.epoch_rows(0)) * 512)
    assert fill > 0.9


def test_bucket_widths_are_few():
    widths = {bucket_width(n, 2048) for n in range(1, 2049)}
    assert widths == {512, 1024, 1536, 2048}
    assert {bucket_width(n, 1000) for n in range(1, 1001)} == {256, 512, 768, 1000}


@pytest.mark.slow  # Dynamo traces the layer twice (about 50 s on CPU)
def test_an_epoch_of_bucketed_rows_compiles_at_most_four_graphs(tmp_path):
    """With compiled layers, rows are padded to 4 fixed widths and every micro-batch to batch_size rows:
    an epoch of chat-like lengths compiles at most 4 graphs of the decoder layer (Dynamo's eager backend on
    CPU counts them as Inductor would); one sample per row of its own length compiles more (the control)."""
    from so8t.train.kernels import compile_decoder_layers, compile_totals
    from so8t.train.team import Team

    model = model_of("llama", tmp_path, "sdpa")
    compile_decoder_layers(model, backend="eager")
    g = torch.Generator().manual_seed(5)
    lengths = [int(x) for x in torch.randint(4, 200, (60,), generator=g)]
    data = [Sample(list(range(3, 3 + n)), [IGNORE_INDEX] + list(range(4, 3 + n))) for n in lengths]
    objective = SFTObjective()
    objective.samples = data
    config = SimpleNamespace(batch_size=2, grad_accum=1, max_length=256, seed=0)
    objective.plan = PackingPlan(lengths, 256, 2, 0)
    session = SimpleNamespace(config=config, team=Team(), runtime=SimpleNamespace(fast_kernels=True), position=0,
                              device=torch.device("cpu"), model=model, fused_loss=None)
    objective.session = session
    objective.lam = 0.1
    torch._dynamo.reset()
    start = compile_totals()[0]
    widths = set()
    for _ in range(objective.plan.batches_in_epoch(0)):
        for batch in objective.batches(session):
            widths.add(tuple(batch["inputs"]["input_ids"].shape))
            loss, _ = objective.loss(batch)
            loss.backward()
    graphs = compile_totals()[0] - start
    print(f"packed epoch: {len(widths)} shapes, {graphs} graphs")
    assert len(widths) <= 4 and graphs <= 4, (widths, graphs)

    # Control: one sample per row at its own length gives many shapes.
    shapes = {(1, n) for n in lengths}
    assert len(shapes) > 4
