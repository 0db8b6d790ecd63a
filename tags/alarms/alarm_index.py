"""The alarms of a project and the indexes the evaluation walks (by tag, setpoint, condition,
group), with the implicit bad-quality alarms made only when they are needed.

A tag with alarms also has a bad-quality alarm (tags/alarms/quality_alarm.py). Until the tag
first turns Bad, or the alarm is looked up to be acted on, the index holds a shared marker
for it instead of a definition and a state machine: a 50,000-tag plant keeps some 30 MB
less, and an alarm made later behaves as one made at the start (it was Normal until then).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from tags.alarms.conditions import make_check
from tags.alarms.quality_alarm import (
    LATENT,
    QUALITY_KIND,
    Latent,
    quality_alarm,
    quality_alarm_name,
)
from tags.alarms.settings import AlarmSettings
from tags.alarms.state import AlarmRuntime
from tags.alarms.suppression import SuppressionRule
from tags.model import AlarmDef, AlarmKind, TagDef


class AlarmIndex:
    """Every alarm by name, and the alarms of each tag, setpoint, condition tag and group."""

    def __init__(self, tags: Mapping[str, TagDef], settings: AlarmSettings) -> None:
        self.tags = tags
        self.settings = settings
        self.alarms: dict[str, AlarmRuntime] = {}
        """Every alarm made: the configured ones and the bad-quality alarms needed so far."""
        self.areas: set[str] = set()
        """The area of every alarm, made or not."""
        self.by_tag: dict[str, tuple[AlarmRuntime, ...]] = {}
        """A tag's value alarms (not its bad-quality alarm)."""
        self.quality: dict[str, AlarmRuntime | Latent] = {}
        """Tags with alarms -> their bad-quality alarm, LATENT while it is not made."""
        self.by_setpoint: dict[str, list[AlarmRuntime]] = {}
        self.by_condition: dict[str, list[AlarmRuntime]] = {}
        self.groups: dict[str, list[AlarmRuntime]] = {}
        self._realarm_after = settings.realarm_minutes * 60.0
        for tag in tags.values():
            self._add_tag(tag)

    def _add_tag(self, tag: TagDef) -> None:
        if not tag.alarms:
            return
        for definition in tag.alarms:
            if not definition.area:
                definition = dataclasses.replace(definition, area=tag.area)
            realarm = definition.realarm_minutes
            alarm = self._runtime(
                definition, self._realarm_after if realarm is None else realarm * 60.0
            )
            self.alarms[alarm.name] = alarm
            self.areas.add(definition.area)
            if definition.kind is AlarmKind.BAD_QUALITY:
                self.quality[tag.name] = alarm
            else:
                self.by_tag[tag.name] = (*self.by_tag.get(tag.name, ()), alarm)
            if definition.setpoint_tag:
                self.by_setpoint.setdefault(definition.setpoint_tag, []).append(alarm)
            for name in alarm.rule.tags if alarm.rule else ():
                self.by_condition.setdefault(name, []).append(alarm)
            if definition.group:
                self.groups.setdefault(definition.group, []).append(alarm)
        if tag.name not in self.quality:
            self.quality[tag.name] = LATENT
            self.areas.add(tag.area)

    def _runtime(self, definition: AlarmDef, realarm_after: float) -> AlarmRuntime:
        return AlarmRuntime(
            definition,
            make_check(definition, self.settings.rate_window),
            SuppressionRule.compile(definition.suppress_when, definition.suppress_mode),
            realarm_after,
            self.settings.kpi.chatter_count,
        )

    def _made_quality_alarm(self, tag_name: str) -> AlarmRuntime:
        return self._runtime(quality_alarm(self.tags[tag_name], self.settings), self._realarm_after)

    def quality_alarm(self, tag_name: str) -> AlarmRuntime:
        """The implicit bad-quality alarm of a tag, made now and kept from now on."""
        alarm = self._made_quality_alarm(tag_name)
        self.alarms[alarm.name] = alarm
        self.quality[tag_name] = alarm
        return alarm

    def _latent_tag(self, name: str) -> str | None:
        """The tag whose bad-quality alarm ``name`` is, while that alarm is not made yet."""
        tag, dot, kind = name.rpartition(".")
        if dot and kind == QUALITY_KIND and self.quality.get(tag) is LATENT:
            return tag
        return None

    def find(self, name: str) -> AlarmRuntime | None:
        """The alarm called ``name`` to act on (a bad-quality alarm is made), or None."""
        alarm = self.alarms.get(name)
        if alarm is None:
            tag = self._latent_tag(name)
            if tag is not None:
                alarm = self.quality_alarm(tag)
        return alarm

    def peek(self, name: str) -> AlarmRuntime | None:
        """The alarm called ``name`` to look at, or None: a bad-quality alarm not made yet
        is shown in its first state (Normal) and not kept."""
        alarm = self.alarms.get(name)
        if alarm is None:
            tag = self._latent_tag(name)
            if tag is not None:
                alarm = self._made_quality_alarm(tag)
        return alarm

    @property
    def names(self) -> list[str]:
        """Every alarm's name: those made, then the bad-quality alarms not made yet."""
        latent = [tag for tag, alarm in self.quality.items() if alarm is LATENT]
        return [*self.alarms, *map(quality_alarm_name, latent)]

    def __len__(self) -> int:
        return len(self.alarms) + sum(1 for alarm in self.quality.values() if alarm is LATENT)

    @property
    def watched(self) -> frozenset[str]:
        """Every tag the alarms read: their own, setpoints and suppression conditions."""
        indexes = (self.by_tag, self.quality, self.by_setpoint, self.by_condition)
        return frozenset(name for index in indexes for name in index)
