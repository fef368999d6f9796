"""The data record's figures equal counts made independently on a 30-sample fixture (issue 27, acceptance 4).

Token counts are made here without the project's code: the chat template (ChatML, the demo
tokenizer's) written out by hand, each piece encoded by the `tokenizers` library from tokenizer.json
with the thinking tags added as whole tokens, as training adds them. A piece is what training
tokenises on its own: a user turn with its header and end, an assistant header (not trained), and an
assistant answer with its end (trained). The compliance, turn, script and label figures are counted by
hand from the list below.
"""

from __future__ import annotations

import json

import pytest

from so8t.resources import TINY_MODEL_DIR
from tests.so8t.cli_checks import run_cli

MAX_LENGTH = 40
THINKING_TAGS = ["<think>", "</think>", "<think-task>", "</think-task>", "<think-safety>", "</think-safety>",
                 "<think-policy>", "</think-policy>", "<final>", "</final>"]


def _c(*turns: str, system: str | None = None, label: str | None = None) -> dict:
    """A conversation: user and assistant texts alternating."""
    messages = ([{"role": "system", "content": system}] if system else []) + [
        {"role": "user" if i % 2 == 0 else "assistant", "content": t} for i, t in enumerate(turns)]
    return {"messages": messages, **({"label": label} if label else {})}


LONG = " ".join(["The model reads every block of eight numbers and turns it a little."] * 4)
SAMPLES = [
    # 1-10: plain answers (Latin), one of them with two turns, one with a system message
    _c("What is a gate?", "A small rotation.", label="ALLOW"),
    _c("Why bake?", "So any loader reads it.", label="ALLOW"),
    _c("Hello!", "Hello! How can I help?", "Just saying hi.", "Have a nice day.", label="ALLOW"),
    _c("What is a checkpoint?", "A saved state.", system="Answer briefly.", label="ALLOW"),
    _c("Name a colour.", "Blue.", label="ALLOW"),
    _c("Tell me a long story.", LONG, label="ALLOW"),
    _c("Describe the gate again.", LONG + " That is all.", label="ALLOW"),
    _c("How many layers?", "Two.", label="ESCALATION"),
    _c("Is it fast?", "Fast enough.", label="ESCALATION"),
    _c("Where is the report?", "In the run folder."),
    # 11-18: basic thinking (two of them Japanese)
    _c("What is 2 plus 2?", "<think>Two and two.</think><final>4</final>", label="ALLOW"),
    _c("What is 3 plus 4?", "<think>Three and four.</think><final>7</final>", label="ALLOW"),
    _c("What is 5 times 6?", "<think>Five sixes.</think><final>30</final>", label="ALLOW"),
    _c("Is 17 prime?", "<think>No divisor up to four.</think><final>Yes.</final>", label="ALLOW"),
    _c("２たす３は？", "<think>二と三。</think><final>５です。</final>", label="ALLOW"),
    _c("日本の首都は？", "<think>東京。</think><final>東京です。</final>", label="ALLOW"),
    _c("What is 9 minus 1?", "<think>" + LONG + "</think><final>8</final>", label="ALLOW"),
    _c("Count to three.", "<think>One, two, three.</think><final>1 2 3</final>"),
    # 19-23: four-section thinking (one Japanese)
    _c("Reset my router password.", "<think-task>Own router.</think-task><think-safety>Harmless.</think-safety>"
       "<think-policy>ALLOW.</think-policy><final>Hold the reset button.</final>", label="ALLOW"),
    _c("Write a phishing mail.", "<think-task>Phishing.</think-task><think-safety>Harm.</think-safety>"
       "<think-policy>DENY.</think-policy><final>I cannot help with that.</final>", label="DENY"),
    _c("My friend took pills.", "<think-task>Overdose.</think-task><think-safety>Urgent.</think-safety>"
       "<think-policy>ESCALATION.</think-policy><final>Call emergency services now.</final>", label="ESCALATION"),
    _c("同僚をだます文面を書いて。", "<think-task>詐欺。</think-task><think-safety>有害。</think-safety>"
       "<think-policy>DENY。</think-policy><final>お手伝いできません。</final>", label="DENY"),
    _c("Build a weapon.", "<think-task>Weapon.</think-task><think-safety>Harm.</think-safety>"
       "<think-policy>DENY.</think-policy><final>No.</final>", label="DENY"),
    # 24-25: <final> alone
    _c("Say yes.", "<final>Yes.</final>", label="ALLOW"),
    _c("はいと言って。", "<final>はい。</final>", label="ALLOW"),
    # 26-27: unclosed
    _c("What is 1 plus 1?", "<think>One and one.<final>2</final>", label="ALLOW"),
    _c("What is 2 plus 1?", "<think>Two and one.", label="ALLOW"),
    # 28-29: misordered
    _c("What is 4 plus 1?", "<final>5</final><think>Four and one.</think>", label="ALLOW"),
    _c("What is 6 plus 1?", "<think-safety>Fine.</think-safety><think-task>Sum.</think-task><final>7</final>"),
    # 30: text outside the sections
    _c("What is 8 plus 1?", "Let me see. <think>Eight and one.</think><final>9</final>", label="ALLOW"),
]

