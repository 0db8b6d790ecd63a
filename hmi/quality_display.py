"""How a sample looks to an operator: the text to show and the display state behind it.

One rule everywhere: a Bad value is never a plain number (COMM, OOS, CFG ... with the reason
in the tooltip); an Uncertain or stale value is shown greyed with its age. A value held over
the field's (quality GoodLocalOverride: forced, or a substituted source) shows as a normal
value with a marker word (``override_word``: FORCED, SIM ...) beside it, never by colour alone.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from hmi.i18n.marks import QT_TRANSLATE_NOOP
from tags.i18n.descriptions import description_of
from tags.model import Quality, Severity, TagDef, TagSample

WIDGET_WORDS = "WidgetWords"
"""The translation context of the quality codes (marked in ``hmi/widgets/words.py``)."""
QUALITY_LABELS = {
    Quality.GOOD: QT_TRANSLATE_NOOP("Quality", "Good"),
    Quality.GOOD_LOCAL_OVERRIDE: QT_TRANSLATE_NOOP("Quality", "GoodLocalOverride"),
    Quality.UNCERTAIN: QT_TRANSLATE_NOOP("Quality", "Uncertain"),
    Quality.UNCERTAIN_LAST_USABLE_VALUE: QT_TRANSLATE_NOOP("Quality", "UncertainLastUsableValue"),
    Quality.UNCERTAIN_SUBSTITUTE_VALUE: QT_TRANSLATE_NOOP("Quality", "UncertainSubstituteValue"),
    Quality.UNCERTAIN_INITIAL_VALUE: QT_TRANSLATE_NOOP("Quality", "UncertainInitialValue"),
    Quality.UNCERTAIN_SENSOR_NOT_ACCURATE: QT_TRANSLATE_NOOP(
        "Quality", "UncertainSensorNotAccurate"
    ),
    Quality.UNCERTAIN_ENGINEERING_UNITS_EXCEEDED: QT_TRANSLATE_NOOP(
        "Quality", "UncertainEngineeringUnitsExceeded"
    ),
    Quality.BAD: QT_TRANSLATE_NOOP("Quality", "Bad"),
    Quality.BAD_COMMUNICATION_ERROR: QT_TRANSLATE_NOOP("Quality", "BadCommunicationError"),
    Quality.BAD_TIMEOUT: QT_TRANSLATE_NOOP("Quality", "BadTimeout"),
    Quality.BAD_USER_ACCESS_DENIED: QT_TRANSLATE_NOOP("Quality", "BadUserAccessDenied"),
    Quality.BAD_IDENTITY_TOKEN_REJECTED: QT_TRANSLATE_NOOP("Quality", "BadIdentityTokenRejected"),
    Quality.BAD_CERTIFICATE_UNTRUSTED: QT_TRANSLATE_NOOP("Quality", "BadCertificateUntrusted"),
    Quality.BAD_SECURITY_CHECKS_FAILED: QT_TRANSLATE_NOOP("Quality", "BadSecurityChecksFailed"),
    Quality.BAD_NO_COMMUNICATION: QT_TRANSLATE_NOOP("Quality", "BadNoCommunication"),
    Quality.BAD_WAITING_FOR_INITIAL_DATA: QT_TRANSLATE_NOOP("Quality", "BadWaitingForInitialData"),
    Quality.BAD_NODE_ID_UNKNOWN: QT_TRANSLATE_NOOP("Quality", "BadNodeIdUnknown"),
    Quality.BAD_OUT_OF_RANGE: QT_TRANSLATE_NOOP("Quality", "BadOutOfRange"),
    Quality.BAD_TYPE_MISMATCH: QT_TRANSLATE_NOOP("Quality", "BadTypeMismatch"),
    Quality.BAD_CONFIGURATION_ERROR: QT_TRANSLATE_NOOP("Quality", "BadConfigurationError"),
    Quality.BAD_NOT_CONNECTED: QT_TRANSLATE_NOOP("Quality", "BadNotConnected"),
    Quality.BAD_DEVICE_FAILURE: QT_TRANSLATE_NOOP("Quality", "BadDeviceFailure"),
    Quality.BAD_SENSOR_FAILURE: QT_TRANSLATE_NOOP("Quality", "BadSensorFailure"),
    Quality.BAD_OUT_OF_SERVICE: QT_TRANSLATE_NOOP("Quality", "BadOutOfService"),
}
"""Each quality's OPC UA name, marked: translated where shown (``quality_text``)."""


