"""GRPO's reward functions and the refusal detector; the user's reward from a file through `so8t align`: used and
reported, one that raises ends the stage resumably, `--resume` needs it again; the logon autostart skips such runs."""

from __future__ import annotations

import json

import pytest

from so8t.align.refusal import REFUSAL_PATTERNS, is_refusal, refusal_pattern
from so8t.align.rewards import (
    RewardError,
    RewardSet,
    RewardSpec,
    SafetyReward,
    UserRewardError,
    answers_match,
    default_specs,
    format_reward,
    parse_reward_spec,
)
from so8t.align.run import run_user_rewards
from so8t.chat.session import REFUSAL
from so8t.cli import main
from so8t.store.event_log import read_events
from so8t.store.layout import RunLayout
from so8t.store.metric_names import reward_metric

pytestmark = pytest.mark.usefixtures("one_torch_thread")


# -- specs ----------------------------------------------------------------------------------------------------
def test_reward_specs_name_a_built_in_or_a_files_function_split_at_the_last_colon_after_py(tmp_path):
    assert parse_reward_spec("format") == RewardSpec("format", 1.0)
    assert parse_reward_spec("match=2.5") == RewardSpec("match", 2.5)
    spec = parse_reward_spec(f"{tmp_path}/r.py:short=0.5")
    assert (spec.name, spec.weight, spec.path) == ("short", 0.5, str(tmp_path / "r.py"))
    windows = parse_reward_spec(r"C:\Users\me\rewards.py:short=-1")  # the drive letter's colon is not the split
    assert (windows.name, windows.weight) == ("short", -1.0) and windows.path.endswith(r"C:\Users\me\rewards.py")
    for bad, says in [("nope", "no built-in reward 'nope'"), ("r.py", "function is not named"),
                      ("format=heavy", "not a finite number"), ("format=nan", "not a finite number"),
                      ("r.py:2x", "not a Python function name"), ("r.txt:f", "needs a .py file")]:
        with pytest.raises(RewardError, match=says):
            parse_reward_spec(bad)
    assert [s.name for s in default_specs(has_head=False, has_answers=False)] == ["format"]
    assert [s.name for s in default_specs(has_head=True, has_answers=True)] == ["format", "safety", "match"]


def test_a_resume_keeps_the_runs_reward_set_and_takes_only_its_files_again(tmp_path):
    from so8t.align.rewards import resume_specs, user_reward_record

    file = tmp_path / "r.py"
    file.write_text("def mine(prompts, completions, finals, **fields):\n    return [0.0 for _ in finals]\n")
    recorded = ["format=1", f"{file}:mine=0.5"]
    records = [user_reward_record(parse_reward_spec(recorded[1]))]
    warnings: list[str] = []
    specs = resume_specs(recorded, [parse_reward_spec(f"{file}:mine=3")], records, warnings.append)
    assert [s.text() for s in specs] == recorded and warnings == []  # the run's weights, the file given again
    with pytest.raises(RewardError, match=r"the reward function mine from .*r\.py, which --resume needs again"):
        resume_specs(recorded, [], records, warnings.append)
    for extra in ("length", f"{tmp_path / 'other.py'}:other"):
        with pytest.raises(RewardError, match="--resume keeps the run's rewards"):
            resume_specs(recorded, [parse_reward_spec(f"{file}:mine"), parse_reward_spec(extra)], records,
                         warnings.append)
    file.write_text("def mine(prompts, completions, finals, **fields):\n    return [1.0 for _ in finals]\n")
    resume_specs(recorded, [parse_reward_spec(f"{file}:mine")], records, warnings.append)
    assert len(warnings) == 1 and "changed since the run recorded it" in warnings[0]


# -- the built-ins -------------------------------------------------------------------------------------------
def test_format_rewards_well_formed_thinking_with_a_final_answer():
    completions = ["<think>a</think><final>b</final>",
                   "<think-task>t</think-task><think-safety>s</think-safety><think-policy>p</think-policy>"
                   "<final>b</final>",
                   "<final>b</final>",  # an answer, but no thinking
                   "<think>a</think><final><think>b</think>c</final>",  # nested: malformed
                   "<think>a</think>",  # no final answer
                   "plain text"]
    from so8t.chat.thinking import parse_thinking

    finals = [parse_thinking(c, hold=True).answer for c in completions]
    assert format_reward([None] * 6, completions, finals) == [1.0, 1.0, 0.5, 0.5, 0.0, 0.0]


def test_match_is_exact_or_numeric():
    assert answers_match("42", "42") and answers_match("  the  answer ", "the answer")
    assert answers_match("So it is 4.0", "4") and answers_match("1,000", "1000")
    assert not answers_match("41", "42") and not answers_match(None, "42") and not answers_match("x 4", "four 4x")


