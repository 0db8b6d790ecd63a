"""Every store's schema on PostgreSQL: the components ``store init`` applies, in order.

Each feature keeps its tables next to its SQLite sibling, in ``pg_<thing>.py`` exporting
``COMPONENT`` (tags/store/migrations.py). ``tags/store/`` never imports the features, so
the list lives here, one level up.
"""

from __future__ import annotations

from tags.alarms import pg_journal
from tags.forcing import pg_store as pg_forces
from tags.history import pg_store as pg_history
from tags.loopcheck import pg_store as pg_loopchecks
from tags.replay import pg_bookmarks
from tags.reports import pg_archive
from tags.security import pg_audit, pg_users
from tags.store.migrations import Component
from tags.training import pg_store as pg_training


def components() -> list[Component]:
    """The schema of every store on PostgreSQL, in the order they are made."""
    return [
        pg_history.COMPONENT,
        pg_journal.COMPONENT,
        pg_audit.COMPONENT,
        pg_users.COMPONENT,
        pg_training.COMPONENT,
        pg_bookmarks.COMPONENT,
        pg_archive.COMPONENT,
        pg_forces.COMPONENT,
        pg_loopchecks.COMPONENT,
    ]
