"""Core value types of the tag engine: quality codes, samples and tag definitions.

Quality follows OPC UA status codes, so a Modbus timeout and an OPC UA timeout mean the same
thing on screen. Everything here is immutable and free of I/O.
"""

from __future__ import annotations

import enum
import math
import operator
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from tags.i18n.catalogue import text
from tags.i18n.descriptions import state_name

if TYPE_CHECKING:
    from tags.address import Address

Value = bool | int | float | str | None
"""A tag value as it travels through the engine (None only while no value was ever read)."""


class Severity(enum.IntEnum):
    """The top two bits of an OPC UA status code."""

    GOOD = 0
    UNCERTAIN = 1
    BAD = 2


class Quality(enum.IntEnum):
    """OPC UA status codes the console uses (names as in the OPC UA specification)."""

    GOOD = 0x00000000
    GOOD_LOCAL_OVERRIDE = 0x00960000
    UNCERTAIN = 0x40000000
    UNCERTAIN_LAST_USABLE_VALUE = 0x40900000
    UNCERTAIN_SUBSTITUTE_VALUE = 0x40910000
    UNCERTAIN_INITIAL_VALUE = 0x40920000
    UNCERTAIN_SENSOR_NOT_ACCURATE = 0x40930000
    UNCERTAIN_ENGINEERING_UNITS_EXCEEDED = 0x40940000
    BAD = 0x80000000
    BAD_COMMUNICATION_ERROR = 0x80050000
    BAD_TIMEOUT = 0x800A0000
    BAD_USER_ACCESS_DENIED = 0x801F0000
    BAD_IDENTITY_TOKEN_REJECTED = 0x80210000
    BAD_CERTIFICATE_UNTRUSTED = 0x801A0000
    BAD_SECURITY_CHECKS_FAILED = 0x80130000
    BAD_NO_COMMUNICATION = 0x80310000
    BAD_WAITING_FOR_INITIAL_DATA = 0x80320000
    BAD_NODE_ID_UNKNOWN = 0x80340000
    BAD_OUT_OF_RANGE = 0x803C0000
    BAD_TYPE_MISMATCH = 0x80740000
    BAD_CONFIGURATION_ERROR = 0x80890000
    BAD_NOT_CONNECTED = 0x808A0000
    BAD_DEVICE_FAILURE = 0x808B0000
    BAD_SENSOR_FAILURE = 0x808C0000
    BAD_OUT_OF_SERVICE = 0x808D0000

    @property
    def severity(self) -> Severity:
        return _SEVERITY[self]

    @property
    def is_good(self) -> bool:
        return self.value >> 30 == 0

    @property
    def is_bad(self) -> bool:
        return self.value >> 30 >= 2

    @property
    def is_stale(self) -> bool:
        """UncertainLastUsableValue: whatever updated the value has stopped doing so (OPC UA);
        the database's stale check and a server's own status both say it this way."""
        return self is Quality.UNCERTAIN_LAST_USABLE_VALUE

    @property
    def label(self) -> str:
        """The OPC UA name, e.g. ``BadNotConnected``."""
        return _LABEL[self]

    @property
    def short(self) -> str:
        """A few letters for a value readout that cannot show a number (COMM, OOS, ...)."""
        return _SHORT.get(self, self.severity.name[:3])

    @classmethod
    def from_code(cls, code: int) -> Quality:
        """The known code, or the generic code of the same severity for an unknown one."""
        code &= 0xFFFF0000
        try:
            return cls(code)
        except ValueError:
            return (cls.GOOD, cls.UNCERTAIN, cls.BAD, cls.BAD)[code >> 30]


def _severity_of(code: int) -> Severity:
    return Severity(min(code >> 30, 2))


_SEVERITY: dict[Quality, Severity] = {q: _severity_of(int(q)) for q in Quality}
_LABEL: dict[Quality, str] = {
    q: "".join(part.capitalize() for part in q.name.split("_")) for q in Quality
}


