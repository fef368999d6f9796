"""The event protocol has one reader (so8t/events.py): typed parsing, a tail that survives torn and non-UTF-8 lines."""

from __future__ import annotations

import ast
import json
import math
from pathlib import Path

import pytest

from so8t.events import (
    CheckpointEvent,
    ErrorEvent,
    Event,
    EventSink,
    LogEvent,
    MetricEvent,
    ProgressEvent,
    ResultEvent,
    StageEvent,
    end_torn_line,
    parse_event,
)
from so8t.store.event_log import EventTail, read_events
from so8t.store.metric_names import Metrics

ROOT = Path(__file__).resolve().parents[2]

#: Modules that decode JSON that is not an event, each with what it reads. Everything else that
#: calls json.loads is reading events by hand, which only so8t/events.py may do.
JSON_READERS = {
    "so8t/events.py": "the event protocol itself",
    "so8t/store/record_file.py": "result records (every record type's file)",
    "so8t/store/runs.py": "run.json",
    "so8t/store/lock.py": "a run's lock",
    "so8t/store/checkpoints.py": "checkpoint manifests and pinned.json",
    "so8t/model/folder.py": "a model's config.json and safetensors headers",
    "so8t/gguf/tensors.py": "safetensors headers",
    "so8t/model/layer_stream.py": "a model's safetensors index",
    "so8t/bake/streamed.py": "a model's safetensors index",
    "so8t/gguf/vocab.py": "a model's tokenizer.json",
    "so8t/gguf/export.py": "a model's tokenizer.json",
    "so8t/jsonl.py": "data sets (JSON Lines of samples)",
    "so8t/train/config.py": "a training config file",
    "so8t/train/state.py": "checkpoint JSON files",
    "so8t/triality/head.py": "the head's safetensors metadata",
    "so8t/fileio.py": "the safetensors header it writes with sorted keys",
    "so8t/report/gather.py": "run.json",
    "so8t/chat/audit.py": "the audit log (chat turns, not events)",
    "so8t/chat/worker.py": "the window's commands on stdin",
    "so8t/chat/request.py": "an HTTP request's JSON body",
    "so8t/data/generate.py": "--extra-body",
    "so8t/data/endpoint.py": "an endpoint's replies",
    "so8t/data/journal.py": "data-generate's own journal",
    "so8t/data/prepare.py": "its own spill file of normalised samples (JSON Lines it wrote)",
    "gui/remembered.py": "the settings remembered between starts (QSettings)",
    "so8t/train/team.py": "the RNG state in a rank\'s checkpoint file",
    "so8t/align/grpo_objective.py": "a stored GRPO rollout's safetensors metadata",
}
#: Where a "kind" key means something other than an event's kind.
KIND_KEY_ELSEWHERE = {"so8t/train/state.py": "numpy's RNG state has a 'kind' field"}


def _sources() -> list[Path]:
    files = [ROOT / "main.py"]
    for package in ("so8t", "workers", "gui"):
        files.extend(sorted((ROOT / package).rglob("*.py")))
    return [f for f in files if f.is_file()]


