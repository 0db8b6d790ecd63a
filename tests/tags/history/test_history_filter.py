"""Which samples are recorded: deadband, maximum interval, quality change, project settings."""

from __future__ import annotations

from tags.config.project import HistorianSettings
from tags.history.filter import RecordFilter, RecordPolicy, policies, policy_for
from tags.model import DataType, Quality
from tests.tags.history.support import T0, good, memory_tag, sample


def offered(rule: RecordFilter, name: str, values: list[object], step: float = 1.0) -> list[int]:
    """Indexes of the values the filter keeps (one value a ``step`` from T0)."""
    return [
        i
        for i, value in enumerate(values)
        if rule.offer(name, good(value, T0 + i * step))  # type: ignore[arg-type]
    ]


def test_a_value_is_recorded_only_when_it_moves_beyond_the_deadband() -> None:
    rule = RecordFilter({"A.B.C": RecordPolicy(deadband=0.5, max_interval=60)})
    # compared with the last *recorded* value: 10.0 -> 10.6 (kept) -> 10.2 is within 0.5
    assert offered(rule, "A.B.C", [10.0, 10.3, 10.5, 10.6, 10.2, 11.2, 11.1]) == [0, 3, 5]


def test_a_zero_deadband_records_every_change_and_no_repeat() -> None:
    rule = RecordFilter({"A.B.C": RecordPolicy(deadband=0.0, max_interval=60)})
    assert offered(rule, "A.B.C", [1.0, 1.0, 1.0001, 1.0001, 2]) == [0, 2, 4]


def test_a_flat_value_is_recorded_at_the_maximum_interval() -> None:
    rule = RecordFilter({"A.B.C": RecordPolicy(deadband=1.0, max_interval=10)})
    assert offered(rule, "A.B.C", [5.0] * 31, step=1.0) == [0, 10, 20, 30]


def test_a_quality_change_is_always_recorded_even_with_the_same_value() -> None:
    rule = RecordFilter({"A.B.C": RecordPolicy(deadband=100.0, max_interval=600)})
    kept = [
        rule.offer("A.B.C", sample(5.0, T0, Quality.GOOD)),
        rule.offer("A.B.C", sample(5.0, T0 + 1, Quality.UNCERTAIN_LAST_USABLE_VALUE)),
        rule.offer("A.B.C", sample(5.0, T0 + 2, Quality.UNCERTAIN_LAST_USABLE_VALUE)),
        rule.offer("A.B.C", sample(5.0, T0 + 3, Quality.BAD_NOT_CONNECTED)),
        rule.offer("A.B.C", sample(5.0, T0 + 4, Quality.BAD_TIMEOUT)),
        rule.offer("A.B.C", sample(5.0, T0 + 5, Quality.GOOD)),
    ]
    assert kept == [True, True, False, True, True, True]


def test_bools_and_text_are_recorded_on_every_change() -> None:
    rule = RecordFilter({"A.P.RUN": RecordPolicy(deadband=5.0), "A.P.MODE": RecordPolicy(5.0)})
    assert offered(rule, "A.P.RUN", [True, True, False, False, True]) == [0, 2, 4]
    assert offered(rule, "A.P.MODE", ["AUTO", "AUTO", "MAN"]) == [0, 2]


def test_unrecorded_tags_are_ignored() -> None:
    rule = RecordFilter({})
    assert not rule.offer("A.B.C", good(1.0, T0))


def test_heartbeats_fall_due_after_the_maximum_interval() -> None:
    rule = RecordFilter({"A.B.X": RecordPolicy(0, 10), "A.B.Y": RecordPolicy(0, 30)})
    rule.offer("A.B.X", good(1.0, T0))
    rule.offer("A.B.Y", good(1.0, T0))
    assert rule.due(T0 + 9.9) == []
    assert rule.due(T0 + 10) == ["A.B.X"]
    assert sorted(rule.due(T0 + 30)) == ["A.B.X", "A.B.Y"]


def test_the_tag_deadband_wins_else_a_share_of_the_range_else_any_change() -> None:
    settings = HistorianSettings(deadband_percent=0.5, max_interval=30)
    own = memory_tag("A.B.OWN", deadband=2.0, span=(0, 1000))
    ranged = memory_tag("A.B.RNG", span=(0, 200))
    bare = memory_tag("A.B.BARE")
    flag = memory_tag("A.B.FLAG", data_type=DataType.BOOL, deadband=3.0)
    assert policy_for(own, settings) == RecordPolicy(2.0, 30)
    assert policy_for(ranged, settings) == RecordPolicy(1.0, 30)  # 0.5 % of 200
    assert policy_for(bare, settings) == RecordPolicy(0.0, 30)
    assert policy_for(flag, settings) == RecordPolicy(0.0, 30)


def test_excluded_patterns_and_a_disabled_historian_record_nothing() -> None:
    tags = [memory_tag("A.B.KEEP"), memory_tag("A.DIAG.X"), memory_tag("A.DIAG.Y")]
    chosen = policies(tags, HistorianSettings(exclude=("A.DIAG.*",)))
    assert list(chosen) == ["A.B.KEEP"]
    assert policies(tags, HistorianSettings(enabled=False)) == {}
