"""SFT data: JSONL checks with line numbers, assistant-only labels, thinking tags, truncation, data order, PET."""

from __future__ import annotations

import json

import pytest
import torch

from so8t.errors import ConfigError, DataFileError
from so8t.resources import TINY_MODEL_DIR
from so8t.train.config import TrainConfig, trajectory_difference
from so8t.train.data import (
    IGNORE_INDEX,
    SFT_SAMPLE,
    THINKING_TAGS,
    add_thinking_tokens,
    batch_indices,
    build_samples,
    collate,
    read_sft_file,
    thinking_tags_used,
    tokenize_conversation,
)
from so8t.train.pet import PETSchedule, pet_loss


@pytest.fixture(scope="module")
def tokenizer():
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(TINY_MODEL_DIR))


def _write(tmp_path, lines):
    path = tmp_path / "data.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_sample_set_reads_and_uses_both_thinking_formats():
    conversations = read_sft_file(SFT_SAMPLE)
    assert len(conversations) >= 30
    text = json.dumps(conversations, ensure_ascii=False)
    assert "こんにちは" in text  # Japanese as well as English
    assert thinking_tags_used(conversations) == list(THINKING_TAGS)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([], "holds no records"),
        (["", "   "], "holds no records"),
        (['{"prompt": "a", "response": "b"}', '{"prompt": "a", "response": "b"}', '{"messages": [}'], "line 3 is not valid JSON"),
        (['["a"]'], "line 1 is not a JSON object"),
        (['{"messages": [{"role": "robot", "content": "x"}]}'], "line 1: message 0 needs a role"),
        (['{"messages": [{"role": "user", "content": "hi"}]}'], "line 1 has no assistant message"),
        (['{"text": "hello"}'], "line 1 has neither messages nor prompt"),
    ],
)
def test_bad_jsonl_names_file_and_line(tmp_path, lines, message):
    path = _write(tmp_path, lines)
    with pytest.raises(DataFileError, match=message) as info:
        read_sft_file(path)
    assert str(path) in info.value.message and "\n" not in info.value.one_line()


def test_missing_data_file(tmp_path):
    with pytest.raises(DataFileError, match="does not exist"):
        read_sft_file(tmp_path / "nope.jsonl")


def test_loss_only_on_assistant_tokens(tokenizer):
    conv = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Name a colour."},
            {"role": "assistant", "content": "Blue."}, {"role": "user", "content": "Another?"},
            {"role": "assistant", "content": "Red."}]
    sample = tokenize_conversation(tokenizer, conv)
    whole = tokenizer(tokenizer.apply_chat_template(conv, tokenize=False), add_special_tokens=False)["input_ids"]
    assert sample.input_ids == whole  # piecewise rendering tokenises like the whole conversation
    learned = [t for t, lab in zip(sample.input_ids, sample.labels, strict=True) if lab != IGNORE_INDEX]
    text = tokenizer.decode(learned)
    assert text == "Blue.<|im_end|>\nRed.<|im_end|>\n"
    assert "colour" not in text and "brief" not in text


def test_thinking_tags_become_single_special_tokens(tokenizer):
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(TINY_MODEL_DIR))
    before = len(tok)
    added = add_thinking_tokens(tok, ["<think>", "</think>", "<final>", "</final>"])
    assert added == ["<think>", "</think>", "<final>", "</final>"] and len(tok) == before + 4
    ids = tok("<think>x</think><final>y</final>", add_special_tokens=False)["input_ids"]
    assert tok.convert_ids_to_tokens(ids) == ["<think>", "x", "</think>", "<final>", "y", "</final>"]
    assert add_thinking_tokens(tok, ["<think>"]) == []  # already there: nothing added twice


def test_long_sample_is_truncated_with_a_warning(tokenizer):
    conv = [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "word " * 400}]
    warnings = []
    samples = build_samples(tokenizer, [conv], 64, warnings.append)
    assert len(samples[0].input_ids) == 64
    assert any("truncated" in w and "max_length 64" in w for w in warnings)


def test_prompt_longer_than_max_length_leaves_nothing_to_learn(tokenizer):
    conv = [{"role": "user", "content": "word " * 400}, {"role": "assistant", "content": "ok"}]
    with pytest.raises(DataFileError, match="no sample keeps an assistant token"):
        build_samples(tokenizer, [conv], 32, lambda _m: None)


def test_data_order_is_a_pure_function_of_position():
    first_epoch = [i for pos in range(4) for i in batch_indices(pos, 10, 3, seed=7)]
    assert sorted(first_epoch) == list(range(10))  # an epoch is a permutation (last batch short)
    assert batch_indices(5, 10, 3, seed=7) == batch_indices(5, 10, 3, seed=7)
    assert batch_indices(0, 10, 3, seed=7) != batch_indices(4, 10, 3, seed=7) or \
        batch_indices(1, 10, 3, seed=7) != batch_indices(5, 10, 3, seed=7)  # epochs are reshuffled


