"""Energy figures per shift, day and week from the history, for the energy display's charts.

Every period is made of whole shifts: each shift's totals come from one history query on the
historian's reader thread (``query``), so a long view never holds that thread for long, and
the totals of finished shifts are kept (their history no longer changes). Days and weeks are
the sums of their shifts (EnergyTotals add up). Nothing here touches Qt: the query closures
hold only the analysis and times.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from tags.analytics.energy import EnergyAnalysis
from tags.analytics.energy_figures import EnergyFigures, figures
from tags.analytics.energy_totals import EnergyTotals
from tags.analytics.shift_calendar import Period, Shift
from tags.history.store import HistoryStore

Query = Callable[[Callable[[HistoryStore], Any]], Awaitable[Any]]
"""``historian.query``: run a function of the store on the reader thread."""

KINDS = {"shift": 21, "day": 14, "week": 8}
"""How many periods each view shows: a week of shifts, two weeks of days, eight weeks."""
SETTLE = 10.0
"""A shift's totals are kept once it ended this long ago (its last samples are flushed)."""


@dataclass(frozen=True)
class PeriodFigures:
    label: str
    start: float
    end: float
    complete: bool
    """False for the period still running (figures so far)."""
    figures: EnergyFigures


class EnergyHistory:
    """Figures of the last shifts, days or weeks, from one history."""

    def __init__(self, analysis: EnergyAnalysis, query: Query) -> None:
        self.analysis = analysis
        self.query = query
        self.calendar = analysis.calendar
        self._kept: dict[tuple[float, float], EnergyTotals] = {}
        self._running: tuple[float, dict[tuple[float, float], EnergyTotals]] = (0.0, {})
        """The running shift's totals at one ``now`` (a view and today share them)."""
        self.queries = 0
        """History queries made (the kept shifts are not asked again)."""

    def periods(self, kind: str, now: float) -> list[Period]:
        """The last ``KINDS[kind]`` periods of a kind, the running one last."""
        count = KINDS[kind]
        calendar = self.calendar
        picks: dict[str, Callable[[float], Shift | Period]] = {
            "shift": calendar.shift_at, "day": calendar.day, "week": calendar.week,
        }  # fmt: skip
        found: list[Period] = []
        t = now
        while len(found) < count:
            period = picks[kind](t)
            found.append(Period(period.label, period.start, period.end))
            t = period.start - 1.0
        return found[::-1]

    async def rows(self, kind: str, now: float) -> list[PeriodFigures]:
        """Figures of each period of the view, oldest first (the running one up to ``now``)."""
        span = await self._span()
        return [await self._figures(p, span, now) for p in self.periods(kind, now)]

    async def one(self, period: Period, now: float) -> PeriodFigures:
        """Figures of one period made of whole shifts (up to ``now``)."""
        return await self._figures(period, await self._span(), now)

    async def _span(self) -> tuple[float, float] | None:
        names = self.analysis.tags.names()
        span: tuple[float, float] | None = await self.query(lambda store: store.span(names))
        return span

    async def _figures(
        self, period: Period, span: tuple[float, float] | None, now: float
    ) -> PeriodFigures:
        end = min(period.end, now)
        totals = EnergyTotals(period.start, period.start)
        for shift in self.calendar.shifts(period.start, end):
            part = await self._shift(shift.start, min(shift.end, end), span, now)
            if part is not None:
                totals.merge(part)
        f = figures(totals, self.analysis.tags, self.analysis.currency, period.label)
        return PeriodFigures(period.label, period.start, end, end >= period.end, f)

    async def _shift(
        self, start: float, end: float, span: tuple[float, float] | None, now: float
    ) -> EnergyTotals | None:
        if span is None or end <= span[0] or end <= start:
            return None  # nothing recorded then
        key = (start, end)
        if self._running[0] != now:
            self._running = (now, {})
        kept = self._kept.get(key) or self._running[1].get(key)
        if kept is not None:
            return kept
        analysis = self.analysis
        self.queries += 1
        totals: EnergyTotals = await self.query(lambda store: analysis.totals(store, start, end))
        (self._kept if end <= now - SETTLE else self._running[1])[key] = totals
        return totals
