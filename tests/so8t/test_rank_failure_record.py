"""A run on several processes whose rank died is recorded failed even when rank 0 could not say so itself."""

from __future__ import annotations

from so8t.events import EventSink
from so8t.store.event_log import read_events
from so8t.store.layout import RunLayout
from so8t.train.distributed import RankFailedError, record_failure


def _states(run) -> list[str]:
    return [e.data["state"] for e in read_events(RunLayout(run).events) if e.kind == "stage"]


def _started(run) -> EventSink:
    run.mkdir()
    EventSink(run="r", stage="train", log_path=RunLayout(run).events).state("started")
    return EventSink(run="r", stage="train")  # the launcher's own sink: its stream, not the log


ERROR = RankFailedError("training rank 1 of 2 was killed by SIGKILL; the other ranks were stopped", "resume")


def test_the_launcher_records_the_failure_rank_0_did_not(tmp_path):
    run = tmp_path / "run"
    events = _started(run)
    record_failure(events, RunLayout(run), ERROR)
    assert _states(run) == ["started", "failed"]
    errors = [e for e in read_events(RunLayout(run).events) if e.kind == "error"]
    assert [e.data["message"] for e in errors] == [ERROR.message]


def test_a_failure_rank_0_recorded_is_not_recorded_twice(tmp_path):
    run = tmp_path / "run"
    events = _started(run)
    EventSink(run="r", stage="train", log_path=RunLayout(run).events).state("failed", error="rank_lost")
    record_failure(events, RunLayout(run), ERROR)
    assert _states(run) == ["started", "failed"]


def test_a_stage_whose_states_the_pipeline_records_gets_none_here(tmp_path):
    run = tmp_path / "run"
    _started(run)
    record_failure(EventSink(run="r", stage="train", states=False), RunLayout(run), ERROR)
    assert _states(run) == ["started"]