class DisplayState(enum.Enum):
    NORMAL = "normal"
    UNCERTAIN = "uncertain"
    STALE = "stale"
    BAD = "bad"

    @property
    def color_name(self) -> str:
        """The palette colour of this state's text."""
        return {"normal": "value", "uncertain": "uncertain", "stale": "stale", "bad": "bad"}[
            self.value
        ]


NORMAL = DisplayState.NORMAL


OVERRIDE_WORDS = {"forced": "FORCED", "simulated": "SIM", "simulation": "SIM"}
"""The marker of an overridden value, by the first word of its sample's reason."""
OVERRIDE_FALLBACK = "OVR"


@dataclass(frozen=True)
class Shown:
    text: str
    state: DisplayState
    tooltip: str
    marker: str = ""
    """The override marker ("FORCED", "SIM" ...; "" for a field value)."""


def override_word(sample: TagSample | None) -> str:
    """The marker of a value held over the field's ("" for a field value): the engine's
    reason says what holds it (``forced by ...``, ``simulated ...``)."""
    if sample is None or sample.quality is not Quality.GOOD_LOCAL_OVERRIDE:
        return ""
    first = sample.reason.split(" ", 1)[0].lower().rstrip(":")
    return OVERRIDE_WORDS.get(first, OVERRIDE_FALLBACK)


def badge_letter(word: str) -> str:
    """The one-letter badge of a marker word, for widgets with no room for the word."""
    return word[:1]


def quality_text(quality: Quality) -> str:
    """The quality's name in the console's language (its OPC UA name in English)."""
    return QCoreApplication.translate("Quality", QUALITY_LABELS.get(quality, quality.label))


def quality_short(quality: Quality) -> str:
    """The readout of a value that cannot be shown (COMM, OOS ...), in the console's language
    (the codes are marked with the widgets' words, ``hmi/widgets/words.py``)."""
    return QCoreApplication.translate(WIDGET_WORDS, quality.short)


def age_text(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def show(tag: TagDef, sample: TagSample, now: float, *, unit: bool = False) -> Shown:
    """The readout of a sample; ``unit`` appends the engineering unit to a plain value."""
    if sample.quality is Quality.GOOD:  # the common case, kept cheap
        text = tag.format_value(sample.value)
        shown = f"{text} {tag.unit}" if unit and tag.unit else text
        return Shown(shown, NORMAL, description_of(tag))
    severity = sample.quality.severity
    label = quality_text(sample.quality)
    reason = f": {sample.reason}" if sample.reason else ""
    word = override_word(sample)
    if word:
        text = tag.format_value(sample.value)
        if unit and tag.unit:
            text = f"{text} {tag.unit}"
        return Shown(text, NORMAL, f"{word} ({label}){reason}", word)
    if severity is Severity.BAD:
        return Shown(quality_short(sample.quality), DisplayState.BAD, f"{label}{reason}")
    text = tag.format_value(sample.value)
    if unit and tag.unit:
        text = f"{text} {tag.unit}"
    if severity is Severity.UNCERTAIN:
        age = age_text(max(0.0, now - sample.source_time))
        if sample.quality.is_stale:
            return Shown(f"{text} ({age})", DisplayState.STALE, f"{label}{reason}")
        old = QCoreApplication.translate("Quality", "(value {age} old)").format(age=age)
        return Shown(f"{text} ?", DisplayState.UNCERTAIN, f"{label}{reason} {old}")
    return Shown(text, DisplayState.NORMAL, description_of(tag))
