"""The debrief of a training session: how the trainee answered each upset, from the record.

``build_debrief`` takes the session and its records (tags/training/store.py) and the history
the console recorded meanwhile (any HistoryStore), and works out per upset:

* time to the first acknowledgement, by the trainee, of an alarm of the upset's area raised
  since the upset started;
* time to the first corrective write: the trainee's first accepted write (confirmed or sent
  unconfirmed) to a tag of that area;
* whether the area's process left its normal range (tags with a normal range, else their
  alarm limits: tags/training/ranges.py), for how long and which tags;
* the alarms raised in the area, and the screens the trainee opened;
* trends of the area's key tags (those longest outside, then alarmed, then written) from a
  bit before the upset to a bit after (within the session), with the upset and the
  trainee's actions marked.

An upset's period runs from its start to the next upset start in the same area, or the end
of the session. Times are POSIX seconds; responses are seconds after the upset started. The
overall figures sum up the session. tags/training/debrief_pdf.py prints it, tags/training/compare.py
sets two sessions side by side.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

from tags.config.project import Project
from tags.history.store import HistoryStore
from tags.i18n.catalogue import text
from tags.i18n.descriptions import description_of
from tags.i18n.words import word
from tags.model import AlarmKind, DataType
from tags.replay.timeline import EventKind
from tags.reports.downtime import DowntimeEvent, find_events, watched_units
from tags.training.plan import upset_title
from tags.training.ranges import Band, Excursion, band_of, excursions, merged, union_seconds
from tags.training.store import SessionInfo, SessionRecord

CHART_POINTS = 240
MAX_CHARTS = 3
LIMIT_KINDS = (AlarmKind.HIHI, AlarmKind.HI, AlarmKind.LO, AlarmKind.LOLO)
ACCEPTED = ("confirmed", "unconfirmed")


def margin(start: float, end: float) -> float:
    """How much before and after a period its trends show: a tenth of it, at least 10 s."""
    return max(10.0, 0.1 * (end - start))


@dataclass(frozen=True)
class Response:
    """The trainee's first action of one kind after an upset started."""

    seconds: float
    time: float
    what: str
    """The alarm acknowledged, or the write (tag, old -> new)."""


@dataclass(frozen=True)
class AlarmLine:
    time: float
    offset: float
    """Seconds after the upset started."""
    alarm: str
    tag: str
    priority: int
    text: str


@dataclass(frozen=True)
class Marker:
    """A moment marked on a trend: upset start or stop, acknowledgement, write."""

    time: float
    label: str


@dataclass(frozen=True)
class TrendChart:
    """One tag around an upset: (times, values) with NaN where the value was Bad."""

    tag: str
    title: str
    unit: str
    start: float
    end: float
    times: tuple[float, ...]
    values: tuple[float, ...]
    band: Band | None
    limits: tuple[tuple[str, float], ...]
    markers: tuple[Marker, ...]


@dataclass(frozen=True)
class UpsetDebrief:
    """How one upset went."""

    scenario: str
    title: str
    area: str
    source: str
    """Who started it: ``plan`` or ``trainer``."""
    start: float
    stop: float | None
    until: float
    """End of the period judged (next upset in the area, or the session's end)."""
    offset: float
    """Session seconds at the start."""
    first_ack: Response | None
    first_write: Response | None
    alarms: tuple[AlarmLine, ...]
    excursions: tuple[Excursion, ...]
    outside_s: float
    """How long at least one of the area's tags was outside its band."""
    screens: tuple[tuple[float, str], ...]
    """(seconds after the start, screen key) of the trainee's screen visits."""
    charts: tuple[TrendChart, ...]
    stops: tuple[DowntimeEvent, ...] = ()
    """Units of the area that stopped in the period, with the production lost (the shift
    report's figures: Faraday for manganese)."""

    @property
    def left_normal(self) -> bool:
        return bool(self.excursions)

    @property
    def first_out(self) -> float | None:
        return min((e.first_out for e in self.excursions), default=None)

    @property
    def back_in(self) -> float | None:
        """When every tag was back inside (None: not all back by the end of the period)."""
        if not self.excursions or any(e.back is None for e in self.excursions):
            return None
        return max(e.back for e in self.excursions if e.back is not None)


@dataclass(frozen=True)
class Overall:
    """The session in figures."""

    duration_s: float
    upsets: int
    alarms_raised: int
    acknowledgements: int
    writes_accepted: int
    writes_refused: int
    shelve_actions: int
    screen_visits: int
    screens: tuple[str, ...]
    mean_ack_s: float | None
    worst_ack_s: float | None
    mean_write_s: float | None
    upsets_unacknowledged: int
    upsets_without_write: int
    outside_s: float


