"""Worker test setup: cycles collected on the GUI thread, as in the window's process."""

from tests.gui_thread_collection import gui_thread_collection  # noqa: F401 (autouse, this package)