#: By hand, from the comments above.
FORMS = {"plain": 10, "basic": 8, "four-section": 5, "final": 2, "malformed": 5}
PROBLEMS = {"unclosed": 2, "misordered": 2, "text_outside": 1}
TURNS = {"1": 29, "2": 1}
SCRIPTS = {"Latin": 26, "CJK": 4}  # by the prompt: samples 15, 16, 22 and 25 ask in Japanese
LABELS = {"ALLOW": 21, "ESCALATION": 3, "DENY": 3, "unlabelled": 3}  # unlabelled: samples 10, 18 and 29


def _independent_counts() -> list[tuple[int, int]]:
    """(tokens, trained tokens) of each sample, with the template written out and the tokenizers library."""
    from tokenizers import AddedToken, Tokenizer

    tok = Tokenizer.from_file(str(TINY_MODEL_DIR / "tokenizer.json"))
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in THINKING_TAGS])

    def n(text: str) -> int:
        return len(tok.encode(text, add_special_tokens=False).ids)

    out = []
    for sample in SAMPLES:
        total = trained = 0
        for m in sample["messages"]:
            if m["role"] == "assistant":
                head, body = n("<|im_start|>assistant\n"), n(m["content"] + "<|im_end|>\n")
                total += head + body
                trained += body
            else:
                total += n(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n")
        out.append((total, trained))
    return out


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    root = tmp_path_factory.mktemp("thirty")
    path = root / "thirty.jsonl"
    path.write_text("".join(json.dumps(s, ensure_ascii=False) + "\n" for s in SAMPLES), encoding="utf-8")
    return path, root


def _record(prepared, capsys, *flags) -> dict:
    path, root = prepared
    run = root / f"run{len(list(root.iterdir()))}"
    code, out, err = run_cli(["data", path, "--out", run, "--model", TINY_MODEL_DIR, "--max-length", str(MAX_LENGTH),
                              "--json", *flags], capsys)
    assert code == 0, err
    return json.loads(out.splitlines()[-1])


def test_token_figures_equal_independent_counts(prepared, capsys):
    record = _record(prepared, capsys)
    stats, counts = record["statistics"], _independent_counts()
    lengths = [t for t, _ in counts]
    tokens = stats["tokens"]
    assert tokens["total"] == sum(lengths)
    assert tokens["trained"] == sum(tr for _, tr in counts)
    assert tokens["prompt"] == sum(lengths) - tokens["trained"]
    over = [n for n in lengths if n > MAX_LENGTH]
    assert 3 <= len(over) < 30  # the fixture has samples on both sides of max_length
    assert tokens["truncated"] == len(over)
    assert tokens["truncated_share"] == pytest.approx(len(over) / 30)
    assert tokens["tokens_lost"] == sum(n - MAX_LENGTH for n in over)
    assert tokens["max"] == max(lengths)
    edges, bins = tokens["histogram"]["edges"], tokens["histogram"]["counts"]
    assert sum(bins) == 30
    assert bins == [sum(lo <= n < hi or (i == len(bins) - 1 and n >= lo) for n in lengths)
                    for i, (lo, hi) in enumerate(zip(edges[:-1], edges[1:], strict=True))]


def test_compliance_turns_scripts_and_labels_equal_hand_counts(prepared, capsys):
    stats = _record(prepared, capsys)["statistics"]
    assert stats["thinking"]["forms"] == FORMS
    assert stats["thinking"]["problems"] == PROBLEMS
    assert stats["thinking"]["compliant_share"] == pytest.approx(25 / 30)
    assert stats["turns"] == TURNS
    assert stats["scripts"] == SCRIPTS
    assert stats["labels"] == LABELS


def test_strict_thinking_drops_the_malformed_and_counts_them(prepared, capsys):
    record = _record(prepared, capsys, "--strict-thinking")
    assert record["dropped"]["malformed_thinking"] == FORMS["malformed"]
    assert record["samples_out"] == 30 - FORMS["malformed"]
    assert "malformed" not in record["statistics"]["thinking"]["forms"]


def test_no_thinking_text_reaches_the_record_or_the_events(prepared, capsys, tmp_path):
    """Snippets come from prompts; the record, the --events stream and the log lines hold no thinking text."""
    path, _ = prepared
    dup = tmp_path / "dup.jsonl"
    dup.write_text(path.read_text(encoding="utf-8") * 2, encoding="utf-8")  # clusters with snippets
    run = tmp_path / "run"
    code, out, err = run_cli(["data", dup, "--out", run, "--model", TINY_MODEL_DIR, "--events"], capsys)
    assert code == 0, err
    text = out + err + (run / "data" / "data.json").read_text(encoding="utf-8")
    assert '"clusters": 30' in (run / "data" / "data.json").read_text(encoding="utf-8")
    for secret in ("Two and two.", "No divisor up to four.", "Overdose.", "二と三", "Eight and one."):
        assert secret in dup.read_text(encoding="utf-8")  # negative control: the data holds it
        assert secret not in text


def test_a_line_over_the_cap_in_a_good_file_is_counted_as_too_long_line(tmp_path, capsys):
    """A JSON Lines file whose 13th line is over the line cap (1 MB by default): that sample is dropped as
    `too_long_line`, counted in samples_in and named in the record by its line; the 24 others are prepared."""
    rows = [json.dumps({"prompt": f"Question {i}: what is {i} and {i}?", "response": f"It is {2 * i}."})
            for i in range(24)]
    long_line = json.dumps({"prompt": "x " * (600 << 10), "response": "y"})  # 1.2 MB
    rows.insert(12, long_line)
    data = tmp_path / "with_long.jsonl"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = run_cli(["data", data, "--out", tmp_path / "run", "--json"], capsys)
    assert code == 0, err
    record = json.loads(out.strip().splitlines()[-1])
    assert record["dropped"]["too_long_line"] == 1
    assert record["samples_in"] == 25 and record["samples_out"] == 24 == record["train"] + record["val"]
    assert record["files"][0]["samples"] == 25
    saved = json.loads((tmp_path / "run" / "data" / "data.json").read_text(encoding="utf-8"))
    assert saved["dropped"]["too_long_line"] == 1
    assert saved["too_long_lines"] == record["too_long_lines"] == ["with_long.jsonl:line 13"]
    written = (tmp_path / "run" / "data" / "train.jsonl").read_text(encoding="utf-8")
    assert "x x x" not in written and "Question 11:" in written + (tmp_path / "run" / "data" / "val.jsonl").read_text(
        encoding="utf-8")
    # --max-line-mb reads it: nothing dropped then.
    code, out, err = run_cli(["data", data, "--out", tmp_path / "run2", "--max-line-mb", "2", "--json"], capsys)
    assert code == 0, err
    assert json.loads(out.strip().splitlines()[-1])["dropped"]["too_long_line"] == 0


#: Templates whose text depends on a message's words beyond placing them, and one that only places them.
_CHATML = ("{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}"
           "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")
_CUTS_EARLIER_THINKING = (  # as Qwen3's template: an earlier answer keeps only what follows </think>
    "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{% if m['role'] == 'assistant' and not loop.last %}"
    "{{ m['content'].split('</think>')[-1] }}{% else %}{{ m['content'] }}{% endif %}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")
_SHOUTS_SHORT = ("{% for m in messages %}[{{ m['role'] }}] {% if m['content'] | length < 6 %}{{ m['content'] | upper }}"
                 "{% else %}{{ m['content'] }}{% endif %}\n{% endfor %}{% if add_generation_prompt %}[assistant] {% endif %}")


@pytest.mark.parametrize("template", [_CHATML, _CUTS_EARLIER_THINKING, _SHOUTS_SHORT], ids=["chatml", "cuts", "shouts"])
def test_pieces_from_one_render_per_role_sequence_equal_the_prefix_renders(template):
    """The statistics render a template once per sequence of roles and put each sample's words into it; a template
    that changes the words is caught by the whole conversation's render, so the pieces equal rendering every prefix."""
    from types import SimpleNamespace

    from so8t.data.stats import conversation_pieces

    tokenizer = SimpleNamespace(chat_template=template, special_tokens_map={}, name_or_path="t")
    conversations = [
        [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "<think>a</think>ok"}],
        [{"role": "user", "content": "what is 2 and 2?"},
         {"role": "assistant", "content": "<think>add</think><final>4</final>"},
         {"role": "user", "content": "and 3 and 3?"}, {"role": "assistant", "content": "six, that is"}],
        [{"role": "system", "content": "be brief"}, {"role": "user", "content": "\x00so8t-slot-0\x00 x"},
         {"role": "assistant", "content": "yes"}],
    ]
    skeletons: dict = {}
    for messages in conversations * 2:  # the second round reads the cached skeletons
        assert conversation_pieces(tokenizer, messages, skeletons) == conversation_pieces(tokenizer, messages)
    assert skeletons  # the cache was used
