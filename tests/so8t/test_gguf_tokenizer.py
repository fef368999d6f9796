"""Tokenizers in GGUF: a SentencePiece-style BPE (byte fallback, "▁" spaces) tokenizes in llama.cpp like in HF."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import gguf
import pytest

from so8t.gguf.check import CheckConfig, check_gguf
from so8t.gguf.export import ExportConfig, export_gguf
from so8t.model.tiny import build_tiny_model
from so8t.resources import DEMO_CORPUS

SPM_VOCAB = 700
LLAMA2_CHAT = (
    "{% for m in messages %}{% if m['role'] == 'user' %}{{ bos_token + '[INST] ' + m['content'] + ' [/INST]' }}"
    "{% else %}{{ ' ' + m['content'] + eos_token }}{% endif %}{% endfor %}"
)


def build_spm_tokenizer(out: Path, vocab_size: int = SPM_VOCAB) -> int:
    """A Llama-2-layout tokenizer.json: <unk> <s> </s>, 256 byte tokens, BPE pieces over "▁"-escaped text."""
    from tokenizers import Tokenizer, decoders, models, normalizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    normalizer = normalizers.Sequence([normalizers.Prepend("\u2581"), normalizers.Replace(" ", "\u2581")])
    trainer_tok = Tokenizer(models.BPE(unk_token="<unk>"))
    trainer_tok.normalizer = normalizer
    trainer_tok.train([str(DEMO_CORPUS)], trainers.BpeTrainer(vocab_size=vocab_size, show_progress=False))
    trained = json.loads(trainer_tok.to_str())["model"]
    vocab = {"<unk>": 0, "<s>": 1, "</s>": 2, **{f"<0x{b:02X}>": 3 + b for b in range(256)}}
    for text, _ in sorted(trained["vocab"].items(), key=lambda kv: kv[1]):
        vocab.setdefault(text, len(vocab))
    merges = [tuple(m) if isinstance(m, list) else tuple(m.split(" ")) for m in trained["merges"]]
    tok = Tokenizer(models.BPE(vocab=vocab, merges=merges, unk_token="<unk>", byte_fallback=True, fuse_unk=True))
    tok.normalizer = normalizer
    tok.decoder = decoders.Sequence([decoders.Replace("\u2581", " "), decoders.ByteFallback(), decoders.Fuse(),
                                     decoders.Strip(" ", 1, 0)])
    tok.post_processor = processors.TemplateProcessing(single="<s> $A", pair="<s> $A <s> $B",
                                                       special_tokens=[("<s>", 1)])
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>", unk_token="<unk>")
    fast.chat_template = LLAMA2_CHAT
    fast.save_pretrained(str(out))
    return len(vocab)


@pytest.fixture(scope="module")
def spm_model(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("spm")
    n = build_spm_tokenizer(root / "tok")
    folder = build_tiny_model("llama", root / "model", with_tokenizer=False, vocab_size=n,
                              bos_token_id=1, eos_token_id=2, pad_token_id=0)
    for f in (root / "tok").iterdir():
        shutil.copy(f, folder / f.name)
    return folder


def test_sentencepiece_bpe_exports_as_llama_vocab_and_tokenizes_like_hf(spm_model, tmp_path):
    result = export_gguf(ExportConfig(model=str(spm_model), out=str(tmp_path / "spm-f16.gguf")))
    assert result.tokenizer["model"] == "llama" and result.tokenizer["add_bos"] is True
    reader = gguf.GGUFReader(result.out)
    types = reader.fields["tokenizer.ggml.token_type"].contents()
    tokens = reader.fields["tokenizer.ggml.tokens"].contents()
    assert tokens[3] == "<0x00>" and types[3] == int(gguf.TokenType.BYTE)
    assert types[1] == int(gguf.TokenType.CONTROL)
    assert reader.fields["tokenizer.ggml.add_space_prefix"].contents() is True
    check = check_gguf(CheckConfig(gguf=result.out, hf_model=str(spm_model), write=False))
    # Japanese text of the held-out set is mostly outside this vocabulary: byte fallback on both sides
    assert check.tokenizer_agreement == 1.0, check.tokenizer_mismatch
    assert check.top1_agreement >= 0.99 and check.passed, check.verdict


def test_scoreless_merge_order_would_tokenize_differently(spm_model, tmp_path, monkeypatch):
    """Negative control: equal scores (no merge order) make llama.cpp's SentencePiece tokenizer disagree."""
    from so8t.gguf import vocab

    monkeypatch.setattr(vocab, "_merge_pairs", lambda merges: [])
    result = export_gguf(ExportConfig(model=str(spm_model), out=str(tmp_path / "flat.gguf"), modelfile=False))
    check = check_gguf(CheckConfig(gguf=result.out, hf_model=str(spm_model), write=False))
    assert check.tokenizer_agreement < 1.0 and not check.passed


def test_unknown_byte_level_pre_tokenizer_is_refused(tiny_model_dirs, tmp_path):
    from so8t.errors import GGUFError

    folder = tmp_path / "odd"
    shutil.copytree(tiny_model_dirs["llama"], folder)
    data = json.loads((folder / "tokenizer.json").read_text(encoding="utf-8"))
    data["pre_tokenizer"] = {"type": "Sequence", "pretokenizers": [
        {"type": "Digits", "individual_digits": True}, data["pre_tokenizer"]]}
    (folder / "tokenizer.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(GGUFError, match="pre_tokenizer"):
        export_gguf(ExportConfig(model=str(folder), out=str(tmp_path / "x.gguf")))