_SHORT: dict[Quality, str] = {
    Quality.GOOD: "OK",
    Quality.GOOD_LOCAL_OVERRIDE: "OVR",
    Quality.UNCERTAIN_LAST_USABLE_VALUE: "OLD",
    Quality.UNCERTAIN_SUBSTITUTE_VALUE: "SUB",
    Quality.UNCERTAIN_SENSOR_NOT_ACCURATE: "INACC",
    Quality.UNCERTAIN_ENGINEERING_UNITS_EXCEEDED: "RANGE",
    Quality.BAD_COMMUNICATION_ERROR: "COMM",
    Quality.BAD_NO_COMMUNICATION: "COMM",
    Quality.BAD_TIMEOUT: "TIMEOUT",
    Quality.BAD_NOT_CONNECTED: "COMM",
    Quality.BAD_WAITING_FOR_INITIAL_DATA: "WAIT",
    Quality.BAD_CONFIGURATION_ERROR: "CFG",
    Quality.BAD_NODE_ID_UNKNOWN: "CFG",
    Quality.BAD_TYPE_MISMATCH: "CFG",
    Quality.BAD_DEVICE_FAILURE: "DEV",
    Quality.BAD_SENSOR_FAILURE: "SENSOR",
    Quality.BAD_OUT_OF_SERVICE: "OOS",
    Quality.BAD_OUT_OF_RANGE: "RANGE",
    Quality.BAD_USER_ACCESS_DENIED: "DENIED",
    Quality.BAD_IDENTITY_TOKEN_REJECTED: "DENIED",
    Quality.BAD_CERTIFICATE_UNTRUSTED: "CERT",
    Quality.BAD_SECURITY_CHECKS_FAILED: "CERT",
}


class TagSample(NamedTuple):
    """One observation of a tag. Times are POSIX seconds; ``reason`` says why it is not Good.

    A named tuple: immutable and about five times cheaper to create than a frozen dataclass,
    which matters at hundreds of thousands of samples per second.
    """

    value: Value
    quality: Quality
    source_time: float
    server_time: float
    reason: str = ""

    @property
    def is_good(self) -> bool:
        return self.quality.is_good

    @property
    def is_stale(self) -> bool:
        """The last usable value of a tag that stopped updating (the reason says for how long)."""
        return self.quality.is_stale

    def with_quality(self, quality: Quality, reason: str, server_time: float) -> TagSample:
        """The same value re-qualified (e.g. stale, link lost): the last value stays visible."""
        return TagSample(self.value, quality, self.source_time, server_time, reason)


def initial_sample(now: float) -> TagSample:
    """What a tag holds before its driver has delivered anything."""
    waiting = text("sample.waiting")
    return TagSample(None, Quality.BAD_WAITING_FOR_INITIAL_DATA, now, now, waiting)


Batch = Mapping[str, "TagSample"]
"""Samples published together, tag name -> sample: what drivers hand to the tag database
and what the database hands to every subscriber."""
Publish = Callable[[Batch], None]
"""How a driver hands a batch of samples to the tag database."""


class DataType(enum.Enum):
    """The engineering data type of a tag (the wire encoding lives in the address)."""

    BOOL = "bool"
    INT = "int"
    FLOAT = "float"
    STRING = "string"


class AlarmKind(enum.Enum):
    HIHI = "hihi"
    HI = "hi"
    LO = "lo"
    LOLO = "lolo"
    DEVIATION_HI = "dev_hi"
    DEVIATION_HIHI = "dev_hihi"
    DEVIATION_LO = "dev_lo"
    DEVIATION_LOLO = "dev_lolo"
    RATE = "roc"
    DISCRETE = "discrete"
    BAD_QUALITY = "bad_quality"


class Priority(enum.IntEnum):
    """Alarm priority: 1 is the most urgent; the number is shown beside the shape."""

    CRITICAL = 1
    HIGH = 2
    MEDIUM = 3
    LOW = 4


