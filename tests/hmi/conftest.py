"""Qt test helpers: an asyncio loop inside Qt (qasync), garbage collection on the GUI thread."""

from tests.qt_support import TestLoop, collect_on_the_gui_thread, qloop

__all__ = ["TestLoop", "collect_on_the_gui_thread", "qloop"]
