"""What the report tests share."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tags.reports.archive import ReportArchive

ArchiveIn = Callable[[Path], ReportArchive]
"""The archive of a data folder, its index of the test's kind (for PostgreSQL: one shared
database, whatever the folder, as the server and the consoles of a control room share it)."""
