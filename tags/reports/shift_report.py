"""The shift report: production against plan, events and downtime, energy, alarms (and those
suppressed by design), writes, notes, instruments and warnings per unit, trends.

``build_report`` gathers everything of one period from the history (any HistoryStore), the
alarm journal and the audit trail (files, read-only: tags/reports/sources.py) and the
operators' notes into one ``ShiftReport`` of plain dataclasses; tags/reports/pdf.py prints it
and the console can show the same object. Nothing here needs a display or the event loop.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tags.alarms.journal import JournalStore
from tags.alarms.kpi import Activation, KpiReport, compute_kpis
from tags.alarms.state import JournalEvent
from tags.analytics.energy import EnergyAnalysis
from tags.analytics.energy_areas import AreaEnergy
from tags.analytics.energy_catalogue import CATALOGUE, REPORT_ORDER, figure_name, fill
from tags.analytics.energy_figures import EnergyFigures, TargetCheck
from tags.analytics.instrument_health import InstrumentIssue
from tags.analytics.issue_groups import IssueGroup, WarningGroup, group_issues, group_warnings
from tags.analytics.prediction import PredictiveWarning
from tags.analytics.shift_calendar import ShiftCalendar
from tags.config.project import Area, Project
from tags.history.store import HistoryStore
from tags.i18n.catalogue import text
from tags.i18n.descriptions import in_language, project_name
from tags.i18n.formats import at
from tags.i18n.language import Language, current_language
from tags.model import AlarmKind
from tags.reports.archive import Note
from tags.reports.downtime import DowntimeEvent, find_events, lost_by_area, watched_units
from tags.reports.plan import PlanLine, against_plan
from tags.reports.sources import (
    AlarmLine,
    SuppressedLine,
    alarm_counts,
    health_from_history,
    in_current_language,
    predictions_at,
    read_anchor,
    read_journal,
    read_writes,
    running_at,
    suppressed_by_design,
)
from tags.security.audit import AuditRecord
from tags.security.audit_anchor import Anchor
from tags.security.audit_store import AuditReader

CHART_POINTS = 240
LIMIT_KINDS = (AlarmKind.HIHI, AlarmKind.HI, AlarmKind.LO, AlarmKind.LOLO)


@dataclass(frozen=True, slots=True)
class Figure:
    """One line of a production table."""

    label: str
    value: float | None
    unit: str
    fmt: str = ".1f"
    figure: str = ""
    """The catalogue id of the figure (its target, if the area declares one)."""

    @property
    def text(self) -> str:
        if self.value is None:
            return text("report.not_recorded")
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.value:,{self.fmt}}{unit}"


@dataclass(frozen=True)
class AreaProduction:
    area: str
    title: str
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class Chart:
    """A line chart: each series is (name, times, values), NaN where the line breaks."""

    title: str
    unit: str
    series: tuple[tuple[str, tuple[float, ...], tuple[float, ...]], ...]
    limits: tuple[tuple[str, float], ...] = ()
    marks: tuple[tuple[str, float], ...] = ()
    """Moments marked on the time axis (label, time): a stop, a restart."""
    window: tuple[float, float] | None = None
    """The time axis (None: the report's period)."""


@dataclass(frozen=True)
class ShiftReport:
    title: str
    project: str
    label: str
    start: float
    end: float
    generated: float
    source: str
    timezone: str
    production: tuple[AreaProduction, ...]
    plan: tuple[PlanLine, ...]
    events: tuple[DowntimeEvent, ...]
    energy: EnergyFigures
    targets: tuple[TargetCheck, ...]
    slices: tuple[EnergyFigures, ...]
    """Energy per hour (per sixth of the period when it is shorter than three hours)."""
    kpis: KpiReport
    standing: tuple[AlarmLine, ...]
    shelved: tuple[AlarmLine, ...]
    alarm_actions: dict[str, int]
    suppressed: tuple[SuppressedLine, ...]
    writes: tuple[AuditRecord, ...]
    notes: tuple[Note, ...]
    instruments: tuple[IssueGroup, ...]
    """Per unit and check: one line for a series of cells."""
    predictions: tuple[WarningGroup, ...]
    charts: tuple[Chart, ...] = field(default=())
    event_charts: tuple[Chart, ...] = field(default=())
    """Trends around each event."""
    audit_anchor: Anchor | None = None
    """The audit trail's end when the report was made (kept with the report: verify uses it)."""

    def anchor_facts(self) -> dict[str, Any] | None:
        """The anchor as the report's facts file keeps it."""
        return None if self.audit_anchor is None else self.audit_anchor.to_json()

    def summary(self) -> str:
        """One line for listings."""
        parts = [f"{f.label} {f.text}" for p in self.production for f in p.figures[:1]]
        return "; ".join([*parts, text("report.alarm_count", count=self.kpis.annunciated)])

    def lines(self) -> list[str]:
        """What the command line prints about the report."""
        out = []
        for area in self.production:
            shown = ", ".join(f"{f.label} {f.text}" for f in area.figures[:5])
            out.append(f"{area.area}: {shown}")
        for event in self.events:
            out.append(text("report.event_line", text=event.text))
        k = self.kpis
        out.append(text(
            "report.lines_alarms", annunciated=k.annunciated,
            average=f"{k.average_per_window:.1f}", minutes=f"{k.window_seconds / 60:g}",
            peak=k.peak_per_window, standing=len(self.standing), shelved=len(self.shelved),
            suppressed=sum(x.alarms for x in self.suppressed),
        ))  # fmt: skip
        out.append(text(
            "report.lines_rest", writes=len(self.writes), notes=len(self.notes),
            issues=len(self.instruments), warnings=len(self.predictions),
        ))  # fmt: skip
        return out


def _heading(decl: AreaEnergy, areas: Mapping[str, Area]) -> str:
    """An energy area's heading: its title (in Chinese the area's description when it gives
    one in Chinese, energy areas having no Chinese title)."""
    area = areas.get(decl.area)
    if area is not None and area.description_zh and current_language() is Language.ZH_CN:
        return area.description_zh
    return decl.heading


def production(
    f: EnergyFigures, declared: Sequence[AreaEnergy], project_areas: Mapping[str, Area]
) -> tuple[AreaProduction, ...]:
    """Per recorded area, its report lines (tags/analytics/energy_catalogue.py)."""
    areas: list[AreaProduction] = []
    for decl in declared:
        area = f.area(decl.area)
        if area is None or area.figures is None:
            continue
        specs = CATALOGUE[decl.kind]
        lines = []
        for key in REPORT_ORDER[decl.kind]:
            spec = specs[key]
            unit = fill(spec.unit, decl).replace("{currency}", f.currency)
            lines.append(Figure(fill(figure_name(spec.report), decl), area.value(spec), unit,
                                spec.report_format, key))  # fmt: skip
        areas.append(AreaProduction(decl.area, _heading(decl, project_areas), tuple(lines)))
    return tuple(areas)


def _chart(
    store: HistoryStore,
    project: Project,
    title: str,
    names: Sequence[str],
    start: float,
    end: float,
    marks: tuple[tuple[str, float], ...] = (),
) -> Chart | None:
    recorded = set(store.tag_names())
    series = []
    limits: list[tuple[str, float]] = []
    unit = ""
    for name in names:
        if name not in recorded or name not in project.tags:
            continue
        tag = project.tags[name]
        unit = unit or tag.unit
        xs, ys = store.trend(name, start, end, CHART_POINTS).points()
        series.append((name, tuple(xs), tuple(ys)))
        for alarm in tag.alarms:
            if alarm.kind in LIMIT_KINDS and alarm.limit is not None:
                limits.append((f"{alarm.kind.value.upper()} {alarm.limit:g}", alarm.limit))
    if not series or not any(any(math.isfinite(y) for y in s[2]) for s in series):
        return None
    return Chart(title, unit, tuple(series), tuple(limits), marks, (start, end))


def _event_charts(
    store: HistoryStore, project: Project, events: Sequence[DowntimeEvent], start: float,
    end: float, calendar: ShiftCalendar,
) -> list[Chart]:  # fmt: skip
    """Per event, each of its unit's trend tags (by unit of measure) from a while before the
    stop to a while after the recovery, with the stop and restart marked."""
    charts: list[Chart] = []
    for event in events:
        margin = max(120.0, 0.25 * (event.end - event.stopped))
        a, b = max(start, event.stopped - margin), min(end, event.end + margin)
        marks = [(text("report.mark.stop"), event.stopped)]
        if event.restarted is not None:
            marks.append((text("report.mark.restart"), event.restarted))
        if event.recovered is not None:
            marks.append((text("report.mark.full_rate"), event.recovered))
        by_unit: dict[str, list[str]] = {}
        for name in event.trends:
            by_unit.setdefault(project.tags[name].unit, []).append(name)
        when = calendar.local_text(event.stopped, "%H:%M")
        for names in by_unit.values():
            title = text("report.event_chart", unit=event.title, time=when, tags=", ".join(names))
            chart = _chart(store, project, title, names, a, b, tuple(marks))
            if chart is not None:
                charts.append(chart)
    return charts


def report_trends(project: Project) -> list[tuple[str, tuple[str, ...]]]:
    """(title, tags) of the report's trends: each area's ``[[areas.X.report.trend]]`` in area
    order (tags/reports/area_report.py)."""
    return [(in_language(t.title, t.title_zh), t.tags)
            for area in project.areas.values() for t in area.report.trends]  # fmt: skip


def _slices(
    analysis: EnergyAnalysis, store: HistoryStore, start: float, end: float
) -> tuple[EnergyFigures, ...]:
    if end - start >= 3 * 3600.0:
        return tuple(analysis.series(store, "hour", start, end))
    width = (end - start) / 6
    calendar = analysis.calendar
    return tuple(
        analysis.period(store, a, a + width, calendar.local_text(a, "%H:%M"))
        for a in (start + i * width for i in range(6))
    )


def build_report(
    project: Project,
    store: HistoryStore,
    start: float,
    end: float,
    *,
    label: str = "",
    generated: float,
    journal: Path | JournalStore | None = None,
    audit: Path | AuditReader | None = None,
    notes: Sequence[Note] = (),
    source: str = "",
    instruments: Sequence[tuple[InstrumentIssue, float | None]] | None = None,
    predictions: Sequence[PredictiveWarning] | None = None,
) -> ShiftReport:
    """The report of ``[start, end)``. Instrument issues and predictive warnings are worked
    out from the history unless the live ones are given."""
    analysis = EnergyAnalysis.from_project(project)
    calendar: ShiftCalendar = analysis.calendar
    label = label or text("report.period_label", start=at(start, calendar.tz),
                          end=calendar.local_text(end, "%H:%M"))  # fmt: skip
    energy = analysis.period(store, start, end, label)
    extract = read_journal(journal, start - project.alarm_settings.kpi.window_minutes * 60, end)
    extract = in_current_language(extract, project.tags)
    activations = [
        Activation(e.time, e.alarm, e.priority, e.area)
        for e in extract.entries
        if e.event is JournalEvent.ACTIVE
    ]
    standing = [(a.alarm, a.since) for a in extract.standing]
    kpis = compute_kpis(activations, start, end, project.alarm_settings.kpi, standing)
    settings = project.analytics
    if instruments is None:
        instruments = health_from_history(store, project.tags, start, end, settings.health)
    if predictions is None:
        predictions = predictions_at(
            store, project.tags, end, settings.prediction, settings.health.units
        )
    else:  # live warnings: none for equipment that is off at the end (as from history)
        running = running_at(store, project.tags, end, settings.health.units)
        predictions = [w for w in predictions if w.tag in running]
    charts = [_chart(store, project, title, names, start, end)
              for title, names in report_trends(project)]  # fmt: skip
    events = find_events(store, watched_units(project), start, end, extract.entries)
    declared = settings.energy.areas
    plan = against_plan(energy, declared, calendar, start, end, lost_by_area(events))
    return ShiftReport(
        title=text("report.title", label=calendar.shown_label(label)),
        project=project_name(project),
        label=label,
        start=start,
        end=end,
        generated=generated,
        source=source,
        timezone=settings.timezone,
        production=production(energy, declared, project.areas),
        plan=plan,
        events=tuple(events),
        energy=energy,
        targets=tuple(analysis.compare(energy)),
        slices=_slices(analysis, store, start, end),
        kpis=kpis,
        standing=extract.standing,
        shelved=extract.shelved,
        alarm_actions=alarm_counts(e for e in extract.entries if e.time >= start),
        suppressed=tuple(suppressed_by_design(extract.entries, start)),
        writes=read_writes(audit, start, end),
        notes=tuple(notes),
        instruments=tuple(group_issues(instruments)),
        predictions=tuple(group_warnings(predictions)),
        charts=tuple(c for c in charts if c is not None),
        event_charts=tuple(_event_charts(store, project, events, start, end, calendar)),
        audit_anchor=read_anchor(audit),
    )