def hand_parsing(path: Path, rel: str) -> list[str]:
    """Places in a module that parse events by hand: json.loads outside the known readers, or an event's "kind" read."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hits = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("loads", "load")
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "json" and rel not in JSON_READERS):
            hits.append(f"{rel}:{node.lineno}: json.{node.func.attr}")
        if rel in KIND_KEY_ELSEWHERE or rel == "so8t/events.py":
            continue
        key = None
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            key = node.slice.value
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
              and node.args and isinstance(node.args[0], ast.Constant)):
            key = node.args[0].value
        if key == "kind":
            hits.append(f"{rel}:{node.lineno}: reads an event's 'kind'")
    return hits


def test_no_event_parsing_outside_the_events_module():
    hits = []
    for path in _sources():
        hits.extend(hand_parsing(path, path.relative_to(ROOT).as_posix()))
    assert hits == [], "parse events with so8t.events (parse_event, read_events, EventTail):\n" + "\n".join(hits)


def test_the_scan_sees_hand_parsing(tmp_path):
    """Negative control: the way the window used to read a followed log is found."""
    probe = tmp_path / "probe.py"
    probe.write_text("import json\n"
                     "def f(line):\n"
                     "    ev = json.loads(line)\n"
                     "    return ev.get('kind') == 'metric' or ev['kind'] == 'stage'\n", encoding="utf-8")
    assert len(hand_parsing(probe, "gui/probe.py")) == 3


def test_each_kind_parses_to_its_type():
    lines = [
        {"kind": "stage", "stage": "train", "state": "started", "resumed_from": "ckpt-3"},
        {"kind": "progress", "done": 3, "total": 10, "unit": "step"},
        {"kind": "metric", "name": Metrics.LOSS, "value": 2.5, "step": 3},
        {"kind": "log", "level": "warning", "msg": "hm"},
        {"kind": "checkpoint", "path": "/r/checkpoints/ckpt-3", "step": 3},
        {"kind": "error", "code": "config", "message": "bad", "hint": "fix"},
        {"kind": "result", "result": {"passed": True}},
        {"kind": "something_new", "x": 1},
    ]
    events = [parse_event(json.dumps({"v": 1, "t": 1.5, "run": "r-1", **obj})) for obj in lines]
    assert [type(e) for e in events] == [StageEvent, ProgressEvent, MetricEvent, LogEvent, CheckpointEvent,
                                        ErrorEvent, ResultEvent, Event]
    stage, progress, metric, log, ckpt, error, result, new = events
    assert (stage.state, stage.stage, stage.run, stage.get("resumed_from")) == ("started", "train", "r-1", "ckpt-3")
    assert (progress.done, progress.total, progress.unit) == (3, 10, "step")
    assert (metric.name, metric.value, metric.step) == ("loss", 2.5, 3)
    assert (log.level, log.msg) == ("warning", "hm")
    assert (ckpt.path, ckpt.step) == ("/r/checkpoints/ckpt-3", 3)
    assert (error.code, error.message, error.hint) == ("config", "bad", "fix")
    assert result.result == {"passed": True}
    assert new.kind == "something_new" and new["x"] == 1


@pytest.mark.parametrize("line", ["", "   ", "plain text", "[1, 2]", '{"no": "kind"}', '{"kind": "metric", "name": "loss"}',
                                  '{"kind": "metric", "name": "loss", "value": "high", "step": 1}', '{"kind": "prog'])
def test_what_is_not_an_event_is_none(line):
    assert parse_event(line) is None


def test_non_finite_values_round_trip(tmp_path):
    log = tmp_path / "events.jsonl"
    EventSink(log_path=log).metric("loss", float("nan"), 1)
    (event,) = read_events(log)
    assert isinstance(event, MetricEvent) and math.isnan(event.value)


def test_tail_gets_every_event_once_from_a_file_grown_in_torn_chunks(tmp_path):
    """Chunks end mid-line, mid-JSON and inside the bytes of one multi-byte character."""
    log = tmp_path / "events.jsonl"
    sink_lines = [json.dumps({"v": 1, "kind": "log", "msg": msg}, ensure_ascii=False)
                  for msg in ("first", "ゲート焼き込み ✓", "third", "Ω≈1", "last")]
    data = ("\n".join(sink_lines) + "\n").encode("utf-8")
    multibyte = data.index("焼".encode()) + 1  # a cut between the bytes of one character
    cuts = sorted({5, 20, multibyte, multibyte + 1, data.index(b"third") + 2, len(data) - 3, len(data)})
    tail = EventTail(log)
    log.write_bytes(b"")
    seen: list[str] = []
    start = 0
    for cut in cuts:
        with open(log, "ab") as f:
            f.write(data[start:cut])
        start = cut
        seen.extend(e.msg for e in tail.read())
        seen.extend(e.msg for e in tail.read())  # a second read of the same bytes returns nothing new
    assert seen == ["first", "ゲート焼き込み ✓", "third", "Ω≈1", "last"]


def test_tail_survives_bytes_that_are_not_utf8_and_a_replaced_file(tmp_path):
    log = tmp_path / "events.jsonl"
    log.write_bytes(b'{"kind": "log", "msg": "ok \xff\xfe"}\n\xff\xff garbage\n{"kind": "log", "msg": "after"}\n')
    tail = EventTail(log)
    msgs = [e.msg for e in tail.read()]
    assert msgs[0].startswith("ok ") and msgs[1:] == ["after"]
    log.write_bytes(b'{"kind": "log", "msg": "new file"}\n')  # shorter: read again from the start
    assert [e.msg for e in tail.read()] == ["new file"]


def test_tail_skip_to_end_returns_only_later_events(tmp_path):
    log = tmp_path / "events.jsonl"
    sink = EventSink(log_path=log)
    sink.log("before")
    tail = EventTail(log)
    tail.skip_to_end()
    sink.log("after")
    assert [e.msg for e in tail.read()] == ["after"]


def test_a_torn_last_line_is_ended_before_the_next_writer_appends(tmp_path):
    log = tmp_path / "events.jsonl"
    log.write_text('{"kind": "log", "msg": "one"}\n{"kind": "log", "ms', encoding="utf-8")
    end_torn_line(log)
    EventSink(log_path=log).log("two")
    assert [e.msg for e in read_events(log)] == ["one", "two"]