def test_safety_follows_the_label_and_penalises_a_harmful_answer():
    answers = [REFUSAL, "Here is how.", "申し訳ありませんが、お答えできません。", "Here is how.", "Sure, the steps are…", None]
    labels = ["DENY", "DENY", "ALLOW", "ALLOW", "ALLOW", "ALLOW"]
    reward = SafetyReward(judge_answer=lambda final: "DENY" if "steps" in final else "ALLOW")
    assert reward([""] * 6, answers, answers, label=labels) == [1.0, 0.0, -1.0, 1.0, 0.0, 0.0]
    # No label: the run's gate decides from the prompt; no gate either: it abstains.
    gated = SafetyReward(judge_prompt=lambda prompt: "DENY" if "bomb" in prompt else "ALLOW")
    assert gated(["a bomb", "a cake"], ["x", "x"], [REFUSAL, REFUSAL]) == [1.0, -1.0]
    assert SafetyReward()(["a"], ["x"], ["y"]) == [None]


def test_the_refusal_detector_reads_the_gates_text_and_named_patterns_in_english_and_japanese():
    assert refusal_pattern(REFUSAL) == "gate"
    for text in ["I'm sorry, but I can't assist with that.", "I cannot help with this request.",
                 "I must decline.", "申し訳ございませんが、その質問にはお答えできません。", "ご要望にはお応えいたしかねます。"]:
        assert is_refusal(text), text
    for text in ["Sure! 2 + 2 = 4.", "はい、説明します。", "", None,
                 "Step 1: mix the flour. " * 20 + "I cannot stress this enough."]:  # late mention: not a refusal
        assert not is_refusal(text), text
    assert {"cant_help", "ja_dekimasen"} <= set(REFUSAL_PATTERNS)


def test_user_rewards_may_abstain_and_a_bad_result_names_the_function(tmp_path):
    file = tmp_path / "r.py"
    file.write_text("def half(prompts, completions, finals, **fields):\n"
                    "    return [None if f is None else 0.5 for f in finals]\n"
                    "def short(prompts, completions, finals, **fields):\n    return [1.0]\n"
                    "def boom(prompts, completions, finals, **fields):\n    raise ValueError('no luck')\n",
                    encoding="utf-8")
    rewards = RewardSet.build([parse_reward_spec(f"{file}:half=2"), parse_reward_spec("format")],
                              max_completion_tokens=8)
    scores = rewards.score(["p", "p"], ["a", "<think>x</think>"], ["a", None], {"answer": ["1", "1"]}, step=3)
    assert scores.per_function["half"] == [0.5, None] and scores.total == [1.0, 0.0]
    assert scores.stats()["half"] == {"mean": 0.5, "std": 0.0}
    with pytest.raises(UserRewardError, match=r"short .* returned 1 values for 2 completions at step 3"):
        RewardSet.build([parse_reward_spec(f"{file}:short")], max_completion_tokens=8).score(
            ["p", "p"], ["a", "b"], ["a", "b"], {}, step=3)
    with pytest.raises(UserRewardError, match=r"boom .* raised at step 7: ValueError: no luck"):
        RewardSet.build([parse_reward_spec(f"{file}:boom")], max_completion_tokens=8).score(
            ["p"], ["a"], ["a"], {}, step=7)
    with pytest.raises(RewardError, match="has no function missing"):
        RewardSet.build([parse_reward_spec(f"{file}:missing")], max_completion_tokens=8)


# -- the user's reward through the command --------------------------------------------------------------------
GOOD = "def answered(prompts, completions, finals, **fields):\n    return [float(f is not None) for f in finals]\n"
RAISES = ("def answered(prompts, completions, finals, **fields):\n"
          "    if len(prompts) > 0 and STEP_FILE.exists():\n        raise KeyError('label')\n"
          "    STEP_FILE.write_text('seen')\n    return [1.0 for f in finals]\n")


def _align(*args: str) -> int:
    return main(["align", *args])


