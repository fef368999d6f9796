"""The Data view on a ShareGPT file: the detected shape, a preview row with the chat template applied, the
histogram's bars against the data stage's record, the drop reasons; a broken file is one line; the files
then go into the next run's [data] options, so the run trains on RUN/data/train.jsonl."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

#: Tokens a sample may have in the view: the long sample below is several times this.
MAX_LENGTH = 64
#: Samples written; one more is a copy of an earlier one (the planted duplicate).
DISTINCT = 22


def write_sharegpt(path: Path) -> Path:
    """22 distinct conversations, a copy of the fourth (an exact duplicate) and one long answer (over max_length)."""
    rows = [{"conversations": [{"from": "human", "value": f"What is {i} plus {i}? Question number {i} of the set."},
                               {"from": "gpt", "value": f"{i} plus {i} is {2 * i}."}]} for i in range(DISTINCT)]
    rows.append(rows[3])
    rows.append({"conversations": [{"from": "human", "value": "Count slowly to three hundred."},
                                   {"from": "gpt", "value": " ".join(str(n) for n in range(1, 301))}]})
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def look(qtbot, view, files: list[str]):
    view.max_length.setValue(MAX_LENGTH)
    with qtbot.waitSignal(view.shown, timeout=120_000) as shown:
        view.set_files(files)
    return shown.args[0]


def test_data_view_shows_the_stage_figures_and_feeds_the_next_run(qtbot, make_window, tmp_path):
    window = make_window(tmp_path / "workspace")
    window.settings.demo_button.setChecked(True)  # the demo's tokenizer and chat template measure the samples
    view = window.data_view
    assert view.objectName() == "dataView"
    window.tabs.setCurrentWidget(view)
    data = write_sharegpt(tmp_path / "chats.jsonl")
    preview = look(qtbot, view, [str(data)])
    assert not isinstance(preview, str), preview

    assert view.shape_label.text() == "chats.jsonl: shape sharegpt (conversations), 24 samples"
    assert view.mapping_label.text() == "Fields read (FIELD=COLUMN): conversations=conversations"
    first = view.preview_texts()[0]
    # ChatML (the demo model's template) around the first conversation's words; the answer is what is trained.
    assert first.startswith("<|im_start|>user\nWhat is 0 plus 0? Question number 0 of the set.<|im_end|>")
    assert "<|im_start|>assistant\n0 plus 0 is 0.<|im_end|>" in first
    assert view.trained_texts()[0] == "0 plus 0 is 0.<|im_end|>\n"

    record = json.loads((Path(preview.run_dir) / "data" / "data.json").read_text(encoding="utf-8"))
    assert view.histogram_counts() == record["histogram"]["counts"]
    assert sum(view.histogram_counts()) == DISTINCT + 1  # the duplicate is dropped, the long sample kept
    assert view.histogram_counts()[-1] >= 1 and record["truncated_share"] > 0  # the long one is past the line
    assert view.max_length_line.value() == MAX_LENGTH

    drops = view.table_texts(view.drop_table)
    assert drops == [["exact_duplicate", "1", "the same text as an earlier sample"]]
    clusters = view.table_texts(view.cluster_table)
    assert clusters[0][0] == "chats.jsonl:line 4" and clusters[0][1] == "chats.jsonl:line 23 (exact)"

    # The files go into the next run: [data] files in its config, so training reads RUN/data/train.jsonl.
    view.use_button.click()
    tables = tomllib.loads(window.write_config().read_text(encoding="utf-8"))
    assert tables["data"]["files"] == [str(data)]
    from so8t.pipeline.stages import default_stages

    stages = tables["run"].get("stages") or default_stages(tables)
    assert stages.index("data") < stages.index("train")  # the train stage then reads the data stage's train.jsonl


def test_data_view_says_what_is_wrong_with_a_broken_file(qtbot, make_window, tmp_path):
    window = make_window(tmp_path / "workspace")
    view = window.data_view
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"conversations": [{"from": "human", "value": "hi"}]}\n{"conversations": [\n',
                      encoding="utf-8")
    line = look(qtbot, view, [str(broken)])
    assert isinstance(line, str)
    assert view.status.text() == line and "\n" not in line
    assert "broken.jsonl" in line and "line 2" in line
    assert view.histogram_counts() == [] and view.table_texts(view.drop_table) == []
    assert not view.use_button.isEnabled()


def test_a_line_over_the_cap_is_a_drop_the_view_names(qtbot, make_window, tmp_path):
    """A ShareGPT file with one line over the 1 MB line cap among good ones: the view prepares the others and
    its drop table names the reason, the count and the line."""
    window = make_window(tmp_path / "workspace")
    view = window.data_view
    data = write_sharegpt(tmp_path / "chats.jsonl")
    lines = data.read_text(encoding="utf-8").splitlines()
    lines.insert(2, json.dumps({"conversations": [{"from": "human", "value": "long " * (250 << 10)},
                                                  {"from": "gpt", "value": "ok"}]}))  # 1.25 MB
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    preview = look(qtbot, view, [str(data)])
    assert not isinstance(preview, str), preview
    assert view.shape_label.text() == "chats.jsonl: shape sharegpt (conversations), 25 samples"
    assert view.table_texts(view.drop_table) == [
        ["exact_duplicate", "1", "the same text as an earlier sample"],
        ["too_long_line", "1", "a line over the line cap (--max-line-mb reads it): chats.jsonl:line 3"]]
    record = json.loads((Path(preview.run_dir) / "data" / "data.json").read_text(encoding="utf-8"))
    assert record["dropped"]["too_long_line"] == 1 and record["samples_out"] == DISTINCT + 1


def test_an_edited_mapping_changes_the_shape(qtbot, make_window, tmp_path):
    """A CSV whose columns are no shape's is refused with its fields; mapped, it is read as prompt/response."""
    window = make_window(tmp_path / "workspace")
    view = window.data_view
    table = tmp_path / "qa.csv"
    table.write_text("question,reply\n" + "".join(f"What is {i} times {i}?,It is {i * i}.\n" for i in range(20)),
                     encoding="utf-8")
    line = look(qtbot, view, [str(table)])
    assert isinstance(line, str) and "has no known shape (its fields: question, reply)" in line
    view.mapping.setText("prompt=question, response=reply")
    with qtbot.waitSignal(view.shown, timeout=120_000):
        view.prepare_button.click()
    assert view.shape_label.text() == "qa.csv: shape prompt-response (conversations), 20 samples"
    assert view.mapping_label.text() == "Fields read (FIELD=COLUMN): prompt=question, response=reply"


def test_a_malformed_mapping_is_one_line(qtbot, make_window, tmp_path):
    window = make_window(tmp_path / "workspace")
    view = window.data_view
    view.mapping.setText("prompt")
    line = look(qtbot, view, [str(write_sharegpt(tmp_path / "chats.jsonl"))])
    assert line == view.status.text() and line.startswith("--map 'prompt' is not FIELD=COLUMN")


def test_prepared_files_stand_for_the_sft_file(qtbot, make_window, tmp_path, tiny_model_dirs):
    """With a model and no SFT file, Run is off until the Data view's files are put in the next run."""
    window = make_window(tmp_path / "workspace")
    settings = window.settings
    settings.model.edit.setText(str(tiny_model_dirs["llama"]))
    settings.data.edit.setText("")
    settings.validate()
    assert settings.run_blocker() == "choose a data file in Settings"
    view = window.data_view
    look(qtbot, view, [str(write_sharegpt(tmp_path / "chats.jsonl"))])
    view.use_button.click()
    assert settings.run_blocker() == "" and window.run_button.isEnabled()
    settings.stage_switches.boxes["data"].setChecked(False)  # the data stage off: its files are not used
    settings.validate()
    assert settings.run_blocker() == "choose a data file in Settings"