class SignalType(enum.Enum):
    """What a measurement is, for the alarm defaults per signal type (deadband, delays)."""

    FLOW = "flow"
    LEVEL = "level"
    PRESSURE = "pressure"
    TEMPERATURE = "temperature"
    OTHER = "other"
    """No defaults: deadband and delays are 0 unless given."""


class SuppressMode(enum.Enum):
    """How several suppress_when conditions combine."""

    ANY = "any"
    ALL = "all"


@dataclass(frozen=True, slots=True)
class AlarmDef:
    """One configured alarm of a tag (the engine that evaluates it lives in alarms.py)."""

    tag: str
    kind: AlarmKind
    limit: float | None
    priority: Priority
    deadband: float = 0.0
    on_delay: float = 0.0
    off_delay: float = 0.0
    latch: bool = False
    message: str = ""
    consequence: str = ""
    action: str = ""
    message_zh: str = ""
    """The message in Chinese (``message_of`` falls back to ``message`` without one)."""
    consequence_zh: str = ""
    action_zh: str = ""
    setpoint_tag: str | None = None
    group: str = ""
    area: str = ""
    signal: SignalType | None = None
    """None: inferred from the tag's unit and name when the project's defaults are applied."""
    suppress_when: tuple[str, ...] = ()
    """Conditions on other tags ("AREA.RECT1.IDC < 1") that suppress this alarm by design."""
    suppress_mode: SuppressMode = SuppressMode.ANY
    realarm_minutes: float | None = None
    """Re-alarm a standing unacknowledged alarm after this time; None: the project's setting."""
    inherit: frozenset[str] = frozenset()
    """Settings not written in the file (deadband, on_delay, off_delay): filled from the
    project's defaults for the signal type when the project is loaded."""

    @property
    def name(self) -> str:
        return f"{self.tag}.{self.kind.value.upper()}"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its fields in order (unpickled through ``__init__``, which is quicker
        than the generic state of a frozen dataclass); equal names and numbers shared."""
        fields = list(_ALARM_FIELDS(self))
        for at in _ALARM_TEXTS:
            fields[at] = shared(fields[at])
        return _alarm_def, tuple(fields)


@dataclass(frozen=True, slots=True)
class HistoryPolicy:
    """How the historian records one tag (``history = { ... }`` in a tag list)."""

    record: bool = True
    deadband: float | None = None
    """None: the tag's deadband, else the project's percentage of range."""
    max_interval: float | None = None
    """None: the project's ``[historian] max_interval``."""


NO_STATES: Mapping[int, str] = MappingProxyType({})
"""The states of every tag that has none (one shared, read-only mapping)."""


