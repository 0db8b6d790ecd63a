"""Reports in Chinese print in a CJK font found on this machine, embedded in the PDF; English
keeps the PDF base fonts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from tags.i18n.language import Language, set_language
from tags.reports import pdf
from tags.reports.fonts import LATIN, MissingFont, cjk_font, report_fonts


@pytest.fixture
def chinese() -> Iterator[None]:
    set_language(Language.ZH_CN)
    yield
    set_language(Language.EN)
    pdf.use_language_fonts()


def embedded_fonts(path: Path) -> dict[str, bool]:
    """BaseFont -> whether its glyphs are embedded, for every font the pages use."""
    found: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descriptors = [font.get("/FontDescriptor")]
            descriptors += [d.get_object().get("/FontDescriptor")
                            for d in font.get("/DescendantFonts", [])]  # fmt: skip
            embedded = any(
                d is not None and any(k in d.get_object() for k in ("/FontFile2", "/FontFile3"))
                for d in descriptors
            )
            found[str(font["/BaseFont"])] = embedded
    return found


def test_english_prints_in_the_base_fonts() -> None:
    assert report_fonts(Language.EN) == LATIN


def test_a_chinese_pdf_embeds_the_cjk_font_it_was_printed_in(tmp_path: Path, chinese: None) -> None:
    try:
        cjk_font()
    except MissingFont as exc:
        pytest.fail(f"{exc} (.ci/run installs fonts-wqy-microhei)")
    pdf.use_language_fonts()
    path = tmp_path / "zh.pdf"
    story = [
        Paragraph("电解锰车间 交班报告", pdf.H1),
        pdf._p("吨锰直流电耗 5,950 kWh/t；电流效率 66.0 %；整流器 1 运行"),
        pdf._table([["位号", "描述"], ["EMM.RECT1.I", "整流器 1 直流电流"]]),
    ]
    pages = pdf.print_document(path, story, header="演示工厂：交班报告", title="交班报告",
                               subject="电解锰")  # fmt: skip
    assert pages == 1
    fonts = embedded_fonts(path)
    cjk = {name: embedded for name, embedded in fonts.items() if "Helvetica" not in name}
    assert cjk and all(cjk.values()), fonts
    text = PdfReader(path).pages[0].extract_text()
    assert "电解锰车间" in text and "吨锰直流电耗" in text
