"""Which tags a command's target names: one tag, every tag of an area, or a name pattern.

AREA.RECT1.IDC       a tag
AREA                 every tag of the area AREA
AREA.CELL.*          every tag whose name matches (``*``, ``?``, ``[...]``; case counts)
"""

from __future__ import annotations

from collections.abc import Mapping
from fnmatch import fnmatchcase

from tags.i18n.catalogue import text
from tags.model import TagDef

PATTERN_CHARACTERS = frozenset("*?[")


class TargetError(ValueError):
    """A target that names no tag; the message says what was looked for."""


def is_pattern(target: str) -> bool:
    return not PATTERN_CHARACTERS.isdisjoint(target)


def select_tags(tags: Mapping[str, TagDef], target: str) -> list[str]:
    """The names of the tags ``target`` names, sorted (TargetError when none)."""
    target = target.strip()
    if not target:
        raise TargetError(text("force.no_target"))
    if target in tags:
        return [target]
    if is_pattern(target):
        matched = sorted(name for name in tags if fnmatchcase(name, target))
        if not matched:
            raise TargetError(text("force.pattern_matches_nothing", pattern=target))
        return matched
    in_area = sorted(name for name, tag in tags.items() if tag.area == target)
    if not in_area:
        areas = sorted({tag.area for tag in tags.values() if tag.area})
        known = text("force.known_areas", areas=", ".join(areas)) if areas else ""
        raise TargetError(text("force.no_such_target", target=target, known=known))
    return in_area
