"""Tag lists (TOML tables or CSV rows) -> validated TagDef objects.

One parser serves both formats: a CSV row is first turned into the table a TOML tag list
would hold, so the rules and messages are the same wherever engineers keep their tags.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tags.address import AddressError, ModbusAddress, SimAddress, parse_address
from tags.alarms.config import AlarmFill, parse_alarms
from tags.alarms.settings import AlarmSettings, signal_of
from tags.config.connections import Connection
from tags.config.fields import not_finite
from tags.config.problems import ProblemLog
from tags.drivers.registry import DRIVERS
from tags.i18n.catalogue import text as tr
from tags.model import NO_STATES, DataType, HistoryPolicy, TagDef

NAME_PATTERN = re.compile(r"^[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+)+$")

TAG_KEYS = {
    "description", "description_zh", "unit", "type", "source", "range", "normal", "format", "scan",
    "deadband", "writable", "write_limits", "states", "states_zh", "alarms", "history",
}  # fmt: skip

CSV_COLUMNS = {
    "name", "description", "description_zh", "unit", "type", "source", "range_low", "range_high",
    "normal_low", "normal_high", "format", "scan", "deadband", "writable", "write_low",
    "write_high", "states", "states_zh", "lolo", "lo", "hi", "hihi",
}  # fmt: skip

CSV_NUMBERS = {
    "range_low", "range_high", "normal_low", "normal_high", "write_low", "write_high",
    "deadband", "lolo", "lo", "hi", "hihi",
}  # fmt: skip
"""CSV columns that hold a number."""

CSV_PAIRS = {"range": "range", "normal": "normal", "write": "write_limits"}
"""The tag key each *_low / *_high column pair fills."""


@dataclass(frozen=True)
class TagContext:
    """What a tag may refer to: the project's areas, connections and scan classes."""

    areas: frozenset[str]
    connections: Mapping[str, Connection]
    scan_classes: Mapping[str, float]
    alarm_settings: AlarmSettings | None = None
    """The project's alarm defaults, filled into alarms as they are parsed (None: alarms
    keep ``inherit`` for ``apply_defaults``)."""


def parse_tag(name: str, table: Any, ctx: TagContext, log: ProblemLog) -> TagDef | None:
    """One tag table -> TagDef, or None after logging every problem found."""
    path = f"tags.{name}"
    before = len(log.problems)
    if not NAME_PATTERN.match(name):
        log.add(path, tr("config.tag_name"))
    if not isinstance(table, dict):
        log.add(path, tr("config.tag_table"))
        return None
    if not table.keys() <= TAG_KEYS:
        for key in sorted(table.keys() - TAG_KEYS):
            log.add(f"{path}.{key}", tr("config.unknown_key", known=", ".join(sorted(TAG_KEYS))))
    for key in ("description", "description_zh", "unit"):
        if not isinstance(table.get(key, ""), str):
            log.add(f"{path}.{key}", tr("config.must_be_text"))
    area = name.split(".", 1)[0]
    if area not in ctx.areas:
        log.add(path, tr("config.area_not_declared", area=area))
    data_type = _data_type(table.get("type", "float"), f"{path}.type", log)
    source = table.get("source")
    address = None
    if not isinstance(source, str) or not source:
        log.add(f"{path}.source", tr("config.no_source"))
    else:
        address = _address(source, data_type, ctx, f"{path}.source", log)
    eng = _pair(table.get("range"), f"{path}.range", log)
    normal = _pair(table.get("normal"), f"{path}.normal", log)
    if eng and normal and not (eng[0] <= normal[0] and normal[1] <= eng[1]):
        problem = tr("config.normal_in_range", normal=list(normal), range=list(eng))
        log.add(f"{path}.normal", problem)
    fmt = _text(table.get("format", ".2f" if data_type is DataType.FLOAT else ""), path, log)
    if fmt and data_type in (DataType.FLOAT, DataType.INT) and not _formats(fmt, data_type):
        log.add(f"{path}.format", tr("config.format_spec", format=fmt))
    scan = table.get("scan", "normal")
    if scan not in ctx.scan_classes:
        log.add(f"{path}.scan", tr("config.scan_class", scan=scan, known=sorted(ctx.scan_classes)))
    deadband = _number(table.get("deadband", 0.0), f"{path}.deadband", log, minimum=0.0)
    writable = table.get("writable", False)
    if not isinstance(writable, bool):
        log.add(f"{path}.writable", tr("config.must_be_bool"))
        writable = False
    write_limits = _pair(table.get("write_limits"), f"{path}.write_limits", log)
    if write_limits and not writable:
        log.add(f"{path}.write_limits", tr("config.limits_not_writable"))
    if write_limits and eng and not (eng[0] <= write_limits[0] and write_limits[1] <= eng[1]):
        log.add(f"{path}.write_limits", tr("config.limits_in_range", range=list(eng)))
    if writable and isinstance(address, ModbusAddress) and not address.table.is_writable:
        table_name = address.table.name.lower()
        log.add(f"{path}.writable", tr("config.read_only_table", table=table_name))
    states = _states(table.get("states", {}), f"{path}.states", log)
    states_zh = _states_zh(table.get("states_zh"), states, f"{path}.states_zh", log)
    fill = None
    if ctx.alarm_settings is not None and "alarms" in table:
        span = eng[1] - eng[0] if eng else 0.0
        signal = signal_of(name, str(table.get("unit", "")))
        fill = AlarmFill(ctx.alarm_settings, signal, span)
    alarms = parse_alarms(name, table.get("alarms", {}), data_type, f"{path}.alarms", log, fill)
    history = _history(table.get("history"), f"{path}.history", log)
    if len(log.problems) > before or address is None:
        return None
    return TagDef(
        name=name,
        source=str(source),
        address=address,
        data_type=data_type,
        description=str(table.get("description", "")),
        description_zh=str(table.get("description_zh", "")),
        unit=sys.intern(str(table.get("unit", ""))),
        area=sys.intern(area),
        eng_low=eng[0] if eng else None,
        eng_high=eng[1] if eng else None,
        normal_low=normal[0] if normal else None,
        normal_high=normal[1] if normal else None,
        display_format=sys.intern(fmt),
        writable=writable,
        write_low=write_limits[0] if write_limits else None,
        write_high=write_limits[1] if write_limits else None,
        deadband=deadband,
        scan_class=sys.intern(str(scan)),
        scan_period=ctx.scan_classes[scan],
        states=states,
        alarms=alarms,
        history=history,
        states_zh=states_zh,
    )


