"""The plots find a Japanese font even when matplotlib's font cache predates it, and never fail for lack of one."""

from __future__ import annotations

from pathlib import Path

import pytest

from so8t.report import plots

#: The window's Japanese words of the reliability diagram (the characters DejaVu Sans lacks).
JAPANESE = {"title": "信頼性図", "x": "信頼度（最上位ラベル）", "y": "正解率", "diagonal": "完全に較正済み",
            "before": "スケーリング前", "after": "スケーリング後"}
BINS = {"before": [{"lo": 0.5, "hi": 1.0, "confidence": 0.8, "accuracy": 0.7, "count": 10}]}


@pytest.fixture
def stale_font_cache(monkeypatch):
    """matplotlib's font list as a cache built before the CJK fonts were installed: without them."""
    from matplotlib import font_manager

    manager = font_manager.fontManager
    monkeypatch.setattr(manager, "ttflist", [f for f in manager.ttflist if "CJK" not in f.name
                                             and f.name not in plots.CJK_FONTS])
    monkeypatch.setattr(plots, "_no_cjk_font_files", False)
    manager._findfont_cached.cache_clear()
    yield manager
    manager._findfont_cached.cache_clear()


def _has_glyph(manager, family: str, char: str) -> bool:
    from matplotlib.font_manager import FontProperties, get_font

    path = manager.findfont(FontProperties(family=family), fallback_to_default=False)
    return bool(get_font(path).get_char_index(ord(char)))


def test_a_cjk_font_installed_after_the_cache_was_built_is_found(stale_font_cache):
    from matplotlib import font_manager

    files = [f for f in font_manager.findSystemFonts() if plots.CJK_FONT_FILE.match(Path(f).name)]
    if not files:
        pytest.skip("no CJK font installed here (Debian: fonts-noto-cjk; .ci/run installs it)")
    assert not plots._cjk_fonts_known(stale_font_cache)  # the stale cache alone has none
    found = plots.cjk_fonts()
    assert found, files
    assert found[0] in plots._fonts()
    assert _has_glyph(stale_font_cache, found[0], "較")
    plots.reliability_diagram(BINS, JAPANESE)


def test_without_any_cjk_font_the_diagram_is_drawn_all_the_same(stale_font_cache, monkeypatch):
    """Boxes instead of the Japanese words, but no exception (pytest turns warnings into errors, as a strict caller would)."""
    from matplotlib import font_manager

    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    assert plots.cjk_fonts() == []
    png = plots.reliability_diagram(BINS, JAPANESE)
    assert png.startswith(b"\x89PNG")