@dataclass(frozen=True)
class Debrief:
    session: SessionInfo
    end: float
    generated: float
    upsets: tuple[UpsetDebrief, ...]
    overall: Overall
    records: tuple[SessionRecord, ...]

    def lines(self) -> list[str]:
        """The debrief as the command line prints it."""
        s, o = self.session, self.overall
        out = [
            text("debrief.line_session", title=s.title, trainee=s.trainee, trainer=s.trainer,
                 seconds=f"{o.duration_s:.0f}", factor=f"{s.time_factor:g}",
                 state=s.start_state),
            text("debrief.line_plan", plan=s.plan_text),
        ]  # fmt: skip
        for u in self.upsets:
            by = word("source", u.source)
            out.append(f"{u.offset:7.1f} s  {u.scenario} ({u.area}, {by}): {u.title}")
            indent = " " * 11
            out.append(indent + text("debrief.line_ack", what=_response(u.first_ack)))
            out.append(indent + text("debrief.line_write", what=_response(u.first_write)))
            shown = ", ".join(e.tag for e in u.excursions[:4])
            outside = (
                text("debrief.line_outside", seconds=f"{u.outside_s:.1f}",
                     count=len(u.excursions),
                     tags=shown + (", ..." if len(u.excursions) > 4 else ""))
                if u.left_normal
                else text("debrief.no")
            )  # fmt: skip
            out.append(indent + text("debrief.line_left", what=outside))
            out.append(indent + text("debrief.line_alarms", count=len(u.alarms)))
            for stop in u.stops:
                out.append(f"           {stop.text}")
        out.append(text(
            "debrief.line_overall", alarms=o.alarms_raised, acks=o.acknowledgements,
            writes=o.writes_accepted, refused=o.writes_refused, visits=o.screen_visits,
            ack=_seconds(o.mean_ack_s), write=_seconds(o.mean_write_s),
            outside=f"{o.outside_s:.1f}",
        ))  # fmt: skip
        return out


def _seconds(value: float | None) -> str:
    return text("report.na") if value is None else f"{value:.1f} s"


def _response(response: Response | None) -> str:
    if response is None:
        return text("report.none")
    return text("debrief.response_line", seconds=f"{response.seconds:.1f}", what=response.what)


@dataclass(frozen=True)
class _Upset:
    scenario: str
    area: str
    title: str
    source: str
    start: float
    stop: float | None


def _upsets(records: Sequence[SessionRecord]) -> list[_Upset]:
    """Upset periods from the start and stop records (each start with its next stop)."""
    found: list[_Upset] = []
    open_: dict[str, int] = {}
    for r in records:
        if r.kind is not EventKind.UPSET:
            continue
        if r.action == "start":
            title = upset_title(r.text)
            open_[r.name] = len(found)
            found.append(_Upset(r.name, r.area, title, r.source, r.time, None))
        elif r.action == "stop" and r.name in open_:
            i = open_.pop(r.name)
            u = found[i]
            found[i] = _Upset(u.scenario, u.area, u.title, u.source, u.start, r.time)
    return found


def build_debrief(
    project: Project,
    store: HistoryStore,
    session: SessionInfo,
    records: Sequence[SessionRecord],
    *,
    generated: float | None = None,
) -> Debrief:
    """The debrief of one session (see the module's docstring)."""
    end = session.end
    if end is None:
        end = max([session.start, *(r.time for r in records)])
    upsets = _upsets(records)
    judged = []
    for i, u in enumerate(upsets):
        later = [v.start for v in upsets[i + 1 :] if v.area == u.area and v.start >= u.start]
        until = min([end, *later])
        judged.append(_judge(project, store, session, records, u, max(until, u.start), end))
    return Debrief(
        session, end, time.time() if generated is None else generated, tuple(judged),
        _overall(session, records, judged, end), tuple(records),
    )  # fmt: skip


