"""An energy area may give its heading and its words in Chinese (``title_zh``, ``product_zh``;
a washing area also ``feed_zh``, ``quality_zh``, ``consumable_zh``): kept, checked, used for
the figures' names when asked, and given for every area of the example projects."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tags.analytics.energy_catalogue import fill
from tags.config.project import load_project
from tags.i18n.language import Language, set_language
from tests.paths import DEMO_PROJECT, FLUORIDE_PROJECT, ROOT
from tests.tags.analytics.test_energy_areas_config import GOOD, ROWS
from tests.tags.config.config_projects import PROJECT, make_project, refused, summaries, with_rows

TITLE = 'title = "TST — test bench"\n'
ZH = GOOD.replace(TITLE, TITLE + 'title_zh = "TST — 试验台"\nproduct_zh = "产品"\n')


@pytest.fixture
def chinese() -> Iterator[None]:
    set_language(Language.ZH_CN)
    yield
    set_language(Language.EN)


def test_the_heading_and_words_in_chinese_are_kept_and_shown_in_chinese(
    tmp_path: Path, chinese: None
) -> None:
    path = make_project(tmp_path, project=PROJECT + ZH, csv=with_rows(*ROWS))
    (area,) = load_project(path).analytics.energy.areas
    assert (area.title_zh, dict(area.words_zh)) == ("TST — 试验台", {"product": "产品"})
    assert area.heading_shown == "TST — 试验台"
    assert area.heading == "TST — test bench"  # reports and files keep the English
    assert fill("{Product} made", area, chinese=True) == "产品 made"
    assert fill("{Product} made", area) == "Product made"
    set_language(Language.EN)
    assert area.heading_shown == "TST — test bench"


def test_a_word_in_chinese_that_is_empty_or_the_kind_lacks_is_refused(tmp_path: Path) -> None:
    bad = ZH.replace('product_zh = "产品"', 'product_zh = ""\nfeed_zh = "原煤"\ntitle_zh = 3')
    bad = bad.replace('title_zh = "TST — 试验台"\n', "")
    path = make_project(tmp_path, project=PROJECT + bad, csv=with_rows(*ROWS))
    found = [line.split(": ", 1)[1] for line in summaries(refused(path))]
    table = "plant_analytics.energy.areas.TST"
    assert f"{table}.product_zh: must be non-empty text" in found
    assert f"{table}.title_zh: must be non-empty text" in found
    assert any(line.startswith(f"{table}.feed_zh: unknown key") for line in found)  # production


@pytest.mark.parametrize(
    "project", [DEMO_PROJECT, FLUORIDE_PROJECT,
                ROOT / "resources" / "projects" / "four_plants" / "four_plants.toml"],
    ids=["demo", "fluoride", "four_plants"],
)  # fmt: skip
def test_every_energy_area_of_the_examples_has_its_chinese(project: Path) -> None:
    for area in load_project(project, tag_cache=False).analytics.energy.areas:
        assert area.title_zh, area.area
        words = {"product"} | (
            {"feed", "quality", "consumable"} if area.kind == "washing" else set()
        )
        assert set(area.words_zh) == words, area.area
