"""Which samples the historian keeps: exception recording with a deadband and a heartbeat.

A sample is recorded when
- it is the tag's first, or its quality code differs from the last recorded one (always);
- its value moved beyond the deadband from the last *recorded* value (any change for
  bools, text, and numbers with a zero deadband);
- ``max_interval`` seconds passed since the last recorded sample (the heartbeat, which also
  proves a flat value was still there).
Between recorded samples the value is held, so replay and statistics see the same signal
within the deadband.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tags.config.project import HistorianSettings
from tags.model import DataType, TagDef, TagSample


@dataclass(frozen=True, slots=True)
class RecordPolicy:
    deadband: float = 0.0
    max_interval: float = 60.0


def policy_for(tag: TagDef, settings: HistorianSettings) -> RecordPolicy:
    """The tag's ``history`` settings, else its deadband, else ``deadband_percent`` of its
    range, else any change; the tag's ``max_interval`` else the project's."""
    own = tag.history
    deadband = own.deadband if own is not None and own.deadband is not None else tag.deadband
    numeric = tag.data_type in (DataType.FLOAT, DataType.INT)
    explicit = own is not None and own.deadband is not None
    ranged = tag.eng_low is not None and tag.eng_high is not None
    if not explicit and deadband <= 0 and numeric and ranged:
        assert tag.eng_low is not None and tag.eng_high is not None
        deadband = (tag.eng_high - tag.eng_low) * settings.deadband_percent / 100.0
    interval = settings.max_interval
    if own is not None and own.max_interval is not None:
        interval = own.max_interval
    return RecordPolicy(deadband if numeric else 0.0, interval)


def policies(tags: Iterable[TagDef], settings: HistorianSettings) -> dict[str, RecordPolicy]:
    """A policy for every tag the project records (none when the historian is disabled);
    tags with equal policies share one object."""
    if not settings.enabled:
        return {}
    patterns = settings.exclude
    shared: dict[RecordPolicy, RecordPolicy] = {}
    return {
        tag.name: shared.setdefault(policy, policy)
        for tag in tags
        if not any(fnmatch.fnmatchcase(tag.name, p) for p in patterns)
        and (tag.history is None or tag.history.record)
        for policy in (policy_for(tag, settings),)
    }


_NUMBERS = (int, float)


class RecordFilter:
    """Remembers the last recorded sample of each tag and decides on each new one."""

    def __init__(self, policies: Mapping[str, RecordPolicy]) -> None:
        self.policies = dict(policies)
        self.last: dict[str, TagSample] = {}
        self.offered = 0
        self.kept = 0

    def offer(self, name: str, sample: TagSample) -> bool:
        """True (and remembered) when the sample is to be recorded."""
        return bool(self.take({name: sample}))

    def take(self, batch: Mapping[str, TagSample]) -> list[tuple[str, TagSample]]:
        """The samples of a batch to be recorded, in its order (each remembered): one call
        per batch, the rules inlined, since every changing value of the plant passes here."""
        policies, last_of = self.policies, self.last
        kept: list[tuple[str, TagSample]] = []
        offered = 0
        for name, sample in batch.items():
            policy = policies.get(name)
            if policy is None:
                continue
            offered += 1
            last = last_of.get(name)
            if (
                last is not None
                and last.quality is sample.quality
                and sample.server_time - last.server_time < policy.max_interval
            ):
                old, new = last.value, sample.value
                if old == new or (
                    policy.deadband > 0
                    and type(old) in _NUMBERS
                    and type(new) in _NUMBERS
                    and abs(new - old) <= policy.deadband  # type: ignore[operator]
                ):
                    continue
            last_of[name] = sample
            kept.append((name, sample))
        self.offered += offered
        self.kept += len(kept)
        return kept

    def due(self, now: float) -> list[str]:
        """Tags whose last recorded sample is ``max_interval`` old (a heartbeat is due)."""
        policies = self.policies
        return [
            name
            for name, last in self.last.items()
            if now - last.server_time >= policies[name].max_interval
        ]

    def force(self, name: str, sample: TagSample) -> None:
        """Remember a sample recorded regardless of the rules (heartbeat, gap marker)."""
        self.last[name] = sample
        self.kept += 1
