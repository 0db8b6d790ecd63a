"""The tag index behind the tag browser and Ctrl+K: searches over lower-cased names and
descriptions return positions in name order."""

from __future__ import annotations

from hmi.tag_index import TagIndex
from tags.address import parse_address
from tags.model import TagDef


def tag(name: str, description: str = "") -> TagDef:
    source = f"sim://memory/{name}"
    return TagDef(name, source, parse_address(source), description=description,
                  area=name.split(".")[0])  # fmt: skip


TAGS = [
    tag("CWP.FEED.TPH", "Raw coal feed"),
    tag("EMM.RECT1.IDC", "Rectifier current"),
    tag("CWP.DMC.DENS.SP", "Medium density setpoint"),
    tag("CWP.DMC.DENS.PV", "Medium density"),
]


def names(index: TagIndex, rows: list[int]) -> list[str]:
    return [index.tags[i].name for i in rows]


def test_tags_are_kept_in_name_order() -> None:
    index = TagIndex(TAGS)
    assert [t.name for t in index.tags] == sorted(t.name for t in TAGS)
    assert len(index) == 4


def test_a_wildcard_search_matches_name_or_description_ignoring_case() -> None:
    index = TagIndex(TAGS)
    everything = range(len(index))
    assert names(index, index.wildcard("dens", "", everything)) == [
        "CWP.DMC.DENS.PV", "CWP.DMC.DENS.SP",
    ]  # fmt: skip
    assert names(index, index.wildcard("dmc*sp", "", everything)) == ["CWP.DMC.DENS.SP"]
    assert names(index, index.wildcard("medium*point", "", everything)) == ["CWP.DMC.DENS.SP"]
    # parts must all be in the name, or all in the description, not split between them
    assert index.wildcard("dmc*setpoint", "", everything) == []
    assert names(index, index.wildcard("*", "EMM", everything)) == ["EMM.RECT1.IDC"]


def test_a_wildcard_search_keeps_the_order_it_is_given() -> None:
    index = TagIndex(TAGS)
    backwards = list(reversed(range(len(index))))
    assert names(index, index.wildcard("cwp", "CWP", backwards)) == [
        "CWP.FEED.TPH", "CWP.DMC.DENS.SP", "CWP.DMC.DENS.PV",
    ]  # fmt: skip


def test_a_word_search_needs_every_word_somewhere_in_name_or_description() -> None:
    index = TagIndex(TAGS)
    assert names(index, index.words("dens sp")) == ["CWP.DMC.DENS.SP"]
    assert names(index, index.words("density medium")) == ["CWP.DMC.DENS.PV", "CWP.DMC.DENS.SP"]
    assert len(index.words("")) == 4
    assert len(index.words("", limit=2)) == 2


def test_twenty_thousand_tags_are_searched_as_positions() -> None:
    many = [
        tag(f"PWR.UNIT{i // 100:04d}.PV{i % 100:02d}", f"Measurement {i}") for i in range(20_000)
    ]
    index = TagIndex(many)
    found = index.wildcard("unit0042", "", range(len(index)))
    assert len(found) == 100
    assert all(isinstance(i, int) for i in found)
    assert names(index, index.words("measurement 4999")) == [
        "PWR.UNIT0049.PV99",
        "PWR.UNIT0149.PV99",
    ]
