"""The implicit bad-quality alarm every tag with alarms has, made only when it is needed.

A tag with any alarm also alarms when its value is not usable (Bad quality, after the
project's ``bad_quality_delay``) unless it configures a bad-quality alarm of its own. Most of
these alarms never leave Normal, so the engine keeps a shared marker (``LATENT``) per tag
instead of a definition and a state machine, and builds the definition from the tag when the
tag first turns Bad or the alarm is acted on: the same name, priority, delay, area and
message as one made up front.
"""

from __future__ import annotations

import enum
from typing import Final

from tags.alarms.settings import AlarmSettings
from tags.model import AlarmDef, AlarmKind, TagDef


class Latent(enum.Enum):
    """The type of the marker of a bad-quality alarm not made yet."""

    LATENT = "latent"


LATENT: Final = Latent.LATENT
QUALITY_KIND = AlarmKind.BAD_QUALITY.value.upper()
"""The last part of a bad-quality alarm's name (``<tag>.BAD_QUALITY``)."""


def quality_alarm(tag: TagDef, settings: AlarmSettings) -> AlarmDef:
    """The definition of the implicit bad-quality alarm of ``tag``."""
    return AlarmDef(
        tag=tag.name,
        kind=AlarmKind.BAD_QUALITY,
        limit=None,
        priority=settings.bad_quality_priority,
        on_delay=settings.bad_quality_delay,
        message=f"{tag.description or tag.name}: value not usable (bad quality)",
        message_zh=f"{tag.description_zh or tag.description or tag.name}：值不可用（坏质量）",
        area=tag.area,
    )


def quality_alarm_name(tag_name: str) -> str:
    return f"{tag_name}.{QUALITY_KIND}"
