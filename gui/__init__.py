"""The control panel window: widgets that show state arriving by signals or from the run store."""

from gui.pyside_fixes import protect_bools

# Before any widget or worker emits a signal: see gui/pyside_fixes.py.
protect_bools()
