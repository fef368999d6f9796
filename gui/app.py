"""Start the control panel: `python main.py` or the `so8t-panel` script."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    """Open the window on the workspace (argument, else SO8T_WORKSPACE, else the user data folder)."""
    parser = argparse.ArgumentParser(prog="so8t-panel", description="SO8T Control Panel")
    parser.add_argument("--workspace", help="workspace folder holding runs/ (default: the user data folder)")
    parser.add_argument("--language", choices=("system", "en", "ja"), help="UI language for this start")
    parser.add_argument("--run", metavar="CONFIG", help="start a run of this pipeline config (.toml) at once")
    args, qt_args = parser.parse_known_args(sys.argv[1:] if argv is None else argv)

    from PySide6.QtWidgets import QApplication

    from gui.i18n import APPLICATION, ORGANIZATION, install_translator

    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    install_translator(app, args.language)

    from gui.main_window import MainWindow

    window = MainWindow(args.workspace)
    window.show()
    if args.run:
        from PySide6.QtCore import QTimer

        # Once the event loop runs: the window is painted and the startup scan is done first.
        QTimer.singleShot(0, lambda: window.start_config(args.run))
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
