"""Texts of project data in the current language: a project file may give ``description_zh``
beside a tag's or area's ``description``, ``message_zh``, ``consequence_zh`` and
``action_zh`` beside an alarm's texts, ``title_zh`` beside a screen's ``title``; Chinese falls
back to English where it has none. A tag's ``states_zh`` names its states in Chinese.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from tags.i18n.language import Language, current_language


class Described(Protocol):
    @property
    def description(self) -> str: ...

    @property
    def description_zh(self) -> str: ...


class WithStates(Protocol):
    """A tag's definition: the names of its states in English and, if given, Chinese."""

    @property
    def states(self) -> Mapping[int, str]: ...

    @property
    def states_zh(self) -> Mapping[int, str] | None: ...


class AlarmTexts(Protocol):
    """An alarm's definition or its state as shown (AlarmDef, AlarmView)."""

    @property
    def message(self) -> str: ...

    @property
    def message_zh(self) -> str: ...

    @property
    def consequence(self) -> str: ...

    @property
    def consequence_zh(self) -> str: ...

    @property
    def action(self) -> str: ...

    @property
    def action_zh(self) -> str: ...


def in_language(english: str, chinese: str) -> str:
    """``chinese`` when the console speaks Chinese and it is given, else ``english``."""
    if chinese and current_language() is Language.ZH_CN:
        return chinese
    return english


def description_of(item: Described) -> str:
    """``item``'s description in the current language (English where no Chinese is given)."""
    return in_language(item.description, item.description_zh)


def state_name(tag: WithStates, value: int) -> str | None:
    """The name of ``tag``'s state ``value`` in the current language (the English name where
    no Chinese is given); None when the tag names no such state."""
    english = tag.states.get(value)
    if english is None:
        return None
    chinese = tag.states_zh.get(value, "") if tag.states_zh else ""
    return in_language(english, chinese)


def message_of(alarm: AlarmTexts) -> str:
    """An alarm's message in the current language (English where no Chinese is given)."""
    return in_language(alarm.message, alarm.message_zh)


def consequence_of(alarm: AlarmTexts) -> str:
    """What happens if the operator does nothing, in the current language."""
    return in_language(alarm.consequence, alarm.consequence_zh)


def action_of(alarm: AlarmTexts) -> str:
    """What the operator should do, in the current language."""
    return in_language(alarm.action, alarm.action_zh)


def scenario_description(scenario: Any) -> str:
    """A simulator scenario's description (ScenarioInfo or a server's ScenarioView) in the
    current language: its ``description_zh`` in Chinese where given."""
    return in_language(str(scenario.description), str(getattr(scenario, "description_zh", "")))


def scenario_expected(scenario: Any) -> str:
    """What a simulator scenario is expected to do (its alarms and when), in the current
    language: its ``expected_zh`` in Chinese where given."""
    return in_language(str(scenario.expected), str(getattr(scenario, "expected_zh", "")))


def project_name(project: Any) -> str:
    """A project's name as people read it: its ``name_zh`` in Chinese where given."""
    return in_language(str(project.name), str(getattr(project, "name_zh", "")))