@dataclass(frozen=True, slots=True)
class TagDef:
    """The configuration of one tag, as loaded and validated from a project file."""

    name: str
    source: str
    address: Address
    data_type: DataType = DataType.FLOAT
    description: str = ""
    unit: str = ""
    area: str = ""
    description_zh: str = ""
    """The description in Simplified Chinese ("": the English one is shown)."""
    eng_low: float | None = None
    eng_high: float | None = None
    normal_low: float | None = None
    normal_high: float | None = None
    display_format: str = ".2f"
    writable: bool = False
    write_low: float | None = None
    write_high: float | None = None
    deadband: float = 0.0
    scan_class: str = "normal"
    scan_period: float = 1.0
    states: Mapping[int, str] = field(default_factory=dict)
    alarms: tuple[AlarmDef, ...] = ()
    history: HistoryPolicy | None = None
    """Per-tag recording settings; None takes the project's [historian] defaults."""
    states_zh: Mapping[int, str] | None = None
    """The states' names in Simplified Chinese (None: none given; ``state_name`` falls back
    to ``states`` for a state without one)."""

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled field by field; states as a plain dict (the shared empty view pickles not);
        equal names and numbers shared."""
        values = list(_TAG_FIELDS(self))
        values[_STATES_AT] = dict(self.states) if self.states else None
        for at in _TAG_TEXTS:
            values[at] = shared(values[at])
        return _tag_def, tuple(values)

    def format_value(self, value: Value) -> str:
        """The value as an operator reads it, without the unit."""
        if type(value) is float:  # the common case first; format() handles nan and inf
            try:
                return format(value, self.display_format)
            except ValueError:
                return repr(value)
        if value is None:
            return "----"
        if self.states and isinstance(value, bool | int) and int(value) in self.states:
            return state_name(self, int(value)) or self.states[int(value)]
        if isinstance(value, bool):
            return "1" if value else "0"
        if isinstance(value, float):
            if math.isnan(value) or math.isinf(value):
                return str(value)
            try:
                return format(value, self.display_format)
            except ValueError:
                return repr(value)
        if isinstance(value, int) and self.display_format[-1:] in ("d", "x", "X", "o", "b", "n"):
            try:
                return format(value, self.display_format)
            except ValueError:
                return str(value)
        return str(value)


_STATES_AT = TagDef.__slots__.index("states")
_TAG_FIELDS = operator.attrgetter(*TagDef.__slots__)
_ALARM_FIELDS = operator.attrgetter(*AlarmDef.__slots__)


def _tag_def(*values: Any) -> TagDef:
    """A TagDef as pickled by ``TagDef.__reduce__`` (equal numbers shared)."""
    fields = list(values)
    if fields[_STATES_AT] is None:
        fields[_STATES_AT] = NO_STATES
    _share_numbers(fields, _TAG_NUMBERS)
    return TagDef(*fields)


def _alarm_def(*values: Any) -> AlarmDef:
    """An AlarmDef as pickled by ``AlarmDef.__reduce__`` (equal numbers shared)."""
    fields = list(values)
    _share_numbers(fields, _ALARM_NUMBERS)
    return AlarmDef(*fields)


_NUMBERS: dict[float, float] = {}
_SHARED: dict[Any, Any] = {}
_SHARED_MAX = 1 << 16
"""A bound on the values kept for sharing, should a project hold very many distinct ones."""


def _share_numbers(fields: list[Any], positions: tuple[int, ...]) -> None:
    """Replace the floats at ``positions`` by equal ones loaded before (each unpickled float
    is a new object of 24 bytes; a large project has few distinct limits and ranges). Zeros
    are left as they come (0.0 and -0.0 are equal)."""
    known = _NUMBERS
    for at in positions:
        value = fields[at]
        if value.__class__ is float and value:
            found = known.get(value)
            if found is None:
                if len(known) >= _SHARED_MAX:
                    known.clear()
                known[value] = value
            else:
                fields[at] = found


def shared(value: Any) -> Any:
    """An equal short text or frozenset already held by a definition pickled before, else
    ``value``: pickled one after the other, equal names and sets are then written once (the
    pickle refers back to them) and unpickled as one object."""
    kind = type(value)
    if kind is str:
        return sys.intern(value) if len(value) <= 16 else value
    if kind is not frozenset:
        return value
    found = _SHARED.get(value)
    if found is None:
        if len(_SHARED) >= _SHARED_MAX:
            _SHARED.clear()
        _SHARED[value] = found = value
    return found


def _positions(cls: Any, names: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(cls.__slots__.index(name) for name in names)


_TAG_NUMBERS = _positions(
    TagDef,
    ("eng_low", "eng_high", "normal_low", "normal_high", "write_low", "write_high", "deadband",
     "scan_period"),
)  # fmt: skip
_TAG_TEXTS = _positions(TagDef, ("unit", "area", "display_format", "scan_class"))
_ALARM_NUMBERS = _positions(AlarmDef, ("limit", "deadband", "on_delay", "off_delay",
                                       "realarm_minutes"))  # fmt: skip
_ALARM_TEXTS = _positions(AlarmDef, ("group", "area", "inherit"))
