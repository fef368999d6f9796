"""The window builds a stage's switch, options, stage-list row and Results entry from its STAGE alone (a toy stage
from outside so8t), and shows a run folder an older so8t wrote with the figures of its records."""

from __future__ import annotations

import importlib
import json
import shutil
import sys
import xml.etree.ElementTree as ET
from dataclasses import fields
from pathlib import Path

import pytest

from gui.i18n import I18N_DIR
from tests.so8t.cli_checks import run_real
from tests.so8t.test_old_run_folder import FIXTURE
from tests.so8t.test_stage_contract import ECHO_PATH, _with_echo


@pytest.fixture
def echo_stage():
    """The toy stage's folder on this process's path, and the pipeline's stages read again (undone after)."""
    from so8t.pipeline.stages import refresh_stages

    sys.path.insert(0, str(ECHO_PATH))
    importlib.invalidate_caches()
    refresh_stages()
    yield
    sys.path.remove(str(ECHO_PATH))
    sys.modules.pop("so8t_stage_echo", None)
    importlib.invalidate_caches()
    refresh_stages()


@pytest.mark.slow  # starts so8t in a child process
def test_a_stage_from_outside_so8t_is_in_the_window(make_window, qtbot, tmp_path, echo_stage):
    config = tmp_path / "echo.toml"
    config.write_text('[run]\nstages = ["echo"]\n\n[echo]\ntext = "so8t"\n')
    done = run_real(["run", "--config", config, "--workspace", tmp_path / "ws", "--json"], env=_with_echo())
    assert done.returncode == 0, done.stderr
    run_dir = json.loads(done.stdout.splitlines()[-1])["path"]

    window = make_window(tmp_path / "ws")
    settings = window.settings
    assert settings.stage_switches.boxes["echo"].text() == "Echo a text"
    assert settings.stage_options.folds["echo"].text() == "Echo a text: options"
    assert list(settings.stage_options.fields["echo"]) == ["text", "repeat"]
    _default, repeat = settings.stage_options.fields["echo"]["repeat"]
    repeat.setValue(4)
    assert settings.values()["stages"]["echo"] == {"repeat": 4} and "echo" in settings.values()["run_stages"]

    window.refresh_runs()
    window.run_list.select(run_dir)
    window.show_run(run_dir)
    qtbot.waitUntil(lambda: "Echo a text — finished" in window.stage_list.texts(), timeout=10_000)
    qtbot.waitUntil(lambda: "echo" in window.results.stage_views, timeout=10_000)
    view = window.results.stage_views["echo"]
    assert view.title() == "Echo a text" and not view.isHidden()
    assert view.texts() == [["echoed text", "so8t so8t"], ["characters written", "9"]]


def test_an_old_run_folder_shows_its_figures_in_results(make_window, qtbot, tmp_path):
    from so8t.report.format import format_value

    run = tmp_path / "ws" / "runs" / "moved-019467c"
    shutil.copytree(FIXTURE, run)
    calibration = json.loads((run / "calibration.json").read_text())
    check = json.loads((run / "gguf" / "so8t-demo-Q8_0.check.json").read_text())
    window = make_window(tmp_path / "ws")
    window.refresh_runs()
    window.run_list.select(str(run))
    window.show_run(str(run))
    qtbot.waitUntil(lambda: window.results.gguf_table.rowCount() == 2, timeout=10_000)
    assert all(text.endswith("finished") for text in window.stage_list.texts()) and len(window.stage_list.texts()) == 9
    assert format_value(calibration["temperature"]) in window.results.temperature_label.text()
    q8 = next(row for row in window.results.gguf_texts() if row[0] == "so8t-demo-Q8_0.gguf")
    assert q8[3].startswith(f"{check['ppl_gguf']:.3f}")
    assert window.results.bake_label.text().startswith("Bake verification passed")


def test_every_stage_title_and_record_label_has_its_english_and_japanese_entry():
    from so8t.pipeline.stages import built_in_stages
    from so8t.store.records import record_types

    texts = [stage.title for stage in built_in_stages()]
    texts += [f.metadata["label"] for cls in record_types() if cls.__module__.startswith("so8t.")
              for f in fields(cls) if f.metadata.get("label")]
    for language in ("en", "ja"):
        root = ET.parse(Path(I18N_DIR) / f"so8t_{language}.ts").getroot()
        names = next(c for c in root.iter("context") if c.findtext("name") == "Names")
        entries = {m.findtext("source"): m.find("translation") for m in names.iter("message")}
        missing = [t for t in texts if t not in entries]
        assert missing == [], (language, missing)
        if language == "ja":
            assert [t for t in texts if not (entries[t].text or "").strip()] == []
