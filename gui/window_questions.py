"""The questions the main window asks before it acts: closing while a stage runs, a second run beside a
running one, a resume that replaces later checkpoints, where to write the PDF, a workspace that takes no files.

Each is a function of the parent window; the window calls them through methods of its own that tests replace.
"""

from __future__ import annotations

import errno
from collections.abc import Sequence
from enum import Enum

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from gui.names import stage_name

# Texts are marked with their context spelled out, "WindowQuestions": lupdate reads literals only.


class CloseChoice(Enum):
    """What to do with a running stage when the window is closed."""

    BACKGROUND = "background"
    STOP = "stop"
    CANCEL = "cancel"


def _asked(box: QMessageBox, yes: str) -> bool:
    """Show `box` with `yes` and Cancel (the default and Escape); whether `yes` was clicked."""
    accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QCoreApplication.translate("WindowQuestions", "Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is accept


def ask_close_choice(parent: QWidget) -> CloseChoice:
    """Ask what to do with the running stage when the window closes."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("WindowQuestions", "A stage is running"))
    box.setText(QCoreApplication.translate("WindowQuestions", "A stage is still running. What should happen to it?"))
    background = box.addButton(QCoreApplication.translate("WindowQuestions", "Keep running in the background"),
                               QMessageBox.ButtonRole.AcceptRole)
    stop = box.addButton(QCoreApplication.translate("WindowQuestions", "Stop with a checkpoint"),
                         QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QCoreApplication.translate("WindowQuestions", "Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is background:
        return CloseChoice.BACKGROUND
    if clicked is stop:
        return CloseChoice.STOP
    return CloseChoice.CANCEL


def confirm_second_run(parent: QWidget, running: list[str]) -> bool:
    """Ask before a second heavy run shares the machine (its GPU) with a running one."""
    box = QMessageBox(parent)
    box.setObjectName("secondRunBox")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("WindowQuestions", "A run is already running"))
    box.setText(QCoreApplication.translate(
        "WindowQuestions", "Run {0} is still running. A second run shares the GPU with it: both may run out of "
                 "memory, and both run slower.").format(", ".join(running)))
    box.setInformativeText(QCoreApplication.translate("WindowQuestions", "Start the new run anyway?"))
    return _asked(box, QCoreApplication.translate("WindowQuestions", "Start anyway"))


def confirm_resume_drop(parent: QWidget, name: str, later: list[str], redone: list[str], *,
                        kept: Sequence[str] = ()) -> bool:
    """Ask before a resume from `name` replaces the `later` checkpoints and does the `redone` stages again;
    `kept` are the later training stages' checkpoints, which stay as they are and show stale."""
    box = QMessageBox(parent)
    box.setObjectName("resumeDropBox")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("WindowQuestions", "Resume from an older checkpoint"))
    text = QCoreApplication.translate(
        "WindowQuestions", "Resuming from {0} trains its later steps again. These later checkpoints will be "
                 "replaced or removed: {1}.").format(name, ", ".join(later)) if later else ""
    if kept:
        text = (text + "\n" if text else "") + QCoreApplication.translate(
            "WindowQuestions", "The later stages' checkpoints are kept as they are and shown stale: {0}.").format(
            ", ".join(kept))
    box.setText(text)
    informative = QCoreApplication.translate("WindowQuestions", "Cancel keeps every checkpoint as it is.")
    if redone:
        informative = QCoreApplication.translate(
            "WindowQuestions", "The stages after training are done again and their results replaced: {0}.").format(
            ", ".join(stage_name(s) for s in redone)) + "\n" + informative
    box.setInformativeText(informative)
    return _asked(box, QCoreApplication.translate("WindowQuestions", "Resume from {0}").format(name))


def ask_report_path(parent: QWidget, suggested: str) -> str:
    """Where to write the PDF (a save dialog). "" cancels."""
    path, _ = QFileDialog.getSaveFileName(parent, QCoreApplication.translate("WindowQuestions", "Export the report as PDF"),
                                          suggested, QCoreApplication.translate("WindowQuestions", "PDF files (*.pdf)"))
    return path


def os_reason(exc: OSError) -> str:
    """Why the system refused, in the window's language where the reason is a common one."""
    reasons = {errno.EROFS: QCoreApplication.translate("WindowQuestions", "read-only file system"),
               errno.EACCES: QCoreApplication.translate("WindowQuestions", "permission denied"),
               errno.EPERM: QCoreApplication.translate("WindowQuestions", "permission denied"),
               errno.ENOSPC: QCoreApplication.translate("WindowQuestions", "disk full")}
    return reasons.get(exc.errno or 0) or exc.strerror or str(exc)


def unwritable_workspace_text(workspace: object, exc: OSError) -> str:
    """The one line that says a workspace takes no files, and what to do."""
    return QCoreApplication.translate(
        "WindowQuestions", "Workspace {0} cannot be written ({1}): choose a folder you can write to.").format(
        workspace, os_reason(exc))


def show_unwritable_workspace(parent: QWidget, text: str) -> None:
    """The workspace problem in a window-modal box that does not block (a running follow goes on)."""
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("WindowQuestions", "The workspace cannot be written"),
                      text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("workspaceErrorBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
