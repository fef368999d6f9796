"""With the ja locale no visible English is left: every widget, table header, list row, plot label and
message of the window is walked and compared against the allowlist kept beside this test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTableWidget,
    QTabWidget,
    QWidget,
)

from gui.i18n import install_translator
from so8t.store.records import read_run_records
from tests.sample_run import write_sample_run

ALLOWLIST = Path(__file__).with_name("i18n_allowlist.txt")
#: A token of Latin letters, digits and joiners ("Q4_K_M", "top-1", "tokens/s"); one with two letters in a
#: row is a word a Japanese reader would have to read in English, unless the allowlist has it.
TOKEN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_\-/|]*")
LETTERS = re.compile(r"[A-Za-z]{2,}")


def allowed_words() -> set[str]:
    lines = ALLOWLIST.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def widget_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) of everything a person reads in `root`'s widgets (the log's engine output excepted)."""
    import pyqtgraph as pg

    out: list[tuple[str, str]] = []
    for w in [root, *root.findChildren(QWidget)]:
        where = f"{type(w).__name__}#{w.objectName()}"
        if w.isWindow() and w.windowTitle():
            out.append((where + ".windowTitle", w.windowTitle()))
        if isinstance(w, QLabel):
            out.append((where, w.text()))
        elif isinstance(w, QAbstractButton):  # push buttons, check boxes, the option folds
            out.append((where, w.text()))
            out.append((where + ".toolTip", w.toolTip()))
        elif isinstance(w, QGroupBox):
            out.append((where, w.title()))
        elif isinstance(w, QLineEdit):
            out.append((where + ".placeholder", w.placeholderText()))
        elif isinstance(w, QComboBox):
            out.extend((where, w.itemText(i)) for i in range(w.count()))
        elif isinstance(w, QTabWidget):
            out.extend((where, w.tabText(i)) for i in range(w.count()))
        elif isinstance(w, QTableWidget):
            for c in range(w.columnCount()):
                item = w.horizontalHeaderItem(c)
                out.append((where + ".header", item.text() if item else ""))
            for r in range(w.rowCount()):
                for c in range(w.columnCount()):
                    item = w.item(r, c)
                    if item is not None:
                        out.append((where + f"[{r},{c}]", item.text()))
        elif isinstance(w, QListWidget):
            out.extend((where, w.item(i).text()) for i in range(w.count()))
        elif isinstance(w, pg.PlotWidget):
            item = w.getPlotItem()
            out.append((where + ".title", item.titleLabel.text or ""))
            for side in ("left", "bottom"):
                out.append((where + f".{side}", item.getAxis(side).labelText or ""))
            for child in item.items:
                if isinstance(child, pg.TextItem):
                    out.append((where + ".text", child.toPlainText()))
            if item.legend is not None:
                for _sample, label in item.legend.items:
                    out.append((where + ".legend", label.text))
    return [(where, text) for where, text in out if text]


def english_left(texts: list[tuple[str, str]], data: list[str]) -> list[tuple[str, str]]:
    """Texts that still hold a Latin word outside the allowlist (run ids, paths and file names removed)."""
    allowed = allowed_words()
    bad = []
    for where, text in texts:
        plain = re.sub(r"<[^>]+>", " ", text)  # rich-text tags
        for item in sorted(data, key=len, reverse=True):
            plain = plain.replace(item, " ")
        plain = re.sub(r"(?:(?<=\s)|^)(?:[A-Za-z]:)?[/\\][^\s,;)]*", " ", plain)  # paths
        plain = re.sub(r"\S+\.(?:gguf|jsonl|json|pdf|toml|safetensors)\b", " ", plain)
        tokens = [t.strip("-/_|") for t in TOKEN.findall(plain)]
        left = [t for t in tokens if LETTERS.search(t) and t not in allowed]
        if left:
            bad.append((where, text))
    return bad


@pytest.fixture
def japanese(qapp):
    assert install_translator(qapp, "ja") == "ja"
    yield
    for translator in qapp.findChildren(QTranslator):
        QCoreApplication.removeTranslator(translator)
        translator.deleteLater()


def test_the_window_has_no_english_left_in_japanese(make_window, qtbot, tmp_path, japanese):
    run = write_sample_run(tmp_path / "runs")
    window = make_window(tmp_path)
    window.show()
    window.run_list.select(str(run))
    qtbot.waitUntil(lambda: window.results.gguf_table.rowCount() == 2, timeout=10_000)
    qtbot.waitUntil(lambda: window.checkpoints.rowCount() == 3, timeout=10_000)
    for fold in window.settings.stage_options.folds.values():
        fold.setChecked(True)  # unfolded options show their labels
    # Text that comes from the run's own files, not from the window: why a checkpoint is invalid is shown
    # as the engine wrote it. (A GGUF check's bound is translated: the sample's is one the window knows.)
    records = read_run_records(run)
    assert any(f.check is not None and f.check.bound for f in records.gguf)
    engine_text = [str(row.get("reason")) for row in window.checkpoints.rows if row.get("reason")]
    data = [str(tmp_path), run.name, "tiny-Q8_0.gguf", "tiny-f16.gguf", "resources/tiny_model", *engine_text]
    # The reliability diagram is an image: the words it is drawn with are read where the window gives them.
    texts = widget_texts(window) + [("ReliabilityView.words", w)
                                    for w in window.results.reliability_plot.words().values()]
    bad = english_left(texts, data)
    assert bad == [], "\n".join(f"{where}: {text!r}" for where, text in bad)
    assert window.run_button.text() == "実行"


def test_the_check_finds_english_when_the_translation_is_missing(make_window, tmp_path):
    """The negative control: the same walk over the English window reports its words."""
    window = make_window(tmp_path)
    bad = english_left(widget_texts(window), [str(tmp_path)])
    assert any(where.startswith("QPushButton#runButton") for where, _ in bad)
    assert len(bad) > 50


def test_the_demo_runs_results_have_no_english_left_in_japanese(make_window, qtbot, tmp_path, demo_run, japanese):
    """Every stage's Results of a whole demo run (data, align, evaluate included) read in Japanese."""
    window = make_window(demo_run.parent.parent)
    window.show()
    window.run_list.select(str(demo_run))
    qtbot.waitUntil(lambda: window.results.gguf_table.rowCount() == 2, timeout=20_000)
    records = read_run_records(demo_run)
    assert records.bake is not None
    data = [str(demo_run.parent.parent), str(demo_run), demo_run.name, "so8t-demo-Q8_0.gguf", "so8t-demo-f16.gguf",
            "resources/tiny_model"]
    texts = widget_texts(window.results)
    shown = {text for _where, text in texts}
    assert any("乱数シード" in text for text in shown)  # the data stage's table is on screen
    bad = english_left(texts, data)
    assert bad == [], "\n".join(f"{where}: {text!r}" for where, text in bad)
