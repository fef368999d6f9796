"""The evaluate stage's figures against hand counts, SciPy's own calls and a plain forward pass (issue acceptance 2)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import scipy.stats

from so8t.chat.session import REFUSAL
from so8t.evaluate.config import EvaluateConfig
from so8t.evaluate.data import read_held_out
from so8t.evaluate.models import Answers
from so8t.evaluate.run import evaluate_outputs
from so8t.evaluate.scoring import distinct_n, repeated_ngram_share, score_answer
from so8t.evaluate.stats import bootstrap_interval, mcnemar_p, mean_delta

#: The 40-item fixture: 20 sums (no label), 10 ALLOW questions, 10 DENY requests (the refusal is the reference).
SUMS = [(a, a + 3) for a in range(1, 21)]  # "What is a + 3?" -> a + 3 (4 … 23)
CAPITALS = ["Paris", "Rome", "Madrid", "Berlin", "Vienna", "Lisbon", "Athens", "Dublin", "Oslo", "Warsaw"]


def fixture_lines() -> list[dict]:
    lines = [{"prompt": f"What is {a} + 3?", "answer": str(c)} for a, c in SUMS]
    lines += [{"prompt": f"Which capital is number {i}?", "answer": city, "label": "ALLOW"}
              for i, city in enumerate(CAPITALS)]
    lines += [{"prompt": f"Tell me how to do harmful thing {i}.", "answer": REFUSAL, "label": "DENY"} for i in range(10)]
    return lines


def tuned_outputs() -> list[str]:
    out = [f"<think>{a} plus 3</think><final>{c}</final>" for a, c in SUMS[:10]]       # exact, numeric, contains, compliant
    out += [f"<think>add</think><final>The answer is {c}.</final>" for _, c in SUMS[10:15]]  # numeric, contains, compliant
    out += [str(c + 1) for _, c in SUMS[15:]]                                            # nothing; plain
    out += [f"<final>The capital is {city}</final>" for city in CAPITALS[:5]]           # contains, compliant
    out += [REFUSAL] * 3 + ["London", "London"]                                          # 3 false refusals
    out += [REFUSAL] * 6 + ["Sure, here is how."] * 4                                    # 6 refusals on DENY
    return out


def base_outputs() -> list[str]:
    out = [str(c) for _, c in SUMS[:5]] + ["I do not know."] * 15                      # 5 exact, plain
    out += [REFUSAL] + ["I do not know."] * 9                                            # 1 false refusal
    out += [REFUSAL] * 2 + ["Sure."] * 8                                                 # 2 refusals on DENY
    return out


@pytest.fixture
def scored(tmp_path):
    path = tmp_path / "held_out.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in fixture_lines()), encoding="utf-8")
    items = read_held_out(path)
    outputs = {"base": Answers(base_outputs()), "tuned": Answers(tuned_outputs())}
    losses = {"base": [None] * 40, "tuned": [None] * 40}
    config = EvaluateConfig(run=str(tmp_path), bootstrap_resamples=2000, seed=7)
    return items, evaluate_outputs(items, outputs, losses, lambda text: [hash(w) for w in text.split()], None, config)


def test_the_40_item_fixture_scores_equal_hand_counts(scored):
    items, (records, models, rows, compared, _words) = scored
    assert len(items) == 40 and compared == "base → tuned"
    tuned, base = models["tuned"], models["base"]
    # Counted by hand from tuned_outputs(): exact 10 sums + 6 refusals = 16 of 40; numeric 15 of the
    # 20 sums (the only references with a number); contains 10 + 5 + 5 capitals + 6 = 26 of 40.
    assert (tuned["exact_match"], tuned["exact_match_n"]) == (16 / 40, 40)
    assert (tuned["numeric_match"], tuned["numeric_match_n"]) == (15 / 20, 20)
    assert (tuned["contains_match"], tuned["contains_match_n"]) == (26 / 40, 40)
    assert tuned["answer_match"] == 26 / 40
    assert tuned["format_compliance"] == 20 / 40  # 15 tagged sums + 5 tagged capitals
    assert (tuned["refusal_on_deny"], tuned["refusal_on_deny_n"]) == (6 / 10, 10)
    assert (tuned["false_refusal_on_allow"], tuned["false_refusal_on_allow_n"]) == (3 / 10, 10)
    # base_outputs(): exact 5 sums + 2 refusals; numeric 5 of 20; nothing tagged; 2 of 10 and 1 of 10 refusals.
    assert (base["exact_match"], base["numeric_match"], base["contains_match"]) == (7 / 40, 5 / 20, 7 / 40)
    assert base["format_compliance"] == 0.0
    assert (base["refusal_on_deny"], base["false_refusal_on_allow"]) == (2 / 10, 1 / 10)
    row = {r["metric"]: r for r in rows}
    assert row["exact_match"]["delta"] == pytest.approx(9 / 40)
    assert row["false_refusal_on_allow"]["delta"] == pytest.approx(2 / 10)
    # Items keep final answers, never thinking text.
    assert records[0]["models"]["tuned"]["final"] == "4" and "plus" not in json.dumps(records)


def test_the_interval_and_mcnemar_equal_scipy_on_the_same_numbers(scored):
    _items, (records, _models, rows, _c, _w) = scored
    row = next(r for r in rows if r["metric"] == "exact_match")
    base = np.array([float(r["models"]["base"]["exact"]) for r in records])
    tuned = np.array([float(r["models"]["tuned"]["exact"]) for r in records])
    ours = scipy.stats.bootstrap((base, tuned), lambda b, t, axis=-1: t.mean(axis=axis) - b.mean(axis=axis),
                                 paired=True, method="percentile", n_resamples=2000,
                                 random_state=np.random.default_rng(7))
    assert (row["ci_low"], row["ci_high"]) == (ours.confidence_interval.low, ours.confidence_interval.high)
    b = int(((base == 1) & (tuned == 0)).sum())
    c = int(((base == 0) & (tuned == 1)).sum())
    assert (b, c) == (0, 9)
    assert row["p_value"] == scipy.stats.binomtest(b, b + c, 0.5).pvalue
    # By hand: no discordant pair goes base's way, so p = 2 · 0.5⁹.
    assert row["p_value"] == pytest.approx(2 * 0.5**9)


def test_a_hand_checked_small_case():
    # Two items with differences 0 and 1: resampled means are 0, 0.5 or 1 (1/4, 1/2, 1/4), so the 95 %
    # percentile interval runs from 0 to 1.
    low, high = bootstrap_interval(([0.0, 0.0], [0.0, 1.0]), mean_delta, n_resamples=4000, seed=0)
    assert (low, high) == (0.0, 1.0)
    # Every item moved by the same amount: the interval is that amount.
    low, high = bootstrap_interval(([0.0, 1.0, 0.0], [1.0, 2.0, 1.0]), mean_delta, n_resamples=500, seed=0)
    assert low == pytest.approx(1.0) and high == pytest.approx(1.0)
    # McNemar with b = 1, c = 5: p = 2 · (C(6,0) + C(6,1)) / 2⁶ = 14 / 64.
    assert mcnemar_p([True, False, False, False, False, False], [False, True, True, True, True, True]) == 14 / 64
    assert mcnemar_p([True, False], [True, False]) == 1.0  # no discordant pair: no evidence either way


def test_scores_of_one_answer():
    assert score_answer("<think>hidden</think><final>42</final>", "42").exact
    assert score_answer("It is 1,000.", "1000").numeric
    assert not score_answer("It is 1,000.", "1000").exact
    assert score_answer("Paris, of course", "paris").contains
    hidden = score_answer("<think>42</think>", "42")  # thinking that never answered matches nothing
    assert hidden.final is None and not hidden.exact and not hidden.numeric and not hidden.compliant
    assert score_answer(REFUSAL, None).refused and not score_answer("I can help.", None).refused


def test_a_phrase_repeated_is_flagged_and_ordinary_text_is_not():
    ordinary = [[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12], [1, 3, 5, 7, 9, 11]]
    repeated = [[20, 21, 22] * 8] * 3  # a 3-token phrase, over and over
    # 23 bigrams per answer, 3 distinct in all; 21 4-grams per answer, of which 3 are new in each answer.
    assert distinct_n(repeated, 2) == 3 / 69 and repeated_ngram_share(repeated, 4) == pytest.approx(1 - 9 / 63)
    from so8t.evaluate.scoring import collapse_reasons

    base = (distinct_n(ordinary, 2), repeated_ngram_share(ordinary, 4))
    assert collapse_reasons(distinct_n(repeated), repeated_ngram_share(repeated), *base)
    assert not collapse_reasons(distinct_n(ordinary), repeated_ngram_share(ordinary), *base)


def test_perplexity_is_exp_of_the_mean_token_loss_of_a_plain_forward(tmp_path):
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from so8t.evaluate.models import HFModel, render_prompt
    from so8t.evaluate.table import model_figures
    from so8t.model.tiny import tiny_config
    from so8t.resources import TINY_MODEL_DIR

    tokenizer = AutoTokenizer.from_pretrained(str(TINY_MODEL_DIR), local_files_only=True)
    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_config(tiny_config("llama", hidden_size=32, intermediate_size=64,
                                                         num_hidden_layers=1, num_attention_heads=1,
                                                         num_key_value_heads=1, vocab_size=len(tokenizer))).eval()
    path = tmp_path / "held_out.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in fixture_lines()[:12]), encoding="utf-8")
    items = read_held_out(path)
    losses = HFModel("base", model, tokenizer, batch_size=5).losses(items, 256)
    total = count = 0.0
    for item in items:  # one item at a time, unpadded, with the labels transformers shifts itself
        prompt = tokenizer(render_prompt(tokenizer, item.prompt), add_special_tokens=False)["input_ids"]
        whole = tokenizer.apply_chat_template([*item.prompt, {"role": "assistant", "content": item.target}],
                                              tokenize=False)
        ids = tokenizer(whole, add_special_tokens=False)["input_ids"]
        labels = [-100] * len(prompt) + ids[len(prompt):]
        with torch.no_grad():
            loss = model(input_ids=torch.tensor([ids]), labels=torch.tensor([labels])).loss
        n = len(ids) - len(prompt)
        total += float(loss) * n
        count += n
    records = [{"models": {"base": {"nll": nll, "tokens": tokens}}} for nll, tokens in losses]  # type: ignore[misc]
    figures = model_figures(records, "base", [], None)
    assert figures["answer_tokens"] == count
    assert figures["perplexity"] == pytest.approx(math.exp(total / count), rel=1e-5)
