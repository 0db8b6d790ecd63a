"""PySide6 6.12.0 on Python 3.11 corrupts the refcount of None on calls returning None and the
interpreter aborts after a few thousand (none_dealloc). The pin in pyproject.toml avoids it;
this test proves the installed PySide6 survives 20,000 such calls."""

from __future__ import annotations

import subprocess
import sys

CALLS = 20_000

SCRIPT = f"""
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
before = sys.getrefcount(None)
for i in range({CALLS}):
    result = label.setText(str(i))   # returns None
    assert result is None
    label.setToolTip("")              # returns None
print("survived", {CALLS} * 2, "calls; None refcount drift", sys.getrefcount(None) - before)
"""


def test_twenty_thousand_pyside_calls_returning_none_do_not_crash_the_interpreter() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert "survived 40000 calls" in completed.stdout
