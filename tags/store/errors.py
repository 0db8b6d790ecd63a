"""What any store raises when it cannot be read or refuses, for callers that must not care
which store it is (the commands say it in one line)."""

from __future__ import annotations

import sqlite3

from tags.store.postgres import StoreError

STORE_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, StoreError)
"""An SQLite file damaged past its header or locked, a server out of reach or refusing."""