def test_collate_pads_right_and_masks_labels(tokenizer):
    conv = [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello there"}]
    a = tokenize_conversation(tokenizer, conv)
    b = tokenize_conversation(tokenizer, conv[:1] + [{"role": "assistant", "content": "Yo"}])
    batch = collate([a, b], pad_id=0)
    n = len(b.input_ids)
    assert batch["attention_mask"][1, n:].sum() == 0 and (batch["labels"][1, n:] == IGNORE_INDEX).all()


def test_pet_loss_is_zero_on_straight_lines_and_masked():
    t = torch.arange(6, dtype=torch.float32).view(1, 6, 1)
    line = torch.cat([2 * t + 1, -t], dim=-1)
    mask = torch.ones(1, 6)
    assert pet_loss(line, mask) == 0
    bent = line.clone()
    bent[0, 5] += 3.0
    assert pet_loss(bent, mask) > 0
    mask[0, 5] = 0  # the bent token is padding: it must not count
    assert pet_loss(bent, mask) == 0
    # No triple of three real tokens: 0 with a finite zero gradient (no division by a zero count).
    bent.requires_grad_(True)
    short = torch.tensor([[1.0, 1.0, 0.0, 0.0, 0.0, 0.0]])
    loss = pet_loss(bent, short)
    loss.backward()
    assert loss.item() == 0 and torch.isfinite(bent.grad).all() and not bent.grad.any()


def test_pet_phases_follow_progress():
    schedule = PETSchedule((0.01, 0.05, 0.1), (0.2, 0.6))
    phases = [schedule.phase(step, 10) for step in range(1, 11)]
    assert phases == [0, 0, 1, 1, 1, 1, 2, 2, 2, 2]
    assert schedule.lam(10, 10) == 0.1


def test_config_checks_and_round_trip(tmp_path):
    config = TrainConfig(model="m", data="d", max_steps=5)
    assert TrainConfig.from_dict(config.to_dict()) == config
    with pytest.raises(ConfigError, match="unknown key 'lora_rnak'"):
        TrainConfig.from_dict({"lora_rnak": 8})
    with pytest.raises(ConfigError, match="lora_rank must be an integer"):
        TrainConfig.from_dict({"lora_rank": "eight"})
    with pytest.raises(ConfigError, match="pet_phase_ends"):
        TrainConfig(pet_phase_ends=(0.7, 0.3))
    with pytest.raises(ConfigError, match="no checkpoint would be written"):
        TrainConfig(ckpt_every_steps=0, ckpt_every_seconds=0)
    assert trajectory_difference(config, config.replace(keep=2, ckpt_every_steps=3)) is None
    assert trajectory_difference(config, config.replace(learning_rate=1e-3)) == "learning_rate"
    toml = tmp_path / "train.toml"
    toml.write_text("[train]\nmax_steps = 7\nlora_rank = 4\n", encoding="utf-8")
    assert TrainConfig.from_file(toml).lora_rank == 4


# -- class 4's data side: samples with malformed thinking tags teach leaking outputs ---------------------------

MALFORMED_THINKING = [
    {"prompt": "q1", "response": "<think>never closed"},
    {"prompt": "q2", "response": "<think>a</think><final>fine</final>"},
    {"prompt": "q3", "response": "the secret</think><final>answer</final>"},
    {"prompt": "q4", "response": "<final>ans<think>nested</think></final>"},
    {"prompt": "q5", "response": "<think-task>a</think><final>mismatched</final>"},
    {"prompt": "q6", "response": "plain answer"},
]


def test_malformed_thinking_samples_are_counted_and_named_or_refused(tmp_path):
    path = _write(tmp_path, [json.dumps(r) for r in MALFORMED_THINKING])
    warnings: list[str] = []
    assert len(read_sft_file(path, warn=warnings.append)) == 6
    [warning] = warnings
    assert warning.startswith("4 of 6 samples have malformed thinking tags")
    for line, problem in ((1, "<think> is never closed"), (3, "</think> closes a section that was never opened"),
                          (4, "<think> inside <final>")):
        assert f"line {line}: message 1: {problem}" in warning
    assert "line 5" not in warning and "--strict-thinking" in warning  # the first three are named
    with pytest.raises(DataFileError, match=r"4 of 6 samples .*line 1: .*line 3: .*line 4: ") as err:
        read_sft_file(path, strict_thinking=True)
    assert "--strict-thinking" in err.value.hint
    # negative control: the shipped sample set is well formed, so neither warns nor is refused
    warnings.clear()
    read_sft_file(SFT_SAMPLE, strict_thinking=True, warn=warnings.append)
    assert warnings == []


def test_strict_thinking_refuses_before_the_out_folder_exists(tmp_path, capsys):
    from tests.so8t.cli_checks import refuse

    path = _write(tmp_path, [json.dumps(r) for r in MALFORMED_THINKING])
    line = refuse(["train", "--model", str(TINY_MODEL_DIR), "--data", str(path), "--out", str(tmp_path / "run"),
                   "--device", "cpu", "--strict-thinking"], capsys, "data.jsonl", "line 1")
    assert "malformed thinking tags" in line and not (tmp_path / "run").exists()
    assert TrainConfig().strict_thinking is False  # warn by default


def test_so8t_train_prints_the_malformed_thinking_warning(tmp_path, capsys):
    from so8t.cli import main

    path = _write(tmp_path, [json.dumps(r) for r in MALFORMED_THINKING])
    # A folder without config.json stops the command right after the data check: the warning came first.
    main(["train", "--model", str(TINY_MODEL_DIR), "--data", str(path), "--out", str(tmp_path / "run"), "--device", "cpu"])
    err = capsys.readouterr().err
    assert err.startswith("so8t train: warning: 4 of 6 samples have malformed thinking tags") and "line 1:" in err
