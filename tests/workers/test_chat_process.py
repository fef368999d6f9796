"""ChatProcess reads a worker's lines a batch per pass, and its end waits for the last of them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.workers.fake_chat import TOKENS
from workers.chat_process import ChatProcess

FAKE = str(Path(__file__).with_name("fake_chat.py"))


@pytest.fixture
def chat(qtbot):
    process = ChatProcess()
    seen: list[tuple[str, object]] = []
    process.token.connect(lambda channel, text: seen.append(("token", text)))
    process.turn.connect(lambda result: seen.append(("turn", result)))
    process.error.connect(lambda message: seen.append(("error", message)))
    process.ended.connect(lambda code: seen.append(("ended", code)))
    yield process, seen
    process.close(now=True)


def test_a_worker_that_answers_and_exits_with_a_backlog_ends_after_its_answer_without_an_error(qtbot, chat):
    process, seen = chat
    process.start_program(sys.executable, [FAKE, "flood"])
    process.send("hello")  # busy until the answer's result is read
    qtbot.waitUntil(lambda: any(kind == "ended" for kind, _ in seen), timeout=20_000)
    kinds = [kind for kind, _ in seen]
    assert "error" not in kinds, seen[-3:]
    assert kinds.count("token") == TOKENS
    assert kinds[-2:] == ["turn", "ended"]  # every line was handled before the end was said
    assert seen[-2][1] == {"answer": "done", "tokens": TOKENS}


def test_a_worker_that_dies_mid_answer_is_said_once_with_its_last_stderr_line(qtbot, chat):
    process, seen = chat
    process.start_program(sys.executable, [FAKE, "crash"])
    process.send("hello")
    qtbot.waitUntil(lambda: any(kind == "ended" for kind, _ in seen), timeout=20_000)
    errors = [message for kind, message in seen if kind == "error"]
    assert errors == ["the chat worker ended (exit code 3): RuntimeError: the fake model broke"]
    assert [kind for kind, _ in seen][-1] == "ended"
