"""What the engine's Chinese tests share: the language set for one test, the text of a PDF,
and the words a project gives in English only (its data, not the engine's texts)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from tags.config.project import Project
from tags.i18n.language import Language, set_language
from tags.reports import pdf


@pytest.fixture
def back_to_english() -> Iterator[None]:
    """Whatever the test sets (``--lang zh_CN`` on a command line), English afterwards."""
    yield
    set_language(Language.EN)
    pdf.use_language_fonts()


def pdf_text(path: Path) -> str:
    """The text of every page, runs of white space as one space."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def project_words(project: Project) -> set[str]:
    """Texts of the project's data that stay as the project gives them: its name, units, the
    energy areas' products, feeds and currency, the plans' products, the tariff bands'
    names where the catalogue has none."""
    words = {project.name, project.analytics.tariff.currency}
    words |= {tag.unit for tag in project.tags.values() if tag.unit}
    for area in project.analytics.energy.areas:
        words |= {area.product, area.product.capitalize(), area.unit}
        for key in ("feed", "quality", "consumable"):
            value = getattr(area.spec, key, "")
            words |= {value, value.capitalize()} if value else set()
    return {w for w in words if w}
