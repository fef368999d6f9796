"""The settings a person chose come back on the next start (QSettings), whatever the window's language."""

from __future__ import annotations

from gui.settings_forms import SettingsForm


def _form(qtbot, tmp_path) -> SettingsForm:
    form = SettingsForm(workspace=tmp_path)
    qtbot.addWidget(form)
    return form


def test_chosen_settings_come_back_on_the_next_start(qtbot, tmp_path):
    first = _form(qtbot, tmp_path)
    first.preset.setCurrentIndex(first.preset.findData("cpu"))
    first.hyper["max_steps"].setValue(77)
    streaming = first.stage_options.fields["bake"]["streaming"][1]
    streaming.setCurrentIndex(streaming.findData("streamed"))
    assert streaming.currentText() != "streamed"  # shown in words, the value kept as the item's data
    off = first.stage_switches.chosen()[-1]
    first.stage_switches.set_chosen([n for n in first.stage_switches.chosen() if n != off])
    first.remember()

    second = _form(qtbot, tmp_path)
    second.restore()
    assert second.preset.currentData() == "cpu" and "CPU" in second.preset.currentText()
    assert second.hyper["max_steps"].value() == 77
    assert second.stage_options.fields["bake"]["streaming"][1].currentData() == "streamed"
    assert off not in second.stage_switches.chosen()


def test_nothing_remembered_keeps_the_defaults(qtbot, tmp_path):
    form = _form(qtbot, tmp_path)
    streaming = form.stage_options.fields["bake"]["streaming"][1]
    before = streaming.currentData()
    form.restore()
    assert streaming.currentData() == before
