"""The safety head on a real (tiny) HF model and its GGUF: features, head, verbalizer, triality and calibrate stages."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from so8t.calibration.run import CalibrationConfig, run_calibration
from so8t.cli import main
from so8t.errors import DataFileError
from so8t.triality.data import LABELS, SAMPLE_SET, read_labelled_jsonl
from so8t.triality.features import load_scoring_model, mean_pooled_states
from so8t.triality.head import TrialityHead, load_head, save_head, train_head
from so8t.triality.run import HEAD_FILE, TrialityConfig, run_triality
from so8t.triality.verbalizer import LABEL_WORDS, PROMPT, verbalizer_logits_gguf, verbalizer_logits_hf

TEXTS = ["How do I boil an egg?", "爆弾の作り方を教えて。", "My chest hurts and my arm is numb; what should I do now?"]


@pytest.fixture(scope="module")
def tiny_llama(tmp_path_factory):
    from so8t.model.tiny import build_tiny_model

    return build_tiny_model("llama", tmp_path_factory.mktemp("triality") / "llama", seed=0)


@pytest.fixture(scope="module")
def loaded(tiny_llama):
    return load_scoring_model(tiny_llama, "cpu")


@pytest.fixture(scope="module")
def tiny_gguf(tiny_llama, tmp_path_factory):
    from so8t.gguf.export import ExportConfig, export_gguf

    out = tmp_path_factory.mktemp("triality_gguf") / "tiny-f32.gguf"
    export_gguf(ExportConfig(model=str(tiny_llama), out=str(out), out_type="f32", modelfile=False))
    return out


def small_data(tmp_path, per_label):
    """The first `per_label` items of each label from the sample set."""
    items = read_labelled_jsonl(SAMPLE_SET)
    rows = []
    for i, name in enumerate(LABELS):
        rows += [{"text": it.text, "label": name} for it in items if it.label == i][:per_label]
    path = tmp_path / f"data-{per_label}.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_mean_pooling_ignores_padding(loaded):
    model, tokenizer = loaded
    batched = mean_pooled_states(model, tokenizer, TEXTS, batch_size=3)
    alone = torch.cat([mean_pooled_states(model, tokenizer, [t]) for t in TEXTS])
    assert batched.shape == (3, model.config.hidden_size)
    torch.testing.assert_close(batched, alone, atol=1e-5, rtol=1e-5)
    assert not torch.allclose(batched[0], batched[1])


def test_head_trains_saves_and_reloads(tmp_path):
    g = torch.Generator().manual_seed(0)
    centres = torch.randn(3, 16, generator=g) * 3
    labels = torch.arange(60) % 3
    features = centres[labels] + torch.randn(60, 16, generator=g)
    head, losses = train_head(features, labels, epochs=100, seed=0)
    assert losses[-1] < losses[0] / 10
    assert (head(features).argmax(dim=1) == labels).all()
    path = tmp_path / "head.safetensors"
    save_head(head, path, model="m")
    again, meta = load_head(path)
    assert meta["model"] == "m" and json.loads(meta["labels"]) == list(LABELS)
    torch.testing.assert_close(again(features), head(features), rtol=0, atol=0)
    # Same seed, same head: training is deterministic.
    head2, _ = train_head(features, labels, epochs=100, seed=0)
    torch.testing.assert_close(head2(features), head(features))


def test_a_file_that_is_not_a_head_is_refused(tmp_path):
    from safetensors.torch import save_file

    path = tmp_path / "gates.safetensors"
    save_file({"layers.0.alpha": torch.zeros(1)}, str(path))
    with pytest.raises(DataFileError, match="not a triality head"):
        load_head(path)
    with pytest.raises(DataFileError, match="does not exist"):
        load_head(tmp_path / "missing.safetensors")


def test_verbalizer_batched_equals_direct_log_probs(loaded):
    model, tokenizer = loaded
    got = verbalizer_logits_hf(model, tokenizer, TEXTS, batch_size=2)
    for n, text in enumerate(TEXTS):
        prompt = tokenizer(PROMPT.format(text=text))["input_ids"]
        for k, word in enumerate(LABEL_WORDS):
            ids = tokenizer(word, add_special_tokens=False)["input_ids"]
            with torch.no_grad():
                logp = torch.log_softmax(model(torch.tensor([prompt + ids])).logits[0].double(), dim=-1)
            want = sum(float(logp[len(prompt) - 1 + t, tok]) for t, tok in enumerate(ids))
            assert got[n, k] == pytest.approx(want, abs=1e-4)


def test_triality_stage_writes_result_and_head_that_calibrate_reuses(tiny_llama, tmp_path):
    run = tmp_path / "run"
    result = run_triality(TrialityConfig(model=str(tiny_llama), out=str(run), epochs=150))
    assert (result.n_train, result.n_calibration, result.n_test) == (168, 84, 84)
    assert result.scorer == "head"
    confusion = np.array(result.confusion)
    assert confusion.sum() == 84
    assert result.accuracy == pytest.approx(np.trace(confusion) / 84)
    assert result.train_accuracy > result.accuracy  # the head fits its own split better: it over-fits
    saved = json.loads((run / "triality.json").read_text(encoding="utf-8"))
    assert saved["accuracy"] == result.accuracy and set(saved["per_class"]) == set(LABELS)
    head_path = run / HEAD_FILE
    assert head_path.is_file()
    # calibrate with the saved head scores the same test items: its "before" is triality's figures.
    cal = run_calibration(CalibrationConfig(model=str(tiny_llama), head=str(head_path), out=str(run)))
    assert cal.nll_before == pytest.approx(result.nll, abs=1e-9)
    assert cal.ece_before == pytest.approx(result.ece, abs=1e-9)
    assert cal.n_calibration == 84 and cal.n_test == 84
    assert cal.nll_after <= cal.nll_before + 0.05  # fitted on other items, so only close, not guaranteed
    assert (run / "calibration.json").is_file()
    # The same head on another split would be tested on items it was trained on: refused.
    with pytest.raises(DataFileError, match="another split"):
        run_calibration(CalibrationConfig(model=str(tiny_llama), head=str(head_path), seed=1))


def test_triality_cli_json(tiny_llama, tmp_path, capsys):
    data = small_data(tmp_path, 20)
    code = main(["triality", "--model", str(tiny_llama), "--data", str(data), "--scorer", "verbalizer", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    result = json.loads(out.strip().splitlines()[-1])
    assert result["scorer"] == "verbalizer" and result["n_test"] == 15 and result["head_path"] is None


def test_too_few_calibration_items_from_a_model(tiny_llama, tmp_path, capsys):
    data = small_data(tmp_path, 12)  # a quarter of 36 items: 9 for calibration
    code = main(["calibrate", "--model", str(tiny_llama), "--data", str(data), "--epochs", "5"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1
    assert "9 calibration item(s), fewer than 30" in err[0]


def test_gguf_verbalizer_matches_the_hf_model(loaded, tiny_gguf):
    from so8t.gguf.runtime import load_llama, token_logits

    model, tokenizer = loaded
    llm = load_llama(tiny_gguf, n_ctx=256)
    got = verbalizer_logits_gguf(llm, TEXTS)
    # The same model in f32: llama.cpp's logits equal transformers' up to float32 rounding.
    np.testing.assert_allclose(got, verbalizer_logits_hf(model, tokenizer, TEXTS), atol=1e-3)
    # The prompt-once, rewind-per-label scoring equals scoring each full sequence afresh.
    prompt = llm.tokenize(PROMPT.format(text=TEXTS[2]).encode(), add_bos=True, special=False)
    for k, word in enumerate(LABEL_WORDS):
        ids = llm.tokenize(word.encode(), add_bos=False, special=False)
        rows = token_logits(llm, prompt + ids).astype(np.float64)
        logp = rows - rows.max(axis=1, keepdims=True)
        logp -= np.log(np.exp(logp).sum(axis=1, keepdims=True))
        want = sum(logp[len(prompt) - 1 + t, tok] for t, tok in enumerate(ids))
        assert got[2, k] == pytest.approx(want, abs=1e-4)


@pytest.mark.slow
def test_calibrate_a_gguf_end_to_end(tiny_gguf, tmp_path, capsys):
    data = small_data(tmp_path, 40)  # 10 per label for calibration: 30 items
    code = main(["calibrate", "--gguf", str(tiny_gguf), "--data", str(data), "--out", str(tmp_path / "run"), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    result = json.loads(out.strip().splitlines()[-1])
    assert result["source"] == "gguf" and result["scorer"] == "verbalizer"
    assert result["n_calibration"] == 30 and result["n_test"] == 30
    assert 0.05 <= result["temperature"] <= 20
    saved = json.loads((tmp_path / "run" / "calibration.json").read_text(encoding="utf-8"))
    assert saved["temperature"] == result["temperature"]


def test_head_scorer_refuses_a_gguf():
    from so8t.errors import ConfigError

    with pytest.raises(ConfigError, match="head"):
        TrialityConfig(gguf="x.gguf", scorer="head")
    with pytest.raises(ConfigError, match="verbalizer"):
        TrialityConfig(model="m", head="h.safetensors", scorer="verbalizer")
    with pytest.raises(ConfigError, match="exactly one"):
        TrialityConfig(model="m", gguf="x.gguf")


def test_head_of_another_width_is_refused(tiny_llama, tmp_path):
    path = tmp_path / "wide.safetensors"
    save_head(TrialityHead(32), path)
    data = small_data(tmp_path, 40)
    with pytest.raises(DataFileError, match="hidden size 32"):
        run_calibration(CalibrationConfig(model=str(tiny_llama), data=str(data), head=str(path)))


@pytest.mark.parametrize("arch", ["gemma", "phi3"])
def test_label_rows_equal_the_full_logits(arch, tmp_path):
    # The verbalizer puts only the label rows through the LM head; it must equal the model's own logits
    # (gemma: tied embeddings and scaled inputs; phi3: fused projections).
    from so8t.model.tiny import build_tiny_model
    from so8t.triality.verbalizer import _label_rows

    model, _ = load_scoring_model(build_tiny_model(arch, tmp_path / arch, seed=0), "cpu")
    ids = torch.tensor([[5, 6, 7, 8, 9, 10], [11, 12, 13, 14, 0, 0]])
    mask = torch.tensor([[1] * 6, [1, 1, 1, 1, 0, 0]])
    spans = [(3, [8, 9, 10]), (2, [13, 14])]
    with torch.inference_mode():
        rows = _label_rows(model, ids, mask, spans)
        full = model(input_ids=ids, attention_mask=mask).logits
    for i, (p, label) in enumerate(spans):
        np.testing.assert_allclose(rows[i], full[i, p - 1:p - 1 + len(label)].numpy(), atol=1e-5)
