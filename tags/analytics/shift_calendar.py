"""Shifts, production days and weeks in the plant's local time ([plant_analytics.shifts]).

A production day begins at the first shift start (06:00 by default) and a week on Monday's
production day. Times are POSIX seconds; the time zone is the project's or this machine's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from tags.analytics.config import AnalyticsSettings, clock_minutes
from tags.i18n.descriptions import in_language


def zone(name: str) -> tzinfo | None:
    """The named time zone, or None for this machine's local time."""
    return ZoneInfo(name) if name else None


@dataclass(frozen=True, slots=True)
class Shift:
    name: str
    start: float
    end: float
    day: date
    """The production day the shift belongs to."""
    name_zh: str = ""

    @property
    def label(self) -> str:
        """Day and English name: the key of the shift's records and report file."""
        return f"{self.day.isoformat()} {self.name}"

    @property
    def shown_name(self) -> str:
        """The name in the current language (the Chinese one where the project gives it)."""
        return in_language(self.name, self.name_zh)


@dataclass(frozen=True, slots=True)
class Period:
    """A reporting period: a shift, an hour, a production day or a week."""

    label: str
    start: float
    end: float


class ShiftCalendar:
    """Where each shift, day and week begins and ends."""

    def __init__(
        self,
        starts: tuple[str, ...] = ("06:00", "14:00", "22:00"),
        names: tuple[str, ...] = ("Morning", "Afternoon", "Night"),
        tz: tzinfo | None = None,
        names_zh: tuple[str, ...] = (),
    ) -> None:
        self.minutes = [clock_minutes(s) for s in starts]
        if not self.minutes or self.minutes != sorted(set(self.minutes)):
            raise ValueError("shift starts must be distinct times of day in order")
        if len(names) != len(self.minutes):
            raise ValueError("give one name per shift start")
        self.names = list(names)
        self.names_zh = dict(zip(names, names_zh, strict=False))
        """Chinese name by English name (none given: empty)."""
        self.tz = tz

    @classmethod
    def from_settings(cls, settings: AnalyticsSettings) -> ShiftCalendar:
        shifts = settings.shifts
        return cls(shifts.starts, shifts.names, zone(settings.timezone), shifts.names_zh)

    def _local(self, day: date, minutes: int) -> float:
        moment = datetime.combine(day, time(minutes // 60, minutes % 60))
        if self.tz is None:
            return moment.astimezone().timestamp()
        return moment.replace(tzinfo=self.tz).timestamp()

    def _day_of(self, t: float) -> date:
        """The production day holding ``t``."""
        local = datetime.fromtimestamp(t, self.tz)
        day = local.date()
        if self._local(day, self.minutes[0]) > t:
            day -= timedelta(days=1)
        return day

    def shift_at(self, t: float) -> Shift:
        day = self._day_of(t)
        starts = [self._local(day, m) for m in self.minutes]
        starts.append(self._local(day + timedelta(days=1), self.minutes[0]))
        for i, name in enumerate(self.names):
            if starts[i] <= t < starts[i + 1]:
                return Shift(name, starts[i], starts[i + 1], day, self.names_zh.get(name, ""))
        last = self.names[-1]
        return Shift(
            last, starts[-2], starts[-1], day, self.names_zh.get(last, "")
        )  # pragma: no cover

    def shifts(self, start: float, end: float) -> list[Shift]:
        """Every shift overlapping ``[start, end)``, in order."""
        found: list[Shift] = []
        t = start
        while t < end:
            shift = self.shift_at(t)
            found.append(shift)
            t = shift.end
        return found

    def last_completed(self, now: float) -> Shift:
        """The shift that ended most recently."""
        return self.shift_at(self.shift_at(now).start - 1.0)

    def next_change(self, now: float) -> float:
        return self.shift_at(now).end

    def day(self, t: float) -> Period:
        day = self._day_of(t)
        start = self._local(day, self.minutes[0])
        end = self._local(day + timedelta(days=1), self.minutes[0])
        return Period(day.isoformat(), start, end)

    def week(self, t: float) -> Period:
        day = self._day_of(t)
        monday = day - timedelta(days=day.weekday())
        start = self._local(monday, self.minutes[0])
        end = self._local(monday + timedelta(days=7), self.minutes[0])
        year, week, _ = monday.isocalendar()
        return Period(f"{year}-W{week:02d}", start, end)

    def hour(self, t: float) -> Period:
        local = datetime.fromtimestamp(t, self.tz).replace(minute=0, second=0, microsecond=0)
        start = local.timestamp()
        return Period(local.strftime("%Y-%m-%d %H:00"), start, start + 3600.0)

    def periods(self, kind: str, start: float, end: float) -> list[Period]:
        """The hours, shifts, days or weeks overlapping ``[start, end)``."""
        if kind == "shift":
            return [Period(s.label, s.start, s.end) for s in self.shifts(start, end)]
        pick = {"hour": self.hour, "day": self.day, "week": self.week}.get(kind)
        if pick is None:
            raise ValueError(f"unknown period '{kind}' (hour, shift, day or week)")
        found: list[Period] = []
        t = start
        while t < end:
            period = pick(t)
            found.append(period)
            t = period.end
        return found

    def shown_label(self, label: str) -> str:
        """A period's label (``2025-06-15 Morning``, maybe with more after the name) with the
        shift's name in the current language: the English label stays the key."""
        day, _, rest = label.partition(" ")
        for name, chinese in self.names_zh.items():
            if chinese and (rest == name or rest.startswith(f"{name} ")):
                return f"{day} {in_language(name, chinese)}{rest[len(name) :]}"
        return label

    def local_text(self, t: float, fmt: str = "%Y-%m-%d %H:%M") -> str:
        return datetime.fromtimestamp(t, self.tz).strftime(fmt)