def _judge(
    project: Project,
    store: HistoryStore,
    session: SessionInfo,
    records: Sequence[SessionRecord],
    upset: _Upset,
    until: float,
    end: float,
) -> UpsetDebrief:
    trainee = session.trainee
    inside = [r for r in records if upset.start <= r.time < until]
    mine = [r for r in inside if r.user == trainee]
    alarms = [
        r for r in inside if r.kind is EventKind.ALARM and r.area == upset.area
        and r.action == "active"
    ]  # fmt: skip
    raised: dict[str, float] = {}
    for r in inside:
        if r.kind is EventKind.ALARM and r.area == upset.area:
            raised.setdefault(r.name, r.time)
    ack = next(
        (r for r in mine if r.kind is EventKind.ACK and r.action == "ack"
         and r.area == upset.area and raised.get(r.name, math.inf) <= r.time),
        None,
    )  # fmt: skip
    write = next(
        (r for r in mine if r.kind is EventKind.WRITE and r.action in ACCEPTED
         and r.area == upset.area),
        None,
    )  # fmt: skip
    area_tags = [t for t in project.tags.values() if t.area == upset.area]
    found = excursions(store, area_tags, upset.start, until)
    lines = tuple(
        AlarmLine(r.time, r.time - upset.start, r.name, r.tag, r.priority, r.text) for r in alarms
    )
    screens = tuple((r.time - upset.start, r.name) for r in inside if r.kind is EventKind.SCREEN)
    writes = [r for r in mine if r.kind is EventKind.WRITE and r.area == upset.area]
    markers = [Marker(upset.start, "start")]
    if upset.stop is not None:
        markers.append(Marker(upset.stop, "stop"))
    if ack is not None:
        markers.append(Marker(ack.time, "ack"))
    markers += [Marker(r.time, "write") for r in writes if r.action in ACCEPTED]
    keys = _key_tags(project, store, found, alarms, writes)
    pad = margin(upset.start, until)
    first, last = max(upset.start - pad, session.start), min(until + pad, end)
    charts = tuple(_chart(project, store, name, first, last, markers) for name in keys)
    return UpsetDebrief(
        upset.scenario, upset.title, upset.area, upset.source, upset.start, upset.stop, until,
        upset.start - session.start,
        None if ack is None else Response(ack.time - upset.start, ack.time, ack.name),
        None if write is None else Response(
            write.time - upset.start, write.time, f"{write.tag} {write.old} -> {write.new}"),
        lines, tuple(found), union_seconds(found), screens, charts,
        tuple(e for e in find_events(store, watched_units(project), upset.start, until)
              if e.area == upset.area),
    )  # fmt: skip


def _key_tags(
    project: Project,
    store: HistoryStore,
    found: Sequence[Excursion],
    alarms: Sequence[SessionRecord],
    writes: Sequence[SessionRecord],
) -> list[str]:
    recorded = set(store.tag_names())
    names: list[str] = []
    for name in [e.tag for e in found] + [r.tag for r in alarms] + [r.tag for r in writes]:
        tag = project.tags.get(name)
        numeric = tag is not None and tag.data_type in (DataType.FLOAT, DataType.INT)
        if numeric and name in recorded and name not in names:
            names.append(name)
    return names[:MAX_CHARTS]


def _chart(
    project: Project,
    store: HistoryStore,
    name: str,
    start: float,
    end: float,
    markers: Sequence[Marker],
) -> TrendChart:
    tag = project.tags[name]
    xs, ys = store.trend(name, start, end, CHART_POINTS).points()
    limits = tuple(
        (f"{a.kind.value.upper()} {a.limit:g}", a.limit)
        for a in tag.alarms
        if a.kind in LIMIT_KINDS and a.limit is not None
    )
    return TrendChart(
        name, description_of(tag) or name, tag.unit, start, end, tuple(xs), tuple(ys),
        band_of(tag), limits, tuple(markers),
    )  # fmt: skip


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _overall(
    session: SessionInfo,
    records: Sequence[SessionRecord],
    upsets: Sequence[UpsetDebrief],
    end: float,
) -> Overall:
    mine = [r for r in records if r.user == session.trainee]
    acks = [u.first_ack.seconds for u in upsets if u.first_ack is not None]
    writes = [u.first_write.seconds for u in upsets if u.first_write is not None]
    visits = [r.name for r in mine if r.kind is EventKind.SCREEN]
    outside = merged(i for u in upsets for e in u.excursions for i in e.intervals)
    return Overall(
        duration_s=end - session.start,
        upsets=len(upsets),
        alarms_raised=sum(1 for r in records if r.kind is EventKind.ALARM and r.action == "active"),
        acknowledgements=sum(1 for r in mine if r.kind is EventKind.ACK and r.action == "ack"),
        writes_accepted=sum(1 for r in mine if r.kind is EventKind.WRITE and r.action in ACCEPTED),
        writes_refused=sum(1 for r in mine if r.kind is EventKind.WRITE and r.action == "refused"),
        shelve_actions=sum(1 for r in mine if r.kind is EventKind.SHELVE),
        screen_visits=len(visits),
        screens=tuple(dict.fromkeys(visits)),
        mean_ack_s=_mean(acks),
        worst_ack_s=max(acks, default=None),
        mean_write_s=_mean(writes),
        upsets_unacknowledged=sum(1 for u in upsets if u.first_ack is None),
        upsets_without_write=sum(1 for u in upsets if u.first_write is None),
        outside_s=sum(b - a for a, b in outside),
    )
