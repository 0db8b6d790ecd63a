"""``python main.py server --switchover``: a planned switchover of a pair, asked through the
store (a PostgreSQL notification the primary listens for on its lock's session), answered
there: the primary refuses (no standby ready) or hands over, and the standby says when it
serves. Needs only the project's store, not the broker."""

from __future__ import annotations

import asyncio
import time
from typing import TextIO

from tags.control_room.pair_messages import CHANNEL, Notice, NoticeKind, notice_from_json
from tags.store.errors import STORE_ERRORS
from tags.store.session_lock import SessionLock
from tags.store.url import StoreUrl

TIMEOUT_S = 30.0
"""Seconds to wait for the pair's answers."""
POLL_S = 0.1


async def switchover(
    store: StoreUrl, group: str, out: TextIO, err: TextIO, *, timeout: float = TIMEOUT_S
) -> int:
    """Ask, then report each answer; 0 once the standby serves, 1 when refused or no answer."""
    lock = SessionLock(store, application="hmi switchover")
    try:
        await lock.listen(CHANNEL)
        asked = time.monotonic()
        await lock.notify(CHANNEL, Notice(NoticeKind.SWITCHOVER, group, "switchover").to_json())
        handed_by = ""
        while time.monotonic() - asked < timeout:
            await lock.poll()
            for text in lock.notifications():
                notice = notice_from_json(text)
                if notice is None or notice.group != group:
                    continue
                if notice.kind is NoticeKind.REFUSED:
                    print(f"switchover refused by {notice.instance}: {notice.detail}", file=err)
                    return 1
                if notice.kind is NoticeKind.HANDOVER:
                    handed_by = notice.instance
                    print(f"switchover: {handed_by} handed over", file=out, flush=True)
                elif notice.kind is NoticeKind.PRIMARY and handed_by:
                    seconds = time.monotonic() - asked
                    print(f"switchover: {notice.instance} is the primary ({seconds:.1f} s)",
                          file=out, flush=True)  # fmt: skip
                    return 0
                elif notice.kind is NoticeKind.PRIMARY:
                    how = notice.detail or "failover"
                    print(f"switchover: {notice.instance} became the primary by a {how}, "
                          "not by a handover", file=err)  # fmt: skip
                    return 1
            await asyncio.sleep(POLL_S)
        what = "the standby did not take over" if handed_by else "no primary answered"
        print(f"switchover: {what} within {timeout:g} s", file=err)
        return 1
    except STORE_ERRORS as exc:
        print(f"switchover: the store cannot be reached: {exc}", file=err)
        return 1
    finally:
        await lock.close()
