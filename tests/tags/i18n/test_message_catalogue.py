"""The engine's message catalogue: both languages for every id with the same placeholders, and
refusals of the write path and of forcing given in the language set."""

from __future__ import annotations

import string

import pytest

from tags.address import parse_address
from tags.forcing.table import ForceRefused, check_range
from tags.i18n.catalogue import MESSAGES, text
from tags.i18n.language import Language, current_language, set_language
from tags.model import TagDef
from tags.write_path import WriteRefused, check_limits, coerce


def placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name is not None}


def flow(**settings: object) -> TagDef:
    source = "sim://cwp/FLOW"
    return TagDef("CWP.FIC1.SP", source, parse_address(source), unit="m³/h",
                  display_format=".1f", eng_low=0, eng_high=400, **settings)  # type: ignore[arg-type]  # fmt: skip


@pytest.mark.parametrize("msg_id", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_placeholders(msg_id: str) -> None:
    by_language = MESSAGES[msg_id]
    assert set(by_language) == set(Language), f"{msg_id}: missing a language"
    assert all(message.strip() for message in by_language.values()), f"{msg_id}: empty"
    english = placeholders(by_language[Language.EN])
    for language, message in by_language.items():
        assert placeholders(message) == english, f"{msg_id} ({language.value})"


def test_a_text_is_made_in_the_current_language(chinese: None) -> None:
    assert text("tag.unknown", tag="CWP.X.PV") == "未知位号“CWP.X.PV”"
    set_language(Language.EN)
    assert text("tag.unknown", tag="CWP.X.PV") == "unknown tag 'CWP.X.PV'"


def test_english_is_the_default_language() -> None:
    assert current_language() is Language.EN


def test_a_language_code_is_read_leniently_and_a_wrong_one_names_the_choices() -> None:
    assert Language.from_code("zh-cn") is Language.ZH_CN
    assert Language.from_code("en") is Language.EN
    with pytest.raises(ValueError, match=r"unknown language 'fr' \(choices: en, zh_CN\)"):
        Language.from_code("fr")


@pytest.mark.parametrize(
    ("locale", "language"),
    [("zh_CN", Language.ZH_CN), ("zh_TW", Language.ZH_CN), ("en_US", Language.EN),
     ("de_DE", Language.EN), ("C", Language.EN)],
)  # fmt: skip
def test_a_chinese_locale_chooses_chinese_and_any_other_english(
    locale: str, language: Language
) -> None:
    assert Language.for_locale(locale) is language


def test_a_write_beyond_the_limit_is_refused_in_chinese_with_the_number_and_unit(
    chinese: None,
) -> None:
    with pytest.raises(WriteRefused, match=r"^395.0 m³/h 高于写入上限 350 m³/h$"):
        check_limits(flow(write_low=50, write_high=350), 395.0)
    with pytest.raises(WriteRefused, match=r"^CWP.FIC1.SP 只接受数字，不接受 True$"):
        coerce(flow(), True)


def test_a_write_refusal_in_english_reads_as_before() -> None:
    with pytest.raises(
        WriteRefused, match=r"^-5.0 m³/h is below the engineering range limit 0 m³/h$"
    ):
        check_limits(flow(), -5.0)


def test_a_forced_value_beyond_the_range_is_refused_in_chinese(chinese: None) -> None:
    with pytest.raises(ForceRefused, match=r"^500.0 m³/h 高于 CWP.FIC1.SP 的量程上限 400 m³/h$"):
        check_range(flow(), 500.0)
