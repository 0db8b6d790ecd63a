"""Which displays show which tag: the bindings of every declarative screen (the demo's Python
screens and the project's screen files are both layouts), for the loop-check sheets.

No widget is built: a layout lists the tags its elements bind. Hand-built screens (the
alarm list, trends, the tag browser) show any tag and are left out."""

from __future__ import annotations

from collections.abc import Iterable

from hmi.canvas.builder import layout_of
from hmi.shell.screen import ScreenSpec


def screens_by_tag(specs: Iterable[ScreenSpec]) -> dict[str, tuple[str, ...]]:
    """Tag name -> the titles of the displays that bind it, in navigation order."""
    shown: dict[str, list[str]] = {}
    for spec in specs:
        layout = layout_of(spec)
        if layout is None:
            continue
        for tag in layout.tags():
            titles = shown.setdefault(tag, [])
            if spec.title not in titles:
                titles.append(spec.title)
    return {tag: tuple(titles) for tag, titles in shown.items()}
