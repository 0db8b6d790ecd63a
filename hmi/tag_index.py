"""Tag names and descriptions lower-cased once, so a search over 50,000 tags takes a few ms.

The tag browser and Ctrl+K search keep positions into ``tags`` (sorted by name) instead of
a widget or an item per row; their Qt models show whatever positions a search returns.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tags.model import TagDef


class TagIndex:
    """Every tag sorted by name, with its name and description in lower case."""

    def __init__(self, tags: Iterable[TagDef]) -> None:
        self.tags: list[TagDef] = sorted(tags, key=lambda t: t.name)
        self.names = [t.name.lower() for t in self.tags]
        self.descriptions = [  # both languages: a tag is found by either
            f"{t.description}\n{t.description_zh}".lower()
            if t.description_zh
            else t.description.lower()
            for t in self.tags
        ]

    def __len__(self) -> int:
        return len(self.tags)

    def wildcard(self, text: str, area: str, among: Sequence[int]) -> list[int]:
        """The positions of ``among`` (in its order) in ``area`` ("" for all) whose name or
        description holds every ``*``-separated part of ``text`` (case-insensitive)."""
        tags, names, descriptions = self.tags, self.names, self.descriptions
        rows = list(among) if not area else [i for i in among if tags[i].area == area]
        parts = [p for p in text.strip().lower().split("*") if p]
        if len(parts) == 1:  # the common case, as one comprehension
            part = parts[0]
            return [i for i in rows if part in names[i] or part in descriptions[i]]
        if parts:
            return [
                i
                for i in rows
                if all(p in names[i] for p in parts) or all(p in descriptions[i] for p in parts)
            ]
        return rows

    def words(self, text: str, limit: int | None = None) -> list[int]:
        """Positions (in name order) whose name and description together hold every word of
        ``text`` (case-insensitive); at most ``limit``."""
        words = text.lower().split()
        names, descriptions = self.names, self.descriptions
        found: list[int] = []
        for i in range(len(self.tags)):
            if all(w in names[i] or w in descriptions[i] for w in words):
                found.append(i)
                if limit is not None and len(found) >= limit:
                    break
        return found
