"""Subscription and Listeners: the one listener kind of every engine source."""

from __future__ import annotations

import logging

import pytest

from tags.subscription import Listeners, Subscription

log = logging.getLogger(__name__)


def test_closing_twice_ends_the_subscription_once() -> None:
    ended: list[str] = []
    subscription = Subscription(lambda: ended.append("end"))
    assert subscription.active
    subscription.close()
    subscription.close()
    assert not subscription.active
    assert ended == ["end"]


def test_a_subscription_closes_at_the_end_of_a_with_block() -> None:
    listeners: Listeners[int] = Listeners(log, "test")
    got: list[int] = []
    with listeners.subscribe(got.append) as subscription:
        listeners.notify(1)
    listeners.notify(2)
    assert got == [1]
    assert not subscription.active
    assert len(listeners) == 0


def test_a_closed_listener_gets_nothing_more() -> None:
    listeners: Listeners[str] = Listeners(log, "test")
    first: list[str] = []
    second: list[str] = []
    subscription = listeners.subscribe(first.append)
    listeners.subscribe(second.append)
    listeners.notify("a")
    subscription.close()
    listeners.notify("b")
    assert first == ["a"]
    assert second == ["a", "b"]
    assert len(listeners) == 1


def test_a_listener_closed_by_another_during_a_notification_is_not_called() -> None:
    listeners: Listeners[str] = Listeners(log, "test")
    late: list[str] = []
    subscriptions: list[Subscription] = []
    listeners.subscribe(lambda _news: subscriptions[0].close())
    subscriptions.append(listeners.subscribe(late.append))
    listeners.notify("a")
    assert late == []


def test_a_listener_subscribed_during_a_notification_hears_from_the_next_one() -> None:
    listeners: Listeners[str] = Listeners(log, "test")
    added: list[str] = []
    subscribed: list[Subscription] = []

    def subscribe_another(_news: str) -> None:
        if not subscribed:
            subscribed.append(listeners.subscribe(added.append))

    listeners.subscribe(subscribe_another)
    listeners.notify("a")
    listeners.notify("b")
    assert added == ["b"]


def test_a_failing_listener_is_logged_and_the_others_still_hear(
    caplog: pytest.LogCaptureFixture,
) -> None:
    listeners: Listeners[int] = Listeners(log, "gauge")
    got: list[int] = []

    def broken(_news: int) -> None:
        raise RuntimeError("widget gone")

    listeners.subscribe(broken)
    listeners.subscribe(got.append)
    with caplog.at_level(logging.ERROR, logger=__name__):
        listeners.notify(7)
    assert got == [7]
    assert "gauge listener" in caplog.text and "failed" in caplog.text
