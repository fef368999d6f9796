"""lm-evaluation-harness offline (issue acceptance 3): a 20-item multiple-choice task written here, run in-process on a
gated model with the network blocked; its accuracy equals the one computed from the model's own log-likelihoods."""

from __future__ import annotations

import json
import socket

import pytest

pytest.importorskip("lm_eval")

TASK = "so8t_local_mc"
QUESTIONS = [(f"Question {i}: which word comes after {w}?", [w + " one", w + " two", "the end"], i % 3)
             for i, w in enumerate(["red", "blue", "green", "cat", "dog", "sun", "moon", "tree", "rock", "river",
                                    "road", "book", "door", "lamp", "fish", "bird", "rain", "snow", "wind", "fire"])]


def write_task(folder, data):
    data.write_text("".join(json.dumps({"question": q, "choices": c, "answer": a}) + "\n" for q, c, a in QUESTIONS),
                    encoding="utf-8")
    (folder / f"{TASK}.yaml").write_text(
        f"task: {TASK}\ndataset_path: json\ndataset_kwargs:\n  data_files:\n    test: {data}\ntest_split: test\n"
        "output_type: multiple_choice\ndoc_to_text: \"{{question}}\"\ndoc_to_choice: choices\ndoc_to_target: answer\n"
        "metric_list:\n  - metric: acc\n", encoding="utf-8")


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def gated_model():
    """A small llama on the tiny tokenizer with SO(8) gates at a visible angle: the model the harness scores."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from so8t.model.gates import attach_gates, randomize_gates
    from so8t.model.tiny import tiny_config
    from so8t.resources import TINY_MODEL_DIR

    tokenizer = AutoTokenizer.from_pretrained(str(TINY_MODEL_DIR), local_files_only=True)
    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_config(tiny_config("llama", hidden_size=32, intermediate_size=64,
                                                         num_hidden_layers=1, num_attention_heads=1,
                                                         num_key_value_heads=1, vocab_size=len(tokenizer)))
    randomize_gates(attach_gates(model), angle=0.5, seed=1)
    return model.eval(), tokenizer


def hand_accuracy(model, tokenizer) -> float:
    """Each choice's log-likelihood after the question (the harness's context + " " + choice split), argmax vs gold."""
    import torch

    right = 0
    for question, choices, gold in QUESTIONS:
        scores = []
        for choice in choices:
            context = tokenizer(question, add_special_tokens=False)["input_ids"]
            whole = tokenizer(question + " " + choice, add_special_tokens=False)["input_ids"]
            with torch.no_grad():
                logp = torch.log_softmax(model(input_ids=torch.tensor([whole])).logits[0].float(), dim=-1)
            scores.append(sum(float(logp[t - 1, whole[t]]) for t in range(len(context), len(whole))))
        right += int(max(range(len(choices)), key=scores.__getitem__) == gold)
    return right / len(QUESTIONS)


def test_a_local_multiple_choice_task_runs_offline_on_the_gated_model(tmp_path, no_network):
    from so8t.evaluate.harness import run_lm_eval_tasks

    tasks = tmp_path / "tasks"
    tasks.mkdir()
    write_task(tasks, tmp_path / "mc.jsonl")
    model, tokenizer = gated_model()
    scores = run_lm_eval_tasks(tasks, model, tokenizer, batch_size=4)
    assert scores["n_samples"][TASK] == 20
    expected = hand_accuracy(model, tokenizer)
    assert scores["tasks"][TASK]["acc"] == pytest.approx(expected)
    # Negative control: the gates change the model's choices' scores, so the accuracy is the gated model's.
    from so8t.model.gates import gates_bypassed, gates_of

    with gates_bypassed(gates_of(model)):
        plain = run_lm_eval_tasks(tasks, model, tokenizer, batch_size=4)
    assert plain["tasks"][TASK]["acc"] == pytest.approx(hand_accuracy_plain(model, tokenizer))


def hand_accuracy_plain(model, tokenizer) -> float:
    from so8t.model.gates import gates_bypassed, gates_of

    with gates_bypassed(gates_of(model)):
        return hand_accuracy(model, tokenizer)


def test_a_folder_without_tasks_is_refused_by_name(tmp_path):
    from so8t.errors import DataFileError
    from so8t.evaluate.harness import task_names

    with pytest.raises(DataFileError, match="holds no task YAML"):
        task_names(tmp_path)
    with pytest.raises(DataFileError, match="does not exist"):
        task_names(tmp_path / "missing")
