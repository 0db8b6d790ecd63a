"""Fast loading reads the same project: the compiled TOML reader gives tomllib's data and
tomllib's messages, alarm defaults filled while parsing equal those filled afterwards, and a
plain sim:// source is read as urllib would read it."""

from __future__ import annotations

import tomllib
from types import MappingProxyType
from urllib.parse import parse_qsl, urlsplit

import pytest

from tags.address import AddressError, SimAddress, parse_address
from tags.alarms.config import AlarmFill, parse_alarms
from tags.alarms.settings import AlarmSettings, resolve_alarm, signal_of
from tags.config.files import TomlProblem, parse_toml
from tags.config.problems import ProblemLog
from tags.model import DataType, TagDef

DOCUMENT = """
[tags."CWP.FEED.TPH"]
description = "Raw coal feed"
range = [0.0, 800.0]
when = 1979-05-27T07:32:00Z
nested = { a = [1, 2.5, "x", true], b = { c = -0.0 } }
text = \"\"\"
two lines\"\"\"
"""


def test_a_valid_document_reads_exactly_as_tomllib_reads_it() -> None:
    assert parse_toml(DOCUMENT) == tomllib.loads(DOCUMENT)


@pytest.mark.parametrize("text", ["a = 1\nb = = 2\n", 'x = "open\n', "[t]\n[t]\n"])
def test_a_broken_document_gets_tomllibs_message_and_line(text: str) -> None:
    with pytest.raises(tomllib.TOMLDecodeError) as expected:
        tomllib.loads(text)
    with pytest.raises(TomlProblem) as got:
        parse_toml(text)
    assert str(got.value) == getattr(expected.value, "msg", str(expected.value))
    assert got.value.line is not None


def test_nesting_tomllib_takes_but_the_compiled_reader_refuses_still_reads() -> None:
    text = "x = " + "[" * 90 + "]" * 90 + "\n"
    assert parse_toml(text) == tomllib.loads(text)


SETTINGS = AlarmSettings()


@pytest.mark.parametrize(
    ("name", "unit", "alarms"),
    [
        ("CWP.FEED.TPH", "t/h", {"hi": {"limit": 550.0}}),
        ("CWP.SUMP.LEVEL", "%", {"hi": {"limit": 80.0, "on_delay": 3.0}}),
        ("SCO2.HX.P", "bar", {"signal": "temperature", "lo": 2.0, "hi": {"limit": 9.0}}),
        ("EMM.CELL.V", "V", {"hi": {"limit": 4.0}}),
        ("CWP.PUMP.RUN", "", {"discrete": {"state": 0}}),
    ],
)
def test_defaults_filled_while_parsing_equal_those_filled_afterwards(
    name: str, unit: str, alarms: dict[str, object]
) -> None:
    data_type = DataType.BOOL if "discrete" in alarms else DataType.FLOAT
    log = ProblemLog("tags.toml")
    plain = parse_alarms(name, alarms, data_type, "tags.x.alarms", log)
    fill = AlarmFill(SETTINGS, signal_of(name, unit), 100.0)
    filled = parse_alarms(name, alarms, data_type, "tags.x.alarms", log, fill)
    assert not log.problems
    address = parse_address("sim://memory/X")
    tag = TagDef(name, "sim://memory/X", address, data_type, unit=unit, eng_low=0.0,
                 eng_high=100.0, alarms=plain)  # fmt: skip
    assert filled == tuple(resolve_alarm(a, tag, SETTINGS) for a in plain)
    assert all(not a.inherit for a in filled)


def urllib_reading(uri: str) -> tuple[str, str, dict[str, str]] | None:
    parts = urlsplit(uri)
    point = parts.path.strip("/")
    if not parts.netloc or not point:
        return None
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    return parts.netloc, point, params


@pytest.mark.parametrize(
    "uri",
    [
        "sim://signal/sine?low=1&high=5&period=60",
        "sim://memory/SP1?initial=42",
        "sim://cwp/DMC.DENS.PV",
        "sim://signal/sine/",
        "sim://m//a/b//?x=1",
        "sim://signal/sine?a&b=&&c=d=e",
        "sim://m/a?x=%20&y=a+b",
        "sim://m/a?x=1#fragment",
        "sim://M-1.x/p?",
        "sim:///x",
        "sim://signal",
    ],
)
def test_a_sim_source_reads_as_urllib_reads_it(uri: str) -> None:
    expected = urllib_reading(uri)
    if expected is None:
        with pytest.raises(AddressError):
            parse_address(uri)
        return
    address = parse_address(uri)
    assert isinstance(address, SimAddress)
    assert (address.model, address.point, dict(address.params)) == expected
    assert isinstance(address.params, MappingProxyType)


def test_a_sim_parameter_given_twice_is_refused() -> None:
    with pytest.raises(AddressError, match="parameter 'a' given twice"):
        parse_address("sim://signal/sine?a=1&a=2")
