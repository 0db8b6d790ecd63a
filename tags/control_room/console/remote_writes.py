"""The write path of a console of a control room: the same checks for the write dialog
(mode, tag, role and area, type, limits, link up) computed here from the mirrored values,
and the write itself sent to the server, whose write path checks again (the value's
freshness too, on its own value), sends, reads back and audits with this console's user and
workstation.

A console never writes to the field: nothing here talks to a driver. A refusal the server
gives comes back in its words (which limit); a request that left without an answer is
UNCONFIRMED (the server may still carry it out).
"""

from __future__ import annotations

from tags.console_runtime import ServerSession
from tags.database import TagDatabase
from tags.model import TagDef, Value
from tags.security.permissions import User
from tags.write_path import WritePath, WriteResult, WriteStatus


class RemoteWritePath(WritePath):
    """Writes of the tags of ``db`` as requests to the server on ``session``."""

    def __init__(
        self, db: TagDatabase, session: ServerSession, *, blocked: str | None = None
    ) -> None:
        super().__init__(db, audit=None, blocked=blocked)
        self.session = session

    def sender_refusal(self, tag: TagDef) -> str | None:
        """The server sends every write (it alone talks to the field)."""
        return None

    def freshness_refusal(self, tag: TagDef) -> str | None:
        """The server judges freshness on its own value: here a value is only as recent as
        the link's last confirmation, and a link in trouble turns every value Bad anyway."""
        return None

    async def write(
        self,
        name: str,
        value: Value,
        *,
        user: User | None,
        reason: str = "",
        workstation: str = "",
    ) -> WriteResult:
        """Refused here when this console may not write at all (locked, role, area, mode);
        else asked of the server, whose answer is the result. Never raises."""
        old = self.db.get(name).value if name in self.db.tags else None
        refusal = self.access_refusal(name, user)
        if refusal is not None:
            return WriteResult(name, WriteStatus.REFUSED, refusal, value, old)
        result = await self.session.write(name, value, reason=reason)
        if result.old is None and old is not None:
            return WriteResult(
                result.tag, result.status, result.reason, result.requested, old,
                result.readback, result.latency_ms,
            )  # fmt: skip
        return result
