"""The Playground tab on the demo run: the Q8_0 GGUF streams, the verdict badge shows, the loop stays free."""

from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtCore import Qt, QTimer

from so8t.chat.audit import read_audit

pytestmark = pytest.mark.slow

PROBE_INTERVAL_MS = 1
#: Ordinary prompts from the demo corpus, asked in turn until the demo's gate lets one through.
CANDIDATE_PROMPTS = ("The baked model", "What does the report show?", "The quantizer makes smaller files",
                     "Training saves checkpoints", "The gates rotate each block")
#: A free event loop runs its timer between token arrivals: ticks fall into at least this many of the gaps
#: between consecutive tokens. A loop that generation blocked would tick only before and after the stream.
#: (How late the ticks are is a speed figure: printed here, measured in bench/, never asserted.)
MIN_GAPS_WITH_A_TICK = 10


@pytest.fixture
def playground(qtbot, demo_run, tmp_path):
    from gui.playground import PlaygroundTab

    tab = PlaygroundTab(tmp_path)
    qtbot.addWidget(tab)
    tab.resize(1200, 800)
    tab.show()
    tab.set_run(str(demo_run))
    yield tab
    tab.shutdown()


def test_the_demo_gguf_streams_with_a_verdict_badge_and_a_free_event_loop(playground, qtbot, demo_run):
    tab = playground
    assert tab.objectName() == "playgroundTab"
    assert tab.model_picker.currentText() == "gguf/so8t-demo-Q8_0.gguf"
    tab.max_tokens.setValue(1500)
    tab.temperature.setValue(0.8)
    tokens: list[float] = []
    tab.pane.process.token.connect(lambda channel, text: tokens.append(time.perf_counter()))
    ticks: list[float] = []
    probe = QTimer()
    probe.setInterval(PROBE_INTERVAL_MS)
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.timeout.connect(lambda: ticks.append(time.perf_counter()))
    audit_before = len(read_audit(demo_run / "audit.jsonl"))

    # The demo model knows the thinking tags and its run's gate scores the answer before it is sent:
    # the raw output streams to the reasoning view, and the answer arrives once it is scored. The demo's
    # head is an illustration and may refuse an ordinary prompt at once: then the next one is asked.
    tab.show_reasoning.setChecked(True)
    attempts = 0
    for prompt in CANDIDATE_PROMPTS:
        tokens.clear()
        ticks.clear()
        attempts += 1
        tab.chat_input.setText(prompt)
        with qtbot.waitSignal(tab.turn_finished, timeout=240_000) as done:  # set up before the click: a refusal is instant
            probe.start()
            qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
        probe.stop()
        if done.args[1]["verdict"] != "DENY":
            break
    else:
        pytest.fail(f"the demo's gate refused every one of {CANDIDATE_PROMPTS}")
    assert tab.pane.process.loaded
    pane, result = done.args
    assert pane == "chatView"
    assert len(tokens) > 100 and tab.reasoning_view.toPlainText()  # the raw text arrived in pieces, not at the end
    badge = tab.verdict_badge.text()
    assert badge in ("ALLOW", "ESCALATION", "DENY") and badge == result["verdict"]
    text = tab.pane.plain_text()
    assert f"You: {prompt}" in text and badge in text
    if result["verdict"] == "ALLOW" and result["answer"]:  # (None when refused or without a final answer)
        assert result["answer"][:40] in text
    # Lateness is printed over the whole turn (the model loads, then streams; the loop stays free throughout).
    # What is asserted is that the loop ran between token arrivals: the demo model streams ~1,300 tokens in
    # well under a second, so the probe ticks every millisecond, precisely.
    start, end = tokens[0], tokens[-1]
    window = np.array([t for t in ticks if start <= t <= end])
    assert len(ticks) >= 2, "the loop never ran its timer during the turn"
    lateness = np.diff(np.array(ticks)) * 1000 - PROBE_INTERVAL_MS
    gaps_with_a_tick = np.unique(np.searchsorted(np.array(tokens), window, side="right")).size
    print(f"playground: {len(tokens)} tokens in {end - start:.2f} s, {gaps_with_a_tick} gaps between arrivals "
          f"with a tick, event-loop lateness p50 {np.percentile(lateness, 50):.1f} ms, "
          f"p99 {np.percentile(lateness, 99):.1f} ms")
    assert gaps_with_a_tick >= MIN_GAPS_WITH_A_TICK, gaps_with_a_tick
    # the turn is in the audit table, read from the run's audit log
    records = read_audit(demo_run / "audit.jsonl")
    assert len(records) == audit_before + attempts and records[-1]["source"] == "playground"
    assert tab.audit_table.rowCount() == len(records)
    assert tab.audit_table.item(len(records) - 1, 2).text() == badge


def test_side_by_side_fills_both_panes_and_the_log_exports(playground, qtbot, tmp_path):
    tab = playground
    tab.side_by_side.setChecked(True)
    assert tab.compare.isVisible() and tab.base_picker.currentText() == "base_model/"
    tab.max_tokens.setValue(24)
    finished = []
    tab.turn_finished.connect(lambda pane, result: finished.append((pane, result)))
    tab.chat_input.setText("What does the report show?")
    qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=180_000)
    assert [p for p, _ in finished] == ["chatView", "compareView"]  # one after the other
    for pane in (tab.pane, tab.compare):
        text = pane.plain_text()
        assert "You: What does the report show?" in text and len(text) > len("You: What does the report show?") + 10
    assert "base_model" in tab.compare.title.text() and "Q8_0" in tab.pane.title.text()
    out = tab.export_audit(tmp_path / "exported.jsonl")
    assert read_audit(out)[-2:] == read_audit(tab.audit_path())[-2:]


def test_the_window_has_the_playground_tab_and_it_follows_the_shown_run(make_window, tmp_path, demo_run):
    window = make_window(tmp_path)
    tab = window.findChild(type(window.playground), "playgroundTab")
    assert tab is window.playground and window.tabs.indexOf(tab) >= 0
    for name in ("chatInput", "sendButton", "auditTable"):
        assert tab.findChild(object, name) is not None, name
    window.show_run(str(demo_run))
    labels = [tab.model_picker.itemText(i) for i in range(tab.model_picker.count())]
    assert labels == ["gguf/so8t-demo-Q8_0.gguf", "gguf/so8t-demo-f16.gguf", "baked/", "base_model/"]


def test_a_held_turn_shows_the_review_banner_and_a_refusal_says_so(qtbot):
    from gui.chat_pane import ChatPane

    pane = ChatPane("chatView", "Fine-tuned")
    qtbot.addWidget(pane)
    pane.begin_turn("borderline")
    pane.end_turn({"verdict": "ESCALATION", "final_verdict": "ALLOW", "held": True, "answer": "the held text",
                   "tokens": 5, "tokens_per_s": 50.0})
    text = pane.plain_text()
    assert "ESCALATION" in text and "Needs review" in text and "the held text" not in text
    pane._on_anchor(type("Url", (), {"toString": lambda self: "held:1"})())
    assert "the held text" in pane.plain_text()
    pane.begin_turn("terrible")
    pane.end_turn({"verdict": "DENY", "refused": True, "tokens": 0})
    assert "DENY" in pane.plain_text() and "Refused: the model was not asked." in pane.plain_text()
