"""The pair's leadership lock on a real PostgreSQL: one session holds it; a second gets it only
when the first gives it back or its session ends (``pg_terminate_backend``), and the first
learns of that loss at its next check; notifications reach the listening session."""

from __future__ import annotations

import pytest

from tags.store.postgres import StoreUnavailable
from tags.store.session_lock import LockLost, SessionLock, lock_key
from tags.store.url import StoreUrl
from tests.pg_server import PgServer

pytestmark = pytest.mark.slow

KEY = lock_key("hmi-pair/test")


def test_a_lock_key_is_stable_and_fits_a_bigint() -> None:
    assert lock_key("hmi-pair/Plant") == lock_key("hmi-pair/Plant")
    assert lock_key("hmi-pair/Plant") != lock_key("hmi-pair/Other")
    assert -(2**63) <= lock_key("x") < 2**63


@pytest.mark.asyncio
async def test_the_lock_goes_to_the_second_session_only_when_the_first_gives_it_back(
    pg_url: StoreUrl,
) -> None:
    first, second = SessionLock(pg_url), SessionLock(pg_url)
    try:
        assert await first.try_take(KEY)
        assert not await second.try_take(KEY)
        assert not await second.is_free(KEY)
        await first.check()
        await first.release(KEY)
        assert await second.is_free(KEY)
        assert await second.try_take(KEY)
        assert not await first.try_take(KEY)
    finally:
        await first.close()
        await second.close()


@pytest.mark.asyncio
async def test_a_terminated_session_loses_the_lock_and_says_so_at_its_next_check(
    pg_url: StoreUrl, postgres_server: PgServer
) -> None:
    holder, waiting = SessionLock(pg_url), SessionLock(pg_url)
    try:
        assert await holder.try_take(KEY)
        with postgres_server.admin(pg_url.database) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (holder.backend_pid,))
        assert await waiting.try_take(KEY)
        with pytest.raises(LockLost, match="the lock's session is gone"):
            await holder.check()
        assert not holder.held
        assert not await holder.try_take(KEY)  # a new session: the lock is the other's now
    finally:
        await holder.close()
        await waiting.close()


@pytest.mark.asyncio
async def test_a_closed_session_frees_the_lock(pg_url: StoreUrl) -> None:
    holder, waiting = SessionLock(pg_url), SessionLock(pg_url)
    try:
        assert await holder.try_take(KEY)
        await holder.close()
        assert await waiting.try_take(KEY)
    finally:
        await waiting.close()


@pytest.mark.asyncio
async def test_a_notification_reaches_the_listening_session(pg_url: StoreUrl) -> None:
    listener, sender = SessionLock(pg_url), SessionLock(pg_url)
    try:
        await listener.listen("hmi_pair")
        await listener.poll()
        await sender.notify("hmi_pair", "hello")
        received: list[str] = []

        async def arrived() -> bool:
            await listener.poll()
            received.extend(listener.notifications())
            return received == ["hello"]

        for _ in range(50):
            if await arrived():
                break
        assert received == ["hello"]
    finally:
        await listener.close()
        await sender.close()


@pytest.mark.asyncio
async def test_a_server_out_of_reach_is_unavailable_not_lost(postgres_server: PgServer) -> None:
    nowhere = StoreUrl("postgresql", "127.0.0.1", 1, "postgres", "postgres")
    lock = SessionLock(nowhere)
    try:
        with pytest.raises(StoreUnavailable, match=r"127\.0\.0\.1") as caught:
            await lock.try_take(KEY)
        assert not isinstance(caught.value, LockLost)
    finally:
        await lock.close()
