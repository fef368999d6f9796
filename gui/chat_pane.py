"""One model's side of the Playground's chat: the conversation as it streams, with a verdict badge per turn."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from workers.chat_process import ChatProcess

#: Badge colours per verdict (background, text).
BADGE_COLOURS = {"ALLOW": ("#d8f3dc", "#1b4332"), "ESCALATION": ("#fff3bf", "#7a5c00"),
                 "DENY": ("#ffd6d6", "#8b0000"), "ungated": ("#e9ecef", "#495057")}


class ChatPane(QWidget):
    """One model's side of the chat: its header, the conversation with a verdict badge per turn."""

    def __init__(self, name: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(title)
        self.title.setObjectName(f"{name}Title")
        self.view = QTextBrowser()
        self.view.setObjectName(name)
        self.view.setAccessibleName(title)
        self.view.setOpenLinks(False)
        self.view.anchorClicked.connect(self._on_anchor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        self.process = ChatProcess(self)
        self.model: tuple[str, str] | None = None
        self._pending = ""
        self._held: dict[int, str] = {}
        self.streamed_chunks = 0
        self.turns: list[dict[str, Any]] = []

    def plain_text(self) -> str:
        return self.view.toPlainText()

    def begin_turn(self, prompt: str) -> None:
        self.view.moveCursor(QTextCursor.MoveOperation.End)
        you = self.tr("You")
        self.view.insertHtml(f"<p><b>{html.escape(you)}:</b> {html.escape(prompt)}</p><p></p>")
        self.view.moveCursor(QTextCursor.MoveOperation.End)

    def add_text(self, text: str) -> None:
        self._pending += text

    def flush(self) -> None:
        if not self._pending:
            return
        cursor = self.view.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(self._pending)
        self._pending = ""
        self.streamed_chunks += 1
        self.view.verticalScrollBar().setValue(self.view.verticalScrollBar().maximum())

    def end_turn(self, result: dict[str, Any]) -> None:
        self.flush()
        self.turns.append(result)
        verdict = str(result.get("verdict"))
        parts = [badge_html(verdict)]
        probabilities = probabilities_text(result.get("probabilities"))
        if probabilities:
            parts.append(f"<span style='color:#6c757d'>{html.escape(probabilities)}</span>")
        if result.get("final_verdict"):
            parts.append(badge_html(str(result["final_verdict"]), prefix=self.tr("final") + " "))
            final = probabilities_text(result.get("final_probabilities"))
            if final:
                parts.append(f"<span style='color:#6c757d'>{html.escape(final)}</span>")
        if result.get("refused") and result.get("final_verdict") == "DENY":
            parts.append(html.escape(self.tr("Refused: the answer was scored DENY and withheld.")))
        elif result.get("refused"):
            parts.append(html.escape(self.tr("Refused: the model was not asked.")))
        elif result.get("held"):
            n = len(self.turns)
            self._held[n] = result.get("answer") or ""
            banner, reveal = self.tr("Needs review"), self.tr("show the held answer")
            parts.append(f"<span style='background:#fff3bf'>⚠ {html.escape(banner)}</span> "
                         f"<a href='held:{n}'>{html.escape(reveal)}</a>")
        elif result.get("no_final_answer"):
            parts.append(html.escape(self.tr("(no final answer: the model's output had thinking but no final section)")))
        rate = result.get("tokens_per_s")
        stats = self.tr("{0} tokens").format(result.get("tokens", 0))
        if rate:
            stats += self.tr(", {0:.1f} tokens/s").format(float(rate))
        parts.append(f"<span style='color:#6c757d'>{html.escape(stats)}</span>")
        cursor = self.view.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertHtml("<br>" + " ".join(parts) + "<br>")
        self._scroll_to_end()

    def _scroll_to_end(self) -> None:
        """The newest line (the turn's verdict) in sight, as the streamed answer was."""
        bar = self.view.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _on_anchor(self, url: Any) -> None:
        text = url.toString()
        if text.startswith("held:"):
            answer = self._held.pop(int(text[5:]), None)
            if answer is not None:
                cursor = self.view.textCursor()
                cursor.movePosition(QTextCursor.MoveOperation.End)
                cursor.insertHtml(f"<p style='color:#7a5c00'><i>{html.escape(answer)}</i></p>")
                self._scroll_to_end()


def probabilities_text(probabilities: Any) -> str:
    """"ALLOW 91.2% · ESCALATION 6.1% · DENY 2.7%": the gate's calibrated probabilities; "" when ungated."""
    if not isinstance(probabilities, dict) or not probabilities:
        return ""
    return " · ".join(f"{label} {float(p):.1%}" for label, p in probabilities.items())


def badge_html(verdict: str, prefix: str = "") -> str:
    bg, fg = BADGE_COLOURS.get(verdict, BADGE_COLOURS["ungated"])
    return (f"<span style='background:{bg}; color:{fg}; font-weight:bold'>&nbsp;{html.escape(prefix + verdict)}"
            "&nbsp;</span>")