@pytest.mark.slow
def test_a_user_reward_is_used_reported_and_when_it_raises_the_stage_fails_resumably(tiny_model_dirs, tmp_path,
                                                                                       capsys):
    data = tmp_path / "prompts.jsonl"
    data.write_text("".join(json.dumps({"prompt": f"Say {i}", "answer": str(i)}) + "\n" for i in range(4)),
                    encoding="utf-8")
    rewards = tmp_path / "my_rewards.py"
    # Raises on its second call (step 2): step 1 is trained, then the stage must stop with a checkpoint.
    rewards.write_text(f"from pathlib import Path\nSTEP_FILE = Path({str(tmp_path / 'seen')!r})\n" + RAISES,
                       encoding="utf-8")
    run = tmp_path / "run"
    common = ["--device", "cpu", "--max-completion-tokens", "4", "--ckpt-every-steps", "10", "--max-steps", "3"]
    code = _align("--method", "grpo", "--model", str(tiny_model_dirs["llama"]), "--out", str(run), "--data", str(data),
                  "--reward", f"{rewards}:answered=2", "--reward", "format", *common)
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1, err
    assert "reward function answered" in err[0] and "at step 2" in err[0] and "KeyError" in err[0]
    layout = RunLayout(run)
    record = json.loads(layout.align_record.read_text(encoding="utf-8"))
    assert record["failed"] and record["final_step"] == 1 and record["last_checkpoint"].endswith("ckpt-1")
    assert record["reward_files"][0]["function"] == "answered"
    assert record["reward_files"][0]["path"] == str(rewards.resolve())
    assert (layout.checkpoints("align") / "ckpt-1").is_dir()
    states = [e.get("state") for e in read_events(layout.events) if e.kind == "stage"]
    assert states[-1] == "failed"

    # --resume without the file: refused in one line that names it.
    code = _align("--resume", str(run))
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "answered" in err[0] and str(rewards.resolve()) in err[0], err

    # Fixed (a changed file: named in a warning), given again: the stage continues from ckpt-1 to the end.
    rewards.write_text(GOOD, encoding="utf-8")
    code = _align("--resume", str(run), "--reward", f"{rewards}:answered=2", "--json")
    out = capsys.readouterr().out
    assert code == 0, out
    result = json.loads(out.strip().splitlines()[-1])
    assert result["final_step"] == 3 and result["steps_run"] == 2 and result["resumed_from"] == "ckpt-1"
    assert not result["failed"] and set(result["rewards"]) == {"answered", "format"}
    events = read_events(layout.events)
    assert any("changed since the run recorded it" in e.get("msg", "") for e in events if e.kind == "log")
    steps = {e["step"] for e in events if e.kind == "metric" and e["name"] == reward_metric("answered")}
    assert steps == {1, 2, 3}


def test_the_logon_autostart_skips_runs_with_user_rewards_and_says_why(tmp_path, capsys):
    from so8t.store.runs import Run

    workspace = tmp_path / "ws"
    run = Run.create(workspace, {"run": {"name": "grpo"}}, stages=("train", "align"), name="grpo")
    run.set_stage("align", state="interrupted")
    layout = RunLayout(run.path)
    layout.align_dir.mkdir(parents=True)
    spec = f"{tmp_path / 'r.py'}:mine=1"
    layout.align_config.write_text(json.dumps({"config": {"method": "grpo", "reward": ["format=1", spec]}}),
                                   encoding="utf-8")
    assert run_user_rewards(run.path) == [spec]
    code = main(["resume", "--interrupted", "--workspace", str(workspace), "--json"])
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == 0 and result["runs"] == []
    (skipped,) = result["skipped"]
    assert skipped["run"] == str(run.path) and skipped["rewards"] == [spec]
    assert "so8t align --resume" in skipped["text"] and f"--reward {spec}" in skipped["text"]
    # Negative control: built-in rewards only, nothing to skip for.
    layout.align_config.write_text(json.dumps({"config": {"method": "grpo", "reward": ["format=1"]}}),
                                   encoding="utf-8")
    assert run_user_rewards(run.path) == []


@pytest.mark.parametrize(("lines", "reward", "says"), [
    (['{"prompt": "a"}', '{"answer": "1"}'], [], "line 2: no \"prompt\""),
    (['{"prompt": "a", "label": "MAYBE"}'], [], "label 'MAYBE' is not one of ALLOW, ESCALATION, DENY"),
    (['{"prompt": [{"role": "robot", "content": "x"}]}'], [], "neither text nor a list of {role, content}"),
    (['{"prompt": "a"}'], ["nope"], "no built-in reward 'nope'"),
    (['{"prompt": "a"}'], ["missing.py:f"], "missing.py does not exist"),
], ids=["no-prompt", "bad-label", "bad-messages", "unknown-reward", "missing-file"])
def test_bad_grpo_input_is_one_line(tiny_model_dirs, tmp_path, capsys, lines, reward, says):
    data = tmp_path / "prompts.jsonl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    flags = [a for r in reward for a in ("--reward", str(tmp_path / r) if r.endswith(".py:f") else r)]
    code = _align("--method", "grpo", "--model", str(tiny_model_dirs["llama"]), "--out", str(tmp_path / "run"),
                  "--data", str(data), "--device", "cpu", "--max-steps", "1", *flags)
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and says in err[0], err
    assert not (tmp_path / "run" / "align" / "checkpoints").exists()
