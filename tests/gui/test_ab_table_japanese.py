"""In the Japanese window the A/B tables read in Japanese: the header cells and row names of Results' `abTable`
and of each table the compare view shows side by side (issue 29)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget

from so8t.evaluate.record import EvaluationResult
from so8t.evaluate.table import METRICS
from so8t.store.layout import RunLayout
from so8t.store.record_file import write_record
from tests.gui.test_japanese_everywhere import japanese  # noqa: F401 - the fixture
from tests.sample_run import write_sample_run

#: The A/B header as a Japanese reader reads it (resources/i18n/fill_ja.py, the Report context).
HEADER_JA = ["指標", "ベース", "チューニング後", "差", "差の 95 % 信頼区間", "McNemar p 値"]
#: The same header's English: none of it may show.
HEADER_EN = ["metric", "base", "tuned", "delta", "95 % CI of the delta", "McNemar p"]


def _evaluation(tuned: float) -> EvaluationResult:
    rows = [{"metric": m.key, "label": m.label, "higher_is_better": m.higher_is_better, "base": 0.5, "tuned": tuned,
             "delta": tuned - 0.5, "ci_low": tuned - 0.55, "ci_high": tuned - 0.45, "p_value": 0.2, "n": 40}
            for m in METRICS if m.key != "collapsed"]
    rows.append({"metric": "collapsed", "label": "collapse flag", "higher_is_better": False, "base": False,
                 "tuned": False, "delta": None, "ci_low": None, "ci_high": None, "n": 40})
    return EvaluationResult(data="held-out.jsonl", n_items=40, compared="base → tuned", summary="", ab=rows)


def _header(table: QTableWidget) -> list[str]:
    return [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]


def test_ab_headers_and_rows_read_in_japanese(make_window, qtbot, tmp_path, japanese):  # noqa: F811
    runs = [write_sample_run(tmp_path / "runs", run_id=f"r-ab-{i}") for i in range(2)]
    for run, tuned in zip(runs, (0.6, 0.4), strict=True):
        write_record(RunLayout(run).record(EvaluationResult), _evaluation(tuned))
    window = make_window(tmp_path)
    window.refresh_runs()
    window.run_list.select(str(runs[0]))
    window.show_run(str(runs[0]))
    qtbot.waitUntil(lambda: "evaluate" in window.results.stage_views, timeout=10_000)
    results = window.results.stage_views["evaluate"]
    shown = results.texts()
    assert shown[0] == HEADER_JA
    assert [row[0] for row in shown[1:3]] == ["評価用損失 (回答トークンあたり nat)", "回答一致"]
    assert shown[-1][:3] == ["崩壊フラグ", "いいえ", "いいえ"]

    view = window.compare
    window.tabs.setCurrentWidget(view)
    items = {view.run_picker.item(i).data(Qt.ItemDataRole.UserRole): view.run_picker.item(i)
             for i in range(view.run_picker.count())}
    items[str(runs[0])].setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(view.compared, timeout=20_000):
        items[str(runs[1])].setCheckState(Qt.CheckState.Checked)
    tables = [column.findChild(QTableWidget) for column in view.columns]
    assert len(tables) == 2 and all(t is not None for t in tables)
    for table in tables:
        assert _header(table) == HEADER_JA
        assert table.item(1, 0).text() == "回答一致"
    assert _header(view.diff_table)[0] == "設定項目"
    every_header = _header(results.table) + [h for t in tables for h in _header(t)]
    assert not set(every_header) & set(HEADER_EN)