@functools.lru_cache(maxsize=256)
def _formats(fmt: str, data_type: DataType) -> bool:
    """Whether ``fmt`` formats a value of a numeric type (asked once per spec, not per tag)."""
    try:
        format(1.5 if data_type is DataType.FLOAT else 1, fmt)
    except ValueError:
        return False
    return True


def csv_tables(text: str, log: ProblemLog) -> list[tuple[str, dict[str, Any], int]]:
    """CSV rows -> (name, tag table, line) in the shape of a TOML tag list."""
    reader = csv.DictReader(io.StringIO(text))
    columns = reader.fieldnames or []
    if "name" not in columns or "source" not in columns:
        log.add("", tr("config.csv_columns"), line=1)
        return []
    for column in columns:
        if column not in CSV_COLUMNS:
            known = ", ".join(sorted(CSV_COLUMNS))
            log.add(column, tr("config.unknown_column", known=known), line=1)
    rows: list[tuple[str, dict[str, Any], int]] = []
    for row in reader:
        line = reader.line_num
        cells = {k: (v or "").strip() for k, v in row.items() if k in CSV_COLUMNS}
        name = cells.pop("name", "")
        if not name:
            log.add("name", tr("config.empty_tag_name"), line=line)
            continue
        rows.append((name, _csv_row_table(name, cells, log, line), line))
    return rows


def _csv_row_table(name: str, cells: dict[str, str], log: ProblemLog, line: int) -> dict[str, Any]:
    table: dict[str, Any] = {}
    alarms: dict[str, Any] = {}
    refused_pairs: set[str] = set()
    for key, text in cells.items():
        if not text:
            continue
        if key in CSV_NUMBERS:
            number = _csv_number(text, f"tags.{name}.{key}", log, line)
            field, _, end = key.rpartition("_")
            pair_key = CSV_PAIRS.get(field)
            if number is None:
                if pair_key:  # its other half alone would make a second, misleading problem
                    refused_pairs.add(pair_key)
            elif key in ("lolo", "lo", "hi", "hihi"):
                alarms[key] = number
            elif pair_key is None:
                table[key] = number
            else:
                pair = table.setdefault(pair_key, [None, None])
                pair[0 if end == "low" else 1] = number
        elif key == "writable":
            flag = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}
            if text.lower() not in flag:
                problem = tr("config.not_true_false", text=text)
                log.add(f"tags.{name}.writable", problem, line=line)
                continue
            table["writable"] = flag[text.lower()]
        elif key in ("states", "states_zh"):
            table[key] = dict(part.split("=", 1) for part in text.split(";") if "=" in part)
        else:
            table[key] = text
    if alarms:
        table["alarms"] = alarms
    for pair_key in refused_pairs:
        table.pop(pair_key, None)
    return table


def _csv_number(text: str, path: str, log: ProblemLog, line: int) -> float | None:
    """A CSV cell as a finite number, or None after logging why it is not one."""
    try:
        number = float(text)
    except ValueError:
        log.add(path, tr("config.not_a_number", text=text), line=line)
        return None
    if (problem := not_finite(number)) is not None:
        log.add(path, tr("config.quoted", text=text, problem=problem), line=line)
        return None
    return number


