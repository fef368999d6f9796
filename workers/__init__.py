"""Runs engine stages off the GUI thread: QProcess for model work, QThread for light work."""
