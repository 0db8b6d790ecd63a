"""Every store's schema on PostgreSQL: the components ``store init`` applies, in order.

Each feature keeps its tables next to its SQLite sibling, in ``pg_<thing>.py`` exporting
``COMPONENT`` (tags/store/migrations.py). ``tags/store/`` never imports the features, so
the list lives here, one level up.
"""

from __future__ import annotations

from tags.store.migrations import Component


def components() -> list[Component]:
    """The schema of every store on PostgreSQL, in the order they are made."""
    # One line per feature store; the PostgreSQL stores not yet in this tree are added when
    # they arrive: history (tags/history/pg_store.py), the alarm journal
    # (tags/alarms/pg_journal.py), audit trail and users (tags/security/), training sessions,
    # replay bookmarks and shift reports.
    found: list[Component] = []
    return found