def _address(source: str, data_type: DataType, ctx: TagContext, path: str, log: ProblemLog) -> Any:
    try:
        address = parse_address(source)
    except AddressError as exc:
        log.add(path, str(exc))
        return None
    scheme = address.scheme.value
    if address.scheme not in DRIVERS:
        log.add(path, tr("config.no_driver", scheme=scheme))
        return None
    if isinstance(address, SimAddress):
        return address
    connection = ctx.connections.get(address.connection)
    if connection is None:
        log.add(path, tr("config.unknown_connection", connection=address.connection))
    elif connection.kind != scheme:
        problem = tr("config.connection_kind", connection=address.connection,
                     kind=connection.kind, scheme=scheme)  # fmt: skip
        log.add(path, problem)
    if isinstance(address, ModbusAddress):
        wire = address.type.value
        if (data_type is DataType.BOOL) != (wire == "bool"):
            log.add(path, tr("config.wire_type", type=data_type.value, wire=wire))
        if (data_type is DataType.STRING) != (wire == "string"):
            log.add(path, tr("config.wire_type", type=data_type.value, wire=wire))
    return address


_DATA_TYPES = {t.value: t for t in DataType}


def _data_type(text: Any, path: str, log: ProblemLog) -> DataType:
    known = _DATA_TYPES.get(text) if isinstance(text, str) else None
    if known is not None:
        return known
    try:
        return DataType(text)
    except ValueError:
        log.add(path, tr("config.data_type", type=text))
        return DataType.FLOAT


def _pair(value: Any, path: str, log: ProblemLog) -> tuple[float, float] | None:
    if value is None:
        return None
    ok = isinstance(value, list) and len(value) == 2
    if ok and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
        low, high = float(value[0]), float(value[1])
        problems = [p for p in (not_finite(low), not_finite(high)) if p is not None]
        if problems:
            log.add(path, problems[0])
            return None
        if low < high:
            return low, high
        log.add(path, tr("config.low_high", low=value[0], high=value[1]))
        return None
    log.add(path, tr("config.pair"))
    return None


def _number(value: Any, path: str, log: ProblemLog, minimum: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        log.add(path, tr("config.not_a_number", text=value))
        return 0.0
    if (problem := not_finite(value)) is not None:
        log.add(path, problem)
        return 0.0
    if minimum is not None and value < minimum:
        log.add(path, tr("config.at_least", minimum=minimum))
    return float(value)


def _text(value: Any, path: str, log: ProblemLog) -> str:
    if not isinstance(value, str):
        log.add(path, tr("config.must_be_text"))
        return ""
    return value


def _history(value: Any, path: str, log: ProblemLog) -> HistoryPolicy | None:
    """``history = { record = true, deadband = 0.5, max_interval = 30 }``."""
    if value is None:
        return None
    if not isinstance(value, dict):
        log.add(path, tr("config.history_table"))
        return None
    known = {"record", "deadband", "max_interval"}
    for key in sorted(set(value) - known):
        log.add(f"{path}.{key}", tr("config.unknown_key", known=", ".join(sorted(known))))
    record = value.get("record", True)
    if not isinstance(record, bool):
        log.add(f"{path}.record", tr("config.must_be_bool"))
        record = True
    deadband = max_interval = None
    if "deadband" in value:
        deadband = _number(value["deadband"], f"{path}.deadband", log, minimum=0.0)
    if "max_interval" in value:
        max_interval = _number(value["max_interval"], f"{path}.max_interval", log, minimum=1.0)
    return HistoryPolicy(record, deadband, max_interval)


def _states(value: Any, path: str, log: ProblemLog) -> Mapping[int, str]:
    if not isinstance(value, dict):
        log.add(path, tr("config.states_table"))
        return NO_STATES
    if not value:
        return NO_STATES
    states: dict[int, str] = {}
    for key, label in value.items():
        try:
            states[int(key)] = str(label)
        except ValueError:
            log.add(f"{path}.{key}", tr("config.state_keys"))
    return states


def _states_zh(
    value: Any, states: Mapping[int, str], path: str, log: ProblemLog
) -> Mapping[int, str] | None:
    """``states_zh = { 0 = "停止", 1 = "运行" }``: Chinese names of states ``states`` has."""
    if value is None:
        return None
    if not isinstance(value, dict):
        log.add(path, tr("config.states_zh_table"))
        return None
    names: dict[int, str] = {}
    for key, label in value.items():
        try:
            number = int(key)
        except ValueError:
            log.add(f"{path}.{key}", tr("config.state_keys"))
            continue
        if number not in states:
            known = ", ".join(str(k) for k in sorted(states)) or tr("config.none")
            log.add(f"{path}.{key}", tr("config.state_not_in_states", number=number, known=known))
        elif not isinstance(label, str) or not label.strip():
            log.add(f"{path}.{key}", tr("config.state_zh_text"))
        else:
            names[number] = sys.intern(label.strip())
    return names or None
