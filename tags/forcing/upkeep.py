"""Keeping a running force table current: simulated tags move, forces expire on time, and
what the ``force`` and ``simulate`` commands changed in the store is taken up."""

from __future__ import annotations

import asyncio
import logging

from tags.forcing.table import ForceTable
from tags.security.audit_store import AUDIT_ERRORS
from tags.store.errors import STORE_ERRORS

log = logging.getLogger(__name__)

STEP = 0.1
"""Seconds between looks at the simulated tags (each moves at its own scan period)."""


async def keep_forces(forces: ForceTable, *, expire_every: int = 10, sync_every: int = 50) -> None:
    """Run until cancelled: step the simulated tags every ``STEP`` seconds, release expired
    forces every ``expire_every`` steps and take up the store every ``sync_every`` (counted
    in steps slept, not on the table's clock: a manual clock still sees the store)."""
    ticks = 0
    while True:
        await asyncio.sleep(STEP)
        ticks += 1
        try:
            if ticks % sync_every == 0:
                writes = forces.writes
                stored = await forces.store.read_all()
                if forces.writes == writes:  # else read before this table's own change
                    forces.take_up(stored)
            elif ticks % expire_every == 0:
                forces.expire()
            forces.step()
        except (*STORE_ERRORS, *AUDIT_ERRORS):
            log.exception("the forced values could not be brought up to date")
