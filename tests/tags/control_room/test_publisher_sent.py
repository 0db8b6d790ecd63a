"""What the Sparkplug publisher takes as already published: the last sample it sent."""

from __future__ import annotations

from tags.control_room.server.publisher import _same
from tags.model import Quality, TagSample

GOOD = Quality.GOOD


def test_a_sample_showing_what_was_sent_is_not_sent_again() -> None:
    sent = TagSample(4.5, GOOD, 10.0, 10.0)
    assert _same(sent, sent)
    assert _same(sent, TagSample(4.5, GOOD, 11.0, 11.0))  # newer times, same value
    nan = float("nan")
    assert _same(TagSample(nan, GOOD, 1.0, 1.0), TagSample(nan, GOOD, 2.0, 2.0))


def test_a_new_value_quality_or_reason_is_sent() -> None:
    sent = TagSample(4.5, GOOD, 10.0, 10.0)
    assert not _same(None, sent)
    assert not _same(sent, TagSample(4.6, GOOD, 11.0, 11.0))
    assert not _same(sent, TagSample(4.5, Quality.UNCERTAIN_LAST_USABLE_VALUE, 11.0, 11.0))
    stale = TagSample(4.5, Quality.BAD_TIMEOUT, 11.0, 11.0, "no answer")
    assert not _same(stale, TagSample(4.5, Quality.BAD_TIMEOUT, 12.0, 12.0, "link down"))
